"""batch: a build spread over shards (``--shard I/N``) and merged (``lesson-export merge``)
gives the outputs, manifest and report of one unsharded build; every lesson is in one shard.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from exporter.cli import main
from exporter.jobs import Job
from exporter.options import MANIFEST, Shard
from exporter.shards import assign
from tests.conftest import LESSONS, built_once

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
from course import write_course

EPOCH = "1700000000"


def jobs(names: list[str]) -> list[Job]:
    return [Job(Path(name), name, Path("out") / name, Path(".")) for name in names]


def test_every_lesson_is_in_exactly_one_shard_and_the_shards_are_balanced() -> None:
    names = [f"s{i // 7:02d}/lesson-{i % 7}.md" for i in range(60)]
    costs = [1 + (i * 37) % 9 for i in range(60)]  # 1 to 9 pages
    for count in (1, 2, 3, 4, 7, 60, 80):
        shards = assign(jobs(names), count, costs)
        assert all(1 <= shard <= count for shard in shards)
        assert shards == assign(jobs(list(reversed(names))), count, list(reversed(costs)))[::-1]
        if count <= 7:
            totals = [
                sum(c for c, s in zip(costs, shards, strict=True) if s == i)
                for i in range(1, count + 1)
            ]
            # Each run is within one lesson's cost of an even share.
            assert max(totals) - min(totals) <= 2 * max(costs), totals


def test_the_runs_follow_the_path_order_and_an_added_lesson_moves_few() -> None:
    names = [f"section-{i // 10 + 1}/lesson-{i % 10 + 1}.md" for i in range(40)]
    costs = [4] * 40
    before = dict(zip(names, assign(jobs(names), 4, costs), strict=True))
    ordered = sorted(names)
    assert [before[name] for name in ordered] == sorted(before[name] for name in ordered)
    added = [*names, "section-2/lesson-10b.md"]
    after = dict(zip(added, assign(jobs(added), 4, [*costs, 4]), strict=True))
    moved = [name for name in names if before[name] != after[name]]
    assert len(moved) <= 3, moved


def test_a_shard_is_i_of_n(capsys: pytest.CaptureFixture[str]) -> None:
    assert Shard.parse("2/4") == Shard(2, 4)
    for bad in ("0/3", "4/3", "1", "a/b", "1/0"):
        with pytest.raises(ValueError):
            Shard.parse(bad)
    with pytest.raises(SystemExit):
        main(["build", str(LESSONS), "-o", "unused", "--shard", "4/3"])
    assert "--shard" in capsys.readouterr().err


def files(folder: Path) -> dict[str, bytes]:
    """Return every file below ``folder`` by its relative path, the shards' own records
    left out."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".shard-" not in path.name
    }


def lessons_files(folder: Path) -> dict[str, bytes]:
    """Return ``files`` but the manifest, whose paths are from the folder's own place."""
    return {name: data for name, data in files(folder).items() if name != MANIFEST}


def manifest_of(folder: Path) -> dict[str, object]:
    """Return the entries of ``folder``'s manifest with their paths made absolute and without
    their outputs' keys (which hold the course root's path from the folder)."""

    def absolute(path: str | None) -> str | None:
        return None if path is None else os.path.normpath(folder.resolve() / path)

    lessons = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["lessons"]
    for entry in lessons.values():
        entry["source"], entry["resolved"] = absolute(entry["source"]), absolute(entry["resolved"])
        for image in entry["images"].values():
            image["file"] = absolute(image["file"])
        for output in entry["outputs"].values():
            output.pop("key")
    return dict(lessons)


def lessons_of(report: Path, folder: Path) -> list[dict[str, object]]:
    """Return the report's lessons in path order, their outputs named below ``folder`` and
    without their times."""
    data = json.loads(report.read_text(encoding="utf-8"))
    found = []
    for lesson in data["lessons"]:
        lesson.pop("seconds")
        lesson["outputs"] = [str(Path(path).relative_to(folder)) for path in lesson["outputs"]]
        found.append(lesson)
    return sorted(found, key=lambda lesson: str(lesson["source"]))


def build(course: Path, out: Path, *flags: str) -> int:
    return main(["build", str(course), "-o", str(out), "-q", "--offline", "--jobs", "2", *flags])


@pytest.fixture
def synthetic(tmp_path: Path) -> Path:
    folder = tmp_path / "synthetic"
    write_course(folder, 12, 7)
    return folder


def one_and_three_shards(course: Path, work: Path, formats: list[str]) -> None:
    """Build ``course`` into ``work``: whole into ``one`` (with its JSON and JUnit reports),
    and as three shards into ``shard-1`` to ``shard-3``."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        flags = ["--report", str(work / "one.json"), "--junit", str(work / "one.xml")]
        assert build(course, work / "one", *formats, *flags) == 0
        for i in (1, 2, 3):
            assert build(course, work / f"shard-{i}", *formats, "--shard", f"{i}/3") == 0


BUNDLED = ["--format", "pptx,handout,pdf,book,index", "--handout", "3,outline"]
"""The bundled lessons are built in every format, and the course outputs too: the merge makes
the book and the index page from the shards' parts, as one build makes them from its
lessons'."""


@pytest.fixture(scope="session")
def bundled_shards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled lessons built whole and in three shards (``one_and_three_shards``), once
    for the run: three tests merge, damage or read them (each a copy of its own)."""

    def make(work: Path) -> None:
        one_and_three_shards(LESSONS, work, BUNDLED)

    return built_once(tmp_path_factory, "shards-bundled", make)[0]


@pytest.mark.parametrize("which", ["bundled", "synthetic"])
def test_three_shards_merged_are_one_build(
    which: str,
    synthetic: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    # The synthetic course, more lessons for the cut to balance, in the deck and the course
    # outputs (each lesson's files are made as a build makes them, shard or not: what the
    # merge does with them is what is tested).
    if which == "bundled":
        work: Path = request.getfixturevalue("bundled_shards")
    else:
        work = tmp_path / "built"
        one_and_three_shards(synthetic, work, ["--format", "pptx,book,index"])
    one = work / "one"
    shards = [work / f"shard-{i}" for i in (1, 2, 3)]
    handed = [{name for name in files(folder) if name != MANIFEST} for folder in shards]
    assert all(handed), "each shard exported some lessons"
    assert not (handed[0] & handed[1] or handed[1] & handed[2] or handed[0] & handed[2])
    merged = tmp_path / "merged"
    report, junit = tmp_path / "merged.json", tmp_path / "merged.xml"
    command = ["merge", *map(str, shards), "-o", str(merged), "-q", "--format", "book,index"]
    assert main([*command, "--report", str(report), "--junit", str(junit)]) == 0
    assert {"course.pdf", "index.html"} <= set(files(merged))
    assert lessons_files(merged) == lessons_files(one)  # the book and the index page too
    assert manifest_of(merged) == manifest_of(one)  # but its paths from its own place
    assert lessons_of(report, merged) == lessons_of(work / "one.json", one)
    cases = junit.read_text(encoding="utf-8").count("<testcase")
    assert cases == (work / "one.xml").read_text(encoding="utf-8").count("<testcase")

    # Downloaded into one folder together (as CI's artifact download does), the shards'
    # records do not overwrite each other, and the merge is the same.
    together = tmp_path / "together"
    for folder in shards:
        shutil.copytree(folder, together, dirs_exist_ok=True)
    again = tmp_path / "again"
    assert main(["merge", str(together), "-o", str(again), "-q", "--format", "book,index"]) == 0
    assert lessons_files(again) == lessons_files(one)
    assert manifest_of(again) == manifest_of(one)


def test_a_shard_exports_again_only_its_changed_lesson(
    synthetic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shard = tmp_path / "shard-2"
    assert build(synthetic, shard, "--shard", "2/3") == 0
    results = json.loads((shard / Shard(2, 3).results).read_text(encoding="utf-8"))["lessons"]
    assert len(results) >= 2
    changed = Path(results[0]["source"])
    changed.write_text(changed.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    capsys.readouterr()
    assert build(synthetic, shard, "--shard", "2/3", "--report", str(tmp_path / "r.json")) == 0
    statuses = {
        lesson["source"]: lesson["status"]
        for lesson in json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["lessons"]
    }
    assert statuses.pop(str(changed)) == "exported"
    assert set(statuses.values()) == {"skipped"}


def test_a_lesson_moved_to_another_shard_leaves_its_old_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    course = tmp_path / "course"
    write_course(course, 6, 3)
    shards = [tmp_path / f"shard-{i}" for i in (1, 2)]
    for i, folder in enumerate(shards, start=1):
        assert build(course, folder, "--format", "pptx", "--shard", f"{i}/2") == 0
    # A long lesson at the start of the path order moves the cut: lessons change shards.
    first = sorted(course.rglob("*.md"))[0]
    long = "\n\n<!-- pagebreak -->\n\n".join(["# Page\n\nText."] * 40)
    first.with_name("aaa-long.md").write_text(long, encoding="utf-8")
    before = [set(files(folder)) - {MANIFEST} for folder in shards]
    for i, folder in enumerate(shards, start=1):
        assert build(course, folder, "--format", "pptx", "--shard", f"{i}/2") == 0
    after = [set(files(folder)) - {MANIFEST} for folder in shards]
    assert before[0] - after[0], "some lesson moved from shard 1 to shard 2"
    assert (before[0] - after[0]) <= after[1]
    assert not after[0] & after[1]  # its old outputs were removed from shard 1
    assert main(["merge", *map(str, shards), "-o", str(tmp_path / "merged"), "-q"]) == 0
    one = tmp_path / "one"
    assert build(course, one, "--format", "pptx") == 0
    assert files(tmp_path / "merged") == files(one)


def test_a_missing_or_damaged_shard_is_named(
    bundled_shards: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shards = [tmp_path / f"shard-{i}" for i in (1, 2, 3)]
    for i, folder in enumerate(shards, start=1):
        shutil.copytree(bundled_shards / f"shard-{i}", folder)  # this test damages them
    capsys.readouterr()
    out = str(tmp_path / "merged")
    assert main(["merge", str(shards[0]), str(shards[2]), "-o", out]) == 2
    assert "shard 2/3 is missing" in capsys.readouterr().err
    assert main(["merge", str(shards[0]), str(shards[0]), "-o", out]) == 2
    assert "there twice" in capsys.readouterr().err
    results = shards[1] / Shard(2, 3).results
    damaged_from = results.read_text(encoding="utf-8")
    results.write_text(damaged_from[:-20], encoding="utf-8")
    assert main(["merge", *map(str, shards), "-o", out]) == 2
    err = capsys.readouterr().err
    assert str(results) in err and "damaged" in err
    results.write_text(damaged_from, encoding="utf-8")
    gone = next(shards[0].rglob("*.pptx"))
    gone.unlink()
    assert main(["merge", *map(str, shards), "-o", out]) == 2
    err = capsys.readouterr().err
    assert f"shard 1/3: {gone} is missing" in err
    # Reviewed: a file cut short (a broken artifact download) was copied, and the merge
    # passed: it is checked against the digest the shard's manifest records.
    shutil.copy(bundled_shards / "shard-1" / gone.relative_to(shards[0]), gone)
    cut = next(shards[2].rglob("*.pptx"))
    cut.write_bytes(cut.read_bytes()[:5000])
    assert main(["merge", *map(str, shards[1:]), str(shards[0]), "-o", out]) == 2
    err = capsys.readouterr().err
    assert f"shard 3/3: {cut} is damaged" in err
    assert not (tmp_path / "merged" / cut.relative_to(shards[2])).exists()
    assert main(["merge", str(tmp_path / "nowhere"), "-o", out]) == 2
    assert "no such shard folder" in capsys.readouterr().err
    assert main(["merge", str(shards[0]), "-o", out, "--format", "pptx"]) == 2
    assert "only the course outputs" in capsys.readouterr().err


def test_a_failed_lesson_in_a_shard_fails_the_merge(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course = tmp_path / "course"
    course.mkdir()
    (course / "a.md").write_text("# A\n\nFine.\n", encoding="utf-8")
    (course / "b.md").write_text("---\ntitle: [unclosed\n---\n# B\n", encoding="utf-8")
    shards = [tmp_path / f"shard-{i}" for i in (1, 2)]
    codes = [build(course, folder, "--shard", f"{i}/2") for i, folder in enumerate(shards, 1)]
    assert sorted(codes) == [0, 1]
    capsys.readouterr()
    report = tmp_path / "r.json"
    assert (
        main(["merge", *map(str, shards), "-o", str(tmp_path / "m"), "--report", str(report)]) == 1
    )
    assert "b.md" in capsys.readouterr().err
    statuses = {
        Path(str(x["source"])).name: x["status"] for x in json.loads(report.read_text())["lessons"]
    }
    assert statuses == {"a.md": "exported", "b.md": "failed"}


def test_the_sharded_ci_workflow_runs_commands_the_cli_accepts() -> None:
    """docs/github-actions-sharded.yml: a matrix of shards, each building its own, then a
    merge of them all."""
    import shlex

    import yaml

    from exporter.cli import make_parser

    path = LESSONS.parent / "docs" / "github-actions-sharded.yml"
    workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
    shard, merge = workflow["jobs"]["shard"], workflow["jobs"]["merge"]
    count = len(shard["strategy"]["matrix"]["shard"])
    assert shard["strategy"]["matrix"]["shard"] == list(range(1, count + 1))
    [export] = [step["run"] for step in shard["steps"] if step.get("name") == "Export"]
    words = shlex.split(export.replace("${{ matrix.shard }}", "1").replace("|| true", ""))
    args = make_parser().parse_args(words[1:])
    assert args.shard == Shard(1, count)  # the matrix and the flag agree
    cached = [step["with"]["path"] for step in shard["steps"] if "cache" in str(step.get("uses"))]
    assert str(args.output) in cached
    uploads = [step for step in shard["steps"] if "upload-artifact" in str(step.get("uses"))]
    assert uploads[0]["with"]["path"].rstrip("/") == str(args.output)
    assert uploads[0]["with"]["include-hidden-files"]  # the shard's records start with a dot
    assert merge["needs"] == "shard"
    downloads = [step for step in merge["steps"] if "download-artifact" in str(step.get("uses"))]
    [merged] = [step["run"] for step in merge["steps"] if step.get("name") == "Merge"]
    args = make_parser().parse_args(shlex.split(merged)[1:])
    assert args.command == "merge" and [str(p) for p in args.shards] == [
        downloads[0]["with"]["path"]
    ]
    assert args.formats == ("book", "index") and args.junit is not None


def test_a_shard_leaves_the_course_outputs_to_the_merge(
    bundled_shards: Path, tmp_path: Path
) -> None:
    shards = [bundled_shards / f"shard-{i}" for i in (1, 2, 3)]
    for folder in shards:
        assert not (folder / "index.html").exists()  # it would list this shard's lessons only
        assert not (folder / "course.pdf").exists()  # nor would the book have every lesson
        assert list(folder.rglob("*.preview.png"))  # each lesson's picture for it, though
        assert list(folder.rglob(".book/*.pdf"))  # and its part of the book
    merged = tmp_path / "merged"
    assert main(["merge", *map(str, shards), "-o", str(merged), "-q", "--format", "index"]) == 0
    page = (merged / "index.html").read_text(encoding="utf-8")
    for preview in merged.rglob("*.preview.png"):
        assert preview.relative_to(merged).as_posix() in page
    assert len(list(merged.rglob("*.preview.png"))) == len(list(LESSONS.rglob("*.md")))


def test_a_merge_asking_for_a_course_output_the_shards_were_built_without_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Shards built with the default formats make no lesson's page of the book: a merge asking
    for the book gave one of 'could not be exported' pages, and exit status 0 (review)."""
    section = LESSONS / "section-14"
    for index in (1, 2):
        argv = ["build", str(section), "-o", str(tmp_path / f"s{index}"), "-q", "--offline"]
        assert main([*argv, "--shard", f"{index}/2"]) == 0
    shards = [str(tmp_path / f"s{index}") for index in (1, 2)]
    capsys.readouterr()
    merged = tmp_path / "merged"
    assert main(["merge", *shards, "-o", str(merged), "-q", "--format", "book,index"]) == 2
    err = capsys.readouterr().err
    assert "the merge asks for book,index, but the shards were built without it" in err
    assert "--format pptx,handout,answers,book,index" in err
    assert not (merged / "course.pdf").exists()


def test_a_merge_makes_the_course_outputs_in_the_shards_theme(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Shards built in the dark theme, merged without naming one: the book and index page came
    out in the default theme, unlike one build's (CLI review). The merge takes the theme the
    shards record, and refuses another one named."""
    section = LESSONS / "section-14"
    flags = ["-q", "--offline", "--theme", "dark", "--format", "pptx,book,index"]
    one = tmp_path / "one"
    assert main(["build", str(section), "-o", str(one), *flags]) == 0
    for index in (1, 2):
        out = str(tmp_path / f"s{index}")
        assert main(["build", str(section), "-o", out, *flags, "--shard", f"{index}/2"]) == 0
    shards = [str(tmp_path / f"s{index}") for index in (1, 2)]
    merged = tmp_path / "merged"
    assert main(["merge", *shards, "-o", str(merged), "-q", "--format", "book,index"]) == 0
    for name in ("index.html", "course.pdf"):
        assert (merged / name).read_bytes() == (one / name).read_bytes(), name
    capsys.readouterr()
    other = [
        "merge",
        *shards,
        "-o",
        str(tmp_path / "m2"),
        "--format",
        "index",
        "--theme",
        "default",
    ]
    assert main(other) == 2
    err = capsys.readouterr().err
    assert "the shards were built with --theme dark, but the merge was given --theme default" in err


def test_shards_of_an_earlier_version_that_record_no_course_outputs_still_merge(
    tmp_path: Path,
) -> None:
    """Shards written before they recorded the course outputs they made parts of (and their
    theme) are not refused: what they do not say is not checked (review)."""
    section = LESSONS / "section-14"
    flags = ["-q", "--offline", "--format", "pptx,book,index"]
    for index in (1, 2):
        out = tmp_path / f"s{index}"
        assert main(["build", str(section), "-o", str(out), *flags, "--shard", f"{index}/2"]) == 0
        results = out / Shard(index, 2).results
        data = json.loads(results.read_text(encoding="utf-8"))
        for key in ("course", "theme", "template"):
            del data["options"][key]
        results.write_text(json.dumps(data), encoding="utf-8")
    shards = [str(tmp_path / f"s{index}") for index in (1, 2)]
    merged = tmp_path / "merged"
    assert main(["merge", *shards, "-o", str(merged), "-q", "--format", "book,index"]) == 0
    assert (merged / "course.pdf").is_file() and (merged / "index.html").is_file()


def test_shards_built_apart_are_named_with_what_differs(
    synthetic: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reviewed: shards built with other formats or themes were refused with "the shards were
    built with different --format, --handout, --book-layout, course title, --theme or
    --template", naming neither the setting nor the shard."""
    assert build(synthetic, tmp_path / "a", "--format", "pptx", "--shard", "1/2") == 0
    assert build(synthetic, tmp_path / "b", "--format", "pptx,pdf", "--shard", "2/2") == 0
    capsys.readouterr()
    assert main(["merge", str(tmp_path / "a"), str(tmp_path / "b"), "-o", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "different --format: " in err
    assert f"shard 1/2 ({tmp_path / 'a'}): pptx;" in err
    assert f"shard 2/2 ({tmp_path / 'b'}): pptx,pdf;" in err


def test_the_merges_help_says_its_own_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    """Reviewed: ``merge --help`` said the theme defaulted to ``default`` and the course
    title to the input folder's name; the merge takes the shards' own."""
    with pytest.raises(SystemExit):
        main(["merge", "--help"])
    said = " ".join(capsys.readouterr().out.split())
    assert "(default: default)" not in said and "input folder)" not in said
    assert "the one the shards were built with" in said


def shard_and_merge(*flags: str) -> int:
    """Build ``course`` (in the current folder) in two shards at another depth than the
    merge's folder, ``dist``, then merge them into it with ``flags``."""
    shards = [Path("build", "shards", f"s{i}") for i in (1, 2)]
    for i, folder in enumerate(shards, start=1):
        assert build(Path("course"), folder, "--format", "pptx", "--shard", f"{i}/2") == 0
    command = ["merge", *map(str, shards), "-o", "dist", "-q", "--report", "merged.json"]
    return main([*command, *flags])


def test_a_build_into_the_merged_folder_finds_every_lesson_up_to_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reviewed (CI): shards built at another depth than the merge's folder gave a manifest
    whose paths a build there did not recognize: every lesson was exported again. The
    merged manifest is now what one build into the folder writes."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.chdir(tmp_path)
    write_course(Path("course"), 4, 2)
    assert shard_and_merge() == 0
    capsys.readouterr()
    assert build(Path("course"), Path("dist"), "--format", "pptx") == 0
    assert "4 lesson(s): 0 exported, 4 up to date" in capsys.readouterr().out
    one = tmp_path / "one"
    assert build(Path("course"), one, "--format", "pptx") == 0
    assert files(Path("dist")) == files(one)  # the manifest too, byte for byte


def test_a_merge_tells_and_prunes_the_outputs_of_a_lesson_gone_as_a_build_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reviewed (CI): a merge into the folder of an earlier merge left the outputs of a
    lesson removed since, and forgot them. As a build, it tells of them, lists them in the
    report's ``stale``, and removes them with ``--prune``, leaving the folder as one build."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.chdir(tmp_path)
    write_course(Path("course"), 4, 2)
    assert shard_and_merge() == 0
    gone = sorted(Path("course").rglob("*.md"))[1]
    deck = Path("dist", gone.relative_to("course")).with_suffix(".pptx")
    assert deck.is_file()
    gone.unlink()
    capsys.readouterr()
    assert shard_and_merge() == 0
    note = f"lesson-export: note: {deck}: their lesson {gone} is gone (--prune removes them)"
    assert note in capsys.readouterr().err
    assert deck.is_file()  # told, not removed, as a build without --prune leaves it
    stale = json.loads(Path("merged.json").read_text(encoding="utf-8"))["stale"]
    assert stale == [{"source": str(gone), "outputs": [str(deck)]}]

    assert shard_and_merge("--prune") == 0
    assert f"removed {deck}: their lesson {gone} is gone" in capsys.readouterr().out
    assert not deck.exists()
    one = tmp_path / "one"
    assert build(Path("course"), one, "--format", "pptx") == 0
    assert files(Path("dist")) == files(one)
    assert build(Path("course"), Path("dist"), "--format", "pptx", "--prune") == 0
    captured = capsys.readouterr()
    assert "3 lesson(s): 0 exported, 3 up to date" in captured.out
    assert "removed" not in captured.out and "note" not in captured.err


def test_a_merge_run_from_another_folder_keeps_the_entries_or_says_why(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reviewed: shards built in one folder and merged from another (``cd /tmp && merge
    c/s1 c/s2 -o c/out``) gave the merged folder an empty manifest, without a word: the
    shards' lessons were looked for from the merge's folder, found nowhere, and their
    entries dropped as gone; a build there exported every lesson again. Where the lessons
    are not where the shards were built seen from the merge's folder, the entries are kept
    as the shards wrote them (right for folders at one depth: a build finds every lesson up
    to date); where they are not found that way either, a note says the next build exports
    them again."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    monkeypatch.chdir(tmp_path)
    write_course(Path("course"), 4, 2)
    shards = [tmp_path / "c" / f"s{i}" for i in (1, 2)]
    for i, folder in enumerate(shards, start=1):
        assert build(Path("course"), folder, "--format", "pptx", "--shard", f"{i}/2") == 0
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    capsys.readouterr()
    assert main(["merge", *map(str, shards), "-o", str(tmp_path / "c" / "out")]) == 0
    assert "note" not in capsys.readouterr().err
    assert len(manifest_of(tmp_path / "c" / "out")) == 4
    monkeypatch.chdir(tmp_path)
    assert build(Path("course"), Path("c", "out"), "--format", "pptx") == 0
    assert "4 lesson(s): 0 exported, 4 up to date" in capsys.readouterr().out

    monkeypatch.chdir(elsewhere)
    assert main(["merge", *map(str, shards), "-o", str(tmp_path / "dist")]) == 0
    note = "lesson-export: note: the lessons of 4 manifest entries are not where"
    assert note in capsys.readouterr().err
    assert len(list((tmp_path / "dist").rglob("*.pptx"))) == 4
