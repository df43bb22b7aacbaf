"""End to end: every bundled and stress lesson exported, opened by LibreOffice, read back.

LibreOffice is the real client here: it must open each deck without complaint, lay out one page
per slide, and show every piece of text we wrote (checked with poppler's pdftotext).
"""

from __future__ import annotations

import functools
from collections import Counter

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from pptx import Presentation

from tests.conftest import (
    LESSONS,
    ROOT,
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
                assert shows(shown, text), f"{deck.name} slide {number}: {text!r} missing"


def shows(shown: str, text: str) -> bool:
    """Return whether the squeezed page text ``shown`` shows ``text``: in order where the theme's
    fonts cover it; where the client must fall back on fonts of its own (CJK, emoji), all its
    characters, since a client may lay out mixed-font runs in an order of its own."""
    wanted = squeeze(text)
    if wanted in shown:
        return True
    if set(wanted) <= covered():
        return False
    return not Counter(wanted) - Counter(shown)


@functools.cache
def covered() -> frozenset[str]:
    """Return the characters the default theme's font files have glyphs for."""
    found: set[str] = set()
    for path in (ROOT / "themes" / "default" / "fonts").glob("*.ttf"):
        with TTFont(path, lazy=True) as font:
            found.update(chr(code) for code in font.getBestCmap())
    return frozenset(found)
