"""fit: a slide body's frames: its blocks stacked top to bottom, or its images beside its text.

Images share out the height the rest leaves, and take no more of it than they need where text
follows them; images written one after another stand in rows (``gallery``); images that share
their slide with text go beside the text when they are shown larger there than below it, and
no smaller than they may be (``Heights.least_image``), unless the text's narrower column would
break a word (a command, an address) inside that the whole width keeps whole; a table or code
that opens the page stays above both, the whole width.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace

from exporter.fit.blocks import Segment, segments
from exporter.fit.gallery import Shape, arranged
from exporter.fit.heights import READABLE, Heights, edge_width
from exporter.fit.icons import cell_icons, heading_icons
from exporter.fit.inlinecode import kept_whole
from exporter.fit.scale import EPSILON, Scale, Sizes, lines_height
from exporter.fit.tables import Tables
from exporter.geometry import (
    CODE_INSET,
    HEADING_INSET,
    ICON_GAP,
    INLINE_MARGIN,
    LEAST_PPI,
    POINTS_PER_INCH,
    TEXT_INSET,
    Box,
    CodeFrame,
    Frame,
    HeadingFrame,
    ImageFrame,
    TableFrame,
    TextBlock,
    TextFrame,
    icon_box,
    icon_slot,
    icons_of,
    indent_of,
    size_of,
    space_before,
)
from exporter.model import (
    Block,
    Code,
    Column,
    Columns,
    Image,
    Subheading,
    Table,
    inline_icons,
    muted_icons,
)
from exporter.resources import Picture
from exporter.theme import Theme

BESIDE_TEXT_SHARE = 0.55
"""The share of the body's width the text takes when an image stands beside it."""
BESIDE_GAIN = 1.15
"""How much larger an image must be shown beside the text than below it to go there."""


def grows(block: Block) -> bool:
    """Return whether ``block`` takes a share of a slide's spare height: an image, or columns
    holding one (which shares it out in its column)."""
    if isinstance(block, Columns):
        return any(isinstance(b, Image) for b in (*block.left.blocks, *block.right.blocks))
    return isinstance(block, Image)


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
        What opens the page before that text (a table, code) stays above both, the whole
        width.
        """
        beside = self.beside(blocks, scale, area)
        if beside is None:
            yield from self.stack(blocks, scale, area)
            return
        head, images, text_box, image_box = beside
        if head:
            yield from self.stack(head, scale, replace(area, h=text_box.y - area.y))
        text = [b for b in blocks[len(head) :] if b not in images]
        yield from self.stack(text, scale, text_box)
        yield from self.gallery(images, image_box)

    def beside(
        self, blocks: Sequence[Block], scale: Scale, area: Box
    ) -> tuple[tuple[Block, ...], tuple[Image, ...], Box, Box] | None:
        """Return what a body stacks above its text and images (``pair``), its images (one,
        or several written one after another), the text's box and the images', when they go
        beside the text: where the images are shown larger there than below it, and no
        smaller than they may be (``legible``)."""
        pair = self.pair(blocks)
        if pair is None:
            return None
        head, images, text = pair
        if head:
            top = self.heights.stack_height(head, scale, area.w, area.h) + self.theme.slide.gap
            if top >= area.h:
                return None
            area = replace(area, y=area.y + top, h=area.h - top)
        gap = self.theme.slide.column_gap
        width = area.w * BESIDE_TEXT_SHARE
        if self.heights.stack_height(text, scale, width) > area.h:
            return None
        room = area.h - self.heights.stack_height(text, scale, area.w) - self.theme.slide.gap
        below = self.shown(images, edge_width(area.w), room)
        side = self.shown(images, edge_width(area.w - width - gap), area.h)
        if side <= below * BESIDE_GAIN:
            return None
        if self.heights.breaks(text, scale.body, width) > self.heights.breaks(
            text, scale.body, area.w
        ):
            return None  # a word (a command, an address) that the whole width keeps whole
        first = blocks[len(head)] is images[0]  # images written before the text go on the left
        text_x = area.x + (area.w - width if first else 0.0)
        image_x = area.x if first else area.x + width + gap
        image_box = replace(area, x=image_x, w=area.w - width - gap)
        if not self.legible(images, image_box, area.w):
            return None
        return head, images, replace(area, x=text_x, w=width), image_box

    def pair(
        self, blocks: Sequence[Block]
    ) -> tuple[tuple[Block, ...], tuple[Image, ...], list[Block]] | None:
        """Return the blocks stacked above, the pictures and the text of a body whose
        pictures may stand beside its text: shown images written one after another, and
        only text next to them (code and tables keep the whole width: where they open the
        page, before that text, they are stacked above it)."""
        at = [index for index, block in enumerate(blocks) if isinstance(block, Image)]
        if not at or at[-1] - at[0] != len(at) - 1:
            return None  # no image, or images apart
        images = tuple(block for block in blocks if isinstance(block, Image))
        if len({image.inline for image in images}) > 1:
            return None  # icons of a sentence and pictures of their own: two runs
        start = at[0]
        while start and isinstance(blocks[start - 1], TextBlock):
            start -= 1
        head, after = tuple(blocks[:start]), blocks[at[-1] + 1 :]
        text: list[Block] = [*blocks[start : at[0]], *after]
        if not text or not all(isinstance(block, TextBlock) for block in after):
            return None  # no text, or code or a table after the pictures
        if any(grows(block) for block in head):
            return None
        return (head, images, text) if all(i.src in self.pictures for i in images) else None

    def legible(self, images: Sequence[Image], box: Box, width: float) -> bool:
        """Return whether ``images`` arranged in ``box`` are each drawn no smaller than
        they may be when they share a slide ``width`` wide (``Heights.least_image``), or as
        large as they are drawn at all (a small picture, ``LEAST_PPI``)."""
        boxes, _ = self.arranged(images, edged(box))
        share = READABLE if len(images) == 1 else 0.0  # pictures together share the room
        for image, drawn in zip(images, boxes, strict=True):
            picture = self.pictures[image.src]
            own = self.heights.least_image(image, width, share)
            least = min(own, picture.height / LEAST_PPI)
            if drawn.h < least - EPSILON:
                return False
        return True

    def stack(self, blocks: Sequence[Block], scale: Scale, area: Box) -> Iterator[Frame]:
        """Yield the frames of ``blocks`` stacked top to bottom in ``area``."""
        parts = segments(blocks)
        heights = [self.heights.segment_height(seg, scale, area.w) for seg in parts]
        images = [i for i, seg in enumerate(parts) if grows(seg.first)]
        spare = area.h - sum(heights) - self.theme.slide.gap * max(0, len(parts) - 1)
        for index in images:
            heights[index] += max(0.0, spare) / len(images)
            segment = parts[index]
            if index < len(parts) - 1 and isinstance(segment.first, Image):
                # no taller than its pictures need, so that what follows stays under them
                pictures: tuple[Image, ...] = segment.blocks  # type: ignore[assignment]
                _, tall = self.arranged(pictures, Box(0.0, 0.0, edge_width(area.w), heights[index]))
                heights[index] = max(tall, self.heights.segment_height(segment, scale, area.w))
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
            width = inner.w - indent
            text_width = width - 2 * CODE_INSET
            size = self.heights.code_size(block, scale.code, inner.w)
            yield CodeFrame(
                replace(inner, x=inner.x + indent, w=width),
                block,
                size,
                self.heights.code_folds(block, size, text_width),
            )
        elif isinstance(block, Table):
            inner = edged(box)
            widths = self.tables.column_widths(block, scale.table, inner.w)
            heights = tuple(self.tables.row_heights(block, scale.table, inner.w))
            inner = replace(inner, h=sum(heights))
            shown = tuple(  # the icons inside its cells' lines
                cell_icons(
                    self.heights.measure, self.pictures, block, inner, scale.table, widths, heights
                )
            )
            yield TableFrame(inner, block, scale.table, widths, heights, shown)
        elif isinstance(block, Image):
            images: tuple[Image, ...] = segment.blocks  # type: ignore[assignment]
            yield from self.gallery(images, box)
        elif isinstance(block, Columns):
            yield from self.column_frames(block, scale, box)
        else:
            blocks: tuple[TextBlock, ...] = segment.blocks  # type: ignore[assignment]
            yield self.text_frame(blocks, scale.body, box)

    def text_frame(self, blocks: tuple[TextBlock, ...], size: float, box: Box) -> TextFrame:
        """Return the frame of text ``blocks`` at body ``size`` in ``box``, with the icons its
        paragraphs start with, each on its paragraph's first line (``icons``), and those
        inside their lines, each where its word is set (``inline``)."""
        hanging = self.heights.hanging(blocks, size)
        rooms = tuple(self.heights.room(block, size) for block in blocks)
        blocks = tuple(
            self.code_kept(block, size, box, hanging, room)
            for block, room in zip(blocks, rooms, strict=True)
        )
        inline = any(inline_icons(block.runs) for block in blocks)
        if not any(rooms) and not inline:
            return TextFrame(box, blocks, size, hanging)
        placed = list(self.paragraphs(blocks, size, box, hanging, rooms))
        icons = tuple(
            frame
            for (block, top, margin, own), room in zip(placed, rooms, strict=True)
            for frame in self.icon_row(
                icons_of(block),
                own,
                box.x + TEXT_INSET[0] + margin - room,
                top + lines_height(1, own, self.theme.sizes.line_spacing) / 2,
            )
        )
        shown = tuple(self.inline_frames(placed, box)) if inline else ()
        return TextFrame(box, blocks, size, hanging, rooms if any(rooms) else (), icons, shown)

    def code_kept(
        self, block: TextBlock, size: float, box: Box, hanging: float | None, room: float
    ) -> TextBlock:
        """Return ``block`` with a line break of its own where the fit starts a line with
        inline code an app could break inside (``inlinecode``), at its size in ``box``."""
        if not any(run.style.code for run in block.runs):
            return block
        own = size_of(block, size)
        margin, _ = indent_of(block, self.theme, hanging, room)
        inner = box.w - 2 * TEXT_INSET[0] - margin
        bold = isinstance(block, Subheading)
        runs = kept_whole(self.heights.measure, block.runs, own, inner, bold)
        return block if runs is block.runs else replace(block, runs=runs)

    def paragraphs(
        self,
        blocks: tuple[TextBlock, ...],
        size: float,
        box: Box,
        hanging: float | None,
        rooms: tuple[float, ...],
    ) -> Iterator[tuple[TextBlock, float, float, float]]:
        """Yield each of a text frame's paragraphs with the top of its first line, where its
        text starts (its margin, ``indent_of``) and its size: the tops found by adding up
        the heights of the lines above as the writers space them."""
        spacing = self.theme.sizes.line_spacing
        top = box.y + TEXT_INSET[1]
        for index, (block, room) in enumerate(zip(blocks, rooms, strict=True)):
            own = size_of(block, size)
            top += space_before(block, index == 0, size, self.theme) / POINTS_PER_INCH
            margin, _ = indent_of(block, self.theme, hanging, room)
            yield block, top, margin, own
            inner = box.w - 2 * TEXT_INSET[0] - margin
            bold = isinstance(block, Subheading)
            lines = self.heights.measure.count_lines(block.runs, own, inner, bold=bold)
            top += lines_height(lines, own, spacing)

    def inline_frames(
        self, placed: list[tuple[TextBlock, float, float, float]], box: Box
    ) -> Iterator[ImageFrame]:
        """Yield the icons inside the lines of a text frame's paragraphs (``placed``, as
        ``paragraphs`` yields them): each where the fit sets its word
        (``Measurer.icon_places``), in the middle of its room and of its line."""
        spacing = self.theme.sizes.line_spacing
        for block, top, margin, own in placed:
            icons = inline_icons(block.runs)
            if not icons:
                continue
            inner = box.w - 2 * TEXT_INSET[0] - margin
            bold = isinstance(block, Subheading)
            places = self.heights.measure.icon_places(block.runs, own, inner, bold=bold)
            faded = muted_icons(block.runs)
            for icon, (line, x), fade in zip(icons, places, faded, strict=True):
                picture = self.pictures.get(icon.src)
                aspect = None if picture is None else picture.width / picture.height
                width, height = icon_box(aspect, own)
                left = box.x + TEXT_INSET[0] + margin + x + INLINE_MARGIN * own / POINTS_PER_INCH
                middle = top + lines_height(line, own, spacing) + lines_height(1, own, spacing) / 2
                drawn = Box(left, middle - height / 2, width, height)
                yield ImageFrame(drawn, icon, picture, 0.0, faded=fade)

    def icon_row(
        self, icons: Sequence[Image], size: float, x: float, middle: float
    ) -> Iterator[ImageFrame]:
        """Yield the frames of ``icons`` in a row from ``x`` on a line of text of ``size``
        whose middle is at ``middle``: each a line high (``icon_box``) in the middle of its
        slot (``icon_slot``)."""
        for icon in icons:
            picture = self.pictures.get(icon.src)
            aspect = None if picture is None else picture.width / picture.height
            width, height = icon_box(aspect, size)
            slot = icon_slot(aspect, size)
            left = x + (slot - ICON_GAP * size / POINTS_PER_INCH - width) / 2
            yield ImageFrame(Box(left, middle - height / 2, width, height), icon, picture, 0.0)
            x += slot

    def heading_frame(self, column: Column, size: float, bar: Box, inner: float) -> HeadingFrame:
        """Return a column's heading bar ``bar`` with its label at ``size``, its icons, if
        any, on the label's first line before it: the label, in the middle of the bar, on
        as many lines as it takes ``inner`` wide after their room."""
        room = self.heights.heading_room(column, size)
        measure = self.heights.measure
        inline = heading_icons(measure, self.pictures, column.heading, size, bar, room)
        if not column.icons:
            return HeadingFrame(bar, column.heading, size, inline=inline)
        held = int((bar.h - 2 * HEADING_INSET[1] + EPSILON) / lines_height(1, size))
        lines = max(1, min(self.heights.heading_lines(column, size, inner), held))
        top = bar.y + (bar.h - lines_height(lines, size)) / 2
        middle = top + lines_height(1, size) / 2
        icons = tuple(self.icon_row(column.icons, size, bar.x + HEADING_INSET[0], middle))
        return HeadingFrame(bar, column.heading, size, room, icons, inline)

    def column_frames(self, columns: Columns, scale: Scale, box: Box) -> Iterator[Frame]:
        """Yield each column's heading bar and content, side by side; the two headings in one
        size, the one the longer needs (``AWS Responsibilities`` beside ``Customer
        Responsibilities``, which shrinks to fit its bar)."""
        grid = self.theme.slide
        side = (box.w - grid.column_gap) / 2
        body_y = box.y + self.heights.band(columns, box.w)
        size, height = self.heights.heading_bar(columns, box.w)
        inner = self.heights.heading_width(box.w)
        bars = [
            replace(
                edged(Box(box.x + index * (side + grid.column_gap), box.y, side, 0.0)), h=height
            )
            for index in range(2)
        ]
        for index, column in enumerate((columns.left, columns.right)):
            x = box.x + index * (side + grid.column_gap)
            if column.heading:
                yield self.heading_frame(column, size, bars[index], inner)
            yield from self.stack(
                column.blocks, scale, Box(x, body_y, side, box.y + box.h - body_y)
            )

    def gallery(self, images: Sequence[Image], area: Box) -> Iterator[ImageFrame]:
        """Yield the frames of images written one after another (or of one image) within
        the text's edges of ``area``: in rows, in reading order (``gallery.arranged``), the
        rows centred in ``area``."""
        boxes, tall = self.arranged(images, edged(area))
        down = (area.h - tall) / 2
        for image, box in zip(images, boxes, strict=True):
            box = replace(box, y=box.y + down)
            caption = 0.0 if image.src in self.pictures else self.sizes.caption_size(image, box)
            yield ImageFrame(box, image, self.pictures.get(image.src), caption)

    def arranged(self, images: Sequence[Image], area: Box) -> tuple[list[Box], float]:
        """Return where ``images`` go in ``area`` (``gallery.arranged``), and the height
        their rows take."""
        shapes = [shape_of(self.pictures.get(image.src)) for image in images]
        grid = self.theme.slide
        return arranged(shapes, area, grid.column_gap, grid.gap)

    def shown(self, images: Sequence[Image], width: float, height: float) -> float:
        """Return the area ``images`` are shown in, arranged in a box ``width`` by
        ``height``."""
        boxes, _ = self.arranged(images, Box(0.0, 0.0, width, height))
        return sum(box.w * box.h for box in boxes)


def shape_of(picture: Picture | None) -> Shape:
    """Return what the arrangement needs of a picture: its aspect (a missing picture's
    placeholder is 16:9), and the widest it may be drawn (``LEAST_PPI``)."""
    if picture is None:
        return Shape(16 / 9)
    return Shape(picture.width / picture.height, picture.width / LEAST_PPI)
