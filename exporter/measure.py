"""fit: how much room text needs, measured with the font files the theme names.

Each theme font role (heading, body, code) names a font PowerPoint users have and an open font
with the same metrics, whose files the theme ships in its ``fonts/`` folder (read through
``resources``). Widths come from that file through Pillow, one glyph at a time and without
kerning, as PowerPoint lays text out (LibreOffice kerns, which only makes its lines shorter);
they are worked out once per font file and kept (``metrics``).
Characters the font lacks (CJK, emoji) are measured at the width the fallback fonts give them,
erring wide.

Text wraps as PowerPoint and LibreOffice wrap it: at spaces, between ideographs, and inside a
long address after ``/``, ``.`` and ``-`` (where the writers put a zero-width space, see
``addresses``); a word longer than the line breaks inside. Lines are counted a little short
of the box's width, so that rounding in a renderer never adds a line we did not count.

Words stream from the text one by one (``stream_words``) into a ``Setter``, so that whether a
long text fits a box is answered after a box's worth of it (``wrap``'s ``most``), and the
lines of every start of a paragraph are counted in one pass (``Prefixes``).
"""

from __future__ import annotations

import contextlib
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from exporter.addresses import BREAK, shown
from exporter.geometry import WIDTH_SLACK as WIDTH_SLACK
from exporter.geometry import inline_icon_box
from exporter.metrics import UNITS as UNITS
from exporter.metrics import covered as covered
from exporter.metrics import font_metrics
from exporter.model import ICON, SCRIPT_MEASURE, TASK_BOX_WIDTH, TASK_BOXES, Run, Runs, Style
from exporter.resources import FONT_STYLES, MissingFont, font_origin, theme_font
from exporter.theme import Theme, layout_files

POINTS_PER_INCH = 72.0
CODE = Style(code=True)
LAZY_CHARS = 5_000
"""Text longer than this (more than a slide shows) is measured word by word when only whether
it fits is asked, as far as that needs, rather than all of it at once and kept."""
LAZY_RUNS = 200
"""Text of more runs than this is measured so too (even looking it up would read it all)."""

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

    def __init__(self, data: bytes, scale: float = 1.0) -> None:
        metrics = font_metrics(data)
        self.advances = metrics.advances
        self.covered = frozenset(metrics.advances)
        self.scale = scale
        """The size the face is drawn at, as a share of the paragraph's (inline code's is the
        theme's ``inline_code``): widths are in ems of the paragraph's size."""
        self.ascent: float = metrics.ascent / UNITS
        self.descent: float = metrics.descent / UNITS
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
        advance = self.advances.get(code)
        if advance is not None:
            return self.scale * advance / UNITS
        if unicodedata.category(char) in ("Mn", "Me", "Cf"):
            return 0.0
        if any(low <= code <= high for low, high in EMOJI_RANGES):
            return self.scale * EMOJI_WIDTH
        wide = unicodedata.east_asian_width(char) in "WF"
        return self.scale * (WIDE_WIDTH if wide else OTHER_WIDTH)


class IconFace(Face):
    """An icon inside a line (``Style.icon``), measured as its one character, ``ICON``, of
    the width its word takes (``geometry.inline_icon_box``), in ems; or a numbered task
    item's box (``Style.box``), one of ``TASK_BOXES``, ``TASK_BOX_WIDTH`` wide."""

    def __init__(self, width: float, chars: Iterable[str] = ICON) -> None:
        self.advances = {}
        self.covered = frozenset()
        self.scale = 1.0
        self.ascent = self.descent = 0.0
        self.widths = dict.fromkeys(chars, width)

    def char(self, char: str) -> float:
        """Return the icon's width (nothing else is drawn in it)."""
        return self.widths.get(char, 0.0)


BOX_FACE = IconFace(TASK_BOX_WIDTH, TASK_BOXES.values())
"""A numbered task item's box (``Style.box``), as the PDFs and LibreOffice draw it."""

FACES: dict[tuple[str, str, bool, bool, float], Face] = {}
"""Faces loaded so far, by where the family is read from (the theme's folder, or its template
for a font the template embeds), family, style and scale: each is loaded once per process."""


def face(
    theme: Theme, family: str, bold: bool = False, italic: bool = False, scale: float = 1.0
) -> Face:
    """Return a face of one of ``theme``'s font families, drawn at ``scale`` times the size."""
    key = (font_origin(theme, family), family, bold, italic, scale)
    found = FACES.get(key)
    if found is None:
        found = FACES[key] = Face(theme_font(theme, family, bold, italic), scale)
    return found


def load_fonts(theme: Theme) -> None:
    """Read the metrics of every style of ``theme``'s fonts (its template's layouts' too)
    now (see ``metrics``), so that workers forked after this share them; a font the theme
    lacks is left for the export to report."""
    fonts = theme.fonts
    own = (fonts.body.file, fonts.heading.file, fonts.code.file)
    for family in dict.fromkeys((*own, *layout_files(theme))):
        for bold, italic in FONT_STYLES:
            with contextlib.suppress(MissingFont):
                font_metrics(theme_font(theme, family, bold, italic))


BREAKS_AFTER: dict[str, bool] = {}
"""Whether a line may break after each character met so far (see ``breaks_after``)."""
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
    icons: tuple[int, ...] = ()
    """Which of its characters are icons inside a line (``IconFace``), by index."""


@dataclass(frozen=True)
class Mark:
    """Where a piece of a paragraph ends, in a stream of its words."""

    whole: bool
    """Whether the paragraph cut there ends with a whole word (white space followed it), so
    that its lines are those the stream has set so far."""


CUT = Mark(whole=True)
UNCUT = Mark(whole=False)


class Setter:
    """Sets words one after another into lines ``limit`` ems wide, as PowerPoint does."""

    def __init__(self, limit: float) -> None:
        self.limit = limit
        self.total = 0
        """The lines of the hard lines before this one."""
        self.lines = 1
        """The lines of this hard line so far."""
        self.used = 0.0
        self.fresh = True
        """Whether the current line is empty."""
        self.first = True
        """Whether no word of this hard line is set yet."""
        self.broken: str | None = None
        """The first word that had to break inside because it is wider than the line."""
        self.starts: list[int] = []
        """Where each line after a hard line's first starts, as offsets into its text, for
        words ``add`` is given the offset of."""

    @property
    def count(self) -> int:
        """The lines set so far."""
        return self.total + self.lines

    def hard_break(self) -> None:
        """Start a new hard line."""
        self.total, self.lines, self.used = self.total + self.lines, 1, 0.0
        self.fresh = self.first = True

    def add(self, word: Word, at: int | None = None) -> bool:
        """Set ``word`` (which starts at offset ``at`` of its hard line's text, if given:
        ``starts`` then records where it breaks the line); return whether it started a new
        line."""
        limit = self.limit
        # Spaces vanish where a line wraps, but a hard line's indent stays.
        lead = word.space if self.first or not self.fresh else 0.0
        self.first = False
        if self.used + lead + word.width <= limit:
            self.used, self.fresh = self.used + lead + word.width, False
            return False
        if not self.fresh:
            self.lines, self.used, self.fresh, lead = self.lines + 1, 0.0, True, 0.0
            if at is not None:
                self.starts.append(at)
        if lead + word.width <= limit:
            self.used, self.fresh = lead + word.width, False
            return True
        self.broken = self.broken or word.text
        used = lead
        for index, char in enumerate(word.chars):
            if used > 0 and used + char > limit:
                self.lines, used = self.lines + 1, 0.0
                if at is not None:
                    self.starts.append(at + index)
            used += char
        self.used, self.fresh = used, False
        return True


class Prefixes:
    """How many lines each start of a paragraph's pieces (its first ``k`` sentences) wraps to
    at one width, each worked out once and only as far as asked: dividing a long paragraph
    between slides asks of many of its starts, and this sets each word once for all of them.
    """

    def __init__(self, stream: Iterator[Word | Mark | None], limit: float, pieces: int) -> None:
        self.stream = stream
        self.setter = Setter(limit)
        self.pieces = pieces
        self.counts: list[int | None] = [None]
        """The lines of the first ``k`` pieces, at index ``k``; ``None`` where a cut there
        would end inside a word (ideographs), which the stream cannot tell."""

    def lines(self, k: int) -> int | None:
        """Return the lines of the paragraph's first ``k`` pieces (``None``: measure them)."""
        if len(self.counts) <= k:
            setter = self.setter
            for item in self.stream:
                if isinstance(item, Mark):
                    self.counts.append(setter.count if item.whole else None)
                    if len(self.counts) > k:
                        break
                elif item is None:
                    setter.hard_break()
                else:
                    setter.add(item)
        return self.counts[k] if k < len(self.counts) else None

    def more_than(self, most: int) -> bool:
        """Return whether the lines set before the last piece's end are more than ``most``
        (then so are the whole paragraph's); ``False`` says nothing."""
        seen = len(self.counts) - 1  # the pieces set so far
        while self.setter.count <= most and seen < self.pieces:
            self.lines(seen + 1)
            seen, before = len(self.counts) - 1, seen
            if seen == before:
                break  # the stream ended (it cannot, but must not loop forever)
        return self.setter.count > most


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
        self.aspects: dict[str, float] = {}
        """The width over the height of each icon's picture that could be had, by address:
        the fit's (an icon without one is a square stand-in). Set before measuring."""
        self.code_cache: dict[tuple[str, float, float], int] = {}
        """Each code line's wrapped line count, by size and width: a long block is re-measured
        many times while it is split."""

    def face(self, role: str, bold: bool = False, italic: bool = False, scale: float = 1.0) -> Face:
        """Return the face a role's text is drawn in (at ``scale`` times the size)."""
        font = getattr(self.theme.fonts, role)
        widen = font.bold_widen if bold and font.bold_widen is not None else font.widen
        return face(self.theme, self.families[role], bold, italic, scale * widen)

    def run_face(self, run: Run, role: str, bold: bool) -> Face:
        """Return the face ``run`` is drawn in, in a box of ``role`` (``bold`` for all of it):
        inline code in text is set at the theme's ``inline_code`` share of the size, and a
        superscript or subscript at ``SCRIPT_MEASURE`` of it; an icon in a line is its
        picture's width (``IconFace``), and a task box ``TASK_BOX_WIDTH``, which neither
        the theme's fonts nor its code font have."""
        if run.style.box:
            return BOX_FACE
        icon = run.style.icon
        if icon is not None:
            width, _ = inline_icon_box(self.aspects.get(icon.src), POINTS_PER_INCH)
            return IconFace(width)  # at 72 pt an inch is an em
        scale = SCRIPT_MEASURE if run.style.script is not None else 1.0
        if run.style.code and role != "code":
            scale *= self.theme.sizes.inline_code
            return self.face("code", bold or run.style.bold, run.style.italic, scale)
        return self.face(role, bold or run.style.bold, run.style.italic, scale)

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
        for word in self.stream_words(runs, role, bold):
            if word is None:
                yield tuple(line)
                line = []
            else:
                line.append(word)
        yield tuple(line)

    def stream_words(self, runs: Runs, role: str, bold: bool) -> Iterator[Word | None]:
        """Yield the words of ``runs`` one by one, measured, with ``None`` at each hard line
        break: a long text can be wrapped only as far as a box needs."""
        items = ((shown(run, role), self.run_face(run, role, bold)) for run in runs)
        return self.stream_items(items)  # type: ignore[return-value]

    def piece_items(
        self, pieces: Iterable[Runs], role: str, bold: bool
    ) -> Iterator[tuple[str, Face] | Mark]:
        """Yield the text of a paragraph's pieces, each in its face, with a ``Mark`` where each
        piece's text ends (before the white space ending its last run, which a paragraph cut
        there drops)."""
        for piece in pieces:
            for index, run in enumerate(piece):
                font = self.run_face(run, role, bold)
                drawn = shown(run, role)
                if index < len(piece) - 1:
                    yield drawn, font
                    continue
                text = drawn.rstrip()
                rest = drawn[len(text) :]
                yield text, font
                # Cut there, the last word ends there too only if white space followed it.
                yield CUT if rest and not rest.strip(" \t\n") else UNCUT
                yield rest, font

    def stream_items(
        self, items: Iterable[tuple[str, Face] | Mark]
    ) -> Iterator[Word | Mark | None]:
        """Yield the words of pieces of text, each in its face, passing marks through."""
        space = 0.0
        chars: list[float] = []
        text: list[str] = []
        icons: list[int] = []
        after = False  # whether a line may break after the last character (CJK)
        for item in items:
            if isinstance(item, Mark):
                if chars and item.whole:
                    yield Word(space, sum(chars), tuple(chars), "".join(text), tuple(icons))
                    space = 0.0
                    chars.clear()
                    text.clear()
                    icons.clear()
                yield item
                continue
            run_text, font = item
            for char in run_text:
                if (
                    char == "\n"
                    or char == " "
                    or char == "\t"
                    or char == BREAK
                    or (chars and after and breaks_before(char))
                ):
                    if chars:
                        yield Word(space, sum(chars), tuple(chars), "".join(text), tuple(icons))
                        space = 0.0
                        chars.clear()
                        text.clear()
                        icons.clear()
                    if char == "\n":
                        yield None
                        space = 0.0
                        continue
                    if char == BREAK:
                        continue  # the next word follows with no space, on this line if it fits
                    if char == " " or char == "\t":
                        space += font.char(" ") * (4 if char == "\t" else 1)
                        continue
                width = font.widths.get(char)
                if char == ICON and isinstance(font, IconFace):  # not a task's box
                    icons.append(len(chars))
                chars.append(font.char(char) if width is None else width)
                text.append(char)
                known = BREAKS_AFTER.get(char)
                if known is None:
                    known = BREAKS_AFTER[char] = breaks_after(char)
                after = known
        if chars:
            yield Word(space, sum(chars), tuple(chars), "".join(text), tuple(icons))

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
        self,
        runs: Runs,
        size: float,
        width: float,
        role: str = "body",
        bold: bool = False,
        most: int | None = None,
    ) -> Wrap:
        """Return how ``runs`` wrap at ``size`` points in ``width`` inches.

        With ``most``, wrapping may stop once the text takes more than ``most`` lines: the
        count is then only known to be more than ``most`` (and ``broken`` may be missed), and
        a long text not measured before is measured only that far.
        """
        limit = line_limit(size, width)
        if most is not None and (len(runs) > LAZY_RUNS or length(runs) > LAZY_CHARS):
            stream: Iterable[Word | None] = self.stream_words(runs, role, bold)
        else:
            stream = flat(self.words(runs, role, bold))
        return self.wrap_stream(stream, limit, most)

    def wrap_stream(self, stream: Iterable[Word | None], limit: float, most: int | None) -> Wrap:
        """Return how a stream of words (``None`` at hard line breaks) wraps in ``limit`` ems,
        stopping once it takes more than ``most`` lines, if given."""
        setter = Setter(limit)
        for word in stream:
            if word is None:
                setter.hard_break()
            elif setter.add(word) and most is not None and setter.count > most:
                break
        return Wrap(setter.count, setter.broken)

    def icon_places(
        self, runs: Runs, size: float, width: float, role: str = "body", bold: bool = False
    ) -> tuple[tuple[int, float], ...]:
        """Return where each icon inside the lines of ``runs`` (``Style.icon``) is set when
        they wrap at ``size`` points in ``width`` inches, in order: the line it is on,
        counted from 0, and how far from the line's start its word's room starts, in
        inches."""
        return self.icon_lines(runs, size, width, role, bold)[0]

    def icon_lines(
        self, runs: Runs, size: float, width: float, role: str = "body", bold: bool = False
    ) -> tuple[tuple[tuple[int, float], ...], tuple[float, ...]]:
        """Return where each icon inside the lines of ``runs`` is set (``icon_places``) and
        how wide each line they wrap to is, in inches, its spaces at a wrap left out: where
        a centred or right-aligned line (a title's, a table cell's) starts."""
        setter = Setter(line_limit(size, width))
        places: list[tuple[int, float]] = []
        widths: list[float] = [0.0]
        for word in flat(self.words(runs, role, bold)):
            if word is None:
                setter.hard_break()
                widths.append(0.0)
                continue
            setter.add(word)
            widths.extend([0.0] * (setter.count - len(widths)))
            widths[-1] = setter.used
            if word.icons:
                at = char_places(word, setter)
                places.extend((at[i][0], at[i][1] * size / POINTS_PER_INCH) for i in word.icons)
        return tuple(places), tuple(used * size / POINTS_PER_INCH for used in widths)

    def line_starts(
        self, runs: Runs, size: float, width: float, role: str = "body", bold: bool = False
    ) -> tuple[int, ...]:
        """Return where each line ``runs`` wrap to at ``size`` points in ``width`` inches
        starts but the first of each hard line, as offsets into their text as drawn (each
        run's ``shown``, joined): after a space that vanishes there, or inside a word wider
        than a line."""
        text = "".join(shown(run, role) for run in runs)
        setter = Setter(line_limit(size, width))
        at = 0
        for word in flat(self.words(runs, role, bold)):
            if word is None:
                at = text.index("\n", at) + 1
                setter.hard_break()
                continue
            at = text.index(word.text, at)  # only spaces and breaks lie before it
            setter.add(word, at)
            at += len(word.text)
        return tuple(setter.starts)

    def prefixes(self, pieces: Sequence[Runs], role: str, bold: bool, limit: float) -> Prefixes:
        """Return how many lines each start of a paragraph's ``pieces`` wraps to in ``limit``
        ems, worked out as far as asked (see ``Prefixes``)."""
        stream = self.stream_items(self.piece_items(pieces, role, bold))
        return Prefixes(stream, limit, len(pieces))

    def count_lines(
        self,
        runs: Runs,
        size: float,
        width: float,
        role: str = "body",
        bold: bool = False,
        most: int | None = None,
    ) -> int:
        """Return how many lines ``runs`` wrap to at ``size`` points in ``width`` inches (with
        ``most``, a count over ``most`` is only known to be more than ``most``)."""
        return self.wrap(runs, size, width, role, bold, most).lines

    def count_code_lines(self, text: str, size: float, width: float) -> list[int]:
        """Return how many lines each line of a code block takes, wrapped at the box's width."""
        return [self.count_code_line(line, size, width) for line in text.split("\n")]

    def count_code_line(self, line: str, size: float, width: float) -> int:
        """Return how many lines one line of code takes, wrapped at the box's width (cached:
        a long block is re-measured many times while it is split)."""
        key = (line, size, width)
        count = self.code_cache.get(key)
        if count is None:
            count = self.code_cache[key] = self.count_lines(
                (Run(line.expandtabs(4), CODE),), size, width, "code"
            )
        return count


def line_limit(size: float, width: float) -> float:
    """Return the width, in ems, text at ``size`` points may fill in a line ``width`` inches
    wide."""
    return max(width, 0.01) * POINTS_PER_INCH * WIDTH_SLACK / size


def char_places(word: Word, setter: Setter) -> list[tuple[int, float]]:
    """Return the line (from 0) and the place on it, in ems, of each character of ``word``,
    which ``setter`` has just set: all on its last line, unless it is wider than a line and
    broken inside, as ``Setter.add`` breaks it."""
    last = setter.count - 1
    whole = setter.used >= word.width - 1e-9  # a broken word's last piece is narrower
    places: list[tuple[int, float]] = []
    line, used = (last, setter.used - word.width) if whole else (0, 0.0)
    for char in word.chars:
        if not whole and used > 0 and used + char > setter.limit:
            line, used = line + 1, 0.0
        places.append((line, used))
        used += char
    if whole:
        return places
    return [(last - line + row, x) for row, x in places]


def length(runs: Runs) -> int:
    """Return how many characters ``runs`` hold."""
    return sum(len(run.text) for run in runs)


def flat(lines: tuple[tuple[Word, ...], ...]) -> Iterator[Word | None]:
    """Yield the words of hard lines, with ``None`` between lines."""
    for index, line in enumerate(lines):
        if index:
            yield None
        yield from line
