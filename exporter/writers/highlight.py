"""write: a code block's text → its lines as spans of token kinds, for both writers to colour.

The fence's language (``yaml`` in ```` ```yaml ````) picks a Pygments lexer; each token is
given one of the theme's syntax roles (``Role``), looked up from its Pygments token type and,
failing that, its parents'. The spans hold exactly the characters of the text the fit measured,
line by line; a block without a language, or in one Pygments does not know, is one plain span
a line. Colours only: every role is drawn in the code face at the block's size, so highlighting
never changes what the fit measured (a comment's italics have the same advance widths).
"""

from __future__ import annotations

import enum
import functools
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from exporter.metrics import font_metrics
from exporter.resources import theme_font
from exporter.theme import Theme

if TYPE_CHECKING:
    from pygments.lexer import Lexer

POINTS_PER_INCH = 72.0


class Role(enum.Enum):
    """A kind of token, coloured by the theme field of its value (``theme.syntax.comment``)."""

    COMMENT = "comment"
    KEYWORD = "keyword"
    STRING = "string"
    LITERAL = "literal"
    FUNCTION = "function"
    BUILTIN = "builtin"
    TAG = "tag"
    VARIABLE = "variable"
    PROMPT = "prompt"


ITALIC_ROLES = frozenset({Role.COMMENT})
"""Roles drawn in italics as well as in their colour."""

Kind = tuple[str, ...]
"""A Pygments token type, such as ``Name.Tag``: a tuple of names, its parent's plus one (equal
to the plain tuple ``("Name", "Tag")``, so that Pygments is imported only for a lesson with
code in a language)."""

ROLES: dict[Kind, Role | None] = {
    tuple(name.split(".")) if name else (): role
    for name, role in {
        "": None,  # Pygments' root type, ``Token``
        "Error": None,  # what a lexer could not read is shown as it is, not flagged
        "Comment": Role.COMMENT,
        "Comment.Preproc": Role.KEYWORD,
        "Comment.PreprocFile": Role.STRING,
        "Keyword": Role.KEYWORD,
        "Keyword.Constant": Role.LITERAL,
        "Keyword.Type": Role.BUILTIN,
        "Operator.Word": Role.KEYWORD,
        "Literal.String": Role.STRING,
        "Literal.Number": Role.LITERAL,
        "Literal.Date": Role.LITERAL,
        "Literal.Scalar.Plain": None,  # YAML's unquoted values: text, not constants
        "Name.Function": Role.FUNCTION,
        "Name.Class": Role.FUNCTION,
        "Name.Decorator": Role.FUNCTION,
        "Name.Builtin": Role.BUILTIN,
        "Name.Exception": Role.BUILTIN,
        "Name.Tag": Role.TAG,
        "Name.Attribute": Role.TAG,
        "Name.Label": Role.TAG,
        "Name.Entity": Role.TAG,
        "Name.Variable": Role.VARIABLE,
        "Generic.Prompt": Role.PROMPT,
        "Generic.Inserted": Role.STRING,
        "Generic.Deleted": Role.VARIABLE,
        "Generic.Heading": Role.KEYWORD,
        "Generic.Subheading": Role.KEYWORD,
    }.items()
}
"""The role of each Pygments token type; a type not listed takes its nearest parent's."""


@dataclass(frozen=True)
class Span:
    """A piece of one line of code in one role."""

    text: str
    role: Role | None = None
    """Its kind, or ``None`` for text drawn in the theme's ``code_text``."""


Line = tuple[Span, ...]


def role_of(kind: Kind) -> Role | None:
    """Return the role of a Pygments token type: its own, or its nearest parent's (the root,
    ``Token``, is the empty tuple and listed)."""
    while kind not in ROLES:
        kind = kind[:-1]
    return ROLES[kind]


@functools.cache
def lexer_for(language: str) -> Lexer | None:
    """Return the lexer for a fence's language (``None`` when Pygments knows no such name).

    The text is lexed as it is: no newline stripped, no tab expanded.
    """
    from pygments.lexers import get_lexer_by_name
    from pygments.util import ClassNotFound

    try:
        lexer: Lexer = get_lexer_by_name(language, stripnl=False, stripall=False, tabsize=0)
    except ClassNotFound:
        return None
    return lexer


def fence_language(info: str | None) -> str | None:
    """Return the language a fence's info string names: its first word, in lower case
    (```` ```yaml title="x" ```` and ```` ```{.yaml} ```` name ``yaml``)."""
    if not info or not info.split():
        return None
    word = info.split()[0].strip("{}").lstrip(".").lower()
    return word or None


def highlight(text: str, info: str | None, most: int | None = None) -> tuple[Line, ...]:
    """Return ``text``'s lines as spans of roles, lexed in the language of the fence's ``info``.

    Without a known language each line is one plain span. The spans of each line always hold
    exactly that line's characters (a lexer that changed them is not used). With ``most``, a
    word of more characters than that, which the box breaks inside, is one plain span (see
    ``unbroken``).
    """
    lines = lexed(text, info)
    if most is None:
        return lines
    return tuple(unbroken(line, most) for line in lines)


WORD = re.compile(r"\S+")
FULL_LINE = 0.97
"""The share of a line a word may fill and keep its colours (the rest allows for rounding)."""


def line_chars(theme: Theme, width: float, size: float) -> int:
    """Return how many characters of the code face at ``size`` points surely fit ``width``
    inches (its widest glyph's advance, so that a proportional code face errs short)."""
    return math.floor(FULL_LINE * width * POINTS_PER_INCH / (codeadvance_of(theme) * size))


def codeadvance_of(theme: Theme) -> float:
    """Return the advance, in ems, of the widest glyph of ``theme``'s code face."""
    return advance_of(theme_font(theme, theme.fonts.code.file))


def advance_of(data: bytes) -> float:
    """Return the advance, in ems, of the widest glyph of a font file (kept, see
    ``metrics``)."""
    return font_metrics(data).widest


def unbroken(line: Line, most: int) -> Line:
    """Return ``line`` with each word of more than ``most`` characters in one plain span.

    Such a word is wider than its box, so a renderer breaks it inside, where it reaches the
    box's edge; but WeasyPrint breaks a word only inside one text node, and would let a word
    of several coloured spans run out of its box. Both writers draw the line so.
    """
    text = "".join(span.text for span in line)
    long = [match.span() for match in WORD.finditer(text) if len(match[0]) > most]
    if not long:
        return line
    roles = [span.role for span in line for _ in span.text]
    for start, end in long:
        roles[start:end] = [None] * (end - start)
    spans: list[Span] = []
    for char, role in zip(text, roles, strict=True):
        append(spans, Span(char, role))
    return tuple(spans)


@functools.lru_cache(maxsize=256)
def lexed(text: str, info: str | None) -> tuple[Line, ...]:
    """Return ``text``'s lines as spans of roles (see ``highlight``), cached: each writer
    draws each block."""
    plain = tuple((Span(line),) if line else () for line in text.split("\n"))
    language = fence_language(info)
    lexer = lexer_for(language) if language else None
    if lexer is None:
        return plain
    lines: list[list[Span]] = [[]]
    for kind, value in lexer.get_tokens(text):
        role = role_of(kind)
        for index, piece in enumerate(value.split("\n")):
            if index:
                lines.append([])
            if piece:
                append(lines[-1], Span(piece, role))
    # Pygments ends the text with a newline of its own.
    if len(lines) == len(plain) + 1 and not lines[-1]:
        lines.pop()
    spans = tuple(tuple(line) for line in lines)
    if tuple("".join(span.text for span in line) for line in spans) != tuple(text.split("\n")):
        return plain
    return spans


def append(line: list[Span], span: Span) -> None:
    """Append ``span`` to ``line``, joined to the last span when they share a role."""
    if line and line[-1].role is span.role:
        line[-1] = Span(line[-1].text + span.text, span.role)
    else:
        line.append(span)
