"""parse: Markdown → typed blocks, and the HTML comments the parser sees, with their lines.

The only module that imports mistune, and the lesson's only reader of Markdown. A lesson's body
is parsed once, as a whole (``read_markdown``): that one reading decides what is an HTML comment,
so a ``<!-- pagebreak -->`` in code (fenced, indented, inline) or inside a raw HTML block is
text, never a directive. mistune's tokens carry no line numbers: the block state below learns,
for each container it opens (a block quote, a list item), which line of the text its first line
is, and so each comment's line is known exactly, however deeply it is nested.

Block quotes and list items nested more than ``NESTING`` deep are not read as containers: the
deeper lines stay text of the innermost one (flattened, not lost), so that no input can exhaust
the stack here, in build or in fit. ``Document.too_deep`` names the first such line.

Everything past this module is typed (``exporter.tokens``): mistune's dictionaries never leave it.
"""

from __future__ import annotations

import functools
import itertools
import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

from mistune import BlockParser, BlockState, InlineParser, Markdown
from mistune.plugins import import_plugin
from mistune.plugins.footnotes import INLINE_FOOTNOTE, REF_FOOTNOTE
from mistune.plugins.table import NP_TABLE_PATTERN, TABLE_PATTERN
from mistune.util import unikey

from exporter import tokens as t
from exporter.imgtags import block_images, inline_image

Token = dict[str, Any]
Env = MutableMapping[str, Any]

NESTING = 16
"""How deep block quotes and list items may nest; deeper ones are read as text."""

NEWLINE = re.compile("\n")
# A list item whose marker line holds nothing else starts on the next line (CommonMark 5.2).
EMPTY_ITEM = re.compile(r"[ \t]*(?:[*+-]|\d{1,9}[.)])[ \t]*$", re.MULTILINE)
AT = "lesson_export_at"
"""The key under which a token keeps its state's ``Lines`` and the position it starts at."""
END = "lesson_export_end"
PARTS = "lesson_export_parts"
"""Where a paragraph's text does not follow on: (offset in its text, position) for each."""
DEFINITIONS = "lesson_export_definitions"
TOO_DEEP = "lesson_export_too_deep"
UNCLOSED = "lesson_export_unclosed"
"""Where the first fenced code block that is never closed starts (its ``Lines``, position)."""
CROWDED = "lesson_export_crowded"
"""Each table row with more cells than its header: its ``Lines``, position, and both counts."""
FOOTNOTES = "lesson_export_footnotes"
"""Each footnote's definition (``[^1]: ...``): its ``Lines``, position, key (as references
find it and as written) and text."""
NOTES = "ref_footnotes"
"""The footnotes' texts by key, where a reference finds them (mistune's own key)."""
NOTED = "lesson_export_noted"
"""The keys of the footnotes referenced so far, in the order of their first reference."""
COMMENT_START = "<!--"


@dataclass(frozen=True)
class Comment:
    """An HTML comment where the parser sees one: an HTML block or inside a paragraph."""

    raw: str
    """The comment as written: a whole HTML block that opens with ``<!--`` (it may hold more
    comments, or none closed), or one inline comment."""
    line: int
    """The line of the parsed text it starts on (0-based)."""
    top: int | None
    """Its index among the document's top-level blocks, when it is one of them."""


@dataclass(frozen=True)
class Footnote:
    """A footnote's definition (``[^1]: text``), which references on its page show."""

    line: int
    """The line of the parsed text it starts on (0-based)."""
    key: str
    """Its key as references find it (``unikey``: case and spaces folded)."""
    written: str
    """Its key as written."""
    text: str
    """Its text as written, its further lines indented."""


@dataclass(frozen=True)
class Document:
    """A lesson's body parsed once: where its comments are, and its blocks, to type by page."""

    comments: tuple[Comment, ...]
    """Every comment the parser sees, in the order of the text."""
    size: int
    """How many top-level blocks the text has (``Comment.top`` counts among them)."""
    too_deep: int | None
    """The first line (0-based) whose nesting was read as text (see ``NESTING``)."""
    tokens: tuple[Token, ...]
    """mistune's top-level tokens, before inline parsing (for ``blocks``, not to be read)."""
    definitions: tuple[tuple[int, str, Token], ...]
    """Each link reference definition: its line, its key and what it defines."""
    rules: tuple[int, ...] = ()
    """The line (0-based) of each thematic break (``---``) the parser sees, at any depth."""
    unclosed: int | None = None
    """The line (0-based) of the first fenced code block never closed, which runs to the end
    of what holds it (the lesson, a list item, a quote), page breaks and all."""
    crowded: tuple[tuple[int, int, int], ...] = ()
    """Each table row with more cells than its header: its line (0-based), how many cells
    it has and how many the header has (the rest are left out, as GitHub leaves them)."""
    footnotes: tuple[Footnote, ...] = ()
    """Each footnote's definition (``[^1]: text``), in the order of the text."""

    def blocks(self, start: int, stop: int, lines: range) -> t.Blocks:
        """Return the typed top-level blocks ``start`` to ``stop`` (excluded), their links
        resolved with the references defined on ``lines``, as if that part stood alone."""
        links: dict[str, Token] = {}
        for line, key, target in self.definitions:
            if line in lines:
                links.setdefault(key, target)
        notes: dict[str, str] = {}
        for note in self.footnotes:
            if note.line in lines:
                notes.setdefault(note.key, note.text)
        env = {"ref_links": links, NOTES: notes}
        return tuple(typed_blocks(self.tokens[start:stop], env))


class Lines:
    """The text of one block state, and where it starts in the whole text, to count lines.

    It holds nothing of the state's tokens, so that tokens noting where they start (``AT``)
    make no reference cycle and are freed as soon as they are dropped.
    """

    __slots__ = ("first", "newlines", "origin", "src")

    def __init__(self, src: str, origin: Origin | None) -> None:
        self.src = src
        self.origin = origin
        """Where this container's content starts in its parent's text (``None``: the root)."""
        self.first: int | None = None if origin else 0
        self.newlines: list[int] | None = None

    def line_at(self, position: int) -> int:
        """Return the line of the whole text holding ``position`` of this text."""
        if self.first is None:
            assert self.origin is not None
            parent, at, item = self.origin
            # An item whose marker line holds nothing else starts on the next line.
            empty = item and EMPTY_ITEM.match(parent.src, at) is not None
            self.first = parent.line_at(at) + empty
        if self.newlines is None:
            self.newlines = [match.start() for match in NEWLINE.finditer(self.src)]
        return self.first + bisect_left(self.newlines, position)


Origin = tuple[Lines, int, bool]
"""A container's parent text, the position its content starts at, and whether it is a list
item (whose content starts a line later when its marker line holds nothing else)."""


class LineState(BlockState):
    """mistune's block state, able to tell which line of the whole text a position is on.

    Tokens note where they start as a position in their state's text (``AT``); lines are
    counted only for what needs one (a comment, a link definition), when it is asked for.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.origin = parent.child_origin if isinstance(parent, LineState) else None
        self.child_origin: Origin | None = None
        self.opened: list[Opening] = []
        self.lines = Lines("", self.origin)

    def process(self, src: str) -> None:
        """Take ``src`` as this state's text."""
        super().process(src)
        self.lines = Lines(src, self.origin)

    def line_at(self, position: int) -> int:
        """Return the line of the whole text holding ``position`` of this state's text."""
        return self.lines.line_at(position)

    def child_state(self, src: str, *args: Any, **kwargs: Any) -> BlockState:
        """Return the state for a container's content, told where it starts."""
        if not self.opened:
            self.child_origin = (self.lines, self.cursor, False)
        else:
            opening = self.opened[-1]
            self.child_origin = (self.lines, opening.position, opening.item)
            if opening.item:  # the list has read up to the next item's marker line, if any
                opening.position = self.src.rfind("\n", 0, max(self.cursor - 1, 0)) + 1
        return super().child_state(src, *args, **kwargs)

    def add_paragraph(self, text: str) -> None:
        """Add ``text`` to the paragraph, noting where it starts."""
        last = self.last_token()
        before = len(last["text"]) if last is not None and last["type"] == "paragraph" else None
        super().add_paragraph(text)
        self.note_text(self.tokens[-1], before)

    def append_paragraph(self) -> int | None:
        """Add the cursor's line to the paragraph, if the last block is one."""
        last = self.last_token()
        before = len(last["text"]) if last is not None and last["type"] == "paragraph" else None
        end = super().append_paragraph()
        if end:
            self.note_text(last, before)
        return end

    def note_text(self, paragraph: Token, before: int | None) -> None:
        """Note where the text just added to ``paragraph`` at the cursor starts.

        ``before`` is the length its text had (``None`` for a new one). mistune may add a
        line to a paragraph from further on (a lazy line after a block quote that interrupted
        it): each part of the text that does not follow on is noted (``PARTS``).
        """
        if before is None:
            paragraph[AT] = (self.lines, self.cursor)
        elif self.cursor != paragraph[END]:
            paragraph.setdefault(PARTS, [(0, paragraph[AT][1])]).append((before, self.cursor))
        paragraph[END] = self.cursor + len(paragraph["text"]) - (before or 0)

    def append_token(self, token: Token) -> None:
        """Add ``token``, noting where a leaf with text starts (at the cursor)."""
        if "text" in token or token["type"] in ("table", "thematic_break"):
            token[AT] = (self.lines, self.cursor)
        super().append_token(token)


@dataclass
class Opening:
    """A container being read: where its next child's content starts."""

    item: bool
    """A list (whose items follow one another) rather than a block quote."""
    position: int


class LineParser(BlockParser):
    """mistune's block parser, noting positions and bounding how deep containers nest."""

    state_cls = LineState

    def parse_block_quote(self, m: re.Match[str], state: BlockState) -> int | None:  # type: ignore[override]
        """Parse a block quote, or leave it to be text when it would nest too deep.

        A quote ended by a block that is not its own (a list after a lazy line) is put before
        that block; mistune puts it before the last token, which is not that block when the
        block was itself ended by another (a list, then an HTML block).
        """
        count = len(state.tokens)
        end = self.contain(False, m, state, super().parse_block_quote)
        quotes = [
            i for i in range(count, len(state.tokens)) if state.tokens[i]["type"] == "block_quote"
        ]
        if quotes and quotes[-1] != count:
            state.tokens.insert(count, state.tokens.pop(quotes[-1]))
        return end

    def parse_list(self, m: re.Match[str], state: BlockState) -> int | None:  # type: ignore[override]
        """Parse a list, or leave it to be text when it would nest too deep."""
        return self.contain(True, m, state, super().parse_list)

    def contain(
        self,
        item: bool,
        m: re.Match[str],
        state: BlockState,
        parse: Callable[[re.Match[str], BlockState], int | None],
    ) -> int | None:
        """Parse a container with ``parse``, its children told where they start."""
        assert isinstance(state, LineState)
        if state.depth() >= NESTING:
            state.env.setdefault(TOO_DEEP, state.line_at(m.start()))
            return None
        state.opened.append(Opening(item, m.start()))
        try:
            return parse(m, state)
        finally:
            state.opened.pop()

    def parse_fenced_code(self, m: re.Match[str], state: BlockState) -> int | None:
        """Parse a fenced code block, noting the first one that is never closed."""
        end = super().parse_fenced_code(m, state)
        marker = m.group("fenced_2")
        if end is not None and UNCLOSED not in state.env:
            closing = re.compile(rf"^ {{0,3}}{re.escape(marker[0])}{{{len(marker)},}}[ \t]*$", re.M)
            if closing.search(state.src, m.end() + 1) is None:
                state.env[UNCLOSED] = (lines_of(state), m.start())
        return end

    def parse_raw_html(self, m: re.Match[str], state: BlockState) -> int | None:
        """Parse an HTML block, noting where it starts."""
        count = len(state.tokens)
        end = super().parse_raw_html(m, state)
        if len(state.tokens) > count and state.tokens[-1]["type"] == "block_html":
            state.tokens[-1][AT] = (lines_of(state), m.start())
        return end

    def parse_ref_link(self, m: re.Match[str], state: BlockState) -> int | None:
        """Parse a link reference definition, noting where (to scope it to its page)."""
        links = state.env["ref_links"]
        found: dict[str, Token] = {}
        state.env["ref_links"] = found
        try:
            end = super().parse_ref_link(m, state)
        finally:
            state.env["ref_links"] = links
        for key, target in found.items():
            state.env.setdefault(DEFINITIONS, []).append((lines_of(state), m.start(), key, target))
            links.setdefault(key, target)
        return end

    def parse_ref_footnote(self, m: re.Match[str], state: BlockState) -> int:
        """Parse a footnote's definition (``[^1]: text``), the first of its key kept, noting
        where (to scope it to its page and warn when nothing refers to it)."""
        written = m.group("footnote_key")
        key = unikey(written)
        text = m.group("footnote_text")
        state.env.setdefault(NOTES, {}).setdefault(key, text)
        state.env.setdefault(FOOTNOTES, []).append((lines_of(state), m.start(), key, written, text))
        return m.end()


def lines_of(state: BlockState) -> Lines:
    """Return the lines of ``state``, one of ours."""
    assert isinstance(state, LineState)
    return state.lines


def line_of(token: Token, offset: int = 0) -> int:
    """Return the line of the whole text that ``offset`` of ``token``'s text is on."""
    lines: Lines
    lines, position = token[AT]
    start = 0
    for part, at in token.get(PARTS, ()):
        if part <= offset:
            start, position = part, at
    text: str = token.get("text", "")
    return lines.line_at(position) + text.count("\n", start, offset)


# Tables, as GitHub reads them.

ALIGNMENTS = (
    (re.compile(r"^:-+:$"), "center"),
    (re.compile(r"^:-+$"), "left"),
    (re.compile(r"^-+:$"), "right"),
    (re.compile(r"^-*$"), None),
)
"""A delimiter row's cell, and how its column is aligned (an empty cell: not at all)."""
NOT_ALIGNED = "not"
"""A delimiter cell that is none of ``ALIGNMENTS``: the rows are no table."""


def piped_row(line: str) -> str | None:
    """Return a table row's cells' text between its outer pipes, or ``None`` when ``line``
    does not open and close with one (up to 3 spaces before it, any after it)."""
    text = line.rstrip("\n").rstrip(" \t")
    if not text.startswith("|"):
        text = text.lstrip(" ")
    if len(text) < 2 or not text.startswith("|") or not text.endswith("|"):
        return None
    return text[1:-1]


def bare_row(line: str) -> str | None:
    """Return a table row without outer pipes as it is, or ``None`` when it has no pipe."""
    text = line.rstrip("\n").rstrip(" \t")
    return text if "|" in text else None


def cells_of(text: str) -> list[str]:
    """Return the cells of a table row's text: split at each pipe not escaped (``\\|``), each
    escaped pipe then a pipe, inline code's too (as GitHub reads them)."""
    bounds, escaped = [-1], False
    for at, char in enumerate(text):
        if char == "|" and not escaped:
            bounds.append(at)
        escaped = char == "\\" and not escaped
    bounds.append(len(text))
    return [text[a + 1 : b].strip().replace("\\|", "|") for a, b in itertools.pairwise(bounds)]


def alignment(cell: str) -> str | None:
    """Return how a delimiter row's ``cell`` aligns its column, or ``NOT_ALIGNED``."""
    for pattern, align in ALIGNMENTS:
        if pattern.match(cell):
            return align
    return NOT_ALIGNED


def parse_table(
    row_of: Callable[[str], str | None], block: BlockParser, m: re.Match[str], state: BlockState
) -> int | None:
    """Parse a table as GitHub does: a header row, a delimiter row with as many cells, then
    each row up to the first line that is none: a row with fewer cells than the header is
    given empty ones, one with more loses the rest (noted, ``CROWDED``). mistune's own plugin
    reads a table with one such row as a paragraph, its pipes and all."""
    header = row_of(m.group(0))
    delimiter = row_of(state.get_line(m.end()))
    if header is None or delimiter is None:
        return None
    heads, aligns = cells_of(header), [alignment(cell) for cell in cells_of(delimiter)]
    if len(heads) != len(aligns) or NOT_ALIGNED in aligns:
        return None

    def row(cells: list[str], head: bool) -> Token:
        return {
            "type": "table_row",
            "children": [
                {"type": "table_cell", "text": text, "attrs": {"align": align, "head": head}}
                for text, align in zip(cells, aligns, strict=True)
            ],
        }

    position = m.end() + len(state.get_line(m.end()))
    rows = []
    while position < state.cursor_max:
        line = state.get_line(position)
        text = row_of(line)
        if text is None:
            break
        cells = cells_of(text)
        if len(cells) > len(heads):
            note = (lines_of(state), position, len(cells), len(heads))
            state.env.setdefault(CROWDED, []).append(note)
        rows.append(row((cells + [""] * len(heads))[: len(heads)], False))
        position += len(line)
    head = {"type": "table_head", "children": row(heads, True)["children"]}
    state.append_token(
        {"type": "table", "children": [head, {"type": "table_body", "children": rows}]}
    )
    return position


def gfm_tables(md: Markdown) -> None:
    """mistune's table plugin's rules (pipe tables, with outer pipes and without), reading
    tables as GitHub does (``parse_table``): inside list items and block quotes too (a lab's
    step comparing ports), which mistune's rules alone read as a paragraph of pipes."""
    rules = (("table", TABLE_PATTERN, piped_row), ("nptable", NP_TABLE_PATTERN, bare_row))
    for name, pattern, row_of in rules:
        md.block.register(name, pattern, functools.partial(parse_table, row_of), "paragraph")
        for inside in (md.block.list_rules, md.block.block_quote_rules):
            md.block.insert_rule(inside, name, before="paragraph")


# Footnotes, as GitHub reads them: ``[^1]`` refers to the note ``[^1]: text`` defines.


def read_footnote_ref(inline: InlineParser, m: re.Match[str], state: Any) -> int:
    """Read a reference to a footnote (``[^1]``): numbered in the order of first references,
    carrying its note's text (its inline tokens); as written when no note has its key."""
    key = unikey(m.group("footnote_key"))
    notes = state.env.get(NOTES) or {}
    if key not in notes:
        state.append_token({"type": "text", "raw": m.group(0)})
        return m.end()
    noted = state.env.setdefault(NOTED, [])
    if key not in noted:
        noted.append(key)
    lines = (line.strip() for line in notes[key].splitlines())
    text = "\n".join(line for line in lines if line)
    # The note's own references stay as written (a note never refers to itself, round).
    note = MARKDOWN.inline(text, {"ref_links": state.env.get("ref_links", {})})
    attrs = {"index": noted.index(key) + 1, "note": note}
    state.append_token({"type": "footnote_ref", "raw": key, "attrs": attrs})
    return m.end()


def footnotes(md: Markdown) -> None:
    """The rules of footnotes (as mistune's plugin reads them, without its list of notes
    appended to the text): a definition is noted (``LineParser.parse_ref_footnote``), a
    reference carries its note (``read_footnote_ref``)."""
    md.inline.register("footnote", INLINE_FOOTNOTE, read_footnote_ref, before="link")
    read = LineParser.parse_ref_footnote
    md.block.register("ref_footnote", REF_FOOTNOTE, read, "ref_link")  # type: ignore[arg-type]


MARKDOWN = Markdown(
    renderer=None,
    block=LineParser(max_nested_level=NESTING + 2),
    inline=InlineParser(),
    plugins=[gfm_tables, footnotes, *(import_plugin(name) for name in ("strikethrough", "url"))],
)


def read_state(text: str) -> LineState:
    """Return mistune's block state for ``text``, block-parsed (inline text not yet parsed)."""
    state = LineState()
    state.process(text if text.endswith("\n") else text + "\n")
    for hook in MARKDOWN.before_parse_hooks:
        hook(MARKDOWN, state)
    MARKDOWN.block.parse(state)
    return state


def read_markdown(text: str) -> Document:
    """Return ``text`` parsed once: its comments with their lines, its blocks to type."""
    state = read_state(text)
    tokens = tuple(state.tokens)
    comments = tuple(comments_in(tokens, state.env))
    definitions = tuple(
        (where.line_at(position), key, target)
        for where, position, key, target in state.env.get(DEFINITIONS, ())
    )
    rules = tuple(line_of(node) for node in walk(tokens) if node["type"] == "thematic_break")
    unclosed = state.env.get(UNCLOSED)
    crowded = tuple(
        (where.line_at(position), count, heads)
        for where, position, count, heads in state.env.get(CROWDED, ())
    )
    footnotes = tuple(
        Footnote(where.line_at(position), key, written, text)
        for where, position, key, written, text in state.env.get(FOOTNOTES, ())
    )
    return Document(
        comments,
        len(tokens),
        state.env.get(TOO_DEEP),
        tokens,
        definitions,
        rules,
        None if unclosed is None else unclosed[0].line_at(unclosed[1]),
        crowded,
        footnotes,
    )


def parse_markdown(text: str) -> t.Blocks:
    """Return the typed blocks of ``text`` (a page, or any Markdown standing alone)."""
    state = read_state(text)
    return tuple(typed_blocks(state.tokens, state.env))


# Finding comments.


def comments_in(tokens: tuple[Token, ...], env: Env) -> list[Comment]:
    """Return the comments in the top-level ``tokens``, at any depth, in the order of the text."""
    found: list[Comment] = []
    for index, token in enumerate(tokens):
        stack = [token]
        while stack:
            node = stack.pop()
            kind = node["type"]
            if kind == "block_html":
                if node["raw"].lstrip().startswith(COMMENT_START):
                    top = index if node is token else None
                    found.append(Comment(node["raw"].strip(), line_of(node), top))
            elif kind == "table":
                found.extend(table_comments(node, env))
            elif "children" in node:
                stack.extend(reversed(node["children"]))
            elif COMMENT_START in node.get("text", ""):
                where = functools.partial(line_of, node)
                found.extend(inline_comments(node["text"], where, env))
    return found


def walk(tokens: Iterable[Token]) -> Iterator[Token]:
    """Yield block ``tokens`` and the blocks inside them, in the order of the text."""
    for token in tokens:
        yield token
        if token["type"] != "table":
            yield from walk(token.get("children") or [])


def table_comments(table: Token, env: Env) -> Iterator[Comment]:
    """Yield the comments in the cells of ``table``, each row on a line of its own."""
    head, *bodies = table["children"]
    rows = [(0, head), *((2 + i, row) for body in bodies for i, row in enumerate(body["children"]))]
    for below, row in rows:
        for cell in row["children"]:
            if COMMENT_START in cell["text"]:
                line = line_of(table) + below
                yield from inline_comments(cell["text"], always(line), env)


def always(line: int) -> Callable[[int], int]:
    """Return a function that gives ``line`` for any offset (in a one-line text)."""
    return lambda _: line


def inline_comments(text: str, line_at: Callable[[int], int], env: Env) -> Iterator[Comment]:
    """Yield the comments the inline parser sees in ``text``, ``line_at`` an offset in it.

    A comment is the first occurrence of its characters in ``text`` that no token before it
    (a code span, escaped text, an earlier comment) holds, so that the same characters inside
    inline code earlier on are not taken for it.
    """
    before: list[str] = []
    for token in flat(MARKDOWN.inline(text.strip(" \r\n\t\f"), env)):
        raw = token.get("raw")
        if not isinstance(raw, str):
            continue
        if token["type"] == "inline_html" and raw.startswith(COMMENT_START):
            found = nth(text, raw, "\0".join(before).count(raw))
            yield Comment(raw, line_at(found), None)
        before.append(raw)


def nth(text: str, needle: str, skip: int) -> int:
    """Return where ``needle`` occurs in ``text`` after ``skip`` occurrences (or last does)."""
    found = text.find(needle)
    for _ in range(skip):
        later = text.find(needle, found + len(needle))
        if later < 0:
            break
        found = later
    return max(found, 0)


def flat(tokens: list[Token]) -> Iterator[Token]:
    """Yield inline ``tokens`` and the tokens inside them, in the order of the text."""
    for token in tokens:
        yield token
        yield from flat(token.get("children") or [])


# Typing mistune's tokens.


def typed_blocks(tokens: Iterable[Token], env: Env) -> list[t.Block]:
    """Return the typed blocks of mistune's block ``tokens`` (blank lines left out)."""
    typed = []
    for token in tokens:
        kind = token["type"]
        if kind == "blank_line" or (kind == "block_code" and is_blank_code(token)):
            continue
        convert = BLOCKS.get(kind)
        if convert is None:
            raise ValueError(f"mistune gave a block of unknown kind {kind!r}")
        typed.append(convert(token, env))
    return typed


def is_blank_code(token: Token) -> bool:
    """Return whether a code ``token`` is indented code of white space only.

    mistune reads a line of white space after a heading or an HTML block as indented code; in
    CommonMark it is a blank line (and it would show as an empty box).
    """
    return token.get("style") == "indent" and not token["raw"].strip()


def inlines(token: Token, env: Env) -> t.Inlines:
    """Return the typed inline content of a block ``token``, parsing its text if need be."""
    if "children" in token:
        children = token["children"]
    else:
        # As mistune does, without striping other white space such as an em space.
        children = MARKDOWN.inline(token["text"].strip(" \r\n\t\f"), env)
    return typed_inlines(children)


def typed_inlines(tokens: list[Token]) -> t.Inlines:
    """Return the typed inline ``tokens``."""
    typed: list[t.Inline] = []
    for token in tokens:
        kind = token["type"]
        if kind == "text":  # the most frequent by far
            typed.append(t.Text(token["raw"]))
            continue
        convert = INLINES.get(kind)
        if convert is None:
            raise ValueError(f"mistune gave inline text of unknown kind {kind!r}")
        typed.append(convert(token))
    return tuple(typed)


def typed_list(token: Token, env: Env) -> t.ListBlock:
    """Return a list token as a ``ListBlock``."""
    attrs = token.get("attrs") or {}
    items = tuple(
        t.ListItem(tuple(typed_blocks(item["children"], env))) for item in token["children"]
    )
    return t.ListBlock(items, bool(attrs.get("ordered")), int(attrs.get("start", 1)))


def typed_table(token: Token, env: Env) -> t.Table:
    """Return a table token as a ``Table``."""
    head, *bodies = token["children"]
    rows = tuple(
        tuple(typed_cell(cell, env) for cell in row["children"])
        for body in bodies
        for row in body["children"]
    )
    return t.Table(tuple(typed_cell(cell, env) for cell in head["children"]), rows)


def typed_cell(token: Token, env: Env) -> t.Cell:
    """Return a table cell token as a ``Cell``."""
    return t.Cell(inlines(token, env), (token.get("attrs") or {}).get("align"))


def typed_html(token: Token, env: Env) -> t.Block:
    """Return an HTML block as a ``Comment`` when it opens with ``<!--``, as a paragraph of
    its pictures when it holds ``<img>`` tags alone (``imgtags``), else as ``Html``."""
    raw = token["raw"]
    if raw.lstrip().startswith(COMMENT_START):
        return t.Comment(raw)
    return block_images(raw) or t.Html(raw)


def typed_inline_html(token: Token) -> t.Inline:
    """Return inline HTML as the image it shows when it is an ``<img>`` tag, else as written."""
    return inline_image(token["raw"]) or t.InlineHtml(token["raw"])


BLOCKS: dict[str, Callable[[Token, Env], t.Block]] = {
    "paragraph": lambda token, env: t.Paragraph(inlines(token, env)),
    "block_text": lambda token, env: t.Paragraph(inlines(token, env)),
    "heading": lambda token, env: t.Heading(token["attrs"]["level"], inlines(token, env)),
    "block_code": lambda token, env: t.CodeBlock(
        token["raw"], (token.get("attrs") or {}).get("info") or None
    ),
    "list": typed_list,
    "table": typed_table,
    "block_quote": lambda token, env: t.Quote(tuple(typed_blocks(token["children"], env))),
    "thematic_break": lambda token, env: t.Rule(),
    "block_html": typed_html,
}
INLINES: dict[str, Callable[[Token], t.Inline]] = {
    "text": lambda token: t.Text(token["raw"]),
    "codespan": lambda token: t.CodeSpan(token["raw"]),
    "inline_html": typed_inline_html,
    "softbreak": lambda token: t.SoftBreak(),
    "linebreak": lambda token: t.LineBreak(),
    "strong": lambda token: t.Strong(typed_inlines(token["children"])),
    "emphasis": lambda token: t.Emphasis(typed_inlines(token["children"])),
    "strikethrough": lambda token: t.Strikethrough(typed_inlines(token["children"])),
    "link": lambda token: t.Link(token["attrs"]["url"], typed_inlines(token["children"])),
    "image": lambda token: t.Image(token["attrs"]["url"], typed_inlines(token["children"])),
    "footnote_ref": lambda token: t.FootnoteRef(
        token["raw"], token["attrs"]["index"], typed_inlines(token["attrs"]["note"])
    ),
}
