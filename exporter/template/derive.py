"""template: the theme a school template makes of ours: its slide size, its placeholder boxes,
its colours and its fonts, measured through metric-compatible open twins.

Its bullet characters too, where it sets them as characters (``bullet_marks``). Everything
else (type sizes, spacing, code and table styles) stays the theme's the user chose, so the fit
works as it does on our own master, in the template's boxes: a template's own sizes
(PowerPoint's 44 pt titles over 32 pt text) are for a few words a slide, not a lesson's
paragraphs.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from importlib.resources.abc import Traversable
from typing import Any

from lxml import etree

from exporter.resources import MissingFont, font_file
from exporter.roles import Role
from exporter.template.art import ArtKind, Backdrop
from exporter.template.colors import Palette as ColorPalette
from exporter.template.colors import color_map, mixed, resolve, theme_slots
from exporter.template.fonts import Face, Faces, embedded_faces, folded
from exporter.template.layouts import (
    EMU_PER_INCH,
    Choice,
    Rect,
    Slot,
    Slots,
    style_levels,
    styled,
    styled_child,
)
from exporter.template.opc import Package
from exporter.theme import (
    Alignment,
    Colors,
    Font,
    Fonts,
    Frames,
    Grid,
    Syntax,
    Theme,
    TitleSlide,
)
from exporter.theme_checks import LARGE_CONTRAST, METRIC_TWINS, MIN_CONTRAST, contrast
from exporter.writers.drawingml import A, P

SERIF_HINTS = ("serif", "times", "roman", "georgia", "garamond", "cambria", "book", "minion")
CODE_TINT = 0.07
"""How far a code box's fill moves from the slide's background toward the text, where the
template's ``bg2`` does not serve (about what the built-in themes' code boxes differ by)."""
MONO_HINTS = ("mono", "courier", "consol", "code", "typewriter")
CONDENSED_HINTS = ("narrow", "condensed", "compressed")
SAFETY = 1.08
"""How much wider than its closest twin a font without a known twin is measured: text so
wraps early rather than overflows in the real font."""
NARROW_SAFETY = 1.0
"""A narrow font measured with a wide twin needs no margin."""
MUTED_SHARE = 0.6
"""The furthest muted text moves from the text's colour toward the slide's."""
MUTED_STEP = 0.05
MUTED_MARGIN = 0.3
"""How far above the least readable contrast muted text stays (the built-in themes' grey is
4.8:1 on white)."""
DEFAULT_FACE = "Calibri"
"""The font a template that names none gets, as PowerPoint's Office theme has it."""


KNOWN_WIDTHS: dict[str, tuple[str, float, float]] = {
    "verdana": ("Liberation Sans", 1.14, 1.19),
    "georgia": ("Liberation Serif", 1.10, 1.20),
    "tahoma": ("Liberation Sans", 1.0, 1.06),
    "trebuchet ms": ("Liberation Sans", 1.01, 1.0),
    "open sans": ("Liberation Sans", 1.04, 1.04),
    "comic sans ms": ("Liberation Sans", 1.06, 1.06),
    "avenir": ("Liberation Sans", 1.01, 1.0),
    "avenir next": ("Liberation Sans", 1.03, 1.03),
    "inter": ("Liberation Sans", 1.07, 1.04),
}
"""Common fonts with no metric-compatible open twin, each with the open font it is measured
with and how much wider, regular and bold: its width against Arial's (Liberation Sans) or
Times New Roman's (Liberation Serif) on a sample of English prose, and 1 % for rounding (never
narrower), worked out from the fonts' published advance widths (the character width
tables of the string-pixel-width package, whose Arial and Times New Roman agree with
Liberation's within 0.5 %). Verdana is 13 % wider than Arial, 18 % in bold, as DejaVu Sans is
(LibreOffice draws Verdana in it where Verdana is missing); measured 8 % wider, as a font
unknown here is (``SAFETY``), its titles broke inside words (``Understandin`` / ``g``)."""


def twin_of(name: str, folder: Traversable) -> tuple[str, float, float | None, bool]:
    """Return the open font ``name`` is measured with, how much wider it is measured, how much
    wider in bold where that differs (``KNOWN_WIDTHS``), and whether that twin is a
    metric-compatible one (``theme_checks.METRIC_TWINS``) we have."""
    for twin in METRIC_TWINS.get(name.casefold().strip(), ()):
        try:
            font_file(folder, twin, exact=True)
        except MissingFont:
            continue
        return twin, 1.0, None, True
    lower = name.casefold()
    if lower.strip() in KNOWN_WIDTHS:
        twin, widen, bold = KNOWN_WIDTHS[lower.strip()]
        return twin, widen, (bold if bold != widen else None), False
    if any(hint in lower for hint in MONO_HINTS):
        return "Liberation Mono", SAFETY, None, False
    margin = NARROW_SAFETY if any(hint in lower for hint in CONDENSED_HINTS) else SAFETY
    if any(hint in lower for hint in SERIF_HINTS):
        return "Liberation Serif", margin, None, False
    return "Liberation Sans", margin, None, False


def slide_size(package: Package) -> tuple[float, float]:
    """Return the slide's width and height in inches (PowerPoint's 10 by 7.5 if unset)."""
    size = package.xml(package.main).find(f"{P}sldSz")
    if size is None:
        return 10.0, 7.5
    try:
        width, height = (int(size.get(key, "")) / EMU_PER_INCH for key in ("cx", "cy"))
    except ValueError:
        return 10.0, 7.5
    # PowerPoint's own limits: from 1 to 56 inches a side.
    return (width, height) if 1 <= width <= 56 and 1 <= height <= 56 else (10.0, 7.5)


class Palette:
    """A layout's colours: its master's theme part's scheme through the layout's own colour
    map, else its master's (a dark title slide may swap them), and its fonts: those its own
    placeholders or its master's text styles name, else its theme's."""

    def __init__(self, package: Package, layout: str) -> None:
        self.layout = package.xml(layout)
        self.master = layout_master(package, layout)
        themes = [t for t in package.related(self.master, "theme") if t in package.parts]
        root = package.xml(themes[0]) if themes else None
        override = package.xml(layout).find(f"{P}clrMapOvr/{A}overrideClrMapping")
        own = package.xml(self.master).find(f"{P}clrMap")
        mapping = color_map(override if override is not None else own)
        self.colors = ColorPalette(theme_slots(root) if root is not None else {}, mapping)
        self.fonts: dict[str, str] = {
            which: styled_face(package.xml(self.master), style, self.layout)
            or (face_of(root, which) if root is not None else DEFAULT_FACE)
            for which, style in (("majorFont", "titleStyle"), ("minorFont", "bodyStyle"))
        }

    def named(self, name: str) -> str:
        """Return the ``RRGGBB`` of a scheme colour name (``tx1``, ``bg1``, ``accent1``...)."""
        found = self.colors.scheme(name)
        if found is not None:
            return found
        slot = self.colors.mapping.get(name, name)
        return {"dk1": "000000", "lt1": "FFFFFF", "dk2": "44546A", "lt2": "E7E6E6"}.get(
            slot, "4472C4"
        )

    def fill(self, element: etree._Element | None) -> str | None:
        """Return the colour of a ``solidFill`` or ``bgRef`` (its transforms applied)."""
        return None if element is None else resolve(element, self.colors)[0]


def styled_face(
    master: etree._Element, style: str, layout: etree._Element | None = None
) -> str | None:
    """Return the typeface text of ``style`` (``titleStyle``, ``bodyStyle``) on ``layout``
    is named itself (``layouts.style_levels``), where a designer set one on the layout's
    placeholder or in Slide Master view (``Georgia`` for the titles) or LibreOffice kept one
    on the master's placeholder; not the theme's (``+mj-lt``); else ``None``. A title
    slide's text is its subtitle: the font its layout's subtitle names is its body font."""
    latin = styled_child(master, style, "latin", layout, subtitle=True)
    face = latin.get("typeface", "") if latin is not None else ""
    return face if face and not face.startswith("+") else None


def face_of(theme: etree._Element, which: str) -> str:
    """Return the Latin typeface of the theme's major or minor font."""
    latin = theme.find(f"{A}themeElements/{A}fontScheme/{A}{which}/{A}latin")
    face = latin.get("typeface", "") if latin is not None else ""
    return face if face and not face.startswith("+") else DEFAULT_FACE


def background(package: Package, layout: str, palette: Palette) -> str:
    """Return the solid colour behind a slide on ``layout``: its own, else its master's (a
    picture or gradient counts as the scheme's background colour)."""
    for part in (layout, palette.master):
        bg = package.xml(part).find(f"{P}cSld/{P}bg")
        if bg is None:
            continue
        solid = bg.find(f"{P}bgPr/{A}solidFill")
        found = palette.fill(solid if solid is not None else bg.find(f"{P}bgRef"))
        return found or palette.named("bg1")
    return palette.named("bg1")


def style_color(package: Package, style: str, palette: Palette) -> str | None:
    """Return the colour text of ``style`` (``titleStyle``, ``bodyStyle``) is given on the
    palette's layout: by its own placeholder, else by its master (``layouts.style_levels``)."""
    master = package.xml(palette.master)
    return palette.fill(styled_child(master, style, "solidFill", palette.layout))


ALIGNS = {"l": "left", "ctr": "center", "r": "right", "just": "left", "dist": "left"}
"""DrawingML's paragraph alignments as the writers take them."""


def style_align(package: Package, master: str, style: str) -> str | None:
    """Return the alignment the master's ``style`` (``titleStyle``, ``bodyStyle``) sets."""
    return styled(package.xml(master), style, "algn", run=False)


LEVELS = 9
"""The list levels a master's text styles set (``lvl1pPr`` to ``lvl9pPr``)."""
SYMBOL_MARKS = {
    "wingdings": {
        0x6C: "\u25cf",  # l: a black circle
        0x6E: "\u25a0",  # n: a black square
        0x71: "\u2751",  # q: a shadowed white square
        0x76: "\u2756",  # v: a black diamond with a white X
        0xA7: "\u25aa",  # §: a small black square (Office's square bullet)
        0xD8: "\u27a2",  # Ø: an arrowhead (Office's arrow bullet)
        0xFC: "\u2714",  # ü: a check mark (Office's check bullet)
    },
    "symbol": {0xB7: "\u2022"},  # ·: a bullet (Word's and PowerPoint's round bullet)
}
"""The bullets PowerPoint offers in its symbol fonts, as the Unicode characters they draw: a
template's ``§`` in Wingdings is a small square, which any other font draws as ``§``."""
BULLET_KINDS = frozenset({"buNone", "buAutoNum", "buChar", "buBlip"})
"""What says what a level's paragraphs are marked with."""


def bullet_marks(package: Package, palette: Palette, base: tuple[str, ...]) -> tuple[str, ...]:
    """Return the bullet character of each list level of the text on the palette's layout
    (its body placeholder's own list style, else its master's, as PowerPoint inherits it),
    where the template marks that level with a character, as the Unicode character it draws
    (``SYMBOL_MARKS``); else the theme's bullet for that level, of ``base``: a level without
    bullets, numbered or marked with a picture keeps the theme's, as a lesson's list is a
    list. ``base`` itself where the template sets no character."""
    master = package.xml(palette.master)
    marks: list[str | None] = []
    for depth in range(1, LEVELS + 1):
        levels = [p for p, _ in style_levels(master, "bodyStyle", palette.layout, depth)]
        kind = next(
            (c for p in levels if p is not None for c in p if local(c) in BULLET_KINDS), None
        )
        font = next(
            (f for p in levels if p is not None and (f := p.find(f"{A}buFont")) is not None),
            None,
        )
        char = kind.get("char", "") if kind is not None and local(kind) == "buChar" else ""
        marks.append(drawn_mark(char, font.get("typeface", "") if font is not None else ""))
    if not any(marks):
        return base
    return tuple(mark or base[index % len(base)] for index, mark in enumerate(marks))


def local(element: etree._Element) -> str:
    """Return an element's tag without its namespace (``""`` for a comment)."""
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def drawn_mark(char: str, typeface: str) -> str | None:
    """Return the character a bullet ``char`` in the font ``typeface`` draws, as Unicode;
    ``None`` for none, or for one of a symbol font not known here."""
    if len(char) != 1:
        return None
    symbols = SYMBOL_MARKS.get(typeface.lower().rstrip(" 123"))
    if symbols is not None:  # a symbol font's code, or the same in private use (U+F0xx)
        code = ord(char)
        return symbols.get(code - 0xF000 if 0xF000 <= code <= 0xF0FF else code)
    if typeface.lower() in ("webdings", "marlett") or not char.isprintable() or char.isspace():
        return None
    return char


def alignment_of(package: Package, master: str, choices: Mapping[Role, Choice]) -> Alignment:
    """Return how the template aligns titles: each placeholder's own list style, else its
    master's title or body style. A section header's text is aligned as the title slide's
    where its layout has no placeholder for it (``headline_boxes`` puts it in the title
    slide's box)."""
    title = style_align(package, master, "titleStyle")
    body = style_align(package, master, "bodyStyle")
    content = choices[Role.CONTENT].slots
    cover, section = choices[Role.TITLE_SLIDE].slots, choices[Role.SECTION].slots

    def of(slot: Slot | None, inherited: str | None) -> str:
        return ALIGNS.get((slot.align if slot else None) or inherited or "l", "left")

    cover_title, cover_subtitle = of(cover.title, title), of(cover.subtitle, body)
    return Alignment(
        of(content.title, title),
        cover_title,
        cover_subtitle,
        of(section.title, title) if section.title else cover_title,
        of(section.subtitle, body) if section.subtitle else cover_subtitle,
    )


def readable(background: str, *candidates: str, least: float = MIN_CONTRAST) -> str:
    """Return the first of ``candidates`` readable on ``background`` (a contrast of ``least``
    or more), else the one most so."""
    for color in candidates:
        if contrast(color, background) >= least:
            return color
    return max(candidates, key=lambda color: contrast(color, background))


def muted_of(ground: str, text: str) -> str:
    """Return the colour of what is set apart from the text (a wrong option on a reveal
    slide, a subtitle, a caption): the text moved toward the ground, as far as it still
    reads there (``MUTED_SHARE`` at most). A template's Text 2 colour is no such colour: the
    Office themes' is a dark blue, which made a reveal slide's wrong options look stressed
    beside the right one."""
    for step in range(round(MUTED_SHARE / MUTED_STEP), 0, -1):
        color = mixed(text, ground, step * MUTED_STEP)
        if contrast(color, ground) >= MIN_CONTRAST + MUTED_MARGIN:
            return color
    return text


def code_ground_of(ground: str, text: str, shade: str) -> str:
    """Return what code boxes, inline code and table bands are drawn on: the template's second
    background (``bg2``) where its text reads there and it stands out from the slide's; else
    the slide's background tinted toward the text (``CODE_TINT``), as a dark template's
    own background with light text leaves ``bg2`` light; else the background itself."""
    if shade != ground and contrast(text, shade) >= MIN_CONTRAST:
        return shade
    tint = mixed(ground, text, CODE_TINT)
    return tint if contrast(text, tint) >= MIN_CONTRAST else ground


def readable_syntax(base: Theme, ground: str) -> Syntax | None:
    """Return the palette code is highlighted in on ``ground``: the base theme's where each
    of its colours reads there; else the first built-in theme's that does (the dark theme's,
    on a dark template's code); ``None`` (code in one colour) where the base theme has none,
    or no palette reads there."""
    from exporter.theme import read_theme
    from exporter.theme_files import builtin_themes

    def reads(syntax: Syntax) -> bool:
        colors = (getattr(syntax, key) for key in syntax.__dataclass_fields__)
        return all(contrast(color, ground) >= MIN_CONTRAST for color in colors)

    if base.syntax is None or reads(base.syntax):
        return base.syntax
    others = (read_theme(name)[0].syntax for name, _ in builtin_themes() if name != base.name)
    return next((syntax for syntax in others if syntax is not None and reads(syntax)), None)


def colors_of(
    palette: Palette,
    ground: str,
    title: str | None,
    text: str | None,
    title_ground: str | None = None,
) -> Colors:
    """Return the theme's colours from a template's palette, every text colour readable on
    what it is drawn on: the title on ``title_ground`` (a band or a panel of the template
    behind it), else on the slide's ``ground``."""
    body = readable(ground, *(c for c in (text, palette.named("tx1")) if c), "000000", "FFFFFF")
    behind = title_ground or ground
    accent = palette.named("accent1")
    if contrast(accent, ground) < LARGE_CONTRAST:
        # Unreadable even large (the accent on a picture of its own hue): the template's
        # first accent that reads there, else the text's colour. A faint one that reads
        # large is the template's look: kept, and warned of.
        accents = (palette.named(f"accent{n}") for n in range(1, 7))
        accent = readable(ground, *accents, body)
    on_accent = readable(accent, palette.named("bg1"), "FFFFFF", body, "000000")
    code_ground = code_ground_of(ground, body, palette.named("bg2"))
    return Colors(
        background=ground,
        title=readable(  # titles are large text: 3:1 reads (WCAG 2)
            behind, *(c for c in (title,) if c), body, "000000", "FFFFFF", least=LARGE_CONTRAST
        ),
        text=body,
        accent=accent,
        muted=(muted := muted_of(ground, body)),
        footer=readable(ground, palette.named("tx2"), muted),  # the template's, where it reads
        column_heading_text=on_accent,
        code_background=code_ground,
        code_text=body,
        table_header=accent,
        table_header_text=on_accent,
        table_band=code_ground,
        placeholder=palette.named("accent2"),
    )


def frames_of(choices: Mapping[Role, Choice], grid: Grid, height: float) -> Frames:
    """Return the template's boxes: its content layout's title and body, its title layout's
    title and subtitle, its footer and slide number (a missing box is worked out)."""
    content = choices[Role.CONTENT].slots
    width = grid.width
    title = content.title.box if content.title else (grid.margin, 0.3, width - 2 * grid.margin, 1.0)
    below = title[1] + title[3] + 0.15
    feet = content.footer or content.number or content.date
    bottom = feet.box[1] - 0.1 if feet else height - 0.4
    body = content.bodies[0].box if content.bodies else (title[0], below, title[2], bottom - below)
    title, body = untangled(title, body, height)
    cover_title, cover_subtitle = headline_boxes(choices[Role.TITLE_SLIDE].slots, title)
    section_title, section_subtitle = headline_boxes(choices[Role.SECTION].slots, cover_title)
    return Frames(
        title=title,
        body=body,
        cover_title=cover_title,
        cover_subtitle=cover_subtitle,
        section_title=section_title,
        section_subtitle=section_subtitle,
        footer=content.footer.box if content.footer else None,
        number=content.number.box if content.number else None,
        number_words=content.number.around if content.number else ("", ""),
        date=content.date.box if content.date and content.date.text else None,
        date_text=content.date.text if content.date else "",
    )


def headline_boxes(slots: Slots, title: Rect) -> tuple[Rect, Rect]:
    """Return the title and subtitle boxes of a title slide or section header whose layout has
    ``slots``: its placeholders', else ``title`` and a box under it."""
    box = slots.title.box if slots.title else title
    below = slots.subtitle.box if slots.subtitle else (box[0], box[1] + box[3] + 0.1, box[2], 0.9)
    return box, below


COVER_TWINS = {"section_title": "cover_title", "section_subtitle": "cover_subtitle"}
"""The title slide's box each section header's box is, where they share a layout."""


def on_slide(frames: Frames, width: float, height: float) -> tuple[Frames, list[str]]:
    """Return ``frames`` with each box cut to the slide (``width`` by ``height``), and a
    sentence for each box of the template's that ran past its edge: text placed there would
    run off the slide, in the deck and in the PDF, unseen."""
    said = {
        "title": "content slides' title",
        "body": "content slides' body",
        "cover_title": "title slide's title",
        "cover_subtitle": "title slide's subtitle",
        "section_title": "section headers' title",
        "section_subtitle": "section headers' subtitle",
        "footer": "footer",
        "number": "slide number",
    }
    cut: dict[str, Any] = {}  # boxes by name, for ``replace``
    problems = []
    for name, what in said.items():
        box: Rect | None = getattr(frames, name)
        if box is None:
            continue
        x, y = max(0.0, box[0]), max(0.0, box[1])
        right, bottom = min(width, box[0] + box[2]), min(height, box[1] + box[3])
        if right - x < 0.5 or bottom - y < 0.2:
            continue  # all but off the slide: left as it is, the fit makes do
        inside = (x, y, right - x, bottom - y)
        if any(abs(a - b) > 0.01 for a, b in zip(inside, box, strict=True)):
            cut[name] = inside
            cover = COVER_TWINS.get(name)
            if cover is not None and box == getattr(frames, cover):
                continue  # a section header on the title slide's layout: said once, for it
            problems.append(
                f"the placeholder of the {what} runs past the slide's edge ({box[2]:.2f} by "
                f"{box[3]:.2f} in at {box[0]:.2f}, {box[1]:.2f} on a {width:g} by {height:g} "
                "in slide): text is kept inside the slide; move it in PowerPoint's Slide "
                "Master view"
            )
    return replace(frames, **cut), problems


def untangled(title: Rect, body: Rect, height: float) -> tuple[Rect, Rect]:
    """Return a content slide's title and body boxes, apart: where a template's layout puts
    its body over its title (LibreOffice's own layouts may), the body starts below the title
    if enough of it is left, else the title moves above the body. Boxes that do not overlap
    stay where they are: a body below its title, beside it (a title in a sidebar) or above
    it (a title at the slide's foot)."""
    below = title[1] + title[3] + TITLE_GAP
    across = min(title[0] + title[2], body[0] + body[2]) - max(title[0], body[0])
    if body[1] >= below - TITLE_GAP or across <= 0 or body[1] + body[3] <= title[1]:
        return title, body
    bottom = body[1] + body[3]
    if bottom - below >= LEAST_BODY * height:
        return title, (body[0], below, body[2], bottom - below)
    if body[1] - TITLE_GAP - TOP >= LEAST_TITLE:
        return (title[0], TOP, title[2], body[1] - TITLE_GAP - TOP), body
    return title, (title[0], below, title[2], max(LEAST_TITLE, height - TOP - below))


TITLE_GAP = 0.1
"""The room between a title and the body, in inches, where a template's boxes overlap."""
TOP = 0.3
"""How far below the slide's top a title moved above its body starts, in inches."""
LEAST_BODY = 0.4
"""The least share of the slide's height a body shortened to start below its title keeps."""
LEAST_TITLE = 0.8
"""The least height of a title moved above its body, in inches."""


def grid_of(base: Grid, frames: Frames, choices: Mapping[Role, Choice], size: Rect) -> Grid:
    """Return the grid the fit works in: the template's slide, boxes and column gap."""
    width, height = size[2], size[3]
    title, body = frames.title, frames.body
    columns = choices[Role.TWO_CONTENT].slots.bodies
    gap = base.column_gap
    if len(columns) == 2:
        left, right = columns
        gap = max(0.1, right.box[0] - (left.box[0] + left.box[2]))
    headings = choices[Role.COMPARISON].slots.headings
    heading = min(max(headings[0].box[3], 0.3), 1.0) if headings else base.column_heading_height
    footer = frames.footer or frames.number or (0.0, height - 0.45, width, 0.35)
    return replace(
        base,
        width=width,
        height=height,
        margin=title[0],
        title_top=title[1],
        title_height=title[3],
        body_top=body[1],
        body_bottom=body[1] + body[3],
        footer_top=footer[1],
        footer_height=footer[3],
        column_gap=gap,
        column_heading_height=heading,
        frames=frames,
    )


def fonts_of(
    base: Theme, named: Mapping[str, tuple[str, str, str]], package: Package
) -> tuple[dict[str, Fonts], list[str], Faces]:
    """Return each layout's fonts, by part: the heading and body fonts ``named`` gives it
    (its title's and its text's typefaces, and what a message calls the layout: nothing for
    the content slides', whose fonts are the deck's), each measured with the font the
    template embeds (see ``embedded_font``), else with its measuring twin, and our code font;
    a sentence for each font measured without a known twin or whose embedded faces cannot be
    used, once a face however many layouts name it (the first to name it, the content
    slides' layout first, says which it is); and the embedded faces the fonts use."""
    names = {(part, role): pair[index] for part, pair in named.items() for role, index in ROLES}
    faces, unusable = embedded_faces(package, names.values())
    problems: list[str] = []
    made: dict[str, Font] = {}
    used: Faces = ()
    for (part, role), name in names.items():
        if folded(name) in made:
            continue
        what = f"{named[part][2]} layout's {role}" if named[part][2] else role
        own, why = embedded_font(name, faces, unusable)
        if own:
            font = Font(name, name, 1.0)
            used += tuple(face for face in own if face not in used)
            after = "that style is drawn with its regular face"
        else:
            font = twinned(what, name, base.folder, problems)
            after = f"it is measured with {font.file} instead"
        made[folded(name)] = font
        if why:
            said = "; ".join(why)
            problems.append(f"the template's {what} font {name!r} is embedded, but {said}: {after}")
    fonts = {
        part: Fonts(made[folded(heading)], made[folded(body)], base.fonts.code)
        for part, (heading, body, _) in named.items()
    }
    return fonts, list(dict.fromkeys(problems)), used


ROLES = (("heading", 0), ("body", 1))
"""The theme's font roles, and where ``fonts_of`` finds each in a layout's pair of names."""


def embedded_font(
    name: str, faces: Iterable[Face], unusable: Iterable[tuple[str, str, str, str]]
) -> tuple[Faces, list[str]]:
    """Return the faces of the font ``name`` the template embeds, if they are enough to
    measure with (a regular and a bold face: bold text measured with a regular face would
    come out too narrow), and why each of its embedded faces cannot be used."""
    own = tuple(face for face in faces if folded(face.family) == folded(name))
    why = [
        f"its {style} face ({part}) {reason}"
        for family, style, part, reason in unusable
        if folded(family) == folded(name)
    ]
    if not own and not why:
        return (), []
    have = {(face.bold, face.italic) for face in own}
    for style, key in (("regular", (False, False)), ("bold", (True, False))):
        if key not in have and not any(f"its {style} face" in reason for reason in why):
            why.append(f"it embeds no {style} face")
    return (own if {(False, False), (True, False)} <= have else ()), why


def twinned(role: str, name: str, folder: Traversable, problems: list[str]) -> Font:
    """Return the font ``name`` measured with its twin, adding a sentence to ``problems``
    when the twin is not a metric-compatible one."""
    twin, widen, bold, exact = twin_of(name, folder)
    if not exact:
        wider, bolder = round((widen - 1) * 100), round(((bold or widen) - 1) * 100)
        if wider > 0:
            also = f" ({bolder}% in bold)" if bolder != wider else ""
            how = f"{wider}% wider{also}, so lines may break earlier than they need to"
        elif bolder > 0:
            how = f"as wide, and {bolder}% wider in bold, so bold lines may break earlier"
        else:
            how = "as it is (a narrow font sets its lines shorter)"
        problems.append(
            f"the template's {role} font {name!r} has no metric-compatible open twin; it "
            f"is measured with {twin}, {how}; a computer without {name} draws the deck in a "
            "font of its own, which may be wider still and let text run out of its box: "
            "install it there, or embed it in the template (PowerPoint: File > Options > "
            "Save > Embed fonts, all characters), which the fit then measures with"
        )
    return Font(name, twin, widen, bold)


SCHEME_NAMES = ("tx1", "bg1", "tx2", "bg2", *(f"accent{n}" for n in range(1, 7)))
"""The scheme colours a run or fill may name, as the master's colour map resolves them."""


def named_colors(colors: Colors, palette: Palette) -> Colors:
    """Return ``colors`` with each that is one of the template's scheme colours named by it
    (``tx1``, ``accent1``...), so runs drawn in it follow a change of the theme's colours in
    PowerPoint; the others stay ``RRGGBB``."""
    by_value: dict[str, str] = {}
    for name in SCHEME_NAMES:
        by_value.setdefault(palette.named(name).upper(), name)
    return Colors(
        **{key: by_value.get(value.upper(), value) for key, value in vars(colors).items()}
    )


@dataclass(frozen=True)
class Inks:
    """Each role's colours (``Role``'s order), as the PDF draws them and as the deck names
    them (see ``named_colors``): a layout may map the scheme its own way; and its fonts, as a
    layout may name its own."""

    colors: tuple[Colors, ...]
    named: tuple[Colors, ...]
    title_grounds: tuple[str, ...] = ()
    """What each role's title is drawn on: the slide's background, or a template's band or
    panel behind the title's box."""
    body_grounds: tuple[str, ...] = ()
    """What each role's body is drawn on: the slide's background, or a template's panel
    behind the body's box."""
    fonts: tuple[Fonts, ...] = ()
    """Each role's fonts: those its layout's own title and text name, else its master's, else
    its theme's (a title slide in a display face of its own), each with what it is measured
    with."""


def role_colors(
    package: Package,
    layout: str,
    drawn: Backdrop | None = None,
    title: Rect | None = None,
    feet: Rect | None = None,
    body: Rect | None = None,
    title_fill: str = "",
) -> tuple[Colors, Colors, str, str]:
    """Return the colours of slides on ``layout``, plain and as the deck names them, what the
    title is drawn on and what the body is.

    The title is drawn on what ``drawn`` (the layout's backdrop) shows behind its box
    ``title``, its colour read on it; the footer's is read on what it shows behind the
    footer's box ``feet`` (a band), where that is not the slide's background; the body's
    text, bullets, links and code on a panel it shows behind the body's box ``body``
    (``on_panel``)."""
    palette = Palette(package, layout)
    ground = background(package, layout, palette)
    if drawn is not None and drawn.color is not None and (drawn.gradient or drawn.picture):
        ground = drawn.color  # a gradient's or a picture's average colour: text is read on it
    behind = ground if drawn is None or title is None else behind_box(drawn, title, ground)
    own = palette.fill(etree.fromstring(title_fill)) if title_fill else None
    behind = own or behind  # a title placeholder filled with a colour of its own: a bar
    title_color = style_color(package, "titleStyle", palette)
    text = style_color(package, "bodyStyle", palette)
    colors = colors_of(palette, ground, title_color, text, behind)
    under = ground if drawn is None or feet is None else behind_box(drawn, feet, ground)
    if under != ground:
        footer = readable(
            under, palette.named("tx2"), colors.muted, palette.named("bg1"), "FFFFFF", "000000"
        )
        colors = replace(colors, footer=footer)
    panel = ground if drawn is None or body is None else behind_box(drawn, body, ground)
    if panel != ground:
        colors = on_panel(colors, colors_of(palette, panel, title_color, text, behind), palette)
    return colors, named_colors(colors, palette), behind, panel


def on_panel(colors: Colors, panel: Colors, palette: Palette) -> Colors:
    """Return a layout's ``colors`` with what its body draws taken from ``panel``, its colours
    read on a panel of the template behind the body (a dark panel on a light slide: the
    body's text white, where it was drawn in the slide's black): the accent too, the
    template's first that reads on the panel (bullets, links and marks are drawn in it).
    A table keeps the slide's colours: it draws its own rows."""
    accents = (palette.named(f"accent{n}") for n in range(1, 7))
    accent = readable(panel.background, *accents, panel.text)
    on_accent = readable(accent, palette.named("bg1"), "FFFFFF", panel.text, "000000")
    return replace(
        panel,
        background=colors.background,
        title=colors.title,
        accent=accent,
        column_heading_text=on_accent,
        # A table draws its own rows: they keep the slide's look, the panel around them.
        table_header=colors.table_header,
        table_header_text=colors.table_header_text,
        table_band=colors.table_band,
        table_text=colors.text,
        footer=colors.footer_ink,  # on the slide, not the panel
    )


def behind_box(drawn: Backdrop, box: Rect, ground: str) -> str:
    """Return the colour a backdrop shows behind the middle of ``box``: the topmost shape
    with a solid fill there (a band, a sidebar), else the slide's ``ground``. A picture there
    has no one colour: the ground is taken."""
    x, y = box[0] + box[2] / 2, box[1] + box[3] / 2
    for art in reversed(drawn.shapes):
        shape = art.box
        if not (shape.x <= x <= shape.x + shape.w and shape.y <= y <= shape.y + shape.h):
            continue
        if art.kind is ArtKind.PICTURE or art.turn.rotation % 90:
            return ground
        if art.fill is not None and art.geometry in ("rect", "roundRect"):
            return art.fill
    return ground


UNDER = 0.3
"""How far (inches) a thing the template draws must reach into the body, across and down,
for text there to be drawn over it (``under_body``): less is a rule or a band's edge."""
BACKGROUND = 0.9
"""The share of the slide a shape or picture covers from which it is the slide's background,
which the body's text is meant to be drawn on (its contrast is checked instead)."""


def under_body(drawn: Backdrop, body: Rect, width: float, height: float) -> list[str]:
    """Return a sentence for each picture, shape or text box of ``drawn`` (a layout's
    backdrop) that lies partly under the content slides' ``body`` on a ``width`` by
    ``height`` slide: a logo where the body's text goes, which the text is drawn over in
    PowerPoint, LibreOffice and the PDF alike. A panel the body lies within, or one over
    the whole slide, is what the text is drawn on: not one of them."""
    x, y, w, h = body
    problems = []
    for art in drawn.shapes:
        if art.kind is ArtKind.LINE:
            continue
        box = art.box
        across = min(x + w, box.x + box.w) - max(x, box.x)
        down = min(y + h, box.y + box.h) - max(y, box.y)
        within = (
            box.x <= x + 0.05
            and box.y <= y + 0.05
            and box.x + box.w >= x + w - 0.05
            and box.y + box.h >= y + h - 0.05
        )
        if across < UNDER or down < UNDER or within or box.w * box.h >= BACKGROUND * width * height:
            continue
        what = "text box" if art.kind is ArtKind.TEXT else art.kind.value
        problems.append(
            f"the template's {what} at {box.x:.1f}, {box.y:.1f} in "
            f"({box.w:.1f} x {box.h:.1f} in) lies under the content slides' body "
            f"({x:.1f}, {y:.1f} in, {w:.1f} x {h:.1f} in): their text is drawn over it; in "
            "PowerPoint's Slide Master view, move it or make the body placeholder smaller"
        )
    return problems


ACROSS = 0.05
"""How far (inches) a thing the template draws must reach across a title's box, below it, for
a taller title to be drawn over it (``art_under``)."""


def art_under(drawn: Backdrop | None, title: Rect, width: float, height: float) -> float | None:
    """Return the top of the highest thing ``drawn`` (a layout's backdrop) shows under the
    box ``title`` and across it, on a ``width`` by ``height`` slide: the rule or band a
    title taller than its box would be drawn over (a red rule under two-line titles). Not a
    band the box lies on, nor what covers the slide (its background). ``None`` where there is
    nothing."""
    if drawn is None:
        return None
    x, y, w, h = title
    tops = [
        art.box.y
        for art in drawn.shapes
        if art.box.y >= y + h - ACROSS
        and min(x + w, art.box.x + art.box.w) - max(x, art.box.x) > ACROSS
        and art.box.w * art.box.h < BACKGROUND * width * height
    ]
    return min(tops, default=None)


CLEAR = 0.1
"""The room (inches) a title keeps from a logo or a shape at its end (``clear_of_art``)."""
NARROWEST_TITLE = 0.5
"""The least share of its box's width a title keeps beside what the template draws at its
ends: past that, the title keeps its box and runs over it (``clear_of_art``)."""


def clear_of_art(
    drawn: Backdrop | None,
    title: Rect,
    width: float,
    height: float,
    holders: Iterable[Rect] = (),
) -> Rect:
    """Return the box ``title`` narrowed to keep clear of what ``drawn`` (a layout's backdrop)
    shows at its ends, on a ``width`` by ``height`` slide: a school's logo in the top right
    corner that the title's box runs under, a text box with the course's name; and of the
    layout's slide number, date or footer placeholders there (``holders``: a number at the
    top right, beside the logo). Not what the title is drawn on (what holds its middle: a
    band, a panel), what spans it from end to end, nor what covers the slide."""
    boxes = [
        (art.box.x, art.box.y, art.box.w, art.box.h)
        for art in (drawn.shapes if drawn is not None else ())
        if art.kind is not ArtKind.LINE and art.box.w * art.box.h < BACKGROUND * width * height
    ]
    x, y, w, h = title
    left, right = x, x + w
    for bx, by, bw, bh in (*boxes, *holders):
        across = min(x + w, bx + bw) - max(x, bx)
        down = min(y + h, by + bh) - max(y, by)
        spans = bx <= x + ACROSS and bx + bw >= x + w - ACROSS
        holds = bx <= x + w / 2 <= bx + bw and by <= y + h / 2 <= by + bh
        if across <= ACROSS or down <= ACROSS or spans or holds:
            continue
        if bx + bw / 2 >= x + w / 2:
            right = min(right, bx - CLEAR)
        else:
            left = max(left, bx + bw + CLEAR)
    if right - left < NARROWEST_TITLE * w:
        return title
    return (left, y, right - left, h)


def around(slots: Slots, title: Rect, width: float, height: float) -> Rect | None:
    """Return the box around a two-column layout's bodies and their headings (``slots``),
    cut to the ``width`` by ``height`` slide, where the layout has two bodies under the
    content slides' ``title``; else ``None`` (the columns go in the content slides' body)."""
    if len(slots.bodies) != 2:
        return None
    boxes = [slot.box for slot in (*slots.headings, *slots.bodies)]
    left = max(0.0, min(box[0] for box in boxes))
    top = max(0.0, min(box[1] for box in boxes))
    right = min(width, max(box[0] + box[2] for box in boxes))
    bottom = min(height, max(box[1] + box[3] for box in boxes))
    if right - left < 3.0 or bottom - top < 1.5 or top < title[1] + title[3] - 0.05:
        return None  # not two columns a slide can hold, or over the title: the body's box
    return (left, top, right - left, bottom - top)


def derive_theme(
    base: Theme,
    package: Package,
    choices: Mapping[Role, Choice],
    name: str,
    drawn: Mapping[str, Backdrop] | None = None,
) -> tuple[Theme, Inks, list[str], Faces]:
    """Return ``base`` made over by the template (in its Title and Content layout's colours),
    each role's colours, what is questionable in it, and the embedded font faces it uses;
    each layout's title coloured to read on what ``drawn`` (its backdrop, by part) shows
    behind it."""
    content = choices[Role.CONTENT]
    palette = Palette(package, content.part)
    width, height = slide_size(package)
    frames = frames_of(choices, replace(base.slide, width=width, height=height), height)
    frames, outside = on_slide(frames, width, height)
    content_art = drawn.get(content.part) if drawn else None
    slots = content.slots
    holders = [slot.box for slot in (slots.number, slots.date, slots.footer) if slot is not None]
    frames = replace(frames, title=clear_of_art(content_art, frames.title, width, height, holders))
    limit = art_under(content_art, frames.title, width, height)
    compared = around(choices[Role.COMPARISON].slots, frames.title, width, height)
    paired = around(choices[Role.TWO_CONTENT].slots, frames.title, width, height)
    frames = replace(frames, title_limit=limit, compared=compared, paired=paired)
    grid = grid_of(base.slide, frames, choices, (0.0, 0.0, width, height))
    titles = {choice.part: title_of(choice, frames) for choice in choices.values()}
    feet = {choice.part: feet_of(choice, frames) for choice in choices.values()}
    bodies = {choice.part: body_of(choice, frames) for choice in choices.values()}
    fills = {choice.part: title_fill_of(choice) for choice in choices.values()}
    made = {
        part: role_colors(
            package, part, (drawn or {}).get(part), box, feet[part], bodies[part], fills[part]
        )
        for part, box in titles.items()
    }
    inks = Inks(
        tuple(made[choices[role].part][0] for role in Role),
        tuple(made[choices[role].part][1] for role in Role),
        tuple(made[choices[role].part][2] for role in Role),
        tuple(made[choices[role].part][3] for role in Role),
    )
    colors = made[content.part][0]
    named = {content.part: (*pair_of(palette), "")}
    for choice in choices.values():
        if choice.part not in named:
            named[choice.part] = (*pair_of(Palette(package, choice.part)), repr(choice.name))
    by_part, problems, faces = fonts_of(base, named, package)
    fonts = by_part[content.part]
    syntax = readable_syntax(base, colors.code_background)
    theme = replace(
        base,
        name=name,
        slide=grid,
        colors=colors,
        fonts=fonts,
        syntax=syntax,
        title_slide=TitleSlide(),
        align=alignment_of(package, palette.master, choices),
    )
    marks, undrawn = drawn_marks(theme, bullet_marks(package, palette, base.bullets.chars))
    theme = replace(theme, bullets=replace(base.bullets, chars=marks))
    inks = replace(inks, fonts=tuple(by_part[choices[role].part] for role in Role))
    return theme, inks, [*outside, *problems, *undrawn], faces


def pair_of(palette: Palette) -> tuple[str, str]:
    """Return the heading and body typefaces of the palette's layout."""
    return palette.fonts["majorFont"], palette.fonts["minorFont"]


def drawn_marks(theme: Theme, marks: tuple[str, ...]) -> tuple[tuple[str, ...], list[str]]:
    """Return the template's bullet ``marks`` with each that neither ``theme``'s body font
    nor a font on this machine has (the PDFs would draw it as an empty box) made the theme's
    for its level, and a sentence for each such mark."""
    from exporter.measure import face
    from exporter.resources.system_fonts import coverage

    ours = theme.bullets.chars
    kept: list[str] = []
    said: list[str] = []
    for index, mark in enumerate(marks):
        own = ours[index % len(ours)]
        with contextlib.suppress(MissingFont):
            if mark == own or ord(mark) in face(theme, theme.fonts.body.file).covered:
                kept.append(mark)
                continue
        if coverage().draws(ord(mark)):
            kept.append(mark)
            continue
        kept.append(own)
        said.append(
            f"its list level {index + 1}'s bullet {mark!r} is in no font on this machine "
            f"(the PDFs would draw an empty box): the theme's {own!r} marks it instead"
        )
    return tuple(kept), list(dict.fromkeys(said))


def title_of(choice: Choice, frames: Frames) -> Rect:
    """Return where a slide on ``choice``'s layout has its title: the layout's own title
    placeholder, else the content slide's (the title slide's, for the title slide)."""
    if choice.slots.title is not None:
        return choice.slots.title.box
    return frames.cover_title if choice.role is Role.TITLE_SLIDE else frames.title


def title_fill_of(choice: Choice) -> str:
    """Return the solid fill of the title placeholder of ``choice``'s layout (its own or its
    master's, as XML), or nothing."""
    return choice.slots.title.fill if choice.slots.title is not None else ""


def body_of(choice: Choice, frames: Frames) -> Rect | None:
    """Return where a slide on ``choice``'s layout has its body (its first column's, where it
    has two): the layout's own body placeholder, else the content slide's (none on the title
    slide or a section header, whose words are the title's and subtitle's)."""
    if choice.slots.bodies:
        return choice.slots.bodies[0].box
    return None if choice.role in (Role.TITLE_SLIDE, Role.SECTION) else frames.body


def feet_of(choice: Choice, frames: Frames) -> Rect | None:
    """Return where a slide on ``choice``'s layout has its footer (else its slide number):
    the layout's own placeholder, else the content slide's."""
    slots = choice.slots
    own = slots.footer or slots.number
    return own.box if own is not None else frames.footer or frames.number


def layout_master(package: Package, layout: str) -> str:
    """Return the master a layout belongs to."""
    masters = package.related(layout, "slideMaster")
    return masters[0] if masters else package.related(package.main, "slideMaster")[0]
