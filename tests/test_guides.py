"""fit: hands-on guides paginate as a teacher reads them: a screenshot at a size that reads,
and a step never apart from what belongs to it (its code, note, picture).

The guides are real-shaped (an EC2 launch, a Git branching lab, a Docker Compose lab, a Linux
permissions lab): numbered steps with code, expected output, notes in block quotes, tables,
and 1600x900 screenshots written under a step, indented or at the margin.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PIL import Image as PILImage
from PIL import ImageDraw

from exporter.fit.blocks import units
from exporter.fit.parts import repeated
from exporter.geometry import ImageFrame, LaidOutDeck, TableFrame, TextFrame, content_box
from exporter.jobs import Job
from exporter.model import (
    ENGLISH,
    Block,
    Bullet,
    Code,
    Image,
    Paragraph,
    Run,
    Style,
    Subheading,
    plain_text,
)
from exporter.pipeline import lay_out
from exporter.theme import load_theme
from tests.conftest import ROOT

GUIDES = ROOT / "tests" / "fixtures" / "guides"
NAMES = sorted(path.name for path in GUIDES.glob("*.md"))
SHOTS = ("launch", "sg", "instances", "graph", "compose", "properties")
THEMES = ("default", "dark", "classroom")
HALF = 0.5
"""The least a screenshot sharing a slide is drawn, as a share of its size alone in the body
(``fit.heights.READABLE``)."""


def screenshot(path: Path) -> None:
    """Write a 1600x900 picture shaped like a console's page: a bar, a menu, rows, a button."""
    picture = PILImage.new("RGB", (1600, 900), (245, 246, 248))
    draw = ImageDraw.Draw(picture)
    draw.rectangle((0, 0, 1600, 60), fill=(35, 47, 62))
    draw.rectangle((0, 60, 260, 900), fill=(230, 233, 237))
    for row in range(4):
        draw.rectangle((300, 170 + 80 * row, 1560, 230 + 80 * row), outline=(180, 180, 180))
    draw.rectangle((1300, 800, 1540, 860), fill=(236, 114, 17))
    picture.save(path)


def guide(tmp_path: Path, name: str, theme: str = "default") -> LaidOutDeck:
    """Return the guide ``name`` laid out on ``theme``, its screenshots beside it."""
    (tmp_path / "images").mkdir(exist_ok=True)
    for shot in SHOTS:
        screenshot(tmp_path / "images" / f"{shot}.png")
    lesson = tmp_path / name
    shutil.copy(GUIDES / name, lesson)
    laid, found = lay_out(Job(lesson, name, lesson.with_suffix(""), tmp_path), load_theme(theme))
    assert not [d for d in found if d.code == "overflow"], found
    return laid


def quoted(block: Block) -> bool:
    """Return whether ``block`` is a note in a block quote (``> **Note:** ...``), in italics."""
    runs = [run for run in block.runs if run.text.strip()] if isinstance(block, Paragraph) else []
    return bool(runs) and all(run.style.italic or run.style.code for run in runs)


def own(body: tuple[Block, ...]) -> list[Block]:
    """Return a part's body without the subheading or step it repeats from the part before."""
    return [block for block in body if not repeated(block, ENGLISH)]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", NAMES)
def test_a_screenshot_among_steps_is_drawn_at_least_half_its_size_alone(
    tmp_path: Path, name: str, theme: str
) -> None:
    """A screenshot written on its own line after a step, under a short table and three
    steps, was drawn 1.7 in high at the slide's foot (its least was 1.3 in), its labels
    unreadable. A picture sharing a slide is now drawn at least half (``HALF``) of its
    size alone in the body, each way: beside the steps, under them, or on the next slide."""
    laid = guide(tmp_path, name, theme)
    area = content_box(laid.theme.slide)
    frames = [f for p in laid.slides for f in p.frames if isinstance(f, ImageFrame)]
    assert frames
    for frame in frames:
        alone = min(area.h, area.w * 900 / 1600)
        assert frame.box.h >= HALF * alone - 0.01, (frame.image.alt, frame.box)


@pytest.mark.parametrize("theme", THEMES)
def test_a_screenshot_under_a_table_and_steps_goes_beside_the_steps(
    tmp_path: Path, theme: str
) -> None:
    """``Step 1`` of the EC2 guide: a two-row table, three steps and the console's page. The
    table keeps the whole width at the top; the steps and the screenshot stand side by side
    under it, the steps at the body's full size, on one slide."""
    laid = guide(tmp_path, "ec2-launch.md", theme)
    [placed] = [p for p in laid.slides if plain_text(p.slide.title).startswith("Step 1")]
    [table] = [f for f in placed.frames if isinstance(f, TableFrame)]
    [text] = [f for f in placed.frames if isinstance(f, TextFrame)]
    [picture] = [f for f in placed.frames if isinstance(f, ImageFrame)]
    assert text.box.y >= table.box.y + table.box.h and picture.box.y >= text.box.y - 0.5
    assert picture.box.x >= text.box.x + text.box.w  # beside the steps, not below them
    assert placed.body_size == laid.theme.sizes.body  # nothing shrunk to make room


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", NAMES)
def test_no_slide_opens_with_a_picture_or_note_apart_from_its_step(
    tmp_path: Path, name: str, theme: str
) -> None:
    """Split, a page left a step at a slide's foot and opened the next with its screenshot
    (``4. Look at the history as a graph``, the graph on ``(3/3)``), or its note under the
    step repeated as continued (``3. Make a private folder... (continued)``, then its
    warning). A step moves on whole with what belongs to it where it fits a slide: no part
    opens with a picture, a call-out or a step repeated over them."""
    laid = guide(tmp_path, name, theme)
    for placed in laid.slides[1:]:
        body = [b for b in placed.slide.body if not isinstance(b, Subheading)]
        first, title = own(placed.slide.body)[0], plain_text(placed.slide.title)
        if isinstance(body[0], Bullet) and repeated(body[0], ENGLISH):
            # Only a step taller than a slide, its file divided, goes on under it repeated.
            before = laid.slides[placed.number - 2].slide.body
            assert any(isinstance(b, Code) and b.whole for b in (*before, *body)), title
            continue
        assert not isinstance(first, Image), title
        assert not quoted(first), title


@pytest.mark.parametrize("name", NAMES)
def test_each_step_with_its_picture_and_notes_stands_on_one_slide(
    tmp_path: Path, name: str
) -> None:
    """Every picture and call-out of a guide is on the slide of the step it follows."""
    laid = guide(tmp_path, name)
    for placed in laid.slides[1:]:
        body = placed.slide.body
        for index, block in enumerate(body):
            shown = isinstance(block, Image) or quoted(block)
            if shown and not (isinstance(block, Paragraph) and block.level == 0):
                steps = [b for b in body[:index] if isinstance(b, Bullet) and b.number]
                assert steps, (plain_text(placed.slide.title), block)


def bullet(text: str, number: int | None = None, level: int = 0) -> Bullet:
    return Bullet((Run(text),), level, number)


def test_what_a_step_shows_at_the_margin_moves_with_it() -> None:
    """A screenshot, a note, code or a table written at the margin after a numbered step
    (which ends a Markdown list) goes with the step, as what is written under it does; after
    a bullet of a list of points, or after words that are not a call-out, it stands alone."""
    from exporter.fit.blocks import nesting

    shot = Image("shot.png", "The console", 3)
    note = Paragraph((Run("Note:", Style(bold=True)), Run(" keep the key safe.")))
    quote = Paragraph((Run("A quotation.", Style(italic=True)),))
    words = Paragraph((Run("Now the instance runs."),))
    code = Code("ls -l")
    blocks: list[Block] = [
        bullet("Open it", 1),
        shot,
        note,
        bullet("Run it", 2),
        code,
        quote,
        words,
        shot,
    ]
    assert [len(unit) for unit in units(blocks)] == [3, 3, 1, 1]
    assert nesting(blocks) == [0, 1, 1, 0, 1, 1, 0, 0]
    points: list[Block] = [bullet("Cheap"), shot, bullet("Fast"), note]
    assert [len(unit) for unit in units(points)] == [1, 1, 1, 1]
    nested: list[Block] = [
        bullet("Open it", 1),
        Image("shot.png", "The console", 3, level=1),
        bullet("Go", 2),
    ]
    assert [len(unit) for unit in units(nested)] == [2, 1]
