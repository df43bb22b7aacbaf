"""batch: incremental builds: a lesson is exported again exactly when what its outputs were made
from changed (by content, not time stamps), and outputs of lessons that are gone are reported
or pruned."""

from __future__ import annotations

import json
import os
import shutil
from hashlib import sha256
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

import exporter.digests
import exporter.manifest
from exporter.cli import main
from exporter.manifest import NAME
from tests.conftest import ROOT, built_once

LESSON = "---\ntitle: {name}\nsection: 1\nlesson: 1\n---\n\n### Hello\n\n- **A**: b\n"
PICTURE = "\n<!-- pagebreak -->\n\n### A picture\n\n![A red square](img/red.png)\n"


def course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    (root / "img").mkdir(parents=True)
    for name in ("a", "b"):
        (root / f"{name}.md").write_text(LESSON.format(name=name), encoding="utf-8")
    (root / "pic.md").write_text(LESSON.format(name="pic") + PICTURE, encoding="utf-8")
    Image.new("RGB", (40, 40), "red").save(root / "img" / "red.png")
    return root


def build(root: Path, out: Path, *flags: str) -> dict[str, str]:
    """Build ``root`` into ``out`` and return each lesson's status, by the JSON report."""
    report = out.parent / "report.json"
    assert main(["build", str(root), "-o", str(out), "-q", "--report", str(report), *flags]) == 0
    lessons = json.loads(report.read_text(encoding="utf-8"))["lessons"]
    return {Path(lesson["source"]).stem: lesson["status"] for lesson in lessons}


def stamps(out: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in out.rglob("*.p*")}


ALL_SKIPPED = {"a": "skipped", "b": "skipped", "pic": "skipped"}


@pytest.fixture(scope="session")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the course (``course``) and its first build (``out``), made once for the
    run: most tests start at the second build."""

    def make(folder: Path) -> dict[str, str]:
        return build(course(folder), folder / "out")

    folder, statuses = built_once(tmp_path_factory, "incremental", make)
    assert statuses == {"a": "exported", "b": "exported", "pic": "exported"}
    return folder


def built_course(first_build: Path, tmp_path: Path) -> tuple[Path, Path]:
    """Return the course and its first build's outputs copied into ``tmp_path``, as ``course``
    and ``build`` would make them there: the manifest names the lessons from the output
    folder, and the copies keep their times."""
    for name in ("course", "out"):
        shutil.copytree(first_build / name, tmp_path / name)
    return tmp_path / "course", tmp_path / "out"


def test_a_second_build_skips_every_unchanged_lesson_and_rewrites_nothing(tmp_path: Path) -> None:
    root, out = course(tmp_path), tmp_path / "out"
    assert build(root, out) == {"a": "exported", "b": "exported", "pic": "exported"}
    before = stamps(out)
    assert len(before) == 6
    assert build(root, out) == ALL_SKIPPED
    assert stamps(out) == before


def test_touching_files_without_changing_them_rebuilds_nothing(
    first_build: Path, tmp_path: Path
) -> None:
    root, out = built_course(first_build, tmp_path)
    later = (2_000_000_000, 2_000_000_000)
    for path in (root / "a.md", root / "pic.md", root / "img" / "red.png"):
        os.utime(path, later)
    assert build(root, out) == ALL_SKIPPED


def test_a_changed_lesson_is_exported_again_and_only_it(first_build: Path, tmp_path: Path) -> None:
    root, out = built_course(first_build, tmp_path)
    (root / "a.md").write_text(LESSON.format(name="a") + "- another point\n", encoding="utf-8")
    assert build(root, out) == {"a": "exported", "b": "skipped", "pic": "skipped"}
    assert build(root, out) == ALL_SKIPPED


def test_a_changed_image_exports_the_lessons_that_show_it(
    first_build: Path, tmp_path: Path
) -> None:
    root, out = built_course(first_build, tmp_path)
    Image.new("RGB", (40, 40), "blue").save(root / "img" / "red.png")
    assert build(root, out) == {"a": "skipped", "b": "skipped", "pic": "exported"}


def test_a_missing_image_that_appears_exports_its_lesson(tmp_path: Path) -> None:
    root, out = course(tmp_path), tmp_path / "out"
    (root / "img" / "red.png").unlink()
    build(root, out)
    assert build(root, out) == ALL_SKIPPED  # still missing: the placeholder is up to date
    Image.new("RGB", (40, 40), "red").save(root / "img" / "red.png")
    assert build(root, out) == {"a": "skipped", "b": "skipped", "pic": "exported"}


def test_a_changed_theme_exports_every_lesson(tmp_path: Path) -> None:
    root, out = course(tmp_path), tmp_path / "out"
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "themes" / "default", theme)
    build(root, out, "--theme", str(theme))
    assert build(root, out, "--theme", str(theme)) == ALL_SKIPPED
    settings = theme / "theme.toml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\n# a comment\n", "utf-8")
    assert set(build(root, out, "--theme", str(theme)).values()) == {"exported"}


def test_an_option_exports_again_only_the_outputs_it_shapes(
    first_build: Path, tmp_path: Path
) -> None:
    root, out = built_course(first_build, tmp_path)
    assert set(build(root, out, "--paper", "letter").values()) == {"exported"}
    assert build(root, out, "--paper", "letter") == ALL_SKIPPED
    assert (
        build(root, out, "--format", "pptx", "--paper", "a4") == ALL_SKIPPED
    )  # a deck has no paper
    assert set(build(root, out, "--format", "pptx,pdf").values()) == {"exported"}
    assert build(root, out, "--format", "pptx,pdf") == ALL_SKIPPED
    assert build(root, out, "--format", "pdf") == ALL_SKIPPED  # one of those just made
    letter = ("--paper", "letter")  # the handouts' paper since
    assert build(root, out, *letter, "--strict") == ALL_SKIPPED  # no warning: nothing to fail
    assert build(root, out, *letter, "--offline") == ALL_SKIPPED  # no remote image to differ
    assert set(build(root, out).values()) == {"exported"}  # the handouts back on A4


def test_a_new_source_date_exports_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, out = course(tmp_path), tmp_path / "out"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    build(root, out)
    assert build(root, out) == ALL_SKIPPED
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000001")
    assert set(build(root, out).values()) == {"exported"}


def test_force_exports_everything(first_build: Path, tmp_path: Path) -> None:
    root, out = built_course(first_build, tmp_path)
    assert set(build(root, out, "--force").values()) == {"exported"}


def test_an_output_deleted_or_changed_since_is_written_again(
    first_build: Path, tmp_path: Path
) -> None:
    root, out = built_course(first_build, tmp_path)
    (out / "a.pptx").unlink()
    (out / "b.handout.pdf").write_bytes(b"edited by hand")
    assert build(root, out) == {"a": "exported", "b": "exported", "pic": "skipped"}
    assert (out / "a.pptx").is_file()
    assert (out / "b.handout.pdf").read_bytes().startswith(b"%PDF")


def test_an_output_rewritten_with_as_many_bytes_is_written_again(
    first_build: Path, tmp_path: Path
) -> None:
    """An output is known by its size, time and inode only while none changed: one edited in
    place (a new time), and one replaced by another file given the old time (another inode),
    are read, found changed, and written again."""
    root, out = built_course(first_build, tmp_path)
    edited, replaced = out / "a.pptx", out / "b.handout.pdf"
    size = edited.stat().st_size
    edited.write_bytes(b"x" * size)
    old = replaced.stat()
    other = out / "other.pdf"
    other.write_bytes(b"%PDF" + b"y" * (old.st_size - 4))
    os.utime(other, ns=(old.st_atime_ns, old.st_mtime_ns))
    other.replace(replaced)
    assert (replaced.stat().st_size, replaced.stat().st_mtime_ns) == (old.st_size, old.st_mtime_ns)
    assert build(root, out) == {"a": "exported", "b": "exported", "pic": "skipped"}
    assert edited.read_bytes()[:2] == b"PK"
    assert pdfplumber.open(replaced).pages


def spy_reads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Return the list of the files the manifest reads to digest them, from now on."""
    read: list[Path] = []
    digest = exporter.manifest.file_digest

    def spied(path: Path) -> str | None:
        read.append(path)
        return digest(path)

    monkeypatch.setattr(exporter.manifest, "file_digest", spied)
    return read


def test_an_output_is_read_once_then_known_by_what_the_system_says_of_it(
    first_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An output's digest is kept with what the system says of the file: a build reads it
    only when that changed (a copy, a touch), and the next build reads it no more."""
    monkeypatch.setattr(exporter.digests, "SETTLED_NS", 0)  # every file changed long ago
    root, out = built_course(first_build, tmp_path)
    read = spy_reads(monkeypatch)
    outputs = set(out.glob("*.p*"))
    assert build(root, out) == ALL_SKIPPED  # copies: other files, so each output is read
    assert outputs <= set(read)
    read.clear()
    assert build(root, out) == ALL_SKIPPED
    # Nothing is read, not even the lessons and the picture: only the answer keys they have
    # none of (not there).
    assert not [path for path in read if path.exists()]
    touched = out / "a.pptx"
    os.utime(touched, (1_600_000_000, 1_600_000_000))
    read.clear()
    assert build(root, out) == ALL_SKIPPED  # the same bytes: up to date
    assert outputs & set(read) == {touched}
    read.clear()
    assert build(root, out) == ALL_SKIPPED
    assert not outputs & set(read)


def test_a_lesson_or_picture_rewritten_with_as_many_bytes_and_its_old_time_is_exported_again(
    first_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A lesson's and a picture's digests are kept as the outputs' are: a file edited in place
    and given back its time has a new change time, and is read and found changed."""
    monkeypatch.setattr(exporter.digests, "SETTLED_NS", 0)
    root, out = built_course(first_build, tmp_path)
    assert build(root, out) == ALL_SKIPPED  # their digests kept from now
    lesson, picture = root / "a.md", root / "img" / "red.png"
    for path in (lesson, picture):
        old, data = path.stat(), path.read_bytes()
        edited = data.replace(b"a", b"e", 1) if path is lesson else data[:-1] + b"\x01"
        assert edited != data and len(edited) == len(data)
        path.write_bytes(edited)
        os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))
    assert build(root, out) == {"a": "exported", "b": "skipped", "pic": "exported"}


def test_an_output_changed_just_now_is_read_again_until_it_has_settled(
    first_build: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file read within a tick of its change could change again unseen: its digest is not
    kept, and the next build reads it again; a file the build wrote is kept as written."""
    root, out = built_course(first_build, tmp_path)  # copied now
    read = spy_reads(monkeypatch)
    outputs = set(out.glob("*.p*"))
    for _ in range(2):
        read.clear()
        assert build(root, out) == ALL_SKIPPED
        assert outputs <= set(read)
    (root / "a.md").write_text(LESSON.format(name="a") + "- another point\n", encoding="utf-8")
    assert build(root, out) == {"a": "exported", "b": "skipped", "pic": "skipped"}
    read.clear()
    assert build(root, out) == ALL_SKIPPED
    assert not {out / "a.pptx", out / "a.handout.pdf"} & set(read)


def test_a_skipped_lesson_reports_its_warnings_again(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, out = course(tmp_path), tmp_path / "out"
    (root / "img" / "red.png").unlink()
    build(root, out)
    capsys.readouterr()
    report = tmp_path / "report.json"
    assert build(root, out) == ALL_SKIPPED
    err = capsys.readouterr().err
    assert f"{root / 'pic.md'}:15: warning: image 'img/red.png' is shown as a placeholder" in err
    lessons = json.loads(report.read_text(encoding="utf-8"))["lessons"]
    pic = next(lesson for lesson in lessons if lesson["source"].endswith("pic.md"))
    assert pic["status"] == "skipped" and len(pic["outputs"]) == 2 and len(pic["slides"]) == 3
    assert [(d["code"], d["line"], d["slide"]) for d in pic["diagnostics"]] == [("image", 15, 3)]


def test_a_lesson_that_now_fails_is_not_skipped_later(first_build: Path, tmp_path: Path) -> None:
    root, out = built_course(first_build, tmp_path)
    (root / "a.md").write_bytes(b"\xff\xfe not utf-8")
    assert main(["build", str(root), "-o", str(out), "-q"]) == 1
    assert not (out / "a.pptx").exists()
    assert main(["build", str(root), "-o", str(out), "-q"]) == 1  # still failing, not skipped
    manifest = json.loads((out / NAME).read_text(encoding="utf-8"))
    assert sorted(manifest["lessons"]) == ["b", "pic"]


def test_outputs_of_a_lesson_that_is_gone_are_reported_then_pruned(
    first_build: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, out = built_course(first_build, tmp_path)
    (root / "b.md").rename(root / "c.md")
    capsys.readouterr()
    assert build(root, out) == {"a": "skipped", "c": "exported", "pic": "skipped"}
    err = capsys.readouterr().err
    assert f"{out / 'b.pptx'}, {out / 'b.handout.pdf'}: their lesson {root / 'b.md'} is gone" in err
    assert "(--prune removes them)" in err
    report = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert report["stale"] == [
        {"source": str(root / "b.md"), "outputs": [str(out / "b.pptx"), str(out / "b.handout.pdf")]}
    ]
    assert (out / "b.pptx").is_file()
    build(root, out, "--prune")
    assert "removed" in capsys.readouterr().out
    assert not (out / "b.pptx").exists() and not (out / "b.handout.pdf").exists()
    assert (out / "c.pptx").is_file()
    build(root, out)
    assert "is gone" not in capsys.readouterr().err


def test_a_damaged_manifest_rebuilds_everything_without_a_traceback(
    first_build: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, out = built_course(first_build, tmp_path)
    (out / NAME).write_text('{"schema": 1, "lessons": {"a": {"source": 3}}', "utf-8")
    assert set(build(root, out).values()) == {"exported"}
    assert "cannot read it (JSONDecodeError); every lesson is rebuilt" in capsys.readouterr().out
    assert build(root, out) == ALL_SKIPPED
    entries = json.loads((out / NAME).read_text(encoding="utf-8"))
    entries["lessons"]["a"]["images"] = "edited"
    (out / NAME).write_text(json.dumps(entries), "utf-8")
    assert build(root, out) == {"a": "exported", "b": "skipped", "pic": "skipped"}


def test_the_manifest_names_files_relative_to_the_output_folder(
    first_build: Path, tmp_path: Path
) -> None:
    built_course(first_build, tmp_path)  # built in another folder: moved once already
    moved = tmp_path / "moved"
    moved.mkdir()
    for name in ("course", "out"):
        (tmp_path / name).rename(moved / name)
    assert build(moved / "course", moved / "out") == ALL_SKIPPED
    manifest = json.loads((moved / "out" / NAME).read_text(encoding="utf-8"))
    assert manifest["lessons"]["pic"]["source"] == "../course/pic.md"
    image = manifest["lessons"]["pic"]["images"]["img/red.png"]
    red = moved / "course" / "img" / "red.png"
    assert image == {
        "file": "../course/img/red.png",
        "sha256": sha256(red.read_bytes()).hexdigest(),
    }


def test_a_manifest_that_cannot_be_written_is_a_note_not_a_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root, out = course(tmp_path), tmp_path / "out"
    (out / NAME).mkdir(parents=True)  # in the manifest's place, a folder
    assert set(build(root, out).values()) == {"exported"}
    err = capsys.readouterr().err
    assert f"cannot write {out / NAME}" in err
    assert "the next build exports these lessons again" in err
    assert set(build(root, out).values()) == {"exported"}


def test_strict_fails_a_lesson_that_warned_although_its_outputs_are_up_to_date(
    tmp_path: Path,
) -> None:
    root, out = course(tmp_path), tmp_path / "out"
    (root / "img" / "red.png").unlink()
    build(root, out)
    assert main(["build", str(root), "-o", str(out), "-q", "--strict"]) == 1
    assert not (out / "pic.pptx").exists() and (out / "a.pptx").exists()


def test_switching_formats_back_and_forth_rebuilds_nothing_twice(tmp_path: Path) -> None:
    root, out = course(tmp_path), tmp_path / "out"
    build(root, out, "--format", "pptx")
    assert set(build(root, out, "--format", "pdf").values()) == {"exported"}
    assert build(root, out, "--format", "pptx") == ALL_SKIPPED
    assert build(root, out, "--format", "pdf,pptx") == ALL_SKIPPED


def test_an_output_folder_reached_through_a_link_skips_and_prunes_nothing_alive(
    tmp_path: Path,
) -> None:
    root = course(tmp_path)
    (tmp_path / "store").mkdir()
    out = tmp_path / "out"
    out.symlink_to(tmp_path / "store", target_is_directory=True)
    build(root, out)
    assert build(root, out, "--prune") == ALL_SKIPPED
    assert len(list((tmp_path / "store").glob("*.pptx"))) == 3


def test_a_link_to_an_image_pointed_elsewhere_exports_its_lesson(tmp_path: Path) -> None:
    root, out = course(tmp_path), tmp_path / "out"
    Image.new("RGB", (40, 40), "blue").save(root / "img" / "blue.png")
    (root / "img" / "red.png").rename(root / "img" / "real-red.png")
    (root / "img" / "red.png").symlink_to("real-red.png")
    build(root, out)
    (root / "img" / "red.png").unlink()
    (root / "img" / "red.png").symlink_to("blue.png")
    assert build(root, out) == {"a": "skipped", "b": "skipped", "pic": "exported"}


def test_a_refused_image_made_right_exports_its_lesson(tmp_path: Path) -> None:
    root, out = course(tmp_path), tmp_path / "out"
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / "img" / "red.png").rename(outside / "red.png")
    (root / "img").rmdir()
    (root / "img").symlink_to(outside, target_is_directory=True)  # out of the course: refused
    build(root, out)
    (root / "img").unlink()
    (root / "img").mkdir()
    (outside / "red.png").rename(root / "img" / "red.png")
    assert build(root, out) == {"a": "skipped", "b": "skipped", "pic": "exported"}


def test_prune_removes_only_what_the_build_wrote_as_it_wrote_it(
    first_build: Path, tmp_path: Path
) -> None:
    root, out = built_course(first_build, tmp_path)
    (out / "a.pdf").write_bytes(b"the author's own")
    (out / "a.handout.pdf").write_bytes(b"edited since")
    (root / "a.md").unlink()
    build(root, out, "--prune")
    assert not (out / "a.pptx").exists()
    assert (out / "a.pdf").read_bytes() == b"the author's own"
    assert (out / "a.handout.pdf").read_bytes() == b"edited since"


@pytest.mark.parametrize(
    "damage",
    [
        lambda entry: entry["slides"][0].update(shrunk="yes"),
        lambda entry: entry["slides"][0].update(title=None),
        lambda entry: entry["slides"][0].update(size=float("nan")),
        lambda entry: entry["diagnostics"].append({"severity": "warning", "code": None}),
        lambda entry: entry.update(outputs=[1, 2]),
        lambda entry: entry["images"].update({"x": 3}),
        lambda entry: entry["images"].update({"x\0": {"file": None, "sha256": None}}),
    ],
)
def test_an_entry_edited_by_hand_is_exported_again_without_a_traceback(
    first_build: Path, tmp_path: Path, damage: object
) -> None:
    root, out = built_course(first_build, tmp_path)
    entries = json.loads((out / NAME).read_text(encoding="utf-8"))
    damage(entries["lessons"]["pic"])  # type: ignore[operator]
    entries["lessons"][""] = {"source": "gone.md"}
    (out / NAME).write_text(json.dumps(entries), "utf-8")
    assert build(root, out, "--prune") == {"a": "skipped", "b": "skipped", "pic": "exported"}
    assert (tmp_path / "report.json").read_text(encoding="utf-8").count("NaN") == 0


def test_damaged_manifests_of_every_kind_are_read_without_a_traceback(
    first_build: Path, tmp_path: Path
) -> None:
    root, out = built_course(first_build, tmp_path)
    (out / NAME).write_text("[" * 100_000 + "]" * 100_000, "utf-8")
    assert set(build(root, out).values()) == {"exported"}
    (out / "a.pptx").unlink()
    (out / "a.pptx").mkdir()  # an output turned into a folder: exported fails, not crashes
    assert main(["build", str(root), "-o", str(out), "-q"]) == 1
    (out / "a.pptx").rmdir()
    (out / NAME).unlink()
    os.mkfifo(out / NAME)  # a pipe would block a plain read for ever
    assert set(build(root, out).values()) == {"exported"}


def test_prune_never_follows_a_link_inside_the_output_folder(tmp_path: Path) -> None:
    root, out = course(tmp_path), tmp_path / "out"
    (root / "s1").mkdir()
    (root / "s1" / "c.md").write_text(LESSON.format(name="c"), encoding="utf-8")
    build(root, out, "--format", "pptx")
    backup = tmp_path / "backup"
    backup.mkdir()
    (out / "s1").rename(backup / "s1")
    (out / "s1").symlink_to(backup / "s1", target_is_directory=True)
    (root / "s1" / "c.md").unlink()
    build(root, out, "--format", "pptx", "--prune")
    assert (backup / "s1" / "c.pptx").is_file()  # reached through a link: not ours to remove


def test_prune_keeps_what_this_build_wrote_under_another_name(tmp_path: Path) -> None:
    root, out = course(tmp_path), tmp_path / "out"
    (root / "s1").mkdir()
    (root / "s1" / "c.md").write_text(LESSON.format(name="c"), encoding="utf-8")
    build(root, out, "--format", "pptx")
    (root / "s1").rename(root / "s2")  # the lesson moved: s1/c is gone, s2/c is new
    (out / "s1").rename(out / "s2")
    (out / "s1").symlink_to("s2", target_is_directory=True)
    build(root, out, "--format", "pptx", "--prune")
    assert (out / "s2" / "c.pptx").is_file()


def test_an_image_refused_as_outside_the_course_is_not_exported_again_each_time(
    tmp_path: Path,
) -> None:
    root, out = course(tmp_path), tmp_path / "out"
    Image.new("RGB", (40, 40), "red").save(tmp_path / "secret.png")
    (root / "pic.md").write_text(
        LESSON.format(name="pic") + PICTURE.replace("img/red", "../secret")
    )
    build(root, out)
    assert build(root, out) == ALL_SKIPPED


def test_an_image_that_becomes_a_link_out_of_the_course_is_refused_not_skipped(
    tmp_path: Path,
) -> None:
    root, out = course(tmp_path), tmp_path / "out"
    build(root, out, "--strict")
    outside = tmp_path / "red.png"
    shutil.copy(root / "img" / "red.png", outside)  # the very same bytes
    (root / "img" / "red.png").unlink()
    (root / "img" / "red.png").symlink_to(outside)
    assert main(["build", str(root), "-o", str(out), "-q", "--strict"]) == 1  # as a cold build


def test_a_lesson_that_becomes_a_link_out_of_the_course_is_refused_not_skipped(
    first_build: Path,
    tmp_path: Path,
) -> None:
    root, out = built_course(first_build, tmp_path)
    outside = tmp_path / "a.md"
    shutil.copy(root / "a.md", outside)
    (root / "a.md").unlink()
    (root / "a.md").symlink_to(outside)
    assert main(["build", str(root), "-o", str(out), "-q"]) == 1
    assert not (out / "a.pptx").exists()


def test_dot_dot_in_an_image_path_follows_links_as_the_system_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data" / "course"
    (data / "lessons" / "s1").mkdir(parents=True)
    (data / "assets").mkdir()
    Image.new("RGB", (40, 40), "red").save(data / "assets" / "x.png")
    lesson = LESSON.format(name="a") + PICTURE.replace("img/red.png", "../../assets/x.png")
    (data / "lessons" / "s1" / "a.md").write_text(lesson, encoding="utf-8")
    project = tmp_path / "project"
    project.mkdir()
    (project / "lessons").symlink_to(data / "lessons", target_is_directory=True)
    capsys.readouterr()
    build(project / "lessons", tmp_path / "out", "--root", str(data))
    assert "placeholder" not in capsys.readouterr().err  # ../.. from the real folder


def test_a_lesson_that_was_a_link_is_gone_when_the_link_is(tmp_path: Path) -> None:
    root, out = course(tmp_path), tmp_path / "out"
    (root / ".shared").mkdir()
    (root / "b.md").rename(root / ".shared" / "b.md")  # hidden: not a lesson of its own
    (root / "b.md").symlink_to(root / ".shared" / "b.md")
    build(root, out)
    (root / "b.md").unlink()
    build(root, out, "--prune")
    assert not (out / "b.pptx").exists()


def test_an_answer_key_on_other_paper_is_made_again(tmp_path: Path) -> None:
    """Reviewed: ``--format answers --paper letter`` after an A4 build said the key was up to
    date and kept it on A4: the key's record left out the paper it is printed on."""
    quiz = tmp_path / "course" / "quiz.md"
    quiz.parent.mkdir()
    quiz.write_text(
        (ROOT / "tests" / "fixtures" / "quizzes" / "bold-markers.md").read_text("utf-8"), "utf-8"
    )
    out = tmp_path / "out"
    assert build(quiz.parent, out, "--format", "answers") == {"quiz": "exported"}
    assert build(quiz.parent, out, "--format", "answers") == {"quiz": "skipped"}
    assert build(quiz.parent, out, "--format", "answers", "--paper", "letter") == {
        "quiz": "exported"
    }
    with pdfplumber.open(out / "quiz.answers.pdf") as pdf:
        assert (round(pdf.pages[0].width), round(pdf.pages[0].height)) == (612, 792)
