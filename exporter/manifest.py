"""batch: the manifest: what each lesson's outputs were made from, so that an unchanged lesson
is skipped.

The manifest is a JSON file in the output folder, ``.lesson-export.json``. For each lesson it
keeps, by the lesson's output name (``section-1/lesson-2``):

- ``source``: the lesson file;
- ``inputs``: every file the outputs were made from, the lesson and its images, with the
  SHA-256 of what was read (``null``: the file was missing), and each remote image's address
  with the SHA-256 of what was downloaded (``null``: it could not be had, so it is tried again);
- ``outputs``: per format, the key of everything else an output depends on (the exporter's
  code and version, the theme's files, the options that shape it) and the SHA-256 of the file
  written;
- ``diagnostics`` and ``slides``: what the export reported, told again when it is skipped.

A lesson is up to date when every input still has its digest, every requested output has its
key and is still the file that was written. Content, not time stamps, decides: touching a file
rebuilds nothing, and a checkout that sets every time stamp anew skips what is unchanged.
Paths are kept relative to the output folder, so that moving the project keeps them true.

A lesson that fails loses its entry (its outputs are removed); a lesson whose file is gone is
*stale*: its outputs are reported, and removed with ``--prune``.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import stat
from dataclasses import asdict, dataclass, field
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from exporter import __version__
from exporter.errors import Diagnostic, ExporterError, Severity
from exporter.options import FORMATS, Options
from exporter.pipeline import Job, Result, SlideInfo, located, write_all
from exporter.theme import Theme

NAME = ".lesson-export.json"
"""The manifest's file name, in the output folder."""
SCHEMA = 1
"""The manifest's layout; a manifest of another is ignored (everything is rebuilt)."""
HANDOUT_OPTIONS = ("handout", "paper")
"""The options only the handout depends on."""


@functools.cache
def code_digest() -> str:
    """Return a digest of the exporter's version and code (its modules and built-in themes are
    hashed with the theme), so that a new exporter rebuilds everything."""
    hashed = hashlib.sha256(__version__.encode())
    hash_tree(resources.files("exporter"), hashed, skip={"themes"})
    return hashed.hexdigest()


def theme_digest(theme: Theme) -> str:
    """Return a digest of every file in the theme's folder (its settings, style and fonts)."""
    hashed = hashlib.sha256()
    hash_tree(theme.folder, hashed)
    return hashed.hexdigest()


def hash_tree(folder: Traversable, hashed: Any, skip: set[str] | None = None) -> None:
    """Add the names and contents of the files below ``folder`` to ``hashed``, in name order
    (compiled ``__pycache__`` files left out)."""
    for item in sorted(folder.iterdir(), key=lambda item: item.name):
        if item.name in (skip or ()) or item.name == "__pycache__" or item.name.startswith("."):
            continue
        if item.is_dir():
            hashed.update(f"{item.name}/\0".encode())
            hash_tree(item, hashed)
        elif item.is_file():
            data = item.read_bytes()
            hashed.update(f"{item.name}\0{len(data)}\0".encode())
            hashed.update(data)


def file_digest(path: Path) -> str | None:
    """Return the SHA-256 of the regular file at ``path``, or ``None`` if there is none (opened
    without blocking, so that a pipe in its place cannot hang the build)."""
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as stream:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            return None
        try:
            return hashlib.file_digest(stream, "sha256").hexdigest()
        except OSError:
            return None


def output_keys(options: Options, theme: Theme) -> dict[str, str]:
    """Return, per requested format, the key of what its output depends on besides the
    lesson's own inputs (the job's course root is added by ``Manifest``)."""
    common = {
        "schema": SCHEMA,
        "exporter": code_digest(),
        "theme": theme_digest(theme),
        "strict": options.strict,
        "allow_hosts": sorted(options.allow_hosts),
        "offline": options.offline,
        "created": options.created.isoformat() if options.created else None,
    }
    keys = {}
    for name in options.formats:
        shaped = {key: getattr(options, key) for key in HANDOUT_OPTIONS if name == "handout"}
        text = json.dumps({**common, **shaped, "format": name}, sort_keys=True)
        keys[name] = hashlib.sha256(text.encode()).hexdigest()
    return keys


@dataclass(frozen=True)
class Stale:
    """The outputs of a lesson whose file is gone."""

    source: Path
    outputs: tuple[Path, ...]


@dataclass
class Manifest:
    """The manifest of one output folder."""

    folder: Path
    lessons: dict[str, dict[str, Any]] = field(default_factory=dict)
    problem: str | None = None
    """Why the file on disk was not used, if it was not (it is then written anew)."""
    changed: bool = False
    unsaved: str | None = None
    """Why the manifest could not be written, if it could not."""
    retry: bool = True
    """Whether a lesson with a remote image that could not be had is exported again (a watch
    tries it once, not on every save of another lesson)."""

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """Return the manifest of ``folder``: empty if there is none or it cannot be used."""
        path = folder / NAME
        try:
            data = json.loads(path.read_bytes())
        except FileNotFoundError:
            return cls(folder)
        except (OSError, ValueError) as exc:
            problem = f"cannot read it ({type(exc).__name__}); every lesson is rebuilt"
            return cls(folder, problem=problem, changed=True)
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            return cls(folder, problem="it is of another version; every lesson is rebuilt")
        lessons = data.get("lessons")
        if not isinstance(lessons, dict):
            return cls(folder, problem="it holds no lessons; every lesson is rebuilt")
        return cls(folder, lessons)

    def name(self, job: Job) -> str:
        """Return the job's entry name: its output stem below the output folder."""
        return Path(os.path.relpath(job.stem, self.folder)).as_posix()

    def relative(self, path: str | Path) -> str:
        """Return ``path`` as the manifest keeps it: relative to the output folder."""
        return Path(os.path.relpath(path, self.folder)).as_posix()

    def keyed(self, job: Job, keys: dict[str, str]) -> dict[str, str]:
        """Return ``keys`` with the job's course root added (site-root images depend on it)."""
        root = self.relative(job.root.resolve())
        return {
            name: hashlib.sha256(f"{key}\0{root}".encode()).hexdigest()
            for name, key in keys.items()
        }

    def skipped(self, job: Job, keys: dict[str, str]) -> Result | None:
        """Return the result of an up-to-date job (``skipped``, with what its export
        reported), or ``None`` when it must be exported."""
        entry = self.lessons.get(self.name(job))
        try:
            if entry is None or entry["source"] != self.relative(job.source.resolve()):
                return None
            outputs = []
            for name, key in self.keyed(job, keys).items():
                recorded = entry["outputs"].get(name)
                target = job.output(FORMATS[name])
                if recorded is None or recorded["key"] != key:
                    return None
                if file_digest(target) != recorded["sha256"]:
                    return None
                outputs.append(target)
            for name, recorded in entry["inputs"].items():
                if is_address(name):
                    if recorded is None and self.retry:  # a download that failed: try again
                        return None
                elif file_digest(self.folder / name) != recorded:
                    return None
            diagnostics = tuple(diagnostic_from(item) for item in entry["diagnostics"])
            slides = tuple(SlideInfo(**item) for item in entry["slides"])
        except (KeyError, TypeError, ValueError, AttributeError):  # an entry edited by hand
            return None
        return Result(
            job, "skipped", tuple(outputs), located(list(diagnostics), job.display), slides
        )

    def record(self, result: Result, keys: dict[str, str]) -> None:
        """Keep what an export made its outputs from; forget a lesson that failed."""
        job = result.job
        if result.status == "skipped":
            return
        if result.status != "exported":
            if self.lessons.pop(self.name(job), None) is not None:
                self.changed = True
            return
        self.changed = True
        formats = [name for name in keys if job.output(FORMATS[name]) in result.outputs]
        self.lessons[self.name(job)] = {
            "source": self.relative(job.source.resolve()),
            "inputs": {
                (name if is_address(name) else self.relative(name)): value
                for name, value in sorted(result.inputs)
            },
            "outputs": {
                name: {"key": key, "sha256": digest}
                for (name, key), digest in zip(
                    self.keyed(job, {name: keys[name] for name in formats}).items(),
                    result.digests,
                    strict=True,
                )
            },
            "diagnostics": [diagnostic_data(d) for d in result.diagnostics],
            "slides": [asdict(slide) for slide in result.slides],
        }

    def stale(self) -> list[Stale]:
        """Return the outputs of each lesson whose file is gone (only those still there)."""
        found = []
        for name, entry in sorted(self.lessons.items()):
            source = entry.get("source") if isinstance(entry, dict) else None
            if not isinstance(source, str) or (self.folder / source).exists():
                continue
            stem = self.folder / name
            if not stem.resolve().is_relative_to(self.folder.resolve()):
                continue  # a name edited to point out of the folder: never removed from there
            outputs = [stem.with_name(f"{stem.name}.{ext}") for ext in FORMATS.values()]
            lesson = Path(os.path.normpath(self.folder / source))
            found.append(Stale(lesson, tuple(path for path in outputs if path.is_file())))
        return found

    def prune(self, stale: list[Stale]) -> list[Path]:
        """Remove the outputs of the lessons in ``stale`` and their entries; return the files
        removed."""
        removed = []
        for lesson in stale:
            for path in lesson.outputs:
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                    removed.append(path)
            for name, entry in list(self.lessons.items()):
                if Path(os.path.normpath(self.folder / entry.get("source", ""))) == lesson.source:
                    del self.lessons[name]
                    self.changed = True
        return removed

    def save(self) -> str | None:
        """Write the manifest if it changed (whole or not at all); return why it could not be
        written, if it could not (the next build then exports those lessons again)."""
        if not self.changed:
            return None
        data = {"schema": SCHEMA, "tool": "lesson-exporter", "lessons": self.lessons}
        text = json.dumps(data, indent=1, sort_keys=True) + "\n"
        try:
            write_all({self.folder / NAME: text.encode("utf-8")})
        except ExporterError as exc:
            return exc.diagnostic.message
        self.changed = False
        return None


def is_address(name: str) -> bool:
    """Return whether an input is a remote image's address rather than a file."""
    return "://" in name


def diagnostic_data(diagnostic: Diagnostic) -> dict[str, Any]:
    """Return a diagnostic as the manifest keeps it (without its file, named anew)."""
    return {
        "severity": diagnostic.severity.value,
        "code": diagnostic.code,
        "message": diagnostic.message,
        "line": diagnostic.line,
        "slide": diagnostic.slide,
    }


def diagnostic_from(data: dict[str, Any]) -> Diagnostic:
    """Return the diagnostic the manifest kept as ``data``."""
    return Diagnostic(
        Severity(data["severity"]),
        str(data["code"]),
        str(data["message"]),
        line=data["line"],
        slide=data["slide"],
    )
