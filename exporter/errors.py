"""errors: diagnostics as data, and the one exception that carries them.

Bad input is never a traceback: each problem becomes a ``Diagnostic`` naming the file and line.
A problem that stops a lesson from exporting is raised as ``ExporterError``.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace


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


def printable(text: str) -> str:
    """Return ``text`` with control characters written as escapes such as ``\\x1b``."""
    return CONTROL.sub(lambda match: match.group().encode("unicode_escape").decode("ascii"), text)


CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
"""Control characters, and what no file may hold: lone surrogates (from a file name that is not
UTF-8), and the non-characters U+FFFE and U+FFFF."""


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
