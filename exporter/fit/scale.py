"""fit: the sizes text takes: a slide body's scales, and the size of a title, a column heading,
a missing image's caption and the footer, each the largest at which it fits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from exporter.errors import Diagnostic, warning
from exporter.geometry import (
    CAPTION_INSET,
    CAPTION_SPACING,
    LINE_HEIGHT,
    TEXT_INSET,
    Box,
    caption_of,
    caption_sizes,
    footer_boxes,
    title_above,
    title_box,
    title_limit,
    title_room,
)
from exporter.measure import POINTS_PER_INCH, Measurer, Wrap
from exporter.model import ENGLISH, Image, Run, Runs, Words, plain_text
from exporter.shorten import longest
from exporter.theme import Theme
from exporter.theme_checks import LARGE_TEXT, contrast, needed

BAND_TITLE_MIN = LARGE_TEXT
"""The least size a title drawn on a band of its own (a template's) takes to stay on it: still
large text, which its colour is chosen to read as (3:1, ``derive.colors_of``)."""
WORD_LEAST = 20.0
"""The least size a title is set at, below its theme's least, so that its longest word fits
its line (a template's narrow band: ``Understanding`` in Verdana), or a lesson's title its
title slide's box whole; smaller, it breaks, or is cut short."""
SIZE_STEP = 2.0
"""How much the body size shrinks at a time, in points."""
MIN_BODY = 1.5
"""The least height left for the body under a very long title, in inches."""
FOOTER_MIN = 9.0
"""The smallest footer size; a footer that does not fit at it is cut short."""
HEADING_MIN = 12.0
"""The smallest size of a column heading's label on one line."""
HEADING_LEAST = 9.0
"""The smallest size of a column heading's label on more lines."""
CAPTION_RANGE = (16.0, 6.0)
"""A missing image's caption: the largest and smallest size."""
EPSILON = 1e-9
"""How far, in inches, a partial height must pass a bound before measuring stops: far more
than rounding in a sum of heights, far less than any length on a slide."""


@dataclass(frozen=True)
class Scale:
    """The sizes of one slide's body text, code and table text, in points."""

    body: float
    code: float
    table: float


def scales_of(theme: Theme) -> tuple[Scale, ...]:
    """Return the scales a slide may take, largest first."""
    sizes = theme.sizes

    def scaled(base: float, minimum: float, body: float) -> float:
        return max(minimum, round(base * body / sizes.body))

    found = []
    body = sizes.body
    while True:
        found.append(
            Scale(
                body,
                scaled(sizes.code, sizes.code_min, body),
                scaled(sizes.table, sizes.table_min, body),
            )
        )
        if body <= sizes.body_min:
            break
        body = max(body - SIZE_STEP, sizes.body_min)
    last = found[-1]
    code, table = last.code, last.table
    while code > sizes.code_min or table > sizes.table_min:
        code, table = max(code - 1, sizes.code_min), max(table - 1, sizes.table_min)
        found.append(Scale(last.body, code, table))
    return tuple(found)


def title_banded(theme: Theme) -> bool:
    """Return whether a template's titles are drawn on a band or panel of their own: in a
    colour that does not read on the slide's background, so that they must stay in their
    box (``derive.behind_box`` chose the colour to read on what is behind the box)."""
    if theme.slide.frames is None:
        return False
    colors = theme.colors
    return contrast(colors.title, colors.background) < needed(theme.sizes.title_min)


def lines_height(lines: int, size: float, spacing: float = 1.0) -> float:
    """Return the height of ``lines`` lines of text at ``size``, in inches."""
    return lines * size * LINE_HEIGHT * spacing / POINTS_PER_INCH


@dataclass(frozen=True)
class TitleFit:
    """A content slide's title: its size and how tall its box must be."""

    size: float
    height: float
    lines: int


class Sizes:
    """Chooses the size of the text a slide's body does not hold: titles, column headings,
    captions and the footer (warning of a title that takes more than two lines)."""

    def __init__(
        self,
        theme: Theme,
        measure: Measurer,
        content: Box,
        diagnostics: list[Diagnostic],
        words: Words = ENGLISH,
    ) -> None:
        self.theme = theme
        self.words = words
        """The words of a missing image's caption."""
        self.measure = measure
        self.content = content
        """The slide's body area under a title of the theme's height."""
        self.diagnostics = diagnostics
        self.above = title_above(theme.slide)
        """Whether a title stands above the body, so that a taller one pushes it down."""
        self.banded = title_banded(theme)
        """Whether titles are drawn on a band of their own, which they must stay on."""

    def title_fit(self, title: Runs, number: int = 0, line: int = 0) -> TitleFit:
        """Return the largest title size, down to the minimum, at which it takes two lines
        (on a template, as many as its title box holds where that is more and the title is
        not above the body, and no more than its room there holds, ``title_room``: a title
        at the slide's foot over the footer's; where the title is drawn on a band of its
        own, no more than the box holds; either down to ``BAND_TITLE_MIN``) and no word
        breaks inside (a template's narrow sidebar title drew "Responsibilit / y" at the
        title's size).

        With ``number``, a title longer than that at the minimum is reported.
        """
        sizes, grid = self.theme.sizes, self.theme.slide
        box = title_box(grid)
        above, banded = self.above, self.banded
        limit = title_limit(grid) if above else title_room(grid)
        room = None if above or banded else limit  # a title beside or below the body
        width = box.w - 2 * TEXT_INSET[0]

        def most(size: float) -> int:
            """The lines a title may take: two; more where it is not above the body and
            its box holds them; no more than its box holds on a band, nor than the room
            above what the template draws under it, or the room of a title not above the
            body (``limit``)."""
            line = lines_height(1, size)
            held = int((box.h - 2 * TEXT_INSET[1]) / line + EPSILON)
            if banded:
                return max(1, held)
            grown = 2 if above else max(2, held)
            if limit is None:
                return grown
            return max(1, min(grown, int((limit - 2 * TEXT_INSET[1]) / line + EPSILON)))

        kept = banded or (above and limit is not None)  # shrunk to stay where it is drawn
        least = min(sizes.title_min, BAND_TITLE_MIN) if kept else sizes.title_min
        size = sizes.title
        wrap = self.measure.wrap(title, size, width, "heading", bold=True)
        while size > least and (wrap.lines > most(size) or wrap.broken is not None):
            size = max(size - SIZE_STEP, least)
            wrap = self.measure.wrap(title, size, width, "heading", bold=True)
        if room is not None:  # smaller still rather than over the footer, or cut short
            size, wrap = self.into_room(title, size, wrap, width, room)
        while wrap.broken is not None and size > WORD_LEAST:  # a word wider than the box
            smaller = self.measure.wrap(title, size - 1, width, "heading", bold=True)
            if smaller.lines > wrap.lines and smaller.broken is not None:
                break  # no nearer to fitting its words, only taller
            size, wrap = size - 1, smaller
        lines = wrap.lines
        height = lines_height(lines, size) + 2 * TEXT_INSET[1]
        if banded:
            height = min(height, box.h)  # it stays on its band: cut short to the box
        elif limit is not None:
            height = min(height, limit)  # it stays above the template's rule: cut short
        if number and lines > most(size):
            # The body keeps ``MIN_BODY``: a title taller than the rest is cut short (``place``).
            if banded:
                room = box.h
            elif limit is not None:
                room = limit
            else:
                room = self.content.y + max(0.0, self.content.h - MIN_BODY) - grid.title_top - 0.1
            full = lines_height(lines, size) + 2 * TEXT_INSET[1]
            cut = ", and is cut short" if full > room + EPSILON else ""
            if banded:
                pushes, shorter = ", more than the template's title box holds", f"{most(size)}"
            elif not above:
                pushes, shorter = ", more than its box holds", f"{most(size)}"
            elif limit is not None:
                pushes = ", more than fits above what the template draws under the title"
                shorter = f"{most(size)}"
            else:
                pushes, shorter = " and pushes the text down", "two"
            lines_word = "line" if shorter == "1" else "lines"
            message = (
                f"the title of slide {number} takes {lines} lines even at {size:g} pt"
                f"{pushes}{cut}; shorten it to {shorter} {lines_word}"
            )
            excerpt = plain_text(title)
            self.diagnostics.append(warning("overflow", message, line, number, excerpt))
        return TitleFit(size, height, lines)

    def into_room(
        self, title: Runs, size: float, wrap: Wrap, width: float, room: float
    ) -> tuple[float, Wrap]:
        """Return the size, from ``size`` down to ``BAND_TITLE_MIN``, and the wrap of a title
        beside or below the body that is too tall for its ``room`` (``title_room``), at which
        it fits there: set smaller rather than drawn over the footer (a title at the slide's
        foot), or cut short."""
        least = min(self.theme.sizes.title_min, BAND_TITLE_MIN)
        while size > least and lines_height(wrap.lines, size) + 2 * TEXT_INSET[1] > room:
            size = max(size - SIZE_STEP, least)
            wrap = self.measure.wrap(title, size, width, "heading", bold=True)
        return size, wrap

    def largest_size(self, runs: Runs, size: float, least: float, box: Box, role: str) -> float:
        """Return the largest size, from ``size`` down to ``least`` in whole points, at which
        ``runs`` fit ``box``'s height with no word broken across lines (a narrow title box of
        a template's: ``Networkin`` / ``g``); where none does, below ``least`` down to
        ``WORD_LEAST``, the largest at which they fit (a lesson's title in a template's small
        title box, rather than cut short), else the largest at which they are whole, a word
        too long for the box broken inside (``CloudFormation`` in a narrow band), else the
        largest at which no word breaks (what does not fit is cut short); else ``least``."""
        while size > least and not self.fits_box(runs, size, box, role):
            size = max(size - 1, least)
        if self.fits_box(runs, size, box, role):
            return size
        tried = [
            (s, *self.boxed(runs, s, box, role)) for s in range(int(size), int(WORD_LEAST) - 1, -1)
        ]
        wanted: tuple[Callable[[bool, bool], bool], ...] = (
            lambda held, broken: held and not broken,  # whole, no word broken
            lambda held, broken: held,  # whole, a word too long for the box broken
            lambda held, broken: not broken,  # no word broken, the rest cut short
        )
        for ok in wanted:
            found = next((s for s, held, broken in tried if ok(held, broken)), None)
            if found is not None:
                return found
        return size

    def boxed(self, runs: Runs, size: float, box: Box, role: str) -> tuple[bool, bool]:
        """Return whether ``runs`` at ``size`` fit ``box``'s height, and whether a word of
        them breaks inside in its width."""
        inner = box.w - 2 * TEXT_INSET[0]
        wrap = self.measure.wrap(runs, size, inner, role, bold=role == "heading")
        held = lines_height(wrap.lines, size) + 2 * TEXT_INSET[1] <= box.h
        return held, wrap.broken is not None

    def fits_box(self, runs: Runs, size: float, box: Box, role: str) -> bool:
        """Return whether ``runs`` at ``size`` fit a text box ``box``, no word broken."""
        held, broken = self.boxed(runs, size, box, role)
        return held and not broken

    def caption_size(self, image: Image, box: Box) -> float:
        """Return the largest size at which a missing image's caption fits its box."""
        width = box.w - 2 * CAPTION_INSET[0]
        size, least = CAPTION_RANGE
        while size > least:
            height = 2 * CAPTION_INSET[1]
            for index, (line, own) in enumerate(
                zip(caption_of(image, self.words), caption_sizes(size), strict=True)
            ):
                lines = self.measure.count_lines((Run(line),), own, width, bold=index == 0)
                height += lines_height(lines, own)
                height += (CAPTION_SPACING * size / POINTS_PER_INCH) if index else 0.0
            if height <= box.h:
                break
            size -= 1
        return size

    def footer(self, text: str, tail: str = "") -> tuple[str, float]:
        """Return the footer's text and size: ``text``, then `` · ``, then ``tail`` (the
        lesson's title, its section and lesson), on one line: shrunk, then ``text`` cut short
        with ``…`` so that ``tail`` stays whole where it can, else the whole cut short."""
        sizes = self.theme.sizes
        box = footer_boxes(self.theme.slide)[0]
        width = (box.w if box is not None else self.content.w) - 2 * TEXT_INSET[0]
        size = sizes.footer
        whole = " · ".join(part for part in (text, tail) if part)

        def lines(candidate: str, at: float) -> int:
            return self.measure.count_lines((Run(candidate),), at, width, most=1)

        while size > FOOTER_MIN and lines(whole, size) > 1:
            size -= 1
        if lines(whole, size) == 1:
            return whole, size
        words = text.split(" ")
        if text and tail:  # the title's most words, then the section and lesson
            kept = longest(
                len(words) - 1, lambda k: lines(f"{' '.join(words[:k])} … · {tail}", size) == 1
            )
            if kept:
                return f"{' '.join(words[:kept])} … · {tail}", size
        # The most words that fit on the line with an ellipsis after them; else the most
        # characters of the first word.
        words = whole.split(" ")
        kept = longest(len(words) - 1, lambda k: lines(" ".join(words[:k]) + " …", size) == 1)
        if kept:
            return " ".join(words[:kept]) + " …", size
        first = words[0]
        kept = longest(len(first) - 1, lambda k: lines(first[:k] + "…", size) == 1)
        return first[: max(kept, 1)] + "…", size
