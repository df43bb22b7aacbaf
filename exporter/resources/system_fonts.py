"""resources: the characters this machine's fonts draw, asked of Fontconfig as Pango asks it.

The PDFs are drawn by WeasyPrint through Pango, which sets each character in the first font
that has it: the theme's fonts (which WeasyPrint adds to its Fontconfig configuration), then,
in Fontconfig's order, every font installed (``fc-list``), of the formats Pango reads (SFNT:
TrueType and OpenType, not bitmap or Type 1 fonts). A character none of them has is drawn as
an empty box. So what the machine can draw is the union of its fonts' character sets, worked
out once a process with Fontconfig's own functions (``FcCharSetMerge``, ``FcCharSetHasChar``,
through ``ctypes``: WeasyPrint's ``cffi`` declarations have no character sets) and asked
character by character, each answer kept (``draws``).

Where Fontconfig cannot be loaded (no such library: then WeasyPrint cannot draw at all) nothing
is known, and every character is taken to be drawn: no warning is better than a false one.
"""

from __future__ import annotations

import ctypes
import ctypes.util

NAMES = ("libfontconfig.so.1", "libfontconfig.1.dylib", "libfontconfig-1.dll")
"""The names Fontconfig's library goes by (as WeasyPrint loads it), the Linux one first."""
SYSTEM_SET = 0
"""``FcSetSystem``: the fonts installed, as against those an application adds."""
MATCH = 0
"""``FcResultMatch``: a pattern has the property asked for."""
READ_FORMATS = (b"TrueType", b"CFF")
"""The font formats Pango (through HarfBuzz) draws, as Fontconfig names them."""


class FontSet(ctypes.Structure):
    """Fontconfig's ``FcFontSet``: a count of patterns, and the patterns."""

    _fields_ = (
        ("nfont", ctypes.c_int),
        ("sfont", ctypes.c_int),
        ("fonts", ctypes.POINTER(ctypes.c_void_p)),
    )


class Coverage:
    """What the fonts installed on this machine draw, once a process (``coverage``)."""

    def __init__(self) -> None:
        self.library = load_fontconfig()
        self.charset = None if self.library is None else installed_charset(self.library)
        self.answers: dict[int, bool] = {}
        """Each character asked about so far, and whether a font has it."""

    def draws(self, code: int) -> bool:
        """Return whether an installed font has the character ``code`` (``True`` when nothing
        is known)."""
        found = self.answers.get(code)
        if found is None:
            if self.library is None or self.charset is None:
                found = True
            else:
                found = bool(self.library.FcCharSetHasChar(self.charset, code))
            self.answers[code] = found
        return found


COVERAGE: list[Coverage] = []
"""The machine's coverage, once worked out (a worker forked after ``coverage`` shares it)."""


def coverage() -> Coverage:
    """Return what this machine's fonts draw, worked out the first time it is asked."""
    if not COVERAGE:
        COVERAGE.append(Coverage())
    return COVERAGE[0]


def load_fontconfig() -> ctypes.CDLL | None:
    """Return Fontconfig's library with the functions used here declared, or ``None``."""
    library = None
    for name in NAMES:
        try:
            library = ctypes.CDLL(name)
            break
        except OSError:
            continue
    if library is None:
        found = ctypes.util.find_library("fontconfig")  # elsewhere than its usual names
        if found is None:
            return None
        try:
            library = ctypes.CDLL(found)
        except OSError:
            return None
    declare(library)
    return library


def declare(library: ctypes.CDLL) -> None:
    """Give ``library``'s functions used here their argument and result types."""
    pointer, text = ctypes.c_void_p, ctypes.c_char_p
    library.FcInitLoadConfigAndFonts.restype = pointer
    library.FcInitLoadConfigAndFonts.argtypes = ()
    library.FcConfigDestroy.argtypes = (pointer,)
    library.FcConfigGetFonts.restype = ctypes.POINTER(FontSet)
    library.FcConfigGetFonts.argtypes = (pointer, ctypes.c_int)
    library.FcPatternGetString.argtypes = (pointer, text, ctypes.c_int, ctypes.POINTER(text))
    library.FcPatternGetCharSet.argtypes = (pointer, text, ctypes.c_int, ctypes.POINTER(pointer))
    library.FcCharSetCreate.restype = pointer
    library.FcCharSetCreate.argtypes = ()
    library.FcCharSetMerge.argtypes = (pointer, pointer, pointer)
    library.FcCharSetHasChar.argtypes = (pointer, ctypes.c_uint32)


def installed_charset(library: ctypes.CDLL) -> int | None:
    """Return a new Fontconfig character set of every character an installed font Pango
    reads has, or ``None`` if Fontconfig has no configuration."""
    config = library.FcInitLoadConfigAndFonts()  # as WeasyPrint's FontConfiguration does
    if not config:
        return None
    try:
        fonts = library.FcConfigGetFonts(config, SYSTEM_SET)
        union: int = library.FcCharSetCreate()
        if not fonts or not union:
            return union or None
        for index in range(fonts.contents.nfont):
            pattern = fonts.contents.fonts[index]
            charset = ctypes.c_void_p()
            found = library.FcPatternGetCharSet(pattern, b"charset", 0, ctypes.byref(charset))
            if found == MATCH and pango_reads(library, pattern):
                library.FcCharSetMerge(union, charset, None)
        return union
    finally:
        library.FcConfigDestroy(config)


def pango_reads(library: ctypes.CDLL, pattern: int) -> bool:
    """Return whether Pango draws with the font ``pattern`` describes: as Pango decides, by
    its wrapper (``SFNT``) where Fontconfig names one, else by its format."""
    value = ctypes.c_char_p()
    if library.FcPatternGetString(pattern, b"fontwrapper", 0, ctypes.byref(value)) == MATCH:
        return value.value == b"SFNT"
    if library.FcPatternGetString(pattern, b"fontformat", 0, ctypes.byref(value)) == MATCH:
        return value.value in READ_FORMATS
    return False
