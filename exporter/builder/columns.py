"""build: find a page's comparison and lay it out as two columns.

A comparison is a list of exactly two items, each led by a bold label, where either both items
are label-only parents with nested lists (``- **AWS Responsibilities**:`` then sub-items), or the
two labels clearly pair up (they share a word, or the page's headings name both). In a numbered
list the labels must pair up: two numbered steps are a sequence, not a comparison. Anything else
stays a single column: a wrong two-column slide is worse than a missing one. Authors decide with
``<!-- layout: two-column -->``, ``<!-- layout: single -->`` and ``<!-- column -->``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from exporter import tokens as t
from exporter.builder.blocks import LineOf, to_blocks
from exporter.builder.inline import inline_text, to_runs
from exporter.model import Column, Columns, Paragraph, Run, Runs, Style

COLUMN_MARK = re.compile(r"^\s*<!--\s*column\s*-->\s*$")
COLUMN_COMMENT = re.compile(r"<!--\s*column\s*-->")
STOP_WORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "by", "for", "from", "in", "is", "of", "on", "or"}
    | {"the", "to", "vs", "versus", "with", "your", "our", "their"}
    # Steps share their verbs ("Create the VPC", "Create subnets"); parties share nouns.
    | {"add", "attach", "build", "check", "choose", "configure", "create", "define", "delete"}
    | {"deploy", "enable", "install", "launch", "make", "open", "review", "run", "select", "set"}
    | {"update", "use", "write"}
)


@dataclass(frozen=True)
class Split:
    """A page cut around its two columns."""

    before: t.Blocks
    """Blocks above the columns, spanning both."""
    columns: Columns
    """The two columns."""
    after: t.Blocks
    """Blocks below the columns, spanning both."""
    problems: tuple[str, ...] = ()
    """What the author should know about how the page was split."""


@dataclass(frozen=True)
class Lead:
    """A list item read as ``**Label**: text`` followed by nested blocks."""

    label: str
    """The bold label without its colon."""
    rest: Runs
    """The text after the label (empty for a label-only parent)."""
    children: t.Blocks
    """The item's nested blocks."""

    def column(self, line_of: LineOf) -> Column:
        """Return this item as a column headed by its label."""
        text = (Paragraph(self.rest),) if self.rest else ()
        return Column(
            (Run(self.label, Style(bold=True)),), text + tuple(to_blocks(self.children, line_of))
        )


def is_column_mark(token: t.Block) -> bool:
    """Return whether ``token`` is a ``<!-- column -->`` directive."""
    return isinstance(token, t.Comment) and bool(COLUMN_MARK.match(token.raw))


def find_columns(
    tokens: t.Blocks, headings: Sequence[str], line_of: LineOf, forced: bool
) -> Split | None:
    """Return the page split into columns, or ``None`` when it is no comparison.

    ``forced`` is set by ``<!-- layout: two-column -->``: any list of two or more items is then
    split in two.
    """
    marks = [i for i, token in enumerate(tokens) if is_column_mark(token)]
    if marks:
        return split_by_hand(tokens, marks[0], line_of)
    lists = [(i, token) for i, token in enumerate(tokens) if isinstance(token, t.ListBlock)]
    for index, found in lists:
        columns = comparison(found, headings, line_of)
        if columns is not None:
            return Split(tokens[:index], columns, tokens[index + 1 :])
    if forced:
        long_list = next(((i, found) for i, found in lists if len(found.items) >= 2), None)
        if long_list is not None:
            index, found = long_list
            return Split(tokens[:index], halves(found, line_of), tokens[index + 1 :])
    return None


def split_by_hand(tokens: t.Blocks, mark: int, line_of: LineOf) -> Split:
    """Return the page cut at its ``<!-- column -->`` mark; a leading heading heads a column."""
    after = tuple(token for token in tokens[mark + 1 :] if not is_column_mark(token))
    sides = [tokens[:mark], after]
    columns = []
    for content in sides:
        heading: Runs = ()
        if content and isinstance(content[0], t.Heading):
            heading, content = to_runs(content[0].children), content[1:]
        columns.append(Column(heading, tuple(to_blocks(content, line_of))))
    problems: list[str] = []
    if sum(is_column_mark(token) for token in tokens) > 1:
        problems.append("only the first <!-- column --> splits a page; the others are ignored")
    if not columns[0].blocks or not columns[1].blocks:
        empty = "left" if not columns[0].blocks else "right"
        problems.append(f"<!-- column --> leaves the {empty} column empty")
    return Split((), Columns(columns[0], columns[1]), (), tuple(problems))


def comparison(token: t.ListBlock, headings: Sequence[str], line_of: LineOf) -> Columns | None:
    """Return the two columns of a comparison list, or ``None`` if it is not one."""
    if len(token.items) != 2:
        return None
    left, right = lead_of(token.items[0]), lead_of(token.items[1])
    if left is None or right is None:
        return None
    # Numbered steps are a sequence, not two parties: they need labels that pair up.
    parents = not token.ordered and all(
        not lead.rest and has_list(lead.children) for lead in (left, right)
    )
    if not parents and not (
        all(lead.rest or lead.children for lead in (left, right))
        and labels_pair(left.label, right.label, headings)
    ):
        return None
    return Columns(left.column(line_of), right.column(line_of))


def halves(token: t.ListBlock, line_of: LineOf) -> Columns:
    """Return a list's items cut into two columns, the first half on the left."""
    items = token.items
    middle = (len(items) + 1) // 2
    sides = []
    for first, part in ((0, items[:middle]), (middle, items[middle:])):
        lead = lead_of(part[0]) if len(part) == 1 else None
        if lead is not None:
            sides.append(lead.column(line_of))
        else:
            # the right half of a numbered list goes on counting from the left half
            half = replace(token, items=part, start=token.start + first)
            sides.append(Column((), tuple(to_blocks((half,), line_of))))
    return Columns(sides[0], sides[1])


def lead_of(item: t.ListItem) -> Lead | None:
    """Return a list item as a ``Lead`` when its text opens with a bold label."""
    children = item.children
    if not children or not isinstance(children[0], t.Paragraph):
        return None
    inline = children[0].children
    if not inline or not isinstance(inline[0], t.Strong):
        return None
    label = inline_text(inline[0].children).strip().rstrip(":").strip()
    rest = list(inline[1:])
    if rest and isinstance(rest[0], t.Text):
        rest[0] = t.Text(rest[0].raw.lstrip().removeprefix(":"))
    if not label:
        return None
    return Lead(label, to_runs(rest), children[1:])


def has_list(tokens: t.Blocks) -> bool:
    """Return whether ``tokens`` hold a list."""
    return any(isinstance(token, t.ListBlock) for token in tokens)


def words(text: str) -> set[str]:
    """Return the significant words of ``text``, lower-cased."""
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in STOP_WORDS}


def labels_pair(left: str, right: str, headings: Sequence[str]) -> bool:
    """Return whether two labels name two sides of one thing.

    They do when they share a significant word (``Shield Standard``, ``Shield Advanced``) or when
    the page's headings name each of them (``RDS vs. Aurora`` over ``RDS`` and ``Aurora``).
    """
    a, b = words(left), words(right)
    if a & b:
        return True
    named = set().union(*(words(heading) for heading in headings)) if headings else set()
    return bool(a & named) and bool(b & named)
