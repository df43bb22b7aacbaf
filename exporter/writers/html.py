"""write: ``LaidOutDeck`` → HTML and CSS for the slide PDF and the handouts (no WeasyPrint here).

Every slide is drawn from the fitted layout, as the PPTX is: each box absolutely positioned
where the fit stage put it, each run at the size it chose, with the same font files the fit
measured. Nothing here decides a slide's layout; the handouts only arrange whole slides on
paper. Every piece of lesson text is escaped: raw HTML in a lesson is shown, never interpreted.

Fonts and images are referred to by ``lesson:`` addresses, served from memory by the PDF
writer's fetcher (``Document.files``); nothing else can be loaded.
"""

from __future__ import annotations

import functools
import html
import io
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

from exporter import __version__
from exporter.addresses import BREAK, breakable, shown
from exporter.geometry import (
    CAPTION_INSET,
    CAPTION_SPACING,
    CELL_INSET,
    CODE_INSET,
    FIRST_BASELINE,
    HEADING_INSET,
    INLINE_MARGIN,
    LINE_HEIGHT,
    MAX_LEVEL,
    TEXT_INSET,
    Box,
    CodeFrame,
    Fold,
    Frame,
    HeadingFrame,
    ImageFrame,
    LaidOutDeck,
    PlacedSlide,
    TableFrame,
    TextBlock,
    TextFrame,
    caption_of,
    caption_sizes,
    date_line,
    icon_box,
    indent_of,
    number_words,
    pictured_frames,
    right_inset,
    role_of,
    size_of,
    slack_inset,
    space_before,
    title_band,
)
from exporter.lexing import Role
from exporter.model import (
    SCRIPT_SCALE,
    SCRIPT_SHIFT,
    TASK_BOXES,
    Block,
    Bullet,
    Code,
    Columns,
    Image,
    Layout,
    Paragraph,
    Run,
    Runs,
    Script,
    Subheading,
    Tone,
    Words,
    label_text,
)
from exporter.resources import FONT_STYLES, MissingFont, Picture, theme_font
from exporter.template.backdrop import Art, Backdrop, backdrop_html
from exporter.theme import MIN_CONTRAST, Colors, Fonts, Theme, contrast, layout_files, on_layout
from exporter.writers.drawingml import xml_safe
from exporter.writers.highlight import (
    ITALIC_ROLES,
    POINTS_PER_INCH,
    folded,
    highlight,
    line_chars,
)

SCHEME = "lesson:"
"""The address scheme of every resource a document refers to."""
MIME_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "gif": "image/gif"}
LINK_SCHEMES = ("http:", "https:", "mailto:", "ftp:")
"""Links a PDF keeps clickable; relative links have nothing to point at in a PDF."""


@dataclass(frozen=True)
class Document:
    """An HTML document, the files it refers to, by address, and its style sheets."""

    html: str
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    """Each ``lesson:`` address and its bytes and media type."""
    styles: tuple[str, ...] = ()
    """The document's CSS, in parts applied in this order, as if one sheet: those shared by
    every document of a kind (a theme's fonts and colours, a handout layout's rules) apart
    from those of this document alone (a handout's header), so that a process parses each
    shared part once (``writers.pdf.stylesheet``)."""

    def identity(self) -> bytes:
        """Return the bytes that tell this document from any other (but its files)."""
        return "\0".join((self.html, *self.styles)).encode("utf-8")


def render_slides(laid: LaidOutDeck, created: datetime | None = None) -> Document:
    """Return the slide PDF's document: one 16:9 page per slide."""
    writer = HtmlWriter(laid)
    grid = laid.theme.slide
    page = f"@page{{size:{grid.width:.4f}in {grid.height:.4f}in;margin:0}}"
    slides = "".join(
        writer.slide(placed, bookmark=f"{placed.number}. {title_of(placed, laid.deck.words)}")
        for placed in laid.slides
    )
    return writer.document(
        (page + SLIDE_PAGES_CSS,), f'<main class="slides">{slides}</main>', created
    )


def slacked(box: Box) -> Box:
    """Return a title's or subtitle's ``box`` whose lines hold icons, narrowed by what
    ``geometry.slack_inset`` adds to its right inset, so that it wraps where the fit did."""
    return replace(box, w=box.w - (slack_inset(box.w, TEXT_INSET[0]) - TEXT_INSET[0]))


def title_of(placed: PlacedSlide, words: Words) -> str:
    """Return a slide's title as plain text, for bookmarks and labels (``Slide 3`` in
    ``words`` when it has none)."""
    title = " ".join(label_text(placed.slide.title).split())
    return title or words.slide.format(number=placed.number)


def aligned(align: str) -> str:
    """Return the CSS that aligns a paragraph (nothing for ``left``, which is as it is)."""
    return "" if align == "left" else f";text-align:{align}"


def escape(text: str) -> str:
    """Return ``text`` safe inside HTML text and attribute values."""
    # A line or paragraph separator after a space crashes WeasyPrint's line breaking; on a
    # slide either reads as a space.
    return html.escape(xml_safe(text).translate(SEPARATORS), quote=True)


SEPARATORS = {0x2028: " ", 0x2029: " "}


def css_string(text: str) -> str:
    """Return ``text`` as a quoted CSS string."""
    escaped = "".join(
        f"\\{ord(char):x} " if char in '"\\' or ord(char) < 0x20 or char == "\x7f" else char
        for char in xml_safe(text)
    )
    return f'"{escaped}"'


@functools.cache
def baseline_shift(font: bytes) -> float:
    """Return how far (in ems) a line of ``font`` must move down to sit as in the PPTX.

    A browser centres the font's ascent and descent (from its ``hhea`` table) in the line
    height; LibreOffice puts a box's first baseline ``FIRST_BASELINE`` ems below the top of
    its text (measured: 1.00 for Carlito and Liberation Mono, from 12 to 44 pt), and each
    next line a line height further down.
    """
    table = TTFont(io.BytesIO(font), lazy=True)
    fonts_log = logging.getLogger("fontTools")
    level = fonts_log.level
    fonts_log.setLevel(logging.ERROR)  # it warns of the Carlito files' dates of 1904
    try:
        metrics, units = table["hhea"], table["head"].unitsPerEm
    finally:
        fonts_log.setLevel(level)
    ascent, descent = float(metrics.ascent / units), float(-metrics.descent / units)
    return FIRST_BASELINE - ((LINE_HEIGHT - ascent - descent) / 2 + ascent)


def slide_text(text: str) -> str:
    """Return ``text`` set to break only where PowerPoint and LibreOffice break a line.

    Runs of spaces are kept, as a slide keeps them, where HTML collapses them (collapsing white
    space with ``pre-wrap`` instead trips WeasyPrint's line breaking next to a floated
    bullet). A word joiner after each slash keeps ``and/or`` whole, which browsers break,
    except where a long address may break (a zero-width space follows, see ``addresses``).
    """
    text = SPACES.sub(lambda match: " " + "\u00a0" * (len(match[0]) - 1), text)
    return SPACE_SLASH.sub("\u200b/", SLASH.sub("/\u2060", text))


SPACES = re.compile(" {2,}")
EDGE_SPACES = re.compile("( *)(.*?)( *)", re.DOTALL)
"""A run's text: the spaces it starts with, the rest, and the spaces it ends with."""
SLASH = re.compile(f"/(?!{BREAK})")
SPACE_SLASH = re.compile("(?<= )/")
"""A slash after a space: the line-breaking rules WeasyPrint follows never break before a
slash, even after a space (``see`` / ``/etc/hosts``), where PowerPoint, LibreOffice and the
fit do; a zero-width space there lets it."""


def spaced(text: str, inner: Callable[[str], str]) -> str:
    """Return a piece of HTML ``text`` as ``inner`` makes it, the spaces it starts and ends
    with in spans of their own: WeasyPrint (70) breaks a line wrongly where a piece of text
    that ends or starts with a space meets another element near the line's end, leaving a
    word alone on a line the rest would fill (``… source port, / destination / address``
    before ``ss -tulpn``, ``COPY --`` / ``from=builder ...``)."""
    lead, core, trail = EDGE_SPACES.fullmatch(text).groups()  # type: ignore[union-attr]
    return "".join(
        (
            f"<span>{lead}</span>" if lead else "",
            inner(core) if core else "",
            f"<span>{trail}</span>" if trail else "",
        )
    )


def token_html(role: Role | None) -> Callable[[str], str]:
    """Return what puts a highlighted token's HTML in the span of its role's class (plain
    text where it has none)."""
    if role is None:
        return lambda text: text
    return lambda text: f'<span class="t-{role.value}">{text}</span>'


def ink_css(colors: Colors, name: str) -> str:
    """Return the rules that draw the marks, links, muted and accented words and inline code
    of a slide of the class ``name`` in ``colors`` (each weighs more than the theme's)."""
    scope = f".slide.{name} "
    return (
        f"{scope}.mark{{color:#{colors.accent}}}{scope}.link{{color:#{colors.accent}}}"
        f"{scope}.accent{{color:#{colors.accent}}}{scope}.muted{{color:#{colors.muted}}}"
        f"{scope}.ic{{color:#{colors.code_text};background:#{colors.code_background}}}"
    )


def unslashed(code: str) -> str:
    """Return a piece of code with a word joiner after each slash and a zero-width space
    before one after a space (``SPACE_SLASH``): LibreOffice and the fit wrap a line of code at
    its spaces (and hyphens), where the PDF (Pango) would break it after a slash instead
    (``http://localhost:8000/`` / ``healthz``). Neither is in the PDF's text, so code copied
    from it runs."""
    return SPACE_SLASH.sub("\u200b/", code.replace("/", "/\u2060"))


def inches(value: float) -> str:
    """Return a length in inches for CSS."""
    return f"{value:.4f}in"


def on_paper(color: str) -> str:
    """Return ``color`` if it reads on white paper, else a dark grey (handouts' text outside
    the slides, in a theme made for dark slides)."""
    return color if contrast(color, "FFFFFF") >= MIN_CONTRAST else "374151"


def placed_at(box: Box) -> str:
    """Return the CSS that puts an absolutely positioned element at ``box``."""
    return f"left:{inches(box.x)};top:{inches(box.y)};width:{inches(box.w)};height:{inches(box.h)}"


def inset(pair: tuple[float, float]) -> str:
    """Return a box's inner margin (left/right, top/bottom) as CSS padding."""
    return f"padding:{inches(pair[1])} {inches(pair[0])}"


def font_faces(theme: Theme, files: dict[str, tuple[bytes, str]]) -> str:
    """Return an ``@font-face`` rule for each face of each font ``theme`` uses, adding the
    fonts' files to ``files``: the same rules and files in every document drawn with it."""
    rules = []
    for family in families_of(theme):
        for (bold, italic), style in FONT_STYLES.items():
            try:
                data = theme_font(theme, family, bold, italic, exact=True)
            except MissingFont:
                continue  # WeasyPrint slants or emboldens the regular face
            address = f"{SCHEME}font/{family.replace(' ', '')}-{style}.ttf"
            files[address] = (data, "font/ttf")
            rules.append(
                f"@font-face{{font-family:{css_string('lx-' + family)};"
                f"src:url({css_string(address)});"
                f"font-weight:{700 if bold else 400};"
                f"font-style:{'italic' if italic else 'normal'}}}"
            )
    return "".join(rules)


def families_of(theme: Theme) -> tuple[str, ...]:
    """Return the font files ``theme``'s slides are drawn in, each once: its heading, body
    and code fonts', then those its template's layouts name besides (``on_layout``)."""
    own = (theme.fonts.heading.file, theme.fonts.body.file, theme.fonts.code.file)
    return tuple(dict.fromkeys((*own, *layout_files(theme))))


def fonts_document(theme: Theme) -> Document:
    """Return a one-line document in each of ``theme``'s fonts, with the font files every
    document drawn with it has (``writers.pdf.warm_up`` renders it)."""
    files: dict[str, tuple[bytes, str]] = {}
    rules = font_faces(theme, files)
    own = tuple(getattr(theme.fonts, role).file for role in ("heading", "body", "code"))
    lines = "".join(
        f'<p style="font-family:{escape(css_string("lx-" + family))}">Warm <b>up</b> <i>now</i></p>'
        for family in (*own, *layout_files(theme))
    )
    return Document(lines, files, (rules,))


ICONS_CSS = (
    # An icon in a line: its middle where the fit puts it on a slide's line, as far above
    # the baseline as the line's middle is (the line's first baseline lies FIRST_BASELINE
    # below its top, see ``baseline_shift``); in a handout's text, at the middle of capitals.
    f".inl{{vertical-align:0.32em}}.slide .inl{{vertical-align:"
    f"{FIRST_BASELINE - LINE_HEIGHT / 2:.3f}em}}"
)
"""Where an icon inside a line stands in it (``HtmlWriter.inline_icon``)."""


class HtmlWriter:
    """Draws one laid-out deck's slides (and handouts) as HTML."""

    def __init__(self, laid: LaidOutDeck) -> None:
        self.laid = laid
        self.theme: Theme = laid.theme
        self.parted = laid.first_section
        """The number of the deck's first section header: the slides after it are bookmarked
        under the header before them (``in-part``), in a part of a long lesson's PDF too."""
        self.files: dict[str, tuple[bytes, str]] = {}
        self.images: dict[int, str] = {}
        self.backdrop_images: dict[bytes, str] = {}
        self.colors = self.theme.colors
        """The colours of the slide being drawn (a template's layout may map its own)."""
        self.families = {
            role: f"lx-{getattr(self.theme.fonts, role).file}"
            for role in ("heading", "body", "code")
        }
        self.classes: dict[tuple[str, str, str], str] = {}
        """Each style given as a class (``styled``): where it applies, its element's tag and
        its declarations, and the class's name."""
        self.shifts: dict[str, float] = {}
        """Each font file's baseline shift (``shift``), once worked out."""
        self.fonts: Fonts = self.theme.fonts
        """The fonts of the slide being drawn: its layout's (``theme.on_layout``)."""
        self.faces: dict[Fonts, str] = {}
        """The class of each layout's fonts other than the theme's (``face_class``)."""
        self.inks: dict[Colors, str] = {}
        """The class of each layout's colours other than the theme's (``ink_class``)."""
        frames = [
            frame
            for placed in laid.slides
            for frame in pictured_frames(placed)
            if frame.picture is not None
        ]
        self.pictures = {f.image: f.picture for f in frames if not f.faded}
        """The picture each image of the lesson shows, where it could be had."""
        self.faded = {f.image: f.picture for f in frames if f.faded}
        """The picture each icon among muted words shows, greyed (``ImageFrame.faded``)."""

    # The document ---------------------------------------------------------------------

    def document(self, styles: tuple[str, ...], body: str, created: datetime | None) -> Document:
        """Return a whole HTML document: metadata and ``body``, styled by the fonts, the
        theme's colours and then ``styles`` (see ``Document.styles``)."""
        deck = self.laid.deck
        meta = [
            '<meta charset="utf-8"/>',
            f"<title>{escape(deck.title)}</title>",
            f'<meta name="generator" content="lesson-exporter {__version__}"/>',
        ]
        if deck.subtitle:
            meta.append(f'<meta name="description" content="{escape(deck.subtitle)}"/>')
        if created is not None:
            stamp = created.strftime("%Y-%m-%dT%H:%M:%SZ")
            meta.append(f'<meta name="dcterms.created" content="{stamp}"/>')
            meta.append(f'<meta name="dcterms.modified" content="{stamp}"/>')
        shared = self.font_faces() + self.base_css()
        styles = (*styles, self.classes_css())
        head = "".join(meta)
        language = escape(deck.language)
        text = (
            f'<!DOCTYPE html><html lang="{language}"><head>{head}</head><body>{body}</body></html>'
        )
        return Document(text, dict(self.files), (shared, *(css for css in styles if css)))

    def styled(self, tag: str, style: str, scope: str = ".slide ") -> str:
        """Return the name of a class that gives a ``tag`` element the declarations ``style``
        (the same name for the same declarations: see ``classes_css``): in a slide, or, with
        another ``scope``, where that selector says ("" for anywhere).

        A class rather than a ``style`` attribute: WeasyPrint works out a computed style once
        for elements with the same parent, the same matching rules and no ``style`` attribute,
        so that the bullets of a box that look alike, and what they hold, share one, and so do
        the boxes at the same place on every slide (a title's, the footer's); an element with
        a ``style`` attribute, and all it holds, has its own, each property worked out anew
        (and each attribute parsed anew). The slide PDF takes 8 % less time so."""
        return self.classes.setdefault((scope, tag, style), f"s{len(self.classes)}")

    def classes_css(self) -> str:
        """Return the rule of each class ``styled`` gave, this document's own. Each weighs
        more than every shared rule that sets the same properties (``.slide p``, ``.slide
        .mark``, ``.slide``, ``.thumb``), so that its declarations win as the attribute's
        did."""
        own = "".join(
            f"{scope}{tag}.{name}{{{style}}}" for (scope, tag, style), name in self.classes.items()
        )
        faces = "".join(self.face_css(fonts, name) for fonts, name in self.faces.items())
        inks = "".join(ink_css(colors, name) for colors, name in self.inks.items())
        return faces + own + inks

    def face_class(self, fonts: Fonts) -> str:
        """Return the class of a slide drawn in ``fonts``, its layout's own (a template's
        title slide in a display face): its text takes them rather than the theme's
        (``face_css``)."""
        return self.faces.setdefault(fonts, f"face{len(self.faces)}")

    def face_css(self, fonts: Fonts, name: str) -> str:
        """Return the rules that draw a slide of the class ``name`` in ``fonts``: each role's
        family, and its lines moved as ``base_css`` moves the theme's. They come before the
        classes of ``styled``, which weigh as much and so win (a title's ``top:auto``)."""
        body, heading = self.shift_of(fonts.body.file), self.shift_of(fonts.heading.file)
        return (
            f".{name}{{font-family:{css_string('lx-' + fonts.body.file)}}}"
            f".{name} .heading{{font-family:{css_string('lx-' + fonts.heading.file)}}}"
            f".{name} p{{top:{body:.4f}em}}"
            f".{name} td,.{name} th{{transform:translateY({body:.4f}em)}}"
            f".{name} p.heading{{top:{heading:.4f}em}}"
        )

    def ink_class(self, colors: Colors) -> str:
        """Return the class of a slide drawn in ``colors``, a layout's own (a template's
        layout may map its colours its own way, or draw its body on a panel): its marks,
        links, muted words and inline code take them rather than the theme's (``ink_css``)."""
        return self.inks.setdefault(colors, f"ink{len(self.inks)}")

    def font_faces(self) -> str:
        """Return an ``@font-face`` rule for each face of each font the theme uses."""
        return font_faces(self.theme, self.files)

    def base_css(self) -> str:
        """Return the theme's colours and fonts as CSS shared by slides and handouts."""
        colors = self.theme.colors
        families = self.families
        return (
            # Handouts' own text is on white paper: a colour made for a dark slide gives way.
            f"html{{font-family:{css_string(families['body'])};color:#{on_paper(colors.text)}}}"
            f".slide{{background:#{colors.background};color:#{colors.text}}}"
            f".heading{{font-family:{css_string(families['heading'])}}}"
            f".c{{font-family:{css_string(families['code'])}}}"
            f".link{{color:#{on_paper(colors.accent)};text-decoration:underline}}"
            f".slide .link{{color:#{colors.accent}}}"
            # Inline code: smaller, as the PPTX sets it, on the code background.
            f".ic{{font-size:{self.theme.sizes.inline_code:.4f}em;line-height:0;"
            f"color:#{colors.code_text};background:#{colors.code_background}}}"
            f"{self.syntax_css()}"
            # The outline's code in the slides' code colours, which the syntax colours suit.
            f"html .outline pre{{background:#{colors.code_background};color:#{colors.code_text}}}"
            f".mark{{color:#{on_paper(colors.accent)}}}.slide .mark{{color:#{colors.accent}}}"
            f".muted{{color:#{on_paper(colors.muted)}}}.slide .muted{{color:#{colors.muted}}}"
            # Every line is lifted or lowered by as much, so the first baseline of each box
            # lies where the PPTX's does (see ``baseline_shift``).
            f".slide p{{top:{self.shift('body'):.4f}em}}"
            # A cell's text by as much: the cell moved, not its row, which paints the fill.
            f".slide td,.slide th{{transform:translateY({self.shift('body'):.4f}em)}}"
            f".slide p.heading{{top:{self.shift('heading'):.4f}em}}"
            f".slide pre{{top:{self.shift('code'):.4f}em}}"
            f"{self.tone_css()}{ICONS_CSS}"
        )

    def tone_css(self) -> str:
        """Return the colour of a run in the accent (a quiz's right answer, an alert's label,
        a numbered task's box), for a deck with quiz questions shown or a run in the accent
        (the rest keep the CSS they had)."""
        slides = [placed.slide for placed in self.laid.slides]
        if not any(slide.view is not None or accented(slide.body) for slide in slides):
            return ""
        accent = self.theme.colors.accent
        # No line height of its own: the check mark, from a fallback font of other ascent and
        # descent, would otherwise make its line taller than the deck's.
        return (
            f".accent{{color:#{on_paper(accent)};line-height:0}}.slide .accent{{color:#{accent}}}"
        )

    def syntax_css(self) -> str:
        """Return a class for each syntax role (``.t-comment``...) in the theme's colours."""
        syntax = self.theme.syntax
        if syntax is None:
            return ""
        return "".join(
            f".t-{role.value}{{color:#{getattr(syntax, role.value)}"
            f"{';font-style:italic' if role in ITALIC_ROLES else ''}}}"
            for role in Role
        )

    def highlighted(
        self,
        text: str,
        info: str | None,
        width: float,
        size: float,
        code: Code | None = None,
        folds: tuple[Fold | None, ...] = (),
    ) -> str:
        """Return a code block's text as HTML, its tokens in spans of their roles' classes
        (``width`` is the box's inner width in inches, ``size`` the code's in points; ``code``,
        the block, where ``text`` may be a part of one divided over slides), each line
        broken where the fit breaks it (``folds``, see ``codefold``)."""
        if self.theme.syntax is None:
            info = None
        most = line_chars(self.theme, width, size)
        whole, first = (None, 0) if code is None else (code.whole, code.first)
        lines = highlight(text, info, most, whole, first)
        if folds:
            lines = tuple(
                drawn
                for line, fold in zip(lines, folds, strict=True)
                for drawn in folded(line, fold)
            )
        return "\n".join(
            "".join(spaced(escape(unslashed(span.text)), token_html(span.role)) for span in line)
            for line in lines
        )

    def shift(self, role: str) -> float:
        """Return how far the lines of a role of the theme's fonts are moved down so that they
        sit as in the PPTX (in ems)."""
        return self.shift_of(getattr(self.theme.fonts, role).file)

    def shift_of(self, family: str) -> float:
        """Return how far the lines of a font file are moved down so that they sit as in the
        PPTX (in ems), found once a document: a slide's title and footer each ask
        (``lone_line``)."""
        found = self.shifts.get(family)
        if found is None:
            found = self.shifts[family] = baseline_shift(theme_font(self.theme, family))
        return found

    # Slides -----------------------------------------------------------------------------

    def slide(self, placed: PlacedSlide, bookmark: str = "", classes: str = "") -> str:
        """Return one slide as a 16:9 box (with ``classes`` besides its own)."""
        grid = self.theme.slide
        school = self.theme.template
        role = role_of(placed)
        self.colors = self.theme.colors if school is None else school.colors(role)
        self.fonts = on_layout(self.theme, role).fonts
        parts = [self.title(placed)]
        bar = school.title_bar(role) if school is not None else None
        if bar is not None:  # the title placeholder's own fill, behind the title
            style = f"{placed_at(placed.title)};background:#{bar}"
            parts.insert(0, f'<div class="box {self.styled("div", style)}"></div>')
        if school is not None:  # what the template draws behind the content, first
            parts.insert(0, self.slide_backdrop_html(school.backdrop(role)))
        band = title_band(self.theme) if placed.slide.layout is Layout.TITLE else None
        if band is not None:
            style = f"{placed_at(band)};background:#{self.theme.title_slide.band}"
            parts.insert(0, f'<div class="box {self.styled("div", style)}"></div>')
        if placed.rule is not None:
            style = f"{placed_at(placed.rule)};background:#{self.colors.accent}"
            parts.append(f'<div class="box {self.styled("div", style)}"></div>')
        parts.extend(self.frame(frame) for frame in placed.frames)
        if placed.slide.layout is not Layout.TITLE:
            parts.append(self.footer(placed.number))
        mark = f' data-bookmark="{escape(bookmark)}"' if bookmark else ""
        size = f"width:{inches(grid.width)};height:{inches(grid.height)}"
        if self.colors != self.theme.colors:  # a layout of the template's own colours
            size += f";background:#{self.colors.background};color:#{self.colors.text}"
            classes = f"{self.ink_class(self.colors)} {classes}".rstrip()
        if self.fonts != self.theme.fonts:  # a layout of the template's own fonts
            classes = f"{self.face_class(self.fonts)} {classes}".rstrip()
        parted = self.parted is not None and placed.number > self.parted
        own = placed.slide.layout is not Layout.SECTION and not placed.slide.closing
        if parted and bookmark and own:
            classes += " in-part"  # its bookmark under its part's
        names = f"slide {self.styled('section', size, scope='')} {classes}".rstrip()
        return f'<section class="{names}"{mark}>{"".join(parts)}</section>'

    def slide_backdrop_html(self, backdrop: Backdrop) -> str:
        """Return what a template draws behind a slide's content, to put first in the slide's
        section: its pictures served as the document's files, its text in the theme's fonts."""
        return backdrop_html(backdrop, self.backdrop_picture, self.backdrop_family)

    def backdrop_picture(self, art: Art) -> str:
        """Return the address a backdrop's picture is served at, registering it once."""
        address = self.backdrop_images.get(art.data)
        if address is None:
            extension = art.media_type.rsplit("/", 1)[-1]
            address = f"{SCHEME}template/{len(self.backdrop_images) + 1}.{extension}"
            self.files[address] = (art.data, art.media_type)
            self.backdrop_images[art.data] = address
        return address

    def backdrop_family(self, typeface: str) -> str:
        """Return the CSS family that draws a backdrop's typeface: that of the slide's font or
        the deck's of that name (the heading's, the code's), else the deck's body's."""
        for fonts in (self.fonts, self.theme.fonts):
            for font in (fonts.heading, fonts.code, fonts.body):
                if font.name == typeface:
                    return f"lx-{font.file}"
        return self.families["body"]

    def text_box(self, box: Box, pad: tuple[float, float], content: str) -> str:
        """Return a box with its inner margin whose content sits at its top."""
        return self.anchored(box, pad, "top", "", content)

    def anchored(
        self,
        box: Box,
        pad: tuple[float, float],
        anchor: str,
        style: str,
        content: str,
        attributes: str = "",
    ) -> str:
        """Return a box with its inner margin whose content sits at its top, middle or bottom.

        Content in the middle or at the foot is placed as PowerPoint anchors a text box's: its
        middle at the middle of the box (its foot placed there, then moved down by half its
        own height: placed by its top, text taller than the room below the middle of a box at
        the slide's foot ran past the page, and WeasyPrint carried its last line over to the
        next page, as it does a page's overflow), or its foot on the box's inner margin. Its
        sides on the inner margin give it its width, so that WeasyPrint does not measure its
        words to shrink it to fit them. (A one-cell CSS table centred it before: a table, row
        and cell for WeasyPrint to lay out, 8 % more of a lesson's PDFs' time.) One paragraph
        in a box that draws nothing of its own (a title, the footer) is placed alone
        (``lone_line``)."""
        shape = self.styled("div", f"{placed_at(box)};{inset(pad)}{style}")
        if anchor == "top":
            return f'<div class="box {shape}"{attributes}>{content}</div>'
        side = inches(pad[0])
        where = "bottom:50%" if anchor == "middle" else f"bottom:{inches(pad[1])}"
        at = self.styled("div", f"left:{side};right:{side};{where}")
        return (
            f'<div class="box {shape}"{attributes}><div class="at {anchor} {at}">{content}</div>'
            "</div>"
        )

    def title(self, placed: PlacedSlide) -> str:
        """Return the title (and, on the title slide or a section header, the subtitle)."""
        colors, align = self.colors, self.theme.align
        title_slide = placed.subtitle is not None
        headline, below = align.of_headline(placed.slide.layout is Layout.SECTION)
        where = headline if title_slide else align.title
        style = f"color:#{colors.title}{aligned(where)};font-weight:700"
        anchor = "bottom" if title_slide else "middle"
        runs = self.runs(placed.drawn_title)
        box = slacked(placed.title) if placed.title_icons else placed.title
        parts = [self.lone_line(box, TEXT_INSET, anchor, placed.title_size, style, runs)]
        if placed.subtitle is not None and placed.slide.subtitle:
            style = f"color:#{colors.muted}{aligned(below)}"
            line = self.line(placed.slide.subtitle, placed.subtitle_size, "body", style)
            box = slacked(placed.subtitle) if placed.title_icons else placed.subtitle
            parts.append(self.text_box(box, TEXT_INSET, line))
        return "".join(parts)

    def line(
        self, runs: Runs, size: float, role: str, style: str = "", *, bold: bool = False
    ) -> str:
        """Return one paragraph of ``runs`` at ``size`` in a font role."""
        weight = ";font-weight:700" if bold else ""
        shape = self.styled("p", f"font-size:{size}pt{weight};{style}")
        return f'<p class="{role} {shape}">{self.runs(runs)}</p>'

    def lone_line(
        self,
        box: Box,
        pad: tuple[float, float],
        anchor: str,
        size: float,
        style: str,
        content: str,
        role: str = "heading",
    ) -> str:
        """Return a paragraph of ``content`` at ``size`` in a font role (``heading``, else the
        body's, ``muted``), placed as ``anchored`` places what a box that draws nothing of its
        own holds at its middle or foot, with nothing around it: a title, the footer.

        The paragraph's own box is placed, rather than a box holding it: an element fewer for
        WeasyPrint to lay out, three on most slides (a slide PDF's render makes 4 % fewer
        calls). So the baseline's shift (``shift``), which ``.slide p`` gives a paragraph in
        a box as an offset in ems, is added to its place here, in inches."""
        left, width = inches(box.x + pad[0]), inches(box.w - 2 * pad[0])
        fonts = self.theme.fonts if role == "muted" else self.fonts  # the footer: the deck's
        font = fonts.heading if role == "heading" else fonts.body
        shift = self.shift_of(font.file) * size / POINTS_PER_INCH
        middle = box.y + box.h / 2 if anchor == "middle" else box.y + box.h - pad[1]
        where = f"top:auto;bottom:{inches(self.theme.slide.height - middle - shift)}"
        place = f"position:absolute;left:{left};width:{width};{where}"
        declarations = ";".join(part for part in (f"font-size:{size}pt", style, place) if part)
        shape = self.styled("p", declarations)
        return f'<p class="{role} at {anchor} {shape}">{content}</p>'

    def runs(self, runs: Runs) -> str:
        """Return styled runs as spans (links as links, line breaks as ``<br>``), the spaces
        where one meets another apart (``spaced``)."""
        out = []
        for run in runs:
            if run.style.icon is not None:
                faded = run.style.tone is Tone.MUTED  # greyed as its words are
                out.append(self.styled_run(run, self.inline_icon(run.style.icon, faded)))
                continue
            pieces = shown(run, "body").split("\n")
            text = "<br/>".join(escape(slide_text(piece)) for piece in pieces)
            if run.style.code:
                text = HELD_WORD.sub(held_word, text)
            out.append(spaced(text, functools.partial(self.styled_run, run)))
        return "".join(out)

    def inline_icon(self, image: Image, faded: bool = False) -> str:
        """Return an icon inside a line (``Style.icon``), in the line's flow: one line high
        (``icon_box``, in ems of its text), its room as the fit measured it, with
        ``INLINE_MARGIN`` on each side; a stand-in of that size where it could not be had.

        Its vertical margins are each half its height, taken back, so that it stands in the
        line as a point at its middle (``vertical-align`` puts that point where ``ICONS_CSS``
        says) and never makes the line taller than the fit measured it."""
        # Greyed among muted words, where a slide shows it so; one no slide shows (an
        # explanation in the answer key of a quiz without reveal slides) by its address.
        picture = (
            (self.faded.get(image) if faded else None)
            or self.pictures.get(image)
            or self.laid.pictures.get(image.src)
        )
        aspect = None if picture is None else picture.width / picture.height
        width, height = icon_box(aspect, POINTS_PER_INCH)  # at 72 pt an inch is an em
        style = (
            f"width:{width:.3f}em;height:{height:.3f}em;"
            f"margin:{-height / 2:.3f}em {INLINE_MARGIN}em"
        )
        if picture is None:
            style += (
                f";display:inline-block;box-sizing:border-box;"
                f"background:#{self.colors.code_background};"
                f"border:1pt dashed #{self.colors.placeholder}"
            )
            shape = self.styled("span", style, "")
            label = f' role="img" aria-label="{escape(image.alt)}"'
            return f'<span class="inl {shape}"{label}></span>'
        shape = self.styled("img", style, "")
        address = self.picture(picture)
        return f'<img class="inl {shape}" src="{address}" alt="{escape(image.alt)}"/>'

    def styled_run(self, run: Run, text: str) -> str:
        """Return a run's HTML ``text`` in the element its style makes (none where plain)."""
        style = run.style
        classes = [
            name
            for name, on in (
                ("b", style.bold),
                ("i", style.italic),
                ("s", style.strike),
                ("c ic", style.code),
                ("long", style.code and long_code(run.text)),
                ("link", style.link is not None),
                # a numbered task's box in the accent, as a bullet task's box is
                ("accent", style.tone is Tone.ACCENT or (style.box and style.tone is None)),
                ("muted", style.tone is Tone.MUTED),
                ("sup", style.script is Script.SUPER),
                ("sub", style.script is Script.SUB),
            )
            if on
        ]
        if not classes:
            return text
        attributes = f' class="{" ".join(classes)}"'
        if style.link and style.link.lower().startswith(LINK_SCHEMES):
            return f'<a href="{escape(style.link)}"{attributes}>{text}</a>'
        return f"<span{attributes}>{text}</span>"

    def frame(self, frame: Frame) -> str:
        """Return one frame."""
        if isinstance(frame, TextFrame):
            return self.text(frame)
        if isinstance(frame, HeadingFrame):
            room = f";padding-left:{inches(frame.room)}" if frame.room else ""
            if frame.inline:  # icons among its words: wrapped where the fit wrapped it
                room += f";padding-right:{inches(frame.slack - HEADING_INSET[0])}"
            line = self.line(
                frame.runs,
                frame.size,
                "heading",
                f"color:#{self.colors.column_heading_text}{room}",
                bold=True,
            )
            fill = f";background:#{self.colors.accent}"
            icons = "".join(self.image(icon) for icon in frame.icons)  # at the PPTX's boxes
            return self.anchored(frame.box, HEADING_INSET, "middle", fill, line) + icons
        if isinstance(frame, CodeFrame):
            return self.code(frame)
        if isinstance(frame, TableFrame):
            return self.table(frame)
        return self.image(frame)

    def text(self, frame: TextFrame) -> str:
        """Return paragraphs, bullets and subheadings in one box, indents as in the PPTX."""
        colors = self.colors
        spacing = LINE_HEIGHT * self.theme.sizes.line_spacing
        right = right_inset(frame, self.theme) - TEXT_INSET[0]  # with icons in its lines
        paragraphs = []
        for index, block in enumerate(frame.blocks):
            room = frame.rooms[index] if frame.rooms else 0.0
            margin, indent = indent_of(block, self.theme, frame.hanging, room)
            before = space_before(block, index == 0, frame.size, self.theme)
            subheading = isinstance(block, Subheading)
            style = (
                f"font-size:{size_of(block, frame.size)}pt;line-height:{spacing:.4f};"
                f"margin-top:{before:.2f}pt;padding-left:{inches(margin)}"
            )
            if right:
                style += f";padding-right:{inches(right)}"
            if subheading:
                style += ";font-weight:700"
            if isinstance(block, Subheading) and not block.minor:
                style += f";color:#{colors.accent}"
            mark = self.mark(block, margin, -indent)
            shape = self.styled("p", style)
            paragraphs.append(f'<p class="{shape}">{mark}{self.runs(block.runs)}</p>')
        icons = "".join(self.image(icon) for icon in frame.icons)  # at the PPTX's boxes
        return self.text_box(frame.box, TEXT_INSET, "".join(paragraphs)) + icons

    def mark(self, block: TextBlock, margin: float, hanging: float) -> str:
        """Return a bullet's mark in the room it hangs into (nothing for other paragraphs).

        ``margin`` is where the paragraph's text starts, ``hanging`` how far left of it the
        mark sits.
        """
        if not isinstance(block, Bullet):
            return ""
        if block.check is not None:
            text = TASK_BOXES[block.check]
        elif block.letter is not None:
            text = f"{block.letter})"
        elif block.number is None:
            chars = self.theme.bullets.chars
            text = chars[min(block.level, MAX_LEVEL) % len(chars)]
        else:
            text = f"{block.number}."
        # In the flow, pulled back into the room it hangs into, the mark takes no room from
        # the text: the first line starts where the others do, as in the PPTX; and it is
        # drawn, and copied, before its item's text. (Placed out of the flow, it was drawn
        # after it, and cost WeasyPrint a positioned box a bullet; a float pulled back into
        # the margin pushed the next item's mark, and so its text, down below it.)
        style = f"margin-left:{inches(-hanging)};width:{inches(hanging)}"
        if block.check is not None:  # a box from a fallback font, of other ascent and
            style += ";line-height:0"  # descent: its line no taller than the deck's
        muted = block.runs and block.runs[-1].style.tone is Tone.MUTED
        kind = "mark muted" if muted else "mark"
        numbered = block.letter is not None or block.number is not None
        if numbered and block.runs and block.runs[0].style.bold:
            kind += " b"  # as PowerPoint and LibreOffice draw a number: as its first run
        return f'<span class="{kind} {self.styled("span", style)}">{escape(text)}</span>'

    def code(self, frame: CodeFrame) -> str:
        """Return a code block: its lines in monospace in a shaded box, highlighted in the
        theme's syntax colours by the fence's language."""
        colors = self.colors
        code = frame.code
        width = frame.box.w - 2 * CODE_INSET
        text = self.highlighted(
            code.text.expandtabs(4), code.language, width, frame.size, code, frame.folds
        )
        if text.startswith("\n"):
            text = "\n" + text  # HTML drops a newline right after <pre>; the slide keeps it
        box = self.styled(
            "div",
            f"{placed_at(frame.box)};{inset((CODE_INSET, CODE_INSET))};"
            f"background:#{colors.code_background}",
        )
        pre = self.styled("pre", f"font-size:{frame.size}pt;color:#{colors.code_text}")
        return f'<div class="box top {box}"><pre class="c {pre}">{text}</pre></div>'

    def table(self, frame: TableFrame) -> str:
        """Return a table at its measured column widths and row heights."""
        data, colors = frame.table, self.colors
        columns = "".join(
            f'<col class="{self.styled("col", f"width:{inches(w)}")}"/>'
            for w in frame.column_widths
        )
        rows = []
        for r, (cells, height) in enumerate(
            zip((data.header, *data.rows), frame.row_heights, strict=True)
        ):
            band = colors.table_band if r % 2 == 0 else colors.background
            header = (colors.table_header, colors.table_header_text)
            fill, color = header if r == 0 else (band, colors.cell_ink)
            tag = "th" if r == 0 else "td"
            row = "".join(
                f"<{tag}{ALIGNED[data.align[c]]}{self.cell_slack(frame, c, runs)}>"
                f"{self.runs(runs)}</{tag}>"
                for c, runs in enumerate(cells)
            )
            style = f"height:{inches(height)};background:#{fill};color:#{color}"
            rows.append(f'<tr class="{self.styled("tr", style)}">{row}</tr>')
        # Placed by a box of its own: an absolutely placed table's width belongs to the table,
        # not to the box around it that is placed, whose width WeasyPrint would then work out
        # by measuring every cell's words (shrink to fit) before laying the table out.
        box = self.styled("div", placed_at(frame.box))
        table = self.styled("table", f"font-size:{frame.size}pt")
        return (
            f'<div class="box {box}"><table class="{table}">'
            f"<colgroup>{columns}</colgroup><tbody>{''.join(rows)}</tbody></table></div>"
        )

    def cell_slack(self, frame: TableFrame, column: int, runs: Runs) -> str:
        """Return the style of a table's cell that holds icons inside its lines: its right
        padding the deck's (``geometry.slack_inset``), so that it wraps where the fit did;
        nothing for any other cell."""
        if not frame.inline or all(run.style.icon is None for run in runs):
            return ""
        right = slack_inset(frame.column_widths[column], CELL_INSET[0])
        return f' style="padding-right:{inches(right)}"'

    def image(self, frame: ImageFrame) -> str:
        """Return a picture with its alt text, or a placeholder naming what is missing."""
        image, colors = frame.image, self.colors
        if frame.picture is not None:
            address = self.picture(frame.picture)
            shape = self.styled("img", placed_at(frame.box))
            return f'<img class="box {shape}" src="{address}" alt="{escape(image.alt)}"/>'

        lines = []
        captions = caption_of(image, self.laid.deck.words) if frame.caption else ()
        for index, (text, size) in enumerate(  # none in an icon's stand-in, a line high
            zip(captions, caption_sizes(frame.caption)[: len(captions)], strict=True)
        ):
            before = frame.caption * CAPTION_SPACING if index else 0.0
            weight = ";font-weight:700" if index == 0 else ""
            style = f"font-size:{size}pt;margin-top:{before:.2f}pt;text-align:center{weight}"
            lines.append(f'<p class="{self.styled("p", style)}">{escape(breakable(text))}</p>')
        style = (
            f";background:#{colors.code_background};border:1pt dashed #{colors.placeholder};"
            f"color:#{colors.muted}"
        )
        label = f' role="img" aria-label="{escape(image.alt)}"'
        return self.anchored(frame.box, CAPTION_INSET, "middle", style, "".join(lines), label)

    def picture(self, picture: Picture) -> str:
        """Return the address a picture is served at, registering it once."""
        key = id(picture)
        if key not in self.images:
            address = f"{SCHEME}image/{len(self.images) + 1}.{picture.extension}"
            self.files[address] = (picture.data, MIME_TYPES.get(picture.extension, "image/png"))
            self.images[key] = address
        return self.images[key]

    def footer(self, number: int) -> str:
        """Return the lesson's name and the slide number at the foot of a content slide."""
        laid = self.laid
        colors = self.colors
        plain = colors == self.theme.colors and not colors.footer  # the style sheet's muted
        style = "" if plain else f"color:#{colors.footer_ink}"
        if self.fonts != self.theme.fonts:  # measured in the deck's body font, on every slide
            family = f"font-family:{css_string('lx-' + self.theme.fonts.body.file)}"
            style = ";".join(filter(None, (style, family)))
        pad = (TEXT_INSET[0], 0.02)
        before, after = number_words(self.theme.slide)
        shown = escape(f"{before}{number}{after}")
        dated = date_line(self.theme.slide)
        texts = (
            (laid.footer_box, style, escape(laid.footer)),
            (laid.number_box, ";".join(filter(None, (style, "text-align:right"))), shown),
            (dated[0] if dated else None, style, escape(dated[1]) if dated else ""),
        )
        return "".join(
            self.lone_line(box, pad, "middle", laid.footer_size, shown, text, "muted")
            for box, shown, text in texts
            if box
        )


ALIGNED = {None: "", "left": "", "center": ' class="centre"', "right": ' class="right"'}
"""A table cell's attribute for its column's alignment (``SLIDE_CSS``'s classes)."""
SLIDE_CSS = (
    "body{margin:0}"
    ".slide{position:relative;overflow:hidden;line-height:1.2}"
    ".slide p,.slide pre{margin:0}"
    # A word wider than its line breaks inside, as in the PPTX (the fit counted it so).
    ".slide p{overflow-wrap:anywhere}"
    ".slide p,.slide pre{position:relative}"
    ".box{position:absolute;box-sizing:border-box}"
    ".at{position:absolute}.at.middle{transform:translateY(50%)}"
    ".slide pre{white-space:pre-wrap;overflow-wrap:anywhere;line-height:1.2}"
    ".slide table{width:100%;border-collapse:collapse;table-layout:fixed;line-height:1.2}"
    f".slide th,.slide td{{padding:{inches(CELL_INSET[1])} {inches(CELL_INSET[0])};"
    "vertical-align:top;font-weight:400;overflow-wrap:anywhere}"
    ".slide th{font-weight:700;vertical-align:middle}"
    ".slide .centre{text-align:center}.slide .right{text-align:right}"
    ".slide .mark{display:inline-block;text-indent:0}"
    # Pictures come upright and without EXIF from resources; the PDF draws the pixels as they
    # are, as the PPTX does.
    "img{image-orientation:none}"
    ".b{font-weight:700}.i{font-style:italic}.s{text-decoration:line-through}"
    # Smaller, raised or lowered as LibreOffice draws the deck's, its line no taller.
    f".sup,.sub{{font-size:{SCRIPT_SCALE:g}em;line-height:0}}"
    f".sup{{vertical-align:{SCRIPT_SHIFT[Script.SUPER] / SCRIPT_SCALE:.3f}em}}"
    f".sub{{vertical-align:{SCRIPT_SHIFT[Script.SUB] / SCRIPT_SCALE:.3f}em}}"
    ".slide .link.s{text-decoration:underline line-through}"
)
SLIDE_PAGES_CSS = SLIDE_CSS + (
    ".slides .slide{bookmark-level:1;bookmark-label:attr(data-bookmark)}"
    ".slides .slide.in-part{bookmark-level:2}"
    ".slides .slide+.slide{break-before:page}"
)


def accented(blocks: Iterable[Block]) -> bool:
    """Return whether a run of ``blocks`` (or of their columns') is in the accent: a quiz's
    answer, an alert's label, a numbered task's box (``Style.box``)."""
    for block in blocks:
        if isinstance(block, Columns):
            if accented(block.left.blocks) or accented(block.right.blocks):
                return True
        elif isinstance(block, Paragraph | Bullet) and any(
            run.style.tone is Tone.ACCENT or run.style.box for run in block.runs
        ):
            return True
    return False


HELD_WORD = re.compile(r"[^\s<>]+")
"""A word of inline code's HTML (its line breaks, ``<br/>``, apart)."""
HELD_MOST = 60
"""The length of the longest word of inline code the outline keeps whole (``held_word``)."""


def held_word(word: re.Match[str]) -> str:
    """Return a word of inline code's HTML in a span of class ``nw`` where WeasyPrint could
    break it inside (after a hyphen or a slash), and it is short enough to keep whole: the
    outline, whose text WeasyPrint wraps, sets it ``nowrap``, so that ``--region eu-west-1``
    breaks, if at all, at its space, as the slides' does (``fit.inlinecode``)."""
    text = word[0]
    if len(text) > HELD_MOST or not any(char in "-/?" for char in text.rstrip("-/?")):
        return text
    return f'<span class="nw">{text}</span>'


LONG_CODE = 20
"""The length, in characters, from which a word of inline code (an address, a command) may
break anywhere in the outline's tables, rather than push a table past the page's edge; a
shorter one (``df.query()``, ``/healthz``) is kept whole."""


def long_code(text: str) -> bool:
    """Return whether inline code ``text`` holds a word of ``LONG_CODE`` characters or more."""
    return any(len(word) >= LONG_CODE for word in text.split())
