"""fit: a slide body's frames: its blocks stacked top to bottom, or its image beside its text.

Images share out the height the rest leaves; an image that shares its slide with text goes
beside the text when it is shown larger there than below it; images written one after another
stand in a row, a column or a grid, whichever shows them largest.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

from exporter.fit.blocks import Segment, segments
from exporter.fit.heights import Heights, edge_width
from exporter.fit.scale import Scale, Sizes
from exporter.fit.tables import Tables
from exporter.geometry import (
    TEXT_INSET,
    Box,
    CodeFrame,
    Frame,
    HeadingFrame,
    ImageFrame,
    TableFrame,
    TextBlock,
    TextFrame,
)
from exporter.model import Block, Code, Columns, Image, Table
from exporter.resources import Picture
from exporter.theme import Theme

BESIDE_TEXT_SHARE = 0.55
"""The share of the body's width the text takes when an image stands beside it."""
BESIDE_GAIN = 1.15
"""How much larger an image must be shown beside the text than below it to go there."""
LEAST_PPI = 48.0
"""The fewest pixels an inch a picture is enlarged to (PowerPoint's 96, halved): a 64-pixel
icon is drawn at most 1.3 in wide, where filling the body made it 4.8 in wide, blurred and
jagged, the largest thing on its slide."""


def grows(block: Block) -> bool:
    """Return whether ``block`` takes a share of a slide's spare height: an image, or columns
    holding one (which shares it out in its column)."""
    if isinstance(block, Columns):
        return any(isinstance(b, Image) for b in (*block.left.blocks, *block.right.blocks))
    return isinstance(block, Image)


def shown_area(aspect: float, width: float, height: float) -> float:
    """Return the area of an image of ``aspect`` (width / height) fitted into a box."""
    if width <= 0 or height <= 0:
        return 0.0
    shown = min(width, height * aspect)
    return shown * shown / aspect


def shown_width(picture: Picture | None, width: float, height: float) -> float:
    """Return the width an image is drawn in a box: as large as the box lets it be with its
    aspect kept, and no larger than ``LEAST_PPI`` allows a small picture (a missing one, drawn
    as a placeholder, is 16:9)."""
    aspect = picture.width / picture.height if picture else 16 / 9
    width = max(0.0, min(width, height * aspect))
    return min(width, picture.width / LEAST_PPI) if picture else width


def grids(count: int) -> Iterator[tuple[int, int]]:
    """Yield the grids ``count`` images can stand in, as (rows, columns), one row first: each
    row full but the last, and no row empty."""
    for rows in range(1, count + 1):
        columns = math.ceil(count / rows)
        if (rows - 1) * columns < count:
            yield rows, columns


def edged(box: Box) -> Box:
    """Return the part of ``box`` within the text's edges: a text box's glyphs start its
    inset from its sides, and a code box, table, image or column heading bar is drawn there
    so that its edge lines up with them."""
    return replace(box, x=box.x + TEXT_INSET[0], w=edge_width(box.w))


class Placer:
    """Places a slide body's frames on one theme."""

    def __init__(
        self,
        theme: Theme,
        pictures: Mapping[str, Picture],
        heights: Heights,
        tables: Tables,
        sizes: Sizes,
    ) -> None:
        self.theme = theme
        self.pictures = pictures
        self.heights = heights
        self.tables = tables
        self.sizes = sizes

    def body_fits(self, blocks: Sequence[Block], scale: Scale, area: Box) -> bool:
        """Return whether a slide's body fits ``area`` as ``arrange`` will lay it out: its
        text beside its image, or everything stacked."""
        if self.beside(blocks, scale, area) is not None:
            return True
        return self.heights.stack_height(blocks, scale, area.w) <= area.h

    def arrange(self, blocks: Sequence[Block], scale: Scale, area: Box) -> Iterator[Frame]:
        """Yield the frames of a slide's body: stacked, or its image beside the text.

        An image that shares its slide with text goes beside the text when it is shown larger
        there than below it (a tall or square image, a little text); a wide one goes below.
        """
        beside = self.beside(blocks, scale, area)
        if beside is None:
            yield from self.stack(blocks, scale, area)
            return
        image, text_box, image_box = beside
        yield from self.stack([b for b in blocks if b is not image], scale, text_box)
        yield self.image_frame(image, image_box)

    def beside(
        self, blocks: Sequence[Block], scale: Scale, area: Box
    ) -> tuple[Image, Box, Box] | None:
        """Return a lone image, the text's box and the image's, when it goes beside the text."""
        pair = self.pair(blocks)
        if pair is None:
            return None
        image, text = pair
        picture, gap = self.pictures[image.src], self.theme.slide.column_gap
        aspect = picture.width / picture.height
        width = area.w * BESIDE_TEXT_SHARE
        if self.heights.stack_height(text, scale, width) > area.h:
            return None
        room = area.h - self.heights.stack_height(text, scale, area.w) - self.theme.slide.gap
        below = shown_area(aspect, edge_width(area.w), room)
        side = shown_area(aspect, edge_width(area.w - width - gap), area.h)
        if side <= below * BESIDE_GAIN:
            return None
        first = blocks[0] is image  # an image written before the text goes on the left
        text_x = area.x + (area.w - width if first else 0.0)
        image_x = area.x if first else area.x + width + gap
        return (
            image,
            replace(area, x=text_x, w=width),
            replace(area, x=image_x, w=area.w - width - gap),
        )

    def pair(self, blocks: Sequence[Block]) -> tuple[Image, list[Block]] | None:
        """Return the picture and the text of a body that may stand side by side: one shown
        image and only text (code and tables keep the whole width)."""
        images = [block for block in blocks if isinstance(block, Image)]
        text: list[Block] = [block for block in blocks if not isinstance(block, Image)]
        if len(images) != 1 or not text or not all(isinstance(b, TextBlock) for b in text):
            return None
        return (images[0], text) if images[0].src in self.pictures else None

    def stack(self, blocks: Sequence[Block], scale: Scale, area: Box) -> Iterator[Frame]:
        """Yield the frames of ``blocks`` stacked top to bottom in ``area``."""
        parts = segments(blocks)
        heights = [self.heights.segment_height(seg, scale, area.w) for seg in parts]
        images = [i for i, seg in enumerate(parts) if grows(seg.first)]
        spare = area.h - sum(heights) - self.theme.slide.gap * max(0, len(parts) - 1)
        for index in images:
            heights[index] += max(0.0, spare) / len(images)
        y = area.y
        for segment, height in zip(parts, heights, strict=True):
            yield from self.frames(segment, scale, Box(area.x, y, area.w, height))
            y += height + self.theme.slide.gap

    def frames(self, segment: Segment, scale: Scale, box: Box) -> Iterator[Frame]:
        """Yield the frames that draw one segment in ``box``: text in the whole box (its
        glyphs start at the box's inset), a code box, a table or an image within the text's
        edges (``edged``), so that each lines up with the text's left edge."""
        block = segment.first
        if isinstance(block, Code):
            inner, indent = edged(box), self.heights.code_indent(block)
            yield CodeFrame(
                replace(inner, x=inner.x + indent, w=inner.w - indent), block, scale.code
            )
        elif isinstance(block, Table):
            inner = edged(box)
            widths = self.tables.column_widths(block, scale.table, inner.w)
            heights = tuple(self.tables.row_heights(block, scale.table, inner.w))
            yield TableFrame(replace(inner, h=sum(heights)), block, scale.table, widths, heights)
        elif isinstance(block, Image):
            images: tuple[Image, ...] = segment.blocks  # type: ignore[assignment]
            yield from self.gallery(images, box)
        elif isinstance(block, Columns):
            yield from self.column_frames(block, scale, box)
        else:
            blocks: tuple[TextBlock, ...] = segment.blocks  # type: ignore[assignment]
            yield TextFrame(box, blocks, scale.body, self.heights.hanging(blocks, scale.body))

    def column_frames(self, columns: Columns, scale: Scale, box: Box) -> Iterator[Frame]:
        """Yield each column's heading bar and content, side by side; the two headings in one
        size, the one the longer needs (``AWS Responsibilities`` beside ``Customer
        Responsibilities``, which shrinks to fit its bar)."""
        grid = self.theme.slide
        side = (box.w - grid.column_gap) / 2
        body_y = box.y + self.heights.band(columns)
        bars = [
            replace(
                edged(Box(box.x + index * (side + grid.column_gap), box.y, side, 0.0)),
                h=grid.column_heading_height,
            )
            for index in range(2)
        ]
        headings = [column.heading for column in (columns.left, columns.right) if column.heading]
        size = min((self.sizes.heading_size(heading, bars[0]) for heading in headings), default=0)
        for index, column in enumerate((columns.left, columns.right)):
            x = box.x + index * (side + grid.column_gap)
            if column.heading:
                yield HeadingFrame(bars[index], column.heading, size)
            yield from self.stack(
                column.blocks, scale, Box(x, body_y, side, box.y + box.h - body_y)
            )

    def gallery(self, images: Sequence[Image], area: Box) -> Iterator[ImageFrame]:
        """Yield the frames of images written one after another: in the grid of rows and
        columns that shows them largest (the sum of their areas; one row where grids tie),
        in reading order, each row's images drawn a column gap apart and centred together
        within the text's edges."""
        area = edged(area)
        across, down = self.theme.slide.column_gap, self.theme.slide.gap
        pictures = [self.pictures.get(image.src) for image in images]

        def cells(rows: int, columns: int) -> tuple[float, float]:
            return (area.w - across * (columns - 1)) / columns, (area.h - down * (rows - 1)) / rows

        def shown(grid: tuple[int, int]) -> float:
            width, height = cells(*grid)
            return sum(
                drawn * drawn / (p.width / p.height if p else 16 / 9)
                for p in pictures
                for drawn in [shown_width(p, width, height)]
            )

        rows, columns = max(grids(len(images)), key=shown)  # max keeps the first of a tie
        width, height = cells(rows, columns)
        for row in range(rows):
            y = area.y + row * (height + down)
            cell = Box(area.x, y, width, height)
            placed = [self.fitted(image, cell) for image in images[row * columns :][:columns]]
            x = area.x + (area.w - sum(f.box.w for f in placed) - across * (len(placed) - 1)) / 2
            for frame in placed:
                yield replace(frame, box=replace(frame.box, x=x))
                x += frame.box.w + across

    def image_frame(self, image: Image, area: Box) -> ImageFrame:
        """Return an image scaled to fit ``area`` within the text's edges (``fitted``)."""
        return self.fitted(image, edged(area))

    def fitted(self, image: Image, area: Box) -> ImageFrame:
        """Return an image scaled to fit ``area`` with its aspect ratio kept, centred (one as
        wide as the area lines up with its edges), and enlarged to no fewer than ``LEAST_PPI``
        pixels an inch."""
        picture = self.pictures.get(image.src)
        aspect = picture.width / picture.height if picture else 16 / 9
        width = shown_width(picture, area.w, area.h)
        height = width / aspect
        box = Box(area.x + (area.w - width) / 2, area.y + (area.h - height) / 2, width, height)
        caption = 0.0 if picture else self.sizes.caption_size(image, box)
        return ImageFrame(box, image, picture, caption)
