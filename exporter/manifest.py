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
- ``outputs``: per output, by its name (``pptx``, ``handout``, ``notes``...), the key of
  everything else it depends on (the exporter's code and version, the theme's files, the
  options that shape it) and the SHA-256 of the file written (``null`` for the answer key of
  a lesson that is not a quiz: it has none, and is up to date without one);
- ``diagnostics`` and ``slides``: what the export reported, told again when it is skipped.

A lesson is up to date when it and every image still resolve to what they did, with the same
digests, and every requested output has its key and is still the file that was written.
Content, not time stamps, decides: touching a file rebuilds nothing, and a checkout that sets
every time stamp anew skips what is unchanged. An output's digest is read again only when the
system says otherwise of it than when it was taken (``digests``), and so are a lesson's and
its images': a course's thousands of files are not read on every build.
Paths are kept relative to the output folder, so that moving the project keeps them true.

A lesson that fails loses its entry (its outputs are removed); a lesson whose file is gone is
*stale*: its outputs are reported, and removed with ``--prune``.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from exporter.digests import Digests
from exporter.entries import Entry, ImageEntry, OutputEntry, entry_from_json
from exporter.errors import JSON, ExporterError, error, located
from exporter.files import digest, write_all
from exporter.folders import real_path
from exporter.jobs import Job, Listing, Result, Status
from exporter.options import MANIFEST, NAMES, OPTIONAL, Options, output_file
from exporter.stamp import code_digest, folder_digest

# The resources package (and Pillow with it) is imported by the functions that read files:
# the command's start, which needs only NAME, goes without it.
if TYPE_CHECKING:
    from exporter.resources.cache import DownloadCache
    from exporter.theme import Theme

NAME = MANIFEST
"""The manifest's file name, in the output folder."""
SCHEMA = 2
"""The manifest's layout; a manifest of another is ignored (everything is rebuilt)."""


def theme_digest(theme: Theme) -> str:
    """Return a digest of every file in the theme's folder (its settings, style and fonts).

    Raises ``ExporterError`` when the folder cannot be read (it may have been removed).
    """
    try:
        return folder_digest(theme.folder)
    except OSError as exc:
        message = f"cannot read the theme folder {theme.folder}: {exc.strerror or exc}"
        raise ExporterError(error("theme", message)) from exc


def file_digest(path: Path) -> str | None:
    """Return the SHA-256 of the regular file at ``path``, or ``None`` if there is none (read
    as images are: without blocking, so that a pipe in its place cannot hang the build)."""
    from exporter.resources.local import read_file

    data = read_file(path, largest=None)
    return None if isinstance(data, str) else digest(data)


@dataclass(frozen=True)
class Keys:
    """The keys of what outputs depend on besides a lesson's own files."""

    outputs: dict[str, str]
    """Per requested output, by its name (``options.Output``): the exporter, the theme, the
    date and the options that shape it (a handout: its layout and paper)."""
    remote: str
    """What remote images depend on (the allowed hosts, offline), for lessons that show one."""
    strict: bool
    """Whether warnings fail a lesson: a skipped lesson that warned is exported again."""
    offline: DownloadCache | None = None
    """Under ``--offline``, the download cache remote images come from: a lesson whose image
    is still not in it would show the same placeholder, so it is up to date."""


def output_keys(options: Options, theme: Theme) -> Keys:
    """Return the keys of what the requested outputs depend on besides each lesson's files
    (its course root, and the remote settings if it shows a remote image, are added by
    ``Manifest``)."""
    common = {
        "schema": SCHEMA,
        "exporter": code_digest(),
        "theme": theme_digest(theme),
        "template": theme.template.digest if theme.template else None,
        "layouts": [c.part for c in theme.template.choices] if theme.template else None,
        "created": options.created.isoformat() if options.created else None,
        "lang": options.lang,
        "quiz": options.quiz.value,
        "labels": [options.labels.section, options.labels.lesson, options.labels.format],
    }
    outputs = {}
    edition = {"edition": options.edition.value}  # the students' deck and PDFs differ
    for output in options.outputs:
        shaped: Mapping[str, object] = {}
        if output.layout:
            shaped = {"handout": output.layout, "paper": options.paper, **edition}
        elif output.format in ("pptx", "pdf"):
            shaped = edition
        elif output.format == "answers":  # the key is printed on the handouts' paper
            shaped = {"paper": options.paper}
        outputs[output.name] = digest_of({**common, **shaped, "format": output.format})
    allowed = options.allow_hosts.signature() if options.allow_hosts else ""
    remote = digest_of({"allow_hosts": allowed, "offline": options.offline})
    offline = None
    if options.offline:
        from exporter.resources.cache import DownloadCache, default_folder

        offline = DownloadCache(options.cache_dir or default_folder(), allowed)
    return Keys(outputs, remote, options.strict, offline)


def digest_of(data: Mapping[str, object]) -> str:
    """Return the SHA-256 of ``data`` as JSON with sorted keys."""
    return digest(json.dumps(data, sort_keys=True).encode())


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
    lessons: dict[str, Entry] = field(default_factory=dict)
    problem: str | None = None
    """Why the file on disk was not used, if it was not (it is then written anew)."""
    changed: bool = False
    unsaved: str | None = None
    """Why the manifest could not be written, if it could not."""
    retry: bool = True
    """Whether a lesson with a remote image that could not be had is exported again (a watch
    tries it once, not on every save of another lesson)."""
    file: str = NAME
    """The manifest's name in the folder (a shard's is its own: ``Shard.manifest``)."""
    roots: dict[Path, str] = field(default_factory=dict, repr=False, compare=False)
    """Each course root as ``root`` gave it."""
    keys: dict[tuple[tuple[tuple[str, str], ...], str, str], dict[str, str]] = field(
        default_factory=dict, repr=False, compare=False
    )
    """The outputs' keys ``keyed`` gave, by the keys, the root and the remote settings."""
    relpaths: dict[tuple[str, str], str] = field(default_factory=dict, repr=False, compare=False)
    """Each folder's path relative to another, as ``posix_relpath`` worked it out."""
    digests: Digests = field(default_factory=lambda: Digests(None), repr=False, compare=False)
    """The digests of its outputs, kept in the user's cache (``load`` reads them)."""

    @functools.cached_property
    def real(self) -> Path:
        """The output folder, its links resolved (once: it is asked for every path)."""
        return self.folder.resolve()

    @classmethod
    def load(cls, folder: Path, file: str = NAME) -> Manifest:
        """Return the manifest ``file`` of ``folder``: empty if there is none or it cannot be
        used; an entry that is not as this module writes it is dropped (its lesson is
        exported). The digests kept for its outputs come with it."""
        found = cls.read(folder, file)
        found.digests = Digests.load(folder, file)
        return found

    @classmethod
    def read(cls, folder: Path, file: str = NAME) -> Manifest:
        """Return the manifest ``file`` of ``folder``, as ``load`` does, without the digests
        kept for its outputs."""
        from exporter.resources.local import read_file

        path = folder / file
        if not path.exists() and not path.is_symlink():
            return cls(folder, file=file)
        data = read_file(path, largest=None)
        try:
            parsed = None if isinstance(data, str) else json.loads(data)
        except (ValueError, RecursionError) as exc:
            problem = f"cannot read it ({type(exc).__name__}); every lesson is rebuilt"
            return cls(folder, problem=problem, changed=True, file=file)
        if isinstance(data, str):
            problem = "it is not a file; every lesson is rebuilt"
            return cls(folder, problem=problem, changed=True, file=file)
        if not isinstance(parsed, dict) or parsed.get("schema") != SCHEMA:
            return cls(
                folder, problem="it is of another version; every lesson is rebuilt", file=file
            )
        lessons = parsed.get("lessons")
        if not isinstance(lessons, dict):
            return cls(folder, problem="it holds no lessons; every lesson is rebuilt", file=file)
        read = {name: entry_from_json(name, entry) for name, entry in lessons.items()}
        kept = {name: entry for name, entry in read.items() if entry is not None}
        return cls(folder, kept, changed=len(kept) != len(lessons), file=file)

    def name(self, job: Job) -> str:
        """Return the job's entry name: its output stem below the output folder, as named."""
        return posix_relpath(os.path.abspath(job.stem), os.path.abspath(self.folder), self.relpaths)

    def named(self, job: Job) -> str:
        """Return the lesson file as the manifest keeps it: as named (a link not followed, so
        that a link removed is a lesson gone), relative to the folder."""
        return self.relative(os.path.abspath(job.source))

    def relative(self, path: str | Path) -> str:
        """Return the absolute ``path`` as the manifest keeps it: relative to the folder."""
        return posix_relpath(os.fspath(path), os.fspath(self.real), self.relpaths)

    def root(self, root: Path) -> str:
        """Return a course root as the manifest keeps it: its links resolved, relative to the
        folder (each root once: a build's lessons share one, or a few)."""
        kept = self.roots.get(root)
        if kept is None:
            kept = self.roots[root] = self.relative(root.resolve())
        return kept

    def keyed(self, job: Job, keys: Keys, remote: bool) -> dict[str, str]:
        """Return each output's key with the job's course root added (site-root images depend
        on it), and the remote settings if the lesson shows a remote image."""
        root = self.root(job.root)
        extra = keys.remote if remote else ""
        asked = (tuple(keys.outputs.items()), root, extra)
        found = self.keys.get(asked)
        if found is None:  # the same for every lesson of a root, with or without remote images
            found = self.keys[asked] = {
                name: digest(f"{key}\0{root}\0{extra}".encode())
                for name, key in keys.outputs.items()
            }
        return found

    def skipped(self, job: Job, keys: Keys) -> Result | None:
        """Return the result of an up-to-date job (``skipped``, with what its export
        reported), or ``None`` when it must be exported."""
        entry = self.lessons.get(self.name(job))
        try:
            if entry is None or job.refused or not self.unchanged(job, entry, keys):
                return None
        except OSError:  # a folder that cannot be read: the export will say what is wrong
            return None
        if keys.strict and entry.diagnostics:
            return None  # exported again, to fail as --strict asks
        made = [name for name in keys.outputs if entry.outputs[name].sha256 is not None]
        diagnostics = located(entry.diagnostics, job.display)
        return Result(
            job,
            Status.SKIPPED,
            tuple(job.file(name) for name in made),  # not an answer key a lesson has not
            diagnostics,
            entry.slides,
            digests=tuple(entry.outputs[name].sha256 or "" for name in made),
            listing=entry.listing,
        )

    def unchanged(self, job: Job, entry: Entry, keys: Keys) -> bool:
        """Return whether the lesson, its images and the requested outputs are as ``entry``
        recorded them."""
        from exporter.resources import Place, is_remote, locate
        from exporter.resources.local import read_file

        resolved = real_path(job.source)
        if entry.resolved != self.relative(resolved) or entry.source != self.named(job):
            return False
        if self.digests.digest(resolved, file_digest) != entry.sha256:
            return False
        keyed = self.keyed(job, keys, any(is_remote(src) for src in entry.images))
        for name, key in keyed.items():
            output = entry.outputs.get(name)
            if output is None or output.key != key:
                return False
            if self.digests.digest(job.file(name), file_digest) != output.sha256:
                return False
        place = Place(job.source.parent, job.root)
        for src, image in entry.images.items():
            if is_remote(src):
                # Not downloaded: try again; but offline, with the image still not in the
                # cache, the lesson would show the same placeholder.
                missing = image.sha256 is None and self.retry
                if missing and (keys.offline is None or keys.offline.get(src) is not None):
                    return False
                continue
            found = locate(src, place)
            if isinstance(found, str):  # still refused, or still missing: the same placeholder
                if image.file is not None:
                    return False
            elif image.file != self.relative(found):
                return False  # another file now (a link pointed elsewhere)
            elif image.sha256 is None:  # it could not be read: a rebuild if it can now
                if not isinstance(read_file(found), str):
                    return False
            elif self.digests.digest(found, file_digest) != image.sha256:
                return False
        return True

    def record(self, result: Result, keys: Keys) -> None:
        """Keep what an export made its outputs from; forget a lesson that failed (but for a
        lesson refused for another's output name: that name is the other's)."""
        from exporter.resources import is_remote

        job = result.job
        name = self.name(job)
        if result.status is Status.SKIPPED:
            return
        if result.status is not Status.EXPORTED:
            if any(d.code == "duplicate-output" for d in result.diagnostics):
                return
            if self.lessons.pop(name, None) is not None:
                self.changed = True
            return
        self.changed = True
        images = {
            src: ImageEntry(None if read.path is None else self.relative(read.path), read.digest)
            for src, read in sorted(result.images)
        }
        made = [n for n in keys.outputs if job.file(n) in result.outputs]
        keyed = self.keyed(job, keys, any(is_remote(src) for src in images))
        outputs = {
            n: OutputEntry(keyed[n], written)
            for n, written in zip(made, result.digests, strict=True)
        }
        for n, written in zip(made, result.digests, strict=True):
            self.digests.wrote(job.file(n), written)
        # What the lesson has none of (the answer key of a lesson that is no quiz) is kept as
        # such, so that the lesson is up to date without it.
        for n in keys.outputs:
            if n in OPTIONAL and n not in outputs:
                outputs[n] = OutputEntry(keyed[n], None)
        source, resolved = self.named(job), self.relative(real_path(job.source))
        listing = result.listing or Listing(job.source.stem)
        entry = Entry(
            source,
            resolved,
            result.lesson,
            images,
            outputs,
            result.diagnostics,
            result.slides,
            listing,
        )
        earlier = self.lessons.get(name)
        if earlier and earlier.made == entry.made:  # the other formats are still as made
            entry = replace(entry, outputs={**earlier.outputs, **outputs})
        self.lessons[name] = entry

    def stale(self, kept: Callable[[], Collection[Path]] | None = None) -> list[Stale]:
        """Return the outputs of each lesson whose file is gone: those the manifest recorded,
        reached from the output folder through no link, still as they were written, and not
        among those ``kept`` gives (the outputs of this build, by their resolved paths,
        asked for only when a lesson is gone). A gone lesson
        with no such output left is forgotten."""
        found = []
        for name, entry in sorted(self.lessons.items()):
            source = Path(os.path.normpath(self.real / entry.source))
            try:
                if source.exists() or source.is_symlink():
                    continue
            except OSError:  # a folder that cannot be read: it may well be there
                continue
            outputs = []
            for output in NAMES:
                recorded = entry.outputs.get(output)
                real = output_file(self.real / name, output)
                if recorded is None or recorded.sha256 is None:  # none was written
                    continue
                if os.path.realpath(real) != str(real):  # a link on the way
                    continue
                if real in (kept() if kept else ()) or file_digest(real) != recorded.sha256:
                    continue
                outputs.append(output_file(self.folder / name, output))
            if not outputs:
                del self.lessons[name]
                self.changed = True
                continue
            found.append(Stale(name, shown_path(source), tuple(outputs)))
        return found

    def forget_others(self, ours: set[str], kept: Callable[[], Collection[Path]]) -> None:
        """Forget every lesson but those named ``ours`` whose file is still there, removing its
        outputs that are still as written (but any ``kept`` gives, this build's): in a shard's
        folder, it is a lesson now assigned to another shard, which hands it in instead. A
        lesson whose file is gone is left to ``stale``."""
        for name, entry in sorted(self.lessons.items()):
            source = Path(os.path.normpath(self.real / entry.source))
            try:
                if name in ours or not source.exists():
                    continue
            except OSError:  # a folder that cannot be read: the lesson is left as it is
                continue
            stem = self.real / name
            for output, recorded in entry.outputs.items():
                real = output_file(stem, output)
                if recorded.sha256 is None or real in kept() or os.path.realpath(real) != str(real):
                    continue
                if file_digest(real) == recorded.sha256:
                    with contextlib.suppress(FileNotFoundError):
                        real.unlink()
            del self.lessons[name]
            self.changed = True

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
        self.digests.save()
        if not self.changed:
            return None
        lessons: dict[str, JSON] = {name: entry.to_json() for name, entry in self.lessons.items()}
        try:
            write_all({self.folder / self.file: manifest_text(lessons).encode("utf-8")})
        except ExporterError as exc:
            return exc.diagnostic.message
        self.changed = False
        return None


def posix_relpath(path: str, start: str, seen: dict[tuple[str, str], str]) -> str:
    """Return the absolute ``path`` relative to the absolute folder ``start``, as
    ``os.path.relpath`` gives it, with slashes: each folder's relative path worked out once
    and kept in ``seen`` (a course's thousands of lessons lie in a few folders)."""
    folder, name = os.path.split(path)
    if name in ("", ".", ".."):
        return Path(os.path.relpath(path, start)).as_posix()
    above = seen.get((folder, start))
    if above is None:
        above = seen[folder, start] = Path(os.path.relpath(folder, start)).as_posix()
    return name if above == "." else f"{above}/{name}"


def manifest_text(lessons: Mapping[str, JSON]) -> str:
    """Return a manifest's text: its lessons in name order, one a line.

    Each line is written by the standard library's C encoder; an indented manifest took
    the pure-Python one, 75 ms of a 1,000-lesson course's build (every build that exports a
    lesson saves the manifest), against 18 ms."""
    lines = ",\n".join(
        f"{json.dumps(name)}: {json.dumps(entry, sort_keys=True, allow_nan=False)}"
        for name, entry in sorted(lessons.items())
    )
    return f'{{"lessons": {{\n{lines}\n}}, "schema": {SCHEMA}, "tool": "lesson-exporter"}}\n'


def shown_path(path: Path) -> Path:
    """Return the absolute ``path`` as messages show it: relative to the current folder when
    it lies below it."""
    below = Path(os.path.relpath(path))
    return path if below.parts[:1] == ("..",) else below
