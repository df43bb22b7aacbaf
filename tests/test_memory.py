"""batch: a lesson past ``--memory-limit`` fails with a clear message; the others export."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from xml.etree import ElementTree

import pytest

import exporter.batch
import exporter.pipeline
from exporter.batch import guarded
from exporter.cli import main
from exporter.jobs import Job, Result
from exporter.options import Options
from exporter.theme import Theme, load_theme
from exporter.workers import LOOKING, MB, Task, start_method
from tests.conftest import listed, small_course

pytestmark = pytest.mark.skipif(start_method() is None, reason="no workers here (Windows)")


def resident() -> int:
    """Return this process's resident memory in MB: no forked worker touches more of it."""
    with open(f"/proc/{os.getpid()}/status") as status:
        line = next(line for line in status if line.startswith("VmRSS:"))
    return int(line.split()[1]) // 1024


def hogging(real: Task, limit: int) -> Task:
    """Return ``export_lesson`` made to hold 200 MB more than ``limit`` on ``hog.md`` until
    killed, and on ``spike.md`` to reach as much, let go of it and finish (the workers are
    forked, so they inherit the patch). The worker takes what it lacks of that on top of what
    it holds already: a worker forked from a test process that has grown holds that process's
    pages as well."""

    def export(job: Job, options: Options, theme: Theme) -> Result:
        if job.source.stem in ("hog", "spike"):
            hog = b"x" * ((limit + 200 - resident()) * MB)  # written, so resident
            if job.source.stem == "hog":
                threading.Event().wait()  # until the command kills this worker
            del hog
        return real(job, options, theme)

    return export


@pytest.mark.skipif(not LOOKING, reason="only Linux shows a worker's memory while it works")
def test_a_lesson_past_the_memory_limit_is_stopped_and_the_others_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    limit = resident() + 300
    monkeypatch.setattr(
        exporter.batch, "export_lesson", hogging(exporter.pipeline.export_lesson, limit)
    )
    root, out, junit = (
        small_course(tmp_path, ("a", "hog", "b", "c")),
        tmp_path / "out",
        tmp_path / "j.xml",
    )
    flags = ["-q", "-j", "2", "--format", "pptx", "--timeout", "600", "--junit", str(junit)]
    assert main(["build", str(root), "-o", str(out), "--memory-limit", str(limit), *flags]) == 1
    err = capsys.readouterr().err
    stopped = f"stopped at {limit} MB (--memory-limit): the lesson needed too much memory"
    assert f"{root / 'hog.md'}: error: {stopped}" in err
    assert sorted(path.name for path in listed(out)) == ["a.pptx", "b.pptx", "c.pptx"]
    [error] = ElementTree.parse(junit).getroot().iter("error")  # stopped, not failed by its text
    assert error.get("type") == "memory"


def test_a_lesson_that_went_past_the_limit_and_finished_fails_all_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """However quickly it let go (between two looks, or on macOS where nobody looks)."""
    limit = resident() + 300
    monkeypatch.setattr(
        exporter.batch, "export_lesson", hogging(exporter.pipeline.export_lesson, limit)
    )
    root, out = small_course(tmp_path, ("a", "spike", "b")), tmp_path / "out"
    build = ["build", str(root), "-o", str(out), "-q", "-j", "1", "--format", "pptx"]
    assert main([*build, "--memory-limit", str(limit + 400)]) == 0
    assert main([*build, "--memory-limit", str(limit), "--force"]) == 1
    err = capsys.readouterr().err
    assert f"{root / 'spike.md'}: error: stopped at {limit} MB (--memory-limit)" in err
    assert "removed the earlier" in err  # nothing of it is left, not even what it wrote
    assert sorted(path.name for path in listed(out)) == ["a.pptx", "b.pptx"]


def test_running_out_of_memory_in_the_command_itself_is_not_called_a_bug(tmp_path: Path) -> None:
    def greedy(job: Job, options: Options, theme: Theme) -> Result:
        raise MemoryError

    job = Job(tmp_path / "a.md", "a.md", tmp_path / "a", tmp_path)
    result = guarded(job, Options(), load_theme("default"), greedy)
    [diagnostic] = result.diagnostics
    assert result.status == "failed" and diagnostic.code == "memory"
    assert "internal" not in diagnostic.message


@pytest.mark.parametrize("value", ["0", "-5", "1.5", "1G", ""])
def test_a_bad_memory_limit_is_a_usage_error(value: str) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["build", "x.md", "--memory-limit", value])
    assert caught.value.code == 2


@pytest.mark.parametrize("value", ["0", "1.5", '"512"', "true"])
def test_a_bad_memory_limit_setting_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    (tmp_path / "lesson-export.toml").write_text(f"memory_limit = {value}\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["build", "x.md"]) == 2
    assert "setting 'memory_limit' must be a whole number of megabytes" in capsys.readouterr().err


def test_the_memory_limit_setting_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[int] = []

    def spy(jobs, options, *args, **keywords):  # type: ignore[no-untyped-def]
        seen.append(options.memory_limit)
        return []

    small_course(tmp_path, ("a",))
    (tmp_path / "lesson-export.toml").write_text("memory_limit = 700\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("exporter.batch.build_all", spy)
    assert main(["build", "course", "-q"]) == 0
    assert main(["build", "course", "-q", "--memory-limit", "900"]) == 0
    assert seen == [700, 900]
    assert Options().memory_limit == 1024
