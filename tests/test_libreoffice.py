"""End to end: every bundled and stress lesson exported, opened by LibreOffice, read back.

LibreOffice is the real client here: it must open each deck without complaint, lay out one page
per slide, and show every piece of text we wrote (checked with poppler's pdftotext).
"""

from __future__ import annotations

from pptx import Presentation

from tests.conftest import (
    LESSONS,
    STRESS,
    Converted,
    need_tool,
    page_count,
    page_text,
    slide_texts,
    squeeze,
)


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
