"""cli: the ``lesson-export`` command: argument parsing, then the command's run.

This module imports only what reading the command line needs (argparse, and ``defaults`` for
the help): ``--version``, ``--help`` and an unknown flag answer before the settings
(``options``) and what they import are loaded. A flag's value is read as the configuration's
is, by ``options.SETTINGS``, imported when the first such flag is read. Once the command line
is read, ``commands`` runs the command, importing the libraries it needs.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable, Sequence, Set
from pathlib import Path
from typing import Any

from exporter import __version__, defaults

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130


def flag(key: str) -> Callable[[str], Any]:
    """Return argparse's ``type`` for the flag of the setting ``key``: the setting's own
    reading (``options.SETTINGS``), so that a flag is checked as the configuration is."""

    def read(text: str) -> Any:
        from exporter.options import SETTINGS, UsageError

        setting = SETTINGS[key]
        try:
            return setting.from_text(text)
        except UsageError as exc:
            raise argparse.ArgumentTypeError(str(exc)) from exc
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"give {setting.what}, not {text!r}") from exc

    return read


# The build command's options, as data: flags, then argparse's keywords.
BUILD_OPTIONS: tuple[tuple[tuple[str, ...], dict[str, Any]], ...] = (
    (
        ("inputs",),
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
            "type": flag("output"),
            "help": f"output folder, mirroring the input tree (default: {defaults.OUTPUT})",
        },
    ),
    (
        ("--format",),
        {
            "metavar": "LIST",
            "dest": "formats",
            "type": flag("formats"),
            "help": "comma-separated outputs: pptx (the deck), handout (a printable PDF, "
            "NAME.handout.pdf), pdf (the slides as a PDF, NAME.pdf), answers (a quiz's answer "
            "key, NAME.answers.pdf; none for a lesson that is not a quiz) "
            f"(default: {','.join(defaults.FORMATS)}). "
            "For the whole course: book (every lesson in one PDF, DIR/course.pdf; see "
            "--book-layout) and index (a page listing every lesson with its files, status and "
            "warnings and a picture of its title slide: DIR/index.html, with NAME.preview.png "
            "beside each lesson's files)",
        },
    ),
    (
        ("--course-title",),
        {
            "metavar": "TITLE",
            "type": flag("course_title"),
            "help": "the course's title on the book's cover and the index page (default: the "
            "name of the input folder)",
        },
    ),
    (
        ("--book-layout",),
        {
            "metavar": "LAYOUT",
            "type": flag("book_layout"),
            "help": "the handout layout of each lesson in the course book (--format book): 1, "
            "2, 3, 4, 6, 9, notes or outline (the text alone, a book to read) (default: "
            f"{defaults.BOOK_LAYOUT})",
        },
    ),
    (
        ("--book-file",),
        {
            "metavar": "NAME",
            "type": flag("book_file"),
            "help": f"the course book's file name in the output folder (default: "
            f"{defaults.BOOK_FILE})",
        },
    ),
    (
        ("--handout",),
        {
            "metavar": "LIST",
            "type": flag("handout"),
            "help": "comma-separated handout layouts: 1, 2, 3 (with lines for notes), 4, 6 or 9 "
            "slides a page, notes (a slide and its speaker notes a page) or outline (the text "
            "alone); one layout is NAME.handout.pdf, several are NAME.handout-3.pdf, "
            f"NAME.notes.pdf, NAME.outline.pdf... (default: {','.join(defaults.HANDOUT)})",
        },
    ),
    (
        ("--edition",),
        {
            "metavar": "WHO",
            "type": flag("edition"),
            "help": "whom the decks, slide PDFs and handouts are for: teacher (everything, "
            "with notes pages where a slide has notes) or student (no answer, explanation, "
            "reveal slide or speaker note; a box to answer each question in on paper; and no "
            "answer key unless --format names answers) "
            f"(default: {defaults.EDITION})",
        },
    ),
    (
        ("--paper",),
        {
            "choices": defaults.PAPERS,
            "help": f"the handouts' and answer key's paper size: {' or '.join(defaults.PAPERS)} "
            f"(default: {defaults.PAPERS[0]})",
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
            "type": flag("theme"),
            "help": f"a built-in theme or a theme folder (default: {defaults.THEME})",
        },
    ),
    (
        ("--template",),
        {
            "metavar": "FILE",
            "type": flag("template"),
            "help": "a school's PowerPoint template (.pptx or .potx) to export into: its "
            "masters, layouts, colours, fonts and slide size; see: lesson-export template check",
        },
    ),
    (
        ("--lang",),
        {
            "metavar": "LANG",
            "type": flag("lang"),
            "help": "the language of the words put on slides and pages, such as (continued) and "
            "Page N of M: en, de, fr or es (default: each lesson's front matter language, "
            "else en)",
        },
    ),
    (
        ("--quiz",),
        {
            "metavar": "MODE",
            "type": flag("quiz"),
            "help": "how a quiz's questions are shown: reveal (a question slide, then one with "
            "the answer marked and explained), notes (question slides only, the answers in the "
            "speaker notes) or answers (one slide a question with its answers, for self-study) "
            f"(default: {defaults.QUIZ})",
        },
    ),
    (
        ("--root",),
        {
            "metavar": "DIR",
            "type": flag("root"),
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
            "type": flag("cache_dir"),
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
            "help": "leave out lessons matching GLOB, by their path below the input folder, "
            "their name, or their path from here, such as drafts/*, README.md or "
            "lessons/drafts/* (repeatable; replaces exclude in the configuration)",
        },
    ),
    (
        ("-j", "--jobs"),
        {
            "metavar": "N",
            "type": flag("jobs"),
            "help": "export N lessons at once, each on a worker process "
            f"(default: the number of CPUs, {defaults.jobs()} here)",
        },
    ),
    (
        ("--timeout",),
        {
            "metavar": "SECONDS",
            "type": flag("timeout"),
            "help": "stop a lesson that takes longer, and report it as failed; the others go on "
            f"(default: {defaults.TIMEOUT:g})",
        },
    ),
    (
        ("--memory-limit",),
        {
            "metavar": "MB",
            "type": flag("memory_limit"),
            "help": "stop a lesson whose worker uses more memory, and report it as failed; the "
            f"others go on (default: {defaults.MEMORY_LIMIT}; Linux and macOS)",
        },
    ),
    (
        ("--shard",),
        {
            "metavar": "I/N",
            "type": flag("shard"),
            "help": "build only shard I of N (from 1), for a build spread over N CI jobs: the "
            "lessons in path order cut into N runs of about as many pages; each shard keeps "
            "its own manifest and results in the output folder; lesson-export merge gathers "
            "them",
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
            "choices": defaults.ANNOTATIONS,
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
            f"its outputs were written is skipped, as {defaults.MANIFEST} in the output folder "
            "records)",
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


FLAGS = {
    keywords.get("dest", flags[-1].lstrip("-").replace("-", "_")): flags[-1]
    for flags, keywords in BUILD_OPTIONS
}
"""Each setting's flag (``allow_hosts``: ``--allow-host``), for messages."""
OUTPUT_FLAGS = {
    "--output",
    "--format",
    "--handout",
    "--edition",
    "--paper",
    "--force",
    "--prune",
}
"""The build options that only concern the outputs, which check does not write."""
REPORT_FLAGS = {"--report", "--junit", "--annotations", "--force", "--shard"}
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
    add_merge(commands)
    commands.add_parser(
        "themes",
        help="list the built-in themes",
        description="List the built-in themes, one a line: its name (what --theme takes), then "
        "what it is for.",
    )
    theme = commands.add_parser(
        "theme",
        help="start a custom theme from a built-in one",
        description="Work with themes. A theme is a folder: theme.toml (colours, fonts, sizes, "
        "the slide grid) and the font files it measures with, in fonts/.",
    )
    actions = theme.add_subparsers(dest="action", required=True, metavar="ACTION")
    copy = actions.add_parser(
        "copy",
        help="copy a theme into a new folder, to edit it",
        description="Copy the theme NAME (built-in, or a theme folder) into the new folder DIR, "
        "with its fonts and their licences, its name set to DIR's; then edit DIR/theme.toml "
        "and export with --theme DIR. DIR must not exist, or be an empty folder.",
    )
    copy.add_argument("name", metavar="NAME", help="a built-in theme (see: lesson-export themes)")
    copy.add_argument("folder", metavar="DIR", type=Path, help="the new theme's folder")
    template = commands.add_parser(
        "template",
        help="check a school's PowerPoint template",
        description="Work with a school's PowerPoint template (.pptx or .potx), which build "
        "takes with --template.",
    )
    actions = template.add_subparsers(dest="action", required=True, metavar="ACTION")
    check = actions.add_parser(
        "check",
        help="say what a template gives a deck, and what is wrong with it",
        description="Print the template's slide size, the layout each kind of slide goes on "
        "and why, the placeholders used, its fonts and the open fonts they are measured with, "
        "and every problem. The layouts setting of the configuration (pyproject.toml or "
        "lesson-export.toml here) is applied. Exit status 1 when the template cannot be used.",
    )
    check.add_argument("file", metavar="FILE", type=Path, help="a .pptx or .potx file")
    check.add_argument(
        "--theme",
        metavar="NAME|DIR",
        type=flag("theme"),
        help="the theme whose sizes and bullets the template keeps (default: the "
        "configuration's, else default)",
    )
    return parser


MERGE_FLAGS = (
    "--output",
    "--format",
    "--course-title",
    "--report",
    "--junit",
    "--theme",
    "--prune",
)
MERGE_HELP = {
    "--format": "comma-separated course outputs to make from the shards: book, index",
    "--course-title": "the course's title on the book's cover and the index page (default: "
    "the shards' own, from their input folder's name)",
    "--theme": "a built-in theme or a theme folder: the shards' own, which the course outputs "
    "are drawn in (default: the one the shards were built with)",
    "--prune": "remove the outputs in the output folder of lessons that are gone (from an "
    "earlier merge or build there), as build --prune does",
}
"""What the merge's options say where a build's would not be true of it."""
"""The build options merge takes (the others were the shards')."""


def add_merge(commands: Any) -> None:
    """Add the merge command: the fan-in of a build spread over shards."""
    merge = commands.add_parser(
        "merge",
        help="gather the shards of a build (--shard I/N) into one output folder",
        description="Gather the outputs of shards built with --shard I/N into the output folder "
        "as one build would have laid them out, join their manifests and results into one, "
        "write the reports, and make the course outputs (--format book,index) from them, "
        "exporting no lesson again. The shards may be in folders of their own or downloaded "
        "into one. Exit status: 1 when a lesson failed in any shard, 2 when a shard is "
        "missing or damaged.",
    )
    merge.add_argument(
        "shards", nargs="+", metavar="SHARD_DIR", type=Path, help="a shard's output folder"
    )
    for flags, keywords in BUILD_OPTIONS:
        said = MERGE_HELP.get(flags[-1])
        if said is not None:
            merge.add_argument(*flags, **{**keywords, "help": said})
        elif set(flags) & set(MERGE_FLAGS):
            merge.add_argument(*flags, **keywords)
    merge.add_argument(
        "-q", "--quiet", action="store_true", help="print only problems and the summary"
    )


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


def run() -> int:
    """The ``lesson-export`` command (and ``python -m exporter``): ``main``, then leave what
    the command built to the operating system.

    Python collects its garbage once more as it exits, going through every object the
    command's libraries made; the command's objects are frozen out of it first
    (``gc.freeze``), as nothing needs collecting at exit: a one-lesson build to PPTX took
    255 ms rather than 266 ms (median of 15). ``main``, called by a program that goes on (the
    tests), does not."""
    status = main()
    gc.freeze()
    return status


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return the exit status."""
    args = make_parser().parse_args(argv)
    from exporter import commands
    from exporter.errors import ExporterError
    from exporter.options import UsageError

    try:
        if args.command == "themes":
            return commands.run_themes()
        if args.command == "theme":
            return commands.run_theme_copy(args.name, args.folder)
        if args.command == "template":
            return commands.run_template_check(args.file, args.theme)
        if args.command == "merge":
            return commands.run_merge(args)
        if args.command == "watch":
            return commands.run_watch(args)
        return commands.run_build(args)
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
