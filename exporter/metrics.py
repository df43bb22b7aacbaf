"""fit: a font file's metrics, worked out once and kept in the user's cache folder, so that a
build measures text without loading fontTools and FreeType (about 40 ms of a one-lesson build).

The metrics are what ``measure`` needs of a font: the advance width of each character the font
has (those its best Unicode ``cmap`` maps, read with fontTools), as Pillow's basic layout gives
it one character at a time at ``UNITS`` pixels to the em; the font's ascent and descent, as
Pillow gives them; and its widest glyph's advance in ems (``hhea``), which the code writers
wrap by. Kept with ``marshal``, which writes floats exactly, they are read back as they were
worked out: text measures the same from the cache as without it.

An entry, in ``~/.cache/lesson-export/fonts/``, is named by the SHA-256 of the font file's
bytes, so a changed font is another entry. It records what worked it out: the exporter's digest
(``stamp.code_digest``: its code and the versions of Pillow and fontTools) and the FreeType
version Pillow uses. An entry of another exporter or library, or one that cannot be read as an
entry (cut short, damaged), is worked out again and written anew; a cache folder that cannot be
written only costs the time of working the metrics out each time.
"""

from __future__ import annotations

import contextlib
import io
import logging
import marshal
from dataclasses import dataclass

from exporter.errors import ExporterError
from exporter.files import digest, write_all
from exporter.stamp import code_digest, user_cache

UNITS = 2048
"""The pixel size fonts are measured at: one pixel is one unit of a 2048-unit em (Carlito's and
Liberation's), so their advances come out exact; other fonts' to 1/2048 em."""
FORM = 1
"""The form of an entry; an entry of another form is worked out again."""


@dataclass(frozen=True)
class Metrics:
    """What ``measure`` needs of one font file."""

    advances: dict[int, float]
    """Each character's advance width in pixels at ``UNITS`` pixels to the em, by code point:
    the characters the font has, and only those."""
    ascent: int
    """The ascent in pixels at ``UNITS`` pixels to the em, as Pillow gives it."""
    descent: int
    """The descent, likewise."""
    widest: float
    """The advance of the font's widest glyph, in ems."""


LOADED: dict[str, Metrics] = {}
"""The metrics read or worked out so far, by the SHA-256 of their font file."""


def font_metrics(data: bytes) -> Metrics:
    """Return the metrics of the font file ``data``: from memory, from the user's cache, or
    worked out (and kept)."""
    name = digest(data)
    found = LOADED.get(name)
    if found is None:
        found = LOADED[name] = cached(name, data)
    return found


def cached(name: str, data: bytes) -> Metrics:
    """Return the metrics of the font file ``data`` (whose SHA-256 is ``name``) as the cache
    keeps them, else worked out and kept."""
    path = user_cache("fonts") / name
    made_by = stamp()
    with contextlib.suppress(OSError):
        found = read_entry(path.read_bytes(), made_by)
        if found is not None:
            return found
    found = work_out(data)
    entry = (FORM, made_by, found.advances, found.ascent, found.descent, found.widest)
    with contextlib.suppress(ExporterError):  # unwritable: worked out again next time
        write_all({path: marshal.dumps(entry)})
    return found


def stamp() -> str:
    """Return what the metrics are worked out by: the exporter (with its libraries' versions)
    and the FreeType that Pillow measures with."""
    from PIL import features  # without ImageFont

    return f"{code_digest()} freetype {features.version('freetype2')}"


def read_entry(kept: bytes, made_by: str) -> Metrics | None:
    """Return the metrics a cache entry holds, or ``None`` if it is not an entry of this form
    worked out by ``made_by``."""
    try:
        entry = marshal.loads(kept)
    except (EOFError, ValueError, TypeError):
        return None
    if not isinstance(entry, tuple) or len(entry) != 6 or entry[:2] != (FORM, made_by):
        return None
    advances, ascent, descent, widest = entry[2:]
    if not (
        isinstance(advances, dict)
        and set(map(type, advances)) <= {int}
        and set(map(type, advances.values())) <= {float}
        and type(ascent) is int
        and type(descent) is int
        and type(widest) is float
    ):
        return None
    return Metrics(advances, ascent, descent, widest)


def work_out(data: bytes) -> Metrics:
    """Return the metrics of the font file ``data``, read with fontTools and Pillow."""
    from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
    from PIL import ImageFont

    font = ImageFont.truetype(io.BytesIO(data), UNITS, layout_engine=ImageFont.Layout.BASIC)
    codes = sorted(code for code in covered(data) if not 0xD800 <= code <= 0xDFFF)  # no text
    advances = {code: float(font.getlength(chr(code))) for code in codes}
    tables = TTFont(io.BytesIO(data), lazy=True)
    fonts_log = logging.getLogger("fontTools")
    level = fonts_log.level
    fonts_log.setLevel(logging.ERROR)  # it warns of the Carlito files' dates of 1904
    try:
        widest = float(tables["hhea"].advanceWidthMax / tables["head"].unitsPerEm)
    finally:
        fonts_log.setLevel(level)
    return Metrics(advances, int(font.font.ascent), int(font.font.descent), widest)


def covered(data: bytes) -> frozenset[int]:
    """Return the code points a font file has glyphs for (its best Unicode ``cmap``).

    The glyphs are given numbers for names: fontTools would otherwise name every glyph from
    the font's ``post`` table and the Adobe Glyph List, most of the time it takes.
    """
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(data), lazy=True)
    font.setGlyphOrder([f"glyph{number}" for number in range(font["maxp"].numGlyphs)])
    return frozenset(font.getBestCmap())
