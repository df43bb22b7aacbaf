"""batch: the reports CI reads: a JSON report, a JUnit XML file, GitHub annotations.

Each is written whole or not at all (``write_all``), after every lesson has finished.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

from exporter import __version__
from exporter.console import tally
from exporter.errors import Diagnostic, ExporterError, Severity, printable
from exporter.manifest import Stale
from exporter.pipeline import Result, write_all


def report(results: list[Result], stale: list[Stale] | None = None) -> dict[str, Any]:
    """Return the JSON report: per lesson its source, status, outputs, diagnostics and slides,
    and the outputs of lessons that are gone (text as ``printable`` gives it, so that any file
    name makes valid UTF-8). Its schema is ``docs/report.schema.json``."""
    return {
        "tool": "lesson-exporter",
        "version": __version__,
        "summary": tally(results),
        "stale": [
            {
                "source": printable(str(lesson.source)),
                "outputs": [printable(str(path)) for path in lesson.outputs],
            }
            for lesson in stale or ()
        ],
        "lessons": [
            {
                "source": printable(result.job.display),
                "status": result.status,
                "outputs": [printable(str(path)) for path in result.outputs],
                "seconds": round(result.seconds, 3),
                "diagnostics": [
                    {
                        "severity": d.severity.value,
                        "code": d.code,
                        "message": printable(d.message),
                        "file": printable(d.file) if d.file else None,
                        "line": d.line,
                        "slide": d.slide,
                    }
                    for d in result.diagnostics
                ],
                "slides": [
                    {
                        "number": s.number,
                        "layout": s.layout,
                        "title": printable(s.title),
                        "line": s.line,
                        "size": s.size,
                        "shrunk": s.shrunk,
                        "part": s.part,
                        "parts": s.parts,
                    }
                    for s in result.slides
                ],
                "fit": {
                    "shrunk": [s.number for s in result.slides if s.shrunk],
                    "split": [
                        {"slide": s.number, "line": s.line, "parts": s.parts}
                        for s in result.slides
                        if s.part == 1 and s.parts > 1
                    ],
                    "overflow": [
                        {"slide": d.slide, "line": d.line, "message": printable(d.message)}
                        for d in result.diagnostics
                        if d.code in ("overflow", "long-word")
                    ],
                },
            }
            for result in results
        ],
    }


def write_report(results: list[Result], path: Path, stale: list[Stale] | None = None) -> None:
    """Write the JSON report to ``path`` (all or nothing, like every output)."""
    text = json.dumps(report(results, stale), indent=2, ensure_ascii=False) + "\n"
    write_all({path: text.encode("utf-8")})


def junit(results: list[Result], suite: str) -> bytes:
    """Return a JUnit XML file: one test case per lesson, its errors as a failure and its
    warnings in its output, as CI dashboards (GitLab, Jenkins, GitHub test reporters) read it."""
    broken = sum(result.status == "failed" and stopped(result) for result in results)
    failures = sum(result.status == "failed" for result in results) - broken
    seconds = f"{sum(result.seconds for result in results):.3f}"
    counts = {"tests": str(len(results)), "failures": str(failures), "errors": str(broken)}
    root = ET.Element("testsuites", {"name": "lesson-export", **counts, "time": seconds})
    tests = ET.SubElement(root, "testsuite", {"name": suite, **counts, "skipped": "0"})
    tests.set("time", seconds)
    for result in results:
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
        if result.status == "failed":
            first = errors[0].message if errors else "the lesson failed"
            # A lesson that could not run to its end is an error; a problem in it, a failure.
            tag, kind = ("error", errors[0].code) if stopped(result) else ("failure", "error")
            failure = ET.SubElement(case, tag, {"message": printable(first), "type": kind})
            failure.text = "\n".join(d.format() for d in result.diagnostics)
        elif result.diagnostics:
            output = ET.SubElement(case, "system-out")
            output.text = "\n".join(d.format() for d in result.diagnostics)
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data + b"\n"


STOPPED = ("timeout", "memory", "internal")
"""The codes of a lesson that was stopped (past --timeout or --memory-limit) or hit a bug, not
failed by its input."""


def stopped(result: Result) -> bool:
    """Return whether a lesson failed because it could not run to its end."""
    return any(d.code in STOPPED for d in result.diagnostics)


def write_junit(results: list[Result], path: Path, suite: str) -> None:
    """Write the JUnit XML file to ``path`` (all or nothing, like every output)."""
    write_all({path: junit(results, suite)})


def write_reports(
    results: list[Result],
    report: Path | None,
    junit: Path | None,
    suite: str,
    stale: list[Stale] | None = None,
) -> list[str]:
    """Write the JSON report and the JUnit file that were asked for; return why each that
    could not be written was not (``the report: ...``)."""
    failures = []
    for kind, path in (("the report", report), ("the JUnit file", junit)):
        if path is None:
            continue
        try:
            if path is report:
                write_report(results, path, stale or [])
            else:
                write_junit(results, path, suite)
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
