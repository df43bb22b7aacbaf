"""read: lesson bytes → ``Source`` (front matter, pages and their first lines).

Pages are split on ``<!-- pagebreak -->`` lines in the raw text, not in the parsed tree: in real
lessons the marker often sits indented under the last item of a nested list, where a Markdown
parser would see it inside the list item. Directive comments that apply to a whole page
(``<!-- layout: ... -->``, ``<!-- notes: ... -->``) are read here too, with their lines.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from exporter.errors import Diagnostic, ExporterError, error, warning
from exporter.frontmatter import Meta as Meta
from exporter.frontmatter import read_front_matter
from exporter.text import NOT_TEXT, normalise
from exporter.text import clean as clean

PAGEBREAK = re.compile(r"^[ \t]*<!--[ \t]*pagebreak[ \t]*-->[ \t]*$", re.IGNORECASE)
COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
# A fence is three or more backticks (with no backtick after them) or tildes.
FENCE = re.compile(r"^[ \t]*(`{3,}(?=[^`]*$)|~{3,})")
INLINE_CODE = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
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

    def line_of(self, needle: str | re.Pattern[str]) -> int:
        """Return the file line where ``needle`` (text or a pattern) first occurs in the page.

        The page's first line is returned when it does not occur.
        """
        if isinstance(needle, str):
            at = self.text.find(needle)
        else:
            match = needle.search(self.text)
            at = match.start() if match else -1
        return self.line if at < 0 else self.line + self.text.count("\n", 0, at)


@dataclass(frozen=True)
class Source:
    """A lesson as read from disk."""

    meta: Meta
    """The front matter's title, section, lesson and language."""
    pages: tuple[Page, ...]
    """The pages that hold content, in order."""
    diagnostics: tuple[Diagnostic, ...]
    """Warnings found while reading."""


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
    pages = tuple(split_pages(lines, body_start, diagnostics))
    if not pages:
        what = "has front matter but no content" if body_start else "is empty"
        raise ExporterError(error("empty-lesson", f"the lesson {what}", line=body_start + 1))
    return Source(meta, pages, tuple(diagnostics))


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


def split_pages(lines: list[str], start: int, diagnostics: list[Diagnostic]) -> Iterator[Page]:
    """Yield the pages of ``lines[start:]`` that hold content, noting near-miss directives.

    Directives are only read outside code: in fenced blocks and inline code spans a comment is
    text the lesson shows.
    """
    chunk: list[str] = []
    shown: list[str] = []
    chunk_start = start
    fence: str | None = None
    for index in range(start, len(lines)):
        fence, visible = outside_code(lines[index], fence)
        if PAGEBREAK.match(visible):
            yield from make_page(chunk, shown, chunk_start + 1, diagnostics)
            chunk, shown, chunk_start = [], [], index + 1
            continue
        check_comments(visible, index + 1, diagnostics)
        chunk.append(lines[index])
        shown.append(visible)
    yield from make_page(chunk, shown, chunk_start + 1, diagnostics)


def outside_code(line: str, fence: str | None) -> tuple[str | None, str]:
    """Return the open fence after ``line`` and the part of ``line`` that is not code."""
    after = track_fence(line, fence)
    if fence is not None or after is not None:
        return after, ""
    return after, INLINE_CODE.sub(lambda match: " " * len(match.group()), line)


def track_fence(line: str, fence: str | None) -> str | None:
    """Return the open code fence after ``line`` (``None`` outside code blocks)."""
    match = FENCE.match(line)
    if match is None:
        return fence
    marker = match.group(1)
    if fence is None:
        return marker
    closes = marker[0] == fence[0] and len(marker) >= len(fence)
    return None if closes and line.strip() == marker else fence


def make_page(
    chunk: list[str], shown: list[str], line: int, diagnostics: list[Diagnostic]
) -> Iterator[Page]:
    """Yield a ``Page`` for ``chunk`` unless it holds nothing but blanks, rules and comments."""
    while chunk and (not chunk[-1].strip() or trailing_rule(chunk)):
        chunk, shown = chunk[:-1], shown[:-1]
    while chunk and not chunk[0].strip():
        chunk, shown, line = chunk[1:], shown[1:], line + 1
    text, visible = "\n".join(chunk), "\n".join(shown)
    if not COMMENT.sub("", text).strip():
        return
    opened = visible.rfind("<!--")
    if opened > visible.rfind("-->"):
        message = "this comment is never closed with '-->': the rest of the page is hidden"
        diagnostics.append(
            warning("unclosed-comment", message, line + visible.count("\n", 0, opened))
        )
    layout, notes = read_directives(visible, line, diagnostics)
    yield Page(text, line, layout, notes)


def trailing_rule(chunk: list[str]) -> bool:
    """Return whether the last line is a leftover rule (not a setext heading's underline)."""
    last = chunk[-1]
    if not THEMATIC_BREAK.match(last):
        return False
    underline = last.strip().startswith("-") and len(chunk) > 1 and chunk[-2].strip() != ""
    return not underline


def read_directives(text: str, line: int, diagnostics: list[Diagnostic]) -> tuple[str | None, str]:
    """Return the page's layout directive and speaker notes."""
    layout: str | None = None
    notes: list[str] = []
    for match in COMMENT.finditer(text):
        word, _, value = match.group(1).strip().partition(":")
        word, value = word.strip().lower(), clean_notes(value)
        at = line + text.count("\n", 0, match.start())
        if word == "notes" and value:
            notes.append(value)
        elif word == "layout":
            if value in LAYOUTS:
                layout = value
            else:
                choices = " or ".join(LAYOUTS)
                message = f"unknown layout {value!r}; use {choices}"
                diagnostics.append(warning("unknown-directive", message, at))
    return layout, "\n\n".join(notes)


def clean_notes(text: str) -> str:
    """Return a directive's value without control characters, each line trimmed."""
    return "\n".join(line.strip() for line in NOT_TEXT.sub("", text).strip().split("\n"))


def check_comments(line: str, number: int, diagnostics: list[Diagnostic]) -> None:
    """Warn about comments on ``line`` that look like a misspelt ``pagebreak``."""
    for match in COMMENT.finditer(line):
        content = match.group(1).strip().lower()
        letters = re.sub(r"[^a-z]", "", content.partition(":")[0])
        if content == "pagebreak":  # a real marker, but not on a line of its own
            message = "<!-- pagebreak --> must stand on a line of its own to start a new slide"
            diagnostics.append(warning("near-miss-directive", message, number))
            continue
        if letters in DIRECTIVE_WORDS and letters != "pagebreak":
            continue
        near = difflib.SequenceMatcher(None, letters, "pagebreak").ratio() >= 0.7
        if near or (letters.startswith("page") and len(letters) <= 12):
            message = (
                f"'<!-- {match.group(1).strip()} -->' is not a page break; did you mean pagebreak?"
            )
            diagnostics.append(warning("near-miss-directive", message, number))
