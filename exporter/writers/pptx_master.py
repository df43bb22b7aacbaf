"""write: the deck's own slide master, its named layouts and its theme part, from ``theme.toml``.

The theme part carries the theme's colours (``SLOTS``) and its heading and body fonts (the
major and minor Latin fonts), so PowerPoint's colour and font pickers offer them. The master
holds the text styles the writer draws with (title; body sizes, colours, bullet characters
and indents per level), the background, and title, body, footer and slide-number
placeholders; each layout (``Role``) puts its placeholders where the fit's grid puts those
boxes (``geometry``), so a slide added from a layout in PowerPoint or LibreOffice looks like
an exported one. Everything is generated with lxml, attribute by attribute in schema order,
so the bytes are the same on every export. No python-pptx here: ``pptx_package.py`` puts
these parts into the package.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, replace

from lxml import etree

from exporter.geometry import (
    HEADING_INSET,
    MAX_LEVEL,
    TEXT_INSET,
    Box,
    column_boxes,
    content_box,
    footer_boxes,
    title_band,
    title_box,
    title_rule,
    title_slide_boxes,
)
from exporter.roles import Role
from exporter.theme import Colors, Theme
from exporter.writers.drawingml import (
    ANCHORS,
    A,
    P,
    R,
    append_bullet,
    append_color,
    emu,
    new_shape,
)
from exporter.writers.drawingml import Bullet as BulletMark

NSMAP = {"a": A[1:-1], "r": R[1:-1], "p": P[1:-1]}


ROLES = tuple(Role)
"""The layouts in the master's order: layout ``n`` is ``slideLayout{n + 1}.xml``."""
LAYOUT_TYPES = {
    Role.TITLE_SLIDE: "title",
    Role.CONTENT: "obj",
    Role.TWO_CONTENT: "twoObj",
    Role.COMPARISON: "twoTxTwoObj",
    Role.SECTION: "secHead",
    Role.TITLE_ONLY: "titleOnly",
    Role.BLANK: "blank",
}
"""Each layout's type, by which PowerPoint maps slides between masters."""

SLOTS = (
    ("dk1", "text", "tx1"),
    ("lt1", "background", "bg1"),
    ("dk2", "title", "tx2"),
    ("lt2", "code_background", "bg2"),
    ("accent1", "accent", "accent1"),
    ("accent2", "table_header", "accent2"),
    ("accent3", "muted", "accent3"),
    ("accent4", "code_text", "accent4"),
    ("accent5", "table_band", "accent5"),
    ("accent6", "placeholder", "accent6"),
    ("hlink", "accent", "hlink"),
    ("folHlink", "accent", "folHlink"),
)
"""The theme part's colour slots, the ``theme.toml`` colour each holds, and the name a run
refers to it by (through the master's colour map)."""

LINK_SLOTS = ("hlink", "folHlink")
"""The link colours' slots: links are drawn in their run's colour, these are for clients that
draw every link in the theme's."""

# Placeholders: their type (``""`` for a content placeholder) and index, on layouts and slides.
TITLE = ("title", 0)
CENTRE_TITLE = ("ctrTitle", 0)
SUBTITLE = ("subTitle", 1)
CONTENT = ("", 1)
LEFT, RIGHT = ("", 1), ("", 2)
LEFT_HEADING, LEFT_BODY = ("body", 1), ("", 2)
RIGHT_HEADING, RIGHT_BODY = ("body", 3), ("", 4)
SECTION_TEXT = ("body", 1)
FOOTER = ("ftr", 11)
NUMBER = ("sldNum", 12)
FIRST_LAYOUT_ID = 2147483649
"""The id of the master's first layout (the master's own is 2147483648)."""


def ink(colors: Colors) -> Colors:
    """Return ``colors`` with each colour the theme part holds named by its slot (``tx1``,
    ``accent1``...), so runs drawn in it follow a change of the theme's colours."""
    named = {role: name for slot, role, name in SLOTS if slot not in LINK_SLOTS}
    return replace(colors, **named)


@dataclass(frozen=True)
class Holder:
    """A placeholder of a layout: its type and index, its box and how its text is set."""

    kind: tuple[str, int]
    name: str
    box: Box
    anchor: str = "top"
    inset: tuple[float, float] = TEXT_INSET
    prompt: str = "Text"
    style: etree._Element | None = None
    """Its own text style (an ``a:lstStyle``), over the master's."""
    fill: str | None = None


def theme_part(template: bytes, theme: Theme) -> bytes:
    """Return python-pptx's theme part ``template`` with ``theme``'s name, colours and fonts."""
    root = etree.fromstring(template)
    root.set("name", theme.name)
    elements = root.find(f"{A}themeElements")
    assert elements is not None, "a theme part has its elements"
    scheme = elements.find(f"{A}clrScheme")
    assert scheme is not None, "a theme part has a colour scheme"
    scheme.set("name", theme.name)
    for slot, role, _ in SLOTS:
        element = scheme.find(f"{A}{slot}")
        assert element is not None, f"a colour scheme has {slot}"
        for child in list(element):
            element.remove(child)
        etree.SubElement(element, f"{A}srgbClr", val=getattr(theme.colors, role))
    font_scheme = elements.find(f"{A}fontScheme")
    assert font_scheme is not None, "a theme part has a font scheme"
    font_scheme.set("name", theme.name)
    for which, font in (("majorFont", theme.fonts.heading), ("minorFont", theme.fonts.body)):
        latin = font_scheme.find(f"{A}{which}/{A}latin")
        assert latin is not None, f"a font scheme has a {which}"
        latin.attrib.clear()
        latin.set("typeface", font.name)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def master_part(theme: Theme) -> bytes:
    """Return the slide master: background, placeholders, colour map, layouts, text styles."""
    root = etree.Element(f"{P}sldMaster", nsmap=NSMAP)
    slide = etree.SubElement(root, f"{P}cSld")
    background = etree.SubElement(etree.SubElement(slide, f"{P}bg"), f"{P}bgPr")
    append_color(etree.SubElement(background, f"{A}solidFill"), "bg1")
    etree.SubElement(background, f"{A}effectLst")
    grid = theme.slide
    holders = (
        Holder(TITLE, "Title", title_box(grid), "middle", prompt="Title"),
        Holder(("body", 1), "Text", content_box(grid)),
        *footer_holders(theme),
    )
    slide.append(shape_tree(holders))
    mapping = {name: slot for slot, _, name in SLOTS}
    etree.SubElement(root, f"{P}clrMap", mapping)
    ids = etree.SubElement(root, f"{P}sldLayoutIdLst")
    for index in range(len(ROLES)):
        etree.SubElement(
            ids,
            f"{P}sldLayoutId",
            {"id": str(FIRST_LAYOUT_ID + index), f"{R}id": f"rId{index + 1}"},
        )
    root.append(text_styles(theme))
    return serialise(root)


def serialise(root: etree._Element) -> bytes:
    """Return a part's bytes."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def text_styles(theme: Theme) -> etree._Element:
    """Return the master's ``p:txStyles``: the title style, the body style's levels (bullet
    characters, indents, sizes and spacing as the writer draws bullets) and other text's."""
    sizes, bullets = theme.sizes, theme.bullets
    styles = etree.Element(f"{P}txStyles")
    title = etree.SubElement(styles, f"{P}titleStyle")
    level = paragraph_style(title, 1, 0.0, 0.0, 0.0, sizes.line_spacing)
    etree.SubElement(level, f"{A}buNone")
    run_style(level, sizes.title, "tx2", "+mj-lt", bold=True)
    body = etree.SubElement(styles, f"{P}bodyStyle")
    for index in range(MAX_LEVEL + 1):
        before = (sizes.space_before if index == 0 else 0.15) * sizes.body
        margin = bullets.hanging + index * bullets.indent
        level = paragraph_style(
            body, index + 1, margin, -bullets.hanging, before, sizes.line_spacing
        )
        mark = bullets.chars[min(index, MAX_LEVEL) % len(bullets.chars)]
        append_bullet(level, BulletMark(mark, "accent1"))
        run_style(level, sizes.body, "tx1", "+mn-lt")
    other = etree.SubElement(styles, f"{P}otherStyle")
    level = paragraph_style(other, 1, 0.0, 0.0, 0.0, 1.0)
    run_style(level, sizes.body, "tx1", "+mn-lt")
    return styles


def paragraph_style(
    parent: etree._Element,
    level: int,
    margin: float,
    indent: float,
    before: float,
    spacing: float,
    align: str = "l",
) -> etree._Element:
    """Append a level's paragraph properties (``a:lvlNpPr``) with its spacing, and return it."""
    properties = etree.SubElement(
        parent, f"{A}lvl{level}pPr", marL=str(emu(margin)), indent=str(emu(indent)), algn=align
    )
    etree.SubElement(
        etree.SubElement(properties, f"{A}lnSpc"), f"{A}spcPct", val=str(round(spacing * 100000))
    )
    etree.SubElement(
        etree.SubElement(properties, f"{A}spcBef"), f"{A}spcPts", val=str(round(before * 100))
    )
    return properties


def run_style(
    properties: etree._Element, size: float, color: str, face: str, bold: bool = False
) -> None:
    """Append a level's run defaults (``a:defRPr``) after its paragraph properties."""
    # Kerning from 12 pt, as python-pptx's default text style has it for text boxes: what
    # the fit measures.
    run = etree.SubElement(
        properties, f"{A}defRPr", sz=str(round(size * 100)), b="1" if bold else "0", kern="1200"
    )
    append_color(etree.SubElement(run, f"{A}solidFill"), color)
    etree.SubElement(run, f"{A}latin", typeface=face)
    etree.SubElement(run, f"{A}cs", typeface=face)


def single_style(
    size: float, color: str, face: str, bold: bool = False, align: str = "l"
) -> etree._Element:
    """Return a placeholder's text style: no bullet, no indent, one size and colour."""
    style = etree.Element(f"{A}lstStyle")
    level = paragraph_style(style, 1, 0.0, 0.0, 0.0, 1.0, align)
    etree.SubElement(level, f"{A}buNone")
    run_style(level, size, color, face, bold)
    return style


def footer_holders(theme: Theme) -> tuple[Holder, ...]:
    """Return the footer's and the slide number's placeholders: both on our own grid; on a
    template's, those its layouts have (many have no slide number, some no footer)."""
    footer, number = footer_boxes(theme.slide)
    size, inset = theme.sizes.footer, (TEXT_INSET[0], 0.02)
    holders = []
    if footer is not None:
        style = single_style(size, "accent3", "+mn-lt")
        holders.append(Holder(FOOTER, "Footer", footer, "middle", inset, "", style))
    if number is not None:
        style = single_style(size, "accent3", "+mn-lt", align="r")
        holders.append(Holder(NUMBER, "Slide number", number, "middle", inset, "", style))
    return tuple(holders)


def shape_tree(
    holders: tuple[Holder, ...], extra: tuple[etree._Element, ...] = ()
) -> etree._Element:
    """Return a ``p:spTree`` holding ``holders`` and then ``extra`` shapes."""
    tree = etree.Element(f"{P}spTree")
    group = etree.SubElement(tree, f"{P}nvGrpSpPr")
    etree.SubElement(group, f"{P}cNvPr", id="1", name="")
    etree.SubElement(group, f"{P}cNvGrpSpPr")
    etree.SubElement(group, f"{P}nvPr")
    transform = etree.SubElement(etree.SubElement(tree, f"{P}grpSpPr"), f"{A}xfrm")
    for name in ("off", "ext", "chOff", "chExt"):
        size = name.endswith("xt")
        etree.SubElement(
            transform, f"{A}{name}", {"cx": "0", "cy": "0"} if size else {"x": "0", "y": "0"}
        )
    for number, holder in enumerate(holders, start=2):
        tree.append(holder_shape(number, holder))
    for number, shape in enumerate(extra, start=len(holders) + 2):
        label = shape.find(f"{P}nvSpPr/{P}cNvPr")
        assert label is not None, "new_shape names every shape"
        label.set("id", str(number))
        tree.append(shape)
    return tree


def holder_shape(shape_id: int, holder: Holder) -> etree._Element:
    """Return a layout's placeholder shape, with its body properties, style and prompt."""
    x, y, w, h = (emu(v) for v in (holder.box.x, holder.box.y, holder.box.w, holder.box.h))
    shape = new_shape(
        shape_id, holder.name, (x, y, w, h), fill=holder.fill, placeholder=holder.kind
    )
    body = shape.find(f"{P}txBody")
    assert body is not None, "new_shape makes a text body"
    properties = body.find(f"{A}bodyPr")
    assert properties is not None
    left_right, top_bottom = str(emu(holder.inset[0])), str(emu(holder.inset[1]))
    for name, value in (
        ("wrap", "square"),
        ("lIns", left_right),
        ("tIns", top_bottom),
        ("rIns", left_right),
        ("bIns", top_bottom),
        ("anchor", ANCHORS[holder.anchor]),
    ):
        properties.set(name, value)
    etree.SubElement(properties, f"{A}noAutofit")
    if holder.style is not None:
        old = body.find(f"{A}lstStyle")
        assert old is not None
        body.replace(old, copy.deepcopy(holder.style))  # a style may serve two holders
    paragraph = etree.SubElement(body, f"{A}p")
    if holder.kind == NUMBER:
        field = etree.SubElement(
            paragraph, f"{A}fld", id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}", type="slidenum"
        )
        etree.SubElement(field, f"{A}t").text = "\u2039#\u203a"  # as PowerPoint has it
    elif holder.prompt:
        run = etree.SubElement(paragraph, f"{A}r")
        etree.SubElement(run, f"{A}rPr", lang="en-US")
        etree.SubElement(run, f"{A}t").text = holder.prompt
    return shape


def layout_part(role: Role, theme: Theme) -> bytes:
    """Return the layout ``role``: its placeholders where the fit puts those boxes, and the
    accent rule under its title (on the title slide, the theme's band across its foot)."""
    root = etree.Element(
        f"{P}sldLayout", {"type": LAYOUT_TYPES[role], "preserve": "1"}, nsmap=NSMAP
    )
    slide = etree.SubElement(root, f"{P}cSld", name=role.value)
    holders, rule = layout_holders(role, theme)
    extra: list[etree._Element] = []
    band = title_band(theme) if role is Role.TITLE_SLIDE else None
    if band is not None:  # the theme's band across the title slide's foot
        where = (emu(band.x), emu(band.y), emu(band.w), emu(band.h))
        extra.append(new_shape(0, "Band", where, fill=theme.title_slide.band))
    if rule is not None:
        where = (emu(rule.x), emu(rule.y), emu(rule.w), emu(rule.h))
        extra.append(new_shape(0, "Rule", where, fill="accent1"))
    slide.append(shape_tree(holders, tuple(extra)))
    etree.SubElement(etree.SubElement(root, f"{P}clrMapOvr"), f"{A}masterClrMapping")
    return serialise(root)


def layout_rule(role: Role, theme: Theme) -> Box | None:
    """Return where the layout ``role`` draws the accent rule under its title, if it does."""
    return layout_holders(role, theme)[1]


@functools.lru_cache(maxsize=64)
def layout_holders(role: Role, theme: Theme) -> tuple[tuple[Holder, ...], Box | None]:
    """Return the placeholders of the layout ``role`` and its accent rule's box, if any;
    worked out once a process for each theme (every deck's writer asks)."""
    grid, sizes = theme.slide, theme.sizes
    title = Holder(TITLE, "Title", title_box(grid), "middle", prompt="Title")
    rule = title_rule(title.box, grid)
    footers = footer_holders(theme)
    if role is Role.TITLE_SLIDE or role is Role.SECTION:
        big, line, below = title_slide_boxes(grid)
        kind = CENTRE_TITLE if role is Role.TITLE_SLIDE else TITLE
        return (
            Holder(
                kind,
                "Title",
                big,
                "bottom",
                prompt="Title",
                style=single_style(sizes.deck_title, "tx2", "+mj-lt", bold=True),
            ),
            Holder(
                SUBTITLE if role is Role.TITLE_SLIDE else SECTION_TEXT,
                "Subtitle",
                below,
                prompt="Subtitle",
                style=single_style(sizes.subtitle, "accent3", "+mn-lt"),
            ),
            *(footers if role is Role.SECTION else ()),
        ), line
    if role is Role.CONTENT:
        return (title, Holder(CONTENT, "Content", content_box(grid)), *footers), rule
    if role is Role.TWO_CONTENT:
        (left, right), _ = column_boxes(grid, headed=False)
        return (title, Holder(LEFT, "Left", left), Holder(RIGHT, "Right", right), *footers), rule
    if role is Role.COMPARISON:
        (left, right), bars = column_boxes(grid, headed=True)
        assert bars is not None
        heading = single_style(
            sizes.column_heading, theme.colors.column_heading_text, "+mj-lt", bold=True
        )
        return (
            title,
            Holder(
                LEFT_HEADING,
                "Left heading",
                bars[0],
                "middle",
                HEADING_INSET,
                "Heading",
                heading,
                "accent1",
            ),
            Holder(LEFT_BODY, "Left", left),
            Holder(
                RIGHT_HEADING,
                "Right heading",
                bars[1],
                "middle",
                HEADING_INSET,
                "Heading",
                heading,
                "accent1",
            ),
            Holder(RIGHT_BODY, "Right", right),
            *footers,
        ), rule
    if role is Role.TITLE_ONLY:
        return (title, *footers), rule
    return footers, None
