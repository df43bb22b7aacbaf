"""Benchmark lesson-exporter's PPTX export against pandoc on one lesson, on this machine.

It measures, in one run:

1. CLI: wall time of ``lesson-export build LESSON -o TMPDIR -q --format pptx --offline`` as
   a subprocess (``--runs`` times; median, min, max): the deck alone (``bench_pdf.py`` times
   the handout), with remote images left as placeholders so that no download is timed.
2. Peer: pandoc (from the PyPI package pypandoc-binary) converting the same lesson to PPTX,
   one process per run (``--runs`` times), and our CLI's median as a ratio to pandoc's.
   Pandoc gets a copy of the lesson in which each ``<!-- pagebreak -->`` line becomes
   ``---`` (pandoc's slide separator) with a blank line either side, the YAML front matter
   kept. Remote images become their alt text in the copy: pandoc's PPTX writer fails when
   it cannot fetch an image, and lesson-exporter runs ``--offline`` (a placeholder), so
   this keeps the network out of the timing. If pypandoc is missing, the
   peer is skipped with a message.
3. In-process: the time of one ``export_lesson`` call (PPTX only, offline) after the imports
   (one warm-up, then 20 timed calls with ``time.perf_counter``; median, min, max in ms),
   against the target "under 50 ms".
4. Peak memory: ``ru_maxrss`` of this process after the in-process run. It is measured
   before pypandoc is imported; subprocesses do not count towards it.

Run it from anywhere (paths are relative to the repository root):

    python bench/bench_pptx.py [--runs N] [--lesson PATH]

or ``make bench``. It needs only the standard library, plus pypandoc-binary for the peer
(``pip install pypandoc-binary`` or ``pip install -e '.[bench]'``).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import resource
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LESSON = "lessons/section-14/lesson-1.md"
IN_PROCESS_RUNS = 20
TARGET_MS = 50.0

PAGEBREAK = re.compile(r"^[ \t]*<!--\s*pagebreak\s*-->[ \t]*$", re.MULTILINE)
REMOTE_IMAGE = re.compile(r"!\[([^\]]*)\]\(\s*<?https?://[^)]*\)")


@dataclass(frozen=True)
class Timing:
    """Wall times of repeated runs of one thing, in seconds."""

    label: str
    command: str
    seconds: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def positive(text: str) -> int:
    """Return a count given on a bench's command line (1 or more): argparse's ``type``."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"give a whole number of 1 or more, not {text!r}")
    return number


def bench_parser(description: str, runs: int, runs_help: str) -> argparse.ArgumentParser:
    """Return a bench's command-line parser with the options every bench of one lesson has:
    ``--runs`` (``runs_help``, default ``runs``) and ``--lesson``."""
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--runs", type=positive, default=runs, help=f"{runs_help} (default {runs})")
    parser.add_argument(
        "--lesson",
        default=DEFAULT_LESSON,
        help=f"lesson to export, relative to the repository root (default {DEFAULT_LESSON})",
    )
    return parser


def parse_args() -> argparse.Namespace:
    """Return the command-line arguments."""
    return bench_parser(__doc__, 5, "subprocess runs for the CLI and pandoc").parse_args()


def time_command(argv: list[str], runs: int, cwd: Path) -> list[float]:
    """Run ``argv`` ``runs`` times in ``cwd``; return each run's wall time in seconds."""
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(argv, cwd=cwd, capture_output=True, text=True, check=False)
        seconds.append(time.perf_counter() - start)
        if done.returncode != 0:
            problem = (done.stderr or done.stdout).strip()
            raise RuntimeError(f"{shlex.join(argv)} exited {done.returncode}: {problem}")
    return seconds


def find_cli() -> str:
    """Return the ``lesson-export`` command to run; exit with a message if it is not installed.

    The console script installed beside this Python is run directly: a version manager's
    shim on PATH (pyenv's is a bash script) would add its own start-up to ours.
    """
    beside = Path(sys.executable).parent / "lesson-export"
    executable = str(beside) if beside.is_file() else shutil.which("lesson-export")
    if executable is None:
        sys.exit("lesson-export is not installed: run `pip install -e .` first")
    return executable


def bench_cli(lesson: str, runs: int, work: Path, formats: str = "pptx") -> Timing:
    """Time the ``lesson-export`` command as a subprocess, writing ``formats`` every run
    (``--force``: else every run after the first finds the lesson up to date)."""
    argv = [find_cli(), "build", lesson, "-o", str(work / "cli"), "-q", "--format", formats]
    argv += ["--offline", "--force"]
    seconds = time_command(argv, runs, ROOT)
    return Timing("CLI: lesson-export build (subprocess)", shlex.join(argv), seconds)


def pandoc_source(lesson: Path) -> str:
    """Return the lesson as pandoc should see it: slide separators, no remote images."""
    text = lesson.read_text(encoding="utf-8")
    text = PAGEBREAK.sub("\n---\n", text)
    return REMOTE_IMAGE.sub(lambda match: match.group(1), text)


def find_pandoc() -> tuple[str, str] | None:
    """Return pandoc's path and version line, or ``None`` (with a message) if unavailable."""
    try:
        import pypandoc  # imported here, after the memory figure is taken
    except ImportError:
        print("pandoc peer skipped: pypandoc is not installed; run `pip install pypandoc-binary`")
        return None
    try:
        path = str(pypandoc.get_pandoc_path())
    except OSError as exc:
        print(f"pandoc peer skipped: pypandoc found no pandoc binary ({exc})")
        return None
    done = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
    version = done.stdout.splitlines()[0] if done.stdout else "pandoc (unknown version)"
    return path, version


def bench_pandoc(lesson: Path, runs: int, work: Path) -> Timing | None:
    """Time pandoc converting a copy of the lesson to PPTX, or return ``None`` if skipped."""
    found = find_pandoc()
    if found is None:
        return None
    path, version = found
    copy = work / "pandoc" / lesson.name
    copy.parent.mkdir()
    copy.write_text(pandoc_source(lesson), encoding="utf-8")
    argv = [path, str(copy), "-o", str(copy.with_name("out.pptx"))]
    try:
        # Run beside the original lesson so that relative image paths still resolve.
        seconds = time_command(argv, runs, lesson.parent)
    except RuntimeError as exc:
        print(f"pandoc peer skipped: the conversion failed: {exc}")
        return None
    command = f"cd {shlex.quote(str(lesson.parent))} && {shlex.join(argv)}"
    return Timing(f"Peer: {version} (subprocess)", command, seconds)


def bench_in_process(lesson: Path, work: Path) -> Timing:
    """Time ``export_lesson`` in this process, after the imports and one warm-up export."""
    # Imported here: the imports are not part of what is timed.
    from exporter.jobs import Job
    from exporter.options import Options
    from exporter.pipeline import export_lesson
    from exporter.theme import load_theme

    job = Job(source=lesson, display=lesson.name, stem=work / lesson.stem, root=lesson.parent)
    options = Options(formats=("pptx",), offline=True)  # the deck alone, no download
    theme = load_theme()
    warm_up = export_lesson(job, options, theme)
    if warm_up.status != "exported":
        sys.exit(f"in-process export failed: {warm_up.diagnostics}")
    seconds = []
    for _ in range(IN_PROCESS_RUNS):
        start = time.perf_counter()
        export_lesson(job, options, theme)
        seconds.append(time.perf_counter() - start)
    command = (
        f"export_lesson(Job({lesson.name!r}, ...), Options(formats=('pptx',), offline=True), "
        "load_theme())"
    )
    return Timing("In-process: export_lesson (after imports)", command, seconds)


def peak_memory_mb() -> float:
    """Return this process's peak resident set size in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def print_report(lesson: str, timings: list[Timing], pandoc: Timing | None, peak: float) -> None:
    """Print the results as a plain-text table."""
    print(f"CPUs: {os.cpu_count()}   Python: {platform.python_version()} ({sys.executable})")
    print(f"Platform: {platform.platform()}")
    print(f"Lesson: {lesson}")
    print("\nCommands timed:")
    for timing in timings:
        print(f"  {timing.label}:\n    {timing.command}")
    print(f"\n{'measurement':<46} {'runs':>4} {'median':>10} {'min':>10} {'max':>10}")
    print("-" * 84)
    for timing in timings:
        ms = [s * 1000 for s in (timing.median, min(timing.seconds), max(timing.seconds))]
        cells = " ".join(f"{value:>7.1f} ms" for value in ms)
        print(f"{timing.label:<46} {len(timing.seconds):>4} {cells}")
    print(f"{'Peak memory: ru_maxrss after in-process run':<46} {'':>4} {peak:>7.1f} MiB")
    print("-" * 84)
    cli, in_process = timings[0], timings[-1]
    if pandoc is None:
        print("CLI / pandoc median ratio: n/a (pandoc peer skipped)")
    else:
        print(f"CLI / pandoc median ratio: {cli.median / pandoc.median:.2f}x")
    median_ms = in_process.median * 1000
    verdict = "MET" if median_ms < TARGET_MS else "NOT MET"
    print(f"In-process target (median under {TARGET_MS:.0f} ms): {verdict} ({median_ms:.1f} ms)")


def main() -> None:
    args = parse_args()
    lesson = (ROOT / args.lesson).resolve()
    if not lesson.is_file():
        sys.exit(f"no such lesson: {lesson}")
    with tempfile.TemporaryDirectory(prefix="bench-pptx-") as temporary:
        work = Path(temporary)
        # In-process first, so that the peak memory figure is not inflated by pypandoc.
        in_process = bench_in_process(lesson, work)
        peak = peak_memory_mb()
        cli = bench_cli(args.lesson, args.runs, work)
        pandoc = bench_pandoc(lesson, args.runs, work)
    timings = [cli, *([pandoc] if pandoc else []), in_process]
    print_report(args.lesson, timings, pandoc, peak)


if __name__ == "__main__":
    main()
