"""read: the characters of a lesson, made the same for every output, and those worth a warning.

One place decides what becomes of a character before any output sees it, so that the deck and
the PDFs show the same text:

- Unicode's other line breaks (U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR, U+0085 NEXT
  LINE, and the vertical tab and form feed) are read as a space: the PDF broke the line there
  while PowerPoint ran the words together, and Markdown starts no line there.
- Characters no output can hold (C0 controls other than tab and newline, DEL, and the
  non-characters U+FFFE and U+FFFF) are left out.
- Bidirectional embeddings, overrides and isolates are kept, but each piece of text (a run, a
  front matter value) closes the ones it opens (``closed``), so that one left open in a title
  cannot reverse the footer after it.

Each of these warns, at the first line it is on, as does an invisible character (a zero-width
space, a joiner, a direction mark) between two visible ASCII characters, where it has no use
but to make two words or two addresses that look the same differ.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from exporter.errors import Diagnostic, warning

NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
"""What clean text never holds: control characters, lone surrogates and non-characters."""
SPACES = "\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
"""The line breaks Unicode knows besides ``\\n`` (``str.splitlines`` splits on them)."""
DROPPED = "".join(map(chr, (*range(0x09), *range(0x0E, 0x1C), 0x1F, 0x7F))) + "\ufffe\uffff"
"""What no output can hold (XML 1.0 forbids it): left out."""
INVISIBLE = "\u061c\u115f\u1160\u180e\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064"
INVISIBLE += "\u3164\ufeff"
"""Characters that show nothing but are not white space (a soft hyphen, which shows where a
word may break, is not one of them)."""
SOFT_HYPHEN = "\xad"
"""Where a word may break, with a hyphen; left out of preformatted text (code, an error's
text), which must not break with a hyphen it does not have (and which WeasyPrint fails to lay
out with one after a line that wrapped)."""
EMBEDDINGS = "\u202a\u202b\u202d\u202e"
"""LRE, RLE, LRO and RLO: each lasts until a U+202C POP DIRECTIONAL FORMATTING."""
ISOLATES = "\u2066\u2067\u2068"
"""LRI, RLI and FSI: each lasts until a U+2069 POP DIRECTIONAL ISOLATE."""
POP_EMBEDDING, POP_ISOLATE = "\u202c", "\u2069"
BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
BIDI_CONTROL = re.compile(f"[{BIDI_CONTROLS}]")
TRANSLATION = str.maketrans({**dict.fromkeys(SPACES, " "), **dict.fromkeys(DROPPED)})
NOTEWORTHY = re.compile(f"[{re.escape(SPACES + DROPPED + INVISIBLE)}{BIDI_CONTROLS}]")
MORE_LINES = 5
"""How many further lines a warning names before it says ``and N more``."""


@dataclass(frozen=True)
class Kind:
    """What becomes of one class of characters, and what the warning says of it."""

    code: str
    """The diagnostics' code."""
    says: str
    """What the warning says after the character's name."""


LINE_BREAK = Kind(
    "line-separator",
    "is read as a space (for a new paragraph leave a blank line; for a line break end the "
    "line with two spaces)",
)
LEFT_OUT = Kind("not-text", "cannot be shown on a slide; it is left out")
BIDI = Kind(
    "bidi-control",
    "reorders the text after it, so a slide can show other than what is written (a link, "
    "another address); it ends with the text it is in",
)
HIDDEN = Kind(
    "invisible-character",
    "is invisible between two letters: two words or addresses that look the same can differ "
    "by it; delete it unless you mean it",
)


def normalise(text: str) -> tuple[str, list[Diagnostic]]:
    """Return ``text`` (a whole lesson) with its line separators read as spaces and what no
    output can hold left out, and a warning per kind of character that was, or that deserves
    a look (see the module's docstring)."""
    found: dict[str, list[int]] = {}
    for char, line in noteworthy(text):
        lines = found.setdefault(char, [])
        if not lines or lines[-1] != line:
            lines.append(line)
    diagnostics = [report(char, lines) for char, lines in found.items()]
    return text.translate(TRANSLATION) if found else text, diagnostics


def noteworthy(text: str) -> Iterator[tuple[str, int]]:
    """Yield each character of ``text`` worth a warning, with its line."""
    line, counted = 1, 0
    for match in NOTEWORTHY.finditer(text):
        at = match.start()
        char = text[at]
        if char in INVISIBLE and not between_ascii(text, at):
            continue
        line += text.count("\n", counted, at)
        counted = at
        yield char, line


def between_ascii(text: str, at: int) -> bool:
    """Return whether ``text[at]`` stands between two visible ASCII characters."""
    before = text[at - 1] if at > 0 else " "
    after = text[at + 1] if at + 1 < len(text) else " "
    return "!" <= before <= "~" and "!" <= after <= "~"


def report(char: str, lines: list[int]) -> Diagnostic:
    """Return the warning for ``char``, found on ``lines``."""
    kind = LINE_BREAK if char in SPACES else LEFT_OUT if char in DROPPED else HIDDEN
    if BIDI_CONTROL.match(char):
        kind = BIDI
    message = f"{describe(char)} {kind.says}"
    if len(lines) > 1:
        named = ", ".join(map(str, lines[1 : 1 + MORE_LINES]))
        more = len(lines) - 1 - MORE_LINES
        message += f" (also on line{'s' if len(lines) > 2 else ''} {named}"
        message += f" and {more} more)" if more > 0 else ")"
    return warning(kind.code, message, lines[0])


def describe(char: str) -> str:
    """Return ``U+200B ZERO WIDTH SPACE``: a character's code and name, never itself."""
    name = unicodedata.name(char, "") or CONTROL_NAMES.get(char, "(a control character)")
    return f"U+{ord(char):04X} {name}"


CONTROL_NAMES = {
    "\x0b": "LINE TABULATION",
    "\x0c": "FORM FEED",
    "\x85": "NEXT LINE",
    "\ufffe": "(not a character)",
    "\uffff": "(not a character)",
}


def clean(text: str) -> str:
    """Return ``text`` without control characters and lone surrogates, trimmed, with every
    bidirectional embedding it opens closed."""
    return closed(NOT_TEXT.sub("", text).strip())


def closed(text: str) -> str:
    """Return ``text`` with every bidirectional embedding, override and isolate it leaves open
    closed at its end, paired as Unicode's bidirectional algorithm pairs them, so that none
    reorders the text after it."""
    open_: list[str] = []
    for match in BIDI_CONTROL.finditer(text):
        char = match.group()
        if char in EMBEDDINGS or char in ISOLATES:
            open_.append(char)
        elif char == POP_EMBEDDING and open_ and open_[-1] in EMBEDDINGS:
            open_.pop()
        elif char == POP_ISOLATE and any(opened in ISOLATES for opened in open_):
            while open_.pop() not in ISOLATES:
                pass
    pops = (POP_ISOLATE if opened in ISOLATES else POP_EMBEDDING for opened in reversed(open_))
    return text + "".join(pops)
