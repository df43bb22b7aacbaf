"""themes: a theme folder's ``theme.toml`` → a typed ``Theme``.

Built-in themes live in the ``themes/`` folder (installed as ``exporter.themes``). A theme is
data: colours, fonts, sizes and the slide grid, never code.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from exporter.errors import ExporterError, error
from exporter.measure import UnknownFont, font_data, shipped_families

T = TypeVar("T")


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


@dataclass(frozen=True)
class Font:
    """A font role: the name the deck asks for and the metric-compatible face we measure."""

    name: str
    """The font PowerPoint users have, such as ``Calibri``."""
    file: str
    """The shipped open font with the same metrics, such as ``Carlito``: text is measured with
    it (and it is embedded in PDFs)."""


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


@dataclass(frozen=True)
class Bullets:
    """Bullet characters by level and the indents, in inches."""

    chars: tuple[str, ...]
    indent: float
    hanging: float


@dataclass(frozen=True)
class Theme:
    """A loaded theme."""

    name: str
    slide: Grid
    colors: Colors
    fonts: Fonts
    sizes: Sizes
    bullets: Bullets


def load_theme(name: str = "default") -> Theme:
    """Return the built-in theme ``name``, or the theme in the folder ``name``.

    Raises ``ExporterError`` when it cannot be found or read, or a value is missing, of the
    wrong kind or out of range.
    """
    try:
        data = tomllib.loads(theme_text(name))
        fonts = data["fonts"]
        theme = Theme(
            name=str(data.get("name", name)),
            slide=_table(Grid, data["slide"]),
            colors=_table(Colors, data["colors"]),
            fonts=Fonts(*(_table(Font, fonts[role]) for role in ("heading", "body", "code"))),
            sizes=_table(Sizes, data["sizes"]),
            bullets=Bullets(
                tuple(str(char) for char in data["bullets"]["chars"]),
                *(float(data["bullets"][key]) for key in ("indent", "hanging")),
            ),
        )
    except tomllib.TOMLDecodeError as exc:
        raise ExporterError(error("theme", f"theme {name!r} is not valid TOML: {exc}")) from exc
    except KeyError as exc:
        raise ExporterError(error("theme", f"theme {name!r} has no {exc.args[0]!r}")) from exc
    except (TypeError, ValueError) as exc:
        raise ExporterError(error("theme", f"theme {name!r} has a wrong value: {exc}")) from exc
    problem = check_theme(theme)
    if problem:
        raise ExporterError(error("theme", f"theme {name!r}: {problem}"))
    return theme


def theme_text(name: str) -> str:
    """Return the text of the theme's ``theme.toml``: a folder's, else a built-in theme's."""
    folder = Path(name)
    try:
        if folder.is_dir():
            return (folder / "theme.toml").read_text(encoding="utf-8")
        resource = resources.files("exporter.themes").joinpath(name, "theme.toml")
        if not name.replace("-", "").replace("_", "").isalnum() or not resource.is_file():
            raise ExporterError(error("theme", f"no theme named {name!r} and no such folder"))
        return resource.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise ExporterError(error("theme", f"the theme folder {name!r} has no theme.toml")) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise ExporterError(error("theme", f"cannot read theme {name!r}: {exc}")) from exc


COLOR = re.compile(r"[0-9A-Fa-f]{6}")


def check_theme(theme: Theme) -> str | None:
    """Return what is wrong with ``theme``'s values, or ``None``."""
    bad_colors = [
        f.name for f in fields(Colors) if not COLOR.fullmatch(getattr(theme.colors, f.name))
    ]
    if bad_colors:
        return f"colour {bad_colors[0]} must be six hex digits such as 1F3864"
    lengths = [getattr(theme.slide, f.name) for f in fields(Grid)]
    sizes = [getattr(theme.sizes, f.name) for f in fields(Sizes)]
    if min(lengths) < 0 or theme.slide.width <= 0 or theme.slide.height <= 0 or min(sizes) <= 0:
        return "lengths and sizes must be positive"
    if theme.slide.body_bottom <= theme.slide.body_top:
        return "body_bottom must lie below body_top"
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
        try:
            font_data(family)
        except UnknownFont:
            shipped = ", ".join(shipped_families())
            return f"fonts.{role}.file {family!r} is not a shipped font (shipped: {shipped})"
    return None


def _table(kind: type[T], data: dict[str, Any]) -> T:
    """Return ``kind`` built from a TOML table, each value converted to its field's type."""
    values = {}
    for field in fields(kind):  # type: ignore[arg-type]
        value = data[field.name]
        values[field.name] = float(value) if field.type == "float" else str(value)
    return kind(**values)
