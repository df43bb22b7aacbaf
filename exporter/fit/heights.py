"""fit: the height, in inches, of content at a scale and width: text frames, code, tables,
columns, and blocks stacked with gaps.

A height is measured only as far as the room it is compared with (``bound``), and remembered
by the ids of what it measures (``memo``): splitting a page asks again and again. A paragraph
being divided keeps its sentences, and the lines of each of its starts are wrapped once for
all the tries (``measure.Prefixes``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence

from exporter.codefold import Folder, Rule, line_rules
from exporter.fit.blocks import Segment, segments
from exporter.fit.gallery import Shape
from exporter.fit.memo import Remembered
from exporter.fit.scale import EPSILON, HEADING_LEAST, HEADING_MIN, Scale, lines_height
from exporter.fit.sentences import sentences
from exporter.fit.tables import Tables
from exporter.geometry import (
    CODE_INSET,
    HEADING_INSET,
    LEAST_PPI,
    TEXT_INSET,
    Fold,
    TextBlock,
    content_box,
    icon_room,
    icons_of,
    indent_of,
    size_of,
    space_before,
)
from exporter.measure import POINTS_PER_INCH, Measurer, Prefixes, line_limit
from exporter.model import (
    TASK_BOX_WIDTH,
    Block,
    Bullet,
    Code,
    Column,
    Columns,
    Image,
    Paragraph,
    Run,
    Runs,
    Subheading,
    Table,
)
from exporter.resources import Picture
from exporter.theme import Theme

MIN_IMAGE = 1.3
"""The least a picture's shorter side is drawn when it shares a slide, in inches: its height
for a picture wider than tall, its width for a portrait (a phone's screen 1.3 in wide, not
0.65 in beside steps that left it 1.3 in of height), up to ``TALLEST_LEAST`` tall."""
TALLEST_LEAST = 2 * MIN_IMAGE
"""The most height a portrait picture asks for to share a slide (one four times as tall as
wide is drawn narrower than ``MIN_IMAGE``)."""
READABLE = 0.5
"""The least a picture that shares a slide is drawn, as a share of its size alone in the
body, each way (a quarter of its area): a 16:9 screenshot half the body's height (2.45 in
high, 4.4 in wide on the default theme's 16:9 slide), where 1.3 in drew its menus and labels
too small to read from the back of a room. It is about the size a screenshot takes beside
the text (``place.BESIDE_TEXT_SHARE`` leaves it 41% of the width), and it leaves the other
half of the body to the step it shows; a page that cannot hold its pictures so, and its
text at its least size, is split, each picture then shown at least as large."""
NUMBER_GAP = 0.1
"""The room between a list number and its item's text, in inches."""


def edge_width(width: float) -> float:
    """Return the width a code box, a table or an image takes in a column ``width`` wide: its
    edges line up with the text's glyphs, which start a text box's inset from its sides."""
    return width - 2 * TEXT_INSET[0]


def bounded_sum(values: Iterable[float], bound: float) -> float:
    """Return the sum of ``values``, or, once a partial sum passes ``bound``, that partial
    sum (the rest is never asked for)."""
    seen = []
    running = 0.0
    for value in values:
        seen.append(value)
        running += value
        if running > bound + EPSILON:
            return running
    return sum(seen)


class Heights:
    """Measures the height of a slide's content on one theme, remembering what it measured."""

    def __init__(
        self,
        theme: Theme,
        measure: Measurer,
        tables: Tables,
        pictures: Mapping[str, Picture] | None = None,
    ) -> None:
        self.theme = theme
        self.measure = measure
        self.tables = tables
        self.pictures: Mapping[str, Picture] = pictures or {}
        """The pictures images show, by source: a portrait one asks for more height."""
        self.body_height = content_box(theme.slide).h
        """The height of a content slide's body, which a picture alone fills
        (``least_image``)."""
        # Heights already measured, by the ids of what they measure (kept alive beside
        # them, so that an id stays theirs): splitting a page asks again and again. Heights
        # of blocks splitting makes are forgotten with them, as are the lines and sentences
        # of the rest of a divided block: a long page leaves no trail of copies.
        self.heights: Remembered[float] = Remembered()
        self.folder = Folder(measure)
        """Breaks lines of code too wide for every size (``codefold``)."""
        self.lines: Remembered[Sequence[str]] = Remembered()
        """Each code block's lines: the rest of a divided block keeps its lines."""
        self.pieces: Remembered[Sequence[Runs]] = Remembered()
        """Each paragraph's sentences: the rest of a divided one keeps its own."""
        self.starts: Remembered[tuple[Bullet | Paragraph, int]] = Remembered()
        """The start of a divided paragraph: which paragraph, and how many sentences."""
        self.prefixes: Remembered[dict[tuple[float, bool], Prefixes]] = Remembered()
        """The lines of each start of a divided paragraph, by its width in ems."""
        self.code_sizes: dict[tuple[str, float, float], float] = {}
        """The size each code block takes, by its whole text, its scale's code size and the
        width of its lines (``code_size``): the pieces of a divided block ask with one text."""

    def stack_height(
        self, blocks: Sequence[Block], scale: Scale, width: float, bound: float = math.inf
    ) -> float:
        """Return the height of ``blocks`` stacked with gaps (images at their least height).

        Measuring stops once the height passes ``bound``: what is returned is then only known
        to be more than ``bound``. Asking whether the rest of a long page fits a slide so
        costs a slide's worth of measuring, not the page's.
        """
        parts: list[float] = []
        gap = self.theme.slide.gap
        running = 0.0
        for segment in segments(blocks):
            running += gap if parts else 0.0
            parts.append(self.segment_height(segment, scale, width, bound - running))
            running += parts[-1]
            if running > bound + EPSILON:
                return running
        return sum(parts) + gap * max(0, len(parts) - 1)

    def segment_height(
        self, segment: Segment, scale: Scale, width: float, bound: float = math.inf
    ) -> float:
        """Return the height one frame needs (remembered: splitting asks again and again),
        or, past ``bound``, a height only known to be more than ``bound``."""
        key = (scale, width)
        known = self.heights.get(segment.blocks, key)
        if known is not None:
            return known
        height = self.measure_segment(segment, scale, width, bound)
        if height <= bound + EPSILON or bound == math.inf:
            self.heights.put(segment.blocks, key, height)
        return height

    def measure_segment(
        self, segment: Segment, scale: Scale, width: float, bound: float = math.inf
    ) -> float:
        """Return the height one frame needs, measured (no further than ``bound``)."""
        block = segment.first
        if isinstance(block, Code):
            width = edge_width(width)
            return self.code_height(block, self.code_size(block, scale.code, width), width, bound)
        if isinstance(block, Table):
            tables, size, width = self.tables, scale.table, edge_width(width)
            if size > self.theme.sizes.table_min and tables.cramped(block, size, width):
                return math.inf  # its longest words would break: try smaller text first
            return bounded_sum(tables.iter_row_heights(block, size, width), bound)
        if isinstance(block, Image):
            if len(segment.blocks) == 1:
                return self.least_image(block, width)
            # Pictures written together share the width as their rows do (``gallery``):
            # each keeps no more than ``MIN_IMAGE`` of its own.
            images = (b for b in segment.blocks if isinstance(b, Image))
            return max(self.least_image(image, width, 0.0) for image in images)
        if isinstance(block, Columns):
            return self.columns_height(block, scale, width, bound)
        blocks: Sequence[TextBlock] = segment.blocks  # type: ignore[assignment]
        return self.blocks_height(blocks, scale.body, width, bound)

    def least_image(self, image: Image, width: float, readable: float = READABLE) -> float:
        """Return the least height ``image`` takes when it shares a slide in a column
        ``width`` wide: ``readable`` of the height it has alone in the body, and no less than
        ``MIN_IMAGE``, or for a portrait picture what draws it ``MIN_IMAGE`` wide (up to
        ``TALLEST_LEAST``). A picture that cannot be had (its placeholder) takes
        ``MIN_IMAGE``."""
        picture = self.pictures.get(image.src)
        if picture is None:
            return MIN_IMAGE
        aspect = picture.width / picture.height
        least = MIN_IMAGE if aspect >= 1 else min(TALLEST_LEAST, MIN_IMAGE / aspect)
        alone = Shape(aspect, picture.width / LEAST_PPI)
        _, tall = alone.fitted(edge_width(width), self.body_height)
        return max(least, readable * tall)

    def columns_height(
        self, columns: Columns, scale: Scale, width: float, bound: float = math.inf
    ) -> float:
        """Return the height of two columns under their headings (measured no further than
        ``bound``)."""
        side = (width - self.theme.slide.column_gap) / 2
        band = self.band(columns, width)
        tallest = max(
            self.stack_height(c.blocks, scale, side, bound - band)
            for c in (columns.left, columns.right)
        )
        return band + tallest

    def band(self, columns: Columns, width: float) -> float:
        """Return the height two columns ``width`` wide together keep above their content for
        their headings, with the gap below them: none when neither column has a heading, so
        that the body starts where other slides' does."""
        if not (columns.left.heading or columns.right.heading):
            return 0.0
        _, height = self.heading_bar(columns, width)
        return height + self.theme.slide.gap

    def heading_bar(self, columns: Columns, width: float) -> tuple[float, float]:
        """Return the size of two columns' headings (``width`` wide together) and the height
        of their bars.

        The largest size, down to the body's least, at which each heading fits its bar on
        one line; else, where that would set it smaller, at which each fits two lines in
        bars grown to hold them (``Compiled languages with interprocedural optimisation``
        is not set at 15 pt above 24 pt text); else the theme's bars, the size at which the
        headings fit them on one line (down to ``HEADING_MIN``), or on as many as they hold
        (down to ``HEADING_LEAST``)."""
        headed = [c for c in (columns.left, columns.right) if c.heading]
        height = self.theme.slide.column_heading_height
        if not headed:
            return 0.0, height
        inner = self.heading_width(width)
        room = height - 2 * HEADING_INSET[1]
        top = self.theme.sizes.column_heading
        readable = min(top, self.theme.sizes.body_min)

        def lines(size: float) -> int:
            return max(self.heading_lines(c, size, inner) for c in headed)

        def down_to(least: float) -> list[float]:
            return [top - step for step in range(int(top - least) + 1)]

        for size in down_to(readable):
            if lines(size) == 1 and lines_height(1, size) <= room:
                return size, height
        for size in down_to(readable):
            if lines(size) == 2:
                return size, max(height, lines_height(2, size) + 2 * HEADING_INSET[1])
        for one_line in (True, False):
            for size in down_to(HEADING_LEAST):
                if one_line and size < HEADING_MIN:
                    break
                count = lines(size)
                if (count == 1 or not one_line) and lines_height(count, size) <= room:
                    return size, height
        return HEADING_LEAST, height

    def heading_width(self, width: float) -> float:
        """Return the width a column heading's lines have in the bar of one of two columns
        ``width`` wide together, before its icons take their room."""
        return edge_width((width - self.theme.slide.column_gap) / 2) - 2 * HEADING_INSET[0]

    def heading_lines(self, column: Column, size: float, inner: float) -> int:
        """Return how many lines a column's heading takes at ``size`` in a bar whose lines
        are ``inner`` wide, its label after its icons' room (``heading_room``)."""
        width = inner - self.heading_room(column, size)
        return self.measure.count_lines(column.heading, size, width, "heading", bold=True)

    def heading_room(self, column: Column, size: float) -> float:
        """Return the room the icons of a column's heading take before its label at ``size``
        (``geometry.icon_room``)."""
        if not column.icons:
            return 0.0
        return icon_room(tuple(self.aspect(icon) for icon in column.icons), size)

    def text_width(
        self, block: TextBlock, width: float, hanging: float | None, size: float = 0.0
    ) -> float:
        """Return the width a paragraph's lines have in a text box ``width`` wide whose body
        size is ``size`` (the room its icons take grows with it)."""
        margin, _ = indent_of(block, self.theme, hanging, self.room(block, size))
        return width - 2 * TEXT_INSET[0] - margin

    def room(self, block: TextBlock, size: float) -> float:
        """Return the room the icons ``block`` starts with take before its text, in a box
        whose body size is ``size`` (``geometry.icon_room``)."""
        icons = icons_of(block)
        if not icons:
            return 0.0
        return icon_room(tuple(self.aspect(icon) for icon in icons), size_of(block, size))

    def aspect(self, image: Image) -> float | None:
        """Return a picture's width over its height (``None`` where it could not be had)."""
        picture = self.pictures.get(image.src)
        return None if picture is None else picture.width / picture.height

    def hanging(self, blocks: Sequence[TextBlock], size: float) -> float | None:
        """Return the hanging indent a box needs for its list's numbers, a quiz option's
        letters or a task list's boxes, if any: the widest with ``NUMBER_GAP`` after it,
        where that is more than the theme's (``1.`` at 24 pt in Arial is wider than its
        0.3 in, and touched the text; so did a box)."""
        letters = [b.letter for b in blocks if isinstance(b, Bullet) and b.letter is not None]
        numbers = [b.number for b in blocks if isinstance(b, Bullet) and b.number is not None]
        boxed = any(isinstance(b, Bullet) and b.check is not None for b in blocks)
        box = (TASK_BOX_WIDTH * size / POINTS_PER_INCH + NUMBER_GAP) if boxed else 0.0
        label: Runs = ()
        if letters:
            labels = [(Run(f"{letter})"),) for letter in letters]
            label = max(labels, key=lambda runs: self.measure.natural(runs, bold=True))
        elif numbers:
            label = (Run(f"{max(numbers)}."),)
        elif not boxed:
            return None
        width = self.measure.natural(label, bold=True) * size / POINTS_PER_INCH + NUMBER_GAP
        width = max(width if label else 0.0, box)
        if not letters and max(numbers, default=0) < 10 and width <= self.theme.bullets.hanging:
            return None  # the theme's own indent holds it
        return max(self.theme.bullets.hanging, width)

    def blocks_height(
        self, blocks: Sequence[TextBlock], size: float, width: float, bound: float = math.inf
    ) -> float:
        """Return the height of a text frame holding ``blocks`` (measured no further than
        ``bound``, see ``stack_height``)."""
        height = 2 * TEXT_INSET[1]
        spacing = self.theme.sizes.line_spacing
        hanging = self.hanging(blocks, size)
        for index, block in enumerate(blocks):
            own = size_of(block, size)
            bold = isinstance(block, Subheading)
            most = None
            if bound < math.inf:
                room = max(0.0, bound + EPSILON - height)
                most = int(room / lines_height(1, own, spacing)) + 1
            inner = self.text_width(block, width, hanging, size)
            lines = self.start_lines(block, own, inner, bold)
            if lines is None and most is not None and self.more_lines(block, own, inner, most):
                lines = most + 1
            if lines is None:
                lines = self.measure.count_lines(block.runs, own, inner, bold=bold, most=most)
            height += lines_height(lines, own, spacing)
            height += space_before(block, index == 0, size, self.theme) / POINTS_PER_INCH
            if height > bound + EPSILON:
                break
        return height

    def start_lines(self, block: TextBlock, size: float, width: float, bold: bool) -> int | None:
        """Return the lines of the start of a divided paragraph, from the lines of each start
        of that paragraph (``None`` for any other block)."""
        start = self.starts.get((block,), ())
        if start is None:
            return None
        whole, count = start
        return self.prefixes_of(whole, size, width, bold).lines(count)

    def more_lines(self, block: TextBlock, size: float, width: float, most: int) -> bool:
        """Return whether a paragraph being divided is known to take more than ``most``
        lines, from the lines of its starts (the rest of a long paragraph is so measured
        only as far as a slide, and once for its starts too)."""
        if isinstance(block, Subheading) or self.pieces.get((block,), ()) is None:
            return False
        return self.prefixes_of(block, size, width, False).more_than(most)

    def prefixes_of(
        self, block: Bullet | Paragraph, size: float, width: float, bold: bool
    ) -> Prefixes:
        """Return the lines of each start of a paragraph at ``size`` in ``width``."""
        found = self.prefixes.get((block,), ())
        if found is None:
            found = self.prefixes.put((block,), (), {})
        key = (line_limit(size, width), bold)
        if key not in found:
            pieces = self.sentences_of(block)
            found[key] = self.measure.prefixes(pieces, "body", bold, key[0])
        return found[key]

    def sentences_of(self, block: Bullet | Paragraph) -> Sequence[Runs]:
        """Return a paragraph's sentences (remembered, for the rest of a divided one too)."""
        known = self.pieces.get((block,), ())
        if known is None:
            known = self.pieces.put((block,), (), sentences(block.runs))
        return known

    def code_height(self, code: Code, size: float, width: float, bound: float = math.inf) -> float:
        """Return the height of a code box (measured no further than ``bound``)."""
        inner = width - 2 * CODE_INSET - self.code_indent(code)
        lines = 0
        rules: tuple[Rule, ...] = ()
        for index, line in enumerate(self.code_lines(code)):
            count = self.measure.count_code_line(line, size, inner)
            if count > 1:  # drawn as it breaks, marks and all (``codefold``)
                rules = rules or self.code_rules(code)
                count = self.folder.fold(line.expandtabs(4), size, inner, rules[index]).lines
            lines += count
            if lines_height(lines, size) + 2 * CODE_INSET > bound + EPSILON:
                break
        return lines_height(lines, size) + 2 * CODE_INSET

    def code_folds(self, code: Code, size: float, inner: float) -> tuple[Fold | None, ...]:
        """Return where each line of ``code`` breaks at ``size`` in a code box whose text is
        ``inner`` inches wide (``None`` for a line that fits; none where every line does)."""
        lines = self.code_lines(code)
        if all(self.measure.count_code_line(line, size, inner) <= 1 for line in lines):
            return ()
        rules = self.code_rules(code)
        return tuple(
            self.folder.fold(line.expandtabs(4), size, inner, rule)
            if self.measure.count_code_line(line, size, inner) > 1
            else None
            for line, rule in zip(lines, rules, strict=True)
        )

    def code_rules(self, code: Code) -> tuple[Rule, ...]:
        """Return how each line of ``code`` breaks where it is too wide (``codefold``)."""
        return line_rules(code.text.expandtabs(4), code.language, code.whole, code.first)

    def code_size(self, code: Code, size: float, width: float) -> float:
        """Return the size a code block takes in a code box ``width`` wide (its frame's, the
        box's inset and the code's indent taken off) on a slide whose scale sets code at
        ``size``: ``size`` where every line is whole, else the largest smaller size, in steps
        of a point down to the theme's least, at which every line is whole (a line of code
        broken in two reads as two, and may not run), else ``size``, its long lines wrapping.

        The lines are those of the whole block the code is a piece of, so that the pieces of
        a block divided over slides take one size. The text around the code keeps its own
        size: only the code's box is set smaller for its width."""
        inner = width - 2 * CODE_INSET - self.code_indent(code)
        text = code.whole if code.whole is not None else code.text
        key = (text, size, inner)
        known = self.code_sizes.get(key)
        if known is not None:
            return known
        lines = self.code_lines(code) if code.whole is None else text.split("\n")
        least, found, tried = self.theme.sizes.code_min, size, size
        while True:
            lines = [line for line in lines if self.measure.count_code_line(line, tried, inner) > 1]
            if not lines:
                found = tried
                break
            if tried <= least:
                break
            tried = max(tried - 1, least)
        self.code_sizes[key] = found
        return found

    def wrapped_code(self, code: Code, size: float, width: float) -> str | None:
        """Return the first line of ``code`` that wraps in a code box ``width`` wide (its
        frame's, the box's inset and the code's indent taken off) at ``size``, or ``None``."""
        return next(self.wrapping_lines(code, size, width), None)

    def wrapping_lines(self, code: Code, size: float, width: float) -> Iterator[str]:
        """Yield each line of ``code`` that wraps in a code box ``width`` wide at ``size``
        (see ``wrapped_code``)."""
        inner = width - 2 * CODE_INSET - self.code_indent(code)
        for line in self.code_lines(code):
            if self.measure.count_code_line(line, size, inner) > 1:
                yield line

    def code_lines(self, code: Code) -> Sequence[str]:
        """Return the lines of a code block (remembered, for the rest of a divided block too)."""
        known = self.lines.get((code,), ())
        if known is None:
            known = self.lines.put((code,), (), code.text.split("\n"))
        return known

    def code_indent(self, code: Code) -> float:
        """Return how far a code block nested in a list sits from the left, in inches."""
        bullets = self.theme.bullets
        return 0.0 if code.level == 0 else bullets.hanging + (code.level - 1) * bullets.indent

    def breaks(self, blocks: Sequence[Block], size: float, width: float) -> int:
        """Return how many text blocks of ``blocks`` hold a word wider than their line at
        ``size`` in ``width`` (in two columns too)."""
        side = (width - self.theme.slide.column_gap) / 2
        inside = sum(
            self.breaks(column.blocks, size, side)
            for block in blocks
            if isinstance(block, Columns)
            for column in (block.left, block.right)
        )
        text = [b for b in blocks if isinstance(b, Bullet | Paragraph | Subheading)]
        hanging = self.hanging(text, size)
        return inside + sum(
            bool(
                self.measure.wrap(
                    block.runs,
                    size_of(block, size),
                    self.text_width(block, width, hanging, size),
                    bold=isinstance(block, Subheading),
                ).broken
            )
            for block in text
        )
