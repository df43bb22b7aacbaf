"""batch: lessons on worker processes: the same bytes as one at a time, time limits, crashes
and interruptions that leave nothing half-written."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from xml.etree import ElementTree

import pytest

import exporter.batch
import exporter.pipeline
import exporter.workers
from exporter.cli import main
from exporter.console import Display
from exporter.jobs import Job, Result, Status
from exporter.manifest import NAME as MANIFEST
from exporter.options import Options
from exporter.theme import Theme, load_theme
from exporter.workers import Task
from tests.conftest import BUILT, LESSONS, Built, listed
from tests.test_reports import valid

GOOD = "---\ntitle: Good\nsection: 1\nlesson: 1\n---\n\n### Hello\n\n- **A**: b\n"


def course(tmp_path: Path, names: tuple[str, ...] = ("a", "b", "hang", "c")) -> Path:
    root = tmp_path / "course"
    root.mkdir()
    for name in names:
        (root / f"{name}.md").write_text(GOOD.replace("Good", name), encoding="utf-8")
    return root


def until(event: Callable[[], bool], what: str = "the event", deadline: float = 120.0) -> None:
    """Wait for ``event()`` to hold, looking every few milliseconds, for up to ``deadline`` s
    (generous: the suite must pass on a slow, loaded machine)."""
    ends = time.monotonic() + deadline
    while not event():
        if time.monotonic() > ends:
            raise AssertionError(f"waited {deadline:g} s for {what}")
        time.sleep(0.02)


def workers_of(pid: int) -> list[int]:
    """Return the processes ``pid`` has started."""
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(child) for child in found.stdout.split()]


def alive(pid: int) -> bool:
    """Return whether process ``pid`` still runs (a zombie, dead but not yet reaped, does not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in listed(folder, deep=True)
        if p.is_file()
    }


def test_parallel_and_serial_builds_write_the_same_bytes(serial: Built, parallel: Built) -> None:
    written = files(serial.out)
    assert len(written) == 2 * len(list(LESSONS.rglob("*.md")))
    assert written == files(parallel.out)


def test_parallel_and_serial_builds_print_the_same_log(serial: Built, parallel: Built) -> None:
    lessons = len(list(LESSONS.rglob("*.md")))
    assert len(serial.log) == lessons + 2, serial.log  # and a warning, and the summary
    assert serial.log == parallel.log


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_worker_is_replaced_after_its_share_of_lessons_and_the_bytes_stay_the_same(
    jobs: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = course(tmp_path, ("a", "b", "c", "d", "e", "f", "g"))
    assert main(["build", str(root), "-o", str(tmp_path / "once"), "-q", "-j", jobs]) == 0
    task = exporter.batch.guarded

    def recorded(job: Job, options: Options, theme: Theme, **kwargs: object) -> Result:
        result = task(job, options, theme, **kwargs)  # type: ignore[arg-type]
        return replace(result, seconds=float(os.getpid()))  # which worker, carried back

    monkeypatch.setattr(exporter.workers, "RECYCLE", 2)
    monkeypatch.setattr(exporter.batch, "guarded", recorded)
    done: list[Result] = []
    options = Options(inputs=(str(root),), output=tmp_path / "recycled", jobs=int(jobs))
    lessons = exporter.batch.discover(options.inputs, options)
    theme = load_theme("default")
    results = exporter.batch.export_all(lessons, options, theme, done.append)
    assert all(result.status is Status.EXPORTED for result in results)
    served = [int(result.seconds) for result in results]
    per_worker = {pid: served.count(pid) for pid in served}
    assert max(per_worker.values()) <= 2 and len(per_worker) >= 4, per_worker
    assert os.getpid() not in per_worker  # each on a worker, none in the command
    assert files(tmp_path / "recycled") == files(tmp_path / "once")


def hanging(real: Task) -> Task:
    """Return ``export_lesson`` made to hang on ``hang.md`` (the workers are forked, so they
    inherit the patch), and to crash its worker on ``crash.md``."""

    def export(job: Job, options: Options, theme: Theme) -> Result:
        if job.source.name == "hang.md":  # far past any time limit under test
            time.sleep(600)
        if job.source.name == "crash.md":
            os._exit(3)
        return real(job, options, theme)

    return export


def test_a_lesson_past_the_time_limit_is_stopped_and_the_others_export(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root, out = course(tmp_path), tmp_path / "out"
    assert main(["build", str(root), "-o", str(out), "-q"]) == 0
    monkeypatch.setattr(exporter.batch, "export_lesson", hanging(exporter.pipeline.export_lesson))
    (out / ".hang.pptx.abc123.tmp").write_bytes(b"half")  # as a killed worker leaves it
    junit = tmp_path / "junit.xml"
    # The limit stops hang.md; the others, a tenth of a second each here, stay far inside it
    # even on a loaded machine.
    build = ["build", str(root), "-o", str(out), "-q", "-j", "2", "--timeout", "5", "--force"]
    assert main([*build, "--junit", str(junit)]) == 1
    err = capsys.readouterr().err
    told = f"{root / 'hang.md'}: error: stopped after 5 s (--timeout): the lesson took too long"
    assert [line for line in err.splitlines() if ": error:" in line] == [told], err
    names = sorted(files(out))
    assert names == sorted(f"{n}.{ext}" for n in "abc" for ext in ("handout.pdf", "pptx"))
    suite = ElementTree.parse(junit).getroot()
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("4", "0", "1")
    [stopped] = suite.iter("error")  # it could not run to its end: an error, not a failure
    assert stopped.get("type") == "timeout" and "took too long" in stopped.get("message", "")


def test_a_worker_that_dies_fails_its_lesson_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root, out = course(tmp_path, ("a", "crash", "b", "c", "d")), tmp_path / "out"
    monkeypatch.setattr(exporter.batch, "export_lesson", hanging(exporter.pipeline.export_lesson))
    assert main(["build", str(root), "-o", str(out), "--format", "pptx", "-j", "2"]) == 1
    captured = capsys.readouterr()
    assert "internal error, please report it: its worker stopped (exit code 3)" in captured.err
    assert "5 lesson(s): 4 exported, 1 failed" in captured.out
    assert sorted(files(out)) == ["a.pptx", "b.pptx", "c.pptx", "d.pptx"]


def big_lesson(folder: Path, pages: int = 400) -> Path:
    """Write a lesson long enough to take several seconds to export (its handout)."""
    page = "### Page {n}\n\n- **Point**: " + "words " * 30 + "\n- Another point.\n"
    body = "\n<!-- pagebreak -->\n\n".join(page.format(n=n) for n in range(pages))
    lesson = folder / "big.md"
    lesson.write_text("---\ntitle: Big\n---\n\n" + body, encoding="utf-8")
    return lesson


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_batch_leaves_no_temporary_or_half_written_file(
    tmp_path: Path, signum: int
) -> None:
    folder = tmp_path / "course"
    folder.mkdir()
    for name in "abc":
        big_lesson(folder).rename(folder / f"{name}.md")
    out, report, junit = tmp_path / "out", tmp_path / "report.json", tmp_path / "junit.xml"
    command = [sys.executable, "-m", "exporter", "build", str(folder), "-o", str(out), "-j", "2"]
    command += ["--report", str(report), "--junit", str(junit)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    until(lambda: len(workers_of(process.pid)) == 2, "both workers")
    process.send_signal(signum)  # mid-build: each worker has a lesson that takes seconds
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130, err
    assert "interrupted" in err and "Traceback" not in err
    # The reports are written all the same, each lesson in them: done, or interrupted.
    lessons = valid(report)["lessons"]
    assert isinstance(lessons, list) and len(lessons) == 3
    for lesson in lessons:
        codes = [diagnostic["code"] for diagnostic in lesson["diagnostics"]]
        assert lesson["status"] == "exported" or codes == ["interrupted"], lesson
    assert ElementTree.parse(junit).getroot().get("tests") == "3"
    left = [p.name for p in listed(out, deep=True)] if out.exists() else []
    assert not [name for name in left if name.endswith(".tmp")], left
    for name in left:  # whatever was written is whole
        path = out / name
        if name.endswith(".pptx"):
            assert zipfile.ZipFile(path).testzip() is None
        if name.endswith(".pdf"):
            assert path.read_bytes().rstrip().endswith(b"%%EOF")


def test_an_interrupted_build_reports_the_lessons_done_and_the_others_as_interrupted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root, out = course(tmp_path, ("a", "b", "c")), tmp_path / "out"
    report, junit = tmp_path / "report.json", tmp_path / "junit.xml"
    told = Display.done

    def interrupted_after(display: Display, result: Result) -> None:
        told(display, result)
        raise KeyboardInterrupt  # Ctrl-C as the first lesson is done

    monkeypatch.setattr(Display, "done", interrupted_after)
    flags = ["--format", "pptx", "-j", "1", "--report", str(report), "--junit", str(junit)]
    assert main(["build", str(root), "-o", str(out), *flags]) == 130
    assert "interrupted" in capsys.readouterr().err
    lessons = valid(report)["lessons"]
    assert isinstance(lessons, list)
    ended = {
        Path(lesson["source"]).name: (lesson["status"], [d["code"] for d in lesson["diagnostics"]])
        for lesson in lessons
    }
    assert ended == {
        "a.md": ("exported", []),
        "b.md": ("failed", ["interrupted"]),
        "c.md": ("failed", ["interrupted"]),
    }
    suite = ElementTree.parse(junit).getroot()
    assert (suite.get("tests"), suite.get("errors"), suite.get("failures")) == ("3", "2", "0")
    assert files(out) == {"a.pptx": (out / "a.pptx").read_bytes()}  # the others left as they were


@pytest.mark.parametrize(
    "args", [("-j", "0"), ("--jobs", "x"), ("--timeout", "0"), ("--timeout", "-1")]
)
def test_bad_jobs_and_timeouts_are_usage_errors(args: tuple[str, ...]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["build", "x.md", *args])
    assert caught.value.code == 2


def test_workers_end_when_the_command_is_killed(tmp_path: Path) -> None:
    folder = tmp_path / "course"
    folder.mkdir()
    for name in "ab":
        big_lesson(folder, 150).rename(folder / f"{name}.md")
    command = [sys.executable, "-m", "exporter", "build", str(folder), "-o", str(tmp_path / "o")]
    process = subprocess.Popen([*command, "-j", "2"], stderr=subprocess.DEVNULL)
    until(lambda: len(workers_of(process.pid)) == 2, "both workers")
    children = workers_of(process.pid)
    process.kill()
    process.wait()
    until(lambda: not any(alive(pid) for pid in children), "orphan workers")


def test_a_build_removes_the_temporary_folders_a_build_killed_outright_left(
    tmp_path: Path,
) -> None:
    """A command killed with SIGKILL cannot remove its workers' temporary folders (in
    ``TMPDIR``); the next build removes them once their command is gone and they are a minute
    old (CLI review: a machine held hundreds). A running build's are kept."""
    folder = tmp_path / "course"
    folder.mkdir()
    for name in "ab":
        big_lesson(folder, 150).rename(folder / f"{name}.md")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary)}
    command = [sys.executable, "-m", "exporter", "build", str(folder), "-o", str(tmp_path / "o")]
    process = subprocess.Popen([*command, "-j", "2"], stderr=subprocess.DEVNULL, env=env)

    def rendering() -> int:
        """How many workers write into their folders (a PDF's fonts): each is long past the
        start, where a worker whose command is already gone ends and removes its folder."""
        found = temporary.glob("lesson-export-worker-*")
        return sum(1 for worker in found if next(worker.glob("*"), None) is not None)

    until(lambda: len(workers_of(process.pid)) == 2 and rendering() == 2, "both workers")
    children = workers_of(process.pid)
    process.kill()
    process.wait()
    until(lambda: not any(alive(pid) for pid in children), "orphan workers")
    left = list(temporary.iterdir())  # the workers' folders, and WeasyPrint's
    assert len([p for p in left if p.name.startswith("lesson-export-worker-")]) == 2, left
    living = temporary / f"lesson-export-worker-{os.getpid()}-kept"  # a running build's
    living.mkdir()
    old = time.time() - 120
    for path in (*left, living):
        os.utime(path, (old, old))
    lesson = folder / "a.md"
    again = [sys.executable, "-m", "exporter", "build", str(lesson), "-o", str(tmp_path / "p")]
    subprocess.run([*again, "-q", "--format", "pptx"], env=env, check=True, timeout=300)
    assert [p.name for p in temporary.iterdir()] == [living.name]


def test_two_lessons_that_would_write_one_file_are_caught(tmp_path: Path) -> None:
    root = course(tmp_path, ("x", "x.handout"))
    out = tmp_path / "out"
    assert main(["build", str(root), "-o", str(out), "--format", "pdf,handout", "-q"]) == 1
    # x.handout.md comes first (sorted) and keeps x.handout.pdf; x.md, which wants it too, fails
    assert sorted(files(out)) == ["x.handout.handout.pdf", "x.handout.pdf"]


def test_two_lessons_of_a_folder_that_would_write_one_file_are_told_to_rename_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Lessons found in a folder named on the command line whose outputs share a name
    (``x.md``'s handout is ``x.handout.md``'s slide PDF) were told that "a lesson named on its
    own" is written into the output folder, though none was (CLI review)."""
    root = course(tmp_path, ("x", "x.handout"))
    assert main(["build", str(root), "-o", str(tmp_path / "out"), "--format", "pdf,handout"]) == 1
    [line] = [line for line in capsys.readouterr().err.splitlines() if "would overwrite" in line]
    assert "its output x.handout.pdf would overwrite" in line, line
    assert line.endswith("rename one of the two lessons") and "named on its own" not in line


def test_a_worker_killed_between_lessons_hands_the_next_one_to_a_fresh_worker(
    tmp_path: Path,
) -> None:
    """As the OOM killer might: the worker dies after sending one result, before the next."""
    import multiprocessing
    from dataclasses import replace

    from exporter.workers import run_on_workers

    def job(name: str) -> Job:
        return Job(tmp_path / f"{name}.md", name, tmp_path / name, tmp_path)

    def task(job: Job, options: Options, theme: Theme) -> Result:
        time.sleep(0.1)
        return Result(job, Status.EXPORTED, (), ())

    def done(result: Result) -> None:
        if result.job.display == "A":
            pids = [child.pid or 0 for child in multiprocessing.active_children()]
            for pid in pids:
                os.kill(pid, signal.SIGKILL)
            until(lambda: not any(alive(pid) for pid in pids))  # dead, pipes closed

    options = replace(Options(), jobs=1, timeout=5)
    results = run_on_workers([job("A"), job("B"), job("C")], options, None, task, done)  # type: ignore[arg-type]
    assert [r.status for r in results] == ["exported"] * 3


def on_a_terminal(*args: str) -> str:
    """Return what the command prints to a terminal (a pseudo-terminal for both outputs)."""
    import pty

    primary, secondary = pty.openpty()
    environment = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120"}
    environment.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "exporter", *args],
        stdout=secondary,
        stderr=secondary,
        env=environment,
    )
    os.close(secondary)
    chunks = []
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the command has ended and closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    assert process.wait(timeout=60) == 0
    os.close(primary)
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_terminal_gets_a_progress_bar_and_a_pipe_gets_a_line_per_lesson(tmp_path: Path) -> None:
    root, out = course(tmp_path, ("a", "b", "c")), tmp_path / "out"
    (root / "b.md").write_text(GOOD + "\n![](gone.png)\n", encoding="utf-8")
    build = ["build", str(root), "-o", str(out), "--format", "pptx", "-j", "2"]
    shown = on_a_terminal(*build)
    assert "Exporting" in shown and "3/3" in shown  # the bar, to its end
    assert f"{root / 'b.md'}:11: warning: image 'gone.png' is shown as a placeholder" in shown
    assert "exported " not in shown  # the bar stands for the lines
    assert re.search(r"3 lesson\(s\): 3 exported, 0 failed, 2 warning\(s\) in [\d.]+ s", shown)
    assert shown.count("\x1b[?25l") == shown.count("\x1b[?25h") == 1  # the cursor given back
    piped = subprocess.run(
        [sys.executable, "-m", "exporter", *build, "--force"], capture_output=True, text=True
    )
    assert piped.returncode == 0, piped.stderr
    assert "Exporting" not in piped.stdout + piped.stderr
    assert sorted(line.split()[1] for line in piped.stdout.splitlines()[:-1]) == [
        str(root / f"{name}.md") for name in "abc"
    ]
    verbose = subprocess.run(
        [sys.executable, "-m", "exporter", *build, "-v"], capture_output=True, text=True
    )
    assert verbose.returncode == 0, verbose.stderr
    assert sorted(verbose.stdout.splitlines()[:-1]) == [
        f"up to date {root / name}.md (2 slides)" for name in "abc"
    ]
    both = subprocess.run(
        [sys.executable, "-m", "exporter", *build, "-q", "-v"], capture_output=True, text=True
    )
    assert both.returncode == 2
    assert "--quiet and --verbose cannot be given together" in both.stderr


def test_prune_never_removes_a_file_outside_the_output_folder(tmp_path: Path) -> None:
    root, out = course(tmp_path, ("a",)), tmp_path / "out"
    assert main(["build", str(root), "-o", str(out), "-q", "--format", "pptx"]) == 0
    victim = tmp_path / "victim.pptx"
    victim.write_bytes(b"keep me")
    manifest = out / MANIFEST
    entries = json.loads(manifest.read_text(encoding="utf-8"))
    entries["lessons"]["../victim"] = {**entries["lessons"]["a"], "source": "../gone.md"}
    manifest.write_text(json.dumps(entries), encoding="utf-8")
    assert main(["build", str(root), "-o", str(out), "-q", "--format", "pptx", "--prune"]) == 0
    assert victim.read_bytes() == b"keep me"


def test_spawned_workers_as_on_macos_write_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serial: Built
) -> None:
    started: list[str] = []
    real = exporter.workers.run_on_workers

    def spy(*args, **keywords):  # type: ignore[no-untyped-def]
        started.append(args[-1] if len(args) > 6 else keywords["method"])
        return real(*args, **keywords)

    monkeypatch.setattr(exporter.batch, "start_method", lambda: "spawn")
    monkeypatch.setattr(exporter.batch, "run_on_workers", spy)
    section = LESSONS / "section-14"  # a part of the course: spawning costs seconds a worker
    out = tmp_path / "spawned"
    assert main(["build", str(section), "-o", str(out), *BUILT, "-q", "-j", "2"]) == 0
    assert started == ["spawn"]
    assert files(serial.out / section.name) == files(out) != {}


def test_a_folder_that_cannot_be_read_is_an_error_not_lessons_left_out(tmp_path: Path) -> None:
    import shutil

    setpriv = shutil.which("setpriv")
    if os.geteuid() != 0 or setpriv is None:
        pytest.skip("needs root and setpriv to drop the right to read any folder")
    root = course(tmp_path, ("a",))
    (root / "locked").mkdir()
    (root / "locked" / "b.md").write_text(GOOD, encoding="utf-8")
    (root / "locked").chmod(0)
    caps = "-dac_override,-dac_read_search,-fowner"
    command = [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}", sys.executable]
    command += ["-m", "exporter", "build", str(root), "-o", str(tmp_path / "out"), "-q"]
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
    finally:
        (root / "locked").chmod(0o755)
    assert result.returncode == 2, result.stderr
    assert f"cannot read the folder {root / 'locked'}: Permission denied" in result.stderr
    assert "Traceback" not in result.stderr
    (root / "locked").chmod(0)
    try:  # left out on purpose: no error
        excluded = subprocess.run([*command, "--exclude", "locked/*"], capture_output=True)
    finally:
        (root / "locked").chmod(0o755)
    assert excluded.returncode == 0, excluded.stderr


def test_two_lessons_of_one_name_named_one_by_one_say_how_to_keep_both(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``build section-14/lesson-1.md section-15/lesson-1.md -o OUT`` writes both into OUT:
    the second fails, naming the first and saying how to keep both; the first is exported,
    and the folder holding both, named instead, mirrors its tree with no failure."""
    course = tmp_path / "course"
    for section in ("section-14", "section-15"):
        (course / section).mkdir(parents=True)
        text = f"---\ntitle: {section}\n---\n\n### A page\n\n- A point.\n"
        (course / section / "lesson-1.md").write_text(text, encoding="utf-8")
    first, second = (course / s / "lesson-1.md" for s in ("section-14", "section-15"))
    out = tmp_path / "out"
    argv = ["build", str(first), str(second), "-o", str(out), "--format", "pptx"]
    assert main(argv) == 1
    said = capsys.readouterr()
    [line] = [line for line in said.err.splitlines() if "would overwrite" in line]
    assert line.startswith(f"{second}:") and str(first) in line
    assert "name the folder that holds both" in line and "(-o)" in line
    assert [path.name for path in out.glob("*.pptx")] == ["lesson-1.pptx"]
    mirrored = tmp_path / "mirrored"
    assert main(["build", str(course), "-o", str(mirrored), "--format", "pptx", "-q"]) == 0
    assert (mirrored / "section-14" / "lesson-1.pptx").is_file()
    assert (mirrored / "section-15" / "lesson-1.pptx").is_file()


def test_a_linked_folder_inside_the_course_is_built_once_and_each_other_link_is_told(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder of the course that is a link was left out without a word (CI review). A link
    leading inside the course is followed, once; one leading outside it, back to a folder
    it lies in, or to a folder built already is not, and a note names it."""
    monkeypatch.chdir(tmp_path)
    root = Path("course")
    (root / "unit-1").mkdir(parents=True)
    (root / "unit-1" / "a.md").write_text(GOOD, encoding="utf-8")
    (root / ".shared" / "deep").mkdir(parents=True)  # hidden: no lessons of its own
    (root / ".shared" / "deep" / "s.md").write_text(GOOD.replace("Good", "Shared"), "utf-8")
    (Path("elsewhere")).mkdir()
    (Path("elsewhere") / "secret.md").write_text(GOOD.replace("Good", "Secret"), "utf-8")
    (root / "unit-2").symlink_to(".shared", target_is_directory=True)
    (root / "unit-3").symlink_to(".shared", target_is_directory=True)
    (root / "unit-1" / "up").symlink_to("..", target_is_directory=True)
    (root / "current").symlink_to("unit-1", target_is_directory=True)
    (root / "outside").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    assert main(["build", "course", "-o", "out", "--format", "pptx"]) == 0
    captured = capsys.readouterr()
    built = sorted(p.relative_to("out").as_posix() for p in Path("out").rglob("*.pptx"))
    assert built == ["unit-1/a.pptx", "unit-2/deep/s.pptx"]
    assert "2 lesson(s): 2 exported" in captured.out
    notes = [line for line in captured.err.splitlines() if line.startswith("lesson-export: note")]
    assert notes == [
        "lesson-export: note: course/current: a link to course/unit-1, a folder the build goes "
        "through already, not followed (its lessons would be built twice)",
        f"lesson-export: note: course/outside: a link to {tmp_path / 'elsewhere'}, outside the "
        "course folder course, not followed: lessons must lie inside the course folder",
        "lesson-export: note: course/unit-1/up: a link to course, a folder it lies in, not "
        "followed (it would loop)",
        "lesson-export: note: course/unit-3: a link to course/.shared, a folder the build goes "
        "through already, not followed (its lessons would be built twice)",
    ]
    # Excluded, a link is left out without a note, as its lessons are.
    assert main(["check", "course", "-q", "--exclude", "outside/*"]) == 0
    assert "course/outside" not in capsys.readouterr().err


GLOBS = (
    "**/*.md",
    "*/*.md",
    "*/**/lesson-?.md",
    "**/deep/*.md",
    "[su]*/*/*.md",
    "unit-2/**/*.md",
    "**/*.markdown",
    "*",
)


@pytest.mark.parametrize("pattern", GLOBS)
def test_a_glob_through_a_linked_folder_finds_what_it_finds_in_a_real_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, pattern: str
) -> None:
    """A course whose ``unit-2`` is a link to a hidden folder of it is matched by a glob as
    the same course with ``unit-2`` a real folder is by ``Path.glob``: each lesson at the
    link's place (``**`` went through no link, without a word)."""
    monkeypatch.chdir(tmp_path)
    files = ["a.md", "unit-1/lesson-1.md", "unit-1/deep/b.md", "unit-2/lesson-2.md"]
    files += ["unit-2/deep/lesson-3.md", "unit-2/deep/notes.markdown", "unit-2/deep/c.md"]
    for course in ("real", "linked"):
        for name in files:
            shared = name.replace("unit-2", ".shared") if course == "linked" else name
            (Path(course) / shared).parent.mkdir(parents=True, exist_ok=True)
            (Path(course) / shared).write_text(GOOD, encoding="utf-8")
    Path("linked", "unit-2").symlink_to(".shared", target_is_directory=True)
    real = sorted(p.relative_to("real") for p in Path("real").glob(pattern) if p.is_file())
    options = Options(inputs=(f"linked/{pattern}",), output=tmp_path / "out")
    jobs = exporter.batch.discover(options.inputs, options)
    assert real and sorted(job.source.relative_to("linked") for job in jobs) == real
