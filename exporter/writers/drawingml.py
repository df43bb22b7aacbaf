"""write: DrawingML text (paragraphs, runs, text-body properties) built directly with lxml.

python-pptx's property API builds the same XML one ``get_or_add`` at a time; writing the
elements in schema order ourselves is several times faster and leaves nothing implicit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
HYPERLINK_COLOR = "http://schemas.microsoft.com/office/drawing/2018/hyperlinkcolor"
HYPERLINK_COLOR_EXTENSION = "{A12FA001-AC4F-418D-AE19-62706E023703}"
"""The extension by which PowerPoint draws a link in its run's own colour rather than the
theme's hyperlink colour."""
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
EMU_PER_INCH = 914400
ANCHORS = {"top": "t", "middle": "ctr", "bottom": "b"}
ALIGNS = {"left": "l", "center": "ctr", "right": "r"}
# Characters XML 1.0 cannot hold (C0 controls other than tab and newline, and U+FFFE/U+FFFF).
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
AUTOFIT = (f"{A}noAutofit", f"{A}normAutofit", f"{A}spAutoFit")


HEX = re.compile("[0-9A-Fa-f]{6}")


def append_color(parent: etree._Element, color: str) -> None:
    """Append a colour: ``RRGGBB``, or the name of a theme colour slot as runs refer to it
    (``tx1``, ``bg2``, ``accent1``...), which follows a change of the theme's colours."""
    if HEX.fullmatch(color):
        etree.SubElement(parent, f"{A}srgbClr", val=color)
    else:
        etree.SubElement(parent, f"{A}schemeClr", val=color)


def xml_safe(text: str) -> str:
    """Return ``text`` without the characters XML cannot hold."""
    return NOT_XML.sub("", text)


def emu(inches: float) -> int:
    """Return a length in inches as EMU."""
    return round(inches * EMU_PER_INCH)


@dataclass(frozen=True)
class Font:
    """How a run is drawn."""

    size: float
    face: str
    color: str
    bold: bool = False
    italic: bool = False
    strike: bool = False
    link: str | None = None
    highlight: str | None = None
    """A colour behind the run's text (inline code's background)."""
    spacing: int | None = None
    """Room added after each of its characters, in hundredths of a point (``spc``): an
    icon's run of a no-break space, as wide as the icon's word (see ``PptxWriter.runs``)."""
    baseline: float = 0.0
    """How far the run is raised (a superscript) or lowered (a subscript, below 0), as a
    share of its size: PowerPoint and LibreOffice set it smaller there themselves."""
    caps: bool = False
    """Drawn in capitals (``cap="all"``), its text as written: a title the template's layout
    sets in capitals (``Slide.cased``)."""


@dataclass(frozen=True)
class Bullet:
    """A paragraph's bullet: a character or the first number of an ordered list."""

    mark: str | int
    color: str
    scheme: str = "arabicPeriod"
    """How a number is drawn: ``arabicPeriod`` (``1.``), ``alphaUcParenR`` (``A)``)."""
    font: str = "+mn-lt"
    """The typeface a number is drawn in: the body's, named, for LibreOffice (which draws a
    number in a theme font's place in the first run's font: a code run's monospace)."""
    size: float | None = None
    """The size a number is drawn at, in points: the paragraph's. Else PowerPoint and
    LibreOffice draw it at its first run's, an option of inline code's letter smaller."""
    symbol: bool = False
    """Whether the character is Wingdings's (a task list's box, ``WINGDINGS_BOXES``), not
    Arial's."""


BOX_FACE = "Segoe UI Symbol"
"""The typeface of a numbered task item's box in its text (``Style.box``), the Unicode
``☐`` or ``☑``: Windows's own font for such symbols, which LibreOffice draws from the font
fontconfig puts in its place (DejaVu Sans, as the PDFs draw it). Wingdings's characters,
which it recodes to OpenSymbol's as a bullet, it draws in a run as they are written."""
WINGDINGS_BOXES = {False: "\u00a8", True: "\u00fe"}
"""A task list item's box as Wingdings draws it, empty and ticked, as PowerPoint's own
bullets in Wingdings are written: every copy of PowerPoint has the font, and LibreOffice
draws its characters from OpenSymbol (the Unicode boxes U+2610 and U+2611 in Arial's place
were drawn, the ticked one, from a colour emoji font, as nothing in LibreOffice's PDF)."""


def set_body(
    body: etree._Element, inset: tuple[float, float], anchor: str, right: float | None = None
) -> None:
    """Empty a text body and set its wrapping, insets (the right one ``right``, if given)
    and anchor, with autofit off."""
    properties = body.find(f"{A}bodyPr")
    assert properties is not None, "every text body has body properties"
    for child in list(body):
        if child.tag == f"{A}p":
            body.remove(child)
    for child in list(properties):
        if child.tag in AUTOFIT:
            properties.remove(child)
    left_right, top_bottom = str(emu(inset[0])), str(emu(inset[1]))
    settings = {
        "wrap": "square",
        "lIns": left_right,
        "rIns": left_right if right is None else str(emu(right)),
        "tIns": top_bottom,
        "bIns": top_bottom,
        "anchor": ANCHORS[anchor],
    }
    for name, value in settings.items():
        properties.set(name, value)
    properties.insert(0, etree.Element(f"{A}noAutofit"))


def add_paragraph(
    body: etree._Element,
    *,
    level: int = 0,
    margin: float = 0.0,
    indent: float = 0.0,
    before: float = 0.0,
    bullet: Bullet | None = None,
    align: str = "left",
    spacing: float = 1.0,
    pitch: float | None = None,
) -> etree._Element:
    """Append a paragraph with its properties in schema order and return it.

    ``spacing`` is the line spacing as a multiple of single spacing, unless ``pitch`` gives it
    exactly, in points; ``before`` is in points; there is no space after.
    """
    paragraph = etree.SubElement(body, f"{A}p")
    properties = etree.SubElement(
        paragraph,
        f"{A}pPr",
        marL=str(emu(margin)),
        indent=str(emu(indent)),
        lvl=str(level),
        algn=ALIGNS[align],
    )
    line_spacing = etree.SubElement(properties, f"{A}lnSpc")
    if pitch is None:
        etree.SubElement(line_spacing, f"{A}spcPct", val=str(round(spacing * 100000)))
    else:
        etree.SubElement(line_spacing, f"{A}spcPts", val=str(round(pitch * 100)))
    space = etree.SubElement(properties, f"{A}spcBef")
    etree.SubElement(space, f"{A}spcPts", val=str(round(before * 100)))
    # None after: the fit spaces paragraphs by the room before each, and a template's text
    # styles' space after (``spcAft``), inherited, would push the text out of its box.
    after = etree.SubElement(properties, f"{A}spcAft")
    etree.SubElement(after, f"{A}spcPts", val="0")
    append_bullet(properties, bullet)
    return paragraph


def append_bullet(properties: etree._Element, bullet: Bullet | None) -> None:
    """Append a paragraph's bullet elements (``buNone`` for no bullet)."""
    if bullet is None:
        etree.SubElement(properties, f"{A}buNone")
        return
    append_color(etree.SubElement(properties, f"{A}buClr"), bullet.color)
    if isinstance(bullet.mark, int):
        if bullet.size is not None:
            etree.SubElement(properties, f"{A}buSzPts", val=str(round(bullet.size * 100)))
        etree.SubElement(properties, f"{A}buFont", typeface=bullet.font)
        etree.SubElement(properties, f"{A}buAutoNum", type=bullet.scheme, startAt=str(bullet.mark))
    else:
        # As PowerPoint writes a symbol font's bullet: its character set says so.
        symbol = {"typeface": "Wingdings", "pitchFamily": "2", "charset": "2"}
        etree.SubElement(
            properties, f"{A}buFont", symbol if bullet.symbol else {"typeface": "Arial"}
        )
        etree.SubElement(properties, f"{A}buChar", char=bullet.mark)


LINK_BREAKS = re.compile(r"(?<=[\s\u200b-])(?=[^\s\u200b-])")
"""Where a link's text is cut into runs of the same link: after each space, zero-width space
(``addresses`` puts them in a long address) and hyphen. LibreOffice makes a link's run one
field that never wraps inside (a long address went to the next line and broke anywhere in
it); PowerPoint and LibreOffice wrap between runs where the fit does."""


def add_run(
    paragraph: etree._Element, text: str, font: Font, language: str, relate: Callable[[str], str]
) -> None:
    """Append ``text`` as runs (line breaks as ``a:br``); ``relate`` gives a link's id.

    An empty paragraph gets its size from ``a:endParaRPr``, else it would take the default
    18 pt and a blank line in code would be taller than measured.
    """
    if not text:
        end = run_properties(font, language, relate)
        end.tag = f"{A}endParaRPr"
        paragraph.append(end)
        return
    for index, line in enumerate(xml_safe(text).split("\n")):
        if index:
            etree.SubElement(paragraph, f"{A}br").append(run_properties(font, language, relate))
        split = LINK_BREAKS.split(line) if font.link else (line,)
        pieces = [piece for piece in split if piece]
        if len(pieces) > 1:
            # LibreOffice draws the last of a link's runs in the text's colour, not the link's
            # (7.4: "the [guide]" with "guide" dark): an empty run of the link comes last.
            pieces.append("")
        for piece in pieces:
            run = etree.SubElement(paragraph, f"{A}r")
            run.append(run_properties(font, language, relate))
            etree.SubElement(run, f"{A}t").text = piece


def run_properties(font: Font, language: str, relate: Callable[[str], str]) -> etree._Element:
    """Return a run's ``a:rPr``: language, size, weight, slant, capitals, character spacing,
    colour, highlight, typeface and link.

    Whatever changes how wide the run is drawn is stated, not inherited: a school template's
    text styles may set body text in capitals (``cap="all"``), spaced out (``spc``) or in
    italics, which the fit did not measure and the PDFs do not draw.

    A link keeps the run's colour in PowerPoint by the hyperlink-colour extension (older
    versions and LibreOffice take the theme's hyperlink colour, which the template sets to the
    accent).
    """
    properties = etree.Element(
        f"{A}rPr",
        lang=language,
        sz=str(round(font.size * 100)),
        b="1" if font.bold else "0",
        i="1" if font.italic else "0",
        cap="all" if font.caps else "none",
        spc=str(font.spacing or 0),
        dirty="0",
    )
    if font.strike:
        properties.set("strike", "sngStrike")
    if font.baseline:
        properties.set("baseline", str(round(font.baseline * 100000)))
    append_color(etree.SubElement(properties, f"{A}solidFill"), font.color)
    if font.highlight:
        append_color(etree.SubElement(properties, f"{A}highlight"), font.highlight)
    etree.SubElement(properties, f"{A}latin", typeface=font.face)
    etree.SubElement(properties, f"{A}cs", typeface=font.face)
    if font.link:
        click = etree.SubElement(properties, f"{A}hlinkClick", {f"{R}id": relate(font.link)})
        extension = etree.SubElement(
            etree.SubElement(click, f"{A}extLst"), f"{A}ext", uri=HYPERLINK_COLOR_EXTENSION
        )
        etree.SubElement(
            extension, f"{{{HYPERLINK_COLOR}}}hlinkClr", nsmap={"ahyp": HYPERLINK_COLOR}, val="tx"
        )
    return properties


def add_field(
    paragraph: etree._Element, kind: str, text: str, field_id: str, font: Font, language: str
) -> None:
    """Append a field (such as the slide number) that PowerPoint keeps up to date."""
    field = etree.SubElement(paragraph, f"{A}fld", id=field_id, type=kind)
    field.append(run_properties(font, language, lambda _: ""))
    etree.SubElement(field, f"{A}t").text = text


def set_list_style(
    body: etree._Element, marks: tuple[str, ...], hanging: float, step: float, color: str
) -> None:
    """Give a text body list levels, so that paragraphs typed later in PowerPoint get bullets."""
    style = body.find(f"{A}lstStyle")
    if style is None:
        style = etree.Element(f"{A}lstStyle")
        body.insert(1, style)
    for child in list(style):
        style.remove(child)
    for level, mark in enumerate(marks):
        element = etree.SubElement(
            style,
            f"{A}lvl{level + 1}pPr",
            marL=str(emu(hanging + level * step)),
            indent=str(emu(-hanging)),
        )
        append_bullet(element, Bullet(mark, color))


P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"


@dataclass(frozen=True)
class Outline:
    """A shape's outline."""

    color: str
    width: float = 1.0
    """In points."""
    dash: str = "solid"
    """A preset dash such as ``solid`` or ``dash``."""


def new_shape(
    shape_id: int,
    name: str,
    box: tuple[int, int, int, int],
    *,
    fill: str | None = None,
    outline: Outline | None = None,
    text_box: bool = False,
    description: str | None = None,
    placeholder: tuple[str, int] | None = None,
    drawn: bool = True,
) -> etree._Element:
    """Return a rectangle ``p:sp`` with an empty text body, at ``box`` (EMU), ready to append.

    ``description`` is the shape's alt text; ``placeholder`` makes it the layout's placeholder
    of that type and index (such as ``("title", 0)``; the type ``""`` is a content
    placeholder), whose text PowerPoint's outline and screen readers read. Not ``drawn``, a
    placeholder takes its outline, fill and shape from its layout's (a template's title bar).
    """
    shape = etree.Element(f"{P}sp")
    names = etree.SubElement(shape, f"{P}nvSpPr")
    label = etree.SubElement(names, f"{P}cNvPr", id=str(shape_id), name=name)
    if description is not None:
        label.set("descr", description)
    shape_kind = etree.SubElement(names, f"{P}cNvSpPr")
    if text_box:
        shape_kind.set("txBox", "1")
    application = etree.SubElement(names, f"{P}nvPr")
    if placeholder is not None:
        etree.SubElement(shape_kind, f"{A}spLocks", noGrp="1")
        kind, index = placeholder
        etree.SubElement(
            application,
            f"{P}ph",
            {**({"type": kind} if kind else {}), **({"idx": str(index)} if index else {})},
        )
    properties = etree.SubElement(shape, f"{P}spPr")
    transform = etree.SubElement(properties, f"{A}xfrm")
    etree.SubElement(transform, f"{A}off", x=str(box[0]), y=str(box[1]))
    etree.SubElement(transform, f"{A}ext", cx=str(box[2]), cy=str(box[3]))
    if not drawn:
        etree.SubElement(shape, f"{P}txBody").extend(
            [etree.Element(f"{A}bodyPr"), etree.Element(f"{A}lstStyle")]
        )
        return shape
    geometry = etree.SubElement(properties, f"{A}prstGeom", prst="rect")
    etree.SubElement(geometry, f"{A}avLst")
    append_fill(properties, fill)
    line = etree.SubElement(properties, f"{A}ln")
    if outline is None:
        etree.SubElement(line, f"{A}noFill")
    else:
        line.set("w", str(round(outline.width * 12700)))
        append_fill(line, outline.color)
        etree.SubElement(line, f"{A}prstDash", val=outline.dash)
    body = etree.SubElement(shape, f"{P}txBody")
    etree.SubElement(body, f"{A}bodyPr")
    etree.SubElement(body, f"{A}lstStyle")
    return shape


def append_fill(parent: etree._Element, color: str | None) -> None:
    """Append a solid fill of ``color``, or no fill."""
    if color is None:
        etree.SubElement(parent, f"{A}noFill")
        return
    append_color(etree.SubElement(parent, f"{A}solidFill"), color)


def text_body(shape: etree._Element) -> etree._Element:
    """Return a shape's ``p:txBody``."""
    body = shape.find(f"{P}txBody")
    assert body is not None, "new_shape always makes a text body"
    return body
