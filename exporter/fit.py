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
   is reported as a warning naming the slide and its source line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from exporter.errors import Diagnostic, warning
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
from exporter.measure import POINTS_PER_INCH, WIDTH_SLACK, Measurer
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
from exporter.resources import Picture, scaled
from exporter.theme import Theme

MIN_IMAGE = 1.3
"""The least height an image shares a slide with, in inches."""
BESIDE_TEXT_SHARE = 0.55
"""The share of the body's width the text takes when an image stands beside it."""
BESIDE_GAIN = 1.15
"""How much larger an image must be shown beside the text than below it to go there."""
SHOWN_PPI = 192
"""Pixels per inch a picture keeps at the size it is shown (twice a screen's 96)."""
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


@dataclass(frozen=True)
class TitleFit:
    """A content slide's title: its size and how tall its box must be."""

    size: float
    height: float
    lines: int


def fit_deck(
    deck: Deck, theme: Theme, pictures: Mapping[str, Picture]
) -> tuple[LaidOutDeck, tuple[Diagnostic, ...]]:
    """Return ``deck`` laid out on ``theme``'s slide, and warnings for text that overflows."""
    fitter = Fitter(theme, pictures)
    slides: list[PlacedSlide] = []
    firsts: list[int] = []
    for slide in deck.slides:
        firsts.append(len(slides) + 1)
        slides.extend(fitter.fit_slide(slide, len(slides) + 1))
    footer, footer_size = fitter.footer(" · ".join(p for p in (deck.title, deck.subtitle) if p))
    grid = theme.slide
    content = grid.width - 2 * grid.margin
    return (
        LaidOutDeck(
            deck,
            theme,
            sized_pictures(slides),
            tuple(firsts),
            footer,
            Box(grid.margin, grid.footer_top, content - 1.2, grid.footer_height),
            Box(grid.width - grid.margin - 1.0, grid.footer_top, 1.0, grid.footer_height),
            footer_size,
        ),
        tuple(fitter.diagnostics),
    )


def largest_picture(theme: Theme) -> tuple[int, int]:
    """Return the most pixels a picture needs on ``theme``: a slide's whole body at
    ``SHOWN_PPI``."""
    grid = theme.slide
    width, height = grid.width - 2 * grid.margin, grid.body_bottom - grid.body_top
    return round(width * SHOWN_PPI), round(height * SHOWN_PPI)


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


def sized_pictures(slides: Sequence[PlacedSlide]) -> tuple[PlacedSlide, ...]:
    """Return ``slides`` with each picture shrunk to about twice the largest size it is shown.

    A 6000-pixel photo in a 4-inch box would make the deck and the PDF needlessly heavy.
    """
    needed: dict[int, tuple[int, int]] = {}
    for frame in image_frames(slides):
        assert frame.picture is not None
        width, height = (round(side * SHOWN_PPI) for side in (frame.box.w, frame.box.h))
        known = needed.get(id(frame.picture), (0, 0))
        needed[id(frame.picture)] = (max(known[0], width), max(known[1], height))
    if not needed:
        return tuple(slides)
    smaller: dict[int, Picture] = {}
    for frame in image_frames(slides):
        assert frame.picture is not None
        if id(frame.picture) not in smaller:
            smaller[id(frame.picture)] = scaled(frame.picture, *needed[id(frame.picture)])
    return tuple(
        replace(
            placed,
            frames=tuple(
                replace(f, picture=smaller[id(f.picture)])
                if isinstance(f, ImageFrame) and f.picture is not None
                else f
                for f in placed.frames
            ),
        )
        for placed in slides
    )


def image_frames(slides: Sequence[PlacedSlide]) -> Iterator[ImageFrame]:
    """Yield the frames of ``slides`` that show a picture."""
    for placed in slides:
        for frame in placed.frames:
            if isinstance(frame, ImageFrame) and frame.picture is not None:
                yield frame


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


def longest(count: int, fits: Callable[[int], bool]) -> int:
    """Return the largest ``k`` up to ``count`` for which ``fits(k)`` holds (0 if none does).

    ``fits`` must hold for every ``k`` below one it holds for, as a prefix's height grows with
    its length; it is bisected, so a block of a thousand lines is measured a dozen times.
    """
    low, high = 0, count
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


def sentence_ends(text: str) -> list[int]:
    """Return the offsets in ``text`` where a sentence after the first begins.

    A sentence ends at ``.``, ``!`` or ``?`` (closing quotes and brackets kept with it) before
    white space and a capital, a digit or an opening quote; or at an ideographic full stop. A
    word with a full stop inside it (``e.g.``, ``U.S.``) is an abbreviation, not an end.
    """
    ends = []
    for match in SENTENCE_END.finditer(text):
        word = text[: match.start()].rsplit(None, 1)[-1] if text[: match.start()].strip() else ""
        if "." in word.rstrip(".") or word.lower().rstrip(".") in ABBREVIATIONS:
            continue
        ends.append(match.end())
    return ends


def sentences(runs: Runs) -> list[Runs]:
    """Return ``runs`` cut where sentences begin (the space after a sentence stays with it)."""
    cuts = [*sentence_ends(plain_text(runs)), -1]
    found: list[list[Run]] = [[]]
    start = 0
    for run in runs:
        at = 0
        while cuts[0] >= 0 and cuts[0] <= start + len(run.text):
            cut = cuts.pop(0) - start
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
    runs = [run for piece in pieces for run in piece]
    last = runs[-1]
    runs[-1] = Run(last.text.rstrip(), last.style)
    return tuple(runs)


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
        self.heights: dict[tuple[tuple[int, ...], Scale, float], tuple[float, Segment]] = {}
        self.rows: dict[tuple[int, bool, float, tuple[float, ...]], tuple[float, object]] = {}
        self.widths: dict[tuple[int, float, float], tuple[tuple[float, ...], object]] = {}
        self.tables: dict[int, Table] = {}
        """Each table of the slide being fitted, by its header's id, which its pieces share."""
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
        if number and lines > 2:
            message = (
                f"the title of slide {number} takes {lines} lines even at {size:g} pt and "
                f"pushes the text down; shorten it to two lines"
            )
            excerpt = plain_text(title)
            self.diagnostics.append(warning("overflow", message, line, number, excerpt))
        height = self.lines_height(lines, size) + 2 * TEXT_INSET[1]
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
        total = self.stack_height(slide.body, scale, area.w)
        parts = self.flow(slide.body, area.h, area.h, scale, area.w)
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
        self, blocks: Sequence[Block], limit: float, page: float, scale: Scale, width: float
    ) -> list[list[Block]]:
        """Return ``blocks`` poured in order into parts no taller than ``limit``.

        A unit (a top-level block with its nested content) that fits a ``page`` of its own
        moves whole to the next part when it does not fit this one, taking along a heading
        or a parent item that would be left alone at the foot. A unit taller than a page
        fills the room left and goes on in the next part; one that cannot be divided goes
        alone (and overflows, with a warning).
        """
        parts: list[list[Block]] = [[]]
        queue = units(blocks)
        while queue:
            unit = queue.pop(0)
            current = parts[-1]

            def fits(head: Sequence[Block], current: list[Block] = current) -> bool:
                return self.stack_height([*current, *head], scale, width) <= limit

            if fits(unit):
                current.extend(unit)
                continue
            tall = self.stack_height(unit, scale, width) > page
            room = limit - self.stack_height(current, scale, width)
            if tall and (not current or room >= MIN_ROOM * limit):
                gap = self.theme.slide.gap if current else 0.0
                head, tail = self.divide(unit, fits, scale, width, room - gap, fresh=not current)
                if head:
                    current.extend(head)
                    queue[:0] = [tail] if tail else []
                    parts.append([])
                    continue
            if not current:
                current.extend(unit)
            else:
                queue.insert(0, [*orphans(current, unit), *unit])
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
        count, cut = cutter
        least = 1 if fresh else MIN_PIECES.get(type(block), 1)
        taken = longest(count - 1, lambda k: k == 0 or fits([cut(k)[0]]))
        # Leave no scrap behind either: the rest keeps as much as a start must have.
        taken = min(taken, count - MIN_PIECES.get(type(block), 1))
        if taken < least:
            return [], [block]
        head, tail = cut(taken)
        return [head], [tail]

    def cutter(self, block: Block) -> tuple[int, Callable[[int], tuple[Block, Block]]] | None:
        """Return how many pieces ``block`` divides into, and how to cut it after ``k``."""
        if isinstance(block, Code):
            lines = block.text.split("\n")
            return len(lines), lambda k: (
                replace(block, text="\n".join(lines[:k])),
                replace(block, text="\n".join(lines[k:])),
            )
        if isinstance(block, Table):
            rows = block.rows
            return len(rows), lambda k: (
                replace(block, rows=rows[:k]),
                replace(block, rows=rows[k:]),
            )
        if isinstance(block, Bullet | Paragraph):
            pieces = sentences(block.runs)
            # The first piece keeps the bullet; the rest continue under its text.
            level = block.level + 1 if isinstance(block, Bullet) else block.level
            return len(pieces), lambda k: (
                replace(block, runs=joined(pieces[:k])),
                Paragraph(joined(pieces[k:]), level),
            )
        return None

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
        if part == 1:
            width = title_box.w - 2 * TEXT_INSET[0]
            self.check_words(slide.title, title.size, width, number, slide.line, "heading")
        if not self.body_fits(slide.body, scale, area):
            self.report_overflow(slide, scale, area, number)
        rule_y = title_box.y + title_box.h + 0.08
        rule = Box(grid.margin + TEXT_INSET[0], rule_y, 1.4, 0.06)
        frames = tuple(self.arrange(slide.body, scale, area))
        for frame in frames:
            self.check_frame(frame, number, slide.line)
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
        if self.text_box_height(slide.title, size, box.w, "heading") > box.h:
            message = f"the lesson's title does not fit the title slide even at {size:g} pt"
            self.diagnostics.append(warning("overflow", message, slide.line, number))
        rule = Box(grid.margin + TEXT_INSET[0], 4.3, 2.0, 0.08)
        subtitle = Box(grid.margin, 4.55, self.content.w, 0.8)
        subtitle_size = self.largest_size(slide.subtitle, sizes.subtitle, 12.0, subtitle, "body")
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
            return self.measure.count_lines((Run(candidate),), at, width)

        while size > FOOTER_MIN and lines(text, size) > 1:
            size -= 1
        words = text.split(" ")
        while len(words) > 1 and lines(text, size) > 1:
            words.pop()
            text = " ".join(words) + " …"
        return text, size

    @staticmethod
    def lines_height(lines: int, size: float, spacing: float = 1.0) -> float:
        """Return the height of ``lines`` lines of text at ``size``, in inches."""
        return lines * size * LINE_HEIGHT * spacing / POINTS_PER_INCH

    # Heights, in inches, of content at a scale and width.

    def stack_height(self, blocks: Sequence[Block], scale: Scale, width: float) -> float:
        """Return the height of ``blocks`` stacked with gaps (images at their least height)."""
        parts = [self.segment_height(seg, scale, width) for seg in segments(blocks)]
        return sum(parts) + self.theme.slide.gap * max(0, len(parts) - 1)

    def segment_height(self, segment: Segment, scale: Scale, width: float) -> float:
        """Return the height one frame needs (remembered: splitting asks again and again)."""
        key = (tuple(map(id, segment.blocks)), scale, width)
        known = self.heights.get(key)
        if known is None:
            known = self.heights[key] = (self.measure_segment(segment, scale, width), segment)
        return known[0]

    def measure_segment(self, segment: Segment, scale: Scale, width: float) -> float:
        """Return the height one frame needs, measured."""
        block = segment.first
        if isinstance(block, Code):
            return self.code_height(block, scale.code, width)
        if isinstance(block, Table):
            if scale.table > self.theme.sizes.table_min and self.cramped(block, scale.table, width):
                return math.inf  # its longest words would break: try smaller text first
            return sum(self.row_heights(block, scale.table, width))
        if isinstance(block, Image):
            return MIN_IMAGE
        if isinstance(block, Columns):
            return self.columns_height(block, scale, width)
        return self.blocks_height(segment.blocks, scale.body, width)  # type: ignore[arg-type]

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

    def blocks_height(self, blocks: Sequence[TextBlock], size: float, width: float) -> float:
        """Return the height of a text frame holding ``blocks``."""
        height = 2 * TEXT_INSET[1]
        spacing = self.theme.sizes.line_spacing
        hanging = self.hanging(blocks, size)
        for index, block in enumerate(blocks):
            own = size_of(block, size)
            bold = isinstance(block, Subheading)
            lines = self.measure.count_lines(
                block.runs, own, self.text_width(block, width, hanging), bold=bold
            )
            height += self.lines_height(lines, own, spacing)
            height += space_before(block, index == 0, size, self.theme) / POINTS_PER_INCH
        return height

    def code_height(self, code: Code, size: float, width: float) -> float:
        """Return the height of a code box."""
        inner = width - 2 * CODE_INSET - self.code_indent(code)
        lines = sum(self.measure.count_code_lines(code.text, size, inner))
        return self.lines_height(lines, size) + 2 * CODE_INSET

    def code_indent(self, code: Code) -> float:
        """Return how far a code block nested in a list sits from the left, in inches."""
        bullets = self.theme.bullets
        return 0.0 if code.level == 0 else bullets.hanging + (code.level - 1) * bullets.indent

    def row_heights(self, table: Table, size: float, width: float) -> list[float]:
        """Return the height of each row of a table, header first."""
        widths = self.column_widths(table, size, width)
        return [
            self.row_height(row, number == 0, size, widths)
            for number, row in enumerate((table.header, *table.rows))
        ]

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
        rows = (table.header, *table.rows)
        return [
            max(self.measure.longest(row[c], bold=n == 0) for n, row in enumerate(rows)) * per_em
            + 2 * CELL_INSET[0]
            for c in range(len(table.header))
        ]

    def columns_height(self, columns: Columns, scale: Scale, width: float) -> float:
        """Return the height of two columns under their headings."""
        grid = self.theme.slide
        side = (width - grid.column_gap) / 2
        tallest = max(
            self.stack_height(c.blocks, scale, side) for c in (columns.left, columns.right)
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
            f"{size:g} pt and cannot be split further; shorten it"
        )
        self.diagnostics.append(warning("overflow", message, slide.line, number, text))

    def check_frame(self, frame: Frame, number: int, line: int) -> None:
        """Warn about words too long for their box in a text frame or table."""
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
            width = frame.box.w - 2 * HEADING_INSET[0]
            lines = self.measure.count_lines(frame.runs, frame.size, width, "heading", bold=True)
            if self.lines_height(lines, frame.size) > frame.box.h - 2 * HEADING_INSET[1]:
                text = plain_text(frame.runs)
                message = (
                    f'slide {number}: the column heading "{snippet(text)}" does not fit its bar '
                    f"even at {frame.size:g} pt; shorten it"
                )
                self.diagnostics.append(warning("overflow", message, line, number, text))

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
