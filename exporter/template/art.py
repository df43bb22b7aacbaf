"""template: the model of what a template draws behind a slide's content (``Backdrop``).

Frozen and hashable, of tuples and bytes, so that a theme holding backdrops can be cached and
sent to worker processes. Boxes are in inches from the slide's top-left corner, sizes and line
widths in points, colours ``RRGGBB``.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from exporter.geometry import Box


class ArtKind(enum.Enum):
    """What a piece of a backdrop is, and so how it is drawn."""

    PICTURE = "picture"
    SHAPE = "shape"
    LINE = "line"
    TEXT = "text"


@dataclass(frozen=True)
class Span:
    """A run of a text box's text (``"\\n"`` for a line break)."""

    text: str
    size: float
    """In points."""
    color: str
    bold: bool = False
    italic: bool = False
    font: str = ""
    """The typeface the template asks for, theme fonts (``+mn-lt``) resolved."""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of a text box: its runs and its alignment (``left``, ``center``...)."""

    spans: tuple[Span, ...]
    align: str = "left"


@dataclass(frozen=True)
class TextBody:
    """The text of a shape or text box."""

    paragraphs: tuple[Paragraph, ...]
    anchor: str = "top"
    """Where the text sits: ``top``, ``middle`` or ``bottom``."""
    inset: tuple[float, float, float, float] = (0.1, 0.05, 0.1, 0.05)
    """The margins in inches: left, top, right, bottom."""
    wrap: bool = True


@dataclass(frozen=True)
class Turn:
    """A shape's rotation (clockwise, in degrees, about its centre) and flips."""

    rotation: float = 0.0
    flip_h: bool = False
    flip_v: bool = False


@dataclass(frozen=True)
class Art:
    """One thing a backdrop draws: a picture, a shape, a line or a text box, at ``box``."""

    kind: ArtKind
    box: Box
    fill: str | None = None
    """A solid fill (shapes and text boxes)."""
    line: str | None = None
    """The outline's colour, or the line's."""
    line_width: float = 0.0
    """In points."""
    geometry: str = "rect"
    """``rect``, ``roundRect`` or ``ellipse`` (shapes and text boxes)."""
    corner: float = 0.0
    """A rounded rectangle's corner radius, in inches."""
    turn: Turn = Turn()
    data: bytes = field(default=b"", repr=False)
    """A picture's bytes: PNG, JPEG or GIF, which Pillow has read."""
    media_type: str = ""
    text: TextBody | None = None
    gradient: str | None = None
    """A shape's gradient fill, as the CSS image that draws it (over ``fill``, its mean)."""


@dataclass(frozen=True)
class Backdrop:
    """What a template draws behind the content of a slide on one layout."""

    color: str | None = None
    """A solid background."""
    picture: Art | None = None
    """A background picture, stretched over the slide."""
    shapes: tuple[Art, ...] = ()
    """The master's and then the layout's shapes, bottom first."""
    unsupported: tuple[str, ...] = ()
    """What the template shows and the PDF does not draw, as short phrases
    (``a pattern fill on the background of the master``), each once."""
    gradient: str | None = None
    """A gradient background, as the CSS image that draws it (over ``color``, its average)."""
