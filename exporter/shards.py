"""batch: a build spread over machines (``--shard I/N``), and its fan-in (``merge``).

A course that outgrows one CI runner is built by the CI system's own matrix: N jobs each run
``lesson-export build --shard I/N``, and one job runs ``lesson-export merge``. No scheduler of
ours decides anything at run time.

**Assignment.** Every shard finds the same lessons and cuts the same list the same way: the
lessons in path order, cut into N runs of about equal cost, a lesson's cost being its pages
(its page breaks, plus one). Only what every shard reads alike decides: the lesson files. (Each
shard keeps its own output folder, and so its own record of seconds: shards deciding by their
own records could disagree, and leave a lesson to none or to two.) Runs of neighbouring paths
keep a folder's lessons together, and a lesson added or removed moves only the lessons at the
cuts to another shard, so that each shard's cached outputs stay of use.

**Records.** A shard writes its manifest as ``.lesson-export.shard-I-of-N.json`` and its
results as ``.lesson-export.shard-I-of-N.results.json`` in its output folder, so that shards
downloaded into one folder together never overwrite each other's. A lesson now assigned to
another shard is forgotten by this one, its outputs removed, so that no two shards hand in one
lesson.

**Merge.** ``merge`` finds every shard's results, checks that shards 1 to N are each there once,
copies each lesson's outputs into the output folder as one unsharded build lays them out (the
same bytes), joins the manifests into the folder's own as one build into it keeps it
(``joined``: so that a later build there finds every lesson up to date) and returns the
lessons' results for the reports and the course outputs.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from exporter.errors import JSON, Diagnostic, json_count, json_list, json_object, json_text
from exporter.files import digest, write_all
from exporter.jobs import Job, Listing, Result, SlideInfo, Status
from exporter.joined import Built, join_manifests, read_handed
from exporter.options import COURSE, Options, Shard, UsageError, handouts, parse_formats

if TYPE_CHECKING:
    from exporter.manifest import Manifest
    from exporter.theme import Theme

PAGE_BREAK = re.compile(rb"^[ \t]*<!--\s*pagebreak\s*-->[ \t]*\r?$", re.MULTILINE | re.IGNORECASE)
RESULTS_SCHEMA = 1
"""The version of a shard's results file."""
SHARD_FILE = re.compile(r"\.lesson-export\.shard-(\d+)-of-(\d+)\.results\.json")


def pages(job: Job) -> int:
    """Return the lesson's cost: its pages (0 for a file that cannot be read, which fails
    quickly)."""
    try:
        data = job.source.read_bytes()
    except OSError:
        return 0
    return len(PAGE_BREAK.findall(data)) + 1


def assign(jobs: Sequence[Job], count: int, cost: Iterable[int] | None = None) -> list[int]:
    """Return the shard (from 1) of each of ``jobs``: the jobs in path order cut into
    ``count`` runs of about equal total ``cost`` (pages, by default). Every job is in one
    shard; the same jobs always give the same shards."""
    costs = list(cost) if cost is not None else [pages(job) for job in jobs]
    order = sorted(range(len(jobs)), key=lambda i: Path(jobs[i].display).as_posix())
    total = sum(costs[i] for i in order) or 1
    shards = [0] * len(jobs)
    done = 0
    for i in order:
        # The job goes to the shard its middle falls in, so that a run's cost is as near a
        # count-th of the total as whole lessons allow.
        middle = done + costs[i] / 2
        shards[i] = min(count, int(middle * count / total) + 1)
        done += costs[i]
    return shards


def shard_jobs(jobs: Sequence[Job], shard: Shard) -> list[Job]:
    """Return the jobs of ``shard``, in the order of ``jobs``."""
    return [job for job, i in zip(jobs, assign(jobs, shard.count), strict=True) if i == shard.index]


def result_json(result: Result, folder: Path) -> dict[str, JSON]:
    """Return what the results file keeps of a lesson's result: paths of outputs relative to
    the shard's output ``folder``."""

    def inside(path: Path) -> str:
        return Path(os.path.relpath(os.path.abspath(path), os.path.abspath(folder))).as_posix()

    job = result.job
    return {
        "source": str(job.source),
        "display": job.display,
        "stem": inside(job.stem),
        "root": str(job.root),
        "status": result.status.value,
        "outputs": [inside(path) for path in result.outputs],
        "seconds": round(result.seconds, 3),
        "diagnostics": [d.to_json() for d in result.diagnostics],
        "slides": [slide.to_json() for slide in result.slides],
        "listing": None if result.listing is None else result.listing.to_json(),
    }


LESSON_FILES = ("formats", "handout", "book_layout", "course_title")
"""The options that name each lesson's files, and the course's title (from the shards' input
folder, which the merge is not given): the shards' are the merge's, so that the course outputs
link and gather the same files, under the same title, as one build's."""


def write_results(results: list[Result], options: Options, shard: Shard, theme: Theme) -> None:
    """Write the shard's results file into its output folder, with the options that name
    its lessons' files, and where the folder stood and the keys of its outputs
    (``joined.built_json``), for the merge to join its manifest into its own folder's.

    Raises ``ExporterError`` when it cannot be written (or the theme's folder read).
    """
    from exporter.course import course_title
    from exporter.joined import built_json
    from exporter.manifest import output_keys

    folder = options.output
    named: dict[str, JSON] = {
        "formats": [name for name in options.formats if name not in COURSE],
        "course": [name for name in options.formats if name in COURSE],
        "theme": options.theme,
        "template": str(options.template) if options.template is not None else "",
        "handout": list(options.handout),
        "book_layout": options.book_layout,
        "course_title": course_title(options),
    }
    data = {
        "schema": RESULTS_SCHEMA,
        "tool": "lesson-exporter",
        "shard": shard.index,
        "of": shard.count,
        "options": named,
        "built": built_json(folder, output_keys(options, theme)),
        "lessons": [result_json(result, folder) for result in results],
    }
    text = json.dumps(data, indent=1, sort_keys=True, allow_nan=False) + "\n"
    write_all({folder / shard.results: text.encode("utf-8")})


def result_from(data: object, folder: Path, output: Path) -> Result:
    """Return a lesson's result as ``result_json`` kept it under the shard's ``folder``, its
    outputs named where the merge puts them, in ``output``; raises ``ValueError``."""
    keys = ("source", "display", "stem", "root", "status", "outputs", "seconds")
    fields = json_object(data, (*keys, "diagnostics", "slides", "listing"))
    seconds = fields["seconds"]
    if isinstance(seconds, bool) or not isinstance(seconds, int | float) or seconds < 0:
        raise ValueError(f"not a number of seconds: {seconds!r}")
    outputs = tuple(output / inside(json_text(path)) for path in json_list(fields["outputs"]))
    job = Job(
        Path(json_text(fields["source"])),
        json_text(fields["display"]),
        output / inside(json_text(fields["stem"])),
        Path(json_text(fields["root"])),
    )
    listing = fields["listing"]
    return Result(
        job,
        Status(json_text(fields["status"])),
        outputs,
        tuple(map(Diagnostic.from_json, json_list(fields["diagnostics"]))),
        tuple(map(SlideInfo.from_json, json_list(fields["slides"]))),
        seconds=float(seconds),
        listing=None if listing is None else Listing.from_json(listing),
    )


def inside(path: str) -> str:
    """Return ``path`` if it names a file below a folder (no ``..``, not absolute); else
    raise ``ValueError``: a results file edited by hand may name anything."""
    parts = path.split("/")
    if not path or path.startswith("/") or any(part in ("", ".", "..") for part in parts):
        raise ValueError(f"not a path inside the output folder: {path!r}")
    return path


@dataclass(frozen=True)
class Found:
    """A shard's results file, found by ``merge``."""

    shard: Shard
    folder: Path
    """The folder it is in: the shard's output folder."""


def find_shards(folders: Sequence[Path]) -> list[Found]:
    """Return every shard's results file in ``folders``, shard 1 first.

    Raises ``UsageError`` when a folder is missing, no shard is found, the shards disagree on
    N, or a shard is missing or there twice.
    """
    found: list[Found] = []
    for folder in folders:
        if not folder.is_dir():
            raise UsageError(f"no such shard folder: {folder}")
        for entry in sorted(os.listdir(folder)):
            match = SHARD_FILE.fullmatch(entry)
            if match:
                found.append(Found(Shard(int(match[1]), int(match[2])), folder))
    if not found:
        names = ", ".join(map(str, folders))
        raise UsageError(f"no shard results (.lesson-export.shard-I-of-N.results.json) in {names}")
    counts = {item.shard.count for item in found}
    if len(counts) > 1:
        raise UsageError(
            f"the shards are of different builds: of {' and '.join(map(str, sorted(counts)))}"
        )
    count = counts.pop()
    for index in range(1, count + 1):
        places = [item.folder for item in found if item.shard.index == index]
        if not places:
            missing = Shard(index, count)
            raise UsageError(
                f"shard {missing} is missing: no {missing.results} in the folders given"
            )
        if len(places) > 1:
            twice = ", ".join(map(str, places))
            raise UsageError(f"shard {index}/{count} is there twice: in {twice}")
    return sorted(found, key=lambda item: item.shard.index)


def shard_options(shards: list[Found], options: Options, chosen: bool = False) -> Options:
    """Return ``options`` naming the lessons' files as the shards did (their formats, handout
    layouts and book layout), with the course outputs ``options`` ask for, in the shards'
    theme and template (the merge's own, where ``chosen``, must be theirs).

    Raises ``UsageError`` when a shard is damaged, the shards named their files apart or
    were built in other themes than each other or than the one ``chosen``.
    """
    named = []
    for found in shards:
        path = found.folder / found.shard.results
        try:
            fields = json_object(json.loads(path.read_bytes()), (), (*RESULT_KEYS, *EXTRA_KEYS))
            given = json_object(
                fields.get("options"), LESSON_FILES, ("course", "theme", "template")
            )
            formats = tuple(json_text(name) for name in json_list(given["formats"]))
            handout = tuple(json_text(name) for name in json_list(given["handout"]))
            layout, title = json_text(given["book_layout"]), json_text(given["course_title"])
            # Shards of an earlier version say nothing of the course outputs: not checked.
            made = given.get("course")
            parts = None if made is None else tuple(json_text(n) for n in json_list(made))
            looks = (json_text(given.get("theme", "")), json_text(given.get("template", "")))
            named.append((parse_formats(formats), handouts(handout), layout, title, parts, looks))
        except (OSError, ValueError, UsageError, RecursionError) as exc:
            raise UsageError(f"{path}: damaged shard results: {exc}") from exc
    if len(set(named)) > 1:
        field = next(i for i in range(len(named[0])) if len({n[i] for n in named}) > 1)
        told = "; ".join(
            f"shard {found.shard} ({found.folder}): {shown_setting(values[field])}"
            for found, values in zip(shards, named, strict=True)
        )
        raise UsageError(
            f"the shards were built with different {SETTINGS[field]}: {told}; build every "
            "shard with the same options"
        )
    formats, handout, book_layout, title, parts, (theme, template) = named[0]
    mine = (options.theme, str(options.template) if options.template is not None else "")
    if theme and chosen and mine != (theme, template):
        built = f"--theme {theme}" + (f" --template {template}" if template else "")
        asked = f"--theme {mine[0]}" + (f" --template {mine[1]}" if mine[1] else "")
        raise UsageError(
            f"the shards were built with {built}, but the merge was given {asked}: the book "
            "and index page would not look like the lessons' files; give the shards' theme, "
            "or none"
        )
    if theme:
        options = replace(options, theme=theme, template=Path(template) if template else None)
    lacking = [name for name in options.course if parts is not None and name not in parts]
    if lacking:
        asked = ",".join(lacking)
        raise UsageError(
            f"the merge asks for {asked}, but the shards were built without it, so they made "
            f"no lesson's part of it: build each shard with {asked} in its --format "
            f"(--format {','.join((*formats, *(parts or ()), *lacking))}), or leave {asked} out of "
            "the merge's"
        )
    return replace(
        options,
        formats=(*formats, *options.course),
        handout=handout,
        book_layout=book_layout,
        course_title=options.course_title or title,
    )


SETTINGS = (
    "--format",
    "--handout",
    "--book-layout",
    "course titles",
    "course outputs (--format)",
    "--theme and --template",
)
"""What each of the settings ``shard_options`` compares between shards is called."""


def shown_setting(value: object) -> str:
    """Return a setting's value as a shard was built with it, as a user writes it."""
    if isinstance(value, tuple):
        return ",".join(shown_setting(item) for item in value if item != "") or "none"
    text = getattr(value, "value", None) or getattr(value, "name", None) or value
    return str(text) if text not in (None, "") else "none"


RESULT_KEYS = ("schema", "tool", "shard", "of", "lessons")
EXTRA_KEYS = ("options", "built")
"""What a results file may hold besides ``RESULT_KEYS`` (a shard of an earlier version
records neither)."""


def read_results(found: Found, output: Path) -> tuple[list[Result], Built | None]:
    """Return a shard's results, its outputs named in ``output``, and where it was built
    (``None``: a shard of an earlier version does not say).

    Raises ``UsageError`` naming the file when it is damaged.
    """
    path = found.folder / found.shard.results
    try:
        data = json.loads(path.read_bytes())
        fields = json_object(data, RESULT_KEYS, EXTRA_KEYS)
        if fields["schema"] != RESULTS_SCHEMA:
            raise ValueError(f"it is of another version ({fields['schema']!r})")
        if (json_count(fields["shard"]), json_count(fields["of"])) != (
            found.shard.index,
            found.shard.count,
        ):
            raise ValueError("its shard is not the one its name says")
        built = None if fields.get("built") is None else Built.from_json(fields["built"])
        lessons = json_list(fields["lessons"])
        return [result_from(item, found.folder, output) for item in lessons], built
    except (OSError, ValueError, RecursionError) as exc:
        raise UsageError(f"{path}: damaged shard results: {exc}") from exc


def gather(shards: list[Found], output: Path) -> tuple[list[Result], Manifest]:
    """Copy every shard's lessons' outputs into ``output``; return every lesson's result, in
    path order, and ``output``'s manifest with the shards' joined into it (not yet saved:
    ``joined.join_manifests``).

    Raises ``UsageError`` when a shard is damaged, a recorded output is missing, or two
    shards hand in the same lesson.
    """
    results: list[Result] = []
    seen: dict[str, Shard] = {}
    handed = {found: read_results(found, output) for found in shards}
    read = [(found, result) for found in shards for result in handed[found][0]]
    for found, result in read:
        name = result.job.display
        if name in seen:
            raise UsageError(
                f"{name} is in shard {seen[name]} and in shard {found.shard}: "
                "were the shards built from the same lessons?"
            )
        seen[name] = found.shard
        results.append(result)
    recorded = {found.shard: written_digests(found) for found in shards}
    for found, result in read:
        sources = {target: found.folder / target.relative_to(output) for target in result.outputs}
        missing = [str(source) for source in sources.values() if not source.is_file()]
        if missing:
            raise UsageError(f"shard {found.shard}: {missing[0]} is missing (its results name it)")
        # A lesson's files are written whole or not at all, as a build writes them (a file
        # that cannot be read or written is an error naming it, never a traceback).
        try:
            read_in = {target: (source, source.read_bytes()) for target, source in sources.items()}
        except OSError as exc:
            raise UsageError(
                f"shard {found.shard}: cannot read {exc.filename}: {exc.strerror}"
            ) from exc
        known = recorded[found.shard]
        for source, data in read_in.values():
            if known is not None and digest(data) not in known:
                raise UsageError(
                    f"shard {found.shard}: {source} is damaged: it is not the file the shard's "
                    "manifest records (cut short in an upload or download?); build the shard "
                    "again, or download it again"
                )
        write_all(
            {
                target: data
                for target, (source, data) in read_in.items()
                if source.resolve() != target.resolve()
            }
        )
    kept = [read_handed(found.folder / found.shard.manifest, handed[found][1]) for found in shards]
    manifest = join_manifests([item for item in kept if item is not None], output, results)
    return sorted(results, key=lambda result: Path(result.job.display).as_posix()), manifest


def written_digests(found: Found) -> set[str] | None:
    """Return the SHA-256 of every output a shard's manifest records it wrote (``None``: it
    keeps no manifest, every lesson failed; or one that cannot be read, which
    ``join_manifests`` names)."""
    try:
        lessons = json.loads((found.folder / found.shard.manifest).read_bytes())["lessons"]
        return {
            output["sha256"]
            for entry in lessons.values()
            for output in entry["outputs"].values()
            if output["sha256"]
        }
    except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        return None
