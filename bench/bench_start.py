"""Benchmark how fast ``lesson-export`` starts, beside pandoc, on this machine.

It measures, in one run, each command as a subprocess ``--runs`` times (median, min, max of
the wall time, and the median CPU time: user and system, the command's workers included, which
a busy machine stretches less than the wall time), the commands taking turns (run 1 of each,
then run 2 of each...), so that a machine whose load changes during the run slows them all
alike:

1. Floor: ``python -c pass`` with the Python that runs the command (its start-up, and that of
   the installed packages' ``.pth`` files): no command can start faster.
2. ``lesson-export --version`` and ``lesson-export --help``: argument parsing alone; target:
   each under 80 ms.
3. One lesson to PPTX: ``lesson-export build LESSON -o TMPDIR -q --format pptx --offline
   --force`` (exported every time, as pandoc converts every time), and pandoc (from the PyPI
   package pypandoc-binary) converting the same lesson to PPTX, given it as ``bench_pptx.py``
   gives it; target: our median under 2 times pandoc's. Each command runs once untimed
   first, which also fills the user's cache of the exporter's digests, font metrics and deck
   packages (``stamp``, ``metrics``), as any earlier build on the machine would have.
4. The cold PDF path: ``lesson-export build LESSON -o TMPDIR -q --format pdf --offline
   --force`` (the slides as a PDF: WeasyPrint loaded, then one render); and loading WeasyPrint
   alone, as the PDF writer loads it (``import exporter.writers.pdf``, the HTML writer with
   it) and as WeasyPrint loads itself (``import weasyprint``, which looks for its libraries
   with ``ldconfig`` and ``gcc``).
5. In-process: one ``export_lesson`` call (PPTX only, offline) after the imports, as
   ``bench_pptx.py`` times it (one warm-up, then 20 calls; median, min, max): the fast start
   must not slow the export itself.

The header says whether Python may cache the exporter's compiled modules: with
``PYTHONDONTWRITEBYTECODE`` set and no ``__pycache__`` yet, every start compiles them anew.

Run it from anywhere (paths are relative to the repository root):

    python bench/bench_start.py [--runs N] [--lesson PATH]

or ``make bench``. It needs only the standard library and the project, plus pypandoc-binary
for the peer (``pip install -e '.[bench]'``); without it the peer is skipped with a message.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pptx import bench_in_process, bench_parser, find_cli, find_pandoc, pandoc_source

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_LESSON = "lessons/section-14/lesson-1.md"
START_TARGET_MS = 80.0
PANDOC_RATIO_TARGET = 2.0


@dataclass
class Command:
    """One command timed as a subprocess: its label, its argument vector and where it runs."""

    label: str
    argv: list[str]
    cwd: Path
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def run(self) -> None:
        """Run the command once and add its wall and CPU times; raise ``RuntimeError`` if it
        fails."""
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(self.argv, cwd=self.cwd, capture_output=True, check=False)
        self.seconds.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
        self.cpu.append(used)
        if done.returncode != 0:
            problem = (done.stderr or done.stdout).decode(errors="replace").strip()
            raise RuntimeError(f"{shlex.join(self.argv)} exited {done.returncode}: {problem}")


def parse_args() -> argparse.Namespace:
    """Return the command-line arguments."""
    return bench_parser(__doc__, 7, "runs of each command, the median taken").parse_args()


def commands(lesson: str, work: Path) -> list[Command]:
    """Return the commands to time: ours, the floor, and pandoc's if it is installed."""
    cli = find_cli()

    def build(formats: str) -> list[str]:
        output = str(work / formats)
        argv = [cli, "build", lesson, "-o", output, "-q", "--format", formats]
        return [*argv, "--offline", "--force"]

    timed = [
        Command("Floor: python -c pass", [sys.executable, "-c", "pass"], ROOT),
        Command("lesson-export --version", [cli, "--version"], ROOT),
        Command("lesson-export --help", [cli, "--help"], ROOT),
        Command("One lesson to PPTX (CLI)", build("pptx"), ROOT),
        Command("One lesson to PDF, cold (CLI)", build("pdf"), ROOT),
        Command("Load the PDF writer", [sys.executable, "-c", "import exporter.writers.pdf"], ROOT),
        Command("import weasyprint", [sys.executable, "-c", "import weasyprint"], ROOT),
    ]
    found = find_pandoc()
    if found is not None:
        path, version = found
        source = ROOT / lesson
        copy = work / "pandoc" / source.name
        copy.parent.mkdir()
        copy.write_text(pandoc_source(source), encoding="utf-8")
        argv = [path, str(copy), "-o", str(copy.with_name("out.pptx"))]
        # Beside the original lesson, so that relative image paths still resolve.
        timed.append(Command(f"One lesson to PPTX ({version})", argv, source.parent))
    return timed


def print_report(lesson: str, timed: list[Command], in_process: list[float]) -> None:
    """Print the results as a plain-text table, then the targets."""
    print(f"CPUs: {os.cpu_count()}   Python: {platform.python_version()} ({sys.executable})")
    print(f"Platform: {platform.platform()}   Load average: {os.getloadavg()[0]:.2f}")
    print(f"Lesson: {lesson}")
    cached = any((ROOT / "exporter").glob("__pycache__/*.pyc"))
    writes = "not written (PYTHONDONTWRITEBYTECODE)" if sys.dont_write_bytecode else "written"
    print(f"Compiled modules of the exporter: {'cached' if cached else 'none cached'}, {writes}")
    print("\nCommands timed (taking turns):")
    for command in timed:
        print(f"  {command.label}:\n    cd {command.cwd} && {shlex.join(command.argv)}")
    header = f"{'measurement':<46} {'runs':>4} {'median':>10} {'min':>10} {'max':>10}"
    print(f"\n{header} {'CPU median':>11}")
    print("-" * 96)
    rows = [(command.label, command.seconds, command.cpu) for command in timed]
    rows.append(("In-process: export_lesson (PPTX, after imports)", in_process, []))
    for label, seconds, cpu in rows:
        ms = [s * 1000 for s in (statistics.median(seconds), min(seconds), max(seconds))]
        cells = " ".join(f"{value:>7.1f} ms" for value in ms)
        used = f"{statistics.median(cpu) * 1000:>8.0f} ms" if cpu else ""
        print(f"{label[:46]:<46} {len(seconds):>4} {cells} {used:>11}")
    print("-" * 96)
    by_label = {command.label: command for command in timed}
    for label in ("lesson-export --version", "lesson-export --help"):
        median = by_label[label].median * 1000
        verdict = "MET" if median < START_TARGET_MS else "NOT MET"
        print(f"{label} under {START_TARGET_MS:.0f} ms: {verdict} ({median:.1f} ms)")
    pandoc = next((c for c in timed if c.label.startswith("One lesson to PPTX (pandoc")), None)
    if pandoc is None:
        print("One lesson to PPTX / pandoc: n/a (pandoc peer skipped)")
        return
    ratio = by_label["One lesson to PPTX (CLI)"].median / pandoc.median
    verdict = "MET" if ratio < PANDOC_RATIO_TARGET else "NOT MET"
    print(f"One lesson to PPTX under {PANDOC_RATIO_TARGET:g}x pandoc: {verdict} ({ratio:.2f}x)")


def main() -> None:
    args = parse_args()
    lesson = (ROOT / args.lesson).resolve()
    if not lesson.is_file():
        sys.exit(f"no such lesson: {lesson}")
    with tempfile.TemporaryDirectory(prefix="bench-start-") as temporary:
        work = Path(temporary)
        timed = commands(args.lesson, work)
        for command in timed:  # a warm-up each, untimed: the file system cache filled
            command.run()
            command.seconds.clear()
        for _ in range(args.runs):
            for command in timed:
                command.run()
        in_process = bench_in_process(lesson, work / "in-process").seconds
    print_report(args.lesson, timed, in_process)


if __name__ == "__main__":
    main()
