"""fit and write: a code block's text read by Pygments, as the fit and both writers need it.

The fence's language (``yaml`` in ```` ```yaml ````) picks a Pygments lexer; each token is
given one of the theme's syntax roles (``Role``), looked up from its Pygments token type and,
failing that, its parents'. The writers colour a block's lines by them (``lexed``, and
``writers/highlight.py``); the fit divides a block too long for a slide where no string or
comment goes on over the line break (``held_breaks``): not inside a docstring, a heredoc, a
``/* ... */`` comment or a command continued with a backslash.
"""

from __future__ import annotations

import enum
import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pygments.lexer import Lexer


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


SESSIONS: tuple[tuple[frozenset[str], re.Pattern[str], str], ...] = (
    (
        frozenset({"bash", "sh", "shell", "zsh", "ksh"}),
        re.compile(
            r"(?:\$"  # $ dig +short www.example.com A
            r"|[\w.-]+@[\w.-]+:[^\s$#]*[$#]"  # user@host:~$ ls, root@web-01:/etc# cat
            r"|\[[\w.-]+@[^\]\n]+\][$#]"  # [ec2-user@ip-10-0-0-5 ~]$ sudo yum update
            r")[ \t]"
        ),
        "console",
    ),
    (frozenset({"powershell", "pwsh", "ps1", "posh"}), re.compile(r"PS(?: [^>\n]*)?> ?"), "ps1con"),
    (frozenset({"python", "py", "python3"}), re.compile(r">>> "), "pycon"),
)
"""For a language's fences, the prompt that opens a session typed at its prompt (its first
line), and the language of such a session, whose prompts and commands are coloured and whose
output is not. A bare ``# `` is no root's prompt: in a script, it opens a comment."""


def session_language(language: str, text: str) -> str:
    """Return the language to read ``text`` in: its session's (``console``) where a fence
    of a shell, PowerShell or Python holds a session typed at its prompt, its first line a
    prompt and a command (``$ dig +short www.example.com A`` and then its output); else
    ``language``."""
    first = next((line for line in text.split("\n") if line.strip()), "")
    for languages, prompt, session in SESSIONS:
        if language in languages and prompt.match(first):
            return session
    return language


@functools.lru_cache(maxsize=256)
def tokens(text: str, info: str | None) -> tuple[tuple[Kind, str], ...] | None:
    """Return ``text``'s tokens (type and characters) in the language of the fence's
    ``info`` (or of its session, ``session_language``), cached: the fit and each writer read
    each block; ``None`` without a known language, or where the lexer changed the
    characters."""
    language = fence_language(info)
    lexer = lexer_for(session_language(language, text)) if language else None
    if lexer is None:
        return None
    found = tuple((tuple(kind), value) for kind, value in lexer.get_tokens(text))
    # Pygments ends the text with a newline of its own.
    read = "".join(value for _, value in found)
    return found if read in (text, text + "\n") else None


@functools.lru_cache(maxsize=256)
def lexed(text: str, info: str | None) -> tuple[Line, ...]:
    """Return ``text``'s lines as spans of roles (see ``writers.highlight.highlight``),
    cached: each writer draws each block."""
    plain = tuple((Span(line),) if line else () for line in text.split("\n"))
    found = tokens(text, info)
    if found is None:
        return plain
    lines: list[list[Span]] = [[]]
    for kind, value in found:
        role = role_of(kind)
        for index, piece in enumerate(value.split("\n")):
            if index:
                lines.append([])
            if piece:
                append(lines[-1], Span(piece, role))
    if len(lines) == len(plain) + 1 and not lines[-1]:
        lines.pop()
    spans = tuple(tuple(line) for line in lines)
    if tuple("".join(span.text for span in line) for line in spans) != tuple(text.split("\n")):
        return plain
    return spans


def held_breaks(
    text: str, info: str | None, whole: str | None = None, first: int = 0
) -> frozenset[int]:
    """Return the lines of ``text`` (by index) that a string or a comment goes on into from
    the line before: the line breaks a cut must not fall on (a docstring's blank line is no
    place to divide a function). A line comment's own end does not count, nor a string's
    that the next line does not go on with; a backslash at a line's end (an escaped line
    break: a shell command continued) does. Where ``text`` is a part of a block already
    divided, the ``whole`` block is read, of which ``text`` is the lines from ``first``."""
    found = tokens(text if whole is None else whole, info)
    if not found:
        return frozenset()
    held: set[int] = set()
    line = -first  # the line of ``text`` a token's next line break starts
    for index, (kind, value) in enumerate(found):
        breaks = value.count("\n")
        role = role_of(kind) if breaks else None
        if role not in (Role.STRING, Role.COMMENT):
            line += breaks
            continue
        ends = value.endswith("\n")
        inside = breaks - 1 if ends else breaks  # breaks the token goes on after
        held.update(range(line + 1, line + inside + 1))
        line += breaks
        if ends and role is Role.STRING:
            following = found[index + 1][0] if index + 1 < len(found) else ()
            if value.endswith("\\\n") or role_of(following) is Role.STRING:
                held.add(line)
    count = text.count("\n") + 1
    return frozenset(k for k in held if 0 < k < count)


def append(line: list[Span], span: Span) -> None:
    """Append ``span`` to ``line``, joined to the last span when they share a role."""
    if line and line[-1].role is span.role:
        line[-1] = Span(line[-1].text + span.text, span.role)
    else:
        line.append(span)
