"""Benchmark the course book (``--format book``) on the synthetic course, on this machine.

The course is ``course.py``'s (``--lessons`` lessons, default 300, seeded with ``--seed``).
Every command is ``lesson-export build COURSE -q --offline -j 2`` run as a subprocess. It
measures, as the median, min and max of their runs:

1. Full build without the book (``--format pptx,handout --force``) and with it (``--format
   pptx,handout,book --force``), alternately, ``--full-runs`` times each (default 3): the
   book's added cost is the difference of the medians, as a share of the first.
2. No change, with the book: the same build without ``--force`` (``--runs`` times), and
   whether it rewrote ``course.pdf`` (its modification time).
3. One changed lesson, with the book: one bullet of one lesson edited (another each run), then
   the same build (``--runs`` times): the lesson is exported again, its part of the book with
   it, and the book put together from every lesson's part. The command's peak resident memory
   (``VmHWM``, polled every 20 ms; the workers are separate processes, so this is the
   command, which puts the book together) is the assembly's upper bound.

Targets (issue 17): the book after a one-lesson change under 5 s; a full build with the book at
most 25 % slower than without; the assembly's peak memory under 500 MB.

    python bench/bench_book.py [--lessons N] [--runs N] [--full-runs N] [--seed N]

There is no peer: pandoc has no course book (``bench_batch.py`` measures the lessons against
it).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_batch import Peaks, checked, editable_lesson, poll
from bench_pptx import find_cli, positive
from course import Course, write_course

CHANGE_TARGET_S = 5.0
ADDED_TARGET = 0.25
MEMORY_TARGET_MB = 500


def parse_args() -> argparse.Namespace:
    """Return the command line's settings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=positive, default=300, help="lessons (default 300)")
    parser.add_argument("--runs", type=positive, default=5, help="incremental runs (default 5)")
    parser.add_argument("--full-runs", type=positive, default=3, help="full runs (default 3)")
    parser.add_argument("--seed", type=int, default=1, help="the course's seed (default 1)")
    return parser.parse_args()


def build(cli: str, course: Course, out: Path, formats: str, force: bool) -> tuple[float, int]:
    """Run one build; return its wall time and the command's peak memory in KiB."""
    import subprocess

    argv = [cli, "build", str(course.folder), "-o", str(out), "-q", "--offline", "-j", "2"]
    argv += ["--format", formats] + (["--force"] if force else [])
    peaks = Peaks()
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        start = time.perf_counter()
        process = subprocess.Popen(argv, stdout=stdout, stderr=stderr, text=True)
        while True:
            poll(process.pid, peaks)
            try:
                process.wait(timeout=0.02)
                break
            except subprocess.TimeoutExpired:
                continue
        seconds = time.perf_counter() - start
        stdout.seek(0)
        stderr.seek(0)
        checked(subprocess.CompletedProcess(argv, process.returncode, stdout.read(), stderr.read()))
    return seconds, peaks.command


def edit(lesson: Path, run: int) -> None:
    """Change one bullet of ``lesson`` (another text each run)."""
    text = lesson.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    index = next(i for i, line in enumerate(lines) if line.startswith("- "))
    lines[index] = f"- Edited for run {run}: {lines[index][2:]}"
    lesson.write_text("".join(lines), encoding="utf-8")


def cells(seconds: list[float]) -> str:
    """Return the median, min and max of ``seconds``."""
    return (
        f"median {statistics.median(seconds):6.2f} s  min {min(seconds):6.2f} s  "
        f"max {max(seconds):6.2f} s  ({len(seconds)} run{'s' * (len(seconds) != 1)})"
    )


def main() -> None:
    """Write the course, measure, print."""
    args = parse_args()
    cli = find_cli()
    with tempfile.TemporaryDirectory(prefix="bench-book-") as name:
        work = Path(name)
        course = write_course(work / "course", args.lessons, args.seed)
        out = work / "out"
        plain, booked = [], []
        for _ in range(args.full_runs):
            plain.append(build(cli, course, work / "plain", "pptx,handout", True)[0])
            booked.append(build(cli, course, out, "pptx,handout,book", True)[0])
        book = out / "course.pdf"
        same, kept = [], 0
        for _ in range(args.runs):
            before = book.stat().st_mtime_ns
            same.append(build(cli, course, out, "pptx,handout,book", False)[0])
            kept += book.stat().st_mtime_ns == before
        changed, memory = [], []
        lesson = editable_lesson(course)
        for run in range(args.runs):
            edit(lesson, run)
            seconds, peak = build(cli, course, out, "pptx,handout,book", False)
            changed.append(seconds)
            memory.append(peak / 1000)
        import pikepdf

        pages = len(pikepdf.open(book).pages)
        report(args, plain, booked, same, kept, changed, memory, book, pages)


def report(
    args: argparse.Namespace,
    plain: list[float],
    booked: list[float],
    same: list[float],
    kept: int,
    changed: list[float],
    memory: list[float],
    book: Path,
    pages: int,
) -> None:
    """Print the measurements and the targets."""
    added = statistics.median(booked) / statistics.median(plain) - 1
    change = statistics.median(changed)
    peak = max(memory)
    size = book.stat().st_size / 1e6
    print(f"course: {args.lessons} lessons (seed {args.seed}); book: {pages} pages, {size:.1f} MB")
    print(f"full build, pptx,handout         {cells(plain)}")
    print(f"full build, pptx,handout,book    {cells(booked)}")
    print(f"  the book adds {added:+.0%} (target at most +{ADDED_TARGET:.0%})")
    print(f"no change, with the book         {cells(same)}; book untouched {kept}/{len(same)}")
    print(f"one lesson changed, with book    {cells(changed)} (target under {CHANGE_TARGET_S} s)")
    print(f"  the command's peak memory: {peak:.0f} MB (target under {MEMORY_TARGET_MB} MB)")
    met = added <= ADDED_TARGET and change < CHANGE_TARGET_S and peak < MEMORY_TARGET_MB
    print("targets met" if met else "TARGETS MISSED")


if __name__ == "__main__":
    main()
