"""The characters ``tests.glyphs`` reads are pdfplumber's, field for field, and its copy of
them is trusted only for the file it was read from."""

from __future__ import annotations

import shutil
from pathlib import Path

import pdfplumber

from tests.conftest import Converted
from tests.glyphs import FIELDS, pages_of, read


def test_the_characters_are_pdfplumbers_in_our_pdfs_and_libreoffices(
    converted: list[Converted],
) -> None:
    lesson = converted[0]
    for pdf in (lesson.slides, lesson.pdf):  # WeasyPrint's and LibreOffice's
        pages = read(pdf)
        with pdfplumber.open(pdf) as document:
            assert len(pages) == len(document.pages) > 1, pdf.name
            for ours, theirs in zip(pages, document.pages, strict=True):
                assert ours.height == theirs.height
                assert len(ours.chars) == len(theirs.chars) > 0
                for mine, plumbers in zip(ours.chars, theirs.chars, strict=True):
                    assert mine == {field: plumbers[field] for field in FIELDS}, pdf.name


def test_a_pdf_is_read_again_once_it_changes(converted: list[Converted], tmp_path: Path) -> None:
    first, other = converted[0].slides, converted[1].slides
    pdf = tmp_path / "deck.pdf"
    shutil.copyfile(first, pdf)
    assert pages_of(pdf) == pages_of(pdf) == read(first)
    assert (tmp_path / ".deck.pdf.glyphs").is_file()
    shutil.copyfile(other, pdf)
    assert pages_of(pdf) == read(other) != read(first)
