"""icons and task boxes: a numbered task item whose text holds an icon (``1. [ ] Open the
![Console](gear.png) console``) is exported, its box measured as a box, not an icon; and a
numbered task's box is drawn in the accent, as a bullet task's box and the item's number
are, in the deck, LibreOffice's print of it, the slide PDF and the outline, its line as
high as a plain item's.

A real-looking lab (``tests/fixtures/icons/bucket-lab.md``) is exported once to a deck, a
slide PDF and an outline, and the deck printed by LibreOffice; each test reads them back.
"""

from __future__ import annotations

import itertools
import shutil
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation

from exporter.cli import main
from exporter.model import TASK_BOXES
from tests.conftest import made_once, need_tool, print_decks
from tests.test_inline_icons import deck_icons, pdf_images, pdf_words

FIXTURES = Path(__file__).parent / "fixtures" / "icons"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
BOXES = set(TASK_BOXES.values())
ICONS = ["Console", "Key", "Lock", "Upload", "Bin"]
"""The lab's icons, in the order written."""


@dataclass(frozen=True)
class Lab:
    """Where the lab's outputs and LibreOffice's print of its deck are."""

    deck: Path
    pdf: Path
    outline: Path
    printed: Path


@pytest.fixture(scope="session")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Lab:
    """The ``Lab``, made once for the run (``made_once``)."""
    need_tool("soffice")
    return made_once(tmp_path_factory, "icon-tasks", Lab, export_and_print)


def export_and_print(work: Path) -> Lab:
    """Export the lab to a deck, a slide PDF and an outline into ``work``, and print the
    deck."""
    shutil.copytree(FIXTURES, work / "course")
    out = work / "out"
    lesson = work / "course" / "bucket-lab.md"
    formats = ["--format", "pptx,pdf,handout", "--handout", "outline"]
    assert main(["build", str(lesson), "-o", str(out), "-q", "--offline", *formats]) == 0
    print_decks([out / "bucket-lab.pptx"], work / "printed", work)
    return Lab(
        out / "bucket-lab.pptx",
        out / "bucket-lab.pdf",
        out / "bucket-lab.handout.pdf",
        work / "printed" / "bucket-lab.pdf",
    )


def test_a_numbered_task_with_an_icon_is_exported_with_its_icon(lab: Lab) -> None:
    """The numbered tasks' icons (the box before them no icon) and the bullet tasks' are
    each drawn once, in the deck, the slide PDF and the outline."""
    assert [icon.alt for icon in deck_icons(lab.deck)] == ICONS
    assert sum(len(page) for page in pdf_images(lab.pdf)) == len(ICONS)
    assert sum(len(page) for page in pdf_images(lab.outline)) == len(ICONS)


def test_the_deck_draws_a_numbered_tasks_box_in_its_bullets_colour(lab: Lab) -> None:
    """Each numbered task's box run is in the colour of its paragraph's number, which is
    the colour of a bullet task's box: the theme's accent."""
    numbered, bulleted = [], []
    for slide in Presentation(str(lab.deck)).slides:
        for shape in slide.shapes:
            if not shape.has_text_frame:
                continue
            for paragraph in shape.text_frame.paragraphs:
                colour = paragraph._p.find(f"{A}pPr/{A}buClr/{A}schemeClr")
                boxes = [r for r in paragraph.runs if r.text in BOXES]
                if paragraph._p.find(f"{A}pPr/{A}buAutoNum") is not None and boxes:
                    fill = boxes[0]._r.find(f"{A}rPr/{A}solidFill/{A}schemeClr")
                    assert fill is not None and colour is not None
                    numbered.append((fill.get("val"), colour.get("val")))
                elif paragraph._p.find(f"{A}pPr/{A}buChar") is not None and colour is not None:
                    bulleted.append(colour.get("val"))
    assert len(numbered) == 6 and len(bulleted) == 3
    assert {pair for pair in numbered} == {("accent1", "accent1")}
    assert set(bulleted) == {"accent1"}


def box_colours(pdf: Path) -> tuple[set[tuple[float, ...]], set[tuple[float, ...]]]:
    """Return the colours ``pdf`` draws its task boxes in, and its items' numbers in."""
    boxes, numbers = set(), set()
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            chars = page.chars
            for char, after in itertools.pairwise(chars):
                colour = tuple(round(c, 3) for c in char["non_stroking_color"] or ())
                if char["text"] in BOXES:
                    boxes.add(colour)
                elif char["text"] in "123" and after["text"] == ".":  # an item's number
                    numbers.add(colour)
    return boxes, numbers


def test_the_pdfs_draw_every_task_box_in_the_numbers_colour(lab: Lab) -> None:
    """The slide PDF, LibreOffice's print and the outline draw every box, numbered or a
    bullet, in one colour, the items' numbers' (the accent)."""
    for pdf in (lab.pdf, lab.printed, lab.outline):
        boxes, numbers = box_colours(pdf)
        if pdf == lab.printed:  # LibreOffice draws a bullet's box from OpenSymbol
            assert len(boxes) == 1, pdf
        assert boxes == numbers and len(numbers) == 1, (pdf, boxes, numbers)


def line_tops(pdf: Path, page: int, firsts: list[str]) -> list[float]:
    """Return the tops of the lines on ``page`` whose first word after the box is one of
    ``firsts``, in order."""
    words = pdf_words(pdf)[page]
    return [next(w["top"] for w in words if w["text"] == first) for first in firsts]


def test_numbered_and_bulleted_tasks_are_spaced_as_in_the_deck(lab: Lab) -> None:
    """The slide PDF spaces a task's lines as LibreOffice's print of the deck does (a box
    from a fallback font made its line taller): the lines' distances agree within a point."""
    firsts = ["Choose", "Leave", "Before", "Upload", "Read", "Delete"]
    ours, theirs = line_tops(lab.pdf, 2, firsts), line_tops(lab.printed, 2, firsts)
    pairs = zip(itertools.pairwise(ours), itertools.pairwise(theirs), strict=True)
    for (a, b), (c, d) in pairs:
        assert abs((b - a) - (d - c)) < 1.0, (ours, theirs)
