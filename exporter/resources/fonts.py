"""resources: a theme's font files, measured by the fit stage and embedded in PDFs.

A theme's fonts are files in its ``fonts/`` folder named ``Family-Style.ttf``, such as
``Carlito-Bold.ttf``. A theme without a file falls back to the built-in default theme's. A
school's template may embed its fonts: ``theme_font`` looks there first, and is the one door
through which the fit and the writers read a theme's font files.
"""

from __future__ import annotations

import functools
import stat
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from exporter.template.fonts import Face
    from exporter.theme import Theme

MAX_FONT_BYTES = 30_000_000
KEPT_FONT_BYTES = 4_000_000
"""The largest font file kept in memory once read (``read_font``): a Latin family's faces
are a few hundred kB each; a CJK font, tens of MB, is read for each document instead."""
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
            data = read_font(fonts.joinpath(f"{stem}-{style}.ttf"))
            if data is not None:
                return data
    raise MissingFont(family)


def read_font(resource: Traversable) -> bytes | None:
    """Return the bytes of a font file, or ``None`` if there is none (or one too large).

    A file up to ``KEPT_FONT_BYTES`` is read once a process for as long as it stays the same
    (its path, inode, size and change time, which no program sets back, as ``stamp`` checks a
    theme's files): every document embeds the theme's fonts and works out a digest of them,
    and its writer reads their metrics (``writers.slidestyle.baseline_shift``, a cache by the
    bytes), which the same bytes object makes cheap. Read anew for each, the default theme's
    4 MB of fonts cost every document about 5 ms, half of it their digest: a tenth of a small
    lesson's deck and handout.
    """
    if not isinstance(resource, Path):  # a theme inside an archive, read as it is
        if not resource.is_file():
            return None
        data = resource.read_bytes()
        return data if len(data) <= MAX_FONT_BYTES else None
    try:
        found = resource.stat()
    except OSError:
        return None
    if not stat.S_ISREG(found.st_mode) or found.st_size > MAX_FONT_BYTES:
        return None
    if found.st_size > KEPT_FONT_BYTES:
        return resource.read_bytes()
    return kept_font(str(resource), found.st_ino, found.st_size, found.st_ctime_ns)


@functools.lru_cache(maxsize=16)
def kept_font(path: str, inode: int, size: int, changed: int) -> bytes | None:
    """Return the bytes of the font file at ``path`` as it was with ``inode``, ``size`` and
    change time ``changed``, kept (``read_font``; three families' four faces), or ``None`` if
    it has grown too large since. Not ``resources.read_file``, which refuses a link: a theme's
    fonts may be links to the system's."""
    data = Path(path).read_bytes()
    return data if len(data) <= MAX_FONT_BYTES else None


def theme_font(
    theme: Theme, family: str, bold: bool = False, italic: bool = False, exact: bool = False
) -> bytes:
    """Return the bytes of ``theme``'s font file for ``family`` in a style: the face its
    template embeds if it embeds that family, else its file (see ``font_file``).

    Unless ``exact``, an embedded family without the style falls back to its regular face.
    Raises ``MissingFont`` when there is no such face or file.
    """
    faces = embedded(theme, family)
    if not faces:
        return font_file(theme.folder, family, bold, italic, exact)
    for style in dict.fromkeys(((bold, italic),) if exact else ((bold, italic), (False, False))):
        for face in faces:
            if (face.bold, face.italic) == style:
                return face.data
    raise MissingFont(family)


def embedded(theme: Theme, family: str) -> list[Face]:
    """Return the faces of ``family`` that ``theme``'s template embeds (none without one)."""
    template = theme.template
    if template is None:
        return []
    wanted = family.casefold().strip()
    return [face for face in template.fonts if face.family.casefold().strip() == wanted]


def font_origin(theme: Theme, family: str) -> str:
    """Return where ``theme``'s ``family`` is read from, for keys of caches: its template's
    digest for an embedded font, else the theme's folder."""
    template = theme.template
    if template is not None and embedded(theme, family):
        return f"template:{template.digest}"
    return str(theme.folder)


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
