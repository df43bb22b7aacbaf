"""read: the front matter's values as the text written, and what YAML would change silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporter.errors import ExporterError
from exporter.frontmatter import Meta
from exporter.jobs import Job
from exporter.options import Options
from exporter.pipeline import check_lesson
from exporter.source import parse_source
from exporter.theme import load_theme


def read(front: str) -> tuple[Meta, list[tuple[str, int | None, str]]]:
    source = parse_source(f"---\n{front}\n---\nbody\n".encode())
    return source.meta, [(d.code, d.line, d.message) for d in source.diagnostics]


@pytest.mark.parametrize(
    ("written", "text"),
    [
        ("1.10", "1.10"),  # YAML 1.1: the number 1.1
        ("010", "010"),  # 8
        ("1:20", "1:20"),  # 80
        ("0x1F", "0x1F"),  # 31
        ("1_000", "1_000"),  # 1000
        ("no", "no"),  # false
        ("2024-01-05", "2024-01-05"),  # a date
        ("2024-02-30", "2024-02-30"),  # not a date at all
        ("'1.10'", "1.10"),
        ('"a\\tb"', "a\tb"),  # quoting works as YAML says
        ("Part\n  two", "Part two"),  # a plain scalar folded over two lines
    ],
)
def test_text_fields_keep_the_text_written(written: str, text: str) -> None:
    meta, diagnostics = read(f"title: {written}\nsection: {written}\nlesson: {written}")
    assert meta == Meta(title=text, section=text, lesson=text)
    assert diagnostics == []


@pytest.mark.parametrize("written", ["", "~", "null"])
def test_an_empty_value_is_no_value(written: str) -> None:
    assert read(f"title: {written}\nlesson: 1") == (Meta(lesson="1"), [])


def test_a_key_given_twice_warns_at_its_second_line() -> None:
    meta, diagnostics = read("title: First\nsection: 1\ntitle: Second")
    assert meta.title == "Second"
    [(code, line, message)] = diagnostics
    assert (code, line) == ("duplicate-key", 4)
    assert "'title' is given twice (first on line 2)" in message


def test_a_key_given_twice_fails_the_lesson_under_strict(tmp_path: Path) -> None:
    lesson = tmp_path / "twice.md"
    lesson.write_text("---\ntitle: A\nlayout: x\nlayout: y\n---\n\n### One\n", encoding="utf-8")
    job = Job(lesson, "twice.md", tmp_path / "twice", tmp_path)
    theme = load_theme("default")
    assert check_lesson(job, Options(), theme).status == "checked"
    result = check_lesson(job, Options(strict=True), theme)
    assert result.status == "failed"
    assert next((d.code, d.line) for d in result.diagnostics) == ("duplicate-key", 4)


@pytest.mark.parametrize(
    ("front", "line"),
    [
        ("title: x\ndate: 2024-02-30", 3),
        ("title: x\nevents:\n  - 2024-01-01\n  - 2024-13-01", 3),
        ("when: !!timestamp nope\ntitle: x", 2),
        ("title: x\nsecret: !!python/object:os.system ls", 3),
    ],
)
def test_a_value_yaml_cannot_read_under_an_ignored_key_warns_at_that_key(
    front: str, line: int
) -> None:
    meta, diagnostics = read(front)
    assert meta.title == "x"
    [(code, at, message)] = diagnostics
    assert (code, at) == ("front-matter", line) and "YAML cannot read" in message


def test_keys_merged_with_yaml_merge_key_count_below_the_mappings_own() -> None:
    front = "base: &base\n  title: Base\n  lesson: 3\n<<: *base\ntitle: Own"
    assert read(front) == (Meta(title="Own", lesson="3"), [])


def test_a_list_under_a_text_key_is_ignored_at_its_line() -> None:
    meta, diagnostics = read("title: x\nsection:\n  - a\n  - b")
    assert meta == Meta(title="x")
    assert diagnostics == [
        ("front-matter", 3, "front matter 'section' should be text, not a list; it is ignored")
    ]


def test_a_scalar_front_matter_is_not_a_mapping() -> None:
    with pytest.raises(ExporterError) as caught:
        parse_source(b"---\n1.10\n---\nbody\n")
    assert "must be a mapping of keys, not a number" in caught.value.diagnostic.message


@pytest.mark.parametrize(
    ("front", "line", "said"),
    [
        ("title: Storage: S3 and EBS\nsection: 1", 2, "a value holding a colon and a space"),
        ("title: 'Storage: unclosed\nsection: 1\nlesson: 2", 2, "a quote opened on this line"),
        ('title: "He said "hi""', 2, "write it in single quotes"),
        ('title: "Matching digits with \\d+ in Python"', 2, "a backslash starts an escape"),
        ('title: "Files in C:\\Users\\student"', 2, "a backslash starts an escape"),
    ],
)
def test_a_front_matter_mistake_is_named_at_its_line_with_what_to_write(
    front: str, line: int, said: str
) -> None:
    """The mistakes teachers make most in front matter got YAML's own words ("found unexpected
    end of stream", at the front matter's end): each now names its line, shows it, and says
    what to write (CLI review)."""
    with pytest.raises(ExporterError) as raised:
        parse_source(f"---\n{front}\n---\nbody\n".encode())
    found = raised.value.diagnostic
    assert found.line == line and said in found.message, found
    assert "never closed" not in found.message or "quote opened" in said
    assert f"(line {line}: {front.splitlines()[line - 2].strip()}" in found.message


def test_an_indentation_mistake_is_not_said_to_be_a_colon_to_quote() -> None:
    with pytest.raises(ExporterError) as raised:
        parse_source(b"---\ntitle: A\n  bad indent: x\n---\nbody\n")
    assert "must be in quotes" not in raised.value.diagnostic.message


@pytest.mark.parametrize(
    ("front", "line", "said"),
    [
        ("title: A\n# the section\nsection: S\n  lesson: 1", 5, "mapping values are not allowed"),
        ("title: A\n\nsection: 'Open\nlesson: 1", 4, "a quote opened on this line"),
        ("title: A\n\tsection: S\nlesson: 1", 3, "found character '\\t'"),
        ("title: A\nsection: S\ntitle: Storage: S3\nlesson: 1", 4, "colon and a space"),
        ("title: A\njust a line\nlesson: 1", 3, "this one has no colon"),
        ("title: A\njust a line", 3, "this one has no colon"),
        ("title: A\nsection: [a, b\nlesson: 1", 3, "a '[' opened on this line is never closed"),
        ("title: A\nsection: {a: b\n\nlesson: 1", 3, "a '{' opened on this line is never"),
        ("title: A\nlesson: 1\nsection: [a, b", 4, "a '[' opened on this line is never closed"),
    ],
)
def test_a_front_matter_error_is_told_at_the_line_an_editor_shows(
    front: str, line: int, said: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A line without its colon, and a bracket never closed, were told at the line after
    theirs, where PyYAML gives up (CI review): each kind of mistake is told at the line of
    the lesson file an editor shows it on, and only that lesson fails."""
    from exporter.cli import main

    lesson = tmp_path / "lesson.md"
    lesson.write_text(f"---\n{front}\n---\n\n### One\n\n- a point\n", encoding="utf-8")
    (tmp_path / "good.md").write_text("---\ntitle: Good\n---\n\n### Two\n", encoding="utf-8")
    assert main(["check", str(tmp_path), "-q"]) == 1
    captured = capsys.readouterr()
    [told] = [row for row in captured.err.splitlines() if row.startswith(f"{lesson}:")]
    assert told.startswith(f"{lesson}:{line}: error: the front matter is not valid YAML"), told
    assert said in told
    assert f"(line {line}: {front.split(chr(10))[line - 2].strip()}" in told
    assert "2 lesson(s): 1 checked, 1 failed" in captured.out
    assert "Traceback" not in captured.err


def test_a_key_given_twice_is_told_at_its_second_line_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from exporter.cli import main

    lesson = tmp_path / "lesson.md"
    lesson.write_text("---\ntitle: A\n\nsection: S\ntitle: B\n---\n\n### One\n", encoding="utf-8")
    assert main(["check", str(lesson), "-q", "--strict"]) == 1
    err = capsys.readouterr().err
    assert f"{lesson}:5: warning: front matter 'title' is given twice (first on line 2)" in err
