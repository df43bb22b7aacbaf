"""themes: a theme folder's ``theme.toml`` → a typed ``Theme``.

Built-in themes live in the ``themes/`` folder (installed as ``exporter.themes``). A theme is
data, never code: colours, fonts, sizes and the slide grid in ``theme.toml``, and the font
files it measures with (and embeds in PDFs) in ``fonts/``, with their licences.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from collections.abc import Iterable
from dataclasses import MISSING, dataclass, fields, replace
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from exporter.errors import Diagnostic, ExporterError, error, warning
from exporter.resources import MissingFont, font_families, font_file
from exporter.theme_checks import MIN_CONTRAST as MIN_CONTRAST
from exporter.theme_checks import contrast as contrast
from exporter.theme_checks import contrast_problems, metric_problems

if TYPE_CHECKING:
    from exporter.roles import Role
    from exporter.template.load import Template

T = TypeVar("T")
Rect = tuple[float, float, float, float]
"""A box on the slide: left, top, width and height, in inches."""


@dataclass(frozen=True)
class Frames:
    """Where a school's template puts the boxes every slide of a kind shares (its layouts'
    placeholders), in place of those the grid works out: the fit measures in these."""

    title: Rect
    """A content slide's title."""
    body: Rect
    """A content slide's body."""
    cover_title: Rect
    """The title slide's title."""
    cover_subtitle: Rect
    """The title slide's subtitle."""
    section_title: Rect
    """A section header's title."""
    section_subtitle: Rect
    """A section header's subtitle."""
    footer: Rect | None
    """The footer's placeholder on content slides, if the template has one."""
    number: Rect | None
    """The slide number's placeholder on content slides, if the template has one."""
    title_limit: float | None = None
    """How far down the slide (inches from its top) a content slide's title may grow: the
    top of what the template draws under its title's box (a rule, a band), if anything."""
    compared: Rect | None = None
    """Where a slide of two headed columns alone has them: around its Comparison layout's
    headings and bodies, where the template has that layout (else in the body's box)."""
    paired: Rect | None = None
    """Where a slide of two columns without headings has them: around its Two Content
    layout's bodies, where the template has that layout (else in the body's box)."""
    number_words: tuple[str, str] = ("", "")
    """The words the template writes before and after a content slide's number (``Folie``)."""
    date: Rect | None = None
    """The date's placeholder on content slides, where the template writes fixed text in it."""
    date_text: str = ""
    """That text (``Schuljahr 2024/25``)."""


@dataclass(frozen=True)
class Grid:
    """The slide's size and where its regions sit, in inches."""

    width: float
    height: float
    margin: float
    title_top: float
    title_height: float
    body_top: float
    body_bottom: float
    footer_top: float
    footer_height: float
    gap: float
    column_gap: float
    column_heading_height: float
    frames: Frames | None = None
    """A template's placeholder boxes, which the fit uses in place of the grid's."""


@dataclass(frozen=True)
class Colors:
    """The palette, each colour as ``RRGGBB``."""

    background: str
    title: str
    text: str
    accent: str
    muted: str
    column_heading_text: str
    code_background: str
    code_text: str
    table_header: str
    table_header_text: str
    table_band: str
    placeholder: str
    footer: str = ""
    """The footer's and the slide number's colour where it is not ``muted``: a template's
    footer on a band of its own; empty, ``muted`` (``footer_ink``)."""

    table_text: str = ""
    """A table's text where it is not ``text``: a table drawn on a template's dark panel keeps
    its own light rows and dark text, as the body's words around it turn light; empty,
    ``text`` (``cell_ink``)."""

    @property
    def footer_ink(self) -> str:
        """Return the colour the footer and the slide number are drawn in."""
        return self.footer or self.muted

    @property
    def cell_ink(self) -> str:
        """Return the colour a table's cells (but its header row's) are written in."""
        return self.table_text or self.text


@dataclass(frozen=True)
class Font:
    """A font role: the name the deck asks for and the metric-compatible face we measure."""

    name: str
    """The font PowerPoint users have, such as ``Calibri``."""
    file: str
    """The open font with the same metrics, such as ``Carlito``, whose files are in the theme's
    ``fonts/`` folder: text is measured with it (and it is embedded in PDFs)."""
    widen: float = 1.0
    """How much wider than ``file`` the font is measured: more than 1 for a template's font
    with no metric-compatible twin, so that lines break early rather than overflow."""
    bold_widen: float | None = None
    """How much wider its bold is measured, where that differs from ``widen`` (Verdana's
    bold is wider against Arial's than its regular is)."""


@dataclass(frozen=True)
class Fonts:
    """The font of each role."""

    heading: Font
    body: Font
    code: Font


@dataclass(frozen=True)
class Sizes:
    """Font sizes in points, and spacing as multiples of the size."""

    title: float
    title_min: float
    subtitle: float
    deck_title: float
    body: float
    body_min: float
    column_heading: float
    code: float
    code_min: float
    table: float
    table_min: float
    footer: float
    line_spacing: float
    space_before: float
    inline_code: float = 1.0
    """Inline code's size as a multiple of the text around it: monospace faces run large, so
    a theme sets it smaller to read the same size (its x-height matching the text's)."""


@dataclass(frozen=True)
class Syntax:
    """The colours of highlighted code, one per kind of token (see ``writers/highlight.py``),
    each readable on the code background (a contrast of at least ``MIN_CONTRAST``)."""

    comment: str
    keyword: str
    string: str
    literal: str
    """Numbers and constants such as ``true`` and ``null``."""
    function: str
    """Names being defined: functions, classes, decorators."""
    builtin: str
    tag: str
    """Keys and tags: YAML and JSON keys, HTML tags and attributes."""
    variable: str
    prompt: str
    """A shell session's prompt."""


@dataclass(frozen=True)
class Bullets:
    """Bullet characters by level and the indents, in inches."""

    chars: tuple[str, ...]
    indent: float
    hanging: float


@dataclass(frozen=True)
class TitleSlide:
    """What the title slide shows besides its title, subtitle and rule."""

    band: str = ""
    """The colour (``RRGGBB``) of a band across the slide's foot, or none if empty."""
    band_top: float = 0.0
    """Where the band begins, in inches from the slide's top; it runs to the slide's foot."""


@dataclass(frozen=True)
class Alignment:
    """How titles are aligned (``left``, ``center`` or ``right``): a school template's own
    (PowerPoint's title slides centre theirs); our themes align everything left."""

    title: str = "left"
    """A content slide's title."""
    cover_title: str = "left"
    """The title slide's title."""
    cover_subtitle: str = "left"
    """The title slide's subtitle."""
    section_title: str = "left"
    """A section header's title."""
    section_subtitle: str = "left"
    """A section header's subtitle."""

    def of_headline(self, section: bool) -> tuple[str, str]:
        """Return the title's and subtitle's alignment of a section header if ``section``,
        else of the title slide."""
        if section:
            return self.section_title, self.section_subtitle
        return self.cover_title, self.cover_subtitle


@dataclass(frozen=True)
class Theme:
    """A loaded theme."""

    name: str
    folder: Traversable
    """Where the theme's files are: its ``theme.toml`` and its ``fonts/``."""
    slide: Grid
    colors: Colors
    fonts: Fonts
    sizes: Sizes
    bullets: Bullets
    syntax: Syntax | None = None
    """The palette code is highlighted in; without it, code is drawn in ``code_text``."""
    title_slide: TitleSlide = TitleSlide()
    description: str = ""
    """What the theme is for, in a sentence (``lesson-export themes`` lists it)."""
    align: Alignment = Alignment()
    template: Template | None = None
    """The school's template the deck is made in (``--template``), if any."""
    warnings: tuple[Diagnostic, ...] = ()
    """What is questionable in the theme, though it loads: text too faint on its background, a
    deck font measured with a font of other metrics (see ``theme_checks``)."""


def on_layout(theme: Theme, role: Role) -> Theme:
    """Return ``theme`` as slides on the layout ``role`` goes on are measured, written and
    drawn: in the fonts a school's template names for that layout (a title slide in a
    display face of its own); ``theme`` itself where the layout names the deck's fonts."""
    school = theme.template
    if school is None:
        return theme
    fonts = school.role_fonts(role)
    return theme if fonts == theme.fonts else replace(theme, fonts=fonts)


def layout_files(theme: Theme) -> tuple[str, ...]:
    """Return the font files the layouts of ``theme``'s template draw their slides in (see
    ``on_layout``) besides ``theme``'s own heading, body and code fonts, each once: the
    files to embed and to read the metrics of too (none without a template)."""
    own = {theme.fonts.heading.file, theme.fonts.body.file, theme.fonts.code.file}
    school = theme.template
    files = [
        font.file
        for fonts in (school.inks.fonts if school is not None else ())
        for font in (fonts.heading, fonts.body)
        if font.file not in own
    ]
    return tuple(dict.fromkeys(files))


def load_theme(
    name: str = "default",
    template: Path | None = None,
    layouts: Iterable[tuple[Role, str]] = (),
) -> Theme:
    """Return the built-in theme ``name``, or the theme in the folder ``name``, made over by
    a school's ``template`` (else the one its ``theme.toml`` names, if any) with the layout
    names ``layouts`` maps roles to (over its ``theme.toml``'s ``[layouts]``).

    Raises ``ExporterError`` when it cannot be found or read, or a value is missing, of the
    wrong kind or out of range, or the template cannot be used.
    """
    theme, data = read_theme(name)
    folder = Path(str(theme.folder))
    named = data.get("template")
    if template is None and named is not None:
        template = folder / str(named)
    if template is None:
        return theme
    from exporter.options import read_layouts
    from exporter.template.load import load_template

    try:
        mapping = dict(read_layouts(data.get("layouts", {})))
    except ValueError as exc:
        raise ExporterError(error("theme", f"theme {name!r}: [layouts]: {exc}")) from exc
    mapping.update(layouts)
    return load_template(template, theme, mapping)


def read_theme(name: str) -> tuple[Theme, dict[str, Any]]:
    """Return the built-in theme ``name`` (or the theme in the folder ``name``) and its
    ``theme.toml`` as read."""
    folder = theme_folder(name)
    try:
        data = tomllib.loads(theme_text(folder, name))
        fonts = data["fonts"]
        theme = Theme(
            name=str(data.get("name", name)),
            folder=folder,
            slide=_table(Grid, data["slide"], "slide"),
            colors=_table(Colors, data["colors"], "colors"),
            fonts=Fonts(*(_table(Font, fonts[r], f"fonts.{r}") for r in ROLES)),
            sizes=_table(Sizes, data["sizes"], "sizes"),
            bullets=Bullets(
                tuple(str(char) for char in data["bullets"]["chars"]),
                *(float(data["bullets"][key]) for key in ("indent", "hanging")),
            ),
            syntax=_table(Syntax, data["syntax"], "syntax") if "syntax" in data else None,
            title_slide=_table(TitleSlide, data.get("title_slide", {}), "title_slide"),
            description=str(data.get("description", "")),
        )
    except tomllib.TOMLDecodeError as exc:
        raise ExporterError(error("theme", f"theme {name!r} is not valid TOML: {exc}")) from exc
    except KeyError as exc:
        raise ExporterError(error("theme", f"theme {name!r} has no {exc.args[0]!r}")) from exc
    except (TypeError, ValueError) as exc:
        raise ExporterError(error("theme", f"theme {name!r}: {exc}")) from exc
    problem = check_theme(theme)
    if problem:
        raise ExporterError(error("theme", f"theme {name!r}: {problem}"))
    return replace(theme, warnings=theme_warnings(theme)), data


def theme_warnings(theme: Theme) -> tuple[Diagnostic, ...]:
    """Return the warnings ``theme`` earns, each naming its ``theme.toml``: text colours of
    too little contrast, deck fonts measured with others."""
    where = str(theme.folder.joinpath("theme.toml"))
    said = f"theme {theme.name!r}"
    found = [warning("theme-contrast", f"{said}: {p}") for p in contrast_problems(theme)]
    found += [warning("theme-font", f"{said}: {p}") for p in metric_problems(theme)]
    return tuple(diagnostic.located(where) for diagnostic in found)


def theme_folder(name: str) -> Traversable:
    """Return the folder ``name``, or the built-in theme ``name``'s folder. A folder that
    holds no ``theme.toml`` does not hide the built-in theme of its name (an output folder
    called ``default`` in the current folder is no theme).

    Raises ``ExporterError`` when there is neither.
    """
    folder = Path(name)
    if folder.is_dir() and (folder / "theme.toml").is_file():
        return folder
    if name.replace("-", "").replace("_", "").isalnum():
        builtin = resources.files("exporter.themes").joinpath(name)
        if builtin.joinpath("theme.toml").is_file():
            return builtin
    if folder.is_dir():
        return folder  # ``theme_text`` says what it lacks
    from exporter.theme_files import builtin_themes

    names = [known for known, _ in builtin_themes()]
    near = difflib.get_close_matches(name.casefold(), names, n=1, cutoff=0.6)
    hint = f"did you mean {near[0]!r}? " if near else ""
    raise ExporterError(
        error(
            "theme",
            f"no theme named {name!r} and no such folder; {hint}the built-in themes are "
            f"{', '.join(names)} (`lesson-export themes` describes them), or give a theme's "
            "folder",
        )
    )


def theme_text(folder: Traversable, name: str) -> str:
    """Return the text of a theme folder's ``theme.toml``."""
    try:
        return folder.joinpath("theme.toml").read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ExporterError(error("theme", f"the theme folder {name!r} has no theme.toml")) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ExporterError(error("theme", f"cannot read theme {name!r}: {exc}")) from exc


COLOR = re.compile(r"[0-9A-Fa-f]{6}")
ROLES = ("heading", "body", "code")
"""The font roles a theme names, each a table of its ``[fonts]``."""


def code_colors(theme: Theme) -> dict[str, str]:
    """Return every colour text is drawn in on the code background, by its theme name."""
    colors = {"colors.code_text": theme.colors.code_text}
    if theme.syntax is not None:
        for f in fields(Syntax):
            colors[f"syntax.{f.name}"] = getattr(theme.syntax, f.name)
    return colors


def check_colors(theme: Theme) -> str | None:
    """Return what is wrong with ``theme``'s colours, or ``None``."""
    bad_colors = [
        f.name
        for f in fields(Colors)
        if not COLOR.fullmatch(getattr(theme.colors, f.name))
        and not (f.name in ("footer", "table_text") and not getattr(theme.colors, f.name))
    ]
    if theme.syntax is not None:
        bad_colors += [
            f"syntax.{f.name}"
            for f in fields(Syntax)
            if not COLOR.fullmatch(getattr(theme.syntax, f.name))
        ]
    if theme.title_slide.band and not COLOR.fullmatch(theme.title_slide.band):
        bad_colors.append("title_slide.band")
    if bad_colors:
        return f"colour {bad_colors[0]} must be six hex digits such as 1F3864"
    background = theme.colors.code_background
    for name, color in code_colors(theme).items():
        ratio = contrast(color, background)
        if ratio < MIN_CONTRAST:
            return (
                f"colour {name} ({color}) has a contrast of {ratio:.2f}:1 on code_background "
                f"({background}); code needs at least {MIN_CONTRAST}:1"
            )
    return None


def check_theme(theme: Theme) -> str | None:
    """Return what is wrong with ``theme``'s values, or ``None``."""
    bad_colors = check_colors(theme)
    if bad_colors:
        return bad_colors
    lengths = [getattr(theme.slide, f.name) for f in fields(Grid) if f.name != "frames"]
    sizes = [getattr(theme.sizes, f.name) for f in fields(Sizes)]
    if min(lengths) < 0 or theme.slide.width <= 0 or theme.slide.height <= 0 or min(sizes) <= 0:
        return "lengths and sizes must be positive"
    if theme.sizes.inline_code > 1:
        # A run larger than its paragraph's size would make its line taller than measured.
        return "inline_code must not exceed 1 (it is a multiple of the text's size)"
    if theme.slide.body_bottom <= theme.slide.body_top:
        return "body_bottom must lie below body_top"
    if theme.title_slide.band and not 0 <= theme.title_slide.band_top < theme.slide.height:
        return "title_slide.band_top must lie on the slide (from 0 to the slide's height)"
    pairs = (
        ("body", "body_min"),
        ("title", "title_min"),
        ("code", "code_min"),
        ("table", "table_min"),
    )
    for size, minimum in pairs:
        if getattr(theme.sizes, minimum) > getattr(theme.sizes, size):
            return f"{minimum} must not exceed {size}"
    if not theme.bullets.chars or not all(theme.bullets.chars):
        return "bullets.chars must list at least one character"
    for role in ("heading", "body", "code"):
        family = getattr(theme.fonts, role).file
        # Bold text measured with the regular face would come out too narrow; a missing
        # italic falls back to the regular face, whose widths are close.
        for style, bold in (("Regular", False), ("Bold", True)):
            try:
                font_file(theme.folder, family, bold, exact=True)
            except MissingFont:
                have = ", ".join(font_families(theme.folder)) or "none"
                stem = family.replace(" ", "")
                return (
                    f"fonts.{role}.file {family!r} has no fonts/{stem}-{style}.ttf in the "
                    f"theme folder or the default theme (families there: {have})"
                )
    return None


def _table(kind: type[T], data: dict[str, Any], section: str) -> T:
    """Return ``kind`` built from the TOML table ``[section]``, each value converted to its
    field's type.

    Raises ``ValueError`` naming the key for a key it does not know (a misspelt one would
    be left out silently) and for a value that is not of its kind; ``KeyError`` for a
    missing one.
    """
    if not isinstance(data, dict):
        raise ValueError(f"[{section}] must be a table")
    known = [field.name for field in fields(kind)]  # type: ignore[arg-type]
    for key in data:
        if key not in known:
            near = difflib.get_close_matches(key, known, n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            raise ValueError(
                f"[{section}] has no setting {key!r}{hint}; its settings: {', '.join(known)}"
            )
    values: dict[str, float | str] = {}
    for field in fields(kind):  # type: ignore[arg-type]
        if field.name not in data and field.default is not MISSING:
            continue  # an optional value left out keeps its default
        if field.name not in data:
            raise KeyError(f"{section}.{field.name}")
        value = data[field.name]
        if field.type == "float":
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise ValueError(f"{section}.{field.name} = {value!r} is not a number")
            values[field.name] = float(value)
        else:
            values[field.name] = str(value)
    return kind(**values)
