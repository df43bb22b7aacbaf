"""template: the text of a template's text boxes and shapes (a ``Course name`` in a corner).

A run's size, weight, slant, colour and typeface come from the first of: the run's own
properties, its paragraph's, the shape's list style at the paragraph's level, the shape's
style (``p:style/a:fontRef``: colour and theme font), the master's ``p:otherStyle``; else 18 pt
in ``tx1`` in the theme's body font, as PowerPoint does.
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from exporter.template.art import Paragraph, Span, TextBody
from exporter.template.colors import A, P, local, number

EMU = 914_400
ANCHORS = {"t": "top", "ctr": "middle", "b": "bottom"}
ALIGNS = {"l": "left", "ctr": "center", "r": "right", "just": "justify", "dist": "justify"}
INSETS = (("lIns", 91_440), ("tIns", 45_720), ("rIns", 91_440), ("bIns", 45_720))
"""A text body's margins and PowerPoint's defaults (EMU)."""
THEME_FONTS = {"+mn-lt": "minorFont", "+mj-lt": "majorFont", "minor": "minorFont"}
THEME_FONTS["major"] = "majorFont"
TX1 = etree.fromstring(f'<a:solidFill xmlns:a="{A}"><a:schemeClr val="tx1"/></a:solidFill>')
"""The colour of text nothing gives a colour."""
Colors = Callable[[etree._Element], "str | None"]
"""Resolves the colour inside an element (a ``a:solidFill``, a ``a:fontRef``)."""


def read_text(
    shape: etree._Element, color: Colors, master: etree._Element, theme: etree._Element | None
) -> TextBody | None:
    """Return a shape's text (``None`` when it has none), its runs' properties resolved."""
    body = shape.find(f"{{{P}}}txBody")
    if body is None:
        return None
    own, other = body.find(f"{{{A}}}lstStyle"), master.find(f"{{{P}}}txStyles/{{{P}}}otherStyle")
    ref = shape.find(f"{{{P}}}style/{{{A}}}fontRef")
    paragraphs = []
    for paragraph in body.iterfind(f"{{{A}}}p"):
        props = paragraph.find(f"{{{A}}}pPr")
        level = int(number(None if props is None else props.get("lvl"))) + 1
        levels = [s.find(f"{{{A}}}lvl{level}pPr") for s in (own, other) if s is not None]
        chain = [e for e in (props, *levels[:1]) if e is not None]
        later = [e for e in levels[1:] if e is not None]
        defaults = [e.find(f"{{{A}}}defRPr") for e in (*chain, *later)]
        found = [e for e in defaults if e is not None]
        align = next((e.get("algn") for e in (*chain, *later) if e.get("algn")), "l")
        spans = tuple(
            span(run, found, ref, color, theme)
            for run in paragraph
            if isinstance(run.tag, str) and local(run) in ("r", "fld", "br")
        )
        paragraphs.append(Paragraph(spans, ALIGNS.get(align or "l", "left")))
    if not any(s.text.strip() for p in paragraphs for s in p.spans):
        return None
    return text_body(body.find(f"{{{A}}}bodyPr"), tuple(paragraphs))


def text_body(props: etree._Element | None, paragraphs: tuple[Paragraph, ...]) -> TextBody:
    """Return a text body's paragraphs with its anchor, margins and wrapping (``a:bodyPr``)."""
    get = (lambda _name: None) if props is None else props.get
    left, top, right, bottom = (number(get(name) or str(default)) / EMU for name, default in INSETS)
    return TextBody(
        paragraphs,
        ANCHORS.get(get("anchor") or "t", "top"),
        (left, top, right, bottom),
        get("wrap") != "none",
    )


def span(
    run: etree._Element,
    defaults: list[etree._Element],
    ref: etree._Element | None,
    color: Colors,
    theme: etree._Element | None,
) -> Span:
    """Return a run with its properties resolved through ``defaults`` (nearest first), the
    shape's font reference ``ref`` before the last (the master's) of them."""
    own = run.find(f"{{{A}}}rPr")
    chain = [e for e in (own, *defaults[:-1]) if e is not None]
    master = defaults[-1:] if defaults else []
    every = [*chain, *master]
    size = next((number(e.get("sz")) / 100 for e in every if e.get("sz")), 18.0)
    bold = next((e.get("b") in ("1", "true") for e in every if e.get("b")), False)
    italic = next((e.get("i") in ("1", "true") for e in every if e.get("i")), False)
    fills = [e.find(f"{{{A}}}solidFill") for e in chain]
    if ref is not None:
        fills.append(ref)
    fills += [e.find(f"{{{A}}}solidFill") for e in master]
    hue = next((c for c in (color(f) for f in fills if f is not None) if c is not None), None)
    fonts = [e.find(f"{{{A}}}latin") for e in chain]
    typeface = next((f.get("typeface") for f in fonts if f is not None and f.get("typeface")), None)
    if typeface is None and ref is not None:
        typeface = ref.get("idx")
    if typeface is None:
        latin = [e.find(f"{{{A}}}latin") for e in master]
        typeface = next((f.get("typeface") for f in latin if f is not None), "+mn-lt")
    text = "\n" if local(run) == "br" else "".join(run.findtext(f"{{{A}}}t") or "")
    hue = hue or color(TX1) or "000000"
    return Span(text, size, hue, bold, italic, font_name(typeface or "", theme))


def font_name(typeface: str, theme: etree._Element | None) -> str:
    """Return a typeface with a theme font (``+mn-lt``, ``minor``...) resolved to its name."""
    slot = THEME_FONTS.get(typeface)
    if slot is None:
        return typeface
    if theme is None:
        return ""
    found = theme.find(f"{{{A}}}themeElements/{{{A}}}fontScheme/{{{A}}}{slot}/{{{A}}}latin")
    return "" if found is None else found.get("typeface", "")
