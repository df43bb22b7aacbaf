"""fit: what cannot fit even alone and at the smallest sizes: cut short, and warned of.

What would run past the foot of its box (of a sentence, a line of code, a table row, a title,
a column heading) is cut short with ``…`` (``shorten``), so that the deck and the PDF show the
same text; the warning names the slide and its source line. A word wider than its box is
warned of too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from exporter.errors import Diagnostic, warning
from exporter.fit.blocks import units
from exporter.fit.heights import Heights, edge_width
from exporter.fit.scale import EPSILON, Scale, lines_height
from exporter.geometry import (
    CELL_INSET,
    HEADING_INSET,
    TEXT_INSET,
    Box,
    CodeFrame,
    Frame,
    HeadingFrame,
    TableFrame,
    TextFrame,
    size_of,
)
from exporter.measure import WIDTH_SLACK, Measurer
from exporter.model import (
    Block,
    Bullet,
    Code,
    Columns,
    Image,
    Paragraph,
    Run,
    Runs,
    Slide,
    Subheading,
    Table,
    plain_text,
)
from exporter.shorten import ELLIPSIS, cut_block, cut_runs, longest
from exporter.theme import Theme

ENDS = ".,;:!?\"'()[]"
"""What may stand around a word without belonging to it: punctuation, quotes, brackets."""


SNIPPET = 40
"""How many characters of a text a warning quotes."""


PART_MARKER = re.compile(r" \((?:[^()]*, )?\d+/\d+\)$| \([^()\d]{1,30}(?: \d+)?\)$")
"""A title's end that says which part of its page a slide is: ``(2/3)``, ``(continued, 2/3)``,
``(continued)``, ``(continued 2)`` (in the lesson's language, in capitals on a template
that draws them so)."""


class Overflow:
    """Cuts short what cannot fit on one theme, and warns of it."""

    def __init__(
        self, theme: Theme, measure: Measurer, heights: Heights, diagnostics: list[Diagnostic]
    ) -> None:
        self.theme = theme
        self.measure = measure
        self.heights = heights
        self.diagnostics = diagnostics

    # Cutting short what cannot fit even alone.

    def cut_to_fit(self, blocks: Sequence[Block], scale: Scale, area: Box) -> list[Block]:
        """Return the longest start of ``blocks`` that fits ``area`` stacked: whole blocks,
        then the start of the block that runs past the foot, cut short (see ``shorten``)."""

        def fits(candidate: Sequence[Block]) -> bool:
            return self.heights.stack_height(candidate, scale, area.w, area.h) <= area.h

        kept = longest(len(blocks), lambda k: fits(blocks[:k]))
        head = list(blocks[:kept])
        if kept == len(blocks):
            return head
        block = blocks[kept]
        if isinstance(block, Columns):
            part: Block | None = self.cut_columns(block, scale, area, head)
        else:
            part = cut_block(block, lambda cut: fits([*head, cut]))
        return head if part is None else [*head, part]

    def cut_columns(
        self, columns: Columns, scale: Scale, area: Box, above: list[Block]
    ) -> Columns | None:
        """Return two columns each cut short to the room left under ``above`` and the
        headings (``None`` when none is left)."""
        grid = self.theme.slide
        used = self.heights.stack_height(above, scale, area.w) + (grid.gap if above else 0.0)
        room = area.h - used - self.heights.band(columns, area.w)
        side = replace(area, w=(area.w - grid.column_gap) / 2, h=room)
        if room <= 0:
            return None
        sides = (columns.left, columns.right)
        left, right = (self.cut_to_fit(c.blocks, scale, side) for c in sides)
        return replace(
            columns,
            left=replace(columns.left, blocks=tuple(left)),
            right=replace(columns.right, blocks=tuple(right)),
        )

    def cut_text(
        self,
        runs: Runs,
        size: float,
        box: Box,
        role: str,
        inset: tuple[float, float] = TEXT_INSET,
    ) -> Runs:
        """Return ``runs`` as they are when they fit ``box`` (with its ``inset``) at ``size``,
        else their longest start that does, with an ellipsis (headings are bold)."""
        inner = box.w - 2 * inset[0]
        room = box.h - 2 * inset[1] + EPSILON
        most = max(0, int(room / lines_height(1, size))) + 1

        def fits(start: Runs) -> bool:
            bold = role == "heading"
            lines = self.measure.count_lines(start, size, inner, role, bold=bold, most=most)
            return lines_height(lines, size) <= room

        if fits(runs):
            return runs
        text = plain_text(runs)
        marker = PART_MARKER.search(text) if role == "heading" else None
        if marker is not None and len(runs) == 1:
            # A part's number or "(continued)" stays: the title before it is cut instead.
            tail = (Run(marker.group(0), runs[0].style),)
            head = (Run(text[: marker.start()], runs[0].style),)
            kept = cut_runs(head, lambda start: fits((*start, *tail)))
            if kept:
                return (*kept, *tail)
        return cut_runs(runs, fits) or ()

    # Warnings.

    def report_overflow(self, slide: Slide, scale: Scale, area: Box, number: int) -> None:
        """Warn about the block that makes a slide overflow even at its smallest scale."""
        tall = next(
            (
                unit
                for unit in units(slide.body)
                if self.heights.stack_height(unit, scale, area.w) > area.h
            ),
            list(slide.body),
        )
        block = tall[0]
        size = scale.table if isinstance(block, Table) else scale.body
        if isinstance(block, Code):
            size = self.heights.code_size(block, scale.code, edge_width(area.w))
        text = describe(block)
        message = (
            f'slide {number} overflows: "{snippet(text)}" is taller than a slide even at '
            f"{size:g} pt and cannot be split further, so it is cut short at the foot of the "
            f"slide; shorten it"
        )
        self.diagnostics.append(warning("overflow", message, slide.line, number, text))

    def check_frame(self, frame: Frame, number: int, line: int) -> Frame:
        """Return ``frame``, warning about words too long for their box in a text frame or
        table, and cutting short a column heading too long for its bar."""
        if isinstance(frame, TextFrame):
            for block in frame.blocks:
                width = self.heights.text_width(block, frame.box.w, frame.hanging, frame.size)
                size = size_of(block, frame.size)
                bold = isinstance(block, Subheading)
                self.check_words(block.runs, size, width, number, line, bold=bold)
        elif isinstance(frame, TableFrame):
            table = frame.table
            for index, row in enumerate((table.header, *table.rows)):
                for cell, width in zip(row, frame.column_widths, strict=True):
                    inner = width - 2 * CELL_INSET[0]
                    self.check_words(cell, frame.size, inner, number, line, bold=index == 0)
        elif isinstance(frame, CodeFrame) and not frame.code.text.endswith(ELLIPSIS):
            # (code cut short at the slide's foot has been warned of: a line taller than it)
            code = replace(frame.code, level=0)  # the frame is already indented
            wrapped = list(self.heights.wrapping_lines(code, frame.size, frame.box.w))
            if wrapped:
                first, at = snippet(wrapped[0].strip()), f"{frame.size:g} pt"
                message = (
                    f'slide {number}: a line of code, "{first}", is wider than its box at {at} '
                    "and wraps, so that it reads as more than one line; shorten it, or break it "
                    "over lines as its language allows"
                    if len(wrapped) == 1
                    else f'slide {number}: {len(wrapped)} lines of code, the first "{first}", '
                    f"are wider than their box at {at} and wrap, each reading as more than one "
                    "line; shorten them, or break them over lines as their language allows"
                )
                self.diagnostics.append(warning("overflow", message, line, number, wrapped[0]))
        elif isinstance(frame, HeadingFrame):
            box = frame.box  # its label's lines start after its icons' room
            box = replace(box, x=box.x + frame.room, w=box.w - frame.room)
            runs = self.cut_text(frame.runs, frame.size, box, "heading", HEADING_INSET)
            if runs != frame.runs:
                text = plain_text(frame.runs)
                message = (
                    f'slide {number}: the column heading "{snippet(text)}" does not fit its bar '
                    f"even at {frame.size:g} pt, so it is cut short; shorten it"
                )
                self.diagnostics.append(warning("overflow", message, line, number, text))
                return replace(frame, runs=runs)
        return frame

    def check_words(
        self,
        runs: Runs,
        size: float,
        width: float,
        number: int,
        line: int,
        role: str = "body",
        bold: bool = False,
    ) -> None:
        """Warn when a word of ``runs`` is wider than ``width`` and must break inside.

        Text is laid out in a little less than its box's width (``WIDTH_SLACK``), room kept
        for renderers that set it a little wider; a word is said to break only where it is
        wider than the whole box (the table of a cramped slide shares its width out a
        little short of its longest words, which still fit)."""
        whole = width / WIDTH_SLACK
        wrap = self.measure.wrap(runs, size, whole, role, bold=bold or role == "heading")
        if wrap.broken:
            word = wrap.broken.strip(ENDS)  # the full stop after `code` is not code
            coded = any(run.style.code and word in run.text for run in runs)
            if coded:  # an identifier or a command: spaces would change it
                advice = (
                    "put it in a code block of its own, whose lines are kept whole, or shorten it"
                )
            elif word.isalpha():  # a compound, such as German makes
                advice = "break it with a hyphen, or shorten it"
            else:
                advice = "add spaces, or make it a link with shorter text"
            message = (
                f'slide {number}: "{snippet(wrap.broken)}" is wider than its box at {size:g} pt '
                f"and breaks mid-word; {advice}"
            )
            self.diagnostics.append(warning("long-word", message, line, number, wrap.broken))


def describe(block: Block) -> str:
    """Return a block's text, for naming it in a message."""
    if isinstance(block, Bullet | Paragraph | Subheading):
        return plain_text(block.runs)
    if isinstance(block, Code):
        return block.text
    if isinstance(block, Table):
        return " ".join(plain_text(cell) for cell in block.header)
    if isinstance(block, Image):
        return block.alt or block.src
    return describe(block.left.blocks[0]) if block.left.blocks else "two columns"


def snippet(text: str) -> str:
    """Return the start of ``text`` for a message."""
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"
