"""fit: text that no font on this machine draws, which the PDFs would show as empty boxes.

The slide PDF, the handouts, the answer key and the course book are drawn here, by WeasyPrint,
each character in the theme's fonts or else in the first installed font that has it
(``resources.system_fonts``). A character none of them has comes out as an empty box (tofu),
and nothing else would say so: Korean on a machine whose only CJK font lacks most Hangul
syllables, Ethiopic, Tibetan or Cherokee where no font has them, an emoji newer than the emoji
font. Each script of such characters warns once (``missing-glyphs``), at the first line one is
on, naming a few of them, how many there are, and which of the files asked for draw them as
boxes (what each draws: ``Surface``).

A deck is drawn by whatever opens it, in that machine's fonts, which the exporter cannot know:
a build of decks alone says nothing, and a warning about the PDFs of a build with a deck says
so.

A character is looked up in the theme's regular fonts first (their ``cmap``, which the fit
reads anyway), then in their other styles, and only if none has it in the machine's fonts, each
answer kept for the process: a lesson of Latin text costs a set of its characters (0.1 to 0.4
ms for the bundled lessons).
"""

from __future__ import annotations

import contextlib
import enum
import functools
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from exporter.errors import Diagnostic, warning
from exporter.geometry import (
    CodeFrame,
    Frame,
    HeadingFrame,
    ImageFrame,
    LaidOutDeck,
    PlacedSlide,
    TableFrame,
    TextFrame,
)
from exporter.measure import Face, face
from exporter.model import ICON, Block, Code, Question, Table, plain_text
from exporter.options import Output
from exporter.paper import NOTES, Edition
from exporter.resources import FONT_STYLES, MissingFont
from exporter.source import Page, decode
from exporter.theme import Theme, layout_files

SHOWN = 5
"""How many of a script's characters a warning names."""
IGNORED_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cs"})
"""Characters that are drawn as no glyph: spaces (which Pango makes from the font's space
where the font lacks them), line breaks, controls and format characters (joiners, direction
marks, the soft hyphen)."""
IGNORABLE = (
    (0x034F, 0x034F),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFFA0, 0xFFA0),
    (0xE0000, 0xE0FFF),
)
"""Unicode's default ignorable code points that are not format characters (variation
selectors, Hangul fillers, the combining grapheme joiner): shaped into the character before
them, or drawn as nothing, never as a box."""
COMBINING = frozenset({"Mn", "Mc", "Me"})
"""Marks, which are named by their code point: alone, one shows as nothing or a dotted circle."""
NO_SCRIPT = {"Zyyy", "Zinh", "Zzzz"}
"""Unicode's scripts that are no script (common, inherited, unknown): such characters are
named by what they are instead (``kind``)."""


class Surface(enum.Enum):
    """What an output draws of a lesson."""

    SLIDES = "slides"
    """The slides: titles, text, code, tables, a missing picture's caption, the footer."""
    NOTES = "notes"
    """The speaker notes (the notes handout, in the teacher's edition)."""
    ANSWERS = "answers"
    """The quiz's questions, options and explanations (the answer key)."""


@dataclass(frozen=True)
class Drawn:
    """Where a character no font has is drawn first, and on what."""

    line: int
    slide: int
    order: int
    """Its place among the characters found, for a stable order within a line."""
    surfaces: set[Surface]


def missing_glyphs(
    laid: LaidOutDeck,
    outputs: tuple[Output, ...],
    edition: Edition,
    pages: dict[int, Page],
    data: bytes,
) -> list[Diagnostic]:
    """Return a warning for each script of characters in ``laid`` that neither its theme's
    fonts nor this machine's draw, in the PDFs among ``outputs`` (``edition``'s).

    ``pages`` are the lesson's pages by their first lines, and ``data`` the lesson's bytes
    (its front matter too), where each character's line is looked up.
    """
    drawing = {output: surfaces_of(output, edition) for output in outputs}
    asked = [surface for surface in Surface if any(surface in d for d in drawing.values())]
    if not asked:  # a deck alone
        return []
    texts = [
        (placed, surface, "".join(slide_texts(placed, surface, laid)))
        for placed in laid.slides
        for surface in asked
    ]
    missing = undrawn(set().union(*(text for _, _, text in texts)), laid.theme)
    if not missing:
        return []
    lesson = Lesson(data)
    found: dict[str, Drawn] = {}
    for placed, surface, text in texts:
        here = missing.intersection(text)
        for char in sorted(here - found.keys(), key=text.index):
            line = line_of(char, placed.slide.line, pages, lesson)
            found[char] = Drawn(line, placed.number, len(found), set())
        for char in here:
            found[char].surfaces.add(surface)
    return [
        message_for(chars, found, drawing)
        for chars in by_script(sorted(found, key=lambda c: (found[c].line, found[c].order)))
    ]


def surfaces_of(output: Output, edition: Edition) -> set[Surface]:
    """Return what ``output`` draws of a lesson in this machine's fonts (nothing, for a deck
    or the index page's picture of the title slide)."""
    if output.format == "answers":
        return {Surface.ANSWERS}
    if output.format == "pdf":
        return {Surface.SLIDES}
    if output.format in ("handout", "book"):
        notes = output.layout == NOTES and edition is Edition.TEACHER
        return {Surface.SLIDES, Surface.NOTES} if notes else {Surface.SLIDES}
    return set()


def undrawn(chars: set[str], theme: Theme) -> set[str]:
    """Return those of ``chars`` that are drawn as empty boxes: neither ``theme``'s fonts nor
    the machine's have them, and they are not drawn as nothing (a space, a joiner)."""
    outside = chars - theme_chars(theme, REGULAR)
    if outside:  # the other styles' files are read only for what the regular ones lack
        outside -= theme_chars(theme, tuple(FONT_STYLES))
    if not outside:
        return outside
    from exporter.resources.system_fonts import coverage  # only for what the theme lacks

    machine = coverage()
    return {char for char in outside if not ignorable(char) and not machine.draws(ord(char))}


REGULAR = ((False, False),)
"""The regular style alone, as ``(bold, italic)``."""
THEME_CHARS: dict[tuple[Face, ...], frozenset[str]] = {}
"""The characters each set of a theme's faces has, once worked out."""


def theme_chars(theme: Theme, styles: tuple[tuple[bool, bool], ...]) -> frozenset[str]:
    """Return the characters one of ``theme``'s fonts (its template's layouts' too) has in
    one of ``styles``: the PDFs draw such a character in the theme's font (WeasyPrint gives
    Pango the theme's fonts, each of which it falls back on before the machine's)."""
    fonts = theme.fonts
    faces: list[Face] = []
    own = (fonts.body.file, fonts.heading.file, fonts.code.file)
    for family in dict.fromkeys((*own, *layout_files(theme))):
        for bold, italic in styles:
            with contextlib.suppress(MissingFont):
                faces.append(face(theme, family, bold, italic))
    key = tuple(faces)
    found = THEME_CHARS.get(key)
    if found is None:
        found = THEME_CHARS[key] = frozenset(map(chr, set().union(*(f.covered for f in faces))))
    return found


def ignorable(char: str) -> bool:
    """Return whether ``char`` is drawn as no glyph, whichever font has it (an icon in a
    line, ``ICON``, is drawn as its picture)."""
    code = ord(char)
    return (
        char == ICON
        or unicodedata.category(char) in IGNORED_CATEGORIES
        or any(low <= code <= high for low, high in IGNORABLE)
    )


def slide_texts(placed: PlacedSlide, surface: Surface, laid: LaidOutDeck) -> Iterator[str]:
    """Yield the text ``surface`` draws of one slide of ``laid``."""
    slide = placed.slide
    if surface is Surface.NOTES:
        yield slide.notes if placed.part == 1 else ""
    elif surface is Surface.ANSWERS:
        if laid.deck.quiz:  # else it has no answer key
            yield from (laid.deck.title, laid.deck.subtitle) if placed.number == 1 else ()
            yield from question_texts(slide.question)
            for block in slide.stem:  # the code or table the key shows its question with
                yield from block_texts(block)
    else:
        yield plain_text(slide.title)
        yield plain_text(slide.subtitle)
        yield laid.footer
        for frame in placed.frames:
            yield from frame_texts(frame)


def frame_texts(frame: Frame) -> Iterator[str]:
    """Yield the text one frame draws."""
    if isinstance(frame, TextFrame):
        yield from (plain_text(block.runs) for block in frame.blocks)
    elif isinstance(frame, HeadingFrame):
        yield plain_text(frame.runs)
    elif isinstance(frame, CodeFrame):
        yield frame.code.text
    elif isinstance(frame, TableFrame):
        for row in (frame.table.header, *frame.table.rows):
            yield from map(plain_text, row)
    elif isinstance(frame, ImageFrame) and frame.picture is None:  # its placeholder's caption
        yield frame.image.alt
        yield frame.image.src


def block_texts(block: Block) -> Iterator[str]:
    """Yield the text of the code or table ``block`` is (the key draws a question's words
    as ``question_texts`` and its pictures by no text)."""
    if isinstance(block, Code):
        yield block.text
    elif isinstance(block, Table):
        for row in (block.header, *block.rows):
            yield from map(plain_text, row)


def question_texts(question: Question | None) -> Iterator[str]:
    """Yield the text the answer key draws of ``question``."""
    if question is None:
        return
    yield plain_text(question.prompt)
    for option in question.options:
        yield plain_text(option.runs)
        yield plain_text(option.explanation or ())


class Lesson:
    """A lesson's text, read from its bytes when first needed."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    @functools.cached_property
    def text(self) -> str:
        """The lesson's text, its lines as the pages count them."""
        return decode(self.data)


def line_of(char: str, start: int, pages: dict[int, Page], lesson: Lesson) -> int:
    """Return the line ``char`` is first on in the page that starts on ``start``, else in
    the ``lesson`` (a title slide's or footer's, from the front matter), else ``start``."""
    page = pages.get(start)
    if page is not None and char in page.text:
        return page.line_of(char)
    at = lesson.text.find(char)
    return start if at < 0 else lesson.text.count("\n", 0, at) + 1


def by_script(chars: list[str]) -> Iterator[list[str]]:
    """Yield ``chars`` grouped by script (or kind, for those of none), in their order, each
    group where its first character is."""
    groups: dict[str, list[str]] = {}
    for char in chars:
        groups.setdefault(script_of(char), []).append(char)
    yield from groups.values()


def script_of(char: str) -> str:
    """Return the name of ``char``'s script, such as ``Hangul``, or of what it is."""
    from fontTools import unicodedata as scripts  # type: ignore[import-untyped]

    code = scripts.script(char)
    if code not in NO_SCRIPT:
        return str(scripts.script_name(code))
    return kind(char)


def kind(char: str) -> str:
    """Return what ``char``, of no script, is: a symbol (emoji too), a private-use code point,
    one this Python's Unicode data does not know (unassigned, or newer: an emoji of a later
    Unicode than Python's), a combining mark..."""
    category = unicodedata.category(char)
    if category == "Co":
        return "private-use"
    if category == "Cn":
        return "newer or unassigned"
    if category in COMBINING:
        return "combining"
    return "symbol" if category.startswith("S") else "other"


def shown(char: str) -> str:
    """Return how a warning names ``char``: quoted, or by its code point if it is a mark
    (which shows nothing alone) or of private use (which shows nothing anywhere else)."""
    if unicodedata.category(char) in (*COMBINING, "Co"):
        return f"U+{ord(char):04X}"
    return f"'{char}'"


def message_for(
    chars: list[str],
    found: dict[str, Drawn],
    drawing: dict[Output, set[Surface]],
) -> Diagnostic:
    """Return the warning for one script's ``chars``, at the first one's line."""
    first = found[chars[0]]
    surfaces = set().union(*(found[char].surfaces for char in chars))
    named = ", ".join(shown(char) for char in chars[:SHOWN])
    more = " …" if len(chars) > SHOWN else ""
    one = len(chars) == 1
    noun, them, boxes = (
        ("character", "it", "an empty box") if one else ("characters", "them", "empty boxes")
    )
    what = f"{named}{more} ({len(chars)} {script_of(chars[0])} {noun})"
    files = [ending(output) for output, draws in drawing.items() if draws & surfaces]
    show = "shows" if len(files) == 1 else "show"
    message = (
        f"no font on this machine has {what}, so {listed(files)} {show} {them} as {boxes}: "
        f"install a font that has {them}, or use a theme whose fonts do"
    )
    if any(output.format == "pptx" for output in drawing):
        message += " (the .pptx is drawn in the fonts of the machine it is opened on)"
    return warning("missing-glyphs", message, first.line, first.slide)


def ending(output: Output) -> str:
    """Return how a warning names the file of ``output``: its ending, or the course book."""
    return "the course book" if output.format == "book" else f"the .{output.extension}"


def listed(names: list[str]) -> str:
    """Return ``names`` as a list in words: ``a``, ``a and b``, ``a, b and c``."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
