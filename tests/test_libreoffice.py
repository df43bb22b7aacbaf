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


def test_every_word_of_a_link_is_drawn_in_the_links_colour(converted: list[Converted]) -> None:
    """A link is written as a run a word (so that LibreOffice wraps inside it, as the fit
    does), and LibreOffice drew the last of those runs in the text's colour: "Amazon Virtual
    Private Cloud" in the accent, "(VPC)" in black. Every word of every link LibreOffice
    prints takes one colour, not the text's."""
    import pdfplumber

    seen = 0
    for lesson in converted:
        for number, slide in enumerate(Presentation(str(lesson.deck)).slides, start=1):
            links = link_texts(slide)
            if not links:
                continue
            with pdfplumber.open(lesson.pdf) as pdf:
                words = pdf.pages[number - 1].extract_words(extra_attrs=["non_stroking_color"])
            texts = [word["text"] for word in words]
            for link in links:
                wanted = link.split()
                for start in range(len(texts) - len(wanted) + 1):
                    if texts[start : start + len(wanted)] == wanted:
                        colours = {
                            str(word["non_stroking_color"])
                            for word in words[start : start + len(wanted)]
                        }
                        assert len(colours) == 1, f"{lesson.deck.name} {number}: {link!r}"
                        seen += len(wanted) > 1
    assert seen >= 2  # the bundled lessons' links of several words were found and checked


def link_texts(slide: object) -> list[str]:
    """Return the text of each link on ``slide`` (its runs of one address joined)."""
    found: list[str] = []
    for shape in slide.shapes:  # type: ignore[attr-defined]
        if not shape.has_text_frame:
            continue
        for paragraph in shape.text_frame.paragraphs:
            last = None
            for run in paragraph.runs:
                address = run.hyperlink.address
                if address and address == last:
                    found[-1] += run.text
                elif address:
                    found.append(run.text)
                last = address
    return [text.strip() for text in found if text.strip()]
