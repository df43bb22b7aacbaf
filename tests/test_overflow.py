"""No slide overflows: every character LibreOffice draws stays inside the box we placed it in.

The check is independent of our measurement: LibreOffice lays the deck out with its own text
engine, and pdfplumber reads back where each glyph landed. For every slide of the bundled and
stress lessons, each glyph must lie inside the slide and inside a box of that slide that holds
text, and each box's own text must be found inside it (not spilled into the next one).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest

from exporter.geometry import (
    Box,
    CodeFrame,
    HeadingFrame,
    ImageFrame,
    LaidOutDeck,
    PlacedSlide,
    TableFrame,
    TextFrame,
    caption_of,
)
from exporter.jobs import Job
from exporter.measure import face
from exporter.model import Layout, plain_text
from exporter.pipeline import lay_out
from exporter.resources import MissingFont
from exporter.theme import Theme, load_theme
from tests.conftest import Converted
from tests.glyphs import Page, pages_of

POINTS = 72.0
THEME = load_theme()
TOLERANCE = 1.0
"""How far, in points, a glyph's box may poke out of its text box (anti-aliasing, rounding)."""


def laid_out(lesson: Converted, theme: Theme = THEME) -> LaidOutDeck:
    """Return the layout the exporter computed for a converted lesson."""
    job = Job(lesson.source, str(lesson.source), lesson.deck.with_suffix(""), lesson.root)
    laid, _ = lay_out(job, theme)
    return laid


def text_boxes(laid: LaidOutDeck, placed: PlacedSlide) -> Iterator[tuple[Box, str]]:
    """Yield every box of a slide that holds text, with that text."""
    yield placed.title, plain_text(placed.slide.title)
    if placed.subtitle is not None:
        yield placed.subtitle, plain_text(placed.slide.subtitle)
    if placed.slide.layout is Layout.TITLE:
        return  # the title slide has no footer
    for frame in placed.frames:
        if isinstance(frame, TextFrame):
            yield frame.box, "".join(plain_text(block.runs) for block in frame.blocks)
        elif isinstance(frame, HeadingFrame):
            yield frame.box, plain_text(frame.runs)
        elif isinstance(frame, CodeFrame):
            yield frame.box, frame.code.text
        elif isinstance(frame, TableFrame):
            rows = (frame.table.header, *frame.table.rows)
            yield frame.box, "".join(plain_text(cell) for row in rows for cell in row)
        elif isinstance(frame, ImageFrame) and frame.picture is None:
            yield frame.box, "".join(caption_of(frame.image, laid.deck.words))
    assert laid.footer_box is not None and laid.number_box is not None
    yield laid.footer_box, laid.footer
    yield laid.number_box, str(placed.number)


SHIPPED = {
    "Carlito": "Carlito",
    "LiberationMono": "Liberation Mono",
    "LiberationSans": "Liberation Sans",
}


def glyph_box(
    char: dict[str, Any], height: float, theme: Theme = THEME
) -> tuple[float, float, float, float]:
    """Return a glyph's box (left, top, right, bottom) in points from the page's top left.

    pdfminer makes every glyph one em tall from the baseline up; for the fonts we ship, the
    box is the font's own ascent above the baseline and descent below it.
    """
    family, _, style = char["fontname"].split("+")[-1].partition("-")
    try:
        font = face(theme, SHIPPED[family], "Bold" in style, "Italic" in style)
    except (KeyError, MissingFont):  # not a font the theme has a file of
        return char["x0"], char["top"], char["x1"], char["bottom"]
    baseline = height - char["matrix"][5]
    size = char["size"]
    return char["x0"], baseline - font.ascent * size, char["x1"], baseline + font.descent * size


def inside(glyph: tuple[float, float, float, float], box: Box) -> bool:
    """Return whether a glyph's box lies inside ``box`` (in inches), within the tolerance."""
    left, top, right, bottom = glyph
    return (
        left >= box.x * POINTS - TOLERANCE
        and right <= (box.x + box.w) * POINTS + TOLERANCE
        and top >= box.y * POINTS - TOLERANCE
        and bottom <= (box.y + box.h) * POINTS + TOLERANCE
    )


def drawable(text: str, theme: Theme = THEME) -> str:
    """Return the characters of ``text`` the theme's fonts draw, without white space (nor
    format characters such as a zero-width space, which draw nothing)."""
    covered = set[int]().union(
        *(face(theme, getattr(theme.fonts, role).file).covered for role in ("body", "code"))
    )
    kept = "".join(c for c in text if ord(c) in covered and unicodedata.category(c) != "Cf")
    return "".join(c for c in unicodedata.normalize("NFKC", kept) if not c.isspace())


def is_subsequence(needle: str, haystack: str) -> bool:
    """Return whether ``needle``'s characters appear in ``haystack`` in order."""
    found = iter(haystack)
    return all(char in found for char in needle)


def test_every_glyph_stays_inside_its_box(converted: list[Converted]) -> None:
    problems: list[str] = []
    for lesson in converted:
        laid = laid_out(lesson)
        pages = pages_of(lesson.pdf)
        assert len(pages) == len(laid.slides), lesson.deck.name
        for page, placed in zip(pages, laid.slides, strict=True):
            problems.extend(check_slide(lesson, laid, placed, page))
    assert not problems, "\n".join(problems[:30])


def check_slide(
    lesson: Converted, laid: LaidOutDeck, placed: PlacedSlide, page: Page
) -> Iterator[str]:
    """Yield what is wrong with one slide as LibreOffice drew it."""
    where = f"{lesson.deck.name} slide {placed.number}"
    slide = Box(0, 0, laid.theme.slide.width, laid.theme.slide.height)
    boxes = list(text_boxes(laid, placed))
    theme = laid.theme
    chars = [(c["text"], glyph_box(c, page.height, theme)) for c in page.chars if c["text"].strip()]
    assert chars, f"{where}: no text drawn"
    for text, glyph in chars:
        if not inside(glyph, slide):
            yield f"{where}: {text!r} is drawn off the slide"
        elif not any(inside(glyph, box) for box, _ in boxes):
            yield (
                f"{where}: {text!r} at ({glyph[0]:.0f}, {glyph[1]:.0f}) pt "
                f"lies outside every text box"
            )
    for box, text in boxes:
        shown = "".join(t for t, glyph in chars if inside(glyph, box))
        expected = drawable(text, theme)
        if not is_subsequence(expected, drawable(shown, theme)):
            yield f"{where}: the box at y={box.y:.2f} in does not show {text[:50]!r}"


@pytest.mark.parametrize(
    ("text", "expected"), [("abc", "xaybzc"), ("", "x")], ids=["spread", "empty"]
)
def test_subsequence_finds_letters_in_order(text: str, expected: str) -> None:
    assert is_subsequence(text, expected)


def test_subsequence_refuses_letters_out_of_order() -> None:
    assert not is_subsequence("abc", "cba")


def test_pdf_text_is_compared_without_white_space() -> None:
    assert drawable("a b\tc\n") == "abc"
    assert re.fullmatch(r"[a-z]+", drawable("ﬁx")) is not None
