"""template: the drawing of one master or layout part read as ``Art`` (see ``backdrop``).

Shapes are read in z-order, placeholders and hidden shapes left out, groups' children placed
through the group's ``a:chOff``/``a:chExt``. A shape's fill and outline are its own, else its
style's (``p:style``: ``a:fillRef`` and ``a:lnRef`` into the theme's format scheme, ``phClr``
standing for the reference's colour). Whatever cannot be drawn is named in ``notes``.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree
from PIL import Image

from exporter.geometry import Box
from exporter.template.art import Art, ArtKind, Turn
from exporter.template.colors import (
    A,
    Gradient,
    P,
    Palette,
    gradient_of,
    local,
    number,
    pattern_of,
    resolve,
)
from exporter.template.opc import Package
from exporter.template.text import read_text

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
EMU = 914_400
DEFAULT_LINE = 9525
"""A line's width (EMU) when nothing gives one: 0.75 pt."""
FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}
"""The picture formats the PDF embeds (as Pillow names them) and their media types."""
SHAPES = ("rect", "roundRect", "ellipse")
LINES = ("line", "straightConnector1")
FILLS = ("noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill")
FILL_NAMES = {"gradFill": "a gradient fill", "pattFill": "a pattern fill", "grpFill": "a fill"}
GRAPHICS = {"chart": "a chart", "diagram": "SmartArt", "table": "a table", "ole": "an OLE object"}
STYLE_LISTS = {"fillRef": "fillStyleLst", "lnRef": "lnStyleLst", "effectRef": "effectStyleLst"}


@dataclass(frozen=True)
class Place:
    """Maps a shape's EMU coordinates to inches on the slide, through its groups."""

    sx: float = 1 / EMU
    sy: float = 1 / EMU
    dx: float = 0.0
    dy: float = 0.0

    def box(self, xfrm: etree._Element | None) -> Box | None:
        """Return the box of an ``a:xfrm`` (``None`` when it has no offset or extent)."""
        off = None if xfrm is None else xfrm.find(f"{{{A}}}off")
        ext = None if xfrm is None else xfrm.find(f"{{{A}}}ext")
        if off is None or ext is None:
            return None
        x, y = number(off.get("x")), number(off.get("y"))
        w, h = number(ext.get("cx")), number(ext.get("cy"))
        return Box(x * self.sx + self.dx, y * self.sy + self.dy, w * self.sx, h * self.sy)

    def inside(self, xfrm: etree._Element) -> Place | None:
        """Return where a group's children go: its ``a:chOff``/``a:chExt`` onto its box."""
        own = self.box(xfrm)
        child_off, child_ext = xfrm.find(f"{{{A}}}chOff"), xfrm.find(f"{{{A}}}chExt")
        if own is None or child_off is None or child_ext is None:
            return None
        cw, ch = number(child_ext.get("cx")), number(child_ext.get("cy"))
        sx = own.w / cw if cw else self.sx
        sy = own.h / ch if ch else self.sy
        x, y = number(child_off.get("x")), number(child_off.get("y"))
        return Place(sx, sy, own.x - x * sx, own.y - y * sy)


@dataclass
class Reader:
    """Reads the drawing of one master or layout part."""

    package: Package
    part: str
    where: str
    """How a warning names the part: ``the master``, ``the layout 'Title Only'``."""
    palette: Palette
    master: etree._Element
    theme: etree._Element | None
    theme_part: str
    notes: list[str]

    def note(self, what: str) -> None:
        """Name something the PDF leaves out."""
        self.notes.append(f"{what} on {self.where}")

    def color(self, holder: etree._Element, palette: Palette | None = None) -> str | None:
        """Return the colour inside ``holder``, naming the transforms left out."""
        color, left_out = resolve(holder, palette or self.palette)
        for name in left_out:
            self.note(f"a colour's {name}")
        return color

    def style(self, ref: etree._Element, kind: str) -> etree._Element | None:
        """Return what a style reference (``a:fillRef``, ``a:lnRef``, ``a:effectRef``,
        ``p:bgRef``) points at in the theme's format scheme, ``None`` for nothing."""
        index, name = int(number(ref.get("idx"))), STYLE_LISTS.get(kind, "fillStyleLst")
        if kind == "bgRef" and index > 1000:
            name, index = "bgFillStyleLst", index - 1000
        if self.theme is None or index < 1:
            return None
        styles = self.theme.find(f"{{{A}}}themeElements/{{{A}}}fmtScheme/{{{A}}}{name}")
        found = [] if styles is None else [e for e in styles if isinstance(e.tag, str)]
        return found[index - 1] if index <= len(found) else None

    def referred(
        self, ref: etree._Element | None, kind: str
    ) -> tuple[etree._Element | None, Palette]:
        """Return what a style reference points at, and the palette its ``phClr`` needs."""
        if ref is None:
            return None, self.palette
        return self.style(ref, kind), self.palette.with_placeholder(self.color(ref))

    # The background ---------------------------------------------------------------------

    def background(self, size: Box) -> tuple[str | None, Art | None, Gradient | None]:
        """Return the part's background: a colour, a picture over the slide, or a gradient
        (with its average colour)."""
        bg = self.package.xml(self.part).find(f"{{{P}}}cSld/{{{P}}}bg")
        properties = None if bg is None else bg.find(f"{{{P}}}bgPr")
        if bg is None:
            return None, None, None
        if properties is not None:
            fill, palette, part = fill_element(properties), self.palette, self.part
        else:
            fill, palette = self.referred(bg.find(f"{{{P}}}bgRef"), "bgRef")
            part = self.theme_part
        kind = "noFill" if fill is None else local(fill)
        if fill is None or kind == "noFill":
            return None, None, None
        if kind == "solidFill":
            return self.color(fill, palette), None, None
        if kind == "blipFill":
            picture = self.picture_art(fill, size, part, "the background")
            return (None if picture is None else mean_color(picture.data)), picture, None
        gradient = gradient_of(fill, palette) if kind == "gradFill" else None
        if gradient is not None:
            return gradient.mean, None, gradient
        self.note(f"{FILL_NAMES.get(kind, 'a fill')} on the background")
        return None, None, None

    # Shapes -----------------------------------------------------------------------------

    def shapes(self) -> Iterator[Art]:
        """Return the part's shapes, bottom first, placeholders left out."""
        tree = self.package.xml(self.part).find(f"{{{P}}}cSld/{{{P}}}spTree")
        if tree is not None:
            yield from self.walk(tree, Place())

    def walk(self, tree: etree._Element, place: Place) -> Iterator[Art]:
        """Return the drawing of each shape in a shape tree or group."""
        for element in tree:
            if not isinstance(element.tag, str) or hidden(element) or placeholder(element):
                continue
            kind = local(element)
            if kind in ("sp", "cxnSp"):
                yield from self.shape(element, place)
            elif kind == "pic":
                yield from self.picture(element, place)
            elif kind == "grpSp":
                yield from self.group(element, place)
            elif kind == "graphicFrame":
                data = element.find(f".//{{{A}}}graphicData")
                uri = "" if data is None else data.get("uri", "").lower()
                self.note(next((v for k, v in GRAPHICS.items() if k in uri), "a graphic"))
            elif kind == "AlternateContent":
                fallback = element.find(f"{{{MC}}}Fallback")
                if fallback is not None:
                    yield from self.walk(fallback, place)
            elif kind == "contentPart":
                self.note("ink")

    def group(self, group: etree._Element, place: Place) -> Iterator[Art]:
        """Return a group's children, placed through the group's transform."""
        xfrm = group.find(f"{{{P}}}grpSpPr/{{{A}}}xfrm")
        if xfrm is not None and (number(xfrm.get("rot")) or turn(xfrm).flip_h or turn(xfrm).flip_v):
            self.note("a rotated or flipped group")
            return
        inner = place if xfrm is None else place.inside(xfrm)
        if inner is not None:
            yield from self.walk(group, inner)

    def shape(self, shape: etree._Element, place: Place) -> Iterator[Art]:
        """Return a shape, connector or text box (nothing, named, when it cannot be drawn)."""
        props = shape.find(f"{{{P}}}spPr")
        xfrm = None if props is None else props.find(f"{{{A}}}xfrm")
        box = place.box(xfrm)
        geometry = None if props is None or box is None else self.geometry(props)
        if props is None or xfrm is None or box is None or geometry is None:
            return
        self.effects(shape, props)
        line, width = self.outline(shape, props)
        if geometry in LINES:
            if line is not None:
                yield Art(ArtKind.LINE, box, line=line, line_width=width, turn=turn(xfrm))
            return
        fill, gradient = self.fill(shape, props)
        text = read_text(shape, self.color, self.master, self.theme)
        if fill is None and line is None and text is None:
            return
        text_box = shape.find(f"{{{P}}}nvSpPr/{{{P}}}cNvSpPr[@txBox='1']") is not None
        corner = min(box.w, box.h) * corner_share(props) if geometry == "roundRect" else 0.0
        kind = ArtKind.TEXT if text_box else ArtKind.SHAPE
        yield Art(
            kind, box, fill, line, width, geometry, corner, turn(xfrm), text=text, gradient=gradient
        )

    def geometry(self, props: etree._Element) -> str | None:
        """Return a shape's preset geometry if it can be drawn, else name it."""
        preset = props.find(f"{{{A}}}prstGeom")
        if preset is None:
            custom = props.find(f"{{{A}}}custGeom") is not None
            self.note("a freeform shape" if custom else "a shape without geometry")
            return None
        name = preset.get("prst", "")
        if name not in SHAPES + LINES:
            self.note(f"a '{name}' shape")
            return None
        return name

    def fill(self, shape: etree._Element, props: etree._Element) -> tuple[str | None, str | None]:
        """Return a shape's fill (its own, else its style's): its colour, and the CSS image
        of a gradient drawn over it; a pattern is its mean colour. Names other fills."""
        own, palette = fill_element(props), self.palette
        if own is None:
            own, palette = self.referred(shape.find(f"{{{P}}}style/{{{A}}}fillRef"), "fillRef")
        kind = "noFill" if own is None else local(own)
        if own is None or kind == "noFill":
            return None, None
        if kind == "solidFill":
            return self.color(own, palette), None
        if kind == "gradFill" and (gradient := gradient_of(own, palette)) is not None:
            return gradient.mean, gradient.css
        if kind == "pattFill" and (color := pattern_of(own, palette)) is not None:
            return color, None
        self.note(FILL_NAMES.get(kind, "a picture fill in a shape"))
        return None, None

    def outline(self, shape: etree._Element, props: etree._Element) -> tuple[str | None, float]:
        """Return a shape's outline colour and width in points (``None`` for no outline)."""
        own = props.find(f"{{{A}}}ln")
        themed, palette = self.referred(shape.find(f"{{{P}}}style/{{{A}}}lnRef"), "lnRef")
        lines = [e for e in (own, themed) if e is not None]
        width = next((number(e.get("w")) for e in lines if e.get("w")), DEFAULT_LINE)
        fill = next((f for f in (fill_element(e) for e in lines) if f is not None), None)
        kind = "noFill" if fill is None else local(fill)
        if fill is None or kind == "noFill":
            return None, 0.0
        if kind != "solidFill":
            self.note(f"{FILL_NAMES.get(kind, 'a fill')} on a line")
            return None, 0.0
        dash = next((d for d in (e.find(f"{{{A}}}prstDash") for e in lines) if d is not None), None)
        if dash is not None and dash.get("val", "solid") != "solid":
            self.note("a dashed line (drawn solid)")
        return self.color(fill, palette if fill_element(own) is None else self.palette), (
            width * 72 / EMU
        )

    def effects(self, shape: etree._Element, props: etree._Element) -> None:
        """Name the shape's shadows, glows and other effects, which are not drawn."""
        effects = props.find(f"{{{A}}}effectLst")
        if effects is None:
            style, _ = self.referred(shape.find(f"{{{P}}}style/{{{A}}}effectRef"), "effectRef")
            effects = None if style is None else style.find(f"{{{A}}}effectLst")
        for effect in [] if effects is None else effects:
            if isinstance(effect.tag, str):
                self.note(f"an effect ({local(effect)})")
        if props.find(f"{{{A}}}scene3d") is not None or props.find(f"{{{A}}}sp3d") is not None:
            self.note("a 3-D effect")

    # Pictures ---------------------------------------------------------------------------

    def picture(self, picture: etree._Element, place: Place) -> Iterator[Art]:
        """Return a picture shape (nothing, named, when its picture cannot be drawn)."""
        props = picture.find(f"{{{P}}}spPr")
        xfrm = None if props is None else props.find(f"{{{A}}}xfrm")
        box, fill = place.box(xfrm), picture.find(f"{{{P}}}blipFill")
        if props is None or xfrm is None or box is None or fill is None:
            return
        art = self.picture_art(fill, box, self.part, "a picture")
        if art is not None:
            self.effects(picture, props)
            line, width = self.outline(picture, props)
            yield Art(
                ArtKind.PICTURE,
                box,
                None,
                line,
                width,
                turn=turn(xfrm),
                data=art.data,
                media_type=art.media_type,
            )

    def picture_art(self, fill: etree._Element, box: Box, part: str, what: str) -> Art | None:
        """Return the picture of a ``blipFill`` stretched over ``box``, cropped as it says;
        ``None``, named, when it is linked, tiled, or not PNG, JPEG or GIF."""
        blip = fill.find(f"{{{A}}}blip")
        rid = "" if blip is None else blip.get(f"{{{R}}}embed", "")
        target = self.package.target(part, rid) if rid else None
        if blip is None or target is None or target.external:
            self.note(f"a linked picture ({what})")
            return None
        if fill.find(f"{{{A}}}tile") is not None:
            self.note(f"a tiled picture ({what})")
            return None
        if any(isinstance(e.tag, str) and local(e) != "extLst" for e in blip):
            self.note(f"a recoloured or transparent picture ({what}, drawn as it is)")
        data = self.package.parts.get(target.target)
        picture = None if data is None else checked(data, fill.find(f"{{{A}}}srcRect"))
        if picture is None:
            name = target.target.rsplit(".", 1)[-1].upper()
            self.note(f"a {name} picture that cannot be drawn ({what})")
            return None
        return Art(ArtKind.PICTURE, box, data=picture[0], media_type=picture[1])


def mean_color(data: bytes) -> str | None:
    """Return the average colour (``RRGGBB``) of a picture Pillow reads, its transparent
    parts taken as white (a slide's paper), else ``None``: the colour a background picture
    shows text on, as a gradient's mean is."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.draft("RGB", (64, 64))  # a JPEG decoded small, at a fraction of the cost
            small = image.convert("RGBA")
            small.thumbnail((64, 64))
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
    paper = Image.new("RGBA", small.size, "white")
    pixels = Image.alpha_composite(paper, small).convert("RGB").resize((1, 1), Image.Resampling.BOX)
    red, green, blue = pixels.getpixel((0, 0))  # type: ignore[misc]
    return f"{red:02X}{green:02X}{blue:02X}"


def fill_element(holder: etree._Element | None) -> etree._Element | None:
    """Return the fill element directly inside ``holder`` (``a:solidFill``...), if any."""
    if holder is None:
        return None
    return next((e for e in holder if isinstance(e.tag, str) and local(e) in FILLS), None)


def hidden(element: etree._Element) -> bool:
    """Return whether a shape is hidden (``hidden="1"`` on its non-visual properties)."""
    found = element.find(f"*/{{{P}}}cNvPr")
    return found is not None and found.get("hidden") in ("1", "true")


def placeholder(element: etree._Element) -> bool:
    """Return whether a shape is a placeholder (the content goes there: it is not drawn)."""
    return element.find(f"*/{{{P}}}nvPr/{{{P}}}ph") is not None


def turn(xfrm: etree._Element) -> Turn:
    """Return an ``a:xfrm``'s rotation and flips."""
    flips = (xfrm.get(name) in ("1", "true") for name in ("flipH", "flipV"))
    return Turn(number(xfrm.get("rot")) / 60_000, *flips)


def corner_share(props: etree._Element) -> float:
    """Return a rounded rectangle's corner radius as a share of its shorter side."""
    guide = props.find(f"{{{A}}}prstGeom/{{{A}}}avLst/{{{A}}}gd[@name='adj']")
    formula = "" if guide is None else guide.get("fmla", "")
    value = number(formula.split()[-1]) if formula.startswith("val ") else 16_667
    return min(max(value, 0.0), 50_000) / 100_000


def checked(data: bytes, crop: etree._Element | None) -> tuple[bytes, str] | None:
    """Return a picture's bytes and media type if Pillow reads it as PNG, JPEG or GIF (cropped
    as ``a:srcRect`` says, then as a PNG), else ``None``."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.load()
            kind = FORMATS.get(image.format or "")
            edges = [0.0] * 4 if crop is None else [number(crop.get(s)) / 100_000 for s in "ltrb"]
            if kind is None or not any(edges):
                return None if kind is None else (data, kind)
            if min(edges) < 0 or edges[0] + edges[2] >= 1 or edges[1] + edges[3] >= 1:
                return None
            w, h = image.size
            area = (w * edges[0], h * edges[1], w * (1 - edges[2]), h * (1 - edges[3]))
            out = io.BytesIO()
            left, top, right, bottom = (round(v) for v in area)
            image.crop((left, top, right, bottom)).save(out, "PNG")
            return out.getvalue(), "image/png"
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        return None
