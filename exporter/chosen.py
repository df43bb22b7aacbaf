"""cli: what the command line and the configuration choose, checked before any lesson is
built: the options (``options_from``), the lessons (``find_lessons``), the folders named
(``check_folders``, ``can_write``) and the theme (``chosen_theme``). Each mistake is a
``UsageError`` naming the flag, or the configuration's file and line, that made it.
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from exporter import defaults
from exporter.cli import FLAGS
from exporter.errors import ExporterError
from exporter.options import SETTINGS, Options, UsageError, source_date
from exporter.paper import Edition

if TYPE_CHECKING:
    from exporter.jobs import Job
    from exporter.theme import Theme


def options_from(args: argparse.Namespace, config: dict[str, Any]) -> Options:
    """Return the options: flags first, then the configuration (as ``load_config`` read it),
    then the defaults; each with where it was given (``Options.given``)."""
    given = {}
    places = getattr(config, "places", {})
    for key, setting in SETTINGS.items():
        value = getattr(args, key, None)
        if value is None or value == []:
            continue
        if setting.text is None:  # a bool or a list: read here, the others by argparse
            try:
                value = setting.read(value)
            except ValueError as exc:
                raise UsageError(f"{FLAGS[key]}: {str(exc) or setting.what}") from exc
        given[key] = value
    configured = config.get("inputs", ())
    settings = {**config, **given}
    if "formats" not in settings and settings.get("edition") is Edition.STUDENT:
        # The students' copy of a course: the default files but the answer key, which is the
        # teacher's (asked for by name, --format answers writes it all the same).
        settings["formats"] = tuple(name for name in defaults.FORMATS if name != "answers")
    # Inputs named on the command line need no pointing at: only the configuration's are.
    flags = {key: "-o" if key == "output" else FLAGS[key] for key in given if key != "inputs"}
    origins = {key: place for key, place in places.items() if key not in given} | flags
    return Options(
        **settings,
        origins=tuple(sorted(origins.items())),
        course_folders=tuple(Path(name) for name in configured if Path(name).is_dir()),
        course_output="output" in config
        and Path(str(settings.get("output"))).resolve() == Path(str(config["output"])).resolve(),
        report=getattr(args, "report", None),
        created=source_date(),
    )


def find_lessons(options: Options) -> list[Job]:
    """Return the lessons the inputs name, printing a note for each link to a folder that is
    not followed.

    Raises ``UsageError`` when there is none, or an input names nothing, naming the
    configuration's line where the inputs (or the exclusions) come from it.
    """
    from exporter.batch import discover

    inputs = options.given("inputs")  # None: named on the command line
    plain = replace(options, exclude=())
    notes: list[str] = []
    try:
        jobs = discover(options.inputs, options, notes)
        unexcluded = [] if jobs or not options.exclude else discover(options.inputs, plain)
    except UsageError as exc:
        if inputs is None:
            raise
        raise UsageError(f"{inputs}: {exc}") from exc
    where = ", ".join(options.inputs)
    for note in sorted(set(notes)):  # each link once, in path order
        print(f"lesson-export: note: {note}", file=sys.stderr)
    if unexcluded:  # the exclusions left nothing
        said = options.given("exclude", list(options.exclude))
        if said is None or said.startswith("-"):  # each flag as it was given
            said = " ".join(f"--exclude {pattern!r}" for pattern in options.exclude)
        raise UsageError(f"{said} left no lesson of {where} to build")
    if not jobs:
        said = f"{inputs}: " if inputs else ""
        raise UsageError(f"{said}no lessons (*.md) found in {where}")
    return jobs


def check_folders(options: Options) -> None:
    """Check, before any lesson is found, that the course root and the download cache named
    are folders.

    Raises ``UsageError`` naming the flag or the configuration's line that names them.
    """
    if options.root is not None and not options.root.is_dir():
        what = "not a folder" if options.root.exists() else "no such folder"
        said = options.given("root", options.root) or f"--root {options.root}"
        raise UsageError(f"{said}: {what} (the course folder site-root paths name)")
    cache = options.cache_dir
    if cache is not None and cache.exists() and not cache.is_dir():
        said = options.given("cache_dir", cache) or f"--cache-dir {cache}"
        raise UsageError(f"{said}: it is a file, not a folder (the downloaded images' folder)")


def chosen_theme(options: Options) -> Theme:
    """Return the theme the options choose, made over by their template.

    Raises ``UsageError`` naming the flag, or the configuration's line, of the theme or the
    template that cannot be used (``ExporterError`` for the default theme's own).
    """
    from exporter.theme import load_theme

    try:
        theme = load_theme(options.theme, options.template, options.layouts)
    except ExporterError as exc:
        diagnostic = exc.diagnostic
        template = diagnostic.code == "template" and options.template is not None
        said = options.given("template" if template else "theme")
        if said is None and template:  # the theme's own template: the theme is at fault
            said = options.given("theme")
        if said is None:
            raise
        raise UsageError(f"{said}: {diagnostic.message}") from exc
    said = options.given("layouts")
    if said is not None and theme.template is None:
        print(
            f"lesson-export: note: {said}: names a template's layouts, and no template is "
            "given (--template, or 'template' in the configuration or the theme): it has no "
            "effect",
            file=sys.stderr,
        )
    return theme


def can_write(path: Path, said: str, folder: bool) -> None:
    """Check, before any work, that ``path`` (a folder where ``folder``, else a file) can be
    written: that it is not the other kind, and that the nearest folder above it that
    exists can be written in.

    Raises ``UsageError`` beginning with ``said`` (the flag and its value, or the
    configuration's line: ``Options.given``), once, rather than one error per lesson after
    all of them are laid out.
    """
    if path.exists() and path.is_dir() != folder:
        kind = "a file, not a folder" if folder else "a folder, not a file"
        raise UsageError(f"{said}: it is {kind}")
    above = path if folder else path.parent
    while not above.exists() and above != above.parent:
        above = above.parent
    if not above.is_dir():
        raise UsageError(f"{said}: {above} is a file, so no folder can be made in it")
    if not os.access(above, os.W_OK | os.X_OK):
        raise UsageError(f"{said}: {above} cannot be written in (read-only, or no rights)")
