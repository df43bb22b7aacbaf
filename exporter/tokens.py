"""parse: the typed tokens the parser hands to build, one frozen dataclass per kind.

``parse.py`` turns mistune's dictionaries into these at the boundary, so that build never reads
a raw token, and a ``match`` over ``Block`` or ``Inline`` with ``assert_never`` in its last case
is checked by mypy to handle every kind. This module imports nothing from mistune.
"""

from __future__ import annotations

from dataclasses import dataclass

# Inline tokens.


@dataclass(frozen=True)
class Text:
    """Plain text."""

    raw: str
    """The text with backslash escapes resolved and entities such as ``&amp;`` not decoded."""


@dataclass(frozen=True)
class CodeSpan:
    """Inline code."""

    text: str


@dataclass(frozen=True)
class InlineHtml:
    """Raw HTML inside a paragraph (a tag or a comment), as written."""

    raw: str


@dataclass(frozen=True)
class SoftBreak:
    """A line ending inside a paragraph."""


@dataclass(frozen=True)
class LineBreak:
    """A hard line break (two trailing spaces or a backslash)."""


@dataclass(frozen=True)
class Strong:
    """Bold text."""

    children: Inlines


@dataclass(frozen=True)
class Emphasis:
    """Italic text."""

    children: Inlines


@dataclass(frozen=True)
class Strikethrough:
    """Struck-out text."""

    children: Inlines


@dataclass(frozen=True)
class Link:
    """A link, written or automatic."""

    url: str
    children: Inlines
    """The link's text."""


@dataclass(frozen=True)
class Image:
    """An image."""

    url: str
    children: Inlines
    """The alt text."""
    tag: bool = False
    """Whether it is written as an HTML ``<img>`` tag, not as ``![alt](url)``."""


@dataclass(frozen=True)
class FootnoteRef:
    """A reference to a footnote (``[^1]``) that the page defines (``[^1]: text``)."""

    key: str
    """The footnote's key, case and spaces folded as references find it (``1``, ``NAT``)."""
    number: int
    """Its number on its page: the order of the footnotes' first references, from 1."""
    note: Inlines
    """The footnote's text (its lines joined; references in it stay as written)."""


Inline = (
    Text
    | CodeSpan
    | InlineHtml
    | SoftBreak
    | LineBreak
    | Strong
    | Emphasis
    | Strikethrough
    | Link
    | Image
    | FootnoteRef
)
Inlines = tuple[Inline, ...]

# Block tokens.


@dataclass(frozen=True)
class Heading:
    """A heading (ATX ``###`` or setext)."""

    level: int
    children: Inlines


@dataclass(frozen=True)
class Paragraph:
    """A paragraph, or the text of a list item."""

    children: Inlines


@dataclass(frozen=True)
class CodeBlock:
    """A fenced or indented code block."""

    text: str
    """The code, ending with a newline when the source had one."""
    info: str | None
    """The fence's info string (``bash``), ``None`` when there is none."""


@dataclass(frozen=True)
class ListItem:
    """One item of a list."""

    children: Blocks


@dataclass(frozen=True)
class ListBlock:
    """A bullet or numbered list."""

    items: tuple[ListItem, ...]
    ordered: bool
    start: int
    """The first item's number (1 for a bullet list)."""


@dataclass(frozen=True)
class Cell:
    """One cell of a table."""

    children: Inlines
    align: str | None
    """``left``, ``center``, ``right``, or ``None``."""


@dataclass(frozen=True)
class Table:
    """A pipe table."""

    head: tuple[Cell, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Quote:
    """A block quote."""

    children: Blocks


@dataclass(frozen=True)
class Rule:
    """A thematic break (``---``)."""


@dataclass(frozen=True)
class Html:
    """A raw HTML block that is not a comment, as written."""

    raw: str


@dataclass(frozen=True)
class Comment:
    """An HTML block that opens with ``<!--``: a directive or a note, never content."""

    raw: str


Block = Heading | Paragraph | CodeBlock | ListBlock | Table | Quote | Rule | Html | Comment
Blocks = tuple[Block, ...]
