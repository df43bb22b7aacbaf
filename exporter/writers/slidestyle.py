"""write: the CSS of slides drawn as HTML: the rules every slide shares, the theme's colours and
fonts, and the classes a document's elements are given (no WeasyPrint here).

Each element's own declarations go in a class (``SlideStyles.styled``) rather than a ``style``
attribute, so that WeasyPrint works out one computed style for the elements that look alike.
Every line is moved down by its font's ``baseline_shift``, so that its first baseline lies
where LibreOffice puts the deck's.
"""

from __future__ import annotations

import functools
import io
import logging
from collections.abc import Iterable

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

from exporter.geometry import CELL_INSET, FIRST_BASELINE, LINE_HEIGHT, LaidOutDeck
from exporter.lexing import Role
from exporter.model import (
    SCRIPT_SCALE,
    SCRIPT_SHIFT,
    Block,
    Bullet,
    Columns,
    Paragraph,
    Script,
    Tone,
)
from exporter.resources import theme_font
from exporter.theme import Colors, Fonts, Theme
from exporter.writers.highlight import ITALIC_ROLES
from exporter.writers.htmltext import css_string, inches, on_paper


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


def ink_css(colors: Colors, name: str) -> str:
    """Return the rules that draw the marks, links, muted and accented words and inline code
    of a slide of the class ``name`` in ``colors`` (each weighs more than the theme's)."""
    scope = f".slide.{name} "
    return (
        f"{scope}.mark{{color:#{colors.accent}}}{scope}.link{{color:#{colors.accent}}}"
        f"{scope}.accent{{color:#{colors.accent}}}{scope}.muted{{color:#{colors.muted}}}"
        f"{scope}.ic{{color:#{colors.code_text};background:#{colors.code_background}}}"
    )


ICONS_CSS = (
    # An icon in a line: its middle where the fit puts it on a slide's line, as far above
    # the baseline as the line's middle is (the line's first baseline lies FIRST_BASELINE
    # below its top, see ``baseline_shift``); in a handout's text, at the middle of capitals.
    f".inl{{vertical-align:0.32em}}.slide .inl{{vertical-align:"
    f"{FIRST_BASELINE - LINE_HEIGHT / 2:.3f}em}}"
)
"""Where an icon inside a line stands in it (``HtmlWriter.inline_icon``)."""

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


class SlideStyles:
    """The style sheets of one laid-out deck's HTML: the theme's rules and each class given."""

    def __init__(self, laid: LaidOutDeck) -> None:
        self.laid = laid
        self.theme: Theme = laid.theme
        self.families = {
            role: f"lx-{getattr(self.theme.fonts, role).file}"
            for role in ("heading", "body", "code")
        }
        """The CSS family of each role's font in the theme (``document.font_faces`` names
        them)."""
        self.classes: dict[tuple[str, str, str], str] = {}
        """Each style given as a class (``styled``): where it applies, its element's tag and
        its declarations, and the class's name."""
        self.shifts: dict[str, float] = {}
        """Each font file's baseline shift (``shift``), once worked out."""
        self.faces: dict[Fonts, str] = {}
        """The class of each layout's fonts other than the theme's (``face_class``)."""
        self.inks: dict[Colors, str] = {}
        """The class of each layout's colours other than the theme's (``ink_class``)."""

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

    def shift(self, role: str) -> float:
        """Return how far the lines of a role of the theme's fonts are moved down so that they
        sit as in the PPTX (in ems)."""
        return self.shift_of(getattr(self.theme.fonts, role).file)

    def shift_of(self, family: str) -> float:
        """Return how far the lines of a font file are moved down so that they sit as in the
        PPTX (in ems), found once a document: a slide's title and footer each ask
        (``HtmlWriter.lone_line``)."""
        found = self.shifts.get(family)
        if found is None:
            found = self.shifts[family] = baseline_shift(theme_font(self.theme, family))
        return found
