"""course: "Page N of M" stamped on the course book's pages as the book is put together.

The book's page numbers run over the whole book, so a lesson's part cannot carry them: one
lesson more or less would renumber every part after it. Each part leaves its pages' feet empty
(``render_handout(numbered=False)``) and this module writes the numbers there, where a
handout's own foot is, in the theme's body font at the handout's size and grey. Drawing the
text straight into each page costs microseconds a page; laying out a document of M empty
pages with WeasyPrint to stamp them costs about 4 ms a page, seconds for a long course.

The font is embedded once, cut down to the characters the numbers need (its glyph numbers
kept, so that the text is written as glyph numbers: a ``Type0`` font with ``Identity-H``), with
a ``ToUnicode`` map, so that the numbers can be searched and copied.
"""

from __future__ import annotations

import io
import logging
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pikepdf
from fontTools import subset  # type: ignore[import-untyped]
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

SIZE = 9.0
"""The numbers' size in points, a handout foot's (``HANDOUT_CSS``)."""
GREY = 0x55 / 0xFF
"""The numbers' grey, a handout foot's (``#555``)."""
FOOT = 0.7 * 72
"""The height of a handout page's bottom margin, in points (``PAGE_MARGIN``): the numbers
are centred in it, as WeasyPrint centres a margin box's text."""
NAME = "LxPageNumbers"
"""The font's name in each page's resources."""


@dataclass(frozen=True)
class Glyphs:
    """What writing text in the embedded font needs: each character's glyph and width."""

    glyph: dict[str, int]
    """Each character's glyph number."""
    width: dict[str, float]
    """Each character's advance, in thousandths of the font size."""
    middle: float
    """How far above the baseline the middle of a capital letter is, in thousandths."""

    def text(self, text: str) -> bytes:
        """Return ``text`` as a PDF string of glyph numbers (unknown characters left out)."""
        return b"".join(f"{self.glyph[c]:04X}".encode() for c in text if c in self.glyph)

    def measure(self, text: str, size: float = SIZE) -> float:
        """Return the width of ``text`` at ``size`` points, in points."""
        return sum(self.width.get(c, 0.0) for c in text) * size / 1000


@contextmanager
def quiet() -> Iterator[None]:
    """Keep fontTools' warnings (a font's creation date it finds odd) from the terminal: none
    of them is the user's business."""
    logger = logging.getLogger("fontTools")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


@dataclass(frozen=True)
class Cut:
    """A font cut down to a few characters, and what its PDF dictionaries say of it."""

    data: bytes
    name: str
    """Its full name, without spaces."""
    box: tuple[int, int, int, int]
    """Its bounding box, in thousandths of its size (as all the numbers here)."""
    ascent: int
    descent: int
    cap: int


def cut_font(data: bytes, characters: str) -> tuple[Cut, Glyphs]:
    """Return ``data`` (a TrueType file) cut down to ``characters`` with its glyph numbers
    kept, and how to write text in it."""
    font = TTFont(io.BytesIO(data), recalcTimestamp=False, lazy=True)
    glyphs = measured(font, characters)
    head, hhea = font["head"], font["hhea"]
    scale = 1000 / head.unitsPerEm
    chars = sorted(glyphs.glyph)
    x0, y0, x1, y1 = (round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax))
    name = font["name"].getBestFullName().replace(" ", "")
    ascent, descent = round(hhea.ascent * scale), round(hhea.descent * scale)
    # Only what drawing a few characters needs: ten times faster than a whole subset.
    options = subset.Options()
    options.retain_gids = True  # the text is written as the full font's glyph numbers
    options.layout_features = []
    options.hinting = False
    options.glyph_names = False
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "DSIG", "hdmx", "LTSH", "VDMX"]
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=[ord(c) for c in chars])
    cutter.subset(font)
    out = io.BytesIO()
    font.save(out)
    cut = Cut(out.getvalue(), name, (x0, y0, x1, y1), ascent, descent, round(glyphs.middle * 2))
    return cut, glyphs


def measured(font: TTFont, characters: str) -> Glyphs:
    """Return how to write ``characters`` (those ``font`` has) in ``font``: as its glyph
    numbers, which a cut of it keeps (``cut_font``)."""
    cmap = font.getBestCmap()
    head = font["head"]
    scale = 1000 / head.unitsPerEm
    chars = sorted({c for c in characters if ord(c) in cmap})
    glyph = {c: font.getGlyphID(cmap[ord(c)]) for c in chars}
    width = {c: font["hmtx"][cmap[ord(c)]][0] * scale for c in chars}
    cap = (getattr(font["OS/2"], "sCapHeight", 0) or head.unitsPerEm * 0.7) * scale
    return Glyphs(glyph, width, cap / 2)


def glyphs_of(data: bytes, characters: str) -> Glyphs:
    """Return how to write ``characters`` in the font ``data`` (a TrueType file) as embedded
    by ``embed_font`` with them, without cutting it again."""
    with quiet():
        return measured(TTFont(io.BytesIO(data), recalcTimestamp=False, lazy=True), characters)


def embed_font(pdf: pikepdf.Pdf, data: bytes, characters: str) -> tuple[pikepdf.Object, Glyphs]:
    """Return a ``Type0`` font of ``data`` (a TrueType file) with only ``characters``, added
    to ``pdf``, and how to write text in it."""
    with quiet():
        cut, glyphs = cut_font(data, characters)
    name = pikepdf.Name(f"/LXPAGE+{cut.name}")
    file = packed(pdf, cut.data)
    file.Length1 = len(cut.data)
    descriptor = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.FontDescriptor,
            FontName=name,
            Flags=32,
            FontBBox=list(cut.box),
            ItalicAngle=0,
            Ascent=cut.ascent,
            Descent=cut.descent,
            CapHeight=cut.cap,
            StemV=80,
            FontFile2=file,
        )
    )
    widths = pikepdf.Array(
        item
        for c, number in sorted(glyphs.glyph.items())
        for item in (number, [round(glyphs.width[c])])
    )
    descendant = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font,
            Subtype=pikepdf.Name.CIDFontType2,
            BaseFont=name,
            CIDSystemInfo=pikepdf.Dictionary(Registry="Adobe", Ordering="Identity", Supplement=0),
            FontDescriptor=descriptor,
            W=widths,
            CIDToGIDMap=pikepdf.Name.Identity,
        )
    )
    type0 = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.Type0,
        BaseFont=name,
        Encoding=pikepdf.Name("/Identity-H"),
        DescendantFonts=[descendant],
        ToUnicode=packed(pdf, to_unicode(glyphs.glyph)),
    )
    return pdf.make_indirect(type0), glyphs


def packed(pdf: pikepdf.Pdf, data: bytes) -> pikepdf.Stream:
    """Return a new stream of ``data``, compressed already: qpdf passes it through as it does
    the parts' streams, and writes its dictionary as it reads it back, so that a book opened
    and saved again (``replace``) is written as it was (a stream qpdf compresses as it writes
    it gets its ``Length`` before its ``Filter``, and after it once read back)."""
    stream = pikepdf.Stream(pdf, b"")
    stream.write(zlib.compress(data), filter=pikepdf.Name.FlateDecode)
    return stream


def to_unicode(glyph: dict[str, int]) -> bytes:
    """Return the ``ToUnicode`` map from each glyph number back to its character."""
    pairs = "".join(f"<{g:04X}> <{ord(c):04X}>\n" for c, g in sorted(glyph.items()))
    return (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
        "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{len(glyph)} beginbfchar\n{pairs}endbfchar\n"
        "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"
    ).encode("ascii")


def stamp_pages(
    pdf: pikepdf.Pdf,
    font: pikepdf.Object,
    glyphs: Glyphs,
    texts: dict[int, str],
    pages: list[pikepdf.Page] | None = None,
    opening: pikepdf.Stream | None = None,
) -> None:
    """Write each of ``texts`` (by page index in ``pages``, else in ``pdf``'s) centred in its
    page's foot; ``opening`` is the stream of the pages stamped before, if any."""
    if opening is None:
        opening = packed(pdf, b"q\n")  # one for every page
    if pages is None:
        pages = list(pdf.pages)  # pikepdf finds a page by its number in a list it makes anew
    for index, text in texts.items():
        page = pages[index]
        box = [float(v) for v in page.mediabox]
        x = (box[0] + box[2] - glyphs.measure(text)) / 2
        y = box[1] + FOOT / 2 - glyphs.middle * SIZE / 1000
        drawn = (
            f"BT {GREY:.3f} g /{NAME} {SIZE:g} Tf {x:.2f} {y:.2f} Td <".encode()
            + glyphs.text(text)
            + b"> Tj ET\n"
        )
        draw_over(pdf, page, font, drawn, opening)


Box = tuple[float, ...]
"""A box on a page: left, bottom, right, top, in points."""


def stamp_numbers(
    pdf: pikepdf.Pdf,
    font: pikepdf.Object,
    glyphs: Glyphs,
    numbers: dict[int, list[tuple[Box, int]]],
    place: Number,
) -> None:
    """Write the page number of each contents line (by page index: the line's box and its
    number) at the line's end, ``place.above`` its foot, on white over its leader."""
    pad = 0.3 * place.size  # the white before a number, over the leader
    red, green, blue = place.color
    opening = packed(pdf, b"q\n")
    pages = list(pdf.pages)
    for index, lines in numbers.items():
        drawn = []
        for (_, bottom, right, _), number in lines:
            text = str(number)
            width = glyphs.measure(text, place.size)
            x = right + place.room - width
            drawn.append(
                f"q 1 g {x - pad:.2f} {bottom:.2f} {width + pad:.2f} {place.height:.2f} re f Q\n"
                f"BT {red:.3f} {green:.3f} {blue:.3f} rg /{NAME} {place.size:g} Tf "
                f"{x:.2f} {bottom + place.above:.2f} Td <".encode()
                + glyphs.text(text)
                + b"> Tj ET\n"
            )
        draw_over(pdf, pages[index], font, b"".join(drawn), opening)


@dataclass(frozen=True)
class Number:
    """How the contents' page numbers are drawn at their lines' ends."""

    above: float
    """How far above the foot of a line's box its number's baseline lies, in points."""
    size: float
    """Their size, in points."""
    room: float
    """How far past the line's box its number ends (the room kept for it), in points."""
    height: float
    """The height of a line, in points: the white behind a number."""
    color: tuple[float, float, float]
    """Their colour: red, green and blue, from 0 to 1."""


def draw_over(
    pdf: pikepdf.Pdf,
    page: pikepdf.Page,
    font: pikepdf.Object,
    drawn: bytes,
    opening: pikepdf.Stream,
) -> None:
    """Add ``drawn`` (in the font named ``NAME``) over ``page``'s own drawing, which is wrapped
    in ``q`` (``opening``, a stream shared by the pages) and ``Q``, so that what it leaves set
    (WeasyPrint's flipped axis) moves nothing."""
    page.add_resource(font, pikepdf.Name.Font, pikepdf.Name("/" + NAME))
    page.contents_add(opening, prepend=True)
    page.contents_add(packed(pdf, b"Q\nq\n" + drawn + b"Q\n"))
