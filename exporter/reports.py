"""batch: the reports CI reads: a JSON report, a JUnit XML file, GitHub annotations.

Each is written whole or not at all (``write_all``), after every lesson has finished. The
theme's warnings are the build's, not a lesson's: each report says them once.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import TYPE_CHECKING

from exporter import __version__
from exporter.console import tally
from exporter.errors import JSON, Diagnostic, ExporterError, Severity, printable
from exporter.files import write_all
from exporter.jobs import Result, Status
from exporter.manifest import Stale

if TYPE_CHECKING:
    from exporter.theme import Theme


def report(
    results: list[Result], theme: Theme, stale: list[Stale] | None = None
) -> dict[str, JSON]:
    """Return the JSON report: the theme and its warnings, per lesson its source, status,
    outputs, diagnostics and slides, and the outputs of lessons that are gone (text as
    ``printable`` gives it, so that any file name makes valid UTF-8). Its schema is
    ``docs/report.schema.json``."""
    data: dict[str, JSON] = {
        "tool": "lesson-exporter",
        "version": __version__,
        "summary": dict(tally(results)),
        "theme": {
            "name": theme.name,
            "file": theme_file(theme),
            "diagnostics": [d.to_json() for d in theme.warnings],
        },
        "stale": [
            {"source": str(lesson.source), "outputs": [str(path) for path in lesson.outputs]}
            for lesson in stale or ()
        ],
        "lessons": [lesson_report(result) for result in results],
    }
    return {key: shown(value) for key, value in data.items()}


def theme_file(theme: Theme) -> str:
    """Return the path of ``theme``'s ``theme.toml``, as its warnings name it."""
    return str(theme.folder.joinpath("theme.toml"))


def lesson_report(result: Result) -> dict[str, JSON]:
    """Return what the JSON report says of one lesson (its text not yet ``shown``); a lesson
    with quiz questions has a ``quiz`` entry too."""
    data: dict[str, JSON] = {
        "source": result.job.display,
        "status": result.status.value,
        "outputs": [str(path) for path in result.outputs],
        "seconds": round(result.seconds, 3),
        "diagnostics": [d.to_json() for d in result.diagnostics],
        "slides": [slide.to_json() for slide in result.slides],
        "fit": {
            "shrunk": [s.number for s in result.slides if s.shrunk],
            "split": [
                {"slide": s.number, "line": s.line, "parts": s.parts}
                for s in result.slides
                if s.part == 1 and s.parts > 1
            ],
            "overflow": [
                {"slide": d.slide, "line": d.line, "message": d.message}
                for d in result.diagnostics
                if d.code in ("overflow", "long-word")
            ],
        },
    }
    questions = quiz_report(result)
    if questions:
        data["quiz"] = {"questions": len(questions), "items": questions}
    return data


def quiz_report(result: Result) -> list[JSON]:
    """Return each quiz question of a lesson: its number, slide, line, correct letters and the
    warnings about it (a slide's ``quiz-`` diagnostics)."""
    return [
        {
            "number": slide.question.number,
            "slide": slide.number,
            "line": slide.question.line,
            "correct": list(slide.question.correct),
            "warnings": [
                d.message
                for d in result.diagnostics
                if d.slide == slide.number and d.code.startswith("quiz-")
            ],
        }
        for slide in result.slides
        if slide.question is not None
    ]


def shown(data: JSON) -> JSON:
    """Return ``data`` with its text as ``printable`` gives it (a file name may hold control
    characters, or bytes that are not UTF-8)."""
    if isinstance(data, str):
        return printable(data)
    if isinstance(data, list):
        return [shown(item) for item in data]
    if isinstance(data, dict):
        return {key: shown(value) for key, value in data.items()}
    return data


def write_report(
    results: list[Result], theme: Theme, path: Path, stale: list[Stale] | None = None
) -> None:
    """Write the JSON report to ``path`` (all or nothing, like every output)."""
    text = json.dumps(report(results, theme, stale), indent=2, ensure_ascii=False) + "\n"
    write_all({path: text.encode("utf-8")})


def junit(results: list[Result], suite: str, theme: Theme, strict: bool = False) -> bytes:
    """Return a JUnit XML file: one test case per lesson, its errors as a failure and its
    warnings in its output, as CI dashboards (GitLab, Jenkins, GitHub test reporters) read it;
    and one for the theme when it has warnings (a failure under ``--strict``, which fails the
    build on them)."""
    broken = sum(result.status is Status.FAILED and result.stopped for result in results)
    failures = sum(result.status is Status.FAILED for result in results) - broken
    failures += bool(strict and theme.warnings)
    seconds = f"{sum(result.seconds for result in results):.3f}"
    tested = len(results) + bool(theme.warnings)
    counts = {"tests": str(tested), "failures": str(failures), "errors": str(broken)}
    root = ET.Element("testsuites", {"name": "lesson-export", **counts, "time": seconds})
    tests = ET.SubElement(root, "testsuite", {"name": suite, **counts, "skipped": "0"})
    tests.set("time", seconds)
    if theme.warnings:
        theme_case(tests, theme, strict)
    for result in results:
        lesson_case(tests, result)
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


def theme_case(tests: ET.Element, theme: Theme, strict: bool) -> None:
    """Add the theme's test case to ``tests``: its warnings as output, or as a failure when
    ``strict``."""
    file = printable(theme_file(theme))
    attributes = {"classname": "theme", "name": printable(theme.name), "file": file}
    case = ET.SubElement(tests, "testcase", {**attributes, "time": "0.000"})
    said = "\n".join(d.format() for d in theme.warnings)
    if strict:
        message = f"--strict: {len(theme.warnings)} warning(s) of the theme fail the build"
        ET.SubElement(case, "failure", {"message": message, "type": "strict"}).text = said
    else:
        ET.SubElement(case, "system-out").text = said


def lesson_case(tests: ET.Element, result: Result) -> None:
    """Add ``result``'s test case to ``tests``."""
    source = Path(result.job.display)
    case = ET.SubElement(
        tests,
        "testcase",
        {
            "classname": printable(".".join(source.parent.parts[bool(source.anchor) :]) or "."),
            "name": printable(source.name),
            "file": printable(result.job.display),
            "time": f"{result.seconds:.3f}",
        },
    )
    errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
    if result.status is Status.FAILED:
        first = errors[0].message if errors else "the lesson failed"
        # A lesson that could not run to its end is an error; a problem in it, a failure.
        tag, kind = ("error", errors[0].code) if result.stopped else ("failure", "error")
        failure = ET.SubElement(case, tag, {"message": printable(first), "type": kind})
        failure.text = "\n".join(d.format() for d in result.diagnostics)
    elif result.diagnostics:
        output = ET.SubElement(case, "system-out")
        output.text = "\n".join(d.format() for d in result.diagnostics)


def write_junit(
    results: list[Result], path: Path, suite: str, theme: Theme, strict: bool = False
) -> None:
    """Write the JUnit XML file to ``path`` (all or nothing, like every output)."""
    write_all({path: junit(results, suite, theme, strict)})


def write_reports(
    results: list[Result],
    report: Path | None,
    junit: Path | None,
    suite: str,
    theme: Theme,
    stale: list[Stale] | None = None,
    strict: bool = False,
) -> list[str]:
    """Write the JSON report and the JUnit file that were asked for, each with ``theme``'s
    warnings once; return why each that could not be written was not (``the report: ...``)."""
    failures = []
    for kind, path in (("the report", report), ("the JUnit file", junit)):
        if path is None:
            continue
        try:
            if path is report:
                write_report(results, theme, path, stale or [])
            else:
                write_junit(results, path, suite, theme, strict)
        except ExporterError as exc:
            failures.append(f"{kind}: {exc.diagnostic.message}")
    return failures


def annotation(diagnostic: Diagnostic) -> str:
    """Return a GitHub Actions workflow command that shows ``diagnostic`` on the pull request's
    diff: ``::warning file=lessons/a.md,line=12,title=image::image 'x.png' is ...``."""
    properties = {"file": diagnostic.file, "line": diagnostic.line, "title": diagnostic.code}
    written = ",".join(
        f"{key}={escaped(printable(str(value)), True)}"
        for key, value in properties.items()
        if value
    )
    return f"::{diagnostic.severity.value} {written}::{escaped(printable(diagnostic.message))}"


def escaped(text: str, property_value: bool = False) -> str:
    """Return ``text`` escaped as GitHub's workflow commands require."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text
