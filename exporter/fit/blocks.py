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
    return block.level if isinstance(block, Bullet | Paragraph | Code | Table) else 0


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
