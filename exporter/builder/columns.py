"""build: find a page's comparison and lay it out as two columns.

A candidate is a list of exactly two items, each led by a bold label (``- **Shield Standard**:
...``, or a label-only parent of a nested list). ``evidence.weigh`` scores what the page says for
and against a comparison, and the list becomes two columns only when the evidence is clear; the
verdict travels on the ``Columns`` block. Anything else stays a single column: a wrong two-column
slide is worse than a missing one. Authors decide with ``<!-- layout: two-column -->``,
``<!-- layout: single -->`` and ``<!-- column -->``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from exporter import tokens as t
from exporter.builder.blocks import LineOf, icon_runs, images_in, leading, to_blocks
from exporter.builder.evidence import Setting, Side, weigh
from exporter.builder.inline import inline_text, strip_runs, to_runs
from exporter.model import (
    ENGLISH,
    ICON,
    Column,
    Columns,
    Evidence,
    Paragraph,
    Run,
    Runs,
    Signal,
    Style,
    Verdict,
    Words,
    plain_text,
)

COLUMN_MARK = re.compile(r"^\s*<!--\s*column\s*-->\s*$")
COLUMN_COMMENT = re.compile(r"<!--\s*column\s*-->")
URL_START = re.compile(r"^(?:[a-z][a-z0-9+.-]*://|www\.|mailto:)", re.IGNORECASE)
BY_DIRECTIVE = Verdict(
    (Evidence(Signal.DIRECTIVE, 0, "<!-- layout: two-column -->"),),
    True,
    "two columns: the page's <!-- layout: two-column --> directive",
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
    icons: tuple[t.Inline, ...] = ()
    """The pictures written before its label (``- ![AWS](aws.png) **AWS**:``): its column's
    heading's icons."""
    written: t.Inlines = ()
    """Its label as written (the bold's tokens), pictures among its words too (``- **AWS
    ![shield](shield.png) Responsibilities**:``): its column's heading (``label_runs``)."""

    def column(self, line_of: LineOf, words: Words = ENGLISH) -> Column:
        """Return this item as a column headed by its label (after its icons, if any), its
        text opening with a capital."""
        text = (Paragraph(capitalised(self.rest)),) if self.rest else ()
        blocks = tuple(to_blocks(self.children, line_of, words=words))
        icons = tuple(images_in(self.icons, line_of, inline=True))
        heading = label_runs(self.written, line_of) or (Run(self.label, Style(bold=True)),)
        return Column(heading, text + blocks, icons)

    def side(self) -> Side:
        """Return this item as the evidence reads it."""
        opening = plain_text(self.rest) or first_text(self.children)
        count = len(plain_text(self.rest).split()) + len(block_text(self.children).split())
        return Side(self.label, opening, count, not self.rest and has_list(self.children))


def is_column_mark(token: t.Block) -> bool:
    """Return whether ``token`` is a ``<!-- column -->`` directive."""
    return isinstance(token, t.Comment) and bool(COLUMN_MARK.match(token.raw))


def find_columns(
    tokens: t.Blocks,
    headings: Sequence[str],
    line_of: LineOf,
    forced: bool,
    context: Sequence[str] = (),
    lesson: str = "",
    words: Words = ENGLISH,
) -> Split | None:
    """Return the page split into columns, or ``None`` when it is no comparison.

    ``headings`` are the page's headings, its title first; ``context`` the previous page's
    heading and the lesson's title, which may name both sides; ``lesson`` the lesson's title.
    ``forced`` is set by ``<!-- layout: two-column -->``: any list of two or more items is then
    split in two. ``words`` label the alerts in the columns.
    """
    marks = [i for i, token in enumerate(tokens) if is_column_mark(token)]
    if marks:
        return split_by_hand(tokens, marks[0], line_of, words)
    setting = setting_of(tokens, headings, context, lesson, words.lang)
    lists = [(i, token) for i, token in enumerate(tokens) if isinstance(token, t.ListBlock)]
    for index, found in lists:
        columns = comparison(found, setting, line_of, words)
        if columns is not None and columns.verdict is not None and columns.verdict.columns:
            return Split(tokens[:index], columns, tokens[index + 1 :])
    if forced:
        long_list = next(((i, found) for i, found in lists if len(found.items) >= 2), None)
        if long_list is not None:
            index, found = long_list
            columns = replace(halves(found, line_of, words), verdict=BY_DIRECTIVE)
            return Split(tokens[:index], columns, tokens[index + 1 :])
    return None


def setting_of(
    tokens: t.Blocks,
    headings: Sequence[str],
    context: Sequence[str],
    lesson: str,
    lang: str = "en",
) -> Setting:
    """Return what around the page's lists speaks for or against a comparison, in a lesson
    written in ``lang``."""
    lead = "\n".join(inline_text(b.children) for b in tokens if isinstance(b, t.Paragraph))
    code = any(isinstance(b, t.CodeBlock) for b in tokens)
    return Setting(tuple(headings), lead, tuple(context), lesson, code, lang)


def split_by_hand(tokens: t.Blocks, mark: int, line_of: LineOf, words: Words = ENGLISH) -> Split:
    """Return the page cut at its ``<!-- column -->`` mark; a leading heading heads a column."""
    after = tuple(token for token in tokens[mark + 1 :] if not is_column_mark(token))
    sides = [tokens[:mark], after]
    columns = []
    for content in sides:
        heading: Runs = ()
        if content and isinstance(content[0], t.Heading):
            heading, content = icon_runs(content[0].children, line_of), content[1:]
        columns.append(Column(heading, tuple(to_blocks(content, line_of, words=words))))
    problems: list[str] = []
    if sum(is_column_mark(token) for token in tokens) > 1:
        problems.append("only the first <!-- column --> splits a page; the others are ignored")
    if not columns[0].blocks or not columns[1].blocks:
        empty = "left" if not columns[0].blocks else "right"
        problems.append(f"<!-- column --> leaves the {empty} column empty")
    return Split((), Columns(columns[0], columns[1]), (), tuple(problems))


def comparison(
    token: t.ListBlock, setting: Setting, line_of: LineOf, words: Words = ENGLISH
) -> Columns | None:
    """Return a two-item list of bold lead-ins as columns with the verdict on them, or ``None``
    when the list is no candidate; the verdict says whether the evidence was clear."""
    if len(token.items) != 2:
        return None
    left, right = lead_of(token.items[0]), lead_of(token.items[1])
    if (
        left is None
        or right is None
        or not all(lead.rest or lead.children for lead in (left, right))
    ):
        return None
    verdict = weigh(left.side(), right.side(), token.ordered, setting)
    return Columns(left.column(line_of, words), right.column(line_of, words), verdict=verdict)


def halves(token: t.ListBlock, line_of: LineOf, words: Words = ENGLISH) -> Columns:
    """Return a list's items cut into two columns of about the same length (``middle``), the
    longer first, on the left.

    Two items each led by a bold label are two labelled columns, as a comparison's; any other
    list is cut into two plain lists, each item with its label as written: three groups of
    points had their last group's label made the right column's heading, the left column two
    groups under none, as if the page compared the third group with nothing."""
    items = token.items
    paired = len(items) == 2 and all(lead_of(item) is not None for item in items)
    middle = 1 if paired else middle_of([weight(item.children) for item in items])
    sides = []
    for first, part in ((0, items[:middle]), (middle, items[middle:])):
        lead = lead_of(part[0]) if paired else None
        if lead is not None:
            sides.append(lead.column(line_of, words))
        else:
            # the right half of a numbered list goes on counting from the left half
            half = replace(token, items=part, start=token.start + first)
            sides.append(Column((), tuple(to_blocks((half,), line_of, words=words))))
    return Columns(sides[0], sides[1])


LINE_CHARACTERS = 45
"""About how many characters a line of a column holds, to weigh items (``weight``): the fit
measures, the build only needs the halves about even."""


def weight(tokens: t.Blocks) -> int:
    """Return about how many lines ``tokens`` take in a column: a line for each paragraph,
    heading, list item and line of code, and one more for each ``LINE_CHARACTERS`` of text."""
    lines = 0
    for token in tokens:
        if isinstance(token, t.Paragraph | t.Heading):
            lines += 1 + len(inline_text(token.children)) // LINE_CHARACTERS
        elif isinstance(token, t.ListBlock):
            lines += sum(max(1, weight(item.children)) for item in token.items)
        elif isinstance(token, t.Quote):
            lines += weight(token.children)
        elif isinstance(token, t.CodeBlock):
            lines += max(1, token.text.count("\n") + 1)
        else:
            lines += 1
    return lines


def middle_of(weights: Sequence[int]) -> int:
    """Return where to cut items of ``weights`` into two sides of about the same weight, each
    side at least one item; of two cuts as even, the one with the heavier side on the left."""
    total = sum(weights)
    best, middle, left = None, 1, 0
    for cut in range(1, len(weights)):
        left += weights[cut - 1]
        score = (abs(2 * left - total), left < total - left)
        if best is None or score < best:
            best, middle = score, cut
    return middle


def lead_of(item: t.ListItem) -> Lead | None:
    """Return a list item as a ``Lead`` when its text opens with a bold label, after the
    pictures it may start with (its icons: ``- ![AWS](aws.png) **AWS Responsibilities**:``)."""
    children = item.children
    if not children or not isinstance(children[0], t.Paragraph):
        return None
    icons, inline = leading(children[0].children)
    while icons and inline and isinstance(inline[0], t.Text) and not inline[0].raw.strip():
        inline = inline[1:]  # the space between the icons and the label
    if not inline or not isinstance(inline[0], t.Strong):
        return None
    # Its words alone: a picture among them is an icon in its heading's line, not a word.
    label = " ".join(plain_text(icon_runs(inline[0].children, no_line)).replace(ICON, " ").split())
    label = label.rstrip(":").strip()
    rest = list(inline[1:])
    if rest and isinstance(rest[0], t.Text):
        rest[0] = t.Text(rest[0].raw.lstrip().removeprefix(":"))
    if not label:
        return None
    return Lead(label, to_runs(rest), children[1:], tuple(icons), inline[0].children)


def label_runs(tokens: t.Inlines, line_of: LineOf) -> Runs:
    """Return a column's label written as ``tokens`` as its heading's runs: bold, each
    picture among its words an icon in its line (``blocks.icon_runs``), without the colon
    after it and the spaces around it."""
    runs = strip_runs(icon_runs(tokens, line_of))
    if runs and runs[-1].style.icon is None:
        last = runs[-1].text.rstrip().removesuffix(":").rstrip()
        runs = (*runs[:-1], *((Run(last, runs[-1].style),) if last else ()))
    return tuple(Run(run.text, replace(run.style, bold=True)) for run in strip_runs(runs))


def no_line(needle: str | re.Pattern[str], use: object | None = None) -> int:
    """Return line 0: a label's words are read here, its icons found by ``Lead.column``."""
    return 0


def has_list(tokens: t.Blocks) -> bool:
    """Return whether ``tokens`` hold a list."""
    return any(isinstance(token, t.ListBlock) for token in tokens)


def capitalised(runs: Runs) -> Runs:
    """Return ``runs`` with the first letter upper-cased, unless it is code, a link, an address
    or a word such as ``iOS`` whose case is its own."""
    if not runs:
        return runs
    first = runs[0]
    text = first.text
    word = text.split(maxsplit=1)[0] if text.strip() else ""
    if (
        first.style.code
        or first.style.link
        or not text[:1].islower()
        or URL_START.match(text)
        or any(char.isupper() for char in word[1:])
    ):
        return runs
    return (replace(first, text=text[0].upper() + text[1:]), *runs[1:])


def first_text(tokens: t.Blocks) -> str:
    """Return the text of the first paragraph in ``tokens``, at any depth."""
    for token in tokens:
        if isinstance(token, t.Paragraph):
            return inline_text(token.children)
        if isinstance(token, t.ListBlock) and token.items:
            found = first_text(token.items[0].children)
            if found:
                return found
    return ""


def block_text(tokens: t.Blocks) -> str:
    """Return the words of ``tokens``' paragraphs, headings and code, at any depth."""
    parts: list[str] = []
    for token in tokens:
        if isinstance(token, t.Paragraph | t.Heading):
            parts.append(inline_text(token.children))
        elif isinstance(token, t.ListBlock):
            parts.extend(block_text(item.children) for item in token.items)
        elif isinstance(token, t.Quote):
            parts.append(block_text(token.children))
        elif isinstance(token, t.CodeBlock):
            parts.append(token.text)
    return " ".join(parts)
