"""icons in column headings' labels: a picture among the words of a comparison's bold label
(``- **AWS ![Shield](shield.png) Responsibilities**:``), at its end, beside an icon written
before the label, in a label long enough to take two lines, or in a heading that heads a
column split by hand, is an icon in the heading bar's line, as the body's are: the deck draws
it over its run's gap on the bar, LibreOffice's print, the slide PDF and the outline between
the same words; the label's words, which the comparison is weighed on, hold no alt text.

A real-looking lesson (``tests/fixtures/icons/shared-model.md``) is exported once.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from pptx import Presentation

from exporter.cli import main
from exporter.model import Columns, inline_icons, plain_text
from tests.conftest import made_once, need_tool, print_decks
from tests.test_inline_icons import EMU, POINTS, deck_icons, pdf_images, pdf_words, placed
from tests.test_inline_icons_places import beside

FIXTURES = Path(__file__).parent / "fixtures" / "icons"
NAME = "shared-model"
HEADED: dict[int, list[tuple[str, str | None, str | None]]] = {
    # slide (from 0): its headings' icons, left column first, and the words around each
    1: [("Shield", "AWS", "Responsibilities"), ("User", "Customer", "Responsibilities")],
    2: [
        ("AWS", None, "AWS"),  # written before the label: its heading's icon, as before
        ("Shield", "Responsibilities", None),
        ("Customer", None, "Customer"),
        ("Lock", "Responsibilities", None),
    ],
    3: [("Fast", "Standard", "for"), ("Slow", "Archive", "for")],
    4: [("Shield", None, "AWS"), ("Key", "the", "hardware"), ("Lock", "the", "data")],
}
ALTS = {"Shield", "User", "Fast", "Slow", "Key", "Lock"}
"""The alt texts of the icons among the labels' words, which no label reads as a word."""


@dataclass(frozen=True)
class Outputs:
    """Where the lesson, its outputs and LibreOffice's print of its deck are."""

    lesson: Path
    out: Path
    printed: Path

    def __call__(self, suffix: str) -> Path:
        return self.out / f"{NAME}{suffix}"


@pytest.fixture(scope="session")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    """The ``Outputs``, made once for the run (``made_once``)."""
    need_tool("soffice")
    return made_once(tmp_path_factory, "icon-columns", Outputs, export_and_print)


def export_and_print(work: Path) -> Outputs:
    """Export the lesson to a deck, a slide PDF and an outline into ``work``, and print the
    deck."""
    shutil.copytree(FIXTURES, work / "course")
    lesson = work / "course" / f"{NAME}.md"
    formats = ["--format", "pptx,pdf,handout", "--handout", "outline"]
    assert main(["build", str(lesson), "-o", str(work / "out"), "-q", "--offline", *formats]) == 0
    print_decks([work / "out" / f"{NAME}.pptx"], work / "printed", work)
    return Outputs(lesson, work / "out", work / "printed" / f"{NAME}.pdf")


def test_the_labels_hold_their_icons_and_are_weighed_on_their_words(outputs: Outputs) -> None:
    """Each page is two columns, as without its icons; each heading holds its icons among
    its words, the label as written around them, and the comparison's evidence reads the
    labels' words alone."""
    slides, warnings = placed(outputs.lesson)
    assert not warnings
    for number, expected in HEADED.items():
        [pair] = [block for block in slides[number].slide.body if isinstance(block, Columns)]
        shown = [
            icon.alt
            for column in (pair.left, pair.right)
            for icon in (*column.icons, *inline_icons(column.heading))
        ]
        assert shown == [alt for alt, _, _ in expected], number
        if pair.verdict is not None:
            detail = " ".join(item.detail for item in pair.verdict.evidence)
            assert not any(alt in detail for alt in ALTS), detail
    [pair] = [block for block in slides[1].slide.body if isinstance(block, Columns)]
    words = plain_text(pair.left.heading).replace("\ufffc", "|")
    assert words == "AWS | Responsibilities"  # bold, the colon after it left out
    assert all(run.style.bold for run in pair.left.heading)


def test_the_deck_draws_each_icon_on_its_heading_bar(outputs: Outputs) -> None:
    """The deck's pictures of the headings' icons lie on their bars, none of the bars'
    text reads an alt text, and LibreOffice prints each icon between its words."""
    need_tool("soffice")
    deck = Presentation(str(outputs(".pptx")))
    icons = deck_icons(outputs(".pptx"))
    words, images = pdf_words(outputs.printed), pdf_images(outputs.printed)
    for number, expected in HEADED.items():
        bars = [
            tuple(v / EMU * POINTS for v in (s.left, s.top, s.left + s.width, s.top + s.height))
            for s in deck.slides[number].shapes
            if s.name.startswith("Column heading")
        ]
        assert len(bars) == 2
        texts = " ".join(
            s.text_frame.text
            for s in deck.slides[number].shapes
            if s.name.startswith("Column heading")
        )
        assert not set(texts.split()) & ALTS, texts
        mine = [icon for icon in icons if icon.slide == number]
        assert sorted(i.alt for i in mine) == sorted(alt for alt, _, _ in expected)
        for icon in mine:
            assert any(
                bar[0] <= icon.box[0]
                and icon.box[2] <= bar[2]
                and bar[1] <= icon.box[1]
                and icon.box[3] <= bar[3]
                for bar in bars
            ), (number, icon)
        check_beside(images[number], words[number], expected, number)


def check_beside(
    boxes: list[tuple[float, float, float, float]],
    words: list,  # type: ignore[type-arg]
    expected: list[tuple[str, str | None, str | None]],
    number: int,
) -> None:
    """Check that the icons at ``boxes`` (a page's), in reading order, stand between the
    words ``expected`` says."""
    ordered = sorted(boxes, key=lambda b: (b[0] > 380, round(b[1] / 6), b[0]))  # by column
    assert len(ordered) == len(expected), number
    for box, (alt, before, after) in zip(ordered, expected, strict=True):
        assert beside(box, words) == (before, after), (number, alt, box)


def test_the_slide_pdf_and_outline_draw_each_icon_between_its_words(outputs: Outputs) -> None:
    """Our slide PDF draws the same icons between the same words; the outline draws every
    heading's icons, none read as its alt text."""
    words, images = pdf_words(outputs(".pdf")), pdf_images(outputs(".pdf"))
    for number, expected in HEADED.items():
        check_beside(images[number], words[number], expected, number)
    outline = outputs(".handout.pdf")
    assert sum(len(page) for page in pdf_images(outline)) == sum(map(len, HEADED.values()))
    shown = {w["text"] for page in pdf_words(outline) for w in page}
    assert not shown & ALTS, shown & ALTS
