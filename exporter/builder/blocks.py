"""build: block tokens → the model's flat blocks, each with its indent level."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Protocol, assert_never
from urllib.parse import unquote

from exporter import tokens as t
from exporter.builder.inline import inline_text, to_runs
from exporter.builder.quizwords import TASK, dropped
from exporter.model import (
    ENGLISH,
    PLAIN,
    Block,
    Bullet,
    Code,
    Image,
    Paragraph,
    Run,
    Runs,
    Style,
    Subheading,
    Table,
    Tone,
    Words,
    boxed,
)
from exporter.text import SOFT_HYPHEN


class LineOf(Protocol):
    """Finds the source line of a piece of the page's text (``source.Page.line_of``): with
    ``use``, of the use of it that is that token (an image written twice)."""

    def __call__(self, needle: str | re.Pattern[str], use: object | None = None) -> int:
        """Return the line ``needle`` is on (``use``'s)."""
        ...


ALERT = re.compile(r"\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*", re.IGNORECASE)
"""The marker that opens a GitHub alert, a block quote of a kind (``> [!NOTE]``)."""


def to_blocks(
    tokens: Iterable[t.Block], line_of: LineOf, level: int = 0, words: Words = ENGLISH
) -> Iterator[Block]:
    """Yield the blocks of ``tokens``, nested content ``level`` deep (``words`` label the
    alerts)."""
    for token in numbered_on(tokens):
        match token:
            case t.Rule() | t.Comment():
                continue  # a rule separates nothing on a slide; a comment is a directive
            case t.Heading(depth, children):
                yield Subheading(icon_runs(children, line_of), depth)
            case t.Paragraph(children):
                yield from paragraph_blocks(children, line_of, level)
            case t.ListBlock():
                yield from list_blocks(token, line_of, level, words)
            case t.CodeBlock(text, info):
                yield Code(text.rstrip("\n").replace(SOFT_HYPHEN, ""), info, level)
            case t.Table():
                yield table_block(token, line_of, level)
            case t.Quote(children):
                yield from quote_blocks(children, line_of, level, words)
            case t.Html(raw):
                yield Paragraph(to_runs((t.Text(raw.strip()),)), level)
            case _:
                assert_never(token)


def numbered_on(tokens: Iterable[t.Block]) -> Iterator[t.Block]:
    """Yield ``tokens``, a numbered list that starts at 1 right after a step's code, picture,
    note or table numbered on from the numbered list before it.

    Markdown ends a list at a block not indented under its item, so steps written with their
    code at the margin (``1. Install it:``, a fence, ``1. Check it:``) read as lists each
    starting at 1; the author meant one procedure, and the slide numbers it so. A heading, or
    a bullet list, between them starts a new one, and so does a list that a paragraph leads
    in (``On Windows:``), or one that starts at another number than 1, as written."""
    after: int | None = None  # the number the next step would take
    previous: t.Block | None = None
    for token in tokens:
        if isinstance(token, t.ListBlock) and token.ordered:
            if token.start == 1 and after is not None and ends_a_step(previous):
                token = replace(token, start=after)
            after = token.start + len(token.items)
        elif isinstance(token, t.Heading | t.ListBlock):
            after = None
        if not isinstance(token, t.Comment):
            previous = token
        yield token


def ends_a_step(token: t.Block | None) -> bool:
    """Return whether ``token``, standing just before a numbered list, is what a step shows
    under its text (code, a picture, a note, a table) rather than words that lead in a list
    of its own."""
    match token:
        case t.CodeBlock() | t.Quote() | t.Table():
            return True
        case t.Paragraph(children):
            return pictured(children)
        case _:
            return False


def quote_blocks(children: t.Blocks, line_of: LineOf, level: int, words: Words) -> Iterator[Block]:
    """Yield a block quote: a GitHub alert (``> [!WARNING]``) opens with its label, bold in
    the accent colour (``Warning:``), its text as written; any other quote's text is set in
    italics, as a quotation."""
    match children:
        case (t.Paragraph((t.Text(opening), *more)), *after) if found := ALERT.match(opening):
            label = getattr(words, found.group(1).lower())
            rest = (t.Text(opening[found.end() :]), *more)
            while rest and rest[0] in (t.SoftBreak(), t.Text("")):
                rest = rest[1:]  # the text on the lines after the marker
            runs = icon_runs(rest, line_of)
            if not worded(runs):  # pictures alone after the label: of their own
                runs = ()
                yield Paragraph((Run(label, ALERT_LABEL),), level)
                yield from images_in(rest, line_of, level=level)
            else:
                yield Paragraph((Run(label, ALERT_LABEL), Run(" "), *runs), level)
            yield from to_blocks(after, line_of, level, words)
        case _:
            for block in to_blocks(children, line_of, level, words):
                yield italic(block)


ALERT_LABEL = Style(bold=True, tone=Tone.ACCENT)
"""How an alert's label is drawn."""


def italic(block: Block) -> Block:
    """Return a block of a quotation with its text in italics (code as it is)."""
    if not isinstance(block, Paragraph | Bullet):
        return block
    runs = tuple(
        run if run.style.code else replace(run, style=replace(run.style, italic=True))
        for run in block.runs
    )
    return replace(block, runs=runs)


def paragraph_blocks(children: t.Inlines, line_of: LineOf, level: int) -> Iterator[Block]:
    """Yield a paragraph's text and its images in the order of its lines: a line that holds
    only images yields them where it stands (a caption written under a picture stays under
    it); images inside a line of text (an icon in a sentence) follow that text."""
    lines: list[list[t.Inline]] = [[]]
    for token in children:
        lines[-1].append(token)
        if isinstance(token, t.SoftBreak | t.LineBreak):
            lines.append([])  # the break ends its line
    text: list[t.Inline] = []
    for line in lettered(lines):
        if pictured(line):
            yield from text_blocks(text, line_of, level)
            text = []
            yield from images_in(line, line_of, level=level)
        else:
            text.extend(line)
    yield from text_blocks(text, line_of, level)


SUB_STEP = re.compile(r"\(?([a-z])[.)][ \t]")
"""A line that opens with a lowercase letter in order, ``a.``, ``b)`` or ``(c)``: a sub-step."""
OPTION = re.compile(r"\(?([A-Z])[.)][ \t]")
"""A line that opens with a capital letter in order, ``A)``, ``B.`` or ``(C)``: an option of a
question no answer marks (which the quiz reads, when one does)."""
DASHES = "\u2014\u2013"
"""An em dash and an en dash, which part a term from its meaning (as a spaced hyphen does)."""
TERM = re.compile(rf"(?P<term>\S[^\n{DASHES}]{{0,39}}?)[ \t]+[{DASHES}-][ \t]+\S")
"""A line that opens with a term and a dash before what it means: ``MTU — maximum
transmission unit``, ``Hop - one router crossed``."""
TERM_WORDS = 4
"""The most words a term of a glossary's line has (``Default gateway``, ``Time to live``)."""
AFTER_TERM = re.compile(rf"[ \t]*(?:[:{DASHES}]|-[ \t])")
"""What follows a bold or code term before its meaning: a colon or a dash."""


def lettered(lines: list[list[t.Inline]]) -> list[list[t.Inline]]:
    """Return a paragraph's ``lines`` with the line break before each of its entries kept.

    Markdown runs the lines of a paragraph together into a sentence, but authors write
    entries one a line: sub-steps under a step (``a. For **Key pair name**, enter
    ``lab-key``.``, ``b. For...``), a question's options (``A) 80``, ``B) 443``) and a
    glossary (``PDU — protocol data unit``, ``**MTU**: maximum transmission unit``). Where two
    lines or more open with the letters from ``a`` (or ``A``) in order, or every line of two
    or more is a term and its meaning, the break before each entry stays a break, so that
    each starts a line (an entry's own lines after its first still run on)."""
    starts = (
        lettered_starts(lines, SUB_STEP, "a")
        or lettered_starts(lines, OPTION, "A")
        or glossary_starts(lines)
    )
    if len(starts) < 2:
        return lines
    kept = [list(line) for line in lines]
    for index in starts:
        before = kept[index - 1] if index else None
        if before and isinstance(before[-1], t.SoftBreak):
            before[-1] = t.LineBreak()
    return kept


def lettered_starts(lines: list[list[t.Inline]], letter: re.Pattern[str], first: str) -> list[int]:
    """Return the lines that open with a ``letter`` from ``first`` on in order, where two do."""
    starts: list[int] = []
    for index, line in enumerate(lines):
        opening = line[0] if line else None
        found = letter.match(opening.raw) if isinstance(opening, t.Text) else None
        if found is not None and found.group(1) == chr(ord(first) + len(starts)):
            starts.append(index)
    return starts if len(starts) > 1 else []


def glossary_starts(lines: list[list[t.Inline]]) -> list[int]:
    """Return the lines of a glossary written one term a line, where a paragraph is one: two
    terms or more, every line a term and its meaning, or, where a meaning goes on over a
    line that opens in lower case, every term a line that does not (so that prose whose
    lines open with a word and a dash, ``prose — as it was written``, stays prose)."""
    if len(lines) < 2:
        return []
    terms = [defines(line) for line in lines]
    if all(terms):
        return list(range(len(lines)))
    opening = [inline_text(line)[:1] for line in lines]
    starts = [i for i, term in enumerate(terms) if term and not opening[i].islower()]
    went_on = all(opening[i].islower() for i in range(len(lines)) if i not in starts)
    return starts if starts[:1] == [0] and len(starts) > 1 and went_on else []


def defines(line: list[t.Inline]) -> bool:
    """Return whether a paragraph's ``line`` opens with a term and then what it means: a
    short term and a dash (``Hop — one router crossed``), or a bold or code term and a colon
    or a dash (``**Hop**: one router crossed``)."""
    match line:
        case [t.Strong(label) | t.Emphasis([t.Strong(label)]), t.Text(raw), *_] if AFTER_TERM.match(
            raw
        ):
            return len(inline_text(label).split()) <= TERM_WORDS
        case [t.Strong(label), *_] if inline_text(label).rstrip().endswith(":"):
            return len(inline_text(label).split()) <= TERM_WORDS
        case [t.CodeSpan(), t.Text(raw), *_] if AFTER_TERM.match(raw):
            return True
    found = TERM.match(inline_text(line))
    return found is not None and len(found.group("term").split()) <= TERM_WORDS


def pictured(line: Sequence[t.Inline]) -> bool:
    """Return whether a paragraph's line holds images and nothing else but space."""
    shown = False
    for token in line:
        match token:
            case t.Image() | t.Link(_, [t.Image()]):
                shown = True
            case t.Text(raw) if not raw.strip():
                continue
            case t.SoftBreak() | t.LineBreak():
                continue
            case _:
                return False
    return shown


def text_blocks(tokens: Sequence[t.Inline], line_of: LineOf, level: int) -> Iterator[Block]:
    """Yield lines of a paragraph as one paragraph (without the break ending the last), the
    pictures its text starts with its icons (``leading``), each picture inside or at the end
    of its text an icon in its line (``Style.icon``); pictures without text, on their own."""
    tokens = list(tokens)
    while tokens and isinstance(tokens[-1], t.SoftBreak | t.LineBreak):
        tokens.pop()
    lead, rest = leading(tokens)
    icons = tuple(images_in(lead, line_of, inline=True))  # first: written first
    runs = to_runs(rest, tuple(images_in(rest, line_of, inline=True)))
    if worded(runs):
        yield Paragraph(runs, level, icons=icons)
    else:
        yield from images_in(tokens, line_of, level=level)  # pictures alone: of their own


def worded(runs: Runs) -> bool:
    """Return whether ``runs`` hold a word, not only icons and space."""
    return any(run.style.icon is None and run.text.strip() for run in runs)


def icon_runs(tokens: Sequence[t.Inline], line_of: LineOf, alone: bool = False) -> Runs:
    """Return the runs of inline ``tokens`` (a heading's, a table cell's, an alert's, a quiz
    option's), each picture written among their words an icon in its line (``Style.icon``),
    wherever it stands; where they hold no word, their pictures are icons only if ``alone``
    (a table's cell of a tick), else the words ``to_runs`` makes of them (alt text)."""
    runs = to_runs(tokens, tuple(images_in(tokens, line_of, inline=True)))
    return runs if alone or worded(runs) else to_runs(tokens)


def leading(tokens: Sequence[t.Inline]) -> tuple[list[t.Inline], list[t.Inline]]:
    """Return the pictures a line of text starts with (``![EC2](ec2.png) **Amazon EC2**``,
    a linked one too, spaces between them) and the tokens after them: the text's icons."""
    at = 0
    for index, token in enumerate(tokens):
        match token:
            case t.Image() | t.Link(_, [t.Image()]):
                at = index + 1
            case t.Text(raw) if not raw.strip():
                continue
            case _:
                break
    return list(tokens[:at]), list(tokens[at:])


def images_in(
    tokens: Iterable[t.Inline], line_of: LineOf, inline: bool = False, level: int = 0
) -> Iterator[Image]:
    """Yield the images among inline ``tokens`` (at any depth, such as inside a link), each
    ``inline`` (written inside a line of text) or not, written ``level`` deep in a list."""
    for token in tokens:
        match token:
            case (
                t.Text()
                | t.InlineHtml()
                | t.CodeSpan()
                | t.SoftBreak()
                | t.LineBreak()
                | t.FootnoteRef()
            ):
                continue  # a footnote's pictures are not shown: its note is a line of text
            case t.Image(src, children, tag):
                # Written as mistune reads it, or percent-decoded, or in <angle brackets>; or
                # as an <img> tag's src.
                forms = "|".join(re.escape(form) for form in dict.fromkeys((src, unquote(src))))
                where = re.compile(rf"(?:\]\(\s*<?|\b(?i:src)\s*=\s*[\"']?)(?:{forms})")
                line = line_of(where, token)  # this use's, if the address is used again
                yield Image(src, inline_text(children), line, inline, level, tag)
            case t.Strong(children) | t.Emphasis(children) | t.Strikethrough(children):
                yield from images_in(children, line_of, inline, level)
            case t.Link(_, children):
                yield from images_in(children, line_of, inline, level)
            case _:
                assert_never(token)


def list_blocks(
    token: t.ListBlock, line_of: LineOf, level: int, words: Words = ENGLISH
) -> Iterator[Block]:
    """Yield each item of a list as a ``Bullet`` followed by its nested content."""
    for index, item in enumerate(token.items):
        number = token.start + index if token.ordered else None
        yield from item_blocks(item, line_of, level, number, words)


def item_blocks(
    item: t.ListItem, line_of: LineOf, level: int, number: int | None, words: Words = ENGLISH
) -> Iterator[Block]:
    """Yield one list item: its first paragraph as the bullet, the rest one level deeper."""
    children = [child for child in item.children if not isinstance(child, t.Rule)]
    lead = children[0] if children and isinstance(children[0], t.Paragraph) else None
    if lead is None:  # an item that opens with code or a list has no text of its own
        yield from to_blocks(children, line_of, level, words)
        return
    blocks = list(paragraph_blocks(lead.children, line_of, level + 1))
    first = blocks[0] if blocks else None
    if isinstance(first, Paragraph):  # its first lines are the bullet's text
        runs, check = task_box(first.runs)
        if number is not None and check is not None:  # its number, then its box
            runs, check = boxed(runs, check), None
        yield Bullet(runs, level, number, icons=first.icons, check=check)
        blocks = blocks[1:]
    yield from blocks  # a picture on a line of its own, and a caption under it, in order
    yield from to_blocks(children[1:], line_of, level + 1, words)


def task_box(runs: Runs) -> tuple[Runs, bool | None]:
    """Return a bullet's text without the task box it opens with (``[ ] Run it``, ``[x]
    Done``, as GitHub draws a task list) and whether the box is ticked; ``runs`` and ``None``
    where it opens with none (the box in plain text, not in code)."""
    box = TASK.match(runs[0].text) if runs and runs[0].style == PLAIN else None
    if box is None:
        return runs, None
    return dropped(runs, box.end()), box.group(1) != " "


def table_block(token: t.Table, line_of: LineOf, level: int = 0) -> Table:
    """Return a table token as a ``Table``, every row as wide as the header, written
    ``level`` deep in a list; each picture in a cell an icon in its line (``icon_runs``)."""
    header = tuple(icon_runs(cell.children, line_of, alone=True) for cell in token.head)
    align = tuple(cell.align for cell in token.head)
    rows = []
    for row in token.rows:
        cells = [icon_runs(cell.children, line_of, alone=True) for cell in row][: len(header)]
        rows.append(tuple(cells + [()] * (len(header) - len(cells))))
    return Table(header, tuple(rows), align, level)
