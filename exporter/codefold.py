"""fit and write: where a line of code too wide for its box breaks, and how the break reads.

A line of code that no size holds whole (``fit.heights.code_size``) is broken by the fit, at
spaces, into lines that each fit the box (``Folder.fold``), and every writer draws exactly
those lines, each a line of its own: the deck as paragraphs, the PDFs as lines of ``<pre>``.
Left to wrap the line themselves, PowerPoint, LibreOffice and WeasyPrint broke it after a
hyphen (``--region eu-`` / ``west-1``), with a little more room than the fit counts, so the
deck and the PDF drew other lines than the fit measured, and a student copied a broken command.

What a student copies must still mean what was written, so each break says what it is
(``Rule``), in plain ASCII where the code is run as it is copied:

- a shell command (a ``bash``, ``sh``, ``zsh`` or ``console`` fence's commands) breaks only at
  a space outside quotes and comments, and each broken line ends with `` \\``, the next going
  on indented two spaces more: pasted into a shell, it is the command as written. A
  PowerShell command ends its broken lines with `` ` `` instead;
- a POSIX shell command's word or double-quoted string wider than a line breaks inside
  with a bare ``\\``, which the shell joins again; a single-quoted one (a JMESPath query,
  a JSON document, a jsonpath template), whose backslash is itself, is closed, the line
  continued and the string opened again (``'abc'\\`` / ``'def'``: ``abcdef`` to the shell),
  at a comma or before a bracket where the line is well filled, else where it is full;
- data a student copies into a file (a ``json`` or ``yaml`` block, a heredoc's body whose
  file's name or first line says it holds JSON or YAML) breaks only where the data stays the
  same (``datafold``), going on indented without a mark;
- a shell comment goes on as another comment, after ``# ``;
- anything else (other languages, a session's output, a heredoc's other text, a line of data
  with a string or word wider than the line, a PowerShell
  command's word or string wider than the line, which a backtick cannot continue) goes on
  after ``→ `` at its indentation: a mark no language means, drawn in the comment colour,
  that says the line goes on.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from exporter.datafold import data_breaks, data_language
from exporter.geometry import GOES_ON, Fold
from exporter.lexing import Line, Role, Span, fence_language, lexed
from exporter.measure import Measurer, line_limit

POSIX_SHELLS = frozenset(
    {"bash", "sh", "shell", "zsh", "ksh", "console", "shell-session", "sh-session", "shellsession"}
)
"""Fence languages whose commands go on after `` \\`` (a session's too)."""
POWERSHELLS = frozenset({"powershell", "pwsh", "ps1", "posh", "ps1con"})
"""Fence languages whose commands go on after `` ` ``."""
NICE_ENDS = frozenset(",;|&")
"""Characters after which a word wider than a line breaks best inside (``Folder.joined``)."""
NICE_STARTS = frozenset("[{(")
"""Characters before which a word wider than a line breaks best inside."""
NICE_SHARE = 0.6
"""How full a line must be to break it at a nice place rather than where it is full."""
HEREDOC = re.compile(r"(?<!<)<<(?!<)-?\s*(['\"]?)([A-Za-z_][\w.-]*)\1")
"""A heredoc's start, ``<<'EOF'``, its delimiter the second group (not a here-string)."""
DATA_FILE = re.compile(r"\.(json|ya?ml)\b", re.IGNORECASE)
"""A file name whose extension says the language of its data."""
YAML_START = re.compile(r"(?:- |[\w.\-/]+:(?: |$))")
"""The start of a YAML document's first line: a sequence's dash or a key."""
HELD_ROLES = frozenset({Role.STRING, Role.COMMENT})
"""Roles inside which a command may not break: a quoted string, a comment."""


@dataclass(frozen=True)
class Rule:
    """How a line of code breaks where it is too wide for its box."""

    mark: str = ""
    """What ends each broken line (`` \\`` for a shell command)."""
    lead: str = GOES_ON
    """What starts each further line, after the line's own indentation."""
    spaces: frozenset[int] | None = None
    """The offsets of the spaces the line may break at (``None``: any space)."""
    joins: frozenset[int] | None = None
    """For a POSIX shell's command, the offsets of the characters a word wider than a line
    may break before, with a bare backslash that the shell joins the word again over
    (``Fold.inside``): not in a comment, nor in single quotes, whose backslash is
    itself, nor after a backslash. ``None``: such a word breaks the line as other code."""
    cuts: frozenset[int] = frozenset()
    """The offsets of the characters a further line may start at with no space before
    (after a comma in JSON, ``datafold``)."""
    reopens: frozenset[int] = frozenset()
    """Those of ``joins`` inside a single-quoted string, where the line ends with ``'\\``
    and the next starts with ``'``: the string closed and opened again, so that the shell
    reads ``'abc'\\<newline>'def'`` as ``abcdef`` (``Fold.reopen``)."""


OTHER = Rule()
"""Code that is no shell command: any space, the further lines marked ``→``."""
SHELL_COMMENT = Rule(lead="# ")
"""A shell's comment alone on its line: it goes on as a comment."""


@functools.lru_cache(maxsize=256)
def line_rules(
    text: str, info: str | None, whole: str | None = None, first: int = 0
) -> tuple[Rule, ...]:
    """Return how each line of ``text`` (its tabs expanded) breaks, read in the fence's
    language (``info``): where ``text`` is a part of a block divided over slides, the
    ``whole`` block is read, of which it is the lines from ``first``."""
    count = text.count("\n") + 1
    language = fence_language(info)
    data = data_language(language)
    if data is not None:
        return tuple(data_rule(line, data) for line in text.expandtabs(4).split("\n"))
    if language not in POSIX_SHELLS and language not in POWERSHELLS:
        return (OTHER,) * count
    mark = " `" if language in POWERSHELLS else " \\"
    # The whole block read, so that a part of a session without a prompt is still output.
    lines = lexed(text.expandtabs(4) if whole is None else whole.expandtabs(4), info)
    if len(lines[first : first + count]) != count:
        return (OTHER,) * count
    session = any(line and line[0].role is Role.PROMPT for line in lines)
    texts = ["".join(span.text for span in line) for line in lines]
    bodies = {} if session else heredoc_bodies(texts)
    rules: list[Rule] = []
    going_on = False  # whether the line before was a command continued with a backslash
    for line, text_of in zip(lines, texts, strict=True):
        command = not session or going_on or bool(line and line[0].role is Role.PROMPT)
        if len(rules) in bodies:  # a file's text, which the shell does not read
            body = bodies[len(rules)]
            rules.append(OTHER if body is None else data_rule(text_of, body))
            continue
        rules.append(command_rule(line, mark, language in POSIX_SHELLS) if command else OTHER)
        going_on = command and text_of.endswith(("\\", "`"))
    return tuple(rules[first : first + count])


def data_rule(line: str, language: str) -> Rule:
    """Return how a line of data in ``language`` (``datafold``) breaks: where the data is
    the same, going on indented without a mark, or as other code where it cannot."""
    breaks = data_breaks(line, language)
    if breaks is None:
        return OTHER
    if breaks.comment:
        return Rule(lead=breaks.lead)
    return Rule("", breaks.lead, breaks.spaces, cuts=breaks.cuts)


def heredoc_bodies(texts: list[str]) -> dict[int, str | None]:
    """Return the lines of a shell's heredocs' bodies (by index), each with the language of
    the data it holds (``json`` or ``yaml``, ``None`` for other text)."""
    found: dict[int, str | None] = {}
    index = 0
    while index < len(texts):
        match = HEREDOC.search(texts[index])
        index += 1
        if match is None:
            continue
        ends = (at for at in range(index, len(texts)) if texts[at].strip() == match[2])
        end = next(ends, len(texts))
        language = heredoc_language(texts[index - 1], texts[index:end])
        found.update(dict.fromkeys(range(index, end), language))
        index = end + 1
    return found


def heredoc_language(opening: str, body: list[str]) -> str | None:
    """Return the language of a heredoc's ``body``: the one its file's name says on its
    ``opening`` line (``cat > policy.json <<'EOF'``), else JSON for a body that opens with a
    bracket, YAML for one that opens with a key or a dash, else ``None``."""
    named = DATA_FILE.search(opening)
    if named is not None:
        return data_language(named[1].lower())
    first = next((line.strip() for line in body if line.strip()), "")
    if first[:1] in {"{", "["}:
        return "json"
    return "yaml" if YAML_START.match(first) else None


def command_rule(line: Line, mark: str, posix: bool) -> Rule:
    """Return how a shell's command line breaks: at its spaces outside quotes, comments and
    its prompt; a comment alone goes on as a comment; a word wider than a line of a
    ``posix`` shell's command breaks inside where the shell joins it again."""
    spaces: set[int] = set()
    joinable: list[bool] = []  # whether each character may end a line joined to the next
    reopens: set[int] = set()
    for span in line:
        held = span.role in HELD_ROLES or span.role is Role.PROMPT
        if not held:
            spaces.update(len(joinable) + i for i, char in enumerate(span.text) if char == " ")
        if single_quoted(span):  # between its second character and its last but one
            reopens.update(range(len(joinable) + 2, len(joinable) + len(span.text) - 1))
        may = not held or (span.role is Role.STRING and span.text.startswith('"'))
        joinable.extend(may and char != "\\" for char in span.text)
    opening = next((span for span in line if span.text.strip()), None)
    if opening is not None and opening.role is Role.COMMENT and opening.text.lstrip()[:1] == "#":
        return SHELL_COMMENT
    if not posix:
        return Rule(mark, "  ", frozenset(spaces))
    joins = {i for i in range(1, len(joinable)) if joinable[i - 1] and joinable[i]}
    return Rule(
        mark, "  ", frozenset(spaces), frozenset(joins | reopens), reopens=frozenset(reopens)
    )


def single_quoted(span: Span) -> bool:
    """Return whether ``span`` is a whole single-quoted string of a POSIX shell (``'...'``,
    not ``$'...'``, whose backslashes are escapes), at least one character inside."""
    text = span.text
    return (
        span.role is Role.STRING
        and len(text) > 3
        and text[0] == text[-1] == "'"
        and ("'" not in text[1:-1])
    )


@dataclass(frozen=True)
class Piece:
    """A run of a line of code no break may fall inside (unless it alone is wider than a
    line), with the spaces before it."""

    at: int
    """Its first character's offset in the line."""
    space: float
    """The width of the spaces before it, in ems."""
    chars: tuple[float, ...]
    """Each of its characters' widths, in ems (its spaces inside too)."""
    text: str = ""
    """Its characters."""

    @property
    def width(self) -> float:
        """Return its width, in ems."""
        return sum(self.chars)


class Folder:
    """Breaks lines of code too wide for their box as their ``Rule`` says, measured in the
    theme's code face, remembering what it broke (a long block is measured many times)."""

    def __init__(self, measure: Measurer) -> None:
        self.measure = measure
        self.known: dict[tuple[str, float, float, Rule], Fold] = {}

    def fold(self, line: str, size: float, width: float, rule: Rule) -> Fold:
        """Return where ``line`` (its tabs expanded) breaks at ``size`` points in a box
        ``width`` inches wide, by ``rule``; a command that cannot break at its spaces
        (a quoted string wider than the line) breaks as other code (``OTHER``)."""
        key = (line, size, width, rule)
        found = self.known.get(key)
        if found is None:
            limit = line_limit(size, width)
            found = self.broken(line, limit, rule)
            if found is None:
                found = self.broken(line, limit, OTHER)
            assert found is not None  # any space may break, and any word inside
            self.known[key] = found
        return found

    def broken(self, line: str, limit: float, rule: Rule) -> Fold | None:
        """Return ``line`` broken greedily in ``limit`` ems by ``rule``, or ``None`` where a
        piece it may not break inside is wider than a line (``OTHER`` breaks it inside)."""
        indent = len(line) - len(line.lstrip(" "))
        lead = " " * indent + rule.lead
        lead_width, mark_width = self.width(lead), self.width(rule.mark)
        pieces = self.pieces(line, rule.spaces, rule.cuts)
        starts: list[int] = []
        inside: list[int] = []
        used = 0.0
        for index, piece in enumerate(pieces):
            room = limit - (mark_width if index < len(pieces) - 1 else 0.0)
            if index == 0 or used + piece.space + piece.width <= room:
                used += piece.space + piece.width
            else:
                starts.append(piece.at)
                used = lead_width + piece.width
            if used > room + 1e-9 and piece.width > 0:
                before = used - piece.width
                if rule.spaces is None:
                    used = split(piece, before, room, lead_width, starts)
                    continue
                if rule.joins is None:
                    return None
                joined = self.joined(piece, before, (limit, room), rule, starts, inside)
                if joined is None:
                    return None
                used = joined
        reopen = tuple(start for start in inside if start in rule.reopens)
        return Fold(tuple(starts), rule.mark, lead, tuple(inside), reopen)

    def joined(
        self,
        piece: Piece,
        used: float,
        room: tuple[float, float],
        rule: Rule,
        starts: list[int],
        inside: list[int],
    ) -> float | None:
        """Break a shell command's ``piece``, wider than a line, inside, each line ending
        with a bare backslash (``'\\`` in a single-quoted string, the next line starting
        with ``'``) and the next starting at the line's very start, at the last offset of
        ``rule.joins`` that leaves each line full; add its breaks to ``starts`` and
        ``inside``, and return how much of its last line it fills (``None``: it cannot break
        so). ``used`` is how much of its first line is full; ``room`` is how much a line
        holds, and the last line of the piece (which the command's mark may end)."""
        assert rule.joins is not None
        limit, last_room = room
        index, line_start = 0, 0
        fallback: tuple[int, float] | None = None  # the latest place the line may end
        nice: tuple[int, float] | None = None  # the latest after a comma, before a bracket
        while index < len(piece.chars):
            at = piece.at + index
            glue = self.width("'\\" if at in rule.reopens else "\\")
            if index > line_start and at in rule.joins and used + glue <= limit:
                fallback = (index, used)
                if piece.text[index - 1] in NICE_ENDS or piece.text[index] in NICE_STARTS:
                    nice = (index, used)
            used += piece.chars[index]
            end = last_room if index == len(piece.chars) - 1 else limit - self.width("\\")
            if used > end + 1e-9:
                if fallback is None:
                    return None
                good = nice is not None and nice[1] >= NICE_SHARE * limit
                index, _ = nice if good and nice is not None else fallback
                starts.append(piece.at + index)
                inside.append(piece.at + index)
                used = self.width("'") if piece.at + index in rule.reopens else 0.0
                line_start, fallback, nice = index, None, None
                continue
            index += 1
        return used

    def pieces(
        self, line: str, spaces: frozenset[int] | None, cuts: frozenset[int] = frozenset()
    ) -> list[Piece]:
        """Return ``line``'s pieces: its words, joined over the spaces no break may fall at
        (those not in ``spaces``, where that is given), and cut before each of ``cuts``."""
        face = self.measure.face("code")
        pieces: list[Piece] = []
        space, start = 0.0, 0
        chars: list[float] = []
        gap: list[float] = []
        for index, char in enumerate(line):
            if char == " ":
                gap.append(face.char(" "))
                continue
            if index in cuts and chars and not gap:
                pieces.append(Piece(start, space, tuple(chars), line[start:index]))
                space, chars, start = 0.0, [], index
            if gap and chars and (spaces is None or index - 1 in spaces):
                pieces.append(Piece(start, space, tuple(chars), line[start : index - len(gap)]))
                space, chars, start = sum(gap), [], index
            elif gap and chars:
                chars.extend(gap)
            elif gap:
                space, start = sum(gap), index
            elif not chars:
                start = index
            gap = []
            chars.append(face.char(char))
        if chars:
            pieces.append(Piece(start, space, tuple(chars), line[start:]))
        return pieces

    def width(self, text: str) -> float:
        """Return the width of ``text`` in the code face, in ems."""
        face = self.measure.face("code")
        return sum(face.char(char) for char in text)


def split(piece: Piece, used: float, room: float, lead: float, starts: list[int]) -> float:
    """Break ``piece``, wider than a line, inside, where each line is full (each further line
    starting after ``lead`` ems), adding where each further line starts to ``starts``; return
    how much of its last line it fills. ``used`` is how much of the line it starts on is full."""
    fresh = True  # whether nothing of the piece is on the line yet
    for index, char in enumerate(piece.chars):
        if not fresh and used + char > room:
            starts.append(piece.at + index)
            used = lead
        used += char
        fresh = False
    return used
