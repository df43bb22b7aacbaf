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

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from mistune import BlockParser, BlockState, InlineParser, Markdown
from mistune.plugins import import_plugin

from exporter import tokens as t

Token = dict[str, Any]
Env = Mapping[str, Any]

NESTING = 16
"""How deep block quotes and list items may nest; deeper ones are read as text."""

NEWLINE = re.compile("\n")
# A list item whose marker line holds nothing else starts on the next line (CommonMark 5.2).
EMPTY_ITEM = re.compile(r"[ \t]*(?:[*+-]|\d{1,9}[.)])[ \t]*$", re.MULTILINE)
LINE = "lesson_export_line"
"""The key under which a token keeps the line (0-based) of the text it starts on."""
NEXT = "lesson_export_next"
PARTS = "lesson_export_parts"
"""Where a token's text does not follow on: (offset in its text, line) for each part."""
DEFINITIONS = "lesson_export_definitions"
TOO_DEEP = "lesson_export_too_deep"
COMMENT_START = "<!--"


@dataclass(frozen=True)
class Comment:
    """An HTML comment where the parser sees one: an HTML block or inside a paragraph."""

    raw: str
    """The comment as written: a whole HTML block that opens with ``<!--`` (it may hold more
    comments, or none closed), or one inline comment."""
    line: int
    """The line of the parsed text it starts on (0-based)."""
    block: bool
    """Whether it is an HTML block (a line of its own, or more) rather than inside text."""
    top: int | None
    """Its index among the document's top-level blocks, when it is one of them."""


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

    def blocks(self, start: int, stop: int, lines: range) -> t.Blocks:
        """Return the typed top-level blocks ``start`` to ``stop`` (excluded), their links
        resolved with the references defined on ``lines``, as if that part stood alone."""
        links: dict[str, Token] = {}
        for line, key, target in self.definitions:
            if line in lines:
                links.setdefault(key, target)
        return tuple(typed_blocks(self.tokens[start:stop], {"ref_links": links}))


class LineState(BlockState):
    """mistune's block state, knowing which line of the whole text each of its lines is."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.first: int = parent.child_first if isinstance(parent, LineState) else 0
        """The line of the whole text that this state's first line is."""
        self.child_first: int = 0
        self.opened: list[Opening] = []
        self.newlines: list[int] | None = None

    def line_at(self, position: int) -> int:
        """Return the line of the whole text holding ``position`` of this state's text."""
        if self.newlines is None:
            self.newlines = [match.start() for match in NEWLINE.finditer(self.src)]
        return self.first + bisect_left(self.newlines, position)

    def child_state(self, src: str, *args: Any, **kwargs: Any) -> BlockState:
        """Return the state for a container's content, told which line it starts on."""
        self.child_first = self.line_at(self.cursor)
        if self.opened:
            opening = self.opened[-1]
            self.child_first = opening.line
            if opening.item:
                if EMPTY_ITEM.match(self.src, opening.position):
                    self.child_first += 1
                # The list has read up to the next item's marker line, if there is one.
                position = self.src.rfind("\n", 0, max(self.cursor - 1, 0)) + 1
                opening.position, opening.line = position, self.line_at(position)
        return super().child_state(src, *args, **kwargs)

    def add_paragraph(self, text: str) -> None:
        """Add ``text`` to the paragraph, noting the line it starts on."""
        last = self.last_token()
        before = len(last["text"]) if last is not None and last["type"] == "paragraph" else None
        super().add_paragraph(text)
        self.note_lines(self.tokens[-1], before)

    def append_paragraph(self) -> int | None:
        """Add the cursor's line to the paragraph, if the last block is one."""
        last = self.last_token()
        before = len(last["text"]) if last is not None and last["type"] == "paragraph" else None
        end = super().append_paragraph()
        if end:
            self.note_lines(last, before)
        return end

    def note_lines(self, paragraph: Token, before: int | None) -> None:
        """Note the line of the text just added to ``paragraph`` at the cursor.

        ``before`` is the length its text had (``None`` for a new one). mistune may add a
        line to a paragraph from further on (a lazy line after a block quote that interrupted
        it): each part of the text that does not follow on is noted with its line.
        """
        line = self.line_at(self.cursor)
        if before is None:
            paragraph[LINE] = line
        elif line != paragraph[NEXT]:
            paragraph.setdefault(PARTS, [(0, paragraph[LINE])]).append((before, line))
        paragraph[NEXT] = line + paragraph["text"].count("\n", before or 0)

    def append_token(self, token: Token) -> None:
        """Add ``token``, noting the line of text it starts on (its cursor, for a leaf)."""
        if "text" in token or token["type"] == "table":
            token[LINE] = self.line_at(self.cursor)
        super().append_token(token)


@dataclass
class Opening:
    """A container being read: where its next child's first line is."""

    item: bool
    """A list (whose items follow one another) rather than a block quote."""
    position: int
    line: int


class LineParser(BlockParser):
    """mistune's block parser, noting lines and bounding how deep containers nest."""

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
        """Parse a container with ``parse``, its children told their lines."""
        assert isinstance(state, LineState)
        if state.depth() >= NESTING:
            state.env.setdefault(TOO_DEEP, state.line_at(m.start()))
            return None
        state.opened.append(Opening(item, m.start(), state.line_at(m.start())))
        try:
            return parse(m, state)
        finally:
            state.opened.pop()

    def parse_raw_html(self, m: re.Match[str], state: BlockState) -> int | None:
        """Parse an HTML block, noting the line it starts on."""
        assert isinstance(state, LineState)
        line, count = state.line_at(m.start()), len(state.tokens)
        end = super().parse_raw_html(m, state)
        if len(state.tokens) > count and state.tokens[-1]["type"] == "block_html":
            state.tokens[-1][LINE] = line
        return end

    def parse_ref_link(self, m: re.Match[str], state: BlockState) -> int | None:
        """Parse a link reference definition, noting its line (to scope it to its page)."""
        assert isinstance(state, LineState)
        links = state.env["ref_links"]
        found: dict[str, Token] = {}
        state.env["ref_links"] = found
        try:
            end = super().parse_ref_link(m, state)
        finally:
            state.env["ref_links"] = links
        line = state.line_at(m.start())
        for key, target in found.items():
            state.env.setdefault(DEFINITIONS, []).append((line, key, target))
            links.setdefault(key, target)
        return end


MARKDOWN = Markdown(
    renderer=None,
    block=LineParser(max_nested_level=NESTING + 2),
    inline=InlineParser(),
    plugins=[import_plugin(name) for name in ("table", "strikethrough", "url")],
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
    comments = tuple(
        comment
        for index, token in enumerate(tokens)
        for comment in comments_in(token, state.env, index)
    )
    definitions = tuple(state.env.get(DEFINITIONS, ()))
    return Document(comments, len(tokens), state.env.get(TOO_DEEP), tokens, definitions)


def parse_markdown(text: str) -> t.Blocks:
    """Return the typed blocks of ``text`` (a page, or any Markdown standing alone)."""
    state = read_state(text)
    return tuple(typed_blocks(state.tokens, state.env))


# Finding comments.


def comments_in(token: Token, env: Env, top: int | None) -> Iterator[Comment]:
    """Yield the comments in ``token`` (at any depth); ``top`` is its index at the top level."""
    kind = token["type"]
    if kind == "block_html":
        if token["raw"].lstrip().startswith(COMMENT_START):
            yield Comment(token["raw"].strip(), token[LINE], True, top)
    elif kind == "table":
        head, *bodies = token["children"]
        for cell in head["children"]:
            yield from inline_comments(cell["text"], [(0, token[LINE])], env)
        for body in bodies:
            for row, cells in enumerate(body["children"]):
                for cell in cells["children"]:
                    yield from inline_comments(cell["text"], [(0, token[LINE] + 2 + row)], env)
    elif "children" in token:
        for child in token["children"]:
            yield from comments_in(child, env, None)
    elif "text" in token:
        yield from inline_comments(token["text"], token.get(PARTS) or [(0, token[LINE])], env)


def inline_comments(text: str, parts: list[tuple[int, int]], env: Env) -> Iterator[Comment]:
    """Yield the comments the inline parser sees in ``text``, whose ``parts`` start on lines.

    A comment is the first occurrence of its characters in ``text`` that no token before it
    (a code span, escaped text, an earlier comment) holds, so that the same characters inside
    inline code earlier on are not taken for it.
    """
    if COMMENT_START not in text:
        return
    before: list[str] = []
    for token in flat(MARKDOWN.inline(text.strip(" \r\n\t\f"), dict(env))):
        raw = token.get("raw")
        if not isinstance(raw, str):
            continue
        if token["type"] == "inline_html" and raw.startswith(COMMENT_START):
            found = nth(text, raw, "\0".join(before).count(raw))
            start, line = next(part for part in reversed(parts) if part[0] <= found)
            yield Comment(raw, line + text.count("\n", start, found), False, None)
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


def typed_blocks(tokens: Iterable[Token], env: Env) -> Iterator[t.Block]:
    """Yield the typed blocks of mistune's block ``tokens`` (blank lines left out)."""
    for token in tokens:
        kind = token["type"]
        if kind == "blank_line" or is_blank_code(token):
            continue
        convert = BLOCKS.get(kind)
        if convert is None:
            raise ValueError(f"mistune gave a block of unknown kind {kind!r}")
        yield convert(token, env)


def is_blank_code(token: Token) -> bool:
    """Return whether ``token`` is an indented code block of white space only.

    mistune reads a line of white space after a heading or an HTML block as indented code; in
    CommonMark it is a blank line (and it would show as an empty box).
    """
    return (
        token["type"] == "block_code"
        and token.get("style") == "indent"
        and not token["raw"].strip()
    )


def inlines(token: Token, env: Env) -> t.Inlines:
    """Return the typed inline content of a block ``token``, parsing its text if need be."""
    if "children" in token:
        children = token["children"]
    else:
        # As mistune does, without striping other white space such as an em space.
        children = MARKDOWN.inline(token["text"].strip(" \r\n\t\f"), dict(env))
    return typed_inlines(children)


def typed_inlines(tokens: list[Token]) -> t.Inlines:
    """Return the typed inline ``tokens``."""
    typed = []
    for token in tokens:
        convert = INLINES.get(token["type"])
        if convert is None:
            raise ValueError(f"mistune gave inline text of unknown kind {token['type']!r}")
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
    """Return an HTML block as a ``Comment`` when it opens with ``<!--``, else as ``Html``."""
    raw = token["raw"]
    return t.Comment(raw) if raw.lstrip().startswith(COMMENT_START) else t.Html(raw)


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
    "inline_html": lambda token: t.InlineHtml(token["raw"]),
    "softbreak": lambda token: t.SoftBreak(),
    "linebreak": lambda token: t.LineBreak(),
    "strong": lambda token: t.Strong(typed_inlines(token["children"])),
    "emphasis": lambda token: t.Emphasis(typed_inlines(token["children"])),
    "strikethrough": lambda token: t.Strikethrough(typed_inlines(token["children"])),
    "link": lambda token: t.Link(token["attrs"]["url"], typed_inlines(token["children"])),
    "image": lambda token: t.Image(token["attrs"]["url"], typed_inlines(token["children"])),
}
