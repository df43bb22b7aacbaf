"""icons and task boxes: a numbered task item whose text holds an icon (``1. [ ] Open the
![Console](gear.png) console``) is exported, its box measured as a box, not an icon.

A real-looking lab (``tests/fixtures/icons/bucket-lab.md``) is exported once to a deck, a
slide PDF and an outline, and the deck printed by LibreOffice; each test reads them back.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from exporter.cli import main
from tests.conftest import need_tool, print_decks
from tests.test_inline_icons import deck_icons, pdf_images

FIXTURES = Path(__file__).parent / "fixtures" / "icons"
ICONS = ["Console", "Key", "Lock", "Upload", "Bin"]
"""The lab's icons, in the order written."""


@dataclass(frozen=True)
class Lab:
    """Where the lab's outputs and LibreOffice's print of its deck are."""

    deck: Path
    pdf: Path
    outline: Path
    printed: Path


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Lab:
    """Export the lab to a deck, a slide PDF and an outline, and print the deck."""
    need_tool("soffice")
    work = tmp_path_factory.mktemp("icon-tasks")
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
