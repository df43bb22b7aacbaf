"""cli: exit codes, output paths, messages, the report, and all-or-nothing output."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from exporter.cli import main
from tests.conftest import LESSONS, SEED, STRESS, Built, listed
from tests.template_kit import plain_kit

GOOD = "---\ntitle: Good\nsection: Section-1\nlesson: 1\n---\n\n### Hello\n\n- **A**: b\n"


def run(*args: str) -> int:
    return main(list(args))


def course(tmp_path: Path) -> Path:
    """Return a small course folder: two good lessons in nested folders."""
    root = tmp_path / "course"
    (root / "s1").mkdir(parents=True)
    (root / "s2" / "deep").mkdir(parents=True)
    (root / "s1" / "a.md").write_text(GOOD, encoding="utf-8")
    (root / "s2" / "deep" / "b.md").write_text(GOOD.replace("Good", "Other"), encoding="utf-8")
    return root


def test_folder_outputs_mirror_the_input_tree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    assert run("build", str(course(tmp_path)), "-o", str(out)) == 0
    assert sorted(p.relative_to(out).as_posix() for p in listed(out, deep=True)) == [
        "s1",
        "s1/a.handout.pdf",
        "s1/a.pptx",
        "s2",
        "s2/deep",
        "s2/deep/b.handout.pdf",
        "s2/deep/b.pptx",
    ]
    printed = capsys.readouterr().out
    assert "2 lesson(s): 2 exported, 0 failed, 0 warning(s)" in printed


def test_a_single_file_goes_straight_into_the_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", str(SEED), "-o", str(out)) == 0
    assert sorted(p.name for p in listed(out)) == ["lesson-1.handout.pdf", "lesson-1.pptx"]


def test_warnings_are_printed_with_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lesson = tmp_path / "near.md"
    lesson.write_text(GOOD + "\n<!-- pagebrake -->\n\nmore\n", encoding="utf-8")
    assert run("build", str(lesson), "-o", str(tmp_path / "out")) == 0
    err = capsys.readouterr().err
    assert f"{lesson}:11: warning: '<!-- pagebrake -->' is not a page break" in err


def test_strict_fails_a_lesson_with_warnings_and_writes_nothing(tmp_path: Path) -> None:
    lesson = tmp_path / "near.md"
    lesson.write_text(GOOD + "\n<!-- pagebrake -->\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run("build", str(lesson), "-o", str(out), "--strict") == 1
    assert not out.exists() or not any(listed(out))


def test_a_failing_lesson_leaves_nothing_and_the_others_export(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = course(tmp_path)
    (root / "s1" / "broken.md").write_bytes(b"---\ntitle: x\n---\n\ncaf\xe9\n")
    out = tmp_path / "out"
    assert run("build", str(root), "-o", str(out)) == 1
    files = sorted(p.relative_to(out).as_posix() for p in listed(out, deep=True) if p.is_file())
    assert files == ["s1/a.handout.pdf", "s1/a.pptx", "s2/deep/b.handout.pdf", "s2/deep/b.pptx"]
    captured = capsys.readouterr()
    assert f"{root / 's1' / 'broken.md'}:5: error: not valid UTF-8" in captured.err
    assert "Traceback" not in captured.err
    assert "3 lesson(s): 2 exported, 1 failed" in captured.out


def test_a_failed_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "lesson-1.pptx").mkdir()  # a folder where the deck should go: the rename fails
    assert run("build", str(SEED), "-o", str(out)) == 1
    assert [p.name for p in listed(out)] == ["lesson-1.pptx"]


def test_an_output_that_cannot_be_written_is_said_once_before_any_lesson_is_laid_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``-o`` naming a file, or a report under a file, was found only when each lesson was
    written: one "cannot write ...: File exists" per lesson, after all the work (CLI
    review). It is now one usage error, up front, and nothing is written."""
    afile = tmp_path / "afile"
    afile.write_text("not a folder", encoding="utf-8")
    out = tmp_path / "out"
    cases = [
        (["-o", str(afile)], f"-o {afile}: it is a file, not a folder"),
        (["-o", str(afile / "sub")], f"-o {afile / 'sub'}: {afile} is a file, so no folder"),
        (["-o", str(out), "--report", str(afile / "r.json")], f"--report {afile / 'r.json'}"),
        (["-o", str(out), "--junit", str(tmp_path)], f"--junit {tmp_path}: it is a folder"),
    ]
    for flags, message in cases:
        assert run("build", str(LESSONS), "-q", *flags) == 2
        err = capsys.readouterr().err
        assert err.count("lesson-export: error:") == 1 and message in err, err
        assert not out.exists()
    assert afile.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("build", "does/not/exist.md"), "no such lesson file or folder: does/not/exist.md"),
        (("build",), "no lessons given"),
        (
            ("check", str(SEED), "--root", "nosuchdir"),
            "--root nosuchdir: no such folder (the course folder site-root paths name)",
        ),
    ],
)
def test_usage_errors_exit_2(
    args: tuple[str, ...],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(*args) == 2
    assert f"lesson-export: error: {message}" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('root = "nowhere"', """:3: setting 'root' = "nowhere": no such folder"""),
        ('root = "course/a.md"', """:3: setting 'root' = "course/a.md": not a folder"""),
        (
            'theme = "defualt"',
            ":3: setting 'theme': no theme named 'defualt' and no such folder; "
            "did you mean 'default'?",
        ),
        ('theme = "course"', ":3: setting 'theme': the theme folder 'course' has no theme.toml"),
        (
            'template = "course/a.md"',
            ":3: setting 'template': course/a.md: is not a PowerPoint file",
        ),
        ('template = "school.pptx"', ":3: setting 'template': school.pptx: cannot be read"),
        ('output = "course/a.md"', """:3: setting 'output' = "course/a.md": it is a file"""),
        ('cache_dir = "course/a.md"', """:3: setting 'cache_dir' = "course/a.md": it is a file"""),
        ('exclude = ["*.md"]', """:3: setting 'exclude' = ["*.md"] left no lesson of course"""),
        ('inputs = ["nowhere"]', ":3: setting 'inputs': no such lesson file or folder: nowhere"),
    ],
)
def test_a_setting_found_wrong_when_used_names_its_file_and_line(
    setting: str,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A folder that does not exist, a template that is no PowerPoint file, a theme of no
    name: found only when used, they were told without the configuration's file and line
    that set them (``--root nowhere`` for a root no flag gave), unlike a setting of the wrong
    type (CI review). Each names where it was set, past a blank line."""
    (tmp_path / "course").mkdir()
    (tmp_path / "course" / "a.md").write_text(GOOD, encoding="utf-8")
    first = "# the course" if setting.startswith("inputs") else 'inputs = ["course"]'
    config = tmp_path / "lesson-export.toml"
    config.write_text(f"{first}\n\n{setting}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("build", "-q", "--offline") == 2
    err = capsys.readouterr().err
    assert err.count("lesson-export: error:") == 1, err
    assert f"lesson-export: error: {config}{message}" in err, err
    assert "Traceback" not in err
    assert not (tmp_path / "dist").exists()


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (("--theme", "defualt"), "--theme: no theme named 'defualt'"),
        (("--template", "course/a.md"), "--template: course/a.md: is not a PowerPoint file"),
        (("--root", "nowhere"), "--root nowhere: no such folder"),
        (("--cache-dir", "course/a.md"), "--cache-dir course/a.md: it is a file, not a folder"),
    ],
)
def test_a_flag_found_wrong_when_used_names_the_flag(
    flags: tuple[str, ...],
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The same values given by a flag name the flag, over the configuration's value."""
    (tmp_path / "course").mkdir()
    (tmp_path / "course" / "a.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "lesson-export.toml").write_text('theme = "default"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("check", "course", "-q", *flags) == 2
    assert f"lesson-export: error: {message}" in capsys.readouterr().err


def test_layouts_set_without_a_template_are_told_to_have_no_effect(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reviewed: a ``[layouts]`` table in the configuration was silently ignored where no
    template was given, its author left to wonder why the names did nothing. A note names
    its file and line; with a template, the names are used and nothing is said."""
    (tmp_path / "course").mkdir()
    (tmp_path / "course" / "a.md").write_text(GOOD, encoding="utf-8")
    config = 'theme = "default"\n\n[layouts]\ncomparison = "Versus"\n'
    (tmp_path / "lesson-export.toml").write_text(config, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("check", "course", "-q") == 0
    err = capsys.readouterr().err
    assert "lesson-export: note: " in err and "lesson-export.toml:3: setting 'layouts'" in err
    assert "no template is given" in err
    template = plain_kit().save(tmp_path / "school.pptx")
    assert run("check", "course", "-q", "--template", str(template)) == 0
    assert "no template is given" not in capsys.readouterr().err


@pytest.mark.parametrize("args", [("build", "--bogus"), ()])
def test_argparse_errors_exit_2(args: tuple[str, ...]) -> None:
    with pytest.raises(SystemExit) as caught:
        run(*args)
    assert caught.value.code == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "docx"), "argument --format: unknown format docx; choose from pptx,"),
        (("--format", ","), "argument --format: unknown format (none)"),
        (("-j", "2.5"), "argument -j/--jobs: give a whole number of 1 or more, not '2.5'"),
        (("--timeout", "nan"), "argument --timeout: give a number of seconds above 0, not 'nan'"),
        (("--cache-dir", " "), "argument --cache-dir: give a folder, not ' '"),
        (("--allow-host", "a b"), "lesson-export: error: --allow-host: 'a b' is not a host"),
    ],
)
def test_a_flag_is_read_as_its_setting_is(
    args: tuple[str, ...], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A flag goes through its setting's own check (options.SETTINGS), with its own message."""
    status: object
    try:
        status = run("build", str(SEED), *args)
    except SystemExit as exit:
        status = exit.code
    assert status == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ('formats = ["pptx", "docx"]', "setting 'formats': unknown format docx"),
        ('formats = "pptx,handout"', None),
        ("handout = 3", None),
        ("handout = 3.0", "setting 'handout' must be one or more of 1, 2, 3"),
        ("timeout = nan", "setting 'timeout' must be a number of seconds above 0, not nan"),
        ('allow_hosts = ["ok.example", "a b"]', "'a b' is not a host name"),
    ],
)
def test_a_setting_is_read_as_its_flag_is(
    setting: str,
    message: str | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from exporter.options import load_config

    (tmp_path / "lesson-export.toml").write_text(setting + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    if message is None:
        key = setting.split(" =")[0]
        assert load_config(tmp_path)[key] in (("pptx", "handout"), ("3",))
        return
    assert run("check", str(SEED)) == 2
    assert message in capsys.readouterr().err


def test_a_folder_without_lessons_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty").mkdir()
    assert run("build", str(tmp_path / "empty"), "-o", str(tmp_path / "out")) == 2
    assert "no lessons (*.md) found" in capsys.readouterr().err


def test_no_path_reads_inputs_and_output_from_pyproject(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    course(tmp_path)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.lesson-export]\ninputs = ["course"]\noutput = "public"\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert run("build") == 0
    assert (tmp_path / "public" / "s1" / "a.pptx").is_file()


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "pyproject.toml",
            '[project]\nname = "x"\n\n[tool.lesson-export]\nimputs = ["x"]\n',
            "pyproject.toml:5: unknown setting 'imputs'; did you mean 'inputs'?",
        ),
        (
            "lesson-export.toml",
            'formats = ["pptx"]\noutptu = "dist"\n',
            "lesson-export.toml:2: unknown setting 'outptu'; did you mean 'output'?",
        ),
        (
            "lesson-export.toml",
            '[tool.lesson-export]\noutput = "dist"\n',
            "lesson-export.toml:1: lesson-export.toml takes its settings at its top level",
        ),
        (
            "pyproject.toml",
            '[project]\nname = "x"\n\n[tool.lesson_export]\noutput = "dist"\n',
            "pyproject.toml:4: [tool.lesson_export] is not read",
        ),
        (
            "lesson-export.toml",
            'output = "dist"\njobs = true\n',
            "lesson-export.toml:2: setting 'jobs' must be a whole number of 1 or more, not true",
        ),
    ],
    ids=["pyproject", "typo", "table", "misspelt-table", "value"],
)
def test_a_configuration_mistake_is_named_at_its_line_with_the_fix(
    name: str,
    text: str,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Reviewed: a configuration's typo was named with no line and no suggestion (``outptu``
    among 25 settings), a ``[tool.lesson-export]`` table copied into lesson-export.toml was
    "unknown setting 'tool'", a misspelt ``[tool.lesson_export]`` table was ignored without
    a word, and values were shown as Python writes them (``not True``)."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("build") == 2
    assert message in capsys.readouterr().err


def test_report_lists_lessons_slides_and_diagnostics(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    assert run("build", str(SEED), "-o", str(tmp_path / "out"), "--report", str(report)) == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    [lesson] = data["lessons"]
    assert lesson["source"] == str(SEED)
    assert lesson["status"] == "exported"
    out = tmp_path / "out"
    assert lesson["outputs"] == [str(out / "lesson-1.pptx"), str(out / "lesson-1.handout.pdf")]
    layouts = [slide["layout"] for slide in lesson["slides"]]
    assert layouts == ["title", *["bullets"] * 5, "two-column", "two-column", "image"]
    comparison = lesson["slides"][6].pop("comparison")
    assert comparison["score"] >= 3 and "aws / customer" in comparison["reason"]
    assert lesson["slides"][6] == {
        "number": 7,
        "layout": "two-column",
        "title": "Examples of Shared Responsibility",
        "line": 43,
        "size": 24.0,
        "shrunk": False,
        "part": 1,
        "parts": 1,
    }
    assert lesson["fit"] == {"shrunk": [], "split": [], "overflow": []}
    [diagnostic] = lesson["diagnostics"]
    assert diagnostic["code"] == "image" and diagnostic["line"] == 78 and diagnostic["slide"] == 9
    assert diagnostic["file"] == str(SEED) and diagnostic["severity"] == "warning"


def test_report_says_which_slides_were_shrunk_split_or_overflow(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    lesson = STRESS / "edge-text.md"
    assert run("build", str(lesson), "-o", str(tmp_path / "out"), "--report", str(report)) == 0
    [entry] = json.loads(report.read_text(encoding="utf-8"))["lessons"]
    fit, slides = entry["fit"], entry["slides"]
    shrunk = [s["number"] for s in slides if 0 < s["size"] < 24]
    assert fit["shrunk"] == shrunk != []
    [split] = fit["split"]
    first = slides[split["slide"] - 1]
    assert first["part"] == 1 and first["parts"] == split["parts"] == 2
    assert slides[split["slide"]]["title"] == first["title"] + " (2/2)"
    lines = lesson.read_text(encoding="utf-8").splitlines()
    # the title; its long URL and ARN break after / . - rather than mid-word (issue 14 §5)
    assert len(fit["overflow"]) == 1
    for problem in fit["overflow"]:
        quoted = problem["message"].split('"')[1].rstrip("…") if '"' in problem["message"] else ""
        assert quoted in lines[problem["line"] - 1], problem
        assert lines[problem["line"] - 1].startswith(("- ", "#")), problem


def test_report_records_a_failed_lesson(tmp_path: Path) -> None:
    lesson = tmp_path / "empty.md"
    lesson.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    report = tmp_path / "report.json"
    assert run("build", str(lesson), "-o", str(tmp_path / "out"), "--report", str(report)) == 1
    [entry] = json.loads(report.read_text(encoding="utf-8"))["lessons"]
    assert entry["status"] == "failed" and entry["outputs"] == []
    assert entry["diagnostics"][0]["code"] == "empty-lesson"


def test_python_dash_m_and_the_console_script_agree(tmp_path: Path) -> None:
    # The console script installed beside this Python (PATH may not hold its folder).
    beside = Path(sys.executable).parent / "lesson-export"
    command = str(beside) if beside.is_file() else shutil.which("lesson-export")
    assert command is not None, "pip install -e . installs the lesson-export command"
    for name, argv in (("m", [sys.executable, "-m", "exporter"]), ("script", [command])):
        out = tmp_path / name
        done = subprocess.run(
            [*argv, "build", str(SEED), "-o", str(out), "-q", "--offline", "--format", "pptx"],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"},
        )
        assert done.returncode == 0, done.stderr
    assert (tmp_path / "m" / "lesson-1.pptx").read_bytes() == (
        tmp_path / "script" / "lesson-1.pptx"
    ).read_bytes()


def test_help_documents_the_options() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "exporter", "build", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    for option in ("--output", "--format", "--strict", "--report", "--root", "--theme"):
        assert option in done.stdout
    for option in ("--allow-host", "--cache-dir", "--offline"):
        assert option in done.stdout


def test_check_reports_what_build_would_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = course(tmp_path)
    (root / "s1" / "pictures.md").write_text(
        GOOD + "\n<!-- pagebreak -->\n\n![](gone.png)\n\n<!-- pagebrake -->\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "report.json"
    assert run("check", str(root), "--report", str(report)) == 0
    captured = capsys.readouterr()
    lesson = root / "s1" / "pictures.md"
    assert f"{lesson}:13: warning: image 'gone.png' has no alt text" in captured.err
    assert f"{lesson}:13: warning: image 'gone.png' is shown as a placeholder: no such file" in (
        captured.err
    )
    assert f"{lesson}:15: warning: '<!-- pagebrake -->' is not a page break" in captured.err
    assert "3 lesson(s): 3 checked, 0 failed, 3 warning(s)" in captured.out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["course", "report.json"]
    statuses = [lesson["status"] for lesson in json.loads(report.read_text())["lessons"]]
    assert statuses == ["checked"] * 3
    assert run("check", str(root), "--strict") == 1
    assert (
        "--output"
        not in subprocess.run(
            [sys.executable, "-m", "exporter", "check", "--help"], capture_output=True, text=True
        ).stdout
    )


@pytest.mark.parametrize(
    ("setting", "value"),
    [
        ("allow_hosts", "[1]"),
        ("cache_dir", "3"),
        ("cache_dir", '""'),
        ("offline", '"yes"'),
        ("allow_hosts", '"a/b"'),
        ("jobs", "0"),
        ("jobs", "1.5"),
        ("timeout", "0"),
        ("timeout", "inf"),
    ],
)
def test_download_and_worker_settings_are_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, setting: str, value: str
) -> None:
    (tmp_path / "lesson-export.toml").write_text(f"{setting} = {value}\n", encoding="utf-8")
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("build", "a.md") == 2


def test_bundled_lessons_export_without_failures(serial: Built) -> None:
    """The build the batch tests share: every format of every bundled lesson, exit status 0."""
    lessons = len(list(LESSONS.rglob("*.md")))
    assert serial.log[-1].startswith(f"{lessons} lesson(s): {lessons} exported, 0 failed")
    assert len(listed(serial.out, deep=True)) >= 2 * lessons


def test_diagnostics_name_the_slide_written_after_a_long_page_splits(tmp_path: Path) -> None:
    long_page = "\n".join(
        f"- **Point {i}**: {'a fairly long sentence of text ' * 4}" for i in range(14)
    )
    lesson = tmp_path / "long.md"
    lesson.write_text(
        f"---\ntitle: Long\n---\n\n### Long\n\n{long_page}\n\n<!-- pagebreak -->\n\n"
        "![Missing picture](missing.png)\n",
        encoding="utf-8",
    )
    report = tmp_path / "report.json"
    assert run("build", str(lesson), "-o", str(tmp_path / "out"), "--report", str(report)) == 0
    [entry] = json.loads(report.read_text(encoding="utf-8"))["lessons"]
    titles = [slide["title"] for slide in entry["slides"]]
    # '### Long' repeats the lesson's title: the page is its overview, split in three
    assert titles[1:4] == ["Overview", "Overview (2/3)", "Overview (3/3)"]
    [diagnostic] = entry["diagnostics"]
    assert diagnostic["code"] == "image" and diagnostic["line"] == 24
    assert entry["slides"][diagnostic["slide"] - 1]["title"] == "Missing picture"


def test_a_lesson_named_twice_is_exported_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = course(tmp_path)
    out = tmp_path / "out"
    assert run("build", str(root / "s1" / "a.md"), str(root / "s1" / "a.md"), "-o", str(out)) == 0
    assert "1 lesson(s): 1 exported" in capsys.readouterr().out
    assert sorted(p.name for p in listed(out)) == ["a.handout.pdf", "a.pptx"]


def test_a_failing_lesson_removes_its_earlier_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lesson = tmp_path / "lesson.md"
    lesson.write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    assert run("build", str(lesson), "-o", str(out)) == 0
    lesson.write_bytes(b"---\ntitle: [unclosed\n---\n")
    assert run("build", str(lesson), "-o", str(out)) == 1
    assert not (out / "lesson.pptx").exists() and not (out / "lesson.handout.pdf").exists()
    err = capsys.readouterr().err
    assert f"removed the earlier {out / 'lesson.pptx'}" in err
    assert f"removed the earlier {out / 'lesson.handout.pdf'}" in err


def test_outputs_get_ordinary_file_permissions(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("build", str(SEED), "-o", str(out), "--report", str(tmp_path / "r.json")) == 0
    expected = 0o666 & ~_umask()
    assert (out / "lesson-1.pptx").stat().st_mode & 0o777 == expected
    assert (tmp_path / "r.json").stat().st_mode & 0o777 == expected


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("inputs = 5", "setting 'inputs' must be a path or a list of paths, not 5"),
        ("inputs = [1]", "setting 'inputs' must be a path or a list of paths"),
        ('strict = "yes"', "setting 'strict' must be true or false"),
        ("root = 5", "setting 'root' must be a path"),
    ],
)
def test_ill_typed_settings_are_usage_errors(
    setting: str,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    (tmp_path / "pyproject.toml").write_text(f"[tool.lesson-export]\n{setting}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("build") == 2
    assert message in capsys.readouterr().err


@pytest.mark.parametrize("value", ["soon", "4354819200", "-5"])
def test_source_date_epoch_out_of_range_is_a_usage_error(
    value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", value)
    assert run("build", str(SEED), "-o", str(tmp_path)) == 2


def test_a_linked_lesson_outside_the_folder_is_refused(tmp_path: Path) -> None:
    root = course(tmp_path)
    secret = tmp_path / "secret.md"
    secret.write_text("---\ntitle: Secret\n---\nnot for export\n", encoding="utf-8")
    os.symlink(secret, root / "s1" / "link.md")
    report = tmp_path / "report.json"
    out = tmp_path / "out"
    assert run("build", str(root), "-o", str(out), "--report", str(report)) == 1
    failed = [e for e in json.loads(report.read_text())["lessons"] if e["status"] == "failed"]
    assert [e["diagnostics"][0]["code"] for e in failed] == ["refused"]
    assert not (out / "s1" / "link.pptx").exists()


def test_a_lesson_named_alone_finds_site_root_images_in_its_configured_course(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(LESSONS, tmp_path / "lessons")
    (tmp_path / "pyproject.toml").write_text('[tool.lesson-export]\ninputs = ["lessons"]\n')
    monkeypatch.chdir(tmp_path)
    report = tmp_path / "report.json"
    lesson = "lessons/section-16/lesson-1.md"  # has ![...](/assets/iam-flow.png)
    assert run("build", lesson, "--report", str(report), "--strict") == 0


def test_a_report_that_is_a_folder_fails_before_the_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "report.json").mkdir()
    out = tmp_path / "out"
    assert run("build", str(SEED), "-o", str(out), "--report", str(tmp_path / "report.json")) == 2
    captured = capsys.readouterr()
    assert "exported" not in captured.out and not out.exists()
    assert f"--report {tmp_path / 'report.json'}: it is a folder, not a file" in captured.err


def test_dotted_lesson_names_keep_their_whole_name(tmp_path: Path) -> None:
    root = tmp_path / "course"
    root.mkdir()
    for name in ("week.1.md", "week.2.md"):
        (root / name).write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    assert run("build", str(root), "-o", str(out)) == 0
    assert sorted(p.name for p in listed(out)) == [
        "week.1.handout.pdf",
        "week.1.pptx",
        "week.2.handout.pdf",
        "week.2.pptx",
    ]


def test_hidden_folders_are_skipped_and_lesson_export_toml_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = course(tmp_path)
    (root / ".drafts").mkdir()
    (root / ".drafts" / "draft.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "lesson-export.toml").write_text('inputs = "course"\noutput = "site"\n')
    monkeypatch.chdir(tmp_path)
    assert run("build") == 0
    files = sorted(
        p.relative_to(tmp_path / "site").as_posix() for p in (tmp_path / "site").rglob("*.pptx")
    )
    assert files == ["s1/a.pptx", "s2/deep/b.pptx"]


@pytest.mark.parametrize("table", ['tool = "x"', '[tool]\nlesson-export = "x"'])
def test_a_malformed_configuration_table_is_a_usage_error(
    table: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "pyproject.toml").write_text(table + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("build") == 2


def test_root_flag_resolves_site_root_images(tmp_path: Path) -> None:
    from PIL import Image as PILImage

    (tmp_path / "site" / "assets").mkdir(parents=True)
    PILImage.new("RGB", (40, 30), "teal").save(tmp_path / "site" / "assets" / "pic.png")
    lesson = tmp_path / "lessons" / "l.md"
    lesson.parent.mkdir()
    lesson.write_text("---\ntitle: T\n---\n![A picture](/assets/pic.png)\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run("build", str(lesson), "-o", str(out), "--strict") == 1  # not under lessons/
    assert (
        run("build", str(lesson), "-o", str(out), "--strict", "--root", str(tmp_path / "site")) == 0
    )


def test_theme_flag_takes_a_theme_folder(tmp_path: Path) -> None:
    theme = tmp_path / "brand"
    theme.mkdir()
    text = (LESSONS.parent / "themes" / "default" / "theme.toml").read_text(encoding="utf-8")
    (theme / "theme.toml").write_text(text.replace('title = "1F3864"', 'title = "AA0000"'))
    out = tmp_path / "out"
    assert run("build", str(SEED), "-o", str(out), "--theme", str(theme)) == 0
    with zipfile.ZipFile(out / "lesson-1.pptx") as deck:
        # the title's colour is the theme part's dk2, which slides refer to as tx2
        assert b'<a:dk2><a:srgbClr val="AA0000"/>' in deck.read("ppt/theme/theme1.xml")
        assert b'<a:schemeClr val="tx2"/>' in deck.read("ppt/slides/slide2.xml")


def test_lang_sets_the_language_of_runs_and_properties(tmp_path: Path) -> None:
    lesson = tmp_path / "de.md"
    lesson.write_text(
        "---\ntitle: Sicherheit\nlang: de-DE\n---\n### Hallo\n\nText.\n", encoding="utf-8"
    )
    assert run("build", str(lesson), "-o", str(tmp_path)) == 0
    with zipfile.ZipFile(tmp_path / "de.pptx") as deck:
        assert b'lang="de-DE"' in deck.read("ppt/slides/slide2.xml")
        assert b"<dc:language>de-DE</dc:language>" in deck.read("docProps/core.xml")


def test_an_internal_error_fails_only_that_lesson_and_removes_its_old_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = course(tmp_path)
    out = tmp_path / "out"
    assert run("build", str(root), "-o", str(out)) == 0
    import exporter.batch
    import exporter.pipeline

    real = exporter.pipeline.export_lesson

    def broken(job, options, theme):  # type: ignore[no-untyped-def]
        if job.source.name == "a.md":
            raise RuntimeError("a bug")
        return real(job, options, theme)

    monkeypatch.setattr(exporter.batch, "export_lesson", broken)
    assert run("build", str(root), "-o", str(out), "--force") == 1
    assert not (out / "s1" / "a.pptx").exists() and (out / "s2" / "deep" / "b.pptx").exists()
    assert "internal error, please report it: RuntimeError: a bug" in capsys.readouterr().err


def test_check_counts_failures_as_checked_lessons_and_names_no_writes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lesson = tmp_path / "near.md"
    lesson.write_text(GOOD + "\n<!-- pagebrake -->\n", encoding="utf-8")
    assert run("check", str(lesson), "--strict") == 1
    captured = capsys.readouterr()
    assert "1 lesson(s): 0 checked, 1 failed, 1 warning(s)" in captured.out
    assert f"failed {lesson}\n" in captured.err and "nothing written" not in captured.err


def test_download_flags_override_the_configuration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "lesson-export.toml").write_text(
        'offline = true\nallow_hosts = ["bad host"]\n', encoding="utf-8"
    )
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert run("build", "a.md") == 2
    assert "lesson-export.toml:2: setting 'allow_hosts' must be" in capsys.readouterr().err
    (tmp_path / "lesson-export.toml").write_text(
        'offline = true\nallow_hosts = ["10.0.0.0/8"]\n', encoding="utf-8"
    )
    from exporter.chosen import options_from
    from exporter.cli import make_parser
    from exporter.options import load_config

    config = load_config(tmp_path)
    options = options_from(make_parser().parse_args(["build", "a.md"]), config)
    assert options.offline and options.allow_hosts
    assert options.allow_hosts.signature() == "10.0.0.0/8"
    args = make_parser().parse_args(["build", "--no-offline", "--allow-host", "a.example"])
    options = options_from(args, config)
    assert not options.offline and options.allow_hosts
    assert options.allow_hosts.signature() == "a.example"
    with pytest.raises(SystemExit) as caught:
        run("build", "a.md", "--cache-dir", "")
    assert caught.value.code == 2


def test_the_example_ci_workflow_runs_a_command_the_cli_accepts() -> None:
    """docs/github-actions.yml is the README's CI example: its export step must stay valid."""
    import shlex

    import yaml

    from exporter.cli import make_parser

    workflow = yaml.safe_load((LESSONS.parent / "docs" / "github-actions.yml").read_text())
    steps = workflow["jobs"]["export"]["steps"]
    [command] = [step["run"] for step in steps if step.get("name") == "Export"]
    words = shlex.split(command)
    assert words[0] == "lesson-export"
    args = make_parser().parse_args(words[1:])
    assert args.strict and args.junit is not None and args.annotations == "github"
    assert args.prune  # dist/ is cached between runs: outputs of gone lessons must go
    cached = [step["with"]["path"] for step in steps if "cache" in str(step.get("uses", ""))]
    assert args.output is not None and str(args.output) in cached
    uploads = [step for step in steps if str(step.get("uses", "")).startswith("actions/upload")]
    assert "dist/" in uploads[0]["with"]["path"]


def test_glob_inputs_and_excludes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = course(tmp_path)
    (root / "s1" / "drafts").mkdir()
    (root / "s1" / "drafts" / "wip.md").write_text(GOOD, encoding="utf-8")
    (root / "README.md").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    pattern = str(root / "**" / "*.md")
    args = ["build", pattern, "-o", str(out), "-q", "--format", "pptx"]
    assert run(*args, "--exclude", "s1/drafts/*", "--exclude", "README.md") == 0
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pptx"))
    assert written == ["s1/a.pptx", "s2/deep/b.pptx"]  # mirrored below the pattern's folder
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lesson-export.toml").write_text('exclude = ["**/deep/*"]\n', encoding="utf-8")
    assert run("check", "course/s*/**/*.md", "-q") == 0
    assert "2 lesson(s): 2 checked" in capsys.readouterr().out
    assert run("check", "course/nothing-*.md") == 2
    assert "no lesson matches course/nothing-*.md" in capsys.readouterr().err


def linked_course(tmp_path: Path) -> None:
    """Write, in ``tmp_path``, a course whose folders are links: ``unit-2`` to a hidden folder
    of the course, ``current`` to ``unit-1``, ``unit-1/up`` back to the course (a loop) and
    ``outside`` to a folder beside the course."""
    root = tmp_path / "course"
    (root / "unit-1").mkdir(parents=True)
    (root / "unit-1" / "a.md").write_text(GOOD, encoding="utf-8")
    (root / ".shared" / "deep").mkdir(parents=True)
    (root / ".shared" / "deep" / "s.md").write_text(GOOD.replace("Good", "Shared"), "utf-8")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "secret.md").write_text(GOOD.replace("Good", "Secret"), "utf-8")
    (root / "unit-2").symlink_to(".shared", target_is_directory=True)
    (root / "current").symlink_to("unit-1", target_is_directory=True)
    (root / "unit-1" / "up").symlink_to("..", target_is_directory=True)
    (root / "outside").symlink_to(tmp_path / "elsewhere", target_is_directory=True)


def built_and_told(
    capsys: pytest.CaptureFixture[str], out: str, *inputs: str
) -> tuple[list[str], list[str]]:
    """Build ``inputs`` (none: the configuration's) into ``out``; return the decks written
    below it and the notes printed."""
    assert run("build", *inputs, "-o", out, "--format", "pptx") == 0
    written = sorted(p.relative_to(out).as_posix() for p in Path(out).rglob("*.pptx"))
    notes = [line for line in capsys.readouterr().err.splitlines() if "note:" in line]
    return written, notes


def test_a_glob_follows_the_linked_folders_naming_the_folder_follows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reviewed: ``build 'course/**/*.md'`` went through no linked folder, without a word
    (``**`` follows no link), while ``build course`` follows a link inside the course once
    and tells each link it does not follow; ``course/*/*.md`` went through every link, one
    outside the course too, and built ``unit-1/a.md`` at ``current/a.md``. A glob finds what
    naming its folder finds, less what it does not match, and tells the same links."""
    linked_course(tmp_path)
    monkeypatch.chdir(tmp_path)
    named = built_and_told(capsys, "named", "course")
    assert named[0] == ["unit-1/a.pptx", "unit-2/deep/s.pptx"]
    assert len(named[1]) == 3  # current (built already), up (a loop), outside
    assert built_and_told(capsys, "globbed", "course/**/*.md") == named
    (tmp_path / "lesson-export.toml").write_text('inputs = ["course/**/*.md"]\n', "utf-8")
    assert built_and_told(capsys, "configured") == named
    written, notes = built_and_told(capsys, "one-deep", "course/*/*.md")
    assert written == ["unit-1/a.pptx"]  # at its own place; nothing from outside the course
    assert [note.split(": ")[2] for note in notes] == ["course/current", "course/outside"]
    assert "outside the course folder course, not followed" in notes[1]
    written, notes = built_and_told(capsys, "linked", "course/unit-2/**/*.md")
    assert (written, notes) == (["deep/s.pptx"], [])
    # ``**`` and ``*`` pass over a hidden folder, as naming the folder does; a part that
    # starts with a dot goes into it.
    assert built_and_told(capsys, "hidden", "course/.*/**/*.md") == ([".shared/deep/s.pptx"], [])


@pytest.mark.parametrize(
    "named",
    [
        ("course/s1/drafts/*", "course/README.md"),
        ("./course/s1/drafts/*", "./course/README.md"),
        ("s1/drafts/*", "README.md"),
        ("**/drafts/*", "README.*"),
    ],
)
def test_an_exclude_names_lessons_from_the_input_folder_or_from_here_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, named: tuple[str, str]
) -> None:
    """A teacher beside the course folder names a draft as the shell shows it
    (``course/s1/drafts/*``): it is left out as ``s1/drafts/*`` is, whether the course
    folder is named as it is here or by its absolute path."""
    root = course(tmp_path)
    (root / "s1" / "drafts").mkdir()
    (root / "s1" / "drafts" / "wip.md").write_text(GOOD, encoding="utf-8")
    (root / "README.md").write_text(GOOD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    excludes = [flag for pattern in named for flag in ("--exclude", pattern)]
    for given in ("course", str(root)):
        out = tmp_path / f"out-{len(given)}"
        assert run("build", given, "-o", str(out), "-q", "--format", "pptx", *excludes) == 0
        written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pptx"))
        assert written == ["s1/a.pptx", "s2/deep/b.pptx"], given


def test_a_lesson_named_alone_in_a_configured_course_is_written_where_its_build_puts_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Rebuilding the one lesson a teacher edited, in a project whose configuration names the
    course folder and the output folder, wrote ``o3/lesson-1.pptx`` beside the course's
    ``o3/section-16/lesson-1.pptx``, which stayed stale, and a second lesson of the same
    name overwrote it (CLI review). It now goes where the course's build puts it, and is up
    to date with it; an output folder given with -o still takes it straight."""
    shutil.copytree(LESSONS, tmp_path / "lessons")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.lesson-export]\ninputs = ["lessons"]\noutput = "o3"\noffline = true\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    assert run("build", "-q", "--format", "pptx") == 0
    lesson = Path("lessons", "section-16", "lesson-1.md")
    assert run("build", str(lesson), "--format", "pptx") == 0
    assert "1 up to date" in capsys.readouterr().out
    assert not Path("o3", "lesson-1.pptx").exists()
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    assert run("build", str(lesson), "-q", "--format", "pptx") == 0
    assert run("build", "--format", "pptx") == 0
    assert "0 exported, 6 up to date" in capsys.readouterr().out
    assert run("build", str(lesson), "-o", "elsewhere", "-q", "--format", "pptx") == 0
    assert [p.name for p in Path("elsewhere").iterdir() if p.suffix == ".pptx"] == ["lesson-1.pptx"]
    # Reviewed: a folder inside the course (a section) was mirrored from itself, its decks
    # scattered at the top of o3 and recorded there, out of reach of --prune.
    capsys.readouterr()
    assert run("build", str(lesson.parent), "--format", "pptx") == 0
    assert "0 exported, 2 up to date" in capsys.readouterr().out
    assert sorted(p.name for p in Path("o3").glob("*.pptx")) == []


def test_sigterm_while_the_course_outputs_are_made_still_writes_the_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reviewed: a CI job cancelled while the book and index page were being made (SIGTERM)
    died of the signal: no report, no JUnit file, exit status 143; Ctrl-C there wrote no
    report either, and said lessons were left unwritten. SIGTERM now stops every step of a
    build as Ctrl-C does, and an interruption while the course outputs are made writes the
    reports of the lessons, all done, and exits 130."""
    import signal

    import exporter.course

    def cancelled(*args: object, **kwargs: object) -> None:
        os.kill(os.getpid(), signal.SIGTERM)  # as the CI runner sends it, in the middle
        raise AssertionError("SIGTERM did not stop the build")

    monkeypatch.setattr(exporter.course, "write_course", cancelled)
    lesson = tmp_path / "course" / "lesson.md"
    lesson.parent.mkdir()
    shutil.copy(SEED, lesson)
    report, junit, out = tmp_path / "report.json", tmp_path / "junit.xml", tmp_path / "out"
    argv = ["build", str(lesson.parent), "-o", str(out), "-q", "--offline", "--format"]
    argv += ["pptx,book", "--report", str(report), "--junit", str(junit)]
    before = signal.getsignal(signal.SIGTERM)
    assert main(argv) == 130
    assert signal.getsignal(signal.SIGTERM) == before
    err = capsys.readouterr().err
    assert "interrupted while making the course outputs" in err
    [done] = json.loads(report.read_text(encoding="utf-8"))["lessons"]
    assert done["status"] == "exported" and (out / "lesson.pptx").is_file()
    assert "<testcase" in junit.read_text(encoding="utf-8")
    assert not (out / "course.pdf").exists()


def test_excluding_every_lesson_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    """Reviewed: ``--exclude '*'`` said "no lessons (*.md) found in lessons", which holds
    fifteen: the patterns left none, and the message says that."""
    assert run("check", str(LESSONS), "--exclude", "*") == 2
    assert f"--exclude '*' left no lesson of {LESSONS} to build" in capsys.readouterr().err
