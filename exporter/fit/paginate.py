"""fit: a page too long for a slide split into continuation slides.

The parts are as few as fit and as even in height as that number allows, found by pouring the
page's blocks into parts of a bisected height. A block that fits a slide moves whole to the next
part (a subheading or parent item going with it); only a block taller than a slide is divided
where it stands: an item between its sub-items, code between lines, a table between rows, two
columns side by side, a paragraph between sentences. The part of a long block that fits is found
by trying longer and longer starts, each measured no further than the room it is compared with.
"""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from exporter.errors import ExporterError, error
from exporter.fit.blocks import depth, flatten, units
from exporter.fit.heights import Heights
from exporter.fit.place import Placer
from exporter.fit.scale import Scale
from exporter.fit.sentences import joined
from exporter.geometry import Box
from exporter.model import (
    Block,
    Bullet,
    Code,
    Columns,
    Paragraph,
    Slide,
    Subheading,
    Table,
    continued,
    layout_of,
)
from exporter.shorten import longest
from exporter.theme import Theme

BALANCE_STEPS = 7
"""How many times the part height is halved between bounds when evening out a page's parts."""
MIN_ROOM = 0.25
"""The least room, as a share of the body, that a divided block starts in below other content."""
MIN_PIECES: dict[type, int] = {Code: 3, Table: 2}
"""The least lines of code or table rows left at the foot of a part before the rest moves on."""
MAX_SLIDES = 1000
"""The most slides a lesson may make (the longest real lessons make about a hundred): past
it the fit stops, and the lesson is not exported (see ``limits``)."""


@dataclass(frozen=True)
class Cutter:
    """How a block divides between its pieces (code lines, table rows, sentences)."""

    count: int
    """How many pieces it has."""
    head: Callable[[int], Block]
    """The block of its first ``k`` pieces."""
    tail: Callable[[int], Block]
    """The block of its pieces after the first ``k``."""


class Paginator:
    """Splits pages into slides on one theme, at its smallest scale."""

    def __init__(self, theme: Theme, smallest: Scale, heights: Heights, placer: Placer) -> None:
        self.theme = theme
        self.smallest = smallest
        self.heights = heights
        self.placer = placer

    def split(self, slide: Slide, area: Box) -> list[Slide]:
        """Return ``slide``, or its parts when it does not fit at the smallest scale.

        The parts are as few as fit and as even in height as that number allows; each part
        after the first repeats the title marked as continued.
        """
        scale = self.smallest
        if self.placer.body_fits(slide.body, scale, area):
            return [slide]
        parts = self.flow(slide.body, area.h, area.h, scale, area.w, MAX_SLIDES)
        if len(parts) > MAX_SLIDES:
            raise too_many_slides(slide.line)
        total = self.heights.stack_height(slide.body, scale, area.w)
        # The least part height at which the page still takes no more parts, every part
        # within it, found by bisection.
        low, high = total / len(parts) / 2, area.h
        for _ in range(BALANCE_STEPS):
            middle = (low + high) / 2
            balanced = self.flow(slide.body, middle, area.h, scale, area.w)
            tallest = max(self.heights.stack_height(part, scale, area.w) for part in balanced)
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
                return self.heights.stack_height([*current, *head], scale, width, limit) <= limit

            if fits(unit):
                current.extend(unit)
                continue
            tall = self.heights.stack_height(unit, scale, width, page) > page
            room = limit - self.heights.stack_height(current, scale, width, limit)
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
            lines = self.heights.code_lines(block)

            def rest_of_code(k: int) -> Block:
                rest = replace(block, text="\n".join(lines[k:]))
                self.heights.lines.put((rest,), (), lines[k:])
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
            pieces = self.heights.sentences_of(block)
            # The first piece keeps the bullet; the rest continue under its text.
            level = block.level + 1 if isinstance(block, Bullet) else block.level

            def rest_of_text(k: int) -> Block:
                rest = Paragraph(joined(pieces[k:]), level)
                self.heights.pieces.put((rest,), (), pieces[k:])
                return rest

            def start_of_text(k: int) -> Block:
                start = replace(block, runs=joined(pieces[:k]))
                self.heights.starts.put((start,), (), (block, k))
                return start

            return Cutter(len(pieces), start_of_text, rest_of_text)
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
            head = halves(columns, heads)
            if fits([head]):
                tails = [tuple(flatten(parts[1:])) for parts in flows]
                tail = halves(columns, tails)
                return [head], [tail]
        return [], [columns]


def halves(columns: Columns, blocks: Sequence[Sequence[Block]]) -> Columns:
    """Return ``columns`` holding ``blocks`` (left, right), its headings and verdict kept."""
    left, right = blocks
    return replace(
        columns,
        left=replace(columns.left, blocks=tuple(left)),
        right=replace(columns.right, blocks=tuple(right)),
    )


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


def too_many_slides(line: int) -> ExporterError:
    """Return the error for a lesson of more than ``MAX_SLIDES`` slides."""
    message = (
        f"the lesson makes more than {MAX_SLIDES:,} slides (the page at line {line} goes "
        f"past them); split it into several lessons"
    )
    return ExporterError(error("too-many-slides", message, line))
