"""Inline code in a table's cell breaks where the deck breaks it, in the slide PDF too: at its
spaces, never inside an address (``HtmlWriter.runs``).

Reviewed: ``ip route add 10.20.0.0/16 ...`` alone in a cell broke as ``10.20.0`` / ``.0/16`` in
the slide PDF, where LibreOffice drew the deck's cell breaking at the space before it."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pdfplumber
import pytest

from exporter.cli import main
from tests.conftest import need_tool, print_decks

LESSON = Path(__file__).parent / "fixtures" / "wrap-inline" / "code-in-cells.md"
CODE = re.findall(r"`([^`]+)`", LESSON.read_text(encoding="utf-8"))
"""The lesson's inline code, each as written: most of it in tables' cells."""


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("cells")
    flags = ["--format", "pptx,pdf", "--offline", "-q"]
    assert main(["build", str(LESSON), "-o", str(out), *flags]) == 0
    return out


def page_words(pdf: Path) -> list[Counter[str]]:
    """Return the words of each slide but the title slide, footers left out, as pdfplumber
    reads them (a word broken over two lines is two words), without the sentence's stop or
    comma after them."""
    with pdfplumber.open(pdf) as document:
        pages = []
        for page in document.pages[1:]:
            foot = page.height * 0.9
            words = page.extract_words()
            pages.append(Counter(w["text"].rstrip(".,") for w in words if w["bottom"] < foot))
        return pages


def broken_inside(words: set[str]) -> list[str]:
    """Return each word of the lesson's code that is not whole among ``words``, but where a
    renderer may fill a line: after a hyphen inside it (``custom-`` / ``columns=...``), as
    PowerPoint and LibreOffice do."""
    broken = []
    for code in CODE:
        for word in code.split():
            if word in words:
                continue
            filled = any(
                word[at - 1] == "-"
                and word[at - 2].isalnum()
                and word[:at] in words
                and word[at:] in words
                for at in range(2, len(word))
            )
            if not filled:
                broken.append(word)
    return broken


def test_the_slide_pdf_breaks_code_in_a_cell_at_its_spaces_as_libreoffice_does(
    exported: Path, tmp_path: Path
) -> None:
    ours = page_words(exported / f"{LESSON.stem}.pdf")
    assert len(ours) == 3
    assert broken_inside(set().union(*ours)) == []
    need_tool("soffice")
    print_decks([exported / f"{LESSON.stem}.pptx"], tmp_path / "pdf", tmp_path)
    theirs = page_words(tmp_path / "pdf" / f"{LESSON.stem}.pdf")
    assert theirs == ours  # the same pieces of words: every line broken at the same place
