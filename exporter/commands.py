"""cli: what each command of ``lesson-export`` does once ``cli`` has read its arguments,
and what it prints.

``cli`` imports this module only after the command line has been read, so that ``--version``
and ``--help`` answer without loading the settings and what they import. The
libraries a command needs (Pillow, python-pptx, multiprocessing...) are imported by the
function that runs it.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from exporter.chosen import can_write, check_folders, chosen_theme, find_lessons, options_from
from exporter.cli import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_OK
from exporter.errors import ExporterError
from exporter.options import Options, UsageError, load_config

if TYPE_CHECKING:
    from exporter.console import Level
    from exporter.course.book import Last
    from exporter.jobs import Job, Result
    from exporter.manifest import Manifest, Stale
    from exporter.theme import Theme


def run_themes() -> int:
    """Print the built-in themes, one a line: name, then description."""
    from exporter.theme_files import builtin_themes

    themes = builtin_themes()
    width = max(len(name) for name, _ in themes)
    for name, description in themes:
        print(f"{name:<{width}}  {description}".rstrip())
    return EXIT_OK


def run_theme_copy(name: str, folder: Path) -> int:
    """Copy the theme ``name`` into ``folder`` and say what to do next."""
    from exporter.theme_files import copy_theme

    written = copy_theme(name, folder)
    print(f"copied theme {name!r} to {folder} ({len(written)} files)")
    print(
        f"edit {folder / 'theme.toml'}, then export with: lesson-export build LESSONS "
        f"--theme {folder}"
    )
    return EXIT_OK


def run_template_check(path: Path, theme: str | None) -> int:
    """Print what the template at ``path`` gives a deck; exit 1 when it cannot be used."""
    from exporter.template.check import report
    from exporter.theme import load_theme

    config = load_config(Path.cwd())
    try:
        made = load_theme(theme or config.get("theme", "default"), path, config.get("layouts", ()))
    except ExporterError as exc:
        said = ""
        if exc.diagnostic.code == "theme" and theme is None and "theme" in config.places:
            said = f"{config.places['theme']}: setting 'theme': "
        print(f"lesson-export: error: {said}{exc.diagnostic.message}", file=sys.stderr)
        return EXIT_FAILED
    print("\n".join(report(made)))
    return EXIT_OK


def print_theme_warnings(theme: Theme) -> None:
    """Print the theme's warnings (once per build, not per lesson)."""
    for diagnostic in theme.warnings:
        print(f"lesson-export: {diagnostic.format()}", file=sys.stderr)


def prepare(args: argparse.Namespace) -> tuple[Options, list[Job], Theme, Level]:
    """Return the options, the lessons, the theme and how much to print.

    Raises ``UsageError`` (or ``ExporterError``, for the theme) for what cannot be run.
    """
    from exporter.console import Level

    options = options_from(args, load_config(Path.cwd()))
    if not options.inputs:
        raise UsageError(
            "no lessons given: name a file or folder, or set inputs in "
            "[tool.lesson-export] in pyproject.toml"
        )
    if args.quiet and args.verbose:
        raise UsageError("--quiet and --verbose cannot be given together")
    if args.command != "check":
        output = options.given("output", options.output) or f"-o {options.output}"
        can_write(options.output, output, folder=True)
    for flag, path in (("--report", options.report), ("--junit", getattr(args, "junit", None))):
        if path is not None:
            can_write(Path(path), f"{flag} {path}", folder=False)
    check_folders(options)
    jobs = find_lessons(options)
    if options.shard:
        from exporter.shards import shard_jobs

        jobs = shard_jobs(jobs, options.shard)
    level = Level.QUIET if args.quiet else Level.VERBOSE if args.verbose else Level.NORMAL
    theme = chosen_theme(options)
    print_theme_warnings(theme)
    return options, jobs, theme, level


def run_build(args: argparse.Namespace) -> int:
    """Export (or check) the lessons and print what happened; SIGTERM (a CI job cancelled or
    timed out) stops it as Ctrl-C does, from its first step to its last."""
    from exporter.workers import stop_on_sigterm

    with stop_on_sigterm():
        return build_lessons(args)


def build_lessons(args: argparse.Namespace) -> int:
    """Export (or check) the lessons, make the course outputs and write the reports."""
    from exporter.batch import export_all, export_changed
    from exporter.console import Display, on_terminal, summary
    from exporter.jobs import Status
    from exporter.pipeline import check_lesson
    from exporter.reports import annotation, write_reports

    started = time.perf_counter()
    options, jobs, theme, level = prepare(args)
    checking = args.command == "check"
    verb = Status.CHECKED if checking else Status.EXPORTED
    stale: list[Stale] = []
    suite = f"lesson-export {args.command}"
    display = Display(jobs, verb, level, on_terminal())
    # A shard makes its lessons' parts of the course outputs; the merge makes the whole.
    whole = not checking and not options.shard
    last = last_book(options) if whole else None
    try:
        with display:
            if checking:
                results = export_all(
                    jobs, options, theme, display.done, check_lesson, began=display.began
                )
            else:
                results, stale = export_changed(
                    jobs,
                    options,
                    theme,
                    display,
                    args.force,
                    args.prune,
                    meanwhile=last.ahead if last is not None else None,
                )
    except KeyboardInterrupt:
        if last is not None:
            last.close()
        # CI cancelled or timed out: the reports tell what was done, the rest as interrupted.
        done = [display.finished.get(job) or interrupted(job) for job in jobs]
        for why in write_reports(done, options.report, args.junit, suite, theme):
            print(f"lesson-export: error: {why}", file=sys.stderr)
        raise
    try:
        unwritten = write_course_outputs(results, options, theme, args.quiet, last) if whole else []
    except KeyboardInterrupt:
        for why in write_reports(
            results, options.report, args.junit, suite, theme, stale, options.strict
        ):
            print(f"lesson-export: error: {why}", file=sys.stderr)
        print(
            "lesson-export: interrupted while making the course outputs: every lesson's files "
            "were written (and the reports), the book and index page left as they were",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED
    if options.shard and not checking:
        from exporter.shards import write_results

        try:
            write_results(results, options, options.shard, theme)
        except ExporterError as exc:
            unwritten.append(exc.diagnostic.message)
    if args.annotations:
        for result in results:
            for diagnostic in result.diagnostics:
                print(annotation(diagnostic))
    print(summary(results, verb, started, len(theme.warnings)))
    failed = any(result.status is Status.FAILED for result in results)
    if options.strict and theme.warnings:
        failed = True
        print(
            f"lesson-export: error: --strict: the theme's {len(theme.warnings)} warning(s) "
            "(above) fail the build",
            file=sys.stderr,
        )
    unwritten += write_reports(
        results, options.report, args.junit, suite, theme, stale, options.strict
    )
    for why in unwritten:
        print(f"lesson-export: error: {why}", file=sys.stderr)
    return EXIT_FAILED if failed or unwritten else EXIT_OK


def interrupted(job: Job) -> Result:
    """Return the result of a lesson the build was interrupted before it finished."""
    from exporter.errors import error, located
    from exporter.jobs import Result, Status, Stop

    message = "the build was interrupted (Ctrl-C or SIGTERM) before this lesson was done"
    return Result(job, Status.FAILED, (), located([error(Stop.INTERRUPTED, message)], job.display))


def run_merge(args: argparse.Namespace) -> int:
    """Gather the shards into the output folder, then report as one build would."""
    from exporter.console import summary
    from exporter.files import remove_stale
    from exporter.jobs import Status
    from exporter.reports import write_reports
    from exporter.shards import find_shards, gather, shard_options

    started = time.perf_counter()
    config = load_config(Path.cwd())
    options = options_from(args, config)
    chosen = any(
        getattr(args, key, None) is not None or key in config for key in ("theme", "template")
    )
    lesson_formats = [name for name in args.formats or () if name not in options.course]
    if lesson_formats:
        raise UsageError(
            "--format: merge makes only the course outputs (book, index), not "
            f"{', '.join(lesson_formats)}: the shards made the lessons' files"
        )
    if not args.formats:  # the configuration's formats are the shards': keep its course ones
        options = replace(options, formats=options.course)
    shards = find_shards(args.shards)
    # The lessons' files as the shards named them, in the shards' theme and template.
    options = shard_options(shards, options, chosen)
    theme = chosen_theme(options)
    results, manifest = gather(shards, options.output)
    if manifest.problem and not args.quiet:
        print(f"lesson-export: note: {manifest.problem}", file=sys.stderr)
    for result in results:  # each problem again, as one build prints them (--quiet too)
        for diagnostic in result.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        if result.status is Status.FAILED:  # its files of an earlier merge, as a build does
            remove_stale(result.job.outputs(options))
    stale = tidy_merged(manifest, results, args.prune, args.quiet)
    unwritten = write_course_outputs(results, options, theme, args.quiet)
    print(summary(results, Status.EXPORTED, started, len(theme.warnings)))
    unwritten += write_reports(
        results, options.report, args.junit, "lesson-export build", theme, stale, options.strict
    )
    for why in unwritten:
        print(f"lesson-export: error: {why}", file=sys.stderr)
    failed = any(result.status is Status.FAILED for result in results)
    return EXIT_FAILED if failed or unwritten else EXIT_OK


def tidy_merged(manifest: Manifest, results: list[Result], prune: bool, quiet: bool) -> list[Stale]:
    """Tell of the outputs in the merge's folder of lessons that are gone, remove them if
    ``prune``, and save its manifest, as a build does (``batch.tidy``); return them."""
    from exporter.batch import built, tidy
    from exporter.console import Display, Level
    from exporter.jobs import Status

    display = Display([], Status.EXPORTED, Level.QUIET if quiet else Level.NORMAL, bar=False)
    stale = tidy(manifest, display, prune, None, built(results))
    if manifest.unsaved:
        print(
            f"lesson-export: note: {manifest.unsaved}; the next build exports these lessons again",
            file=sys.stderr,
        )
    return stale


def last_book(options: Options) -> Last | None:
    """Return the course book last written, to be opened while the lessons are exported
    (``book.Last``), when the options ask for a book."""
    if "book" not in options.course:
        return None
    from exporter.course import course_file
    from exporter.course.book import Last

    return Last(course_file(options, "book"))


def write_course_outputs(
    results: list[Result],
    options: Options,
    theme: Theme,
    quiet: bool = False,
    last: Last | None = None,
) -> list[str]:
    """Write the course outputs (book, index) the options ask for, telling what was written
    (unless ``quiet``: the files up to date are never named) and each note on the course's
    order; return why any could not be written. ``last``: see ``book.Last`` (closed here)."""
    if not options.course:
        return []
    from exporter.course import write_course

    try:
        course, written = write_course(results, options, theme, last)
    except ExporterError as exc:
        return [exc.diagnostic.message]
    finally:
        if last is not None:
            last.close()
    for note in course.notes:
        print(f"lesson-export: note: {note}", file=sys.stderr)
    if not quiet:
        for path in written:
            print(f"wrote {path}")
    return []


def run_watch(args: argparse.Namespace) -> int:
    """Export the lessons, then export again what changes, until Ctrl-C."""
    from exporter.console import Display
    from exporter.jobs import Status
    from exporter.watch import watch_lessons  # watchfiles only for a watch
    from exporter.workers import stop_on_sigterm

    options, jobs, theme, level = prepare(args)
    started = time.perf_counter()
    try:
        with stop_on_sigterm(), Display(jobs, Status.EXPORTED, level, bar=False) as display:
            watch_lessons(
                options,
                jobs,
                theme,
                display,
                args.prune,
                started,
                lambda results, theme: write_course_outputs(results, options, theme, args.quiet),
            )
    except KeyboardInterrupt:  # SIGTERM too, by stop_on_sigterm
        pass
    print("lesson-export: stopped watching", file=sys.stderr)
    return EXIT_OK
