"""fit: a table's column widths, shared out as browsers do, and its rows' heights.

Both are remembered by the ids of the rows and tables they measure: the pieces of a table split
across slides keep the widths of the whole table, so that its columns do not move.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from exporter.fit.scale import lines_height
from exporter.geometry import CELL_INSET
from exporter.measure import POINTS_PER_INCH, WIDTH_SLACK, Measurer
from exporter.model import Runs, Table

GROUPED_LEAST = 4
"""The fewest columns a table must have to be shown in groups of columns (``grouped``)."""
ROUNDING = 1e-6
"""A little more than a column's natural width, in inches, so that its longest cell, measured
again in a column exactly that wide, is still found to fit one line."""


class Tables:
    """Measures tables on one theme's fonts, remembering what it measured."""

    def __init__(self, measure: Measurer) -> None:
        self.measure = measure
        self.whole: dict[int, Table] = {}
        """Each table of the slide being fitted, by its header's id, which its pieces share."""
        # Heights and widths already measured, by the ids of what they measure (kept alive
        # beside them, so that an id stays theirs): splitting a page asks again and again.
        self.rows: dict[tuple[int, bool, float, tuple[float, ...]], tuple[float, object]] = {}
        """Each row's height, by the row's id, whether it is the header, the size and widths."""
        self.widths: dict[tuple[int, float, float], tuple[tuple[float, ...], object]] = {}
        """Each table's column widths, by the whole table's id, the size and the width."""
        self.least: dict[tuple[int, bool], tuple[tuple[float, ...], object]] = {}
        """The widest word of each cell of a row, in ems, by the row's id."""
        self.least_after: dict[int, tuple[list[tuple[float, ...]], Table]] = {}
        """For each table, by its id: the widest word of each column from each row on."""

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
            known = self.rows[key] = (lines_height(lines, size) + 2 * CELL_INSET[1], row)
        return known[0]

    def column_widths(self, table: Table, size: float, width: float) -> tuple[float, ...]:
        """Return each table column's width, as browsers share a table's width out.

        A column's natural width holds its longest cell on one line; its least width holds
        its longest word. When the natural widths fit, spare width is shared in proportion
        to them; when they do not, the columns whose natural width is within a fair share of
        the width keep it (``fair_widths``: a column of prices or of short names never wraps
        for a column of sentences to wrap a little less), and the others get their least
        width and a share of the rest in proportion to what they lack. When even the longest
        words do not fit, as few columns as can be break theirs (``cramped_widths``). The
        pieces of a split table keep the widths of the whole table (they share its header),
        so its columns do not move from slide to slide.
        """
        whole = self.whole.get(id(table.header), table)
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
            widest = max(self.measure.natural(c, bold=b) for c, b in cells)
            natural.append(widest * per_em + pad + ROUNDING)
        least = self.least_widths(table, size)
        if sum(natural) <= width:
            return tuple(width * n / sum(natural) for n in natural)
        if sum(least) >= width:
            return cramped_widths(least, width)
        return fair_widths(natural, least, width)

    def grouped(self, table: Table, size: float, width: float) -> tuple[Table, ...]:
        """Return ``table`` as tables of its first column and a group of the others each, as
        few as keep every column's longest word whole at ``size`` in ``width``
        (``column_groups``), where the whole table would break some; else ``table`` alone.
        A table of fewer than ``GROUPED_LEAST`` columns, or whose first column takes half
        the width, is kept whole: a word or two broken is better than a row read across
        slides."""
        least = self.least_widths(table, size)
        if sum(least) <= width or len(least) < GROUPED_LEAST or least[0] > width / 2:
            return (table,)
        return tuple(
            Table(
                tuple(table.header[c] for c in kept),
                tuple(tuple(row[c] for c in kept) for row in table.rows),
                tuple(table.align[c] for c in kept),
            )
            for kept in ((0, *group) for group in column_groups(least, width))
        )

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
        whole = self.whole.get(id(table.header), table)
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


def fair_widths(
    natural: Sequence[float], least: Sequence[float], width: float
) -> tuple[float, ...]:
    """Return column widths adding up to ``width`` (more than the least widths add up to,
    less than the natural ones): each column whose natural width is no more than an even
    share of the width the columns not yet given theirs have left keeps it, in turn, from
    the narrowest; the rest get their least width and a share of what is left in proportion
    to what they lack (as browsers share a table's width out).

    Where the rest's longest words need more than is left, the columns that kept their
    natural width give it back, those with the most to give first (a column of phrases,
    ``pro Rotation (max. 2)``, wraps before a column of prices, ``1,00 $``); where even
    that is not enough, every column gets its least width and a share of the rest."""
    widths = list(least)
    open_ = sorted(range(len(natural)), key=lambda column: natural[column])
    room = width
    while open_ and natural[open_[0]] <= room / len(open_):
        column = open_.pop(0)
        widths[column] = natural[column]
        room -= natural[column]
    spare = room - sum(least[column] for column in open_)
    if spare < 0:
        kept = [column for column in range(len(natural)) if column not in open_]
        if sum(natural[column] - least[column] for column in kept) >= -spare:
            owed = -spare
            for column in sorted(kept, key=lambda c: least[c] - natural[c]):
                given = min(owed, natural[column] - least[column])
                widths[column] -= given
                owed -= given
            return tuple(widths)
        # The long columns' words need more than all that: share it all out.
        lack = [n - w for n, w in zip(natural, least, strict=True)]
        extra = width - sum(least)
        return tuple(w + extra * d / sum(lack) for w, d in zip(least, lack, strict=True))
    lacking = sum(natural[column] - least[column] for column in open_)
    for column in open_:
        widths[column] = least[column] + spare * (natural[column] - least[column]) / lacking
    return tuple(widths)


def column_groups(least: Sequence[float], width: float) -> list[tuple[int, ...]]:
    """Return the columns after the first in groups, in order, each of which fits ``width``
    beside the first column by its columns' least widths (``least``, the first column's
    first): as few groups as that allows, as even in their count of columns as keeps each
    fitting. A column too wide for that on its own makes a group of its own."""
    key, count = least[0], len(least) - 1
    groups: list[tuple[int, ...]] = []
    group: list[int] = []
    room = width - key
    for column in range(1, len(least)):
        if group and least[column] > room:
            groups.append(tuple(group))
            group, room = [], width - key
        group.append(column)
        room -= least[column]
    groups.append(tuple(group))
    parts = len(groups)
    even = [
        tuple(range(1 + n * count // parts, 1 + (n + 1) * count // parts)) for n in range(parts)
    ]
    if all(key + sum(least[column] for column in group) <= width for group in even):
        return even
    return groups


def cramped_widths(least: Sequence[float], width: float) -> tuple[float, ...]:
    """Return column widths adding up to ``width`` (no more than the least widths add up to):
    each column whose longest word fits an even share of the width the columns not yet given
    theirs have left keeps it, in turn, from the narrowest; the rest, whose longest words
    break, share what is left in proportion to them. Shrunk all in proportion, every column
    would break its longest word, and a column of short figures (``~40 ms``) would be set a
    letter a line beside a column of long code."""
    widths = list(least)
    open_ = sorted(range(len(least)), key=lambda column: least[column])
    room = width
    while open_ and least[open_[0]] <= room / len(open_):
        room -= least[open_.pop(0)]
    longest = sum(least[column] for column in open_)
    for column in open_:
        widths[column] = room * least[column] / longest
    return tuple(widths)
