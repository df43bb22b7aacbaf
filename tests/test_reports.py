"""reports: the JUnit file and GitHub annotations CI reads, from real exports."""

from __future__ import annotations

import json
import os
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from exporter.cli import main
from exporter.errors import error, warning
from exporter.reports import annotation, escaped

GOOD = "---\ntitle: Good\n---\n\n### Hello\n\n- **A**: b\n"


def course(tmp_path: Path) -> Path:
    """Return a course of three lessons: one clean, one warning, one that fails."""
    root = tmp_path / "course"
    (root / "s1").mkdir(parents=True)
    (root / "s1" / "a.md").write_text(GOOD, encoding="utf-8")
    (root / "s1" / "warn.md").write_text(GOOD + "\n![](gone.png)\n", encoding="utf-8")
    (root / "broken.md").write_bytes(b"---\ntitle: x\n---\n\ncaf\xe9\n")
    return root


def test_the_junit_file_has_a_case_per_lesson_with_failures_and_warnings(tmp_path: Path) -> None:
    root = course(tmp_path)
    junit = tmp_path / "junit.xml"
    assert main(["build", str(root), "-o", str(tmp_path / "out"), "-q", "--junit", str(junit)]) == 1
    suites = ET.parse(junit).getroot()
    assert suites.tag == "testsuites"
    assert (suites.get("tests"), suites.get("failures"), suites.get("errors")) == ("3", "1", "0")
    [suite] = suites.findall("testsuite")
    assert suite.get("name") == "lesson-export build"
    cases = {case.get("name", ""): case for case in suite.findall("testcase")}
    assert sorted(cases) == ["a.md", "broken.md", "warn.md"]
    assert cases["a.md"].find("failure") is None and cases["a.md"].find("system-out") is None
    failure = cases["broken.md"].find("failure")
    assert failure is not None and "not valid UTF-8" in (failure.get("message") or "")
    assert f"{root / 'broken.md'}:5: error: not valid UTF-8" in (failure.text or "")
    output = cases["warn.md"].find("system-out")
    assert output is not None and "warning: image 'gone.png'" in (output.text or "")
    assert (cases["warn.md"].get("classname") or "").endswith(".course.s1")
    assert all(float(case.get("time") or "-1") >= 0 for case in cases.values())


def test_check_writes_its_junit_file_too(tmp_path: Path) -> None:
    root = course(tmp_path)
    junit = tmp_path / "check.xml"
    assert main(["check", str(root), "-q", "--junit", str(junit)]) == 1
    [suite] = ET.parse(junit).getroot().findall("testsuite")
    assert suite.get("name") == "lesson-export check" and suite.get("failures") == "1"


def test_github_annotations_name_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = course(tmp_path)
    assert main(["check", str(root), "-q", "--annotations", "github"]) == 1
    lines = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::")]
    lesson = escaped(str(root / "s1" / "warn.md"), True)
    assert f"::warning file={lesson},line=9,title=no-alt::image 'gone.png' has no alt text" in (
        "\n".join(lines)
    )
    broken = escaped(str(root / "broken.md"), True)
    assert any(line.startswith(f"::error file={broken},line=5,title=") for line in lines)


def test_annotations_escape_what_github_reads_as_syntax() -> None:
    found = warning("image", "100% of it, here:\nthere", 3).located("a,b:c.md")
    assert annotation(found) == (
        "::warning file=a%2Cb%3Ac.md,line=3,title=image::100%25 of it, here:\\nthere"
    )
    assert annotation(error("write", "disk full").located("x.md")) == (
        "::error file=x.md,title=write::disk full"
    )


def test_the_json_report_says_how_long_each_lesson_took(tmp_path: Path) -> None:
    root = course(tmp_path)
    report = tmp_path / "report.json"
    began = time.perf_counter()
    assert main(["check", str(root), "-q", "--report", str(report)]) == 1  # one lesson fails
    took = time.perf_counter() - began
    lessons = json.loads(report.read_text(encoding="utf-8"))["lessons"]
    assert all(0 < lesson["seconds"] <= took for lesson in lessons), (lessons, took)
    assert sorted(lesson["status"] for lesson in lessons) == ["checked", "checked", "failed"]


def test_control_characters_from_a_lesson_keep_the_junit_file_valid(tmp_path: Path) -> None:
    lesson = tmp_path / "c.md"
    lesson.write_text("---\ntitle: x\n---\n\n## A\n\n<!-- layout: \x1b[31mred -->\n", "utf-8")
    junit = tmp_path / "junit.xml"
    assert main(["check", str(lesson), "-q", "--junit", str(junit)]) == 0  # a warning only
    ET.parse(junit)  # raises on a character XML 1.0 does not allow


def test_a_file_name_that_is_not_utf8_keeps_the_reports_valid(tmp_path: Path) -> None:
    folder = tmp_path / "odd"
    folder.mkdir()
    name = os.fsdecode(b"caf\xe9.md")
    (folder / name).write_text(GOOD + "\n![](gone.png)\n", encoding="utf-8")
    junit, report = tmp_path / "j.xml", tmp_path / "r.json"
    assert main(["check", str(folder), "-q", "--junit", str(junit), "--report", str(report)]) == 0
    [case] = ET.parse(junit).getroot().iter("testcase")
    assert case.get("name") == "caf\\udce9.md"
    assert json.loads(report.read_text(encoding="utf-8"))["lessons"][0]["status"] == "checked"


SCHEMA = json.loads((Path(__file__).parent.parent / "docs" / "report.schema.json").read_text())


def valid(report: Path) -> dict[str, object]:
    """Return the report at ``report``, validated against the schema the README documents."""
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(SCHEMA)
    data: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))
    Draft202012Validator(SCHEMA).validate(data)
    return data


def test_every_report_validates_against_its_documented_schema(tmp_path: Path) -> None:
    from jsonschema import Draft202012Validator, ValidationError

    root, out, report = course(tmp_path), tmp_path / "out", tmp_path / "report.json"
    build = ["build", str(root), "-o", str(out), "-q", "--report", str(report)]
    assert main(build) == 1
    statuses = {lesson["status"] for lesson in valid(report)["lessons"]}  # type: ignore[attr-defined]
    assert statuses == {"exported", "failed"}
    (root / "s1" / "a.md").rename(root / "s1" / "renamed.md")
    assert main(build) == 1
    data = valid(report)
    assert {lesson["status"] for lesson in data["lessons"]} == {"exported", "skipped", "failed"}  # type: ignore[attr-defined]
    assert data["summary"] == {
        "exported": 1,
        "skipped": 1,
        "checked": 0,
        "failed": 1,
        "warnings": 2,
    }
    assert [Path(s["source"]).name for s in data["stale"]] == ["a.md"]  # type: ignore[attr-defined]
    assert main(["check", str(root), "-q", "--report", str(report)]) == 1
    assert {lesson["status"] for lesson in valid(report)["lessons"]} == {"checked", "failed"}  # type: ignore[attr-defined]
    broken = json.loads(report.read_text(encoding="utf-8"))
    broken["lessons"][0]["status"] = "done"  # the schema can fail
    with pytest.raises(ValidationError):
        Draft202012Validator(SCHEMA).validate(broken)


COMPARED = """---
title: Protecting Applications
section: 9
lesson: 2
---

## AWS Shield Tiers

- **Shield Standard**:
  - Free for every account
  - Guards against common network attacks
- **Shield Advanced**:
  - Paid, with a response team on call
  - Cost protection during an attack

<!-- pagebreak -->

## Launch an Instance

- **Open the EC2 console**: choose Launch instance
- **Choose an AMI**: pick Amazon Linux
"""


def test_the_report_says_which_evidence_made_each_two_column_slide(tmp_path: Path) -> None:
    """Each two-column slide carries its page's evidence, from a fresh export and from the
    manifest alike (a skipped lesson); a single-column slide carries none."""
    (tmp_path / "shield.md").write_text(COMPARED, encoding="utf-8")
    out, report = tmp_path / "out", tmp_path / "r.json"
    build = ["build", str(tmp_path / "shield.md"), "-o", str(out), "-q", "--offline"]
    for status in ("exported", "skipped"):
        assert main([*build, "--format", "pptx", "--report", str(report)]) == 0
        lessons: list[dict[str, Any]] = valid(report)["lessons"]  # type: ignore[assignment]
        [lesson] = lessons
        assert lesson["status"] == status
        compared = {s["title"]: s.get("comparison") for s in lesson["slides"]}
        assert compared["Launch an Instance"] is None
        verdict = compared["AWS Shield Tiers"]
        assert verdict is not None and verdict["score"] >= 3
        assert verdict["score"] == sum(item["weight"] for item in verdict["evidence"])
        assert any(
            item["signal"] == "contrast" and "standard / advanced" in item["detail"]
            for item in verdict["evidence"]
        ), verdict
        assert "standard / advanced" in verdict["reason"]


def faint_theme(tmp_path: Path) -> Path:
    """Return a copy of the default theme whose muted grey is too faint on white (a warning)."""
    folder = tmp_path / "faint"
    assert main(["theme", "copy", "default", str(folder)]) == 0
    toml = folder / "theme.toml"
    toml.write_text(toml.read_text("utf-8").replace('"6B7280"', '"B0B0B0"', 1), "utf-8")
    return folder


def test_the_themes_warnings_reach_the_reports_once_per_build(tmp_path: Path) -> None:
    """Two lessons, one theme warning: the JSON report has it once, under ``theme``, with its
    code, message and ``theme.toml``; the JUnit file has one test case for the theme."""
    theme, root = faint_theme(tmp_path), tmp_path / "two"
    root.mkdir()
    for name in ("a.md", "b.md"):
        (root / name).write_text(GOOD, encoding="utf-8")
    junit, report = tmp_path / "j.xml", tmp_path / "r.json"
    build = ["check", str(root), "-q", "--theme", str(theme)]
    assert main([*build, "--junit", str(junit), "--report", str(report)]) == 0
    data: dict[str, Any] = valid(report)
    [found] = data["theme"]["diagnostics"]
    assert data["theme"]["name"] == "faint" and data["theme"]["file"] == str(theme / "theme.toml")
    assert (found["code"], found["file"], found["severity"]) == (
        "theme-contrast",
        str(theme / "theme.toml"),
        "warning",
    )
    assert "colors.muted (B0B0B0) on colors.background (FFFFFF)" in found["message"]
    assert all(lesson["diagnostics"] == [] for lesson in data["lessons"])
    suites = ET.parse(junit).getroot()
    assert (suites.get("tests"), suites.get("failures")) == ("3", "0")
    [case] = [c for c in suites.iter("testcase") if c.get("classname") == "theme"]
    assert (case.get("name"), case.get("file")) == ("faint", str(theme / "theme.toml"))
    output = case.find("system-out")
    assert output is not None and case.find("failure") is None
    assert (output.text or "").count("warning: theme 'faint': colors.muted") == 1


def test_under_strict_the_themes_warnings_are_a_junit_failure(tmp_path: Path) -> None:
    theme, lesson = faint_theme(tmp_path), tmp_path / "a.md"
    lesson.write_text(GOOD, encoding="utf-8")
    junit, report = tmp_path / "j.xml", tmp_path / "r.json"
    build = ["check", str(lesson), "-q", "--theme", str(theme), "--strict"]
    assert main([*build, "--junit", str(junit), "--report", str(report)]) == 1
    suites = ET.parse(junit).getroot()
    assert (suites.get("tests"), suites.get("failures"), suites.get("errors")) == ("2", "1", "0")
    [case] = [c for c in suites.iter("testcase") if c.get("classname") == "theme"]
    failure = case.find("failure")
    assert failure is not None and failure.get("type") == "strict"
    assert "--strict" in (failure.get("message") or "")
    assert f"{theme / 'theme.toml'}: warning: theme 'faint'" in (failure.text or "")
    assert valid(report)["theme"]["diagnostics"]  # type: ignore[index]


def test_a_theme_without_warnings_adds_no_junit_case_and_an_empty_list(tmp_path: Path) -> None:
    lesson, junit, report = tmp_path / "a.md", tmp_path / "j.xml", tmp_path / "r.json"
    lesson.write_text(GOOD, encoding="utf-8")
    assert main(["check", str(lesson), "-q", "--junit", str(junit), "--report", str(report)]) == 0
    assert ET.parse(junit).getroot().get("tests") == "1"
    theme: dict[str, Any] = valid(report)["theme"]  # type: ignore[assignment]
    assert theme["name"] == "default" and theme["diagnostics"] == []
    assert theme["file"].endswith("theme.toml")
