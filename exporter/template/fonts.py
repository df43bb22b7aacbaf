"""template: the fonts a school's template embeds, decoded so the fit measures with them and
the PDF embeds and draws them.

PowerPoint lists a deck's embedded fonts in its presentation part
(``p:embeddedFontLst/p:embeddedFont``): a typeface and a font part for each of its regular,
bold, italic and bold italic faces (``ppt/fonts/fontN.fntdata``). A part is a TrueType or
OpenType file as it is, or one wrapped in an Embedded OpenType (EOT) header, its data
XOR-obscured or not. An EOT whose data is MicroType Express compressed, a font collection, or
anything else that does not read as a font with the basic Latin letters is left out, with a
sentence saying why: its role is then measured with its open twin.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Iterable, Iterator
from typing import NamedTuple

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from PIL import ImageFont

from exporter.resources.fonts import MAX_FONT_BYTES
from exporter.template.opc import Package
from exporter.writers.drawingml import P

R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
STYLES = {"regular": (False, False), "bold": (True, False), "italic": (False, True)}
STYLES["boldItalic"] = (True, True)
"""The faces an embedded font may have, by element name, as (bold, italic)."""
STYLE_NAMES = {"boldItalic": "bold italic"}
"""The styles as a message names them, where that is not their element's name."""
SFNT = (b"\x00\x01\x00\x00", b"true", b"OTTO")
"""The first bytes of a TrueType or OpenType font file."""
EOT_MAGIC = 0x504C
EOT_VERSIONS = (0x00010000, 0x00020001, 0x00020002)
EOT_HEADER = struct.Struct("<IIII10sBBIHH")
"""EOTSize, FontDataSize, Version, Flags, PANOSE, Charset, Italic, Weight, fsType, Magic."""
EOT_LEAST = 82
"""The least an EOT header can be: its fixed fields and four empty names."""
COMPRESSED = 0x4
"""TTEMBED_TTCOMPRESSED: the font data is MicroType Express compressed."""
XOR = 0x10000000
"""TTEMBED_XORENCRYPTDATA: every byte of the font data is XORed with ``XOR_KEY``."""
XOR_KEY = 0x50
XORED = bytes(byte ^ XOR_KEY for byte in range(256))
"""Each byte's value XORed with ``XOR_KEY``, a table for ``bytes.translate``."""
BASIC_LATIN = frozenset(range(0x20, 0x7F))
"""The characters an embedded font must have to be measured with."""


class Face(NamedTuple):
    """One face of a font the template embeds, decoded to a TrueType or OpenType file."""

    family: str
    """The typeface PowerPoint names it by (the theme's font name)."""
    bold: bool
    italic: bool
    data: bytes


Faces = tuple[Face, ...]


class Unusable(ValueError):
    """A font part that cannot be measured with (the message says why)."""


def embedded_faces(
    package: Package, families: Iterable[str]
) -> tuple[list[Face], list[tuple[str, str, str, str]]]:
    """Return the faces the template embeds of ``families`` (typefaces, in any case), each
    decoded; and the faces that cannot be used, as (family, style, part, why)."""
    wanted = {folded(family) for family in families}
    faces: list[Face] = []
    problems: list[tuple[str, str, str, str]] = []
    for family, styles in embedded_parts(package):
        if folded(family) not in wanted:
            continue
        for style, part in styles:
            bold, italic = STYLES[style]
            try:
                faces.append(Face(family, bold, italic, usable(package.parts.get(part))))
            except Unusable as why:
                problems.append((family, STYLE_NAMES.get(style, style), part, str(why)))
    return faces, problems


def folded(family: str) -> str:
    """Return a typeface as names of it are compared (PowerPoint ignores their case)."""
    return family.casefold().strip()


def embedded_parts(package: Package) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """Yield each embedded font's typeface and its faces' (style, part name) pairs."""
    fonts = package.xml(package.main).find(f"{P}embeddedFontLst")
    for font in fonts if fonts is not None else ():
        typeface = font.find(f"{P}font")
        family = typeface.get("typeface", "") if typeface is not None else ""
        styles = []
        for style in STYLES:
            element = font.find(f"{P}{style}")
            rid = element.get(f"{R}id", "") if element is not None else ""
            found = package.target(package.main, rid) if rid else None
            if found is not None and not found.external:
                styles.append((style, found.target))
        if family and styles:
            yield family, styles


def usable(part: bytes | None) -> bytes:
    """Return a font part as a font file the fit and the PDF can use.

    Raises ``Unusable`` when it is missing, not a font, compressed, too large, or lacks
    basic Latin letters.
    """
    if part is None:
        raise Unusable("is missing from the template")
    data = part if part[:4] in SFNT else eot_font(part)
    if len(data) > MAX_FONT_BYTES:
        raise Unusable(f"is larger than {MAX_FONT_BYTES // 1_000_000} MB")
    verify(data)
    return data


def eot_font(data: bytes) -> bytes:
    """Return the font file an Embedded OpenType wraps, its data XOR-obscured or not.

    Raises ``Unusable`` when ``data`` is no EOT or its font data is compressed.
    """
    if data[:4] == b"ttcf":
        raise Unusable("is a font collection, which cannot be measured")
    if len(data) < EOT_LEAST:
        raise Unusable("is neither a TrueType/OpenType font nor an Embedded OpenType")
    size, length, version, flags, *_, magic = EOT_HEADER.unpack_from(data)
    if magic != EOT_MAGIC or version not in EOT_VERSIONS:
        raise Unusable("is neither a TrueType/OpenType font nor an Embedded OpenType")
    if not EOT_LEAST <= size <= len(data) or not 0 < length <= size - EOT_LEAST:
        raise Unusable("is an Embedded OpenType whose sizes do not add up")
    if flags & COMPRESSED:
        raise Unusable(
            "is compressed with MicroType Express, which cannot be read; in PowerPoint, "
            "untick 'Embed fonts in the file' and embed the fonts again, or install the font"
        )
    font = data[size - length : size]
    if flags & XOR:
        font = font.translate(XORED)
    return font


def verify(data: bytes) -> None:
    """Check that ``data`` reads as a font with the basic Latin letters, with fontTools and
    with FreeType (which measures it).

    Raises ``Unusable`` saying what is wrong.
    """
    if data[:4] not in SFNT:
        raise Unusable("does not hold a TrueType or OpenType font")
    try:
        font = TTFont(io.BytesIO(data), lazy=True)
        cmap = font.getBestCmap() or {}
        font["hmtx"]
        per_em = font["head"].unitsPerEm
        ImageFont.truetype(io.BytesIO(data), 100, layout_engine=ImageFont.Layout.BASIC)
    except Exception as problem:  # a broken font makes fontTools raise anything
        raise Unusable(f"cannot be read as a font ({type(problem).__name__})") from problem
    if not 16 <= per_em <= 16384:
        raise Unusable(f"has an em of {per_em} units, outside what fonts use")
    lacking = BASIC_LATIN - set(cmap)
    if lacking:
        shown = "".join(sorted(chr(code) for code in lacking))[:20]
        raise Unusable(
            f"lacks {len(lacking)} basic Latin characters ({shown!r}): it was embedded with "
            "only the characters the template uses; embed all characters"
        )
