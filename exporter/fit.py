"""fit: ``Deck`` → ``LaidOutDeck``, every box placed and every text box given its font size.

Steps: choose the largest body size (from the theme's size down to its minimum) at which the
slide's content fits the body area; stack the content top to bottom at that size, giving images
the room that is left; shrink titles that would wrap past two lines.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from exporter.errors import Diagnostic, warning
from exporter.geometry import (
    CELL_INSET,
    CODE_INSET,
    LINE_HEIGHT,
    TEXT_INSET,
    Box,
    CodeFrame,
    Frame,
    HeadingFrame,
    ImageFrame,
    LaidOutDeck,
    PlacedSlide,
    TableFrame,
    TextBlock,
    TextFrame,
    caption_size,
    code_size,
    indent_of,
    size_of,
    space_before,
    table_size,
)
from exporter.measure import POINTS_PER_INCH, count_code_lines, count_lines
from exporter.model import (
    Block,
    Code,
    Columns,
    Deck,
    Image,
    Layout,
    Runs,
    Slide,
    Table,
    continued,
)
from exporter.resources import Picture
from exporter.theme import Theme

MIN_IMAGE = 1.3
"""The least height an image shares a slide with, in inches."""
SIZE_STEP = 2.0
"""How much the body size shrinks at a time, in points."""


@dataclass(frozen=True)
class Segment:
    """A run of blocks drawn in one frame: text blocks together, anything else alone."""

    blocks: tuple[Block, ...]

    @property
    def first(self) -> Block:
        """The segment's first block."""
        return self.blocks[0]


def fit_deck(
    deck: Deck, theme: Theme, pictures: Mapping[str, Picture]
) -> tuple[LaidOutDeck, tuple[Diagnostic, ...]]:
    """Return ``deck`` laid out on ``theme``'s slide, and warnings for text that overflows."""
    fitter = Fitter(theme, pictures)
    slides: list[PlacedSlide] = []
    firsts: list[int] = []
    for slide in deck.slides:
        firsts.append(len(slides) + 1)
        parts = fitter.split(slide)
        size = min(fitter.body_size(part) for part in parts)
        for part in parts:
            slides.append(fitter.place(part, len(slides) + 1, size))
    grid = theme.slide
    content = grid.width - 2 * grid.margin
    footer = " · ".join(part for part in (deck.title, deck.subtitle) if part)
    return (
        LaidOutDeck(
            deck,
            theme,
            tuple(slides),
            tuple(firsts),
            footer,
            Box(grid.margin, grid.footer_top, content - 1.2, grid.footer_height),
            Box(grid.width - grid.margin - 1.0, grid.footer_top, 1.0, grid.footer_height),
        ),
        tuple(fitter.diagnostics),
    )


def segments(blocks: Sequence[Block]) -> list[Segment]:
    """Return ``blocks`` grouped into frames: consecutive text blocks share one."""
    groups: list[list[Block]] = []
    for block in blocks:
        text = isinstance(block, TextBlock)
        if text and groups and isinstance(groups[-1][-1], TextBlock):
            groups[-1].append(block)
        else:
            groups.append([block])
    return [Segment(tuple(group)) for group in groups]


def units(blocks: Sequence[Block]) -> list[list[Block]]:
    """Return ``blocks`` cut before each top-level block: an item keeps its nested content."""
    cut: list[list[Block]] = []
    for block in blocks:
        if cut and getattr(block, "level", 0) > 0:
            cut[-1].append(block)
        else:
            cut.append([block])
    return cut


class Fitter:
    """Lays out slides on one theme, collecting warnings."""

    def __init__(self, theme: Theme, pictures: Mapping[str, Picture]) -> None:
        self.theme = theme
        self.pictures = pictures
        self.diagnostics: list[Diagnostic] = []
        grid = theme.slide
        self.content = Box(
            grid.margin,
            grid.body_top,
            grid.width - 2 * grid.margin,
            grid.body_bottom - grid.body_top,
        )

    def split(self, slide: Slide) -> list[Slide]:
        """Return ``slide``, or its parts when it does not fit at the minimum body size.

        A page splits between top-level blocks (an item stays with its sub-items), never inside
        one, into as few parts as fit, balanced in height; each part after the first repeats
        the title marked as continued.
        """
        minimum = self.theme.sizes.body_min
        if slide.layout is Layout.TITLE or self.fits(slide.body, minimum):
            return [slide]
        cut = units(slide.body)
        parts = self.pack(cut, self.content.h)
        heights = [self.stack_height(unit, minimum, self.content.w) for unit in cut]
        balanced = self.pack(cut, max(sum(heights) / len(parts), max(heights)))
        if len(balanced) == len(parts) and all(self.fits(part, minimum) for part in balanced):
            parts = balanced
        return [
            replace(
                slide, title=slide.title if index == 0 else continued(slide.title), body=tuple(part)
            )
            for index, part in enumerate(parts)
        ]

    def pack(self, cut: list[list[Block]], limit: float) -> list[list[Block]]:
        """Return ``cut``'s units packed in order into parts no taller than ``limit``."""
        parts: list[list[Block]] = [[]]
        for unit in cut:
            candidate = [*parts[-1], *unit]
            if (
                parts[-1]
                and self.stack_height(candidate, self.theme.sizes.body_min, self.content.w) > limit
            ):
                parts.append([])
            parts[-1].extend(unit)
        return parts

    def fits(self, blocks: Sequence[Block], size: float) -> bool:
        """Return whether ``blocks`` fit the body area at ``size``."""
        return self.stack_height(blocks, size, self.content.w) <= self.content.h

    def place(self, slide: Slide, number: int, size: float) -> PlacedSlide:
        """Return ``slide`` with its boxes placed, its body at ``size`` points."""
        if slide.layout is Layout.TITLE:
            return self.place_title_slide(slide, number)
        grid = self.theme.slide
        title_box = Box(grid.margin, grid.title_top, self.content.w, grid.title_height)
        title_size = self.title_size(slide.title, title_box.w)
        if count_lines(slide.title, title_size, title_box.w - 2 * TEXT_INSET[0]) > 2:
            message = f"the title of slide {number} is longer than two lines; shorten it"
            self.diagnostics.append(warning("overflow", message, slide.line, number))
        if not self.fits(slide.body, size):
            message = (
                f"slide {number} overflows: one of its blocks is taller than the slide "
                f"even at {size:g} pt; shorten it"
            )
            self.diagnostics.append(warning("overflow", message, slide.line, number))
        rule = Box(
            grid.margin + TEXT_INSET[0], grid.title_top + grid.title_height + 0.08, 1.4, 0.06
        )
        frames = tuple(self.stack(slide.body, size, self.content))
        return PlacedSlide(slide, number, title_box, title_size, frames, rule=rule)

    def place_title_slide(self, slide: Slide, number: int) -> PlacedSlide:
        """Return the title slide: the lesson's title above a rule, the subtitle below."""
        grid, sizes = self.theme.slide, self.theme.sizes
        box = Box(grid.margin, 1.5, self.content.w, 2.6)
        size = sizes.deck_title
        while size > sizes.title_min and self.text_height(slide.title, size, box.w) > box.h:
            size = max(size - SIZE_STEP, sizes.title_min)
        rule = Box(grid.margin + TEXT_INSET[0], 4.3, 2.0, 0.08)
        subtitle = Box(grid.margin, 4.55, self.content.w, 0.8)
        return PlacedSlide(slide, number, box, size, (), subtitle, sizes.subtitle, rule)

    def title_size(self, title: Runs, width: float) -> float:
        """Return the largest title size, down to the minimum, at which it takes two lines."""
        sizes = self.theme.sizes
        size = sizes.title
        inner = width - 2 * TEXT_INSET[0]
        while size > sizes.title_min and count_lines(title, size, inner) > 2:
            size = max(size - SIZE_STEP, sizes.title_min)
        return size

    def text_height(self, runs: Runs, size: float, width: float) -> float:
        """Return the height of one paragraph, insets included, in inches."""
        lines = count_lines(runs, size, width - 2 * TEXT_INSET[0])
        return lines * size * LINE_HEIGHT / POINTS_PER_INCH + 2 * TEXT_INSET[1]

    def body_size(self, slide: Slide) -> float:
        """Return the largest body size, down to the minimum, at which the content fits."""
        sizes = self.theme.sizes
        size = sizes.body
        while size > sizes.body_min and not self.fits(slide.body, size):
            size = max(size - SIZE_STEP, sizes.body_min)
        return size

    # Heights, in inches, of content at a body size and width.

    def stack_height(self, blocks: Sequence[Block], size: float, width: float) -> float:
        """Return the height of ``blocks`` stacked with gaps (images at their least height)."""
        parts = [self.segment_height(seg, size, width) for seg in segments(blocks)]
        return sum(parts) + self.theme.slide.gap * max(0, len(parts) - 1)

    def segment_height(self, segment: Segment, size: float, width: float) -> float:
        """Return the height one frame needs."""
        block = segment.first
        if isinstance(block, Code):
            return self.code_height(block, size, width)
        if isinstance(block, Table):
            return sum(self.row_heights(block, size, width))
        if isinstance(block, Image):
            return MIN_IMAGE
        if isinstance(block, Columns):
            return self.columns_height(block, size, width)
        return self.blocks_height(segment.blocks, size, width)  # type: ignore[arg-type]

    def blocks_height(self, blocks: Sequence[TextBlock], size: float, width: float) -> float:
        """Return the height of a text frame holding ``blocks``."""
        height = 2 * TEXT_INSET[1]
        for index, block in enumerate(blocks):
            own = size_of(block, size)
            margin, _ = indent_of(block, self.theme)
            lines = count_lines(block.runs, own, width - 2 * TEXT_INSET[0] - margin)
            spacing = LINE_HEIGHT * self.theme.sizes.line_spacing
            points = lines * own * spacing + space_before(block, index == 0, size, self.theme)
            height += points / POINTS_PER_INCH
        return height

    def code_height(self, code: Code, size: float, width: float) -> float:
        """Return the height of a code box."""
        own = code_size(size, self.theme)
        lines = count_code_lines(code.text, own, width - 2 * CODE_INSET - self.code_indent(code))
        return lines * own * LINE_HEIGHT / POINTS_PER_INCH + 2 * CODE_INSET

    def code_indent(self, code: Code) -> float:
        """Return how far a code block nested in a list sits from the left, in inches."""
        bullets = self.theme.bullets
        return 0.0 if code.level == 0 else bullets.hanging + (code.level - 1) * bullets.indent

    def row_heights(self, table: Table, size: float, width: float) -> list[float]:
        """Return the height of each row of a table, header first."""
        own = table_size(size, self.theme)
        widths = self.column_widths(table, width)
        heights = []
        for row in (table.header, *table.rows):
            lines = max(
                count_lines(cell, own, w - 2 * CELL_INSET[0])
                for cell, w in zip(row, widths, strict=True)
            )
            heights.append(lines * own * LINE_HEIGHT / POINTS_PER_INCH + 2 * CELL_INSET[1])
        return heights

    def column_widths(self, table: Table, width: float) -> tuple[float, ...]:
        """Return each table column's width: shares by the longest text, none below half a share."""
        longest = [
            max(len("".join(r.text for r in row[i])) for row in (table.header, *table.rows))
            for i in range(len(table.header))
        ]
        even = sum(longest) / max(1, len(longest))
        weights = [max(length, even / 2, 1) for length in longest]
        return tuple(width * weight / sum(weights) for weight in weights)

    def columns_height(self, columns: Columns, size: float, width: float) -> float:
        """Return the height of two columns under their headings."""
        grid = self.theme.slide
        side = (width - grid.column_gap) / 2
        tallest = max(
            self.stack_height(c.blocks, size, side) for c in (columns.left, columns.right)
        )
        return grid.column_heading_height + grid.gap + tallest

    # Placement.

    def stack(self, blocks: Sequence[Block], size: float, area: Box) -> Iterator[Frame]:
        """Yield the frames of ``blocks`` stacked top to bottom in ``area``."""
        parts = segments(blocks)
        heights = [self.segment_height(seg, size, area.w) for seg in parts]
        images = [i for i, seg in enumerate(parts) if isinstance(seg.first, Image)]
        spare = area.h - sum(heights) - self.theme.slide.gap * max(0, len(parts) - 1)
        for index in images:
            heights[index] += max(0.0, spare) / len(images)
        y = area.y
        for segment, height in zip(parts, heights, strict=True):
            yield from self.frames(segment, size, Box(area.x, y, area.w, height))
            y += height + self.theme.slide.gap

    def frames(self, segment: Segment, size: float, box: Box) -> Iterator[Frame]:
        """Yield the frames that draw one segment in ``box``."""
        block = segment.first
        if isinstance(block, Code):
            own = code_size(size, self.theme)
            indent = self.code_indent(block)
            yield CodeFrame(Box(box.x + indent, box.y, box.w - indent, box.h), block, own)
        elif isinstance(block, Table):
            own = table_size(size, self.theme)
            yield TableFrame(box, block, own, self.column_widths(block, box.w))
        elif isinstance(block, Image):
            yield self.image_frame(block, box)
        elif isinstance(block, Columns):
            yield from self.column_frames(block, size, box)
        else:
            yield TextFrame(box, segment.blocks, size)  # type: ignore[arg-type]

    def column_frames(self, columns: Columns, size: float, box: Box) -> Iterator[Frame]:
        """Yield each column's heading bar and content, side by side."""
        grid = self.theme.slide
        side = (box.w - grid.column_gap) / 2
        body_y = box.y + grid.column_heading_height + grid.gap
        for index, column in enumerate((columns.left, columns.right)):
            x = box.x + index * (side + grid.column_gap)
            if column.heading:
                heading = Box(x, box.y, side, grid.column_heading_height)
                yield HeadingFrame(heading, column.heading, self.theme.sizes.column_heading)
            yield from self.stack(column.blocks, size, Box(x, body_y, side, box.y + box.h - body_y))

    def image_frame(self, image: Image, area: Box) -> ImageFrame:
        """Return an image scaled to fit ``area`` with its aspect ratio kept, centred."""
        picture = self.pictures.get(image.src)
        aspect = picture.width / picture.height if picture else 16 / 9
        width = min(area.w, area.h * aspect)
        height = width / aspect
        box = Box(area.x + (area.w - width) / 2, area.y + (area.h - height) / 2, width, height)
        return ImageFrame(box, image, picture, caption_size(box))
