"""icons: pictures among the words of a slide's title, a subheading, a table's cell, an alert
and a quiz's options, drawn in their lines as the body's are.

Two real-looking lessons (``tests/fixtures/icons``: a console tour with icons in its titles,
its cells, left, centred and right-aligned, its alerts and a subheading; a quiz whose options
name buttons by their icons) are exported once to decks, slide PDFs and outlines, and the
decks printed by LibreOffice; each test reads them back with python-pptx and pdfplumber.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from pptx import Presentation

from exporter.cli import main
from exporter.geometry import ImageFrame, TableFrame, TextFrame, pictured_frames
from exporter.model import ICON, Bullet, Paragraph, Subheading, Table, View, inline_icons
from tests.conftest import made_once, need_tool, print_decks
from tests.test_inline_icons import (
    deck_icons,
    distance,
    pdf_images,
    pdf_words,
    placed,
)

FIXTURES = Path(__file__).parent / "fixtures" / "icons"
LESSONS = ("console-tour", "console-quiz")
ALONE = {"Standard", "Archive"}
"""The icons alone in their cells (the words around them are another cell's)."""
BESIDE = {
    # slide, alt: the words just before and just after the icon on its line
    ("console-tour", 1, "Bucket"): ("with", "Amazon"),
    ("console-tour", 2, "Upload"): (None, "Upload"),
    ("console-tour", 2, "Settings"): ("Choose", None),  # the next cell's words further on
    ("console-tour", 2, "Bin"): ("Delete", None),
    ("console-tour", 3, "Fast"): ("instant", None),
    ("console-tour", 3, "Slow"): ("hours", None),
    ("console-tour", 4, "Bin"): ("Choosing", "Delete"),
    ("console-tour", 4, "Settings"): ("Use", "to"),  # the tip's; the subheading's below
    ("console-tour", 4, "Settings "): ("Versioning", "settings"),
    ("console-tour", 5, "Settings"): ("On", "Default"),
    ("console-quiz", 1, "Upload"): ("The", "button"),
    ("console-quiz", 1, "Bin"): ("The", "button"),
}
"""Some icons' neighbours within half an em (slide counted from 0); every icon is checked
for standing in a gap between words that overlap it not."""


@dataclass(frozen=True)
class Course:
    """Where the lessons, their outputs and LibreOffice's prints are."""

    folder: Path
    out: Path
    printed: Path
    plain: Path
    """The same lessons without their pictures, exported to decks."""

    def lesson(self, name: str) -> Path:
        return self.folder / f"{name}.md"


@pytest.fixture(scope="session")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    """The ``Course``, made once for the run (``made_once``)."""
    need_tool("soffice")
    return made_once(tmp_path_factory, "icon-places", Course, export_and_print)


def export_and_print(work: Path) -> Course:
    """Export both lessons (and both without pictures) into ``work``, and print the decks."""
    folder = work / "course"
    shutil.copytree(FIXTURES, folder)
    plain = work / "plain"
    plain.mkdir()
    for name in LESSONS:
        text = (folder / f"{name}.md").read_text(encoding="utf-8")
        (plain / f"{name}.md").write_text(re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text), "utf-8")
    out = work / "out"
    lessons = [str(folder / f"{name}.md") for name in LESSONS]
    formats = ["--format", "pptx,pdf,handout", "--handout", "outline"]
    assert main(["build", *lessons, "-o", str(out), "-q", "--offline", *formats]) == 0
    assert main(["build", str(plain), "-o", str(work / "plain-out"), "-q"]) == 0
    print_decks([out / f"{name}.pptx" for name in LESSONS], work / "printed", work)
    return Course(folder, out, work / "printed", work / "plain-out")


def test_each_place_holds_its_icons_in_its_lines(course: Course) -> None:
    """The title's, the cells', the alerts', the subheading's and the options' pictures are
    icons in their lines (no alt text left as a word, nor a picture of their own), and the
    pages take as many slides as without them."""
    for name in LESSONS:
        slides, _ = placed(course.lesson(name))
        plain = Presentation(str(course.plain / f"{name}.pptx")).slides
        assert len(Presentation(str(course.out / f"{name}.pptx")).slides) == len(plain)
        assert not any(isinstance(f, ImageFrame) for s in slides for f in s.frames)
    tour, _ = placed(course.lesson("console-tour"))
    assert [i.alt for i in inline_icons(tour[1].slide.title)] == ["Bucket"]
    [table] = [f for f in tour[2].frames if isinstance(f, TableFrame)]
    assert [i.image.alt for i in table.inline] == ["Upload", "Settings", "Bin"]
    [table] = [f for f in tour[3].frames if isinstance(f, TableFrame)]
    assert [i.image.alt for i in table.inline] == ["Fast", "Standard", "Slow", "Archive"]
    [text] = [f for f in tour[4].frames if isinstance(f, TextFrame)]
    kinds = [type(b) for b in text.blocks if inline_icons(b.runs)]
    assert kinds == [Paragraph, Paragraph, Subheading]
    assert [i.image.alt for i in text.inline] == ["Bin", "Settings", "Settings"]
    quiz, _ = placed(course.lesson("console-quiz"))
    options = [b for b in quiz[1].slide.body if isinstance(b, Bullet)]
    assert [[i.alt for i in inline_icons(b.runs)] for b in options] == [
        ["Upload"],
        ["Bin"],
        ["Settings"],
    ]


def test_only_the_speaker_notes_read_alt_text_and_say_so(course: Course) -> None:
    """A quiz's speaker notes hold text only: there each icon reads as its alt text (never
    the object replacement character), and a warning names the question's first line with
    one; the tour, whose icons all stand in their lines, is warned of nothing."""
    _, warnings = placed(course.lesson("console-tour"))
    assert not warnings
    _, warnings = placed(course.lesson("console-quiz"))
    text = course.lesson("console-quiz").read_text(encoding="utf-8").split("\n")
    firsts = [n for n, line in enumerate(text, 1) if line.startswith("- A)")]
    assert [(w.code, w.line) for w in warnings] == [("icon-as-text", n) for n in firsts]
    deck = Presentation(str(course.out / "console-quiz.pptx"))
    notes = deck.slides[1].notes_slide.notes_text_frame.text
    assert ICON not in notes and "B) The Bin button" in notes


def test_libreoffice_prints_each_icon_between_its_words(course: Course) -> None:
    """LibreOffice's print: each of the deck's icons stands on its line between the words
    written around it, overlapping none, in a title, a cell (centred and right-aligned too),
    an alert, a subheading and an option."""
    need_tool("soffice")
    for name in LESSONS:
        printed = course.printed / f"{name}.pdf"
        check_icons(name, deck_icons(course.out / f"{name}.pptx"), printed)


def test_the_slide_pdf_draws_each_icon_where_the_deck_places_it(course: Course) -> None:
    """Our slide PDF draws each icon within a few points of the deck's picture, between the
    words written around it."""
    for name in LESSONS:
        icons = deck_icons(course.out / f"{name}.pptx")
        images = pdf_images(course.out / f"{name}.pdf")
        assert sum(len(page) for page in images) == len(icons)
        for icon in icons:
            box = min(images[icon.slide], key=lambda b: distance(b, icon.box))
            size = max(24.0, icon.box[3] - icon.box[1])  # a title's icon is larger
            assert distance(box, icon.box) < 0.15 * size, (name, icon, box)
        check_icons(name, icons, course.out / f"{name}.pdf")


def check_icons(name: str, icons: list, pdf: Path) -> None:  # type: ignore[type-arg]
    """Check each icon against the words of ``pdf``: a line high on a line of words, none
    overlapping it, and its neighbours within half an em those written around it; one alone
    in its right-aligned cell under the end of its column's heading."""
    words, images = pdf_words(pdf), pdf_images(pdf)
    found = set()
    for icon in icons:
        box = min(images[icon.slide], key=lambda b: distance(b, icon.box))
        if icon.alt in ALONE:  # right-aligned under its column's heading, as it is
            [heading] = [w for w in words[icon.slide] if w["text"] == "Icon"]
            assert abs(box[2] - heading["x1"]) < 5, (icon, box, heading)  # its margins
            continue
        before, after = beside(box, words[icon.slide])
        key = (name, icon.slide, icon.alt)
        if key in found:  # the second of its name on its slide
            key = (name, icon.slide, f"{icon.alt} ")
        want = BESIDE.get(key)
        if want is not None:
            assert (before, after) == want, (name, icon)
            found.add(key)
    assert found == {key for key in BESIDE if key[0] == name}


def beside(box: tuple[float, float, float, float], words: list) -> tuple[str | None, ...]:  # type: ignore[type-arg]
    """Return the words just left and just right of an icon at ``box`` on its line, each
    within half an em of it (``None``: none so near); none overlaps it."""
    left, top, right, bottom = box
    middle = (top + bottom) / 2
    line = [w for w in words if w["top"] <= middle <= w["bottom"]]
    assert line, box
    em = max(w["bottom"] - w["top"] for w in line)
    assert bottom - top <= 1.25 * em, box  # a line high
    for word in line:
        assert word["x1"] <= left + 0.5 or word["x0"] >= right - 0.5, (word["text"], box)
    near = [w for w in line if left - 0.5 * em <= w["x1"] <= left + 0.5]
    far = [w for w in line if right - 0.5 <= w["x0"] <= right + 0.5 * em]
    before = max(near, key=lambda w: w["x1"])["text"] if near else None
    after = min(far, key=lambda w: w["x0"])["text"] if far else None
    return before, after


def test_the_outline_draws_the_icons_in_their_lines(course: Course) -> None:
    """The outline handout draws every icon of the slides in its line (titles and tables
    too), a line high, overlapping no word."""
    for name in LESSONS:
        slides, _ = placed(course.lesson(name))  # a quiz's outline shows each question once
        count = sum(
            1 for s in slides if s.slide.view is not View.REVEAL for _ in pictured_frames(s)
        )
        words, images = (
            pdf_words(course.out / f"{name}.handout.pdf"),
            pdf_images(course.out / f"{name}.handout.pdf"),
        )
        assert sum(len(page) for page in images) == count
        for page_words, page_images in zip(words, images, strict=True):
            for box in page_images:
                if not any(w["top"] <= (box[1] + box[3]) / 2 <= w["bottom"] for w in page_words):
                    continue  # alone in its cell, on a line of no word
                line = [w for w in page_words if w["top"] <= (box[1] + box[3]) / 2 <= w["bottom"]]
                for word in line:
                    assert word["x1"] <= box[0] + 0.5 or word["x0"] >= box[2] - 0.5, word


def test_a_table_of_icons_keeps_its_cells_in_the_build() -> None:
    """The build keeps a cell's picture alone an icon (a tick), not ``[alt]``."""
    from exporter.builder.blocks import table_block
    from exporter.parse import parse_markdown

    tokens = parse_markdown("| A | B |\n| --- | --- |\n| ![Tick](t.png) | x |\n")
    [token] = tokens
    table = table_block(token, lambda _, use=None: 3)  # type: ignore[arg-type]
    assert isinstance(table, Table)
    [[cell, _]] = table.rows
    assert [(r.text, r.style.icon and r.style.icon.alt) for r in cell] == [(ICON, "Tick")]
