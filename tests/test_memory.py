"""batch: a lesson past ``--memory-limit`` fails with a clear message; the others export."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from xml.etree import ElementTree

import pytest

import exporter.batch
import exporter.pipeline
from exporter.apart import FORKS, run_apart
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


def hogging_apart(real: Task, limit: int, pids: Path | None = None) -> Task:
    """Return ``export_lesson`` made to do what ``hogging`` does in a child process of the
    worker's (``run_apart``), as a part of a long PDF is laid out; the hogging child writes
    its process number to ``pids``, if given."""

    def hog(stem: str) -> None:
        if pids is not None and stem == "hog":
            pids.write_text(str(os.getpid()), encoding="utf-8")
        held = b"x" * ((limit + 200 - resident()) * MB)
        if stem == "hog":
            threading.Event().wait()  # until the command kills the worker, and it this child
        del held

    def export(job: Job, options: Options, theme: Theme) -> Result:
        if job.source.stem in ("hog", "spike"):
            run_apart(hog, job.source.stem)
        return real(job, options, theme)

    return export


@pytest.mark.parametrize(
    "where",
    [
        "worker",
        pytest.param("child", marks=pytest.mark.skipif(not FORKS, reason="no child forked here")),
    ],
)
@pytest.mark.skipif(not LOOKING, reason="only Linux shows a worker's memory while it works")
def test_a_lesson_past_the_memory_limit_is_stopped_and_the_others_export(
    where: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    limit, pids = resident() + 300, tmp_path / "hog.pid"
    export = exporter.pipeline.export_lesson
    hogs = hogging(export, limit) if where == "worker" else hogging_apart(export, limit, pids)
    monkeypatch.setattr(exporter.batch, "export_lesson", hogs)
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
    if where == "child":  # killed with its worker, by the kernel: gone at once, or about to be
        assert gone(int(pids.read_text(encoding="utf-8")), deadline=60.0)


def gone(pid: int, deadline: float) -> bool:
    """Return whether process ``pid`` has ended (or is a zombie, ended but not yet waited
    for by the process that adopted it) within ``deadline`` seconds."""
    ends = time.monotonic() + deadline
    while time.monotonic() < ends:
        try:
            with open(f"/proc/{pid}/stat", encoding="utf-8") as stat:
                state = stat.read().rpartition(")")[2].split()[0]
        except OSError:
            return True
        if state in ("Z", "X"):
            return True
        time.sleep(0.05)  # a look every 50 ms until the deadline: not a wait for "long enough"
    return False


@pytest.mark.parametrize(
    "where",
    [
        "worker",
        pytest.param("child", marks=pytest.mark.skipif(not FORKS, reason="no child forked here")),
    ],
)
def test_a_lesson_that_went_past_the_limit_and_finished_fails_all_the_same(
    where: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """However quickly it let go (between two looks, or on macOS where nobody looks), in the
    worker or in a child of the worker's that has ended."""
    limit = resident() + 300
    hogs = hogging if where == "worker" else hogging_apart
    monkeypatch.setattr(
        exporter.batch, "export_lesson", hogs(exporter.pipeline.export_lesson, limit)
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
