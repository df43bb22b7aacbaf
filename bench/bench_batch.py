"""Benchmark exporting a whole course with the CLI, beside pandoc, on this machine.

The course is synthetic, written by ``course.py`` into a temporary folder: ``--lessons``
lessons (default 300) in 19 section folders, from ``random.Random`` seeded with ``--seed``, in
the shape of the real lessons (median 4 pages, at most 9; comparison pages, long pages that
split, tables, code blocks, a few small local PNGs, speaker notes; no remote image). Its shape
is printed first. Every command is ``lesson-export`` (the console script beside this Python)
run as a subprocess with ``-q --offline``, every build with ``--format pptx,handout``; a
command that exits non-zero stops the benchmark. It measures, in one run and in this order,
wall times as the median, min and max of their runs:

1. Full export: ``build COURSE -o OUT -j 1 --force`` and the same with ``-j 2``, each
   ``--full-runs`` times (default 1). ``--force`` makes the incremental manifest export every
   lesson again; where the CLI does not accept ``--force`` (asked once with ``build --help``),
   each run writes into a fresh folder instead, and the output says so.
2. Peak memory during the ``-j 2`` full exports: about every 20 ms, the ``VmHWM`` (peak
   resident set size) of the command and of each of its children (``/proc/<pid>/status``; the
   children from ``/proc/<pid>/task/*/children``, else from every process's ``PPid``) is
   kept. The largest worker's and the command's are reported in MB (10**6 bytes), the
   largest over the runs, with the children seen by name (the forked workers carry the
   command's; the programs it runs, such as the ``gcc`` and ``ldconfig`` of ctypes' library
   search, their own). A forked worker's RSS counts the pages it still shares with the command
   (copy-on-write), so the two are not to be added up. A child that lives less than a poll may
   be missed, and a child's last ~20 ms before it exits.
3. No-change rebuild: the ``-j 2`` command again without ``--force``, into the folder the last
   full export built (``--runs`` times), and how many of its decks and PDFs it rewrote (their
   modification times).
4. One changed lesson: one bullet of one lesson edited (a different edit each run), then the
   same rebuild (``--runs`` times), and how many outputs it rewrote.
5. ``check COURSE -q --offline`` (``--runs`` times).
6. One lesson from a cold command: ``build LESSON -o FRESH --format pptx,handout -q
   --offline`` on a lesson with the course's median page count, into a new folder each run
   (``--runs`` times).
7. Peer: pandoc (from the PyPI package pypandoc-binary), one process per lesson and format,
   two lessons at a time (as our ``-j 2``: equal parallelism), once each, on the first
   ``--pandoc-lessons`` lessons (default all): the lesson as ``bench_pptx.pandoc_source``
   gives it, to PPTX, then to PDF with ``--pdf-engine=weasyprint`` (the ``weasyprint`` beside
   this Python first on PATH, as in ``bench_pdf.py``), run in the lesson's folder so that its
   images resolve. Per lesson (median, min, max), and the wall time of the whole sample.
   Our ``-j 2`` full export's median is compared with pandoc's wall time; when pandoc ran on
   K of the N lessons, with our time per lesson times K, and the output says so. If pandoc is
   missing or fails, the peer is skipped with a message.

Targets: the ``-j 2`` full export at least 5x faster than pandoc's PPTX + PDF two at a time
(``-j 2`` both); one cold lesson
under 1.2 s; a no-change rebuild and one changed lesson each under 2 s; check under 5 s; the
largest worker's peak memory under 300 MB.

Run it from anywhere (the default course takes minutes, pandoc's share most of them):

    python bench/bench_batch.py [--lessons N] [--runs N] [--full-runs N]
                                [--pandoc-lessons N] [--seed N]

or ``make bench``. It needs the project installed, plus pypandoc-binary for the peer
(``pip install pypandoc-binary`` or ``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pptx import Timing, find_cli, find_pandoc, pandoc_source, positive
from course import Course, write_course

FORMATS = "pptx,handout"
PDF_ENGINE = "--pdf-engine=weasyprint"
POLL_S = 0.02
SPEEDUP_TARGET = 5.0
COLD_TARGET_S = 1.2
NO_CHANGE_TARGET_S = 2.0
CHANGED_TARGET_S = 2.0
CHECK_TARGET_S = 5.0
WORKER_TARGET_MB = 300.0
WORKER_LABEL = "Peak RSS, largest worker (-j 2)"
SPEEDUP_LABEL = "Speedup: full -j 2 vs pandoc PPTX+PDF -j 2"
PEER_JOBS = 2
"""How many lessons pandoc converts at a time: as many as our build's ``-j 2``."""
EDITABLE = re.compile(r"^[ \t]*- (?!\*\*[^*]+\*\*:[ \t]*$).+$", re.MULTILINE)
"""A bullet with text of its own (not a label-only parent, whose edit would change layout)."""


@dataclass(frozen=True)
class Target:
    """A figure and the limit it should stay under (or, ``at_least``, reach)."""

    value: float | None
    """``None`` when the figure could not be measured."""
    limit: float
    unit: str
    at_least: bool = False

    def describe(self) -> str:
        """Return the target and whether it is met, such as ``< 2 s: MET``."""
        goal = f"{'>=' if self.at_least else '<'} {self.limit:g}{self.unit}"
        if self.value is None:
            return f"{goal}: not measured"
        met = self.value >= self.limit if self.at_least else self.value < self.limit
        return f"{goal}: {'MET' if met else 'NOT MET'}"

    @property
    def met(self) -> bool:
        return self.describe().endswith(": MET")


@dataclass(frozen=True)
class Measured:
    """A timing, with what the command printed last and how many outputs it rewrote."""

    timing: Timing
    said: str
    rewrote: str = ""


@dataclass
class Peaks:
    """Peak resident set sizes seen during commands, in kilobytes (KiB)."""

    command: int = 0
    """The largest ``VmHWM`` of the command itself."""
    children: dict[int, int] = field(default_factory=dict)
    """The largest ``VmHWM`` of each child process seen, by process id."""
    names: dict[int, str] = field(default_factory=dict)
    """Each child's ``Name``: a forked worker has the command's, a program it runs its own."""

    def seen(self) -> str:
        """Return how many children were seen by name, such as ``2 lesson-export, 4 gcc``."""
        counts = Counter(self.names.values())
        return ", ".join(f"{count} {name}" for name, count in sorted(counts.items()))

    @property
    def worker_mb(self) -> float:
        """The largest child's peak, in MB."""
        return max(self.children.values(), default=0) * 1024 / 1e6

    @property
    def command_mb(self) -> float:
        """The command's peak, in MB."""
        return self.command * 1024 / 1e6


@dataclass(frozen=True)
class Peer:
    """pandoc's times, once per lesson, for PPTX and for PDF, two lessons at a time."""

    version: str
    pptx: Timing
    pdf: Timing
    total: float
    """The wall time of the whole sample, from the first conversion to the last."""


def parse_args() -> argparse.Namespace:
    """Return the command-line arguments."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--lessons", type=positive, default=300, help="lessons in the course (default 300)"
    )
    parser.add_argument(
        "--runs",
        type=positive,
        default=3,
        help="runs of each command but the full exports (default 3)",
    )
    parser.add_argument(
        "--full-runs", type=positive, default=1, help="runs of each full export (default 1)"
    )
    parser.add_argument(
        "--pandoc-lessons",
        type=positive,
        help="convert only the first N lessons with pandoc (default: every lesson)",
    )
    parser.add_argument("--seed", type=int, default=1, help="the course's seed (default 1)")
    return parser.parse_args()


def last_line(done: subprocess.CompletedProcess[str]) -> str:
    """Return the last line a command printed (its summary), standard output first."""
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[-1] if lines else ""


def checked(done: subprocess.CompletedProcess[str]) -> str:
    """Return the last line a command printed; raise ``RuntimeError`` if it failed."""
    if done.returncode != 0:
        problem = (done.stderr or done.stdout).strip()
        raise RuntimeError(f"{shlex.join(done.args)} exited {done.returncode}: {problem}")
    return last_line(done)


def run_once(argv: list[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, str]:
    """Run ``argv`` once; return its wall time and last line, or raise ``RuntimeError``."""
    start = time.perf_counter()
    done = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    return seconds, checked(done)


def status_of(pid: int) -> dict[str, str]:
    """Return the fields of ``/proc/<pid>/status``, or nothing if the process is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return {}
    fields = (line.partition(":") for line in text.splitlines())
    return {key: value.strip() for key, _, value in fields}


def kib(status: dict[str, str]) -> int:
    """Return a status's ``VmHWM`` in KiB (0 if it has none, as a zombie)."""
    return int(status.get("VmHWM", "0 kB").split()[0])


def children_of(pid: int) -> list[int]:
    """Return the processes whose parent is ``pid``: those its threads started, from
    ``/proc/<pid>/task/<tid>/children``; where the kernel has no such file, from every
    process's ``PPid``.

    The lists cost a tenth of reading every process's status (0.4 ms a poll against 3.7 ms
    here): a poll every 20 ms through every process took about 16 % of a core, beside the
    export it measured on a machine whose two cores the export keeps busy."""
    tasks = Path(f"/proc/{pid}/task")
    try:
        lists = [task / "children" for task in tasks.iterdir()]
    except OSError:
        return []
    if not lists or not lists[0].exists():
        found = (int(name) for name in os.listdir("/proc") if name.isdigit())
        return [child for child in found if status_of(child).get("PPid") == str(pid)]
    children: list[int] = []
    for listed in lists:
        try:
            children.extend(int(child) for child in listed.read_text().split())
        except OSError:
            continue  # a thread that ended since
    return children


def poll(pid: int, peaks: Peaks) -> None:
    """Record the peak RSS of process ``pid`` and of each process whose parent it is."""
    peaks.command = max(peaks.command, kib(status_of(pid)))
    for child in children_of(pid):
        status = status_of(child)
        if status:
            peaks.children[child] = max(peaks.children.get(child, 0), kib(status))
            # As last seen: a child just started may not have run its program yet.
            peaks.names[child] = status.get("Name", "?")


def run_watched(argv: list[str], cwd: Path, peaks: Peaks) -> tuple[float, str]:
    """Run ``argv`` once as ``run_once`` does, polling its and its children's peak RSS."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        process = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=err, text=True)
        while True:
            poll(process.pid, peaks)
            try:
                process.wait(timeout=POLL_S)
                break
            except subprocess.TimeoutExpired:
                continue
        seconds = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(argv, process.returncode, out.read(), err.read())
    return seconds, checked(done)


def outputs(folder: Path) -> dict[Path, int]:
    """Return the modification time of each deck and PDF under ``folder``, in ns."""
    return {
        path: path.stat().st_mtime_ns
        for path in folder.rglob("*")
        if path.suffix in {".pptx", ".pdf"}
    }


def rewritten(before: dict[Path, int], folder: Path) -> str:
    """Return how many outputs under ``folder`` are new or changed since ``before``."""
    after = outputs(folder)
    changed = sum(before.get(path) != mtime for path, mtime in after.items())
    return f"; rewrote {changed} of {len(after)} decks and PDFs"


def accepts_force(cli: str) -> bool:
    """Return whether ``lesson-export build`` takes ``--force``, by its help."""
    done = subprocess.run([cli, "build", "--help"], capture_output=True, text=True, check=False)
    return "--force" in done.stdout


def build_argv(cli: str, inputs: Path, out: Path, jobs: int | None, force: bool) -> list[str]:
    """Return the build command for ``inputs`` into ``out``."""
    argv = [cli, "build", str(inputs), "-o", str(out), "-q", "--offline", "--format", FORMATS]
    argv += ["-j", str(jobs)] if jobs else []
    return argv + (["--force"] if force else [])


def bench_full(
    cli: str, course: Course, work: Path, jobs: int, runs: int, force: bool, peaks: Peaks | None
) -> tuple[Measured, Path]:
    """Time full exports of the course with ``-j jobs``; return them and the last folder."""
    seconds, said, out = [], "", work / f"out-j{jobs}"
    for run in range(1, runs + 1):
        out = work / f"out-j{jobs}" if force else work / f"out-j{jobs}-run{run}"
        argv = build_argv(cli, course.folder, out, jobs, force)
        watched = run_watched(argv, work, peaks) if peaks else run_once(argv, work)
        seconds.append(watched[0])
        said = watched[1]
    label = f"Full export -j {jobs}" + ("" if force else " (no --force: new folder)")
    return Measured(Timing(label, shlex.join(argv), seconds), said), out


def bench_rebuild(cli: str, course: Course, out: Path, runs: int) -> Measured:
    """Time the ``-j 2`` build again without ``--force``, into its own folder, unchanged."""
    argv = build_argv(cli, course.folder, out, 2, force=False)
    seconds, said, rewrote = [], "", ""
    for _ in range(runs):
        before = outputs(out)
        took, said = run_once(argv, out.parent)
        seconds.append(took)
        rewrote = rewritten(before, out)
    return Measured(Timing("No-change rebuild -j 2", shlex.join(argv), seconds), said, rewrote)


def editable_lesson(course: Course) -> Path:
    """Return the lesson nearest the middle of the course that has a bullet to edit."""
    middle = len(course.lessons) // 2
    ordered = sorted(course.lessons, key=lambda path: abs(course.lessons.index(path) - middle))
    for lesson in ordered:
        if EDITABLE.search(lesson.read_text(encoding="utf-8")):
            return lesson
    sys.exit("no lesson of the course has a bullet to edit")


def bench_changed(cli: str, course: Course, out: Path, runs: int) -> Measured:
    """Time the rebuild after editing one bullet of one lesson, a new edit each run."""
    lesson = editable_lesson(course)
    original = lesson.read_text(encoding="utf-8")
    bullet = EDITABLE.search(original)
    assert bullet is not None
    argv = build_argv(cli, course.folder, out, 2, force=False)
    seconds, said, rewrote = [], "", ""
    for run in range(1, runs + 1):
        edited = f"{bullet.group(0)} Edited in run {run}."
        lesson.write_text(original[: bullet.start()] + edited + original[bullet.end() :], "utf-8")
        before = outputs(out)
        took, said = run_once(argv, out.parent)
        seconds.append(took)
        rewrote = rewritten(before, out)
    timing = Timing("One changed lesson -j 2", shlex.join(argv), seconds)
    edit = f" (one bullet of {lesson.relative_to(course.folder)} edited, a new edit each run)"
    return Measured(timing, said, rewrote + edit)


def bench_check(cli: str, course: Course, work: Path, runs: int) -> Measured:
    """Time ``lesson-export check`` over the course."""
    argv = [cli, "check", str(course.folder), "-q", "--offline"]
    results = [run_once(argv, work) for _ in range(runs)]
    timing = Timing(
        f"check ({len(course.lessons)} lessons)", shlex.join(argv), [s for s, _ in results]
    )
    return Measured(timing, results[-1][1])


def median_lesson(course: Course) -> Path:
    """Return the first lesson with the course's median number of pages."""
    median = statistics.median_low(course.shape.pages)
    return course.lessons[course.shape.pages.index(median)]


def bench_single(cli: str, course: Course, work: Path, runs: int) -> Measured:
    """Time one lesson from a cold command, into a new output folder each run."""
    lesson = median_lesson(course)
    seconds, said, argv = [], "", []
    for run in range(1, runs + 1):
        argv = build_argv(cli, lesson, work / f"single-{run}", None, force=False)
        took, said = run_once(argv, work)
        seconds.append(took)
        argv[argv.index("-o") + 1] = str(work / "single-N")
    pages = course.shape.pages[course.lessons.index(lesson)]
    label = f"One lesson, cold ({pages} pages)"
    return Measured(Timing(label, shlex.join(argv), seconds), said)


def weasyprint_env() -> dict[str, str] | None:
    """Return an environment with this Python's ``weasyprint`` first on PATH, or ``None``."""
    folder = Path(sys.executable).parent
    if not (folder / "weasyprint").is_file():
        print(f"pandoc peer skipped: no weasyprint command in {folder}")
        return None
    return {**os.environ, "PATH": os.pathsep.join([str(folder), os.environ.get("PATH", "")])}


def bench_pandoc(course: Course, lessons: int, work: Path) -> Peer | None:
    """Time pandoc on the first ``lessons`` lessons, to PPTX and to PDF, or return ``None``."""
    found = find_pandoc()
    env = weasyprint_env() if found else None
    if found is None or env is None:
        return None
    pandoc, version = found

    def convert(lesson: Path) -> tuple[float, float]:
        """Convert one lesson to PPTX, then to PDF; return the two wall times."""
        copy = work / "pandoc" / lesson.relative_to(course.folder)
        copy.parent.mkdir(parents=True, exist_ok=True)
        copy.write_text(pandoc_source(lesson), encoding="utf-8")
        to_pptx = [pandoc, str(copy), "-o", str(copy.with_suffix(".pptx"))]
        to_pdf = [pandoc, str(copy), "-o", str(copy.with_suffix(".pdf")), PDF_ENGINE]
        # In the lesson's folder, so that its images/ resolve.
        return run_once(to_pptx, lesson.parent, env)[0], run_once(to_pdf, lesson.parent, env)[0]

    started = time.perf_counter()
    try:
        with ThreadPoolExecutor(max_workers=PEER_JOBS) as pool:
            times = list(pool.map(convert, course.lessons[:lessons]))
    except RuntimeError as exc:
        print(f"pandoc peer skipped: the conversion failed: {exc}")
        return None
    total = time.perf_counter() - started
    pptx, pdf = [t[0] for t in times], [t[1] for t in times]
    where = f"cd LESSON_FOLDER && PATH={Path(sys.executable).parent}:$PATH {pandoc} PANDOC_COPY.md"
    return Peer(
        version,
        Timing("Peer: pandoc PPTX, per lesson", f"{where} -o LESSON.pptx", pptx),
        Timing("Peer: pandoc PDF, per lesson", f"{where} -o LESSON.pdf {PDF_ENGINE}", pdf),
        total,
    )


def compare(full: Timing, lessons: int, peer: Peer | None) -> tuple[float | None, list[str]]:
    """Return how many times faster our ``-j 2`` full export is than pandoc, and what it means."""
    if peer is None:
        return None, ["Full export -j 2 / pandoc PPTX+PDF: n/a (pandoc peer skipped)"]
    sample = len(peer.pptx.seconds)
    ours = full.median * sample / lessons
    lines = [
        f"Peer: {peer.version}, one process per lesson and format, {PEER_JOBS} lessons at a"
        f" time, once each, on {sample} of the {lessons} lessons"
        + ("" if sample == lessons else f" (a sample: the first {sample}, not scaled up)"),
        f"  pandoc PPTX {sum(peer.pptx.seconds):.2f} s + PDF {sum(peer.pdf.seconds):.2f} s"
        f" of work; {peer.total:.2f} s of wall time {PEER_JOBS} at a time"
        f" ({peer.total / sample:.3f} s a lesson)",
    ]
    if sample == lessons:
        lines.append(f"  ours: the -j 2 full export's median, {full.median:.2f} s")
    else:
        lines.append(
            f"  ours: the -j 2 full export's median scaled to the sample: {full.median:.2f} s"
            f" / {lessons} lessons x {sample} = {ours:.2f} s (our time per lesson x {sample})"
        )
    speedup = peer.total / ours
    lines.append(
        f"Full export -j 2 / pandoc PPTX+PDF -j {PEER_JOBS}: {ours / peer.total:.3f}"
        f" (ours is {speedup:.1f}x faster)"
    )
    return speedup, lines


def row(label: str, runs: str, cells: str, target: Target | None) -> str:
    """Return one line of the table."""
    goal = f"  {target.describe()}" if target else ""
    return f"{label:<40} {runs:>4} {cells:<36}{goal}".rstrip()


def seconds_cells(timing: Timing) -> str:
    """Return the median, min and max columns of a timing, in seconds."""
    figures = (timing.median, min(timing.seconds), max(timing.seconds))
    return " ".join(f"{value:>9.3f} s" for value in figures)


def print_report(
    header: list[str],
    measured: list[Measured],
    peer: Peer | None,
    peaks: Peaks,
    targets: dict[str, Target],
    notes: list[str],
) -> None:
    """Print the results as a plain-text table, each figure beside its target."""
    print(f"CPUs: {os.cpu_count()}   Python: {platform.python_version()} ({sys.executable})")
    print(f"Platform: {platform.platform()}")
    for line in header:
        print(line)
    timings = [item.timing for item in measured] + ([peer.pptx, peer.pdf] if peer else [])
    print("Commands run as subprocesses:")
    for timing in timings:
        print(f"  {timing.command}")
    print(f"\n{'measurement':<40} {'runs':>4} {'median':>11} {'min':>11} {'max':>11}  target")
    print("-" * 110)
    for timing in timings:
        runs = str(len(timing.seconds))
        print(row(timing.label, runs, seconds_cells(timing), targets.get(timing.label)))
    seen = f"{peaks.worker_mb:>9.1f} MB (children seen: {peaks.seen()})"
    print(row(WORKER_LABEL, "", seen, targets[WORKER_LABEL]))
    print(row("Peak RSS, the command (-j 2)", "", f"{peaks.command_mb:>9.1f} MB", None))
    speedup = targets[SPEEDUP_LABEL]
    figure = "n/a" if speedup.value is None else f"{speedup.value:.1f}x"
    print(row(SPEEDUP_LABEL, "", f"{figure:>11}", speedup))
    print("-" * 110)
    for line in notes:
        print(line)
    met = sum(target.met for target in targets.values())
    print(f"Targets met: {met} of {len(targets)}")


def measure(
    args: argparse.Namespace, course: Course, work: Path
) -> tuple[list[Measured], Peaks, bool]:
    """Return our commands' results on the course, the -j 2 peaks, and whether --force was on."""
    cli = find_cli()
    force = accepts_force(cli)
    peaks = Peaks()
    full_1, _ = bench_full(cli, course, work, 1, args.full_runs, force, None)
    full_2, out = bench_full(cli, course, work, 2, args.full_runs, force, peaks)
    rebuild = bench_rebuild(cli, course, out, args.runs)
    changed = bench_changed(cli, course, out, args.runs)
    check = bench_check(cli, course, work, args.runs)
    single = bench_single(cli, course, work, args.runs)
    return [full_1, full_2, rebuild, changed, check, single], peaks, force


def targets_of(measured: list[Measured], peaks: Peaks, speedup: float | None) -> dict[str, Target]:
    """Return each target by the label of its row."""
    _, _, rebuild, changed, check, single = (item.timing for item in measured)
    return {
        single.label: Target(single.median, COLD_TARGET_S, " s"),
        rebuild.label: Target(rebuild.median, NO_CHANGE_TARGET_S, " s"),
        changed.label: Target(changed.median, CHANGED_TARGET_S, " s"),
        check.label: Target(check.median, CHECK_TARGET_S, " s"),
        WORKER_LABEL: Target(peaks.worker_mb, WORKER_TARGET_MB, " MB"),
        SPEEDUP_LABEL: Target(speedup, SPEEDUP_TARGET, "x", at_least=True),
    }


def plural(count: int, noun: str) -> str:
    """Return ``1 run`` or ``3 runs``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def main() -> None:
    args = parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as temporary:
        work = Path(temporary)
        course = write_course(work / "course", args.lessons, args.seed)
        print(f"Course (seed {args.seed}): {course.shape.describe()}", flush=True)
        try:
            measured, peaks, forced = measure(args, course, work)
        except RuntimeError as exc:
            sys.exit(str(exc))
        peer = bench_pandoc(course, min(args.pandoc_lessons or args.lessons, args.lessons), work)
    speedup, comparison = compare(measured[1].timing, args.lessons, peer)
    how = "with --force" if forced else "this lesson-export takes no --force: a new folder a run"
    header = [
        f"Course: {args.lessons} lessons, seed {args.seed} (bench/course.py); formats {FORMATS}",
        f"Full exports: {plural(args.full_runs, 'run')} each (--full-runs), {how};"
        f" the other commands: {plural(args.runs, 'run')} each (--runs)",
    ]
    notes = [
        "What the CLI printed last (on its last run):",
        *(f"  {item.timing.label}: {item.said}{item.rewrote}" for item in measured),
        *comparison,
    ]
    print_report(header, measured, peer, peaks, targets_of(measured, peaks, speedup), notes)


if __name__ == "__main__":
    main()
