"""template: what a template draws behind a slide's content, and that drawing as HTML.

The slide PDF draws it first on every slide of a layout, so that the PDF shows what the deck
shows: the background (the layout's, else the master's: a solid colour or a stretched
picture), then the master's shapes (unless the layout hides them, ``showMasterSp="0"``), then
the layout's, each in z-order. Placeholders are left out: the content goes there.

Drawn: a background's colour, picture or gradient (linear at its angle, or radial from its
focus), pictures (PNG, JPEG, GIF, cropped as the template crops them), rectangles, rounded
rectangles and ellipses with a solid fill and outline, straight lines and connectors, text
boxes and text in shapes, groups of these, rotated and flipped; a shape's gradient fill, and
its pattern fill in its two colours' mix. Colours resolve as ``colors`` says. Not drawn, and
named in ``Backdrop.unsupported`` so that one warning can say what the PDF leaves out: a
background's pattern fill, other geometry (freeforms, arrows,
triangles...), charts, SmartArt, tables, OLE objects, shadows and other effects, rotated
groups, other colour transforms (such as transparency), other picture formats (EMF, SVG
without a fallback).
"""

from __future__ import annotations

import base64
import html
import math
from collections.abc import Callable

from lxml import etree

from exporter.errors import ExporterError, error
from exporter.geometry import Box
from exporter.template.art import Art, ArtKind, Backdrop, Paragraph, TextBody
from exporter.template.colors import A, P, Palette, color_map, number, theme_slots
from exporter.template.drawing import EMU, Reader
from exporter.template.opc import Package

__all__ = ["Art", "ArtKind", "Backdrop", "backdrop", "backdrop_html"]


def backdrop(package: Package, layout: str, path: str = "the template") -> Backdrop:
    """Return what ``package`` draws behind the content of a slide on the layout part
    ``layout`` (``path`` names the template in errors).

    Raises ``ExporterError`` when the layout, its master or the presentation part is missing
    or is not XML.
    """
    try:
        return read_backdrop(package, layout)
    except (KeyError, IndexError, etree.XMLSyntaxError) as problem:
        message = (
            f"{path}: the layout {layout}, its master or the presentation cannot be read "
            f"({problem}); open the template in PowerPoint and save it again"
        )
        raise ExporterError(error("template", message)) from None


def read_backdrop(package: Package, layout: str) -> Backdrop:
    """Return the backdrop of ``layout``; raises ``KeyError`` or ``IndexError`` for a missing
    part."""
    master = package.related(layout, "slideMaster")[0]
    themes = [t for t in package.related(master, "theme") if t in package.parts]
    theme = package.xml(themes[0]) if themes else None
    slots = theme_slots(theme) if theme is not None else {}
    master_root, layout_root = package.xml(master), package.xml(layout)
    master_map = color_map(master_root.find(f"{{{P}}}clrMap"))
    override = layout_root.find(f"{{{P}}}clrMapOvr/{{{A}}}overrideClrMapping")
    layout_map = color_map(override) if override is not None else master_map
    notes: list[str] = []
    common = (master_root, theme, themes[0] if themes else master, notes)
    name = layout_root.find(f"{{{P}}}cSld")
    label = f"the layout '{layout if name is None else name.get('name', layout)}'"
    readers = [
        Reader(package, master, "the master", Palette(slots, master_map), *common),
        Reader(package, layout, label, Palette(slots, layout_map), *common),
    ]
    has_own = layout_root.find(f"{{{P}}}cSld/{{{P}}}bg") is not None
    color, picture, gradient = readers[1 if has_own else 0].background(slide_size(package))
    if layout_root.get("showMasterSp") in ("0", "false"):
        readers = readers[1:]
    shapes = tuple(art for reader in readers for art in reader.shapes())
    css = None if gradient is None else gradient.css
    return Backdrop(color, picture, shapes, tuple(dict.fromkeys(notes)), css)


def slide_size(package: Package) -> Box:
    """Return the slide's box, in inches (10 by 7.5 when the deck gives none)."""
    size = package.xml(package.main).find(f"{{{P}}}sldSz")
    if size is None:
        return Box(0, 0, 10.0, 7.5)
    return Box(0, 0, number(size.get("cx")) / EMU, number(size.get("cy")) / EMU)


# HTML ---------------------------------------------------------------------------------------

Address = Callable[[Art], str]
"""Returns the address a picture is served at."""
Family = Callable[[str], str]
"""Returns the CSS font family that draws a typeface the template names."""


def data_address(art: Art) -> str:
    """Return a picture as a ``data:`` address."""
    return f"data:{art.media_type};base64,{base64.b64encode(art.data).decode('ascii')}"


def backdrop_html(
    backdrop: Backdrop, address: Address = data_address, family: Family = lambda name: name
) -> str:
    """Return a backdrop as absolutely positioned HTML (in inches), to put first inside a
    slide's box (which must be positioned). Pictures are at ``address(art)``, ``data:``
    addresses unless told; text is in ``family(typeface)``."""
    parts = []
    full = "left:0;top:0;width:100%;height:100%"
    if backdrop.color is not None:
        parts.append(f'<div style="{ABSOLUTE};{full};background:#{backdrop.color}"></div>')
    if backdrop.gradient is not None:
        parts.append(f'<div style="{ABSOLUTE};{full};background:{backdrop.gradient}"></div>')
    if backdrop.picture is not None:
        parts.append(art_html(backdrop.picture, address, family))
    parts.extend(art_html(art, address, family) for art in backdrop.shapes)
    return f'<div class="backdrop" aria-hidden="true">{"".join(parts)}</div>'


ABSOLUTE = "position:absolute;box-sizing:border-box;margin:0"


def inches(value: float) -> str:
    """Return a length in inches for CSS."""
    return f"{value:.4f}in"


def at(box: Box) -> str:
    """Return the CSS that puts an element at ``box``."""
    return (
        f"{ABSOLUTE};left:{inches(box.x)};top:{inches(box.y)};"
        f"width:{inches(box.w)};height:{inches(box.h)}"
    )


def art_html(art: Art, address: Address, family: Family) -> str:
    """Return one piece of a backdrop as HTML."""
    if art.kind is ArtKind.LINE:
        return line_html(art)
    turn = art.turn
    transform = f"rotate({turn.rotation:.3f}deg)" if turn.rotation else ""
    if art.kind is ArtKind.PICTURE:
        flips = f"scale({-1 if turn.flip_h else 1},{-1 if turn.flip_v else 1})"
        style = f"{at(art.box)};transform:{transform} {flips}"
        image = f'<img alt="" src="{html.escape(address(art))}" style="{style}"/>'
        return image + (outline_html(art, transform) if art.line else "")
    style = at(art.box) + (f";transform:{transform}" if transform else "")
    if art.fill is not None:
        style += f";background:#{art.fill}"
    if art.gradient is not None:
        style += f";background-image:{art.gradient}"
    if art.geometry == "ellipse":
        style += ";border-radius:50%"
    elif art.corner:
        style += f";border-radius:{inches(art.corner)}"
    text = "" if art.text is None else text_html(art.text, art.box, family)
    return f'<div style="{style}">{text}</div>' + (outline_html(art, transform) if art.line else "")


def outline_html(art: Art, transform: str) -> str:
    """Return a shape's outline: a border centred on its edge, as PowerPoint draws it."""
    half = art.line_width / 72 / 2
    box = Box(art.box.x - half, art.box.y - half, art.box.w + 2 * half, art.box.h + 2 * half)
    radius = "50%" if art.geometry == "ellipse" else inches(art.corner + half if art.corner else 0)
    style = f"{at(box)};border:{art.line_width:.2f}pt solid #{art.line};border-radius:{radius}" + (
        f";transform:{transform}" if transform else ""
    )
    return f'<div style="{style}"></div>'


def line_html(art: Art) -> str:
    """Return a line: a thin box along it, from one corner of its box to the other (flips
    choose which corners), turned about the box's centre."""
    box, turn = art.box, art.turn
    dx = -box.w if turn.flip_h else box.w
    dy = -box.h if turn.flip_v else box.h
    angle = math.degrees(math.atan2(dy, dx)) + turn.rotation
    length = math.hypot(box.w, box.h)
    width = max(art.line_width, 0.5) / 72
    cx, cy = box.x + box.w / 2, box.y + box.h / 2
    style = (
        f"{at(Box(cx - length / 2, cy - width / 2, length, width))};"
        f"background:#{art.line};transform:rotate({angle:.3f}deg)"
    )
    return f'<div style="{style}"></div>'


def text_html(body: TextBody, box: Box, family: Family) -> str:
    """Return a text body's paragraphs within its margins, at its top, middle or bottom."""
    left, top, right, bottom = body.inset
    height = max(0.0, box.h - top - bottom)
    align = {"top": "top", "middle": "middle", "bottom": "bottom"}[body.anchor]
    wrap = "" if body.wrap else ";white-space:nowrap"
    paragraphs = "".join(paragraph_html(p, family) for p in body.paragraphs)
    return (
        f'<div style="{ABSOLUTE};left:{inches(left)};top:{inches(top)};'
        f"width:{inches(max(0.0, box.w - left - right))};height:{inches(height)};"
        f'display:table;table-layout:fixed{wrap}">'
        f'<div style="display:table-cell;vertical-align:{align};height:{inches(height)}">'
        f"{paragraphs}</div></div>"
    )


def paragraph_html(paragraph: Paragraph, family: Family) -> str:
    """Return one paragraph of a text box, its runs as spans."""
    spans = []
    for span in paragraph.spans:
        if span.text == "\n":
            spans.append("<br/>")
            continue
        font = family(span.font)
        style = (
            f"font-size:{span.size:.1f}pt;color:#{span.color};"
            f"font-weight:{700 if span.bold else 400};"
            f"font-style:{'italic' if span.italic else 'normal'}"
            + (f";font-family:{css_string(font)}" if font else "")
        )
        spans.append(f'<span style="{style}">{html.escape(span.text)}</span>')
    size = max((s.size for s in paragraph.spans), default=18.0)
    style = f"margin:0;text-align:{paragraph.align};font-size:{size:.1f}pt;line-height:1.2"
    return f'<p style="{style}">{"".join(spans) or "&#8203;"}</p>'


def css_string(text: str) -> str:
    """Return ``text`` as a quoted CSS string (in an HTML attribute)."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in "\"'\\<>&" or ord(char) < 0x20 else char for char in text
    )
    return f"'{escaped}'"
