"""fit: how much room text needs, measured with the font files the theme names.

Each theme font role (heading, body, code) names a font PowerPoint users have and an open font
with the same metrics, whose files the theme ships in its ``fonts/`` folder (read through
``resources``). Widths come from that file through Pillow, one glyph at a time and without
kerning, as PowerPoint lays text out (LibreOffice kerns, which only makes its lines shorter).
Characters the font lacks (CJK, emoji) are measured at the width the fallback fonts give them,
erring wide.

Text wraps as PowerPoint and LibreOffice wrap it: at spaces and between ideographs; a word
longer than the line breaks inside. Lines are counted a little short of the box's width, so
that rounding in a renderer never adds a line we did not count.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]
from PIL import ImageFont

from exporter.model import Run, Runs, Style
from exporter.resources import font_file
from exporter.theme import Theme

POINTS_PER_INCH = 72.0
UNITS = 2048
"""The pixel size fonts are loaded at: one pixel is one unit of a 2048-unit em (Carlito's and
Liberation's), so their advances come out exact; other fonts' to 1/2048 em."""
WIDTH_SLACK = 0.985
"""The share of a line's width that text is allowed to fill."""
CODE = Style(code=True)

# Widths, in ems, of characters the font lacks: what the fonts renderers fall back to give them.
EMOJI_WIDTH = 1.3
"""Colour emoji fonts draw emoji from 1 em (Apple, Segoe) to 1.245 em (Noto Color Emoji); the
symbol ranges (arrows, dingbats) are drawn from them too when the font lacks the symbol."""
WIDE_WIDTH = 1.0
"""CJK fonts draw ideographs, kana and full-width forms one em wide."""
OTHER_WIDTH = 0.8
"""Letters of other scripts the font lacks (Arabic, Hebrew, Devanagari...) in a sans fallback."""
EMOJI_RANGES = (
    (0x2190, 0x21FF),
    (0x2300, 0x23FF),
    (0x2600, 0x27BF),
    (0x2B00, 0x2BFF),
    (0x1F000, 0x1FAFF),
)


class Face:
    """One font file's advance widths and line height, in ems."""

    def __init__(self, data: bytes) -> None:
        self.font = ImageFont.truetype(
            io.BytesIO(data), UNITS, layout_engine=ImageFont.Layout.BASIC
        )
        self.covered = covered(data)
        self.ascent: float = self.font.font.ascent / UNITS
        self.descent: float = self.font.font.descent / UNITS
        self.widths: dict[str, float] = {}

    def char(self, char: str) -> float:
        """Return one character's advance width in ems."""
        width = self.widths.get(char)
        if width is None:
            width = self.widths[char] = self.measure(char)
        return width

    def measure(self, char: str) -> float:
        """Return a character's width: the font's, or what a fallback font would give it."""
        code = ord(char)
        if code in self.covered:
            return self.font.getlength(char) / UNITS
        if unicodedata.category(char) in ("Mn", "Me", "Cf"):
            return 0.0
        if any(low <= code <= high for low, high in EMOJI_RANGES):
            return EMOJI_WIDTH
        return WIDE_WIDTH if unicodedata.east_asian_width(char) in "WF" else OTHER_WIDTH


def covered(data: bytes) -> frozenset[int]:
    """Return the code points a font file has glyphs for (its best Unicode ``cmap``).

    The glyphs are given numbers for names: fontTools would otherwise name every glyph from
    the font's ``post`` table and the Adobe Glyph List, most of the time it takes.
    """
    font = TTFont(io.BytesIO(data), lazy=True)
    font.setGlyphOrder([f"glyph{number}" for number in range(font["maxp"].numGlyphs)])
    return frozenset(font.getBestCmap())


FACES: dict[tuple[str, str, bool, bool], Face] = {}
"""Faces loaded so far, by theme folder, family and style: each is loaded once per process."""


def face(theme: Theme, family: str, bold: bool = False, italic: bool = False) -> Face:
    """Return a face of one of ``theme``'s font families."""
    key = (str(theme.folder), family, bold, italic)
    found = FACES.get(key)
    if found is None:
        found = FACES[key] = Face(font_file(theme.folder, family, bold, italic))
    return found


NO_BREAK_BEFORE = frozenset("ー々〻ゝゞヽヾぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ")
"""Japanese characters no line may start with."""


@dataclass(frozen=True)
class Word:
    """A piece of text no line may break inside (unless it is wider than the line)."""

    space: float
    """The width of the spaces before it, which vanish when it starts a line."""
    width: float
    chars: tuple[float, ...]
    """Each character's width, for breaking the word when it is wider than a line."""
    text: str


@dataclass(frozen=True)
class Wrap:
    """How a paragraph wraps in a width."""

    lines: int
    broken: str | None = None
    """The first word that had to break inside because it is wider than the line."""


def breaks_before(char: str) -> bool:
    """Return whether a line may break before ``char`` with no space (between ideographs).

    Not before punctuation, the prolonged sound mark or small kana (the Japanese rules), and
    not inside Korean words, which wrap at spaces.
    """
    return (
        unicodedata.east_asian_width(char) in "WF"
        and unicodedata.category(char)[0] != "P"
        and char not in NO_BREAK_BEFORE
        and not is_hangul(char)
    )


def breaks_after(char: str) -> bool:
    """Return whether a line may break after ``char`` with no space."""
    return (
        unicodedata.east_asian_width(char) in "WF"
        and unicodedata.category(char) != "Ps"
        and not is_hangul(char)
    )


def is_hangul(char: str) -> bool:
    """Return whether ``char`` is a Korean syllable or letter."""
    code = ord(char)
    return 0xAC00 <= code <= 0xD7A3 or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F


class Measurer:
    """Measures text in a theme's fonts, by role: ``body``, ``heading`` and ``code``."""

    def __init__(self, theme: Theme) -> None:
        self.theme = theme
        fonts = theme.fonts
        self.families = {"body": fonts.body.file, "heading": fonts.heading.file}
        self.families["code"] = fonts.code.file
        self.words_cache: dict[tuple[Runs, str, bool], tuple[tuple[Word, ...], ...]] = {}
        self.code_cache: dict[tuple[str, float, float], int] = {}
        """Each code line's wrapped line count, by size and width: a long block is re-measured
        many times while it is split."""

    def face(self, role: str, bold: bool = False, italic: bool = False) -> Face:
        """Return the face a role's text is drawn in."""
        return face(self.theme, self.families[role], bold, italic)

    def run_face(self, run: Run, role: str, bold: bool) -> Face:
        """Return the face ``run`` is drawn in, in a box of ``role`` (``bold`` for all of it)."""
        family = "code" if run.style.code else role
        return self.face(family, bold or run.style.bold, run.style.italic)

    def words(self, runs: Runs, role: str, bold: bool) -> tuple[tuple[Word, ...], ...]:
        """Return each hard line of ``runs`` as its words, measured in ems (cached)."""
        key = (runs, role, bold)
        found = self.words_cache.get(key)
        if found is None:
            found = self.words_cache[key] = tuple(self.split_words(runs, role, bold))
        return found

    def split_words(self, runs: Runs, role: str, bold: bool) -> Iterator[tuple[Word, ...]]:
        """Yield each hard line of ``runs`` as its words."""
        line: list[Word] = []
        space = 0.0
        chars: list[float] = []
        text: list[str] = []

        def finish() -> None:
            nonlocal space
            if chars:
                line.append(Word(space, sum(chars), tuple(chars), "".join(text)))
                space = 0.0
                chars.clear()
                text.clear()

        after = False  # whether a line may break after the last character (CJK)
        for run in runs:
            font = self.run_face(run, role, bold)
            for char in run.text:
                if char == "\n":
                    finish()
                    yield tuple(line)
                    line, space = [], 0.0
                elif char == " " or char == "\t":
                    finish()
                    space += font.char(" ") * (4 if char == "\t" else 1)
                else:
                    if chars and after and breaks_before(char):
                        finish()
                    chars.append(font.char(char))
                    text.append(char)
                    after = breaks_after(char)
        finish()
        yield tuple(line)

    def natural(self, runs: Runs, role: str = "body", bold: bool = False) -> float:
        """Return the width of the longest hard line of ``runs`` set on one line, in ems."""
        return max(
            (sum(w.space + w.width for w in words) - words[0].space if words else 0.0)
            for words in self.words(runs, role, bold)
        )

    def longest(self, runs: Runs, role: str = "body", bold: bool = False) -> float:
        """Return the width of the widest word of ``runs``, in ems."""
        return max((w.width for words in self.words(runs, role, bold) for w in words), default=0.0)

    def wrap(
        self, runs: Runs, size: float, width: float, role: str = "body", bold: bool = False
    ) -> Wrap:
        """Return how ``runs`` wrap at ``size`` points in ``width`` inches."""
        limit = max(width, 0.01) * POINTS_PER_INCH * WIDTH_SLACK / size
        total = 0
        broken = None
        for words in self.words(runs, role, bold):
            lines, used, fresh = 1, 0.0, True
            for index, word in enumerate(words):
                # Spaces vanish where a line wraps, but a hard line's indent stays.
                lead = word.space if index == 0 or not fresh else 0.0
                if used + lead + word.width <= limit:
                    used, fresh = used + lead + word.width, False
                    continue
                if not fresh:
                    lines, used, fresh, lead = lines + 1, 0.0, True, 0.0
                if lead + word.width <= limit:
                    used, fresh = lead + word.width, False
                    continue
                broken = broken or word.text
                used = lead
                for char in word.chars:
                    if used > 0 and used + char > limit:
                        lines, used = lines + 1, 0.0
                    used += char
                fresh = False
            total += lines
        return Wrap(total, broken)

    def count_lines(
        self, runs: Runs, size: float, width: float, role: str = "body", bold: bool = False
    ) -> int:
        """Return how many lines ``runs`` wrap to at ``size`` points in ``width`` inches."""
        return self.wrap(runs, size, width, role, bold).lines

    def count_code_lines(self, text: str, size: float, width: float) -> list[int]:
        """Return how many lines each line of a code block takes, wrapped at the box's width."""
        counts = []
        for line in text.expandtabs(4).split("\n"):
            key = (line, size, width)
            count = self.code_cache.get(key)
            if count is None:
                count = self.code_cache[key] = self.count_lines(
                    (Run(line, CODE),), size, width, "code"
                )
            counts.append(count)
        return counts
