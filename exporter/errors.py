"""errors: diagnostics as data, and the one exception that carries them.

Bad input is never a traceback: each problem becomes a ``Diagnostic`` naming the file and line.
A problem that stops a lesson from exporting is raised as ``ExporterError``. A diagnostic is
turned into JSON data, and read back from it, here only (``to_json``, ``from_json``): the
reports write it, the manifest keeps it.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, replace
from typing import TypeAlias

JSON: TypeAlias = "str | int | float | bool | list[JSON] | dict[str, JSON] | None"
"""Data as JSON holds it."""


class Severity(enum.Enum):
    """How bad a diagnostic is: warnings still export, errors fail the lesson."""

    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in a lesson."""

    severity: Severity
    """Whether the lesson can still be exported."""
    code: str
    """A stable, machine-readable name such as ``near-miss-directive``."""
    message: str
    """What is wrong, for a person."""
    file: str | None = None
    """The lesson file, as given on the command line."""
    line: int | None = None
    """The 1-based source line, where known."""
    slide: int | None = None
    """The 1-based slide number, where known."""
    excerpt: str | None = None
    """Text the problem lies in, by which a later stage can find its exact line."""

    def located(self, file: str) -> Diagnostic:
        """Return a copy naming ``file`` (diagnostics are made before the file name is known)."""
        return replace(self, file=file)

    def format(self) -> str:
        """Return the ``file:line: severity: message`` form compilers and editors understand.

        Control characters from a lesson (a terminal escape, a newline in a file name) are
        shown escaped, so that one diagnostic is one plain line.
        """
        where = printable(self.file or "<input>")
        if self.line is not None:
            where = f"{where}:{self.line}"
        return f"{where}: {self.severity.value}: {printable(self.message)}"

    def to_json(self, located: bool = True) -> dict[str, JSON]:
        """Return the diagnostic as JSON data: its severity, code, message, file (unless not
        ``located``: the manifest names the lesson anew), line and slide; text as it is (a
        report makes it ``printable``)."""
        data: dict[str, JSON] = {
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "slide": self.slide,
        }
        if not located:
            del data["file"]
        return data

    @classmethod
    def from_json(cls, data: object) -> Diagnostic:
        """Return the diagnostic ``to_json`` gave as ``data`` (with its file or without).

        Raises ``ValueError`` for data it cannot have given (a file edited by hand may hold
        anything).
        """
        fields = json_object(data, ("severity", "code", "message", "line", "slide"), ("file",))
        code = json_text(fields["code"])
        if not CODE.fullmatch(code):
            raise ValueError(f"not a diagnostic's code: {code!r}")
        file = fields.get("file")
        return cls(
            Severity(json_text(fields["severity"])),
            code,
            json_text(fields["message"]),
            None if file is None else json_text(file),
            json_line(fields["line"]),
            json_line(fields["slide"]),
        )


def printable(text: str) -> str:
    """Return ``text`` with control characters written as escapes such as ``\\x1b``."""
    return CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


def located(diagnostics: Iterable[Diagnostic], file: str) -> tuple[Diagnostic, ...]:
    """Return ``diagnostics`` naming the lesson ``file``."""
    return tuple(d.located(file) for d in diagnostics)


CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Control characters, and what no file may hold: lone surrogates (from a file name that is not
UTF-8), and the non-characters U+FFFE and U+FFFF."""
CODE = re.compile(r"[a-z][a-z-]*")
"""A diagnostic's code."""
LARGEST = 2**31
"""Above the largest line or slide number JSON data is taken to hold."""


def json_list(data: object) -> list[object]:
    """Return ``data`` if it is a JSON array; else raise ``ValueError``."""
    if not isinstance(data, list):
        raise ValueError(f"not an array: {data!r}")
    return data


def json_object(
    data: object, keys: Collection[str], optional: Collection[str] = ()
) -> dict[str, object]:
    """Return ``data`` if it is a JSON object with each of ``keys``, and no other key than
    those and ``optional``; else raise ``ValueError``."""
    if not isinstance(data, dict) or not set(keys) <= set(data) <= {*keys, *optional}:
        raise ValueError(f"not an object with the keys {sorted(keys)}")
    return data


def json_text(data: object) -> str:
    """Return ``data`` if it is text; else raise ``ValueError``."""
    if not isinstance(data, str):
        raise ValueError(f"not text: {data!r}")
    return data


def json_count(data: object, least: int = 1) -> int:
    """Return ``data`` if it is a whole number from ``least`` (not ``true``); else raise
    ``ValueError``."""
    if type(data) is not int or not least <= data < LARGEST:
        raise ValueError(f"not a whole number from {least}: {data!r}")
    return data


def json_line(data: object) -> int | None:
    """Return ``data`` if it is a line or slide number (from 1), or ``None``; else raise
    ``ValueError``."""
    return None if data is None else json_count(data)


def warning(
    code: str,
    message: str,
    line: int | None = None,
    slide: int | None = None,
    excerpt: str | None = None,
) -> Diagnostic:
    """Return a warning diagnostic."""
    return Diagnostic(Severity.WARNING, code, message, line=line, slide=slide, excerpt=excerpt)


def error(code: str, message: str, line: int | None = None) -> Diagnostic:
    """Return an error diagnostic."""
    return Diagnostic(Severity.ERROR, code, message, line=line)


class ExporterError(Exception):
    """A lesson cannot be exported; ``diagnostic`` says where and why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.format())
        self.diagnostic = diagnostic
