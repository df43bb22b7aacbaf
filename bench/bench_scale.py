"""Benchmark a large course end to end (issue 17 §4), beside pandoc, on this machine.

The course is ``course.py``'s synthetic one, larger: ``--lessons`` lessons (default 3,000),
seeded with ``--seed``. Every command is ``lesson-export`` (the console script beside this
Python) run as a subprocess with ``-q --offline -j 2 --format pptx,handout,book,index``: the
decks, the 3-a-page handouts, the course book and the index page. A command that exits
non-zero stops the benchmark. It measures, in this order (wall times; median, min and max of
their runs):

1. Full build, into a fresh folder (once: at the default size it takes many minutes), with the
   peak resident memory of the largest worker and of the command (``VmHWM``, polled every
   20 ms as ``bench_batch.py`` does).
2. No-change rebuild: the same command again (``--runs`` times).
3. One changed lesson: one bullet of one lesson edited (another each run), then the same
   build (``--runs`` times): the lesson, its part of the book, the book and the index page.
4. Shards: ``--shard I/4`` for I = 1..4, one after another, each into its own fresh folder (as
   four CI machines would), then ``merge`` of the four into one folder: each shard's time,
   the slowest, and the merge's.
5. Peer: pandoc, one process per lesson and format (PPTX, then PDF through WeasyPrint), two
   lessons at a time, on the first ``--pandoc-lessons`` lessons (default 40), as
   ``bench_batch.py`` runs it; our full build's time per lesson is compared with pandoc's.

Targets: the no-change rebuild under 3 s; the one-lesson change under 8 s; the slowest of 4
shards under 30 % of the full build; at equal parallelism at least 5 times faster than pandoc
(pandoc makes no handout, book or index: we do more in that time); the largest worker's peak
memory under 300 MB, as ``bench_batch.py`` asks of a 300-lesson course.

    python bench/bench_scale.py [--lessons N] [--runs N] [--pandoc-lessons N] [--seed N]

A smaller course (``--lessons 300``) gives a first look in a few minutes.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_batch import Peaks, bench_pandoc, editable_lesson, run_watched
from bench_book import cells, edit
from bench_pptx import find_cli, positive
from course import Course, write_course

FORMATS = "pptx,handout,book,index"
SHARDS = 4
NO_CHANGE_TARGET_S = 3.0
CHANGE_TARGET_S = 8.0
SHARD_TARGET = 0.30
SPEEDUP_TARGET = 5.0
WORKER_TARGET_MB = 300


def parse_args() -> argparse.Namespace:
    """Return the command line's settings."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lessons", type=positive, default=3000, help="lessons (default 3000)")
    parser.add_argument("--runs", type=positive, default=3, help="incremental runs (default 3)")
    parser.add_argument(
        "--pandoc-lessons", type=positive, default=40, help="pandoc's sample (default 40)"
    )
    parser.add_argument("--seed", type=int, default=1, help="the course's seed (default 1)")
    return parser.parse_args()


def build(cli: str, course: Course, out: Path, peaks: Peaks, *flags: str) -> float:
    """Run one build of the whole course into ``out``; return its wall time."""
    argv = [cli, "build", str(course.folder), "-o", str(out), "-q", "--offline", "-j", "2"]
    return run_watched([*argv, "--format", FORMATS, *flags], course.folder, peaks)[0]


def main() -> None:
    """Write the course, measure, print."""
    args = parse_args()
    cli = find_cli()
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as name:
        work = Path(name)
        course = write_course(work / "course", args.lessons, args.seed)
        print(f"course: {len(course.lessons)} lessons (seed {args.seed}), --format {FORMATS}")
        out, peaks = work / "out", Peaks()
        full = build(cli, course, out, peaks)
        print(f"full build -j 2                  {cells([full])}")
        print(
            f"  peak memory: largest worker {peaks.worker_mb:.0f} MB,"
            f" command {peaks.command_mb:.0f} MB"
        )
        same = [build(cli, course, out, Peaks()) for _ in range(args.runs)]
        print(f"no change                        {cells(same)}")
        lesson, changed = editable_lesson(course), []
        for run in range(args.runs):
            edit(lesson, run)
            changed.append(build(cli, course, out, Peaks()))
        print(f"one lesson changed (book, index) {cells(changed)}")
        shards = []
        for index in range(1, SHARDS + 1):
            folder = work / f"shard-{index}"
            shards.append(build(cli, course, folder, Peaks(), "--shard", f"{index}/{SHARDS}"))
        merge = [cli, "merge", *(str(work / f"shard-{i}") for i in range(1, SHARDS + 1))]
        merge += ["-o", str(work / "merged"), "-q", "--format", "book,index"]
        merged = run_watched(merge, work, Peaks())[0]
        slowest = max(shards)
        print("shards " + ", ".join(f"{s:.1f} s" for s in shards) + f"; merge {merged:.1f} s")
        print(f"  the slowest shard is {slowest / full:.0%} of the full build")
        sample = min(args.pandoc_lessons, len(course.lessons))
        peer = bench_pandoc(course, sample, work)
        speedup = None
        if peer is not None:
            ours = full / len(course.lessons)
            theirs = peer.total / sample
            speedup = theirs / ours
            print(
                f"pandoc ({peer.version}), PPTX + PDF, 2 at a time, first {sample} lessons:"
                f" {theirs:.3f} s a lesson; ours (full build / lessons) {ours:.3f} s a lesson:"
                f" {speedup:.1f}x faster"
            )
        report(same, changed, slowest / full, speedup, peaks.worker_mb)


def report(
    same: list[float], changed: list[float], share: float, speedup: float | None, worker: float
) -> None:
    """Print each target and whether it was met."""
    checks = [
        (f"no change under {NO_CHANGE_TARGET_S} s", statistics.median(same) < NO_CHANGE_TARGET_S),
        (
            f"one lesson changed under {CHANGE_TARGET_S} s",
            statistics.median(changed) < CHANGE_TARGET_S,
        ),
        (
            f"slowest of {SHARDS} shards under {SHARD_TARGET:.0%} of the full build",
            share < SHARD_TARGET,
        ),
        (f"largest worker under {WORKER_TARGET_MB} MB", worker < WORKER_TARGET_MB),
    ]
    if speedup is not None:
        checks.append((f"at least {SPEEDUP_TARGET}x faster than pandoc", speedup >= SPEEDUP_TARGET))
    for label, met in checks:
        print(f"{label}: {'MET' if met else 'NOT MET'}")


if __name__ == "__main__":
    main()
