"""Where a PDF draws each character, read once for the whole test run.

The LibreOffice tests read the same PDFs again and again: a deck's print is checked for glyphs
outside their boxes (``test_overflow``, ``test_theme_overflow``, ``test_template``) and for
lines where our slide PDF has them (``test_agreement``, ``test_template``), often on other
pytest-xdist workers. Reading a PDF with pdfminer is pure Python and was most of what those
tests cost. Here each file is read once: its characters are kept beside it (a hidden pickle,
written atomically under a lock and trusted only while the PDF's size and time are unchanged),
and each character is built from pdfminer's object as pdfplumber builds it, with only the
fields the tests and pdfplumber's word grouping use (pdfplumber's other fields, its colours
and paths, cost as much again to build). ``test_glyphs`` holds the two to the same values.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
from filelock import FileLock
from pdfminer.layout import LTChar, LTContainer, LTItem

FIELDS = (
    *("text", "fontname", "size", "matrix", "x0", "x1", "y0", "y1", "top", "bottom"),
    *("doctop", "upright", "width", "height"),
)
"""The fields of pdfplumber's characters kept: what the tests read (the text, its font and
size, where it is and the text matrix holding its baseline) and what pdfplumber's word grouping
reads (``pdfplumber.utils.extract_words``)."""


@dataclass(frozen=True)
class Page:
    """A page's height (in points) and its characters, as pdfplumber's ``page.chars`` has them
    (limited to ``FIELDS``)."""

    height: float
    chars: list[dict[str, Any]]


def pages_of(pdf: Path) -> list[Page]:
    """Return every page of ``pdf`` with its characters, read from the file only the first
    time any test of the run asks."""
    kept = pdf.with_name(f".{pdf.name}.glyphs")
    stamp = (pdf.stat().st_size, pdf.stat().st_mtime_ns)
    with FileLock(pdf.with_name(f".{pdf.name}.glyphs.lock")):
        if kept.is_file():
            with kept.open("rb") as file:
                was, pages = pickle.load(file)
            if was == stamp:
                return list(pages)
        pages = read(pdf)
        partial = kept.with_name(f"{kept.name}.{os.getpid()}")
        with partial.open("wb") as file:
            pickle.dump((stamp, pages), file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, kept)
        return pages


def read(pdf: Path) -> list[Page]:
    """Return every page of ``pdf`` with its characters, built as pdfplumber's ``Page``
    builds them from pdfminer's layout (``process_object``): positions from the page's top,
    shifted by its media box."""
    pages = []
    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            left, top_edge = page.mediabox[:2]
            height, before = page.height, page.initial_doctop
            chars = []
            for char in characters(page.layout._objs):
                top = height - char.y1 + top_edge
                chars.append(
                    {
                        "text": char.get_text(),
                        "fontname": char.fontname,
                        "size": char.size,
                        "matrix": char.matrix,
                        "x0": char.x0 + left,
                        "x1": char.x1 + left,
                        "y0": char.y0,
                        "y1": char.y1,
                        "top": top,
                        "bottom": height - char.y0 + top_edge,
                        "doctop": before + top,
                        "upright": char.upright,
                        "width": char.width,
                        "height": char.height,
                    }
                )
            pages.append(Page(height, chars))
    return pages


def characters(objects: Sequence[LTItem]) -> Iterator[LTChar]:
    """Yield the characters among pdfminer's layout objects, in order, looking inside
    figures (as pdfplumber does with no layout analysis)."""
    for item in objects:
        if isinstance(item, LTContainer):
            yield from characters(item._objs)
        elif isinstance(item, LTChar):
            yield item
