"""read: lesson bytes → ``Source`` (front matter, pages, their first lines and blocks).

The body is parsed once (``parse.read_markdown``), and pages split where the parser sees a
``<!-- pagebreak -->`` comment on a line of its own: between blocks, or indented under a list
item (in real lessons the marker often sits under the last item of a nested list), never in
code or raw HTML. Directive comments that apply to a whole page (``<!-- layout: ... -->``,
``<!-- notes: ... -->``) are read from the same comments, with their lines.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Container, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from exporter.errors import Diagnostic, ExporterError, error, warning
from exporter.frontmatter import Meta as Meta
from exporter.frontmatter import read_front_matter
from exporter.parse import (
    COMMENT_START,
    NESTING,
    Comment,
    Document,
    parse_markdown,
    read_markdown,
)
from exporter.text import NOT_TEXT, normalise
from exporter.text import clean as clean
from exporter.tokens import Blocks, Rule
from exporter.tokens import Comment as TokenComment

PAGEBREAK = re.compile(r"^[ \t]*<!--[ \t]*pagebreak[ \t]*-->[ \t]*$", re.IGNORECASE)
COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
LAYOUTS = ("two-column", "single")
DIRECTIVE_WORDS = ("pagebreak", "column", "layout", "notes")


@dataclass(frozen=True)
class Page:
    """The raw Markdown of one page, with what the page's directives say."""

    text: str
    """The page's Markdown, page-break lines removed."""
    line: int
    """The file line of the page's first line (1-based)."""
    layout: str | None = None
    """``two-column`` or ``single`` when a ``<!-- layout: ... -->`` directive says so."""
    notes: str = ""
    """Speaker notes from ``<!-- notes: ... -->`` directives."""
    blocks: Blocks = ()
    """The page's Markdown as parsed, typed."""
    footnotes: tuple[tuple[int, str, str], ...] = ()
    """The footnotes the page defines (``[^1]: text``): each one's file line, its key as
    references find it and its key as written."""

    uses: dict[object, int] = field(default_factory=dict, compare=False, repr=False)
    """Where each use ``line_of`` was asked about was found, by the use's ``id``, and where
    the last use of each needle was, by the needle (see ``line_of``)."""

    def line_of(self, needle: str | re.Pattern[str], use: object | None = None) -> int:
        """Return the file line where ``needle`` (text or a pattern) first occurs in the page;
        asked for a ``use`` of it (an image's token), where that use is written: the first
        use asked about is the first occurrence, the next one the next (an address shown
        twice, and warned of the second time, is not named at its first line), and the same
        use, asked again, is where it was.

        The page's first line is returned when it does not occur.
        """
        if use is None:
            return self.line_at(self.find(needle))
        found = self.uses.get(id(use))
        if found is None:
            found = self.find(needle, self.uses.get(needle, -1) + 1)
            if found < 0:  # more uses than it is written: the first
                found = self.find(needle)
            self.uses[id(use)] = self.uses[needle] = found
        return self.line_at(found)

    def find(self, needle: str | re.Pattern[str], start: int = 0) -> int:
        """Return where ``needle`` first occurs in the page's text from ``start`` (-1: not)."""
        if isinstance(needle, str):
            return self.text.find(needle, start)
        match = needle.search(self.text, start)
        return match.start() if match else -1

    def line_at(self, at: int) -> int:
        """Return the file line of offset ``at`` of the page's text (its first, for -1)."""
        return self.line if at < 0 else self.line + self.text.count("\n", 0, at)

    def shown_line(self, needle: re.Pattern[str], skip: int = 0) -> int:
        """Return the file line where ``needle`` occurs outside the page's comments (which no
        slide shows), its ``skip``-th such occurrence (0: the first; the first where there
        are fewer); the page's first line where there is none."""
        hidden = [match.span() for match in COMMENT.finditer(self.text)]
        found = [
            match.start()
            for match in needle.finditer(self.text)
            if not any(start <= match.start() < end for start, end in hidden)
        ]
        return self.line_at(found[min(skip, len(found) - 1)] if found else -1)


@dataclass(frozen=True)
class Source:
    """A lesson as read from disk."""

    meta: Meta
    """The front matter's title, section, lesson and language."""
    pages: tuple[Page, ...]
    """The pages that hold content, in order."""
    diagnostics: tuple[Diagnostic, ...]
    """Warnings found while reading."""
    front_matter: bool = True
    """Whether the lesson opens with front matter (``---`` lines), even an empty one."""
    rules: tuple[int, ...] = ()
    """The lines of the ``---`` lines that stand inside a page, where a slide cannot show
    them (``diagnostics`` warn of them; ``rules.rules_settled`` once the build has said where
    its slides start)."""


def read_source(path: Path) -> Source:
    """Read the lesson at ``path``.

    Raises ``ExporterError`` when the file cannot be read, is not UTF-8, has broken front
    matter or has no content.
    """
    return parse_source(read_lesson(path))


def read_lesson(path: Path) -> bytes:
    """Return the bytes of the lesson at ``path``.

    Raises ``ExporterError`` when the file cannot be read.
    """
    try:
        return path.read_bytes()
    except OSError as exc:
        raise ExporterError(error("unreadable", f"cannot read the lesson: {exc.strerror}")) from exc


def parse_source(data: bytes) -> Source:
    """Return the ``Source`` for a lesson's bytes (see ``read_source``)."""
    text, diagnostics = normalise(decode(data))
    lines = text.split("\n")
    meta, body_start = read_front_matter(lines, diagnostics)
    rules: list[int] = []
    pages = tuple(split_pages(lines, body_start, diagnostics, rules))
    if not pages:
        what = "has front matter but no content" if body_start else "is empty"
        raise ExporterError(error("empty-lesson", f"the lesson {what}", line=body_start + 1))
    return Source(meta, pages, tuple(diagnostics), body_start > 0, tuple(rules))


def decode(data: bytes) -> str:
    """Return ``data`` as text: strict UTF-8, byte-order mark dropped, newlines as ``\\n``."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        message = "the lesson is saved as UTF-16; save it as UTF-8"
        raise ExporterError(error("encoding", message, line=1))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        before = data[start : exc.start].replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        message = (
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} "
            f"(line {line}, column {column}); save the lesson as UTF-8"
        )
        raise ExporterError(error("encoding", message, line=line)) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_pages(
    lines: list[str], start: int, diagnostics: list[Diagnostic], rules: list[int]
) -> Iterator[Page]:
    """Yield the pages of ``lines[start:]`` that hold content, noting near-miss directives,
    and the lines of the ``---`` lines inside a page in ``rules``.

    The body is parsed once: a page breaks where the parser sees a ``<!-- pagebreak -->``
    comment standing on a line of its own, never in code or raw HTML. A page between two
    breaks that stand between top-level blocks keeps the blocks of that one parse; a page next
    to a break indented under a list item is its own lines, parsed on their own.
    """
    stop = len(lines)
    while stop > start and not lines[stop - 1].strip():
        stop -= 1  # trailing blank lines are no page's, as they are in no page's text
    document = read_markdown("\n".join(lines[start:stop]))
    if document.too_deep is not None:
        message = (
            f"block quotes and lists nest more than {NESTING} deep here; "
            "the deeper levels are read as plain text"
        )
        diagnostics.append(warning("too-deep", message, start + document.too_deep + 1))
    diagnostics.extend(sorted(read_as_written(document, start), key=lambda d: d.line or 0))
    breaks, remarks = sort_comments(document.comments, lines, start, diagnostics)
    rules += inside_rules([start + line for line in document.rules], lines, start)
    diagnostics.extend(rule_warnings(rules, bool(breaks), lambda line: lines[line - 1]))
    bounds = [(start - 1, -1), *((start + c.line, c.top) for c in breaks)]
    bounds.append((len(lines), document.size))
    taken = 0
    for (after, top), (before, bottom) in itertools.pairwise(bounds):
        blocks: Blocks | None = None  # a page next to an indented break: parse its own text
        if top is not None and bottom is not None:
            blocks = document.blocks(top + 1, bottom, range(after + 1 - start, before - start))
        mine = taken
        while mine < len(remarks) and remarks[mine].line <= before:  # on a line before it
            mine += 1
        page = lines[after + 1 : before]
        notes = tuple(
            (start + note.line + 1, note.key, note.written)
            for note in document.footnotes
            if after < start + note.line < before
        )
        yield from make_page(page, after + 2, blocks, remarks[taken:mine], diagnostics, notes)
        taken = mine


def read_as_written(document: Document, start: int) -> Iterator[Diagnostic]:
    """Yield a warning for each place ``document`` (the body from ``lines[start]``) is read
    otherwise than its author may think: a code block never closed, a table row with more
    cells than its header."""
    if document.unclosed is not None:
        message = (
            "this code block is never closed: everything after it, to the end of the lesson "
            "(or of the list item or quote it is in), page breaks too, is read as its code; "
            "close it with a line of the same fence"
        )
        yield warning("unclosed-code", message, start + document.unclosed + 1)
    for line, count, heads in document.crowded:
        message = (
            f"this table row has {count} cells where its header has {heads}: "
            f"the last {count - heads} left out"
        )
        yield warning("table-row", message, start + line + 1)


def inside_rules(rules: list[int], lines: list[str], start: int) -> list[int]:
    """Return the lines (from 1) of the thematic breaks (``---``) on ``rules`` (indexes of
    ``lines``, whose body begins at ``start``) that stand inside a page, where a slide cannot
    show them."""
    return [rule + 1 for rule in rules if not at_page_edge(rule, lines, start)]


def rule_warnings(
    inside: Sequence[int],
    broken: bool,
    written: Callable[[int], str],
    asked: Container[int] = (),
) -> list[Diagnostic]:
    """Return a warning for each ``---`` line on ``inside`` (lines inside a page), each quoted
    as ``written`` gives the line on a line number (``***``, ``___``); one for a lesson that
    seems to separate its pages with them (it has no ``<!-- pagebreak -->``, as ``broken``
    says). A line among ``asked``, inside a quiz question, is to be removed: a page break
    there would split the question."""
    if not inside:
        return []
    if not broken:
        message = (
            f"{written(inside[0]).strip()} lines do not start new slides, and this lesson has "
            "no <!-- pagebreak -->: put <!-- pagebreak --> on a line of its own where each new "
            "slide should start"
        )
        return [warning("rule-not-break", message, inside[0])]
    return [
        warning("rule", rule_message(written(rule).strip(), rule in asked), rule) for rule in inside
    ]


def rule_message(line: str, asked: bool) -> str:
    """Return what a warning says of the ``---`` ``line`` inside a page (in a question, if
    ``asked``)."""
    if asked:
        return (
            f"a {line} line inside a quiz question is not shown on its slide: remove it "
            "(a <!-- pagebreak --> there would split the question)"
        )
    return (
        f"a {line} line inside a page is not shown on the slide: remove it, or put "
        "<!-- pagebreak --> there to start a new slide"
    )


def at_page_edge(rule: int, lines: list[str], start: int) -> bool:
    """Return whether the rule on ``lines[rule]`` has nothing but blanks and other rules
    between it and a page's edge (a page break, or the start or end of the body, which begins
    on ``lines[start]``)."""
    for step in (-1, 1):
        at = rule + step
        while start <= at < len(lines) and (
            not lines[at].strip() or THEMATIC_BREAK.match(lines[at]) is not None
        ):
            at += step
        if not start <= at < len(lines) or PAGEBREAK.match(lines[at]):
            return True
    return False


def sort_comments(
    comments: Sequence[Comment], lines: list[str], start: int, diagnostics: list[Diagnostic]
) -> tuple[list[Comment], list[Remark]]:
    """Return the page breaks among ``comments`` and the other comments, in the order of
    their lines, warning about near misses and comments left open."""
    breaks: list[Comment] = []
    remarks: list[Remark] = []
    for comment in comments:
        if is_break(comment, lines[start + comment.line]):
            breaks.append(comment)
        else:
            remarks.extend(remarks_in(comment, start, diagnostics))
    remarks.sort(key=lambda remark: remark.line)
    for remark in remarks:
        check_remark(remark, diagnostics)
    return breaks, remarks


@dataclass(frozen=True)
class Remark:
    """One HTML comment the parser sees."""

    text: str
    """What it says, between ``<!--`` and ``-->``."""
    line: int
    """The file line it starts on (1-based)."""


def is_break(comment: Comment, line: str) -> bool:
    """Return whether ``comment`` is a ``<!-- pagebreak -->`` alone on its ``line``."""
    return PAGEBREAK.match(line) is not None and comment.raw.strip() == line.strip()


def remarks_in(comment: Comment, start: int, diagnostics: list[Diagnostic]) -> Iterator[Remark]:
    """Yield the comments of a ``comment`` the parser found, warning about unclosed ones.

    An HTML block that opens with ``<!--`` may hold more comments on its last line, or run to
    the end without a ``-->``.
    """
    first, raw, end = start + comment.line + 1, comment.raw, 0
    for match in COMMENT.finditer(raw):
        line = first + raw.count("\n", 0, match.start())
        inner = match.group(1).find(COMMENT_START)
        end = match.end()
        if inner >= 0:  # '<!-- a <!-- b -->': the first '-->' closes both
            opened = first + raw.count("\n", 0, match.start(1) + inner)
            closed = first + raw.count("\n", 0, end)
            message = (
                f"this comment is not closed before the '<!--' on line {opened}, so it runs to "
                f"the '-->' on line {closed}: all in between is hidden, page breaks too"
            )
            diagnostics.append(warning("unclosed-comment", message, line))
            continue
        yield Remark(match.group(1), line)
    opened = raw.find(COMMENT_START, end)
    if opened >= 0:
        rest = "lesson" if comment.top is not None else "list item or quote"
        message = f"this comment is never closed with '-->': the rest of the {rest} is hidden"
        diagnostics.append(warning("unclosed-comment", message, first + raw.count("\n", 0, opened)))


def make_page(
    chunk: list[str],
    line: int,
    blocks: Blocks | None,
    remarks: list[Remark],
    diagnostics: list[Diagnostic],
    footnotes: tuple[tuple[int, str, str], ...] = (),
) -> Iterator[Page]:
    """Yield a ``Page`` for ``chunk``, which starts on ``line``, unless it holds no content.

    ``blocks`` are its blocks when already parsed (``None``: parse its text now). A page of
    nothing but blanks, rules and comments holds no content.
    """
    while chunk and (not chunk[-1].strip() or trailing_rule(chunk)):
        chunk = chunk[:-1]
    while chunk and not chunk[0].strip():
        chunk, line = chunk[1:], line + 1
    text = "\n".join(chunk)
    if not chunk:
        return
    if blocks is None:
        blocks = parse_markdown(text)
    if all(isinstance(block, TokenComment | Rule) for block in blocks):
        return
    layout, notes = read_directives(remarks, diagnostics)
    yield Page(text, line, layout, notes, blocks, footnotes)


def trailing_rule(chunk: list[str]) -> bool:
    """Return whether the last line is a leftover rule (not a setext heading's underline)."""
    last = chunk[-1]
    if not THEMATIC_BREAK.match(last):
        return False
    underline = last.strip().startswith("-") and len(chunk) > 1 and chunk[-2].strip() != ""
    return not underline


def read_directives(remarks: list[Remark], diagnostics: list[Diagnostic]) -> tuple[str | None, str]:
    """Return the layout directive and the speaker notes among a page's ``remarks``."""
    layout: str | None = None
    notes: list[str] = []
    for remark in remarks:
        word, colon, value = remark.text.strip().partition(":")
        word, value = word.strip().lower(), clean_notes(value)
        letters = re.sub(r"[^a-z]", "", word)
        if letters in NOTES_WORDS and value:
            notes.append(value)
        elif colon and value and letters != "note" and near_notes(letters):
            message = (
                f"'<!-- {word}: ... -->' is hidden and not speaker notes; did you mean "
                "<!-- notes: ... -->?"
            )
            diagnostics.append(warning("near-miss-directive", message, remark.line))
        elif word == "layout":
            if value in LAYOUTS:
                layout = value
            else:
                choices = " or ".join(LAYOUTS)
                message = f"unknown layout {value!r}; use {choices}"
                diagnostics.append(warning("unknown-directive", message, remark.line))
    return layout, "\n\n".join(notes)


NOTES_WORDS = frozenset({"notes", "speakernotes", "speakernote", "presenternotes"})
"""How a ``notes:`` comment may be written (``<!-- Speaker notes: ... -->`` too), its
letters alone."""


def near_notes(letters: str) -> bool:
    """Return whether a comment's word looks like a misspelt ``notes`` (``ntoes``, ``nots``,
    ``speakers notes``), not like an author's remark (``note``, ``todo``)."""
    import difflib  # only for a comment that is not a directive

    if letters.endswith("notes") and letters.startswith(("speaker", "presenter")):
        return True
    return difflib.SequenceMatcher(None, letters, "notes").ratio() >= 0.8


def clean_notes(text: str) -> str:
    """Return a directive's value without control characters, each line trimmed."""
    return "\n".join(line.strip() for line in NOT_TEXT.sub("", text).strip().split("\n"))


def check_remark(remark: Remark, diagnostics: list[Diagnostic]) -> None:
    """Warn when a one-line ``remark`` looks like a misspelt ``pagebreak``."""
    if "\n" in remark.text:
        return
    content = remark.text.strip().lower()
    letters = re.sub(r"[^a-z]", "", content.partition(":")[0])
    if content == "pagebreak":  # a real marker, but not on a line of its own
        message = "<!-- pagebreak --> must stand on a line of its own to start a new slide"
        diagnostics.append(warning("near-miss-directive", message, remark.line))
        return
    if letters in DIRECTIVE_WORDS and letters != "pagebreak":
        return
    import difflib  # only for a comment that is not a directive

    near = difflib.SequenceMatcher(None, letters, "pagebreak").ratio() >= 0.7
    if near or (letters.startswith("page") and len(letters) <= 12):
        message = f"'<!-- {remark.text.strip()} -->' is not a page break; did you mean pagebreak?"
        diagnostics.append(warning("near-miss-directive", message, remark.line))
