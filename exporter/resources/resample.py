"""resources: each picture of a laid-out deck resampled to about twice the largest size it is
shown at, a step after the fit (which decides frames only) and before the writers.

A picture is decoded no larger than a slide's whole body at ``SHOWN_PPI`` (``largest_picture``,
the cap ``load_pictures`` takes), then shrunk here to what its frames show of it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace

from exporter.geometry import (
    Frame,
    HeadingFrame,
    ImageFrame,
    LaidOutDeck,
    PlacedSlide,
    TableFrame,
    TextFrame,
    pictured_frames,
)
from exporter.resources.images import Picture, greyed, scaled
from exporter.theme import Theme

SHOWN_PPI = 192
"""Pixels per inch a picture keeps at the size it is shown (twice a screen's 96)."""


def largest_picture(theme: Theme) -> tuple[int, int]:
    """Return the most pixels a picture needs on ``theme``: a slide's whole body at
    ``SHOWN_PPI``."""
    grid = theme.slide
    width, height = grid.width - 2 * grid.margin, grid.body_bottom - grid.body_top
    return round(width * SHOWN_PPI), round(height * SHOWN_PPI)


def resample_pictures(laid: LaidOutDeck) -> LaidOutDeck:
    """Return ``laid`` with each picture shrunk to about twice the largest size it is shown.

    A 6000-pixel photo in a 4-inch box would make the deck and the PDF needlessly heavy.
    """
    needed = shown_sizes(laid.slides)
    if not needed:
        return laid
    smaller: dict[int, Picture] = {}
    for frame in image_frames(laid.slides):
        assert frame.picture is not None
        if id(frame.picture) not in smaller:
            smaller[id(frame.picture)] = scaled(frame.picture, *needed[id(frame.picture)])

    greys: dict[int, Picture] = {}  # each greyed picture, by its shrunk one's id

    def shrunk_picture(frame: ImageFrame) -> ImageFrame:
        if frame.picture is None:
            return frame
        picture = smaller[id(frame.picture)]
        if frame.faded:  # an icon among muted words: greyed as they are
            if id(picture) not in greys:
                greys[id(picture)] = greyed(picture)
            picture = greys[id(picture)]
        return replace(frame, picture=picture)

    def shrunk(frame: Frame) -> Frame:
        if isinstance(frame, ImageFrame):
            return shrunk_picture(frame)
        if isinstance(frame, TextFrame | TableFrame | HeadingFrame) and frame.inline:
            inline = tuple(shrunk_picture(icon) for icon in frame.inline)
            frame = replace(frame, inline=inline)
        if isinstance(frame, TextFrame | HeadingFrame) and frame.icons:
            return replace(frame, icons=tuple(shrunk_picture(icon) for icon in frame.icons))
        return frame

    slides = tuple(
        replace(
            placed,
            frames=tuple(shrunk(f) for f in placed.frames),
            title_icons=tuple(shrunk_picture(icon) for icon in placed.title_icons),
        )
        for placed in laid.slides
    )
    return replace(laid, slides=slides)


def shown_sizes(slides: Sequence[PlacedSlide]) -> dict[int, tuple[int, int]]:
    """Return the pixels each picture needs, by its id: the largest width and the largest
    height it is shown at, at ``SHOWN_PPI``."""
    needed: dict[int, tuple[int, int]] = {}
    for frame in image_frames(slides):
        assert frame.picture is not None
        width, height = (round(side * SHOWN_PPI) for side in (frame.box.w, frame.box.h))
        known = needed.get(id(frame.picture), (0, 0))
        needed[id(frame.picture)] = (max(known[0], width), max(known[1], height))
    return needed


def image_frames(slides: Sequence[PlacedSlide]) -> Iterator[ImageFrame]:
    """Yield the frames of ``slides`` that show a picture (a text's icons too)."""
    for placed in slides:
        for frame in pictured_frames(placed):
            if frame.picture is not None:
                yield frame
