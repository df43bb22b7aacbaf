"""Benchmark what the index page (``--format index``) adds to a build, on this machine.

It measures, in one run, each step ``--runs`` times (median, min, max of the wall time), the
steps taking turns (run 1 of each, then run 2 of each...), so that a machine whose load changes
during the run slows them all alike, for one lesson laid out once:

1. The slide PDF, whole (``render_slides`` and ``write_pdf``): what a build that writes
   ``pdf`` pays anyway, for scale.
2. The picture of the title slide from that PDF (``render_preview``, PDFium through
   pypdfium2): what the index adds to each exported lesson when the build writes the slide PDF.
3. The picture from the title slide alone (``render_title_preview``: a one-page PDF, then the
   picture): what it adds when the build writes no slide PDF.
4. The peer: poppler's ``pdftoppm`` drawing the same first page at the same width, as a
   subprocess (how one would make the picture without pypdfium2); skipped without poppler.
5. The page itself for a course of ``--lessons`` lessons (``render_index``, from results made
   up from the lesson's), which every build that asks for the index writes.

Run it from anywhere (paths are relative to the repository root):

    python bench/bench_index.py [--runs N] [--lesson PATH] [--lessons N]

or ``make bench``.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_pptx import bench_parser

from exporter.course import Course
from exporter.course.index import render_index
from exporter.geometry import LaidOutDeck
from exporter.jobs import Job, Listing, Result, Status
from exporter.options import Options
from exporter.pipeline import lay_out, render_title_preview, slide_infos
from exporter.theme import load_theme
from exporter.writers.html import render_slides
from exporter.writers.pdf import write_pdf
from exporter.writers.preview import WIDTH, render_preview

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    """Lay the lesson out, time each step, and print a line for each."""
    parser = bench_parser(__doc__, 15, "runs of each step")
    parser.add_argument("--lessons", type=int, default=300, help="lessons on the page (300)")
    args = parser.parse_args()
    theme = load_theme()
    source = ROOT / args.lesson
    job = Job(source, args.lesson, Path(tempfile.mkdtemp()) / source.stem, source.parent)
    laid, _ = lay_out(job, theme)
    options = Options(formats=("pptx", "handout", "pdf", "index"), output=job.stem.parent)
    pdf = write_pdf(render_slides(laid))
    course = made_up_course(job, laid, options, args.lessons)
    steps: dict[str, Callable[[], object]] = {
        "slide PDF, whole": lambda: write_pdf(render_slides(laid)),
        "picture from the slide PDF": lambda: render_preview(pdf),
        "picture from the title slide alone": lambda: render_title_preview(laid, options),
        f"index page of {args.lessons} lessons": lambda: render_index(course, options, theme),
    }
    folder = Path(tempfile.mkdtemp())
    (folder / "slides.pdf").write_bytes(pdf)
    (folder / "picture.png").write_bytes(render_preview(pdf))
    if shutil.which("pdftoppm"):
        command = ["pdftoppm", "-f", "1", "-l", "1", "-png", "-scale-to-x", str(WIDTH)]
        command += ["-scale-to-y", "-1", str(folder / "slides.pdf"), str(folder / "peer")]
        steps["peer: pdftoppm, first page"] = lambda: subprocess.run(command, check=True)
    else:
        print("pdftoppm peer skipped: poppler-utils is not installed")
    times = timed(steps, args.runs)
    print(f"{args.lesson}, {len(laid.slides)} slides, {args.runs} runs each (ms)")
    for name, found in times.items():
        median, low, high = statistics.median(found), min(found), max(found)
        print(f"  {name:<40} median {median:8.1f}  min {low:8.1f}  max {high:8.1f}")
    shutil.rmtree(folder)


def timed(steps: dict[str, Callable[[], object]], runs: int) -> dict[str, list[float]]:
    """Return each step's wall times in milliseconds, the steps taking turns (one warm-up
    call of each first)."""
    times: dict[str, list[float]] = {name: [] for name in steps}
    for step in steps.values():
        step()
    for _ in range(runs):
        for name, step in steps.items():
            started = time.perf_counter()
            step()
            times[name].append((time.perf_counter() - started) * 1000)
    return times


def made_up_course(job: Job, laid: LaidOutDeck, options: Options, lessons: int) -> Course:
    """Return a course of ``lessons`` copies of the lesson, in sections of ten, each with its
    files and picture as a build would list them (the picture written once, to be read)."""
    infos = slide_infos(laid)
    picture = job.output("preview.png")
    picture.parent.mkdir(parents=True, exist_ok=True)
    picture.write_bytes(render_title_preview(laid, options))
    results = []
    for n in range(lessons):
        listing = Listing(f"Lesson {n + 1}", f"Section-{n // 10 + 1}", str(n % 10 + 1))
        copy = replace(job, display=f"section-{n // 10 + 1}/lesson-{n % 10 + 1}.md")
        outputs = (*(job.output(o.extension) for o in options.outputs),)
        results.append(Result(copy, Status.SKIPPED, outputs, (), infos, listing=listing))
    return Course("A made-up course", options.output, tuple(results))


if __name__ == "__main__":
    main()
