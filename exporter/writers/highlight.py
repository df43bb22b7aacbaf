"""write: a code block's text → its lines as spans of token kinds, for both writers to colour.

The tokens and their roles come from ``lexing``. The spans hold exactly the characters of the
text the fit measured, line by line; a block without a language, or in one Pygments does not
know, is one plain span a line. Colours only: every role is drawn in the code face at the
block's size, so highlighting never changes what the fit measured (a comment's italics have
the same advance widths). A part of a block divided over slides is lexed in the whole
block, so that one starting inside a docstring is coloured as the string it is.
"""

from __future__ import annotations

import itertools
import math
import re

from exporter.geometry import Fold
from exporter.lexing import Line, Role, Span, append, lexed
from exporter.metrics import font_metrics
from exporter.resources import theme_font
from exporter.theme import Theme

POINTS_PER_INCH = 72.0
ITALIC_ROLES = frozenset({Role.COMMENT})
"""Roles drawn in italics as well as in their colour."""


def highlight(
    text: str, info: str | None, most: int | None = None, whole: str | None = None, first: int = 0
) -> tuple[Line, ...]:
    """Return ``text``'s lines as spans of roles, lexed in the language of the fence's ``info``;
    where ``text`` is a part of a block divided over slides, lexed in the ``whole`` block
    (its tabs expanded here, as ``text``'s must be), of which it is the lines from ``first``.

    Without a known language each line is one plain span. The spans of each line always hold
    exactly that line's characters (a lexer that changed them is not used). With ``most``, a
    word of more characters than that, which the box breaks inside, is one plain span (see
    ``unbroken``).
    """
    lines = None
    if whole is not None:
        count = text.count("\n") + 1
        part = lexed(whole.expandtabs(4), info)[first : first + count]
        if tuple("".join(span.text for span in line) for line in part) == tuple(text.split("\n")):
            lines = part
    if lines is None:  # a whole block, or a part not found in the block it names
        lines = lexed(text, info)
    if most is None:
        return lines
    return tuple(unbroken(line, most) for line in lines)


def folded(line: Line, fold: Fold | None) -> tuple[Line, ...]:
    """Return ``line`` as the lines the fit breaks it into (``fold``, see ``codefold``): the
    spaces before each break left out, as they vanish where a line wraps, each line but the
    last ending with the fold's mark (`` \\``) and each but the first starting with its
    lead (the indentation, then ``→ `` or ``# `` in the comment's colour, or two spaces); a
    break inside a shell command's word ends its line with a bare backslash, the word going
    on at the next line's start (``Fold.inside``), inside a single-quoted string after
    ``'\\`` and ``'`` (``Fold.reopen``)."""
    if fold is None or not fold.starts:
        return (line,)
    chars = [(char, span.role) for span in line for char in span.text]
    bounds = (0, *fold.starts, len(chars))
    indent = fold.lead[: len(fold.lead) - len(fold.lead.lstrip(" "))]
    mark = fold.lead[len(indent) :]  # ``→ `` or ``# `` in the comment's colour, or spaces
    lines: list[Line] = []
    for index, (start, end) in enumerate(itertools.pairwise(bounds)):
        piece = chars[start:end]
        inside = end in fold.inside
        while piece and piece[-1][0] == " " and end < len(chars) and not inside:
            piece.pop()
        spans: list[Span] = []
        if index and start not in fold.inside:
            if indent:
                append(spans, Span(indent))
            append(spans, Span(mark, Role.COMMENT if mark.strip() else None))
        if start in fold.reopen and piece:  # the single-quoted string opened again
            append(spans, Span("'", piece[0][1]))
        for char, role in piece:
            append(spans, Span(char, role))
        if end in fold.reopen and piece:  # the string closed before the line goes on
            append(spans, Span("'", piece[-1][1]))
        if end < len(chars):
            append(spans, Span(fold.mark.strip() if inside else fold.mark))
        lines.append(tuple(spans))
    return tuple(lines)


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
