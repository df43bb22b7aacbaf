"""fit: the icons inside the lines of a box of one paragraph (a slide's title, a table's cell),
each placed where the fit sets its word, as ``place.Placer.inline_frames`` places a body's.

Such a box aligns its lines (left, centred or right) and stands them at its top, middle or
foot: an icon's place on its line is found from where its word is set (``Measurer.icon_lines``),
the line's width and the box's alignment and anchor, as PowerPoint, LibreOffice and the slide
PDF set the same lines in the same room (``geometry.slack_inset``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from exporter.fit.scale import lines_height
from exporter.geometry import (
    CELL_INSET,
    HEADING_INSET,
    INLINE_MARGIN,
    POINTS_PER_INCH,
    TEXT_INSET,
    WIDTH_SLACK,
    Box,
    ImageFrame,
    icon_box,
)
from exporter.measure import Measurer
from exporter.model import Runs, Table, inline_icons, muted_icons
from exporter.resources import Picture


@dataclass(frozen=True)
class Setting:
    """How a box sets its one paragraph: where its text goes and how it is aligned."""

    room: Box
    """The room inside the box's insets."""
    align: str = "left"
    """``left``, ``center`` or ``right`` (anything else reads as ``left``)."""
    anchor: str = "top"
    """``top``, ``middle`` or ``bottom``."""
    role: str = "body"
    """The font role its text is set in."""
    bold: bool = False
    """Whether all of it is bold (a title, a table's header)."""


def inside(box: Box, inset: tuple[float, float]) -> Box:
    """Return the room inside ``box`` at ``inset`` (left and right, top and bottom)."""
    return Box(box.x + inset[0], box.y + inset[1], box.w - 2 * inset[0], box.h - 2 * inset[1])


def icon_frames(
    measure: Measurer,
    pictures: Mapping[str, Picture],
    runs: Runs,
    size: float,
    setting: Setting,
) -> Iterator[ImageFrame]:
    """Yield the frames of the icons inside the lines of ``runs`` set at ``size`` as
    ``setting`` says: each a line high (``icon_box``) in the middle of its word's room and
    of its line."""
    icons = inline_icons(runs)
    if not icons:
        return
    room = setting.room
    places, widths = measure.icon_lines(runs, size, room.w, setting.role, setting.bold)
    height = lines_height(len(widths), size)
    top = room.y + {"middle": (room.h - height) / 2, "bottom": room.h - height}.get(
        setting.anchor, 0.0
    )
    limit = room.w * WIDTH_SLACK  # the width its lines wrap in (``geometry.slack_inset``)
    faded = muted_icons(runs)
    for icon, (line, x), fade in zip(icons, places, faded, strict=True):
        picture = pictures.get(icon.src)
        width, tall = icon_box(None if picture is None else picture.width / picture.height, size)
        spare = limit - widths[line]
        start = {"center": spare / 2, "right": spare}.get(setting.align, 0.0)
        left = room.x + start + x + INLINE_MARGIN * size / POINTS_PER_INCH
        middle = top + lines_height(line, size) + lines_height(1, size) / 2
        yield ImageFrame(Box(left, middle - tall / 2, width, tall), icon, picture, 0.0, fade)


def title_icons(
    measure: Measurer,
    pictures: Mapping[str, Picture],
    runs: Runs,
    size: float,
    box: Box,
    align: str,
    anchor: str,
) -> tuple[ImageFrame, ...]:
    """Return the icons inside a title's lines (``runs`` as drawn, at ``size`` in ``box``,
    bold in the heading font, aligned and anchored as its box is)."""
    setting = Setting(inside(box, TEXT_INSET), align, anchor, "heading", bold=True)
    return tuple(icon_frames(measure, pictures, runs, size, setting))


def subtitle_icons(
    measure: Measurer,
    pictures: Mapping[str, Picture],
    runs: Runs,
    size: float,
    box: Box,
    align: str,
) -> tuple[ImageFrame, ...]:
    """Return the icons inside a section header's subtitle (at its box's top, in the body
    font)."""
    setting = Setting(inside(box, TEXT_INSET), align, "top", "body")
    return tuple(icon_frames(measure, pictures, runs, size, setting))


def cell_icons(
    measure: Measurer,
    pictures: Mapping[str, Picture],
    table: Table,
    box: Box,
    size: float,
    widths: tuple[float, ...],
    heights: tuple[float, ...],
) -> Iterator[ImageFrame]:
    """Yield the icons inside a table's cells, row by row, each cell's in order: a cell's
    lines set in its column's width and alignment, the header's bold on its row's middle,
    a body row's at its top (as the writers draw them)."""
    top = box.y
    for index, (row, height) in enumerate(zip((table.header, *table.rows), heights, strict=True)):
        left = box.x
        for cell, width, align in zip(row, widths, table.align, strict=True):
            if any(run.style.icon is not None for run in cell):
                room = inside(Box(left, top, width, height), CELL_INSET)
                anchor = "middle" if index == 0 else "top"
                setting = Setting(room, align or "left", anchor, "body", bold=index == 0)
                yield from icon_frames(measure, pictures, cell, size, setting)
            left += width
        top += height


def heading_icons(
    measure: Measurer,
    pictures: Mapping[str, Picture],
    runs: Runs,
    size: float,
    bar: Box,
    room: float,
) -> tuple[ImageFrame, ...]:
    """Return the icons among the words of a column heading's label (``runs`` at ``size``
    in its ``bar``, bold in the heading font, after the ``room`` of the icons it was written
    after, left-aligned in the bar's middle)."""
    inner = inside(bar, HEADING_INSET)
    setting = Setting(
        Box(inner.x + room, inner.y, inner.w - room, inner.h), "left", "middle", "heading", True
    )
    return tuple(icon_frames(measure, pictures, runs, size, setting))
