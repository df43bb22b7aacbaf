"""fit: images written one after another, arranged in rows, in order: either each row's
images one height, as wide together as the area (a justified gallery), the whole scaled to
fit; or each in an even cell of its row, the rows sharing the height evenly (a grid).

Every way of cutting the images into rows in their order is tried both ways (for up to
``EVERY_CUT`` images; more are cut into rows of as near one length as can be) and the one
kept where each image is shown largest compared with the area it would have alone, as their
geometric mean: so that no picture becomes a sliver for the others to be large (a wide strip
takes a row of its own over a photo and a portrait; a banner between a diagram and a photo
keeps to its cell rather than shrink them to its height). A tie goes to fewer rows, then to
the justified rows.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from exporter.geometry import Box

EVERY_CUT = 8
"""The most images for which every cut into rows is tried (2 ** 7 = 128 cuts)."""


@dataclass(frozen=True)
class Shape:
    """What the arrangement needs of a picture: its aspect, and the widest it may be drawn."""

    aspect: float
    """Width over height."""
    widest: float = math.inf
    """The widest it may be drawn, in inches (a small picture is not enlarged past
    ``place.LEAST_PPI``)."""

    def fitted(self, width: float, height: float) -> tuple[float, float]:
        """Return its width and height drawn as large as fits ``width`` by ``height``."""
        drawn = max(0.0, min(width, height * self.aspect, self.widest))
        return drawn, drawn / self.aspect


def cuts(count: int) -> Iterator[tuple[int, ...]]:
    """Yield the lengths of the rows ``count`` images in order can be cut into, one row
    first; past ``EVERY_CUT`` images, only rows of as near one length as can be."""
    if count <= EVERY_CUT:
        for rows in range(1, count + 1):
            yield from compositions(count, rows)
        return
    for rows in range(1, count + 1):
        short, longer = divmod(count, rows)
        yield tuple(short + 1 if row < longer else short for row in range(rows))


def compositions(count: int, rows: int) -> Iterator[tuple[int, ...]]:
    """Yield each way of writing ``count`` as ``rows`` lengths of one or more, in order, the
    longer first rows first (of two cuts as good, two pictures over one is kept)."""
    if rows == 1:
        yield (count,)
        return
    for first in range(count - rows + 1, 0, -1):
        for rest in compositions(count - first, rows - 1):
            yield (first, *rest)


def arranged(
    shapes: Sequence[Shape], area: Box, across: float, down: float
) -> tuple[list[Box], float]:
    """Return where each of ``shapes`` is drawn in ``area`` (in order), ``across`` apart in
    a row and rows ``down`` apart, each row centred, the whole at the top of ``area``; and
    the height the rows take."""
    best: tuple[float, list[Box], float] | None = None
    alone = [max(1e-9, area_of(shape.fitted(area.w, area.h))) for shape in shapes]
    for lengths in cuts(len(shapes)):
        for rows in (rows_of, cells_of):
            boxes, height = rows(shapes, lengths, area, across, down)
            score = sum(
                math.log(max(1e-12, box.w * box.h) / whole)
                for box, whole in zip(boxes, alone, strict=True)
            )
            if best is None or score > best[0] + 1e-9:
                best = (score, boxes, height)
    assert best is not None, "no image to arrange"
    return best[1], best[2]


def rows_of(
    shapes: Sequence[Shape], lengths: Sequence[int], area: Box, across: float, down: float
) -> tuple[list[Box], float]:
    """Return the boxes of ``shapes`` cut into rows of ``lengths``: each row's images one
    height, the row as wide as ``area``, and every row scaled alike until all fit its height
    (no picture past its ``widest``, a row of pictures at their widest only as tall as
    they are); and the height the rows take."""
    rows: list[Sequence[Shape]] = []
    start = 0
    for length in lengths:
        rows.append(shapes[start : start + length])
        start += length
    heights = [(area.w - across * (len(row) - 1)) / sum(s.aspect for s in row) for row in rows]
    room = area.h - down * (len(rows) - 1)
    scale = min(1.0, room / sum(heights)) if sum(heights) > 0 else 0.0
    boxes: list[Box] = []
    y = area.y
    for row, height in zip(rows, heights, strict=True):
        sizes = [shape.fitted(height * scale * shape.aspect, height * scale) for shape in row]
        tall = max(drawn for _, drawn in sizes)  # less where its pictures are at their widest
        x = area.x + (area.w - sum(w for w, _ in sizes) - across * (len(row) - 1)) / 2
        for width, drawn in sizes:
            boxes.append(Box(x, y + (tall - drawn) / 2, width, drawn))
            x += width + across
        y += tall + down
    return boxes, y - down - area.y


def cells_of(
    shapes: Sequence[Shape], lengths: Sequence[int], area: Box, across: float, down: float
) -> tuple[list[Box], float]:
    """Return the boxes of ``shapes`` cut into rows of ``lengths`` as a grid of even cells:
    the rows share the height of ``area`` evenly, a row's cells its width; each picture as
    large as its cell lets it be, a row as tall as its tallest, its pictures ``across``
    apart and centred together (a wide banner beside a photo keeps to its cell rather than
    taking the row's width); and the height the rows take."""
    room = (area.h - down * (len(lengths) - 1)) / len(lengths)
    boxes: list[Box] = []
    y, start = area.y, 0
    for length in lengths:
        row = shapes[start : start + length]
        start += length
        cell = (area.w - across * (length - 1)) / length
        sizes = [shape.fitted(cell, room) for shape in row]
        tall = max(drawn for _, drawn in sizes)
        x = area.x + (area.w - sum(w for w, _ in sizes) - across * (length - 1)) / 2
        for width, drawn in sizes:
            boxes.append(Box(x, y + (tall - drawn) / 2, width, drawn))
            x += width + across
        y += tall + down
    return boxes, y - down - area.y


def area_of(size: tuple[float, float]) -> float:
    """Return the area of a (width, height)."""
    return size[0] * size[1]
