"""End to end: every bundled and stress lesson exported, opened by LibreOffice, read back.

LibreOffice is the real client here: it must open each deck without complaint, lay out one page
per slide, and show every piece of text we wrote (checked with poppler's pdftotext).
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

from pptx import Presentation

from tests.conftest import LESSONS, STRESS, Converted, need_tool


def squeeze(text: str) -> str:
    """Return ``text`` without white space, ligatures unfolded, for layout-proof comparison."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def slide_texts(slide: object) -> list[str]:
    """Return every paragraph of text on a slide: text boxes, placeholders and table cells."""
    texts = []
    for shape in slide.shapes:  # type: ignore[attr-defined]
        frames = [shape.text_frame] if shape.has_text_frame else []
        if shape.has_table:
            frames = [cell.text_frame for row in shape.table.rows for cell in row.cells]
        texts.extend(p.text for frame in frames for p in frame.paragraphs if p.text.strip())
    return texts


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match is not None
    return int(match.group(1))


def page_text(pdf: Path, page: int) -> str:
    command = ["pdftotext", "-raw", "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def test_every_bundled_and_stress_lesson_was_converted(converted: list[Converted]) -> None:
    assert len(converted) == len([*LESSONS.rglob("*.md"), *STRESS.rglob("*.md")]) >= 12
    for lesson in converted:
        assert lesson.pdf.is_file(), f"LibreOffice did not convert {lesson.deck.name}"


def test_one_page_per_slide(converted: list[Converted]) -> None:
    need_tool("pdfinfo")
    for lesson in converted:
        assert page_count(lesson.pdf) == len(Presentation(str(lesson.deck)).slides), lesson.deck


def test_every_slide_shows_all_its_text(converted: list[Converted]) -> None:
    need_tool("pdftotext")
    for lesson in converted:
        deck, pdf = lesson.deck, lesson.pdf
        for number, slide in enumerate(Presentation(str(deck)).slides, start=1):
            shown = squeeze(page_text(pdf, number))
            for text in slide_texts(slide):
                assert squeeze(text) in shown, f"{deck.name} slide {number}: {text!r} missing"
