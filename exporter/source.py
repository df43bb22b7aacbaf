"""read: lesson bytes → ``Source`` (front matter, pages and their first lines).

Pages are split on ``<!-- pagebreak -->`` lines in the raw text, not in the parsed tree: in real
lessons the marker often sits indented under the last item of a nested list, where a Markdown
parser would see it inside the list item. Directive comments that apply to a whole page
(``<!-- layout: ... -->``, ``<!-- notes: ... -->``) are read here too, with their lines.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from exporter.errors import Diagnostic, ExporterError, error, warning

PAGEBREAK = re.compile(r"^[ \t]*<!--[ \t]*pagebreak[ \t]*-->[ \t]*$")
COMMENT = re.compile(r"<!--(.*?)-->", re.DOTALL)
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
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

    def line_of(self, needle: str) -> int:
        """Return the file line where ``needle`` first occurs in the page (else the first line)."""
        at = self.text.find(needle)
        return self.line if at < 0 else self.line + self.text.count("\n", 0, at)


@dataclass(frozen=True)
class Source:
    """A lesson as read from disk."""

    meta: Mapping[str, Any]
    """The front matter (empty when the lesson has none)."""
    pages: tuple[Page, ...]
    """The pages that hold content, in order."""
    diagnostics: tuple[Diagnostic, ...]
    """Warnings found while reading."""
    body_line: int
    """The file line where the content after the front matter starts."""


def read_source(path: Path) -> Source:
    """Read the lesson at ``path``.

    Raises ``ExporterError`` when the file cannot be read, is not UTF-8, has broken front
    matter or has no content.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ExporterError(error("unreadable", f"cannot read the lesson: {exc.strerror}")) from exc
    return parse_source(data)


def parse_source(data: bytes) -> Source:
    """Return the ``Source`` for a lesson's bytes (see ``read_source``)."""
    lines = decode(data).split("\n")
    meta, body_start = split_front_matter(lines)
    diagnostics: list[Diagnostic] = []
    pages = tuple(split_pages(lines, body_start, diagnostics))
    if not pages:
        what = "has front matter but no content" if body_start else "is empty"
        raise ExporterError(error("empty-lesson", f"the lesson {what}", line=body_start + 1))
    return Source(meta, pages, tuple(diagnostics), body_start + 1)


def decode(data: bytes) -> str:
    """Return ``data`` as text: strict UTF-8, byte-order mark dropped, newlines as ``\\n``."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1 - (start if line == 1 else 0)
        message = (
            f"not valid UTF-8: byte 0x{data[exc.start]:02x} at offset {exc.start} "
            f"(line {line}, column {column}); save the lesson as UTF-8"
        )
        raise ExporterError(error("encoding", message, line=line)) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(lines: list[str]) -> tuple[dict[str, Any], int]:
    """Return the front matter as a mapping and the index of the first body line."""
    if not lines or lines[0].rstrip() != "---":
        return {}, 0
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        raise ExporterError(
            error("front-matter", "the front matter opened here is never closed by '---'", line=1)
        )
    try:
        meta = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 2 + mark.line if mark is not None else 1
        problem = getattr(exc, "problem", None) or "invalid YAML"
        raise ExporterError(
            error("front-matter", f"the front matter is not valid YAML: {problem}", line=line)
        ) from exc
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        kind = type(meta).__name__
        raise ExporterError(
            error("front-matter", f"the front matter must be a mapping of keys, not a {kind}", 1)
        )
    return {str(key): value for key, value in meta.items()}, end + 1


def split_pages(lines: list[str], start: int, diagnostics: list[Diagnostic]) -> Iterator[Page]:
    """Yield the pages of ``lines[start:]`` that hold content, noting near-miss directives."""
    chunk: list[str] = []
    chunk_start = start
    fence: str | None = None
    for index in range(start, len(lines)):
        line = lines[index]
        fence = track_fence(line, fence)
        if fence is None and PAGEBREAK.match(line):
            yield from make_page(chunk, chunk_start + 1, diagnostics)
            chunk, chunk_start = [], index + 1
            continue
        if fence is None:
            check_comments(line, index + 1, diagnostics)
        chunk.append(line)
    yield from make_page(chunk, chunk_start + 1, diagnostics)


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


def make_page(chunk: list[str], line: int, diagnostics: list[Diagnostic]) -> Iterator[Page]:
    """Yield a ``Page`` for ``chunk`` unless it holds nothing but blanks, rules and comments."""
    while chunk and (not chunk[-1].strip() or THEMATIC_BREAK.match(chunk[-1])):
        chunk = chunk[:-1]
    while chunk and not chunk[0].strip():
        chunk, line = chunk[1:], line + 1
    text = "\n".join(chunk)
    if not COMMENT.sub("", text).strip():
        return
    layout, notes = read_directives(text, line, diagnostics)
    yield Page(text, line, layout, notes)


def read_directives(text: str, line: int, diagnostics: list[Diagnostic]) -> tuple[str | None, str]:
    """Return the page's layout directive and speaker notes."""
    layout: str | None = None
    notes: list[str] = []
    for match in COMMENT.finditer(text):
        word, _, value = match.group(1).strip().partition(":")
        at = line + text.count("\n", 0, match.start())
        if word.strip() == "notes":
            notes.append(value.strip())
        elif word.strip() == "layout":
            if value.strip() in LAYOUTS:
                layout = value.strip()
            else:
                choices = " or ".join(LAYOUTS)
                message = f"unknown layout {value.strip()!r}; use {choices}"
                diagnostics.append(warning("unknown-directive", message, at))
    return layout, "\n\n".join(notes)


def check_comments(line: str, number: int, diagnostics: list[Diagnostic]) -> None:
    """Warn about comments on ``line`` that look like a misspelt ``pagebreak``."""
    for match in COMMENT.finditer(line):
        content = match.group(1).strip().lower()
        letters = re.sub(r"[^a-z]", "", content.partition(":")[0])
        if letters in DIRECTIVE_WORDS and (letters != "pagebreak" or content == "pagebreak"):
            continue
        near = difflib.SequenceMatcher(None, letters, "pagebreak").ratio() >= 0.7
        if near or (letters.startswith("page") and len(letters) <= 12):
            message = (
                f"'<!-- {match.group(1).strip()} -->' is not a page break; did you mean pagebreak?"
            )
            diagnostics.append(warning("near-miss-directive", message, number))
