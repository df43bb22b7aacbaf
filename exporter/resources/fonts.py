"""resources: a theme's font files, measured by the fit stage and embedded in PDFs.

A theme's fonts are files in its ``fonts/`` folder named ``Family-Style.ttf``, such as
``Carlito-Bold.ttf``. A theme without a file falls back to the built-in default theme's.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable

MAX_FONT_BYTES = 30_000_000
FONT_STYLES = {
    (False, False): "Regular",
    (True, False): "Bold",
    (False, True): "Italic",
    (True, True): "BoldItalic",
}
"""A font file's style suffix by (bold, italic)."""
DEFAULT_THEME = resources.files("exporter.themes").joinpath("default")
"""The built-in theme whose fonts every theme may use."""


class MissingFont(LookupError):
    """A theme names a font family it has no file for."""


def font_file(
    folder: Traversable, family: str, bold: bool = False, italic: bool = False, exact: bool = False
) -> bytes:
    """Return the bytes of a theme's font file for ``family`` in a style.

    The theme's own ``fonts/`` folder is searched first, then the built-in default theme's (so
    that a theme made by copying ``theme.toml`` needs no fonts of its own). Unless ``exact``,
    a family without a file for the style falls back to its regular face. Raises
    ``MissingFont`` when there is no file (or only one too large to be a font).
    """
    stem = family.replace(" ", "")
    wanted = FONT_STYLES[bold, italic]
    for fonts in (folder.joinpath("fonts"), DEFAULT_THEME.joinpath("fonts")):
        for style in dict.fromkeys((wanted,) if exact else (wanted, "Regular")):
            resource = fonts.joinpath(f"{stem}-{style}.ttf")
            if resource.is_file():
                data = resource.read_bytes()
                if len(data) <= MAX_FONT_BYTES:
                    return data
    raise MissingFont(family)


def font_families(folder: Traversable) -> list[str]:
    """Return the families a theme has font files for (its own and the default theme's)."""
    found: set[str] = set()
    for fonts in (folder.joinpath("fonts"), DEFAULT_THEME.joinpath("fonts")):
        if fonts.is_dir():
            found.update(
                entry.name.removesuffix("-Regular.ttf")
                for entry in fonts.iterdir()
                if entry.name.endswith("-Regular.ttf")
            )
    return sorted(found)
