"""fit: what cannot fit its box even alone and at the smallest size, cut short with ``…``.

A sentence taller than a slide, a line of code that wraps past the foot of the slide, a table
row taller than a slide, a title longer than its box: none of these can be split further, so
what would run past the foot of its box is left out, and an ellipsis marks the cut. The fit
stage cuts the model, so the deck and the PDF show the same text (a renderer left to itself
would show a different part of it: PowerPoint runs the text off the slide, a PDF clips it).

Each cut keeps the longest start that still fits, found by trying longer and longer starts
(see ``longest``), so a cut costs what is shown, not what is left out: a paragraph of a million
characters is measured a few thousand characters deep.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from exporter.model import PLAIN, Block, Bullet, Code, Paragraph, Run, Runs, Subheading, Table

ELLIPSIS = "…"
WORD_BACK = 30
"""How many characters a cut may move back to end at a word rather than inside one."""


def longest(count: int, fits: Callable[[int], bool]) -> int:
    """Return the largest ``k`` up to ``count`` for which ``fits(k)`` holds (0 if none does).

    ``fits`` must hold for every ``k`` below one it holds for, as a prefix's height grows with
    its length. It is tried at 1, 2, 4... until it fails, then bisected: a dozen tries find
    the part of a long block that fits a slide, and each tries no more than twice that part,
    however long the rest of the block is.
    """
    low, high = 0, 1
    while high <= count and fits(high):
        low, high = high, 2 * high
    high = min(high - 1, count)
    while low < high:
        middle = (low + high + 1) // 2
        if fits(middle):
            low = middle
        else:
            high = middle - 1
    return low


def shortened(runs: Runs, count: int) -> Runs:
    """Return the first ``count`` characters of ``runs`` (trailing white space dropped) and an
    ellipsis in the style of the last."""
    kept: list[Run] = []
    left = count
    for run in runs:
        if left <= 0:
            break
        kept.append(run if len(run.text) <= left else Run(run.text[:left], run.style))
        left -= len(run.text)
    while kept and not kept[-1].text.rstrip():
        kept.pop()
    style = PLAIN
    if kept:
        style = kept[-1].style
        kept[-1] = Run(kept[-1].text.rstrip(), style)
    return (*kept, Run(ELLIPSIS, style))


def cut_runs(runs: Runs, fits: Callable[[Runs], bool]) -> Runs | None:
    """Return the longest start of ``runs`` that ``fits`` with an ellipsis, ending at a word
    where one ends near the cut; ``None`` when not even a character does."""
    total = sum(len(run.text) for run in runs)
    count = longest(total - 1, lambda k: fits(shortened(runs, k)))
    if count == 0:
        return None
    start = "".join(run.text for run in shortened(runs, count + 1)[:-1])
    if len(start) > count and not start[count].isspace():
        space = max(start.rfind(" ", 0, count), start.rfind("\n", 0, count))
        if space > 0 and count - space <= WORD_BACK:
            count = space
    return shortened(runs, count)


def cut_block(block: Block, fits: Callable[[Block], bool]) -> Block | None:
    """Return the longest start of ``block`` that ``fits``, an ellipsis marking the cut; or
    ``None`` when nothing of it does (an image, or less than a character)."""
    if isinstance(block, Bullet | Paragraph | Subheading):
        runs = cut_runs(block.runs, lambda start: fits(replace(block, runs=start)))
        return None if runs is None else replace(block, runs=runs)
    if isinstance(block, Code):
        return cut_code(block, fits)
    if isinstance(block, Table):
        return cut_table(block, fits)
    return None


def cut_code(code: Code, fits: Callable[[Block], bool]) -> Code | None:
    """Return the most lines of ``code`` that fit followed by a line ``…``; or, when not even
    one does, the start of its first line."""

    def start(lines: Sequence[str]) -> Code:
        return replace(code, text="\n".join(lines))

    lines = code.text.split("\n")
    kept = longest(len(lines) - 1, lambda k: fits(start([*lines[:k], ELLIPSIS])))
    if kept:
        return start([*lines[:kept], ELLIPSIS])
    first = lines[0]
    count = longest(len(first) - 1, lambda k: fits(start([first[:k] + ELLIPSIS])))
    return start([first[:count] + ELLIPSIS]) if count else None


def cut_table(table: Table, fits: Callable[[Block], bool]) -> Table | None:
    """Return the most rows of ``table`` that fit followed by a row ``…``; or, when not even
    one does, its first row (else its header alone) with every cell cut short alike."""
    rows = table.rows
    mark = ((Run(ELLIPSIS),), *([()] * (len(table.header) - 1)))
    kept = longest(len(rows) - 1, lambda k: fits(replace(table, rows=(*rows[:k], mark))))
    if kept:
        return replace(table, rows=(*rows[:kept], mark))
    if rows:
        found = cut_cells(rows[0], lambda row: fits(replace(table, rows=(row,))))
        if found is not None:
            return replace(table, rows=(found,))
    header = cut_cells(table.header, lambda row: fits(replace(table, header=row, rows=())))
    return None if header is None else replace(table, header=header, rows=())


def cut_cells(
    row: tuple[Runs, ...], fits: Callable[[tuple[Runs, ...]], bool]
) -> tuple[Runs, ...] | None:
    """Return ``row`` with every cell longer than the most characters that fit cut short."""
    longest_cell = max((sum(len(run.text) for run in cell) for cell in row), default=0)

    def cut(count: int) -> tuple[Runs, ...]:
        return tuple(
            cell if sum(len(r.text) for r in cell) <= count else shortened(cell, count)
            for cell in row
        )

    count = longest(longest_cell - 1, lambda k: fits(cut(k)))
    return cut(count) if count else None
