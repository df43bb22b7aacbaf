"""themes: a theme folder's ``theme.toml`` → a typed ``Theme``.

Built-in themes live in the ``themes/`` folder (installed as ``exporter.themes``). A theme is
data: colours, fonts, sizes and the slide grid, never code.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from exporter.errors import ExporterError, error

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
    """The open font with the same metrics, such as ``Carlito``."""


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

    Raises ``ExporterError`` when it cannot be found or a value is missing or of the wrong kind.
    """
    folder = Path(name)
    path = folder / "theme.toml" if folder.is_dir() else None
    if path is None:
        resource = resources.files("exporter.themes").joinpath(name, "theme.toml")
        if not resource.is_file():
            raise ExporterError(error("theme", f"no theme named {name!r}"))
        text = resource.read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
        fonts = data["fonts"]
        return Theme(
            name=str(data.get("name", name)),
            slide=_table(Grid, data["slide"]),
            colors=_table(Colors, data["colors"]),
            fonts=Fonts(*(_table(Font, fonts[role]) for role in ("heading", "body", "code"))),
            sizes=_table(Sizes, data["sizes"]),
            bullets=Bullets(
                tuple(data["bullets"]["chars"]),
                *(float(data["bullets"][key]) for key in ("indent", "hanging")),
            ),
        )
    except (tomllib.TOMLDecodeError, KeyError, TypeError, ValueError) as exc:
        raise ExporterError(error("theme", f"theme {name!r} is not valid: {exc}")) from exc


def _table(kind: type[T], data: dict[str, Any]) -> T:
    """Return ``kind`` built from a TOML table, each value converted to its field's type."""
    values = {}
    for field in fields(kind):  # type: ignore[arg-type]
        value = data[field.name]
        values[field.name] = float(value) if field.type == "float" else str(value)
    return kind(**values)
