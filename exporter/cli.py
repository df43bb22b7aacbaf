"""cli: the ``lesson-export`` command: argument parsing and printing only.

Only what parsing needs (``options``, ``errors``) is imported with this module; the rest, and
the libraries it brings (Pillow, python-pptx, multiprocessing...), is imported by the function
that runs a command, so that ``--version``, ``--help`` and a usage error answer at once.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence, Set
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from exporter import __version__
from exporter.errors import ExporterError, printable
from exporter.options import (
    ANNOTATIONS,
    HANDOUTS,
    PAPERS,
    Options,
    UsageError,
    load_config,
    parse_formats,
    source_date,
)
from exporter.options import MANIFEST as NAME

if TYPE_CHECKING:
    from exporter.console import Display, Level
    from exporter.jobs import Job, Result
    from exporter.manifest import Manifest, Stale
    from exporter.theme import Theme

DEFAULTS = Options()
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def folder(value: str) -> Path:
    """Return a folder given on the command line; an empty name is an error (not ``.``)."""
    if not value.strip():
        raise argparse.ArgumentTypeError("give the name of a folder")
    return Path(value)


def whole(value: str, what: str) -> int:
    """Return a whole number of 1 or more given on the command line, ``what`` naming it."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"give a whole number of {what}, not {value!r}")
    return number


def count(value: str) -> int:
    """Return a number of workers given on the command line (1 or more)."""
    return whole(value, "1 or more")


def seconds(value: str) -> float:
    """Return a time limit given on the command line (seconds, above 0)."""
    try:
        number = float(value)
    except ValueError:
        number = 0.0
    if not number > 0 or number == float("inf"):
        raise argparse.ArgumentTypeError(f"give a number of seconds above 0, not {value!r}")
    return number


def megabytes(value: str) -> int:
    """Return a memory limit given on the command line (whole megabytes, 1 or more)."""
    return whole(value, "megabytes")


# The build command's options, as data: flags, then argparse's keywords.
BUILD_OPTIONS: tuple[tuple[tuple[str, ...], dict[str, Any]], ...] = (
    (
        ("paths",),
        {
            "nargs": "*",
            "metavar": "PATH",
            "help": "a lesson file, a folder searched recursively for *.md, or a quoted glob "
            "pattern such as 'lessons/**/lesson-*.md' (default: inputs in the configuration)",
        },
    ),
    (
        ("-o", "--output"),
        {
            "metavar": "DIR",
            "type": Path,
            "help": f"output folder, mirroring the input tree (default: {DEFAULTS.output})",
        },
    ),
    (
        ("--format",),
        {
            "metavar": "LIST",
            "help": "comma-separated outputs: pptx (the deck), handout (a printable PDF, "
            "NAME.handout.pdf), pdf (the slides as a PDF, NAME.pdf) "
            f"(default: {','.join(DEFAULTS.formats)})",
        },
    ),
    (
        ("--handout",),
        {
            "choices": HANDOUTS,
            "metavar": "LAYOUT",
            "help": "the handout's layout: 1, 2, 3 (with lines for notes), 4, 6 or 9 slides a "
            "page, notes (a slide and its speaker notes a page) or outline (the text alone) "
            f"(default: {DEFAULTS.handout})",
        },
    ),
    (
        ("--paper",),
        {
            "choices": PAPERS,
            "help": f"the handout's paper size: {' or '.join(PAPERS)} (default: {DEFAULTS.paper})",
        },
    ),
    (
        ("--strict",),
        {
            "action": "store_true",
            "default": None,
            "help": "treat warnings as failures (exit status 1)",
        },
    ),
    (
        ("--theme",),
        {
            "metavar": "NAME|DIR",
            "help": f"a built-in theme or a theme folder (default: {DEFAULTS.theme})",
        },
    ),
    (
        ("--root",),
        {
            "metavar": "DIR",
            "type": Path,
            "help": "course root for site-root image paths like /assets/x.png "
            "(default: the input folder)",
        },
    ),
    (
        ("--allow-host",),
        {
            "action": "append",
            "metavar": "HOST",
            "dest": "allow_hosts",
            "help": "let remote images come from HOST although it is not a public address: a "
            "name, an address or a network such as 10.0.0.0/8 (repeatable, and replacing "
            "allow_hosts in the configuration; by default loopback, private and link-local "
            "addresses are refused)",
        },
    ),
    (
        ("--cache-dir",),
        {
            "metavar": "DIR",
            "type": folder,
            "help": "where downloaded images are kept, so that each is downloaded once "
            "(default: the user's cache folder, ~/.cache/lesson-export/images on Linux)",
        },
    ),
    (
        ("--offline",),
        {
            "action": argparse.BooleanOptionalAction,
            "default": None,
            "help": "download nothing: remote images come from the cache, or are placeholders "
            "(--no-offline undoes offline = true in the configuration)",
        },
    ),
    (
        ("--report",),
        {
            "metavar": "FILE.json",
            "type": Path,
            "help": "write a JSON report: per lesson its status, outputs, diagnostics and slides",
        },
    ),
    (
        ("--exclude",),
        {
            "action": "append",
            "metavar": "GLOB",
            "help": "leave out lessons matching GLOB, by their path below the input folder or "
            "their name, such as drafts/* or README.md (repeatable; replaces exclude in the "
            "configuration)",
        },
    ),
    (
        ("-j", "--jobs"),
        {
            "metavar": "N",
            "type": count,
            "help": "export N lessons at once, each on a worker process "
            f"(default: the number of CPUs, {DEFAULTS.jobs} here)",
        },
    ),
    (
        ("--timeout",),
        {
            "metavar": "SECONDS",
            "type": seconds,
            "help": "stop a lesson that takes longer, and report it as failed; the others go on "
            f"(default: {DEFAULTS.timeout:g})",
        },
    ),
    (
        ("--memory-limit",),
        {
            "metavar": "MB",
            "type": megabytes,
            "help": "stop a lesson whose worker uses more memory, and report it as failed; the "
            f"others go on (default: {DEFAULTS.memory_limit}; Linux and macOS)",
        },
    ),
    (
        ("--junit",),
        {
            "metavar": "FILE.xml",
            "type": Path,
            "help": "write a JUnit XML file: a test case per lesson, failed when the lesson "
            "failed, its warnings in its output (for CI dashboards)",
        },
    ),
    (
        ("--annotations",),
        {
            "choices": ANNOTATIONS,
            "help": "also print each problem as the CI system's annotation, so that it shows on "
            "the pull request's diff: github (::warning file=...,line=...::message)",
        },
    ),
    (
        ("--force",),
        {
            "action": "store_true",
            "help": "export every lesson, even those whose outputs are up to date (by default "
            "a lesson whose source, images, theme, options and exporter are unchanged since "
            f"its outputs were written is skipped, as {NAME} in the output folder records)",
        },
    ),
    (
        ("--prune",),
        {
            "action": "store_true",
            "help": "remove the outputs of lessons that no longer exist (by default they are "
            "only reported)",
        },
    ),
    (("-q", "--quiet"), {"action": "store_true", "help": "print only problems and the summary"}),
    (
        ("-v", "--verbose"),
        {
            "action": "store_true",
            "help": "print a line for every lesson, the up-to-date ones too, with its time "
            "(on a terminal, the default is a progress bar)",
        },
    ),
)


OUTPUT_FLAGS = {"--output", "--format", "--handout", "--paper", "--force", "--prune"}
"""The build options that only concern the outputs, which check does not write."""
REPORT_FLAGS = {"--report", "--junit", "--annotations", "--force"}
"""The build options watch has no use for: it writes no report, and exports only changes."""


def make_parser() -> argparse.ArgumentParser:
    """Return the command-line parser."""
    parser = argparse.ArgumentParser(
        prog="lesson-export",
        description="Turn Markdown lessons into editable PowerPoint decks and printable PDF "
        "handouts.",
        epilog="Exit status: 0 all exported, 1 a lesson failed (or warned, with --strict), "
        "2 usage error or no lesson found, 130 interrupted.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_command(
        commands,
        "build",
        "export lessons",
        "Export lessons. With no PATH, the inputs come from [tool.lesson-export] in "
        "pyproject.toml (or lesson-export.toml) in the current folder; flags override it.",
    )
    add_command(
        commands,
        "check",
        "report what build would report, writing no output",
        "Read, build and fit lessons as build does and report every problem (missing images, "
        "missing alt text, text that cannot fit...), writing no deck or handout. Exit status "
        "as for build.",
        OUTPUT_FLAGS,
    )
    add_command(
        commands,
        "watch",
        "export lessons, then export again each one as it is saved",
        "Export the lessons as build does, then watch their folders, the course root and the "
        "theme: a lesson saved, or an image it shows, is exported again within a second, "
        "every lesson when the theme changes. Ctrl-C stops.",
        REPORT_FLAGS,
    )
    return parser


def add_command(
    commands: Any,
    name: str,
    summary: str,
    description: str,
    leave_out: Set[str] = frozenset(),
) -> None:
    """Add the command ``name`` with the build options, but those with a flag in
    ``leave_out``."""
    command = commands.add_parser(name, help=summary, description=description)
    for flags, keywords in BUILD_OPTIONS:
        if not set(flags) & leave_out:
            command.add_argument(*flags, **keywords)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status."""
    args = make_parser().parse_args(argv)
    try:
        return run_watch(args) if args.command == "watch" else run_build(args)
    except UsageError as exc:
        print(f"lesson-export: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ExporterError as exc:
        print(f"lesson-export: error: {exc.diagnostic.message}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(
            "lesson-export: interrupted; lessons not yet written were left as they were",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED


def options_from(args: argparse.Namespace, config: dict[str, Any]) -> Options:
    """Return the options: flags first, then the configuration, then the defaults."""
    from exporter.resources.hosts import Allowed

    def pick(flag: Any, key: str, default: Any) -> Any:
        return flag if flag is not None else config.get(key, default)

    configured = config.get("inputs", [])
    configured = [configured] if isinstance(configured, str) else configured
    inputs = args.paths or configured
    root = pick(args.root, "root", None)
    cache = pick(args.cache_dir, "cache_dir", None)
    hosts = as_list(pick(args.allow_hosts, "allow_hosts", []))
    try:
        Allowed.parse(hosts)
    except ValueError as exc:
        raise UsageError(f"--allow-host: {exc}") from exc
    return Options(
        inputs=tuple(inputs),
        output=Path(pick(getattr(args, "output", None), "output", DEFAULTS.output)),
        formats=parse_formats(
            pick(getattr(args, "format", None), "formats", list(DEFAULTS.formats))
        ),
        handout=str(pick(getattr(args, "handout", None), "handout", DEFAULTS.handout)),
        paper=str(pick(getattr(args, "paper", None), "paper", DEFAULTS.paper)),
        strict=bool(pick(args.strict, "strict", DEFAULTS.strict)),
        theme=str(pick(args.theme, "theme", DEFAULTS.theme)),
        root=Path(root) if root is not None else None,
        allow_hosts=tuple(hosts),
        cache_dir=Path(cache) if cache is not None else None,
        offline=bool(pick(args.offline, "offline", DEFAULTS.offline)),
        course_folders=tuple(Path(name) for name in configured if Path(name).is_dir()),
        report=getattr(args, "report", None),
        exclude=tuple(as_list(pick(args.exclude, "exclude", []))),
        jobs=int(pick(args.jobs, "jobs", DEFAULTS.jobs)),
        timeout=float(pick(args.timeout, "timeout", DEFAULTS.timeout)),
        memory_limit=int(pick(args.memory_limit, "memory_limit", DEFAULTS.memory_limit)),
        created=source_date(),
    )


def as_list(value: str | list[str]) -> list[str]:
    """Return a setting that may be one text or a list of them as a list."""
    return [value] if isinstance(value, str) else list(value)


def prepare(args: argparse.Namespace) -> tuple[Options, list[Job], Theme, Level]:
    """Return the options, the lessons, the theme and how much to print.

    Raises ``UsageError`` (or ``ExporterError``, for the theme) for what cannot be run.
    """
    from exporter.batch import discover
    from exporter.console import Level
    from exporter.theme import load_theme

    options = options_from(args, load_config(Path.cwd()))
    if not options.inputs:
        raise UsageError(
            "no lessons given: name a file or folder, or set inputs in "
            "[tool.lesson-export] in pyproject.toml"
        )
    if args.quiet and args.verbose:
        raise UsageError("--quiet and --verbose cannot be given together")
    jobs = discover(options.inputs, options)
    if not jobs:
        raise UsageError(f"no lessons (*.md) found in {', '.join(options.inputs)}")
    level = Level.QUIET if args.quiet else Level.VERBOSE if args.verbose else Level.NORMAL
    return options, jobs, load_theme(options.theme), level


def run_build(args: argparse.Namespace) -> int:
    """Export (or check) the lessons and print what happened."""
    from exporter.batch import export_all
    from exporter.console import Display, on_terminal, summary
    from exporter.jobs import Status
    from exporter.pipeline import check_lesson
    from exporter.reports import annotation

    started = time.perf_counter()
    options, jobs, theme, level = prepare(args)
    checking = args.command == "check"
    verb = Status.CHECKED if checking else Status.EXPORTED
    stale: list[Stale] = []
    with Display(jobs, verb, level, on_terminal()) as display:
        if checking:
            results = export_all(
                jobs, options, theme, display.done, check_lesson, began=display.began
            )
        else:
            results, stale = export(jobs, options, theme, display, args.force, args.prune)
    if args.annotations:
        for result in results:
            for diagnostic in result.diagnostics:
                print(annotation(diagnostic))
    print(summary(results, verb, started))
    failed = any(result.status is Status.FAILED for result in results)
    written = write_reports(
        results, options.report, args.junit, f"lesson-export {args.command}", stale
    )
    return EXIT_FAILED if failed or not written else EXIT_OK


def export(
    jobs: list[Job],
    options: Options,
    theme: Theme,
    display: Display,
    force: bool = False,
    prune: bool = False,
    retry: bool = True,
    told: list[Stale] | None = None,
) -> tuple[list[Result], list[Stale]]:
    """Export the lessons that are not up to date; return every result, and the outputs of
    lessons that are gone (removed if ``prune``; reported unless in ``told``). ``retry``: see
    ``Manifest.retry``."""
    from exporter.batch import build_all
    from exporter.manifest import Manifest

    display.expect(jobs)
    manifest = Manifest.load(options.output)
    manifest.retry = retry
    if manifest.problem:
        display.print(f"lesson-export: note: {options.output / NAME}: {manifest.problem}")
    results = build_all(jobs, options, theme, display.done, manifest, force, display.began)
    kept = {path.resolve() for result in results for path in result.outputs}
    stale = tidy(manifest, prune, display, told, kept)
    if manifest.unsaved:
        display.print(
            f"lesson-export: note: {manifest.unsaved}; the next build exports these lessons again",
            sys.stderr,
        )
    return results, stale


def run_watch(args: argparse.Namespace) -> int:
    """Export the lessons, then export again what changes, until Ctrl-C."""
    from exporter.console import Display
    from exporter.jobs import Status
    from exporter.watch import watched  # watchfiles only for a watch
    from exporter.workers import stop_on_sigterm

    options, jobs, theme, level = prepare(args)
    folders = watched(options, folder_of(theme))
    started = time.perf_counter()
    try:
        with stop_on_sigterm(), Display(jobs, Status.EXPORTED, level, bar=False) as display:
            watching(args, options, jobs, theme, display, folders, started)
    except KeyboardInterrupt:  # SIGTERM too, by stop_on_sigterm
        pass
    print("lesson-export: stopped watching", file=sys.stderr)
    return EXIT_OK


def watching(
    args: argparse.Namespace,
    options: Options,
    jobs: list[Job],
    theme: Theme,
    display: Display,
    folders: list[Path],
    started: float,
) -> NoReturn:
    """Export the lessons, then what changes in ``folders``, until Ctrl-C (or SIGTERM)."""
    from exporter.batch import discover
    from exporter.console import summary
    from exporter.jobs import Status
    from exporter.theme import load_theme
    from exporter.watch import changes

    results, told = export(jobs, options, theme, display, prune=args.prune)
    display.replay = False  # from now on, only what a change exported is told
    print(summary(results, Status.EXPORTED, started), flush=True)
    where = ", ".join(str(folder) for folder in folders)
    armed = False
    for changed in changes(folders, options.output):
        if not armed:  # the first burst comes once the watch has begun: say so only now
            print(f"watching {where} for changes (Ctrl-C stops)", flush=True)
            armed = True
        started = time.perf_counter()
        theme_folder = folder_of(theme)
        if theme_folder and any(path.is_relative_to(theme_folder) for path in changed):
            try:
                theme = load_theme(options.theme)
            except ExporterError as exc:
                print(f"lesson-export: error: {exc.diagnostic.message}", file=sys.stderr)
                continue
        try:
            jobs = discover(options.inputs, options)
            results, stale = export(
                jobs, options, theme, display, prune=args.prune, retry=False, told=told
            )
        except UsageError as exc:
            print(f"lesson-export: error: {exc}", file=sys.stderr)
            continue
        except ExporterError as exc:  # the theme folder removed, say
            print(f"lesson-export: error: {exc.diagnostic.message}", file=sys.stderr)
            continue
        if any(result.status is not Status.SKIPPED for result in results) or any(
            lesson not in told for lesson in stale
        ):
            print(f"{time.strftime('%H:%M:%S')} {summary(results, Status.EXPORTED, started)}")
        told = stale
        sys.stdout.flush()
    raise KeyboardInterrupt  # the watch ends only on Ctrl-C (which it catches itself)


def folder_of(theme: Theme) -> Path | None:
    """Return the theme's folder on disk, if it is one (a built-in theme in a zip is not)."""
    folder = Path(str(theme.folder))
    return folder.resolve() if folder.is_dir() else None


def tidy(
    manifest: Manifest,
    prune: bool,
    display: Display,
    told: list[Stale] | None = None,
    kept: set[Path] | None = None,
) -> list[Stale]:
    """Report the outputs of lessons that are gone (but those in ``told``, and never one of
    ``kept``, this build's), and remove them if ``prune``; return them."""
    stale = manifest.stale(kept)
    for lesson in stale:
        if lesson in (told or ()):
            continue
        outputs = ", ".join(str(path) for path in lesson.outputs)
        if prune:
            display.print(printable(f"removed {outputs}: their lesson {lesson.source} is gone"))
        else:
            display.print(
                printable(
                    f"lesson-export: note: {outputs}: their lesson {lesson.source} is gone "
                    "(--prune removes them)"
                ),
                sys.stderr,
            )
    if prune and stale:
        manifest.prune(stale)
    if manifest.changed:  # pruned, or gone lessons with nothing left forgotten
        manifest.unsaved = manifest.save()
    return stale


def write_reports(
    results: list[Result],
    report: Path | None,
    junit: Path | None,
    suite: str,
    stale: list[Stale] | None = None,
) -> bool:
    """Write the JSON report and the JUnit file that were asked for; return whether all were
    written (a failure is printed)."""
    from exporter.reports import write_junit, write_report

    written = True
    for kind, path in (("the report", report), ("the JUnit file", junit)):
        if path is None:
            continue
        try:
            if path is report:
                write_report(results, path, stale or [])
            else:
                write_junit(results, path, suite)
        except ExporterError as exc:
            print(f"lesson-export: error: {kind}: {exc.diagnostic.message}", file=sys.stderr)
            written = False
    return written
