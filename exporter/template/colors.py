"""template: a template's colours, resolved to RRGGBB as PowerPoint resolves them.

A colour element gives a base colour: ``a:srgbClr``, ``a:sysClr`` (its last value),
``a:prstClr`` (a named colour), ``a:scrgbClr``, ``a:hslClr``, or ``a:schemeClr``, whose name
(``bg1``, ``tx1``, ``accent2``...) goes through a colour map (the master's ``p:clrMap`` or a
layout's ``p:clrMapOvr``) to a slot of the theme part's ``a:clrScheme`` (``phClr`` is the colour
a style reference passes in). Four transforms are applied, in document order, as PowerPoint
applies them:

- ``lumMod`` and ``lumOff`` scale and shift the colour's luminance in HSL;
- ``tint`` mixes the colour with white, ``shade`` with black, in linear RGB (gamma 2.3, as
  LibreOffice's import of PowerPoint files does).

Every other transform (``alpha``, ``satMod``, ``hueOff``...) is left out and named, so the
caller can say what the PDF does not show.
"""

from __future__ import annotations

import colorsys
import itertools
from collections.abc import Mapping
from dataclasses import dataclass

from lxml import etree

A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"
PERCENT = 100_000.0
GAMMA = 2.3
SCHEME_SLOTS = (
    "dk1",
    "lt1",
    "dk2",
    "lt2",
    "accent1",
    "accent2",
    "accent3",
    "accent4",
    "accent5",
    "accent6",
    "hlink",
    "folHlink",
)
DEFAULT_MAP = {
    "bg1": "lt1",
    "tx1": "dk1",
    "bg2": "lt2",
    "tx2": "dk2",
    **{f"accent{n}": f"accent{n}" for n in range(1, 7)},
    "hlink": "hlink",
    "folHlink": "folHlink",
}
"""The colour map PowerPoint's own masters carry, for a master that has none."""
PRESETS = {
    "black": "000000",
    "white": "FFFFFF",
    "red": "FF0000",
    "green": "008000",
    "lime": "00FF00",
    "blue": "0000FF",
    "yellow": "FFFF00",
    "cyan": "00FFFF",
    "magenta": "FF00FF",
    "gray": "808080",
    "ltGray": "D3D3D3",
    "dkGray": "A9A9A9",
    "silver": "C0C0C0",
    "navy": "000080",
    "orange": "FFA500",
    "purple": "800080",
}
"""The named colours (``a:prstClr``) templates use; others are reported as not drawn."""
TRANSFORMS = ("lumMod", "lumOff", "tint", "shade")
RGB = tuple[float, float, float]


@dataclass(frozen=True)
class Palette:
    """Where scheme colour names lead: the map (``bg1`` → ``lt1``) and the theme's slots."""

    slots: Mapping[str, str]
    """Each ``a:clrScheme`` slot (``dk1``, ``accent1``...) and its RRGGBB."""
    mapping: Mapping[str, str]
    """Each scheme colour name (``bg1``, ``tx1``...) and the slot it stands for."""
    placeholder: str | None = None
    """The colour ``phClr`` stands for, inside a style the theme's format scheme defines."""

    def scheme(self, name: str) -> str | None:
        """Return the RRGGBB of a scheme colour name, or ``None`` when nothing defines it."""
        if name == "phClr":
            return self.placeholder
        return self.slots.get(self.mapping.get(name, name))

    def with_placeholder(self, color: str | None) -> Palette:
        """Return this palette with ``phClr`` standing for ``color``."""
        return Palette(self.slots, self.mapping, color)


def theme_slots(theme: etree._Element) -> dict[str, str]:
    """Return the colour slots of a theme part (``a:theme``), missing slots left out."""
    scheme = theme.find(f"{{{A}}}themeElements/{{{A}}}clrScheme")
    empty = Palette({}, {})
    slots: dict[str, str] = {}
    for slot in SCHEME_SLOTS:
        element = None if scheme is None else scheme.find(f"{{{A}}}{slot}")
        color = None if element is None else resolve(element, empty)[0]
        if color is not None:
            slots[slot] = color
    return slots


def color_map(element: etree._Element | None) -> dict[str, str]:
    """Return a ``p:clrMap`` (or ``a:overrideClrMapping``) as a mapping, PowerPoint's default
    for ``None``."""
    if element is None:
        return dict(DEFAULT_MAP)
    return {**DEFAULT_MAP, **{str(key): str(value) for key, value in element.attrib.items()}}


def local(element: etree._Element) -> str:
    """Return an element's tag without its namespace."""
    return etree.QName(element).localname


def resolve(holder: etree._Element, palette: Palette) -> tuple[str | None, tuple[str, ...]]:
    """Return the RRGGBB of the first colour element inside ``holder`` (a ``a:solidFill``, a
    ``p:bgRef``...) with its transforms applied, and the transforms left out.

    The colour is ``None`` when ``holder`` holds no colour that can be resolved.
    """
    for element in holder:
        if not isinstance(element.tag, str):
            continue
        base = base_color(element, palette)
        if base is not None:
            return transformed(base, element)
    return None, ()


def base_color(element: etree._Element, palette: Palette) -> RGB | None:
    """Return the colour an element names before its transforms (``None`` when it is not a
    colour, or names a colour nothing defines)."""
    kind, get = local(element), element.get
    hexa: str | None = None
    if kind == "srgbClr":
        hexa = get("val")
    elif kind == "sysClr":
        hexa = get("lastClr") or {"windowText": "000000", "window": "FFFFFF"}.get(get("val", ""))
    elif kind == "prstClr":
        hexa = PRESETS.get(get("val", ""))
    elif kind == "schemeClr":
        hexa = palette.scheme(get("val", ""))
    elif kind == "scrgbClr":
        return from_linear(tuple(clamp(number(get(c)) / PERCENT) for c in "rgb"))
    elif kind == "hslClr":
        hue, sat, lum = number(get("hue")) / 60_000 / 360, number(get("sat")), number(get("lum"))
        return colorsys.hls_to_rgb(hue % 1.0, clamp(lum / PERCENT), clamp(sat / PERCENT))
    return None if hexa is None else from_hex(hexa)


def transformed(color: RGB, element: etree._Element) -> tuple[str | None, tuple[str, ...]]:
    """Return ``color`` with the four transforms under ``element`` applied, and the names of
    the others."""
    left_out: list[str] = []
    for change in element:
        if not isinstance(change.tag, str):
            continue
        name, value = local(change), number(change.get("val")) / PERCENT
        if name == "lumMod" or name == "lumOff":
            hue, lum, sat = colorsys.rgb_to_hls(*color)
            lum = clamp(lum * value if name == "lumMod" else lum + value)
            color = colorsys.hls_to_rgb(hue, lum, sat)
        elif name == "tint":
            color = from_linear(tuple(1 - (1 - c) * value for c in to_linear(color)))
        elif name == "shade":
            color = from_linear(tuple(c * value for c in to_linear(color)))
        else:
            left_out.append(name)
    return to_hex(color), tuple(left_out)


def number(text: str | None) -> float:
    """Return an attribute's number (0 when it is missing or not a number)."""
    try:
        return float(text) if text is not None else 0.0
    except ValueError:
        return 0.0


def clamp(value: float) -> float:
    """Return ``value`` within 0 and 1."""
    return min(max(value, 0.0), 1.0)


def from_hex(text: str) -> RGB | None:
    """Return an ``RRGGBB`` colour as three fractions, ``None`` when it is not one."""
    try:
        value = int(text, 16)
    except ValueError:
        return None
    if len(text) != 6:
        return None
    return (value >> 16) / 255, ((value >> 8) & 0xFF) / 255, (value & 0xFF) / 255


def to_hex(color: RGB) -> str:
    """Return three fractions as ``RRGGBB``."""
    return "".join(f"{round(clamp(c) * 255):02X}" for c in color)


def to_linear(color: RGB) -> RGB:
    """Return a colour's components in linear light (gamma 2.3)."""
    return (clamp(color[0]) ** GAMMA, clamp(color[1]) ** GAMMA, clamp(color[2]) ** GAMMA)


def from_linear(color: tuple[float, ...]) -> RGB:
    """Return linear components as a colour (gamma 1/2.3)."""
    red, green, blue = (clamp(c) ** (1 / GAMMA) for c in color)
    return red, green, blue


@dataclass(frozen=True)
class Gradient:
    """A gradient fill: its stops, and the CSS image that draws it."""

    stops: tuple[tuple[float, str], ...]
    """Each stop's position (0 to 1) and colour (RRGGBB), in order."""
    css: str
    """A ``linear-gradient()`` or ``radial-gradient()`` that draws it over its box."""

    @property
    def mean(self) -> str:
        """Return the gradient's average colour over its run (each channel's mean): the one
        colour text drawn on it is read on."""
        stops = self.stops
        ends = ((0.0, stops[0][1]), *stops, (1.0, stops[-1][1]))
        total = [0.0, 0.0, 0.0]
        for (start, one), (end, other) in itertools.pairwise(ends):
            for channel in range(3):
                a, b = (int(c[2 * channel : 2 * channel + 2], 16) for c in (one, other))
                total[channel] += (end - start) * (a + b) / 2
        return "".join(f"{round(clamp(value / 255) * 255):02X}" for value in total)


def gradient_of(fill: etree._Element, palette: Palette) -> Gradient | None:
    """Return a ``a:gradFill``'s stops and CSS, or ``None`` when a stop's colour cannot be
    resolved or it has none. A linear one runs at its angle (DrawingML's 0° runs left to
    right, as CSS's 90° does); a path one (circle, rectangle, shape) is drawn as a radial
    one from its focus (``a:fillToRect``'s left and top)."""
    stops = []
    for stop in fill.iterfind(f"{{{A}}}gsLst/{{{A}}}gs"):
        color = resolve(stop, palette)[0]
        if color is None:
            return None
        stops.append((clamp(number(stop.get("pos")) / 100_000), color))
    if not stops:
        return None
    stops.sort()
    listed = ", ".join(f"#{color} {position * 100:.1f}%" for position, color in stops)
    path = fill.find(f"{{{A}}}path")
    if path is not None:
        focus = path.find(f"{{{A}}}fillToRect")
        left, top = (number(None if focus is None else focus.get(k)) / 1000 for k in "lt")
        css = f"radial-gradient(farthest-corner at {left:g}% {top:g}%, {listed})"
    else:
        line = fill.find(f"{{{A}}}lin")
        angle = number(None if line is None else line.get("ang")) / 60_000
        css = f"linear-gradient({(angle + 90) % 360:g}deg, {listed})"
    return Gradient(tuple(stops), css)


PATTERN_SHARES = {"lt": 0.25, "dk": 0.75, "sm": 0.4, "lg": 0.2, "wd": 0.5, "nar": 0.3}
"""How much of a pattern its foreground covers, by its preset's prefix (``ltHorz``: light
horizontal lines, a quarter; ``pct20``: 20 %, by its number); others, a half."""


def pattern_of(fill: etree._Element, palette: Palette) -> str | None:
    """Return the colour a ``a:pattFill`` looks from a little way off: its background
    mixed with its foreground by the share of the pattern the foreground covers (the 8 by 8
    dots of its preset are not drawn); ``None`` when a colour cannot be resolved."""
    found = []
    for name, default in (("fgClr", "000000"), ("bgClr", "FFFFFF")):
        holder = fill.find(f"{{{A}}}{name}")
        color = default if holder is None else resolve(holder, palette)[0]
        if color is None:
            return None
        found.append(color)
    preset = fill.get("prst", "pct50")
    if preset.startswith("pct") and preset[3:].isdigit():
        share = int(preset[3:]) / 100
    else:
        share = next((v for k, v in PATTERN_SHARES.items() if preset.startswith(k)), 0.5)
    return mixed(found[1], found[0], share)


def mixed(one: str, other: str, share: float) -> str:
    """Return the colour ``share`` of the way from ``one`` to ``other`` (RGB hex)."""
    pairs = ((int(one[i : i + 2], 16), int(other[i : i + 2], 16)) for i in (0, 2, 4))
    return "".join(f"{round(a + (b - a) * share):02X}" for a, b in pairs)
