"""fit: ``Deck`` → ``LaidOutDeck``, every box placed and every text box given its font size.

Text is measured with the theme's font files (``measure``). The policy, slide by slide:

1. The title takes up to two lines at the theme's title size, then shrinks to its minimum; a
   title longer than that gets a taller box and pushes the body down, with a warning.
2. The body takes the first *scale* at which it fits: the theme's sizes, then the body size
   shrinks in 2 pt steps to its minimum (code and table text shrink with it), then code and
   table text alone shrink on to their own minimums.
3. A body that does not fit at the last scale is split into as few continuation slides as it
   needs, balanced in height, all at the largest scale every part fits: between top-level
   blocks, a block that fits a slide moving whole to the next (a subheading or parent item
   going with it); only a block taller than a slide is divided where it stands: an item
   between its sub-items, code between lines, a table between rows (the header repeated),
   two columns side by side (both headings kept), a paragraph between sentences. Nothing is
   ever split inside a sentence.
4. Whatever still does not fit (one sentence taller than a slide, a word wider than its box)
   is reported as a warning naming the slide and its source line; what would run past the
   foot of its box (of a sentence, a line of code, a table row, a title, a column heading) is
   cut short with ``…`` (``shorten``), so that the deck and the PDF show the same text.

Splitting costs what the slides it makes hold, not what is left of the page for each of them:
a height is measured only as far as the room it is compared with (``stack_height``'s
``bound``), the part of a long block that fits is found by trying longer and longer starts,
and a paragraph's starts are wrapped once for all the tries (``measure.Prefixes``). A page
of 10,000 table rows or list items, or of 4,000 sentences, is so fitted in seconds.

The fit decides frames only: each picture is resampled to the size it is shown after it
(``resources.resample``).
"""

from __future__ import annotations

import itertools
import math
import re
import weakref
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any, Generic, TypeVar

from exporter.errors import Diagnostic, ExporterError, error, warning
from exporter.geometry import (
    CAPTION_INSET,
    CAPTION_SPACING,
    CELL_INSET,
    CODE_INSET,
    HEADING_INSET,
    LINE_HEIGHT,
    TEXT_INSET,
    Box,
    CodeFrame,
    Frame,
    HeadingFrame,
    ImageFrame,
    LaidOutDeck,
    PlacedSlide,
    TableFrame,
    TextBlock,
    TextFrame,
    caption_of,
    caption_sizes,
    indent_of,
    size_of,
    space_before,
)
from exporter.measure import POINTS_PER_INCH, WIDTH_SLACK, Measurer, Prefixes, line_limit
from exporter.model import (
    Block,
    Bullet,
    Code,
    Columns,
    Deck,
    Image,
    Layout,
    Paragraph,
    Run,
    Runs,
    Slide,
    Subheading,
    Table,
    continued,
    layout_of,
    plain_text,
)
from exporter.resources import Picture
from exporter.shorten import cut_block, cut_runs, longest
from exporter.theme import Theme

T = TypeVar("T")

MIN_IMAGE = 1.3
"""The least height an image shares a slide with, in inches."""
BESIDE_TEXT_SHARE = 0.55
"""The share of the body's width the text takes when an image stands beside it."""
BESIDE_GAIN = 1.15
"""How much larger an image must be shown beside the text than below it to go there."""
SIZE_STEP = 2.0
"""How much the body size shrinks at a time, in points."""
MIN_BODY = 1.5
"""The least height left for the body under a very long title, in inches."""
FOOTER_MIN = 9.0
"""The smallest footer size; a footer that does not fit at it is cut short."""
HEADING_MIN = 12.0
"""The smallest size of a column heading's label on one line."""
HEADING_LEAST = 9.0
"""The smallest size of a column heading's label on more lines."""
CAPTION_RANGE = (16.0, 6.0)
"""A missing image's caption: the largest and smallest size."""
SENTENCE_END = re.compile(
    r"[.!?][\"'\u2019\u201d)\]]*\s+(?=[A-Z0-9\"'\u2018\u201c(\[]|[^\x00-\u024f])|[\u3002\uff01\uff1f]"
)
"""Where a sentence ends: a paragraph taller than a slide may continue on the next there."""
ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "prof", "st", "vs", "no", "fig", "approx"})
"""Words whose full stop does not end a sentence."""
BALANCE_STEPS = 7
"""How many times the part height is halved between bounds when evening out a page's parts."""
MIN_ROOM = 0.25
"""The least room, as a share of the body, that a divided block starts in below other content."""
MIN_PIECES: dict[type, int] = {Code: 3, Table: 2}
"""The least lines of code or table rows left at the foot of a part before the rest moves on."""
NUMBER_GAP = 0.1
"""The room between a list number and its item's text, in inches."""
SNIPPET = 40
"""How many characters of a text a warning quotes."""
MAX_SLIDES = 1000
"""The most slides a lesson may make (the longest real lessons make about a hundred): past
it the fit stops, and the lesson is not exported (see ``limits``)."""
EPSILON = 1e-9
"""How far, in inches, a partial height must pass a bound before measuring stops: far more
than rounding in a sum of heights, far less than any length on a slide."""


@dataclass(frozen=True)
class Scale:
    """The sizes of one slide's body text, code and table text, in points."""

    body: float
    code: float
    table: float


def scales_of(theme: Theme) -> tuple[Scale, ...]:
    """Return the scales a slide may take, largest first."""
    sizes = theme.sizes

    def scaled(base: float, minimum: float, body: float) -> float:
        return max(minimum, round(base * body / sizes.body))

    found = []
    body = sizes.body
    while True:
        found.append(
            Scale(
                body,
                scaled(sizes.code, sizes.code_min, body),
                scaled(sizes.table, sizes.table_min, body),
            )
        )
        if body <= sizes.body_min:
            break
        body = max(body - SIZE_STEP, sizes.body_min)
    last = found[-1]
    code, table = last.code, last.table
    while code > sizes.code_min or table > sizes.table_min:
        code, table = max(code - 1, sizes.code_min), max(table - 1, sizes.table_min)
        found.append(Scale(last.body, code, table))
    return tuple(found)


@dataclass(frozen=True)
class Segment:
    """A run of blocks drawn in one frame: text blocks together, anything else alone."""

    blocks: tuple[Block, ...]

    @property
    def first(self) -> Block:
        """The segment's first block."""
        return self.blocks[0]


class Remembered(Generic[T]):
    """Values worked out from objects (and a key), remembered by the objects' identities.

    An entry is forgotten as soon as one of its objects is gone, so that a new object that
    gets its id is not taken for it, and nothing is kept alive for the sake of the cache.
    """

    def __init__(self) -> None:
        self.values: dict[tuple[tuple[int, ...], Hashable], tuple[T, list[weakref.ref[Any]]]]
        self.values = {}

    def get(self, objects: Sequence[object], key: Hashable) -> T | None:
        """Return the value remembered for ``objects`` and ``key``, if any."""
        found = self.values.get((tuple(map(id, objects)), key))
        return None if found is None else found[0]

    def put(self, objects: Sequence[object], key: Hashable, value: T) -> T:
        """Remember ``value`` for ``objects`` and ``key`` while they all live; return it."""
        entry = (tuple(map(id, objects)), key)

        def forget(_: object) -> None:
            self.values.pop(entry, None)

        self.values[entry] = (value, [weakref.ref(o, forget) for o in objects])
        return value


@dataclass(frozen=True)
class Cutter:
    """How a block divides between its pieces (code lines, table rows, sentences)."""

    count: int
    """How many pieces it has."""
    head: Callable[[int], Block]
    """The block of its first ``k`` pieces."""
    tail: Callable[[int], Block]
    """The block of its pieces after the first ``k``."""


@dataclass(frozen=True)
class TitleFit:
    """A content slide's title: its size and how tall its box must be."""

    size: float
    height: float
    lines: int


def fit_deck(
    deck: Deck, theme: Theme, pictures: Mapping[str, Picture]
) -> tuple[LaidOutDeck, tuple[Diagnostic, ...]]:
    """Return ``deck`` laid out on ``theme``'s slide, and warnings for text that overflows.

    Raises ``ExporterError`` when the deck would have more than ``MAX_SLIDES`` slides.
    """
    fitter = Fitter(theme, pictures)
    slides: list[PlacedSlide] = []
    firsts: list[int] = []
    for slide in deck.slides:
        firsts.append(len(slides) + 1)
        slides.extend(fitter.fit_slide(slide, len(slides) + 1))
        if len(slides) > MAX_SLIDES:
            raise too_many_slides(slide.line)
    footer, footer_size = fitter.footer(" · ".join(p for p in (deck.title, deck.subtitle) if p))
    grid = theme.slide
    content = grid.width - 2 * grid.margin
    return (
        LaidOutDeck(
            deck,
            theme,
            tuple(slides),
            tuple(firsts),
            footer,
            Box(grid.margin, grid.footer_top, content - 1.2, grid.footer_height),
            Box(grid.width - grid.margin - 1.0, grid.footer_top, 1.0, grid.footer_height),
            footer_size,
        ),
        tuple(fitter.diagnostics),
    )


def too_many_slides(line: int) -> ExporterError:
    """Return the error for a lesson of more than ``MAX_SLIDES`` slides."""
    message = (
        f"the lesson makes more than {MAX_SLIDES:,} slides (the page at line {line} goes "
        f"past them); split it into several lessons"
    )
    return ExporterError(error("too-many-slides", message, line))


def grows(block: Block) -> bool:
    """Return whether ``block`` takes a share of a slide's spare height: an image, or columns
    holding one (which shares it out in its column)."""
    if isinstance(block, Columns):
        return any(isinstance(b, Image) for b in (*block.left.blocks, *block.right.blocks))
    return isinstance(block, Image)


def shown_area(aspect: float, width: float, height: float) -> float:
    """Return the area of an image of ``aspect`` (width / height) fitted into a box."""
    if width <= 0 or height <= 0:
        return 0.0
    shown = min(width, height * aspect)
    return shown * shown / aspect


def segments(blocks: Sequence[Block]) -> list[Segment]:
    """Return ``blocks`` grouped into frames: consecutive text blocks share one."""
    groups: list[list[Block]] = []
    for block in blocks:
        text = isinstance(block, TextBlock)
        if text and groups and isinstance(groups[-1][-1], TextBlock):
            groups[-1].append(block)
        else:
            groups.append([block])
    return [Segment(tuple(group)) for group in groups]


def depth(block: Block) -> int:
    """Return how deep in a list a block sits (0 outside lists)."""
    return block.level if isinstance(block, Bullet | Paragraph | Code) else 0


def units(blocks: Sequence[Block]) -> list[list[Block]]:
    """Return ``blocks`` cut before each block at the shallowest depth: an item keeps its
    nested content."""
    if not blocks:
        return []
    base = min(depth(block) for block in blocks)
    cut: list[list[Block]] = []
    for block in blocks:
        if cut and depth(block) > base:
            cut[-1].append(block)
        else:
            cut.append([block])
    return cut


def sentence_ends(text: str) -> list[int]:
    """Return the offsets in ``text`` where a sentence after the first begins.

    A sentence ends at ``.``, ``!`` or ``?`` (closing quotes and brackets kept with it) before
    white space and a capital, a digit or an opening quote; or at an ideographic full stop. A
    word with a full stop inside it (``e.g.``, ``U.S.``) is an abbreviation, not an end.
    """
    ends = []
    for match in SENTENCE_END.finditer(text):
        word = word_before(text, match.start())
        if "." in word.rstrip(".") or word.lower().rstrip(".") in ABBREVIATIONS:
            continue
        ends.append(match.end())
    return ends


def word_before(text: str, end: int) -> str:
    """Return the last word of ``text[:end]`` (white space after it skipped; ``""`` if none),
    looking no further back than that word."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def sentences(runs: Runs) -> list[Runs]:
    """Return ``runs`` cut where sentences begin (the space after a sentence stays with it)."""
    cuts = [*sentence_ends(plain_text(runs)), -1]
    found: list[list[Run]] = [[]]
    start = 0
    next_cut = 0
    for run in runs:
        at = 0
        while cuts[next_cut] >= 0 and cuts[next_cut] <= start + len(run.text):
            cut = cuts[next_cut] - start
            next_cut += 1
            if cut > at:
                found[-1].append(Run(run.text[at:cut], run.style))
            found.append([])
            at = cut
        if at < len(run.text):
            found[-1].append(Run(run.text[at:], run.style))
        start += len(run.text)
    return [tuple(piece) for piece in found if piece]


def joined(pieces: Sequence[Runs]) -> Runs:
    """Return sentences joined into one paragraph's runs, the trailing space dropped."""
    runs = list(itertools.chain.from_iterable(pieces))
    last = runs[-1]
    runs[-1] = Run(last.text.rstrip(), last.style)
    return tuple(runs)


def bounded_sum(values: Iterable[float], bound: float) -> float:
    """Return the sum of ``values``, or, once a partial sum passes ``bound``, that partial
    sum (the rest is never asked for)."""
    seen = []
    running = 0.0
    for value in values:
        seen.append(value)
        running += value
        if running > bound + EPSILON:
            return running
    return sum(seen)


def flatten(groups: Sequence[Sequence[Block]]) -> list[Block]:
    """Return groups of blocks as one list."""
    return [block for group in groups for block in group]


def orphans(current: list[Block], following: Sequence[Block]) -> list[Block]:
    """Remove and return what must not end a part before ``following``: subheadings, and
    parent items whose sub-items go on in the next part (the part's first block stays)."""
    taken: list[Block] = []
    while len(current) > 1:
        last, nxt = current[-1], (taken or list(following))[0]
        if isinstance(last, Subheading) or (
            isinstance(last, Bullet | Paragraph) and depth(nxt) > depth(last)
        ):
            taken.insert(0, current.pop())
        else:
            break
    return taken


def snippet(text: str) -> str:
    """Return the start of ``text`` for a message."""
    text = " ".join(text.split())
    return text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"


class Fitter:
    """Lays out slides on one theme, collecting warnings."""

    def __init__(self, theme: Theme, pictures: Mapping[str, Picture]) -> None:
        self.theme = theme
        self.pictures = pictures
        self.diagnostics: list[Diagnostic] = []
        self.measure = Measurer(theme)
        # Heights and widths already measured, by the ids of what they measure (kept alive
        # beside them, so that an id stays theirs): splitting a page asks again and again.
        # Heights of blocks splitting makes are forgotten with them, as are the lines and
        # sentences of the rest of a divided block: a long page leaves no trail of copies.
        self.heights: Remembered[float] = Remembered()
        self.rows: dict[tuple[int, bool, float, tuple[float, ...]], tuple[float, object]] = {}
        self.widths: dict[tuple[int, float, float], tuple[tuple[float, ...], object]] = {}
        self.tables: dict[int, Table] = {}
        """Each table of the slide being fitted, by its header's id, which its pieces share."""
        self.lines: Remembered[Sequence[str]] = Remembered()
        """Each code block's lines: the rest of a divided block keeps its lines."""
        self.pieces: Remembered[Sequence[Runs]] = Remembered()
        """Each paragraph's sentences: the rest of a divided one keeps its own."""
        self.starts: Remembered[tuple[Bullet | Paragraph, int]] = Remembered()
        """The start of a divided paragraph: which paragraph, and how many sentences."""
        self.prefixes: Remembered[dict[tuple[float, bool], Prefixes]] = Remembered()
        """The lines of each start of a divided paragraph, by its width in ems."""
        self.least: dict[tuple[int, bool], tuple[tuple[float, ...], object]] = {}
        """The widest word of each cell of a row, in ems, by the row's id."""
        self.least_after: dict[int, tuple[list[tuple[float, ...]], Table]] = {}
        """For each table, by its id: the widest word of each column from each row on."""
        self.scales = scales_of(theme)
        grid = theme.slide
        self.content = Box(
            grid.margin,
            grid.body_top,
            grid.width - 2 * grid.margin,
            grid.body_bottom - grid.body_top,
        )

    # Slides.

    def fit_slide(self, slide: Slide, number: int) -> list[PlacedSlide]:
        """Return ``slide`` placed, as one slide or as its page's continuation slides."""
        if slide.layout is Layout.TITLE:
            return [self.place_title_slide(slide, number)]
        self.tables = {id(table.header): table for table in tables_in(slide.body)}
        title = self.title_fit(slide.title, number, slide.line)
        area = self.body_area(title)
        parts = self.split(slide, area)
        later = title
        if len(parts) > 1:
            later = self.title_fit(continued(slide.title))
            if later.height > title.height:
                # The continued title needs a taller box: every part keeps room for it.
                area = self.body_area(later)
                parts = self.split(slide, area)
        index = max(self.scale_index(part.body, area) for part in parts)
        placed = []
        for part_number, part in enumerate(parts, start=1):
            fit = title if part_number == 1 else later
            placed.append(
                self.place(
                    part, number + part_number - 1, index, area, fit, part_number, len(parts)
                )
            )
        return placed

    def body_area(self, title: TitleFit) -> Box:
        """Return the body's area under a title (lower when the title needs a taller box)."""
        grid = self.theme.slide
        extra = max(0.0, title.height - grid.title_height)
        extra = min(extra, max(0.0, self.content.h - MIN_BODY))
        return replace(self.content, y=self.content.y + extra, h=self.content.h - extra)

    def title_fit(self, title: Runs, number: int = 0, line: int = 0) -> TitleFit:
        """Return the largest title size, down to the minimum, at which it takes two lines.

        With ``number``, a title longer than two lines at the minimum is reported.
        """
        sizes = self.theme.sizes
        width = self.content.w - 2 * TEXT_INSET[0]
        size = sizes.title
        lines = self.measure.count_lines(title, size, width, "heading", bold=True)
        while size > sizes.title_min and lines > 2:
            size = max(size - SIZE_STEP, sizes.title_min)
            lines = self.measure.count_lines(title, size, width, "heading", bold=True)
        height = self.lines_height(lines, size) + 2 * TEXT_INSET[1]
        if number and lines > 2:
            # The body keeps ``MIN_BODY``: a title taller than the rest is cut short (``place``).
            grid = self.theme.slide
            room = self.content.y + max(0.0, self.content.h - MIN_BODY) - grid.title_top - 0.1
            cut = ", and is cut short" if height > room + EPSILON else ""
            message = (
                f"the title of slide {number} takes {lines} lines even at {size:g} pt and "
                f"pushes the text down{cut}; shorten it to two lines"
            )
            excerpt = plain_text(title)
            self.diagnostics.append(warning("overflow", message, line, number, excerpt))
        return TitleFit(size, height, lines)

    def scale_index(self, blocks: Sequence[Block], area: Box) -> int:
        """Return the index of the first scale at which ``blocks`` fit ``area`` (else the last)."""
        for index, scale in enumerate(self.scales):
            if self.body_fits(blocks, scale, area):
                return index
        return len(self.scales) - 1

    def split(self, slide: Slide, area: Box) -> list[Slide]:
        """Return ``slide``, or its parts when it does not fit at the smallest scale.

        The parts are as few as fit and as even in height as that number allows; each part
        after the first repeats the title marked as continued.
        """
        scale = self.scales[-1]
        if self.body_fits(slide.body, scale, area):
            return [slide]
        parts = self.flow(slide.body, area.h, area.h, scale, area.w, MAX_SLIDES)
        if len(parts) > MAX_SLIDES:
            raise too_many_slides(slide.line)
        total = self.stack_height(slide.body, scale, area.w)
        # The least part height at which the page still takes no more parts, every part
        # within it, found by bisection.
        low, high = total / len(parts) / 2, area.h
        for _ in range(BALANCE_STEPS):
            middle = (low + high) / 2
            balanced = self.flow(slide.body, middle, area.h, scale, area.w)
            tallest = max(self.stack_height(part, scale, area.w) for part in balanced)
            if len(balanced) <= len(parts) and tallest <= middle:
                high, parts = middle, balanced
            else:
                low = middle
        return [
            replace(
                slide,
                layout=layout_of(tuple(part)),
                title=slide.title if index == 0 else continued(slide.title),
                body=tuple(part),
            )
            for index, part in enumerate(parts)
        ]

    def flow(
        self,
        blocks: Sequence[Block],
        limit: float,
        page: float,
        scale: Scale,
        width: float,
        most: float = math.inf,
    ) -> list[list[Block]]:
        """Return ``blocks`` poured in order into parts no taller than ``limit``.

        A unit (a top-level block with its nested content) that fits a ``page`` of its own
        moves whole to the next part when it does not fit this one, taking along a heading
        or a parent item that would be left alone at the foot. A unit taller than a page
        fills the room left and goes on in the next part; one that cannot be divided goes
        alone (and overflows, with a warning). Pouring stops once more than ``most`` parts
        are full.
        """
        parts: list[list[Block]] = [[]]
        queue = deque(units(blocks))
        while queue and len(parts) <= most + 1:  # all but the last part hold something
            unit = queue.popleft()
            current = parts[-1]

            def fits(head: Sequence[Block], current: list[Block] = current) -> bool:
                return self.stack_height([*current, *head], scale, width, limit) <= limit

            if fits(unit):
                current.extend(unit)
                continue
            tall = self.stack_height(unit, scale, width, page) > page
            room = limit - self.stack_height(current, scale, width, limit)
            if tall and (not current or room >= MIN_ROOM * limit):
                gap = self.theme.slide.gap if current else 0.0
                head, tail = self.divide(unit, fits, scale, width, room - gap, fresh=not current)
                if head:
                    current.extend(head)
                    if tail:
                        queue.appendleft(tail)
                    parts.append([])
                    continue
            if not current:
                current.extend(unit)
            else:
                queue.appendleft([*orphans(current, unit), *unit])
            parts.append([])
        return [part for part in parts if part]

    def divide(
        self,
        unit: Sequence[Block],
        fits: Callable[[Sequence[Block]], bool],
        scale: Scale,
        width: float,
        room: float,
        fresh: bool,
    ) -> tuple[list[Block], list[Block]]:
        """Return the longest start of ``unit`` that ``fits`` (``room`` tall at most), and the
        rest.

        ``fresh`` says whether the start would begin a part; a start that does not is only
        taken when it is worth it: more than a parent item alone, a few lines of code, a
        couple of table rows. The head is empty when no start is worth taking.
        """
        first, rest = unit[0], list(unit[1:])
        if not fits([first]):
            # The unit's first block alone is too tall: divide it, its nested content after.
            head, tail = self.divide_block(first, fits, scale, width, room, fresh)
            return head, [*tail, *rest] if head else list(unit)
        if not rest:
            return [first], []
        subs = units(rest)
        taken = longest(len(subs), lambda k: fits([first, *flatten(subs[:k])]))
        head = [first, *flatten(subs[:taken])]
        if taken == len(subs):
            return head, []
        more, tail = self.divide(
            subs[taken], lambda h: fits([*head, *h]), scale, width, room, fresh=False
        )
        if not more and taken == 0 and not fresh:
            return [], list(unit)
        return [*head, *more], [*tail, *flatten(subs[taken + 1 :])]

    def divide_block(
        self,
        block: Block,
        fits: Callable[[Sequence[Block]], bool],
        scale: Scale,
        width: float,
        room: float,
        fresh: bool,
    ) -> tuple[list[Block], list[Block]]:
        """Return the longest start of one block that ``fits``, and the rest."""
        if isinstance(block, Columns):
            return self.divide_columns(block, fits, scale, width, room)
        cutter = self.cutter(block)
        if cutter is None:
            return [], [block]
        least = 1 if fresh else MIN_PIECES.get(type(block), 1)
        taken = longest(cutter.count - 1, lambda k: fits([cutter.head(k)]))
        # Leave no scrap behind either: the rest keeps as much as a start must have.
        taken = min(taken, cutter.count - MIN_PIECES.get(type(block), 1))
        if taken < least:
            return [], [block]
        return [cutter.head(taken)], [cutter.tail(taken)]

    def cutter(self, block: Block) -> Cutter | None:
        """Return how ``block`` divides: into how many pieces, its start up to piece ``k``
        and the rest after it (which remembers its pieces, to be divided again cheaply)."""
        if isinstance(block, Code):
            lines = self.code_lines(block)

            def rest_of_code(k: int) -> Block:
                rest = replace(block, text="\n".join(lines[k:]))
                self.lines.put((rest,), (), lines[k:])
                return rest

            return Cutter(
                len(lines), lambda k: replace(block, text="\n".join(lines[:k])), rest_of_code
            )
        if isinstance(block, Table):
            rows = block.rows
            return Cutter(
                len(rows),
                lambda k: replace(block, rows=rows[:k]),
                lambda k: replace(block, rows=rows[k:]),
            )
        if isinstance(block, Bullet | Paragraph):
            pieces = self.sentences_of(block)
            # The first piece keeps the bullet; the rest continue under its text.
            level = block.level + 1 if isinstance(block, Bullet) else block.level

            def rest_of_text(k: int) -> Block:
                rest = Paragraph(joined(pieces[k:]), level)
                self.pieces.put((rest,), (), pieces[k:])
                return rest

            def start_of_text(k: int) -> Block:
                start = replace(block, runs=joined(pieces[:k]))
                self.starts.put((start,), (), (block, k))
                return start

            return Cutter(len(pieces), start_of_text, rest_of_text)
        return None

    def sentences_of(self, block: Bullet | Paragraph) -> Sequence[Runs]:
        """Return a paragraph's sentences (remembered, for the rest of a divided one too)."""
        known = self.pieces.get((block,), ())
        if known is None:
            known = self.pieces.put((block,), (), sentences(block.runs))
        return known

    def divide_columns(
        self,
        columns: Columns,
        fits: Callable[[Sequence[Block]], bool],
        scale: Scale,
        width: float,
        room: float,
    ) -> tuple[list[Block], list[Block]]:
        """Return the start of two columns that ``fits`` in ``room`` (both headings kept), and
        the rest."""
        grid = self.theme.slide
        side = (width - grid.column_gap) / 2
        inner = room - grid.column_heading_height - grid.gap
        sides = (columns.left, columns.right)
        for share in (1.0, 0.95, 0.85, 0.7, 0.5):
            limit = inner * share
            flows = [self.flow(c.blocks, limit, limit, scale, side) for c in sides]
            heads = [tuple(parts[0]) if parts else () for parts in flows]
            if not any(heads):
                break
            head = Columns(*(replace(c, blocks=h) for c, h in zip(sides, heads, strict=True)))
            if fits([head]):
                tails = [tuple(flatten(parts[1:])) for parts in flows]
                tail = Columns(*(replace(c, blocks=b) for c, b in zip(sides, tails, strict=True)))
                return [head], [tail]
        return [], [columns]

    # Placement.

    def place(
        self,
        slide: Slide,
        number: int,
        index: int,
        area: Box,
        title: TitleFit,
        part: int,
        parts: int,
    ) -> PlacedSlide:
        """Return a content slide with its boxes placed, its body at scale ``index``."""
        grid = self.theme.slide
        scale = self.scales[index]
        title_box = Box(
            grid.margin, grid.title_top, self.content.w, max(grid.title_height, title.height)
        )
        title_box = replace(title_box, h=min(title_box.h, area.y - grid.title_top - 0.1))
        title_runs = self.cut_text(slide.title, title.size, title_box, "heading")
        if part == 1:
            width = title_box.w - 2 * TEXT_INSET[0]
            self.check_words(title_runs, title.size, width, number, slide.line, "heading")
        if title_runs != slide.title:
            slide = replace(slide, title=title_runs)
        if not self.body_fits(slide.body, scale, area):
            self.report_overflow(slide, scale, area, number)
            slide = replace(slide, body=tuple(self.cut_to_fit(slide.body, scale, area)))
        rule_y = title_box.y + title_box.h + 0.08
        rule = Box(grid.margin + TEXT_INSET[0], rule_y, 1.4, 0.06)
        frames = tuple(
            self.check_frame(frame, number, slide.line)
            for frame in self.arrange(slide.body, scale, area)
        )
        return PlacedSlide(
            slide,
            number,
            title_box,
            title.size,
            frames,
            rule=rule,
            part=part,
            parts=parts,
            shrunk=index > 0,
            body_size=scale.body,
        )

    def place_title_slide(self, slide: Slide, number: int) -> PlacedSlide:
        """Return the title slide: the lesson's title above a rule, the subtitle below."""
        grid, sizes = self.theme.slide, self.theme.sizes
        box = Box(grid.margin, 1.5, self.content.w, 2.6)
        size = self.largest_size(slide.title, sizes.deck_title, sizes.title_min, box, "heading")
        title = self.cut_text(slide.title, size, box, "heading")
        if title != slide.title:
            message = (
                f"the lesson's title does not fit the title slide even at {size:g} pt, so it "
                f"is cut short; shorten it"
            )
            self.diagnostics.append(warning("overflow", message, slide.line, number))
        rule = Box(grid.margin + TEXT_INSET[0], 4.3, 2.0, 0.08)
        subtitle = Box(grid.margin, 4.55, self.content.w, 0.8)
        subtitle_size = self.largest_size(slide.subtitle, sizes.subtitle, 12.0, subtitle, "body")
        below = self.cut_text(slide.subtitle, subtitle_size, subtitle, "body")
        if below != slide.subtitle:
            message = (
                f"the lesson's section and number do not fit the title slide even at "
                f"{subtitle_size:g} pt, so they are cut short; shorten them"
            )
            self.diagnostics.append(warning("overflow", message, slide.line, number))
        slide = replace(slide, title=title, subtitle=below)
        return PlacedSlide(slide, number, box, size, (), subtitle, subtitle_size, rule)

    def largest_size(self, runs: Runs, size: float, least: float, box: Box, role: str) -> float:
        """Return the largest size, from ``size`` down to ``least`` in whole points, at which
        ``runs`` fit ``box``'s height (``least`` when none does)."""
        while size > least and self.text_box_height(runs, size, box.w, role) > box.h:
            size = max(size - 1, least)
        return size

    def text_box_height(self, runs: Runs, size: float, width: float, role: str) -> float:
        """Return the height of a text box ``width`` wide holding ``runs`` (headings bold)."""
        inner = width - 2 * TEXT_INSET[0]
        lines = self.measure.count_lines(runs, size, inner, role, bold=role == "heading")
        return self.lines_height(lines, size) + 2 * TEXT_INSET[1]

    def footer(self, text: str) -> tuple[str, float]:
        """Return the footer's text and size: one line, shrunk, then cut short with ``…``."""
        grid, sizes = self.theme.slide, self.theme.sizes
        width = grid.width - 2 * grid.margin - 1.2 - 2 * TEXT_INSET[0]
        size = sizes.footer

        def lines(candidate: str, at: float) -> int:
            return self.measure.count_lines((Run(candidate),), at, width, most=1)

        while size > FOOTER_MIN and lines(text, size) > 1:
            size -= 1
        if lines(text, size) == 1:
            return text, size
        # The most words that fit on the line with an ellipsis after them; else the most
        # characters of the first word.
        words = text.split(" ")
        kept = longest(len(words) - 1, lambda k: lines(" ".join(words[:k]) + " …", size) == 1)
        if kept:
            return " ".join(words[:kept]) + " …", size
        first = words[0]
        kept = longest(len(first) - 1, lambda k: lines(first[:k] + "…", size) == 1)
        return first[: max(kept, 1)] + "…", size

    @staticmethod
    def lines_height(lines: int, size: float, spacing: float = 1.0) -> float:
        """Return the height of ``lines`` lines of text at ``size``, in inches."""
        return lines * size * LINE_HEIGHT * spacing / POINTS_PER_INCH

    # Heights, in inches, of content at a scale and width.

    def stack_height(
        self, blocks: Sequence[Block], scale: Scale, width: float, bound: float = math.inf
    ) -> float:
        """Return the height of ``blocks`` stacked with gaps (images at their least height).

        Measuring stops once the height passes ``bound``: what is returned is then only known
        to be more than ``bound``. Asking whether the rest of a long page fits a slide so
        costs a slide's worth of measuring, not the page's.
        """
        parts: list[float] = []
        gap = self.theme.slide.gap
        running = 0.0
        for segment in segments(blocks):
            running += gap if parts else 0.0
            parts.append(self.segment_height(segment, scale, width, bound - running))
            running += parts[-1]
            if running > bound + EPSILON:
                return running
        return sum(parts) + gap * max(0, len(parts) - 1)

    def segment_height(
        self, segment: Segment, scale: Scale, width: float, bound: float = math.inf
    ) -> float:
        """Return the height one frame needs (remembered: splitting asks again and again),
        or, past ``bound``, a height only known to be more than ``bound``."""
        key = (scale, width)
        known = self.heights.get(segment.blocks, key)
        if known is not None:
            return known
        height = self.measure_segment(segment, scale, width, bound)
        if height <= bound + EPSILON or bound == math.inf:
            self.heights.put(segment.blocks, key, height)
        return height

    def measure_segment(
        self, segment: Segment, scale: Scale, width: float, bound: float = math.inf
    ) -> float:
        """Return the height one frame needs, measured (no further than ``bound``)."""
        block = segment.first
        if isinstance(block, Code):
            return self.code_height(block, scale.code, width, bound)
        if isinstance(block, Table):
            if scale.table > self.theme.sizes.table_min and self.cramped(block, scale.table, width):
                return math.inf  # its longest words would break: try smaller text first
            return bounded_sum(self.iter_row_heights(block, scale.table, width), bound)
        if isinstance(block, Image):
            return MIN_IMAGE
        if isinstance(block, Columns):
            return self.columns_height(block, scale, width, bound)
        blocks: Sequence[TextBlock] = segment.blocks  # type: ignore[assignment]
        return self.blocks_height(blocks, scale.body, width, bound)

    def text_width(self, block: TextBlock, width: float, hanging: float | None) -> float:
        """Return the width a paragraph's lines have in a text box ``width`` wide."""
        margin, _ = indent_of(block, self.theme, hanging)
        return width - 2 * TEXT_INSET[0] - margin

    def hanging(self, blocks: Sequence[TextBlock], size: float) -> float | None:
        """Return the hanging indent a box needs for numbers of two digits or more, if any."""
        numbers = [b.number for b in blocks if isinstance(b, Bullet) and b.number is not None]
        if not numbers or max(numbers) < 10:
            return None
        label = (Run(f"{max(numbers)}."),)
        width = self.measure.natural(label, bold=True) * size / POINTS_PER_INCH + NUMBER_GAP
        return max(self.theme.bullets.hanging, width)

    def blocks_height(
        self, blocks: Sequence[TextBlock], size: float, width: float, bound: float = math.inf
    ) -> float:
        """Return the height of a text frame holding ``blocks`` (measured no further than
        ``bound``, see ``stack_height``)."""
        height = 2 * TEXT_INSET[1]
        spacing = self.theme.sizes.line_spacing
        hanging = self.hanging(blocks, size)
        for index, block in enumerate(blocks):
            own = size_of(block, size)
            bold = isinstance(block, Subheading)
            most = None
            if bound < math.inf:
                room = max(0.0, bound + EPSILON - height)
                most = int(room / self.lines_height(1, own, spacing)) + 1
            inner = self.text_width(block, width, hanging)
            lines = self.start_lines(block, own, inner, bold)
            if lines is None and most is not None and self.more_lines(block, own, inner, most):
                lines = most + 1
            if lines is None:
                lines = self.measure.count_lines(block.runs, own, inner, bold=bold, most=most)
            height += self.lines_height(lines, own, spacing)
            height += space_before(block, index == 0, size, self.theme) / POINTS_PER_INCH
            if height > bound + EPSILON:
                break
        return height

    def start_lines(self, block: TextBlock, size: float, width: float, bold: bool) -> int | None:
        """Return the lines of the start of a divided paragraph, from the lines of each start
        of that paragraph (``None`` for any other block)."""
        start = self.starts.get((block,), ())
        if start is None:
            return None
        whole, count = start
        return self.prefixes_of(whole, size, width, bold).lines(count)

    def more_lines(self, block: TextBlock, size: float, width: float, most: int) -> bool:
        """Return whether a paragraph being divided is known to take more than ``most``
        lines, from the lines of its starts (the rest of a long paragraph is so measured
        only as far as a slide, and once for its starts too)."""
        if isinstance(block, Subheading) or self.pieces.get((block,), ()) is None:
            return False
        return self.prefixes_of(block, size, width, False).more_than(most)

    def prefixes_of(
        self, block: Bullet | Paragraph, size: float, width: float, bold: bool
    ) -> Prefixes:
        """Return the lines of each start of a paragraph at ``size`` in ``width``."""
        found = self.prefixes.get((block,), ())
        if found is None:
            found = self.prefixes.put((block,), (), {})
        key = (line_limit(size, width), bold)
        if key not in found:
            pieces = self.sentences_of(block)
            found[key] = self.measure.prefixes(pieces, "body", bold, key[0])
        return found[key]

    def code_height(self, code: Code, size: float, width: float, bound: float = math.inf) -> float:
        """Return the height of a code box (measured no further than ``bound``)."""
        inner = width - 2 * CODE_INSET - self.code_indent(code)
        lines = 0
        for line in self.code_lines(code):
            lines += self.measure.count_code_line(line, size, inner)
            if self.lines_height(lines, size) + 2 * CODE_INSET > bound + EPSILON:
                break
        return self.lines_height(lines, size) + 2 * CODE_INSET

    def code_lines(self, code: Code) -> Sequence[str]:
        """Return the lines of a code block (remembered, for the rest of a divided block too)."""
        known = self.lines.get((code,), ())
        if known is None:
            known = self.lines.put((code,), (), code.text.split("\n"))
        return known

    def code_indent(self, code: Code) -> float:
        """Return how far a code block nested in a list sits from the left, in inches."""
        bullets = self.theme.bullets
        return 0.0 if code.level == 0 else bullets.hanging + (code.level - 1) * bullets.indent

    def row_heights(self, table: Table, size: float, width: float) -> list[float]:
        """Return the height of each row of a table, header first."""
        return list(self.iter_row_heights(table, size, width))

    def iter_row_heights(self, table: Table, size: float, width: float) -> Iterator[float]:
        """Yield the height of each row of a table, header first, as far as asked."""
        widths = self.column_widths(table, size, width)
        yield self.row_height(table.header, True, size, widths)
        for row in table.rows:
            yield self.row_height(row, False, size, widths)

    def row_height(
        self, row: tuple[Runs, ...], header: bool, size: float, widths: tuple[float, ...]
    ) -> float:
        """Return one table row's height (remembered: a split table's rows are its own)."""
        key = (id(row), header, size, widths)
        known = self.rows.get(key)
        if known is None:
            lines = max(
                self.measure.count_lines(cell, size, w - 2 * CELL_INSET[0], bold=header)
                for cell, w in zip(row, widths, strict=True)
            )
            known = self.rows[key] = (self.lines_height(lines, size) + 2 * CELL_INSET[1], row)
        return known[0]

    def column_widths(self, table: Table, size: float, width: float) -> tuple[float, ...]:
        """Return each table column's width, as browsers share a table's width out.

        A column's natural width holds its longest cell on one line; its least width holds
        its longest word. When the natural widths fit, spare width is shared in proportion
        to them; when they do not, each column gets its least width and a share of the rest
        in proportion to what it lacks. The pieces of a split table keep the widths of the
        whole table (they share its header), so its columns do not move from slide to slide.
        """
        whole = self.tables.get(id(table.header), table)
        key = (id(whole), size, width)
        known = self.widths.get(key)
        if known is None:
            known = self.widths[key] = (self.share_width(whole, size, width), whole)
        return known[0]

    def share_width(self, table: Table, size: float, width: float) -> tuple[float, ...]:
        """Return the column widths of ``table``, measured (see ``column_widths``)."""
        pad = 2 * CELL_INSET[0]
        per_em = size / POINTS_PER_INCH / WIDTH_SLACK
        natural = []
        for column in range(len(table.header)):
            cells = [(row[column], n == 0) for n, row in enumerate((table.header, *table.rows))]
            natural.append(max(self.measure.natural(c, bold=b) for c, b in cells) * per_em + pad)
        least = self.least_widths(table, size)
        if sum(natural) <= width:
            return tuple(width * n / sum(natural) for n in natural)
        if sum(least) >= width:
            return tuple(width * w / sum(least) for w in least)
        lack = [n - w for n, w in zip(natural, least, strict=True)]
        spare = width - sum(least)
        return tuple(w + spare * d / sum(lack) for w, d in zip(least, lack, strict=True))

    def cramped(self, table: Table, size: float, width: float) -> bool:
        """Return whether some column of ``table`` is narrower than its longest word."""
        return sum(self.least_widths(table, size)) > width

    def least_widths(self, table: Table, size: float) -> list[float]:
        """Return each column's least width: its longest word's, insets included."""
        per_em = size / POINTS_PER_INCH / WIDTH_SLACK
        return [widest * per_em + 2 * CELL_INSET[0] for widest in self.widest_words(table)]

    def widest_words(self, table: Table) -> tuple[float, ...]:
        """Return the width of each column's widest word in ems, the header's included.

        The rest of a divided table looks it up among its whole table's, worked out once: it
        would otherwise be read anew, row by row, for each slide the table goes on to.
        """
        whole = self.tables.get(id(table.header), table)
        rows, all_rows = table.rows, whole.rows
        start = len(all_rows) - len(rows)
        if rows and start >= 0 and rows[0] is all_rows[start] and rows[-1] is all_rows[-1]:
            return self.widest_from(whole)[start]
        widest = self.row_words(table.header, True)
        for row in rows:
            widest = tuple(map(max, widest, self.row_words(row, False)))
        return widest

    def widest_from(self, table: Table) -> list[tuple[float, ...]]:
        """Return, for each row of ``table`` (and past the last), each column's widest word
        from the header and that row on, in ems (remembered)."""
        known = self.least_after.get(id(table))
        if known is None:
            widest = self.row_words(table.header, True)
            found = [widest]
            for row in reversed(table.rows):
                widest = tuple(map(max, widest, self.row_words(row, False)))
                found.append(widest)
            known = self.least_after[id(table)] = (found[::-1], table)
        return known[0]

    def row_words(self, row: tuple[Runs, ...], header: bool) -> tuple[float, ...]:
        """Return the width of each cell's widest word in a row, in ems (remembered)."""
        key = (id(row), header)
        known = self.least.get(key)
        if known is None:
            widths = tuple(self.measure.longest(cell, bold=header) for cell in row)
            known = self.least[key] = (widths, row)
        return known[0]

    def columns_height(
        self, columns: Columns, scale: Scale, width: float, bound: float = math.inf
    ) -> float:
        """Return the height of two columns under their headings (measured no further than
        ``bound``)."""
        grid = self.theme.slide
        side = (width - grid.column_gap) / 2
        room = bound - grid.column_heading_height - grid.gap
        tallest = max(
            self.stack_height(c.blocks, scale, side, room) for c in (columns.left, columns.right)
        )
        return grid.column_heading_height + grid.gap + tallest

    def arrange(self, blocks: Sequence[Block], scale: Scale, area: Box) -> Iterator[Frame]:
        """Yield the frames of a slide's body: stacked, or its image beside the text.

        An image that shares its slide with text goes beside the text when it is shown larger
        there than below it (a tall or square image, a little text); a wide one goes below.
        """
        beside = self.beside(blocks, scale, area)
        if beside is None:
            yield from self.stack(blocks, scale, area)
            return
        image, text_box, image_box = beside
        yield from self.stack([b for b in blocks if b is not image], scale, text_box)
        yield self.image_frame(image, image_box)

    def beside(
        self, blocks: Sequence[Block], scale: Scale, area: Box
    ) -> tuple[Image, Box, Box] | None:
        """Return a lone image, the text's box and the image's, when it goes beside the text."""
        pair = self.pair(blocks)
        if pair is None:
            return None
        image, text = pair
        picture, gap = self.pictures[image.src], self.theme.slide.column_gap
        aspect = picture.width / picture.height
        width = area.w * BESIDE_TEXT_SHARE
        if self.stack_height(text, scale, width) > area.h:
            return None
        room = area.h - self.stack_height(text, scale, area.w) - self.theme.slide.gap
        below = shown_area(aspect, area.w, room)
        side = shown_area(aspect, area.w - width - gap, area.h)
        if side <= below * BESIDE_GAIN:
            return None
        first = blocks[0] is image  # an image written before the text goes on the left
        text_x = area.x + (area.w - width if first else 0.0)
        image_x = area.x if first else area.x + width + gap
        return (
            image,
            replace(area, x=text_x, w=width),
            replace(area, x=image_x, w=area.w - width - gap),
        )

    def pair(self, blocks: Sequence[Block]) -> tuple[Image, list[Block]] | None:
        """Return the picture and the text of a body that may stand side by side: one shown
        image and only text (code and tables keep the whole width)."""
        images = [block for block in blocks if isinstance(block, Image)]
        text: list[Block] = [block for block in blocks if not isinstance(block, Image)]
        if len(images) != 1 or not text or not all(isinstance(b, TextBlock) for b in text):
            return None
        return (images[0], text) if images[0].src in self.pictures else None

    def body_fits(self, blocks: Sequence[Block], scale: Scale, area: Box) -> bool:
        """Return whether a slide's body fits ``area`` as ``arrange`` will lay it out: its
        text beside its image, or everything stacked."""
        if self.beside(blocks, scale, area) is not None:
            return True
        return self.stack_height(blocks, scale, area.w) <= area.h

    def stack(self, blocks: Sequence[Block], scale: Scale, area: Box) -> Iterator[Frame]:
        """Yield the frames of ``blocks`` stacked top to bottom in ``area``."""
        parts = segments(blocks)
        heights = [self.segment_height(seg, scale, area.w) for seg in parts]
        images = [i for i, seg in enumerate(parts) if grows(seg.first)]
        spare = area.h - sum(heights) - self.theme.slide.gap * max(0, len(parts) - 1)
        for index in images:
            heights[index] += max(0.0, spare) / len(images)
        y = area.y
        for segment, height in zip(parts, heights, strict=True):
            yield from self.frames(segment, scale, Box(area.x, y, area.w, height))
            y += height + self.theme.slide.gap

    def frames(self, segment: Segment, scale: Scale, box: Box) -> Iterator[Frame]:
        """Yield the frames that draw one segment in ``box``."""
        block = segment.first
        if isinstance(block, Code):
            indent = self.code_indent(block)
            yield CodeFrame(Box(box.x + indent, box.y, box.w - indent, box.h), block, scale.code)
        elif isinstance(block, Table):
            widths = self.column_widths(block, scale.table, box.w)
            heights = tuple(self.row_heights(block, scale.table, box.w))
            yield TableFrame(replace(box, h=sum(heights)), block, scale.table, widths, heights)
        elif isinstance(block, Image):
            yield self.image_frame(block, box)
        elif isinstance(block, Columns):
            yield from self.column_frames(block, scale, box)
        else:
            blocks: tuple[TextBlock, ...] = segment.blocks  # type: ignore[assignment]
            yield TextFrame(box, blocks, scale.body, self.hanging(blocks, scale.body))

    def column_frames(self, columns: Columns, scale: Scale, box: Box) -> Iterator[Frame]:
        """Yield each column's heading bar and content, side by side."""
        grid = self.theme.slide
        side = (box.w - grid.column_gap) / 2
        body_y = box.y + grid.column_heading_height + grid.gap
        for index, column in enumerate((columns.left, columns.right)):
            x = box.x + index * (side + grid.column_gap)
            if column.heading:
                heading = Box(x, box.y, side, grid.column_heading_height)
                yield HeadingFrame(
                    heading, column.heading, self.heading_size(column.heading, heading)
                )
            yield from self.stack(
                column.blocks, scale, Box(x, body_y, side, box.y + box.h - body_y)
            )

    def heading_size(self, runs: Runs, box: Box) -> float:
        """Return a column heading's size: the theme's, shrunk until it fits its bar on one
        line, else on as many lines as the bar holds (down to ``HEADING_LEAST``)."""
        width = box.w - 2 * HEADING_INSET[0]
        inner = box.h - 2 * HEADING_INSET[1]
        size = self.theme.sizes.column_heading
        sizes = [size - step for step in range(int(size - HEADING_LEAST) + 1)]
        for one_line in (True, False):
            for size in sizes:
                if one_line and size < HEADING_MIN:
                    break
                lines = self.measure.count_lines(runs, size, width, "heading", bold=True)
                if (lines == 1 or not one_line) and self.lines_height(lines, size) <= inner:
                    return size
        return sizes[-1]

    def image_frame(self, image: Image, area: Box) -> ImageFrame:
        """Return an image scaled to fit ``area`` with its aspect ratio kept, centred."""
        picture = self.pictures.get(image.src)
        aspect = picture.width / picture.height if picture else 16 / 9
        width = min(area.w, area.h * aspect)
        height = width / aspect
        box = Box(area.x + (area.w - width) / 2, area.y + (area.h - height) / 2, width, height)
        caption = 0.0 if picture else self.caption_size(image, box)
        return ImageFrame(box, image, picture, caption)

    def caption_size(self, image: Image, box: Box) -> float:
        """Return the largest size at which a missing image's caption fits its box."""
        width = box.w - 2 * CAPTION_INSET[0]
        size, least = CAPTION_RANGE
        while size > least:
            height = 2 * CAPTION_INSET[1]
            for index, (line, own) in enumerate(
                zip(caption_of(image), caption_sizes(size), strict=True)
            ):
                lines = self.measure.count_lines((Run(line),), own, width, bold=index == 0)
                height += self.lines_height(lines, own)
                height += (CAPTION_SPACING * size / POINTS_PER_INCH) if index else 0.0
            if height <= box.h:
                break
            size -= 1
        return size

    # Cutting short what cannot fit even alone.

    def cut_to_fit(self, blocks: Sequence[Block], scale: Scale, area: Box) -> list[Block]:
        """Return the longest start of ``blocks`` that fits ``area`` stacked: whole blocks,
        then the start of the block that runs past the foot, cut short (see ``shorten``)."""

        def fits(candidate: Sequence[Block]) -> bool:
            return self.stack_height(candidate, scale, area.w, area.h) <= area.h

        kept = longest(len(blocks), lambda k: fits(blocks[:k]))
        head = list(blocks[:kept])
        if kept == len(blocks):
            return head
        block = blocks[kept]
        if isinstance(block, Columns):
            part: Block | None = self.cut_columns(block, scale, area, head)
        else:
            part = cut_block(block, lambda cut: fits([*head, cut]))
        return head if part is None else [*head, part]

    def cut_columns(
        self, columns: Columns, scale: Scale, area: Box, above: list[Block]
    ) -> Columns | None:
        """Return two columns each cut short to the room left under ``above`` and the
        headings (``None`` when none is left)."""
        grid = self.theme.slide
        used = self.stack_height(above, scale, area.w) + (grid.gap if above else 0.0)
        room = area.h - used - grid.column_heading_height - grid.gap
        side = replace(area, w=(area.w - grid.column_gap) / 2, h=room)
        if room <= 0:
            return None
        sides = (columns.left, columns.right)
        left, right = (self.cut_to_fit(c.blocks, scale, side) for c in sides)
        return Columns(
            replace(columns.left, blocks=tuple(left)), replace(columns.right, blocks=tuple(right))
        )

    def cut_text(
        self,
        runs: Runs,
        size: float,
        box: Box,
        role: str,
        inset: tuple[float, float] = TEXT_INSET,
    ) -> Runs:
        """Return ``runs`` as they are when they fit ``box`` (with its ``inset``) at ``size``,
        else their longest start that does, with an ellipsis (headings are bold)."""
        inner = box.w - 2 * inset[0]
        room = box.h - 2 * inset[1] + EPSILON
        most = max(0, int(room / self.lines_height(1, size))) + 1

        def fits(start: Runs) -> bool:
            bold = role == "heading"
            lines = self.measure.count_lines(start, size, inner, role, bold=bold, most=most)
            return self.lines_height(lines, size) <= room

        if fits(runs):
            return runs
        return cut_runs(runs, fits) or ()

    # Warnings.

    def report_overflow(self, slide: Slide, scale: Scale, area: Box, number: int) -> None:
        """Warn about the block that makes a slide overflow even at its smallest scale."""
        tall = next(
            (unit for unit in units(slide.body) if self.stack_height(unit, scale, area.w) > area.h),
            list(slide.body),
        )
        block = tall[0]
        size = scale.code if isinstance(block, Code) else scale.body
        size = scale.table if isinstance(block, Table) else size
        text = describe(block)
        message = (
            f'slide {number} overflows: "{snippet(text)}" is taller than a slide even at '
            f"{size:g} pt and cannot be split further, so it is cut short at the foot of the "
            f"slide; shorten it"
        )
        self.diagnostics.append(warning("overflow", message, slide.line, number, text))

    def check_frame(self, frame: Frame, number: int, line: int) -> Frame:
        """Return ``frame``, warning about words too long for their box in a text frame or
        table, and cutting short a column heading too long for its bar."""
        if isinstance(frame, TextFrame):
            for block in frame.blocks:
                width = self.text_width(block, frame.box.w, frame.hanging)
                size = size_of(block, frame.size)
                bold = isinstance(block, Subheading)
                self.check_words(block.runs, size, width, number, line, bold=bold)
        elif isinstance(frame, TableFrame):
            table = frame.table
            for index, row in enumerate((table.header, *table.rows)):
                for cell, width in zip(row, frame.column_widths, strict=True):
                    inner = width - 2 * CELL_INSET[0]
                    self.check_words(cell, frame.size, inner, number, line, bold=index == 0)
        elif isinstance(frame, HeadingFrame):
            runs = self.cut_text(frame.runs, frame.size, frame.box, "heading", HEADING_INSET)
            if runs != frame.runs:
                text = plain_text(frame.runs)
                message = (
                    f'slide {number}: the column heading "{snippet(text)}" does not fit its bar '
                    f"even at {frame.size:g} pt, so it is cut short; shorten it"
                )
                self.diagnostics.append(warning("overflow", message, line, number, text))
                return replace(frame, runs=runs)
        return frame

    def check_words(
        self,
        runs: Runs,
        size: float,
        width: float,
        number: int,
        line: int,
        role: str = "body",
        bold: bool = False,
    ) -> None:
        """Warn when a word of ``runs`` is wider than ``width`` and must break inside."""
        wrap = self.measure.wrap(runs, size, width, role, bold=bold or role == "heading")
        if wrap.broken:
            message = (
                f'slide {number}: "{snippet(wrap.broken)}" is wider than its box at {size:g} pt '
                f"and breaks mid-word; add spaces, or make it a link with shorter text"
            )
            self.diagnostics.append(warning("long-word", message, line, number, wrap.broken))


def tables_in(blocks: Sequence[Block]) -> Iterator[Table]:
    """Yield the tables among ``blocks``, in columns too."""
    for block in blocks:
        if isinstance(block, Table):
            yield block
        elif isinstance(block, Columns):
            yield from tables_in((*block.left.blocks, *block.right.blocks))


def describe(block: Block) -> str:
    """Return a block's text, for naming it in a message."""
    if isinstance(block, Bullet | Paragraph | Subheading):
        return plain_text(block.runs)
    if isinstance(block, Code):
        return block.text
    if isinstance(block, Table):
        return " ".join(plain_text(cell) for cell in block.header)
    if isinstance(block, Image):
        return block.alt or block.src
    return describe(block.left.blocks[0]) if block.left.blocks else "two columns"
