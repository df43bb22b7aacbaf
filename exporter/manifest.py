"""batch: the manifest: what each lesson's outputs were made from, so that an unchanged lesson
is skipped.

The manifest is a JSON file in the output folder, ``.lesson-export.json``. For each lesson it
keeps, by the lesson's output name (``section-1/lesson-2``):

- ``source``, ``resolved`` and ``sha256``: the lesson file as named and with its links
  resolved, and the SHA-256 of its bytes;
- ``images``: by each image's address in the lesson, the file it resolved to and the SHA-256 of
  its bytes (``null``: refused, missing or not downloaded). On a rebuild each address is
  resolved again, by the same rules, so an image refused since (a link now leading out of the
  course) or found since is noticed; a remote image that could not be had is tried again;
- ``outputs``: per format, the key of everything else an output depends on (the exporter's
  code and version, the theme's files, the options that shape it) and the SHA-256 of the file
  written;
- ``diagnostics`` and ``slides``: what the export reported, told again when it is skipped.

A lesson is up to date when it and every image still resolve to what they did, with the same
digests, and every requested output has its key and is still the file that was written.
Content, not time stamps, decides: touching a file rebuilds nothing, and a checkout that sets
every time stamp anew skips what is unchanged.
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
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exporter import __version__
from exporter.errors import Diagnostic, ExporterError, Severity, error
from exporter.options import FORMATS, MANIFEST, Options
from exporter.pipeline import Job, Result, SlideInfo, located, write_all

# The resources package (and Pillow with it) is imported by the functions that read files:
# the command's start, which needs only NAME, goes without it.
if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from exporter.theme import Theme

NAME = MANIFEST
"""The manifest's file name, in the output folder."""
SCHEMA = 2
"""The manifest's layout; a manifest of another is ignored (everything is rebuilt)."""
HANDOUT_OPTIONS = ("handout", "paper")
"""The options only the handout depends on."""


@functools.cache
def code_digest() -> str:
    """Return a digest of the exporter's version and code, its built-in themes (a theme folder
    falls back to the default theme's fonts) and the versions of the libraries that write the
    files, so that a new exporter or library rebuilds everything."""
    from importlib import metadata  # only a build asks for versions

    hashed = hashlib.sha256(__version__.encode())
    for library in LIBRARIES:
        with contextlib.suppress(metadata.PackageNotFoundError):
            hashed.update(f"{library} {metadata.version(library)}\0".encode())
    hash_tree(resources.files("exporter"), hashed, skip={"themes"})
    hash_tree(resources.files("exporter.themes"), hashed)
    return hashed.hexdigest()


LIBRARIES = (
    "python-pptx",
    "weasyprint",
    "pillow",
    "mistune",
    "fonttools",
    "pydyf",
    "lxml",
    "pyyaml",
)
"""The libraries whose versions can change the bytes written."""


def theme_digest(theme: Theme) -> str:
    """Return a digest of every file in the theme's folder (its settings, style and fonts).

    Raises ``ExporterError`` when the folder cannot be read (it may have been removed).
    """
    hashed = hashlib.sha256()
    try:
        hash_tree(theme.folder, hashed)
    except OSError as exc:
        message = f"cannot read the theme folder {theme.folder}: {exc.strerror or exc}"
        raise ExporterError(error("theme", message)) from exc
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
    """Return the SHA-256 of the regular file at ``path``, or ``None`` if there is none (read
    as images are: without blocking, so that a pipe in its place cannot hang the build)."""
    from exporter.resources import digest
    from exporter.resources.local import read_file

    data = read_file(path, largest=None)
    return None if isinstance(data, str) else digest(data)


@dataclass(frozen=True)
class Keys:
    """The keys of what outputs depend on besides a lesson's own files."""

    formats: dict[str, str]
    """Per requested format: the exporter, the theme, the date and the options that shape it."""
    remote: str
    """What remote images depend on (the allowed hosts, offline), for lessons that show one."""
    strict: bool
    """Whether warnings fail a lesson: a skipped lesson that warned is exported again."""


def output_keys(options: Options, theme: Theme) -> Keys:
    """Return the keys of what the requested outputs depend on besides each lesson's files
    (its course root, and the remote settings if it shows a remote image, are added by
    ``Manifest``)."""
    common = {
        "schema": SCHEMA,
        "exporter": code_digest(),
        "theme": theme_digest(theme),
        "created": options.created.isoformat() if options.created else None,
    }
    formats = {}
    for name in options.formats:
        shaped = {key: getattr(options, key) for key in HANDOUT_OPTIONS if name == "handout"}
        formats[name] = digest_of({**common, **shaped, "format": name})
    allowed = options.allow_hosts.signature() if options.allow_hosts else ""
    remote = digest_of({"allow_hosts": allowed, "offline": options.offline})
    return Keys(formats, remote, options.strict)


def digest_of(data: dict[str, Any]) -> str:
    """Return the SHA-256 of ``data`` as JSON with sorted keys."""
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


@dataclass(frozen=True)
class Stale:
    """The outputs of a lesson whose file is gone."""

    name: str
    """Its entry in the manifest."""
    source: Path
    outputs: tuple[Path, ...]
    """Its outputs still there as they were written (a file changed since is left alone)."""


@dataclass
class Manifest:
    """The manifest of one output folder.

    Paths are kept relative to the folder once its links are resolved (``real``), so that an
    output folder reached through a link is the folder itself.
    """

    folder: Path
    """The output folder as it was named (for messages)."""
    lessons: dict[str, dict[str, Any]] = field(default_factory=dict)
    problem: str | None = None
    """Why the file on disk was not used, if it was not (it is then written anew)."""
    changed: bool = False
    unsaved: str | None = None
    """Why the manifest could not be written, if it could not."""
    retry: bool = True
    """Whether a lesson with a remote image that could not be had is exported again (a watch
    tries it once, not on every save of another lesson)."""

    @functools.cached_property
    def real(self) -> Path:
        """The output folder, its links resolved (once: it is asked for every path)."""
        return self.folder.resolve()

    @classmethod
    def load(cls, folder: Path) -> Manifest:
        """Return the manifest of ``folder``: empty if there is none or it cannot be used; an
        entry that is not as this module writes it is dropped (its lesson is exported)."""
        from exporter.resources.local import read_file

        path = folder / NAME
        if not path.exists() and not path.is_symlink():
            return cls(folder)
        data = read_file(path, largest=None)
        try:
            parsed = None if isinstance(data, str) else json.loads(data)
        except (ValueError, RecursionError) as exc:
            problem = f"cannot read it ({type(exc).__name__}); every lesson is rebuilt"
            return cls(folder, problem=problem, changed=True)
        if isinstance(data, str):
            return cls(folder, problem="it is not a file; every lesson is rebuilt", changed=True)
        if not isinstance(parsed, dict) or parsed.get("schema") != SCHEMA:
            return cls(folder, problem="it is of another version; every lesson is rebuilt")
        lessons = parsed.get("lessons")
        if not isinstance(lessons, dict):
            return cls(folder, problem="it holds no lessons; every lesson is rebuilt")
        kept = {name: entry for name, entry in lessons.items() if usable(name, entry)}
        return cls(folder, kept, changed=len(kept) != len(lessons))

    def name(self, job: Job) -> str:
        """Return the job's entry name: its output stem below the output folder, as named."""
        return Path(
            os.path.relpath(os.path.abspath(job.stem), os.path.abspath(self.folder))
        ).as_posix()

    def named(self, job: Job) -> str:
        """Return the lesson file as the manifest keeps it: as named (a link not followed, so
        that a link removed is a lesson gone), relative to the folder."""
        return self.relative(os.path.abspath(job.source))

    def relative(self, path: str | Path) -> str:
        """Return the absolute ``path`` as the manifest keeps it: relative to the folder."""
        return Path(os.path.relpath(path, self.real)).as_posix()

    def keyed(self, job: Job, keys: Keys, remote: bool) -> dict[str, str]:
        """Return each format's key with the job's course root added (site-root images depend
        on it), and the remote settings if the lesson shows a remote image."""
        root = self.relative(job.root.resolve())
        extra = keys.remote if remote else ""
        return {
            name: hashlib.sha256(f"{key}\0{root}\0{extra}".encode()).hexdigest()
            for name, key in keys.formats.items()
        }

    def skipped(self, job: Job, keys: Keys) -> Result | None:
        """Return the result of an up-to-date job (``skipped``, with what its export
        reported), or ``None`` when it must be exported."""
        entry = self.lessons.get(self.name(job))
        try:
            if entry is None or job.refused or not self.unchanged(job, entry, keys):
                return None
        except OSError:  # a folder that cannot be read: the export will say what is wrong
            return None
        diagnostics = [diagnostic_from(item) for item in entry["diagnostics"]]
        if keys.strict and diagnostics:
            return None  # exported again, to fail as --strict asks
        outputs = tuple(job.output(FORMATS[name]) for name in keys.formats)
        slides = tuple(SlideInfo(**item) for item in entry["slides"])
        return Result(job, "skipped", outputs, located(diagnostics, job.display), slides)

    def unchanged(self, job: Job, entry: dict[str, Any], keys: Keys) -> bool:
        """Return whether the lesson, its images and the requested outputs are as ``entry``
        recorded them."""
        from exporter.resources import Place, is_remote, locate
        from exporter.resources.local import read_file

        resolved = job.source.resolve()
        if entry["resolved"] != self.relative(resolved) or entry["source"] != self.named(job):
            return False
        if file_digest(resolved) != entry["sha256"]:
            return False
        images: dict[str, dict[str, str | None]] = entry["images"]
        keyed = self.keyed(job, keys, any(is_remote(src) for src in images))
        for name, key in keyed.items():
            recorded = entry["outputs"].get(name)
            if recorded is None or recorded["key"] != key:
                return False
            if file_digest(job.output(FORMATS[name])) != recorded["sha256"]:
                return False
        place = Place(job.source.parent, job.root)
        for src, recorded in images.items():
            if is_remote(src):
                if recorded["sha256"] is None and self.retry:  # not downloaded: try again
                    return False
                continue
            found = locate(src, place)
            if isinstance(found, str):  # still refused, or still missing: the same placeholder
                if recorded["file"] is not None:
                    return False
            elif recorded["file"] != self.relative(found):
                return False  # another file now (a link pointed elsewhere)
            elif recorded["sha256"] is None:  # it could not be read: a rebuild if it can now
                if not isinstance(read_file(found), str):
                    return False
            elif file_digest(found) != recorded["sha256"]:
                return False
        return True

    def record(self, result: Result, keys: Keys) -> None:
        """Keep what an export made its outputs from; forget a lesson that failed (but for a
        lesson refused for another's output name: that name is the other's)."""
        from exporter.resources import is_remote

        job = result.job
        name = self.name(job)
        if result.status == "skipped":
            return
        if result.status != "exported":
            if any(d.code == "duplicate-output" for d in result.diagnostics):
                return
            if self.lessons.pop(name, None) is not None:
                self.changed = True
            return
        self.changed = True
        images = {
            src: {
                "file": None if read.path is None else self.relative(read.path),
                "sha256": read.digest,
            }
            for src, read in sorted(result.images)
        }
        formats = [f for f in keys.formats if job.output(FORMATS[f]) in result.outputs]
        keyed = self.keyed(job, keys, any(is_remote(src) for src in images))
        outputs = {
            f: {"key": keyed[f], "sha256": digest}
            for f, digest in zip(formats, result.digests, strict=True)
        }
        earlier = self.lessons.get(name)
        made = {
            "source": self.named(job),
            "resolved": self.relative(job.source.resolve()),
            "sha256": result.lesson,
            "images": images,
        }
        if earlier and all(earlier[key] == value for key, value in made.items()):
            outputs = {**earlier["outputs"], **outputs}  # the other formats are still as made
        self.lessons[name] = {
            **made,
            "outputs": outputs,
            "diagnostics": [diagnostic_data(d) for d in result.diagnostics],
            "slides": [asdict(slide) for slide in result.slides],
        }

    def stale(self, kept: set[Path] | None = None) -> list[Stale]:
        """Return the outputs of each lesson whose file is gone: those the manifest recorded,
        reached from the output folder through no link, still as they were written, and not
        among ``kept`` (the outputs of this build, by their resolved paths). A gone lesson
        with no such output left is forgotten."""
        found = []
        for name, entry in sorted(self.lessons.items()):
            source = Path(os.path.normpath(self.real / entry["source"]))
            try:
                if source.exists() or source.is_symlink():
                    continue
            except OSError:  # a folder that cannot be read: it may well be there
                continue
            outputs = []
            for f, extension in FORMATS.items():
                recorded = entry["outputs"].get(f)
                stem = self.real / name
                real = stem.with_name(f"{stem.name}.{extension}")
                if recorded is None or os.path.realpath(real) != str(real):  # a link on the way
                    continue
                if real in (kept or set()) or file_digest(real) != recorded["sha256"]:
                    continue
                shown = self.folder / name
                outputs.append(shown.with_name(f"{shown.name}.{extension}"))
            if not outputs:
                del self.lessons[name]
                self.changed = True
                continue
            found.append(Stale(name, shown_path(source), tuple(outputs)))
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
            if self.lessons.pop(lesson.name, None) is not None:
                self.changed = True
        return removed

    def save(self) -> str | None:
        """Write the manifest if it changed (whole or not at all); return why it could not be
        written, if it could not (the next build then exports those lessons again)."""
        if not self.changed:
            return None
        data = {"schema": SCHEMA, "tool": "lesson-exporter", "lessons": self.lessons}
        text = json.dumps(data, indent=1, sort_keys=True, allow_nan=False) + "\n"
        try:
            write_all({self.folder / NAME: text.encode("utf-8")})
        except ExporterError as exc:
            return exc.diagnostic.message
        self.changed = False
        return None


def shown_path(path: Path) -> Path:
    """Return the absolute ``path`` as messages show it: relative to the current folder when
    it lies below it."""
    below = Path(os.path.relpath(path))
    return path if below.parts[:1] == ("..",) else below


def usable(name: str, entry: Any) -> bool:
    """Return whether a manifest entry is as ``Manifest.record`` writes it: a name below the
    output folder, and every field of its type (a hand-edited entry may be anything)."""
    parts = name.split("/")
    if not name or name.startswith("/") or any(part in ("", ".", "..") for part in parts):
        return False
    if any(char in name for char in "\0\\:"):
        return False
    if not isinstance(entry, dict) or set(entry) != set(ENTRY):
        return False
    return all(valid(entry[key]) for key, valid in ENTRY.items())


def _count(value: Any, least: int = 1) -> bool:
    return type(value) is int and least <= value < 2**31


def _line(value: Any) -> bool:
    return value is None or _count(value)


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _path(value: Any) -> bool:
    return isinstance(value, str) and "\0" not in value


def _digest(value: Any) -> bool:
    return value is None or (isinstance(value, str) and bool(DIGEST.fullmatch(value)))


def _images(value: Any) -> bool:
    return isinstance(value, dict) and all(
        _path(src)
        and isinstance(read, dict)
        and set(read) == {"file", "sha256"}
        and (read["file"] is None or _path(read["file"]))
        and _digest(read["sha256"])
        for src, read in value.items()
    )


def _outputs(value: Any) -> bool:
    return isinstance(value, dict) and all(
        name in FORMATS
        and isinstance(out, dict)
        and set(out) == {"key", "sha256"}
        and _text(out["key"])
        and _digest(out["sha256"])
        and out["sha256"] is not None
        for name, out in value.items()
    )


def _diagnostic(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == {"severity", "code", "message", "line", "slide"}
        and value["severity"] in ("warning", "error")
        and _text(value["code"])
        and bool(CODE.fullmatch(value["code"]))
        and _text(value["message"])
        and _line(value["line"])
        and _line(value["slide"])
    )


def _slide(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and set(value) == set(SLIDE)
        and all(valid(value[key]) for key, valid in SLIDE.items())
    )


CODE = re.compile(r"[a-z][a-z-]*")
DIGEST = re.compile(r"[0-9a-f]{64}")
SLIDE: dict[str, Callable[[Any], bool]] = {
    "number": _count,
    "layout": _text,
    "title": _text,
    "line": lambda value: _count(value, 0),
    "size": lambda value: type(value) in (int, float) and 0 <= value < 1000,
    "shrunk": lambda value: type(value) is bool,
    "part": _count,
    "parts": _count,
}
ENTRY: dict[str, Callable[[Any], bool]] = {
    "source": _path,
    "resolved": _path,
    "sha256": lambda value: _digest(value) and value is not None,
    "images": _images,
    "outputs": _outputs,
    "diagnostics": lambda value: isinstance(value, list) and all(map(_diagnostic, value)),
    "slides": lambda value: isinstance(value, list) and all(map(_slide, value)),
}


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
