"""fit: a block taller than the room left divided where it stands (``Divider``): an item
between its sub-items, code between lines, a table between rows, two columns side by side, a
paragraph between sentences.

The part of a long block that fits is found by trying longer and longer starts, each measured
no further than the room it is compared with. ``paginate`` pours a page's blocks into parts and
asks for a division where a block does not move on whole.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from exporter.fit.blocks import flatten, nesting, units
from exporter.fit.codecuts import CLOSING, best_cut, trimmed
from exporter.fit.heights import Heights
from exporter.fit.parts import presents
from exporter.fit.scale import Scale
from exporter.fit.sentences import joined
from exporter.lexing import held_breaks
from exporter.model import Block, Bullet, Code, Columns, Paragraph, Table
from exporter.shorten import longest
from exporter.theme import Theme

MIN_PIECES: dict[type, int] = {Code: 3, Table: 2}
"""The least lines of code or table rows left at the foot of a part before the rest moves on."""

Flow = Callable[..., list[list[Block]]]
"""Pours blocks into parts no taller than a limit (``Paginator.flow``): two columns are
divided by pouring each side."""


@dataclass(frozen=True)
class Cutter:
    """How a block divides between its pieces (code lines, table rows, sentences)."""

    count: int
    """How many pieces it has."""
    head: Callable[[int], Block]
    """The block of its first ``k`` pieces."""
    tail: Callable[[int], Block]
    """The block of its pieces after the first ``k``."""


class Divider:
    """Divides the blocks of one theme's pages where they stand."""

    def __init__(self, theme: Theme, heights: Heights, flow: Flow) -> None:
        self.theme = theme
        self.heights = heights
        self.flow = flow
        """How a column's blocks are poured into parts (``divide_columns``)."""

    def divide(
        self,
        unit: Sequence[Block],
        fits: Callable[[Sequence[Block]], bool],
        scale: Scale,
        width: float,
        room: float,
        fresh: bool,
        whole: bool = False,
        on_a_page: Callable[[Sequence[Block]], bool] | None = None,
    ) -> tuple[list[Block], list[Block]]:
        """Return the longest start of ``unit`` that ``fits`` (``room`` tall at most), and the
        rest (``on_a_page``: whether blocks fit a part of their own, see ``divide_code``).

        ``fresh`` says whether the start would begin a part; a start that does not is only
        taken when it is worth it: more than a parent item alone, a few lines of code, a
        couple of table rows. Where the unit fits a slide ``whole``, its code is cut only at
        a blank line. The head is empty when no start is worth taking.
        """
        first, rest = unit[0], list(unit[1:])
        if not fits([first]):
            # The unit's first block alone is too tall: divide it, its nested content after.
            head, tail = self.divide_block(first, fits, scale, width, room, fresh, whole, on_a_page)
            return head, [*tail, *rest] if head else list(unit)
        if not rest:
            return [first], []
        subs = units(rest, nesting(unit)[1:])
        taken = longest(len(subs), lambda k: fits([first, *flatten(subs[:k])]))
        head = [first, *flatten(subs[:taken])]
        if taken == len(subs):
            return head, []
        more, tail = self.divide(
            subs[taken], lambda h: fits([*head, *h]), scale, width, room, False, whole, on_a_page
        )
        head, tail = [*head, *more], [*tail, *flatten(subs[taken + 1 :])]
        # Words that present what goes on to the next part (``Expected output:`` under a
        # step, before its output) go on with it, rather than end this part alone.
        while (
            len(head) > 1
            and tail
            and isinstance(head[-1], Paragraph)
            and presents(head[-1], tail[0])
            and (on_a_page is None or on_a_page([head[-1], tail[0]]))
        ):
            tail.insert(0, head.pop())
        if len(head) == 1 and not fresh:
            return [], list(unit)
        return head, tail

    def divide_block(
        self,
        block: Block,
        fits: Callable[[Sequence[Block]], bool],
        scale: Scale,
        width: float,
        room: float,
        fresh: bool,
        whole: bool = False,
        on_a_page: Callable[[Sequence[Block]], bool] | None = None,
    ) -> tuple[list[Block], list[Block]]:
        """Return the longest start of one block that ``fits``, and the rest (code cut only
        at a blank line where what it is part of fits a slide ``whole``; ``on_a_page``, see
        ``divide_code``)."""
        if isinstance(block, Columns):
            return self.divide_columns(block, fits, scale, width, room)
        if isinstance(block, Code):
            # Code that fits a slide whole is cut only where its author left a blank line.
            return self.divide_code(block, fits, fresh, 0 if whole else CLOSING, on_a_page)
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

    def divide_code(
        self,
        code: Code,
        fits: Callable[[Sequence[Block]], bool],
        fresh: bool,
        worst: int = CLOSING,
        on_a_page: Callable[[Sequence[Block]], bool] | None = None,
    ) -> tuple[list[Block], list[Block]]:
        """Return the start of a code block that ``fits``, cut where ``codecuts`` ranks best
        (at a blank line, between top-level statements, never after a comment) and no worse
        than ``worst``, and the rest, neither starting nor ending with a blank line.

        A cut inside a string or a comment that goes on over lines (``lexing.held_breaks``)
        is made only where no other cut fits a part of its own (``on_a_page``): a command
        continued over twenty lines is not cut to even the slides out, though a heredoc
        taller than a slide is."""
        lines = self.heights.code_lines(code)
        pieces = MIN_PIECES[Code]

        def part(start: int, end: int) -> Code:
            start, end = trimmed(lines, start, end)
            text, whole = "\n".join(lines[start:end]), code.whole or code.text
            return replace(code, text=text, whole=whole, first=code.first + start)

        def cut_within(check: Callable[[Sequence[Block]], bool]) -> int | None:
            most = longest(len(lines) - 1, lambda k: check([part(0, k)]))
            top = min(most, len(lines) - pieces)
            return best_cut(lines, 1 if fresh else pieces, top, worst, held)

        held = held_breaks(code.text, code.language, code.whole, code.first)
        cut = cut_within(fits)
        if cut is None:
            return [], [code]
        if cut in held and on_a_page is not None:
            clean = cut_within(on_a_page)
            if clean is not None and clean not in held:
                return [], [code]
        rest = part(cut, len(lines))
        self.heights.lines.put((rest,), (), rest.text.split("\n"))
        return [part(0, cut)], [rest]

    def cutter(self, block: Block) -> Cutter | None:
        """Return how ``block`` divides: into how many pieces, its start up to piece ``k``
        and the rest after it (which remembers its pieces, to be divided again cheaply)."""
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
        side = (width - self.theme.slide.column_gap) / 2
        inner = room - self.heights.band(columns, width)
        sides = (columns.left, columns.right)
        for share in (1.0, 0.95, 0.85, 0.7, 0.5):
            limit = inner * share
            flows = [self.flow(c.blocks, limit, limit, scale, side, context=False) for c in sides]
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
