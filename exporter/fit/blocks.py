"""fit: a body's blocks grouped: into frames (``segments``) and into units that move together."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from exporter.geometry import TextBlock
from exporter.model import Block, Bullet, Code, Columns, Image, Paragraph, Table


@dataclass(frozen=True)
class Segment:
    """A run of blocks drawn together: text blocks in one frame, consecutive images in one
    arrangement (a row, a column or a grid), anything else alone."""

    blocks: tuple[Block, ...]

    @property
    def first(self) -> Block:
        """The segment's first block."""
        return self.blocks[0]


def segments(blocks: Sequence[Block]) -> list[Segment]:
    """Return ``blocks`` grouped into frames: consecutive text blocks share one, and
    consecutive images one arrangement (icons from a sentence apart from pictures on lines of
    their own)."""
    groups: list[list[Block]] = []
    for block in blocks:
        last = groups[-1][-1] if groups else None
        if isinstance(block, Image) and isinstance(last, Image):
            together = block.inline == last.inline
        else:
            together = isinstance(block, TextBlock) and isinstance(last, TextBlock)
        if together:
            groups[-1].append(block)
        else:
            groups.append([block])
    return [Segment(tuple(group)) for group in groups]


def depth(block: Block) -> int:
    """Return how deep in a list a block sits (0 outside lists)."""
    return block.level if isinstance(block, Bullet | Paragraph | Code | Table | Image) else 0


def units(blocks: Sequence[Block], depths: Sequence[int] | None = None) -> list[list[Block]]:
    """Return ``blocks`` cut before each block at the shallowest depth (``nesting``, unless
    ``depths`` gives each block's): an item keeps its nested content, and a step what it
    shows at the margin after it."""
    if not blocks:
        return []
    depths = nesting(blocks) if depths is None else depths
    base = min(depths)
    cut: list[list[Block]] = []
    for block, deep in zip(blocks, depths, strict=True):
        if cut and deep > base:
            cut[-1].append(block)
        else:
            cut.append([block])
    return cut


def nesting(blocks: Sequence[Block]) -> list[int]:
    """Return how deep each of ``blocks`` goes with the blocks before it: its ``depth`` in a
    list, but one deeper than a numbered step for what the step shows written at the margin
    after it (a screenshot, a note, its code or a table, which end a Markdown list: the
    build numbers the steps on over them), so that it moves with the step, as what is
    written under the step does."""
    depths = [depth(block) for block in blocks]
    open_step: dict[int, bool] = {}  # whether the last block at a depth is (or shows) a step
    for index, block in enumerate(blocks):
        deep = depths[index]
        for deeper in [d for d in open_step if d > deep]:
            del open_step[deeper]  # the list it was in has ended
        if isinstance(block, Bullet):
            open_step[deep] = block.number is not None
        elif open_step.get(deep) and shows(block):
            depths[index] = deep + 1
        else:
            open_step[deep] = False
    return depths


def shows(block: Block) -> bool:
    """Return whether ``block`` is what a step shows under its text: a picture on a line of
    its own, code, a table, or a call-out (``calls_out``)."""
    if isinstance(block, Image):
        return not block.inline
    if isinstance(block, Paragraph):
        return calls_out(block)
    return isinstance(block, Code | Table)


CALLOUT_WORDS = 3
"""The most words of a bold label that opens a call-out (``Note:``, ``Security tip:``)."""


def calls_out(paragraph: Paragraph) -> bool:
    """Return whether ``paragraph`` is a call-out: a quotation (a block quote's text, in
    italics: ``> **Note:** ...``), or words led by a bold label and a colon (``**Tip:**``,
    ``**Warning**:``, a GitHub alert's label)."""
    runs = [run for run in paragraph.runs if run.text.strip()]
    if not runs:
        return False
    first, after = runs[0], runs[1].text.lstrip() if len(runs) > 1 else ""
    label = first.text.strip()
    labelled = label.endswith(":") or after.startswith(":")
    if first.style.bold and labelled and len(label.split()) <= CALLOUT_WORDS:
        return True
    return all(run.style.italic or run.style.code for run in runs)


def whole_step(unit: Sequence[Block]) -> bool:
    """Return whether ``unit`` is a step with what belongs to it, which moves to the next
    slide whole rather than be divided where it fits one: a numbered item with content under
    it (its sub-steps, code, note, picture), or any item with more than sub-items."""
    first, rest = unit[0], unit[1:]
    if not isinstance(first, Bullet) or not rest:
        return False
    return first.number is not None or any(not isinstance(b, Bullet) for b in rest)


def flatten(groups: Sequence[Sequence[Block]]) -> list[Block]:
    """Return groups of blocks as one list."""
    return [block for group in groups for block in group]


def tables_in(blocks: Sequence[Block]) -> Iterator[Table]:
    """Yield the tables among ``blocks``, in columns too."""
    for block in blocks:
        if isinstance(block, Table):
            yield block
        elif isinstance(block, Columns):
            yield from tables_in((*block.left.blocks, *block.right.blocks))
