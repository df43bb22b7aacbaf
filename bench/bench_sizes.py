"""Benchmark how the export grows with a lesson's size: each large shape at 1x, 10x and 100x.

The shapes are those that once cost far more than their size (see issue 13, section 6): a
long front-matter title, a paragraph of many sentences with inline code, one paragraph of many
links, a long table, a long list, one unsplittable paragraph (one sentence of many words), a
long code block and many slides with speaker notes. At 100x they are the sizes the issue
names: a 20 KB title, 5,000 inline code spans, 10,000 links, 10,000 table rows, 10,000 list
items, a 1 MB paragraph (and 900 slides with notes, under the 1,000-slide cap).

Each size is exported by the CLI in a process of its own, as a user runs it:
``python -m exporter build LESSON -o TMPDIR --format FORMATS -q --offline --force --timeout S
--report REPORT.json``. For each it prints the wall time, the process's peak resident memory
(``ru_maxrss`` from ``os.wait4``, which counts the worker the CLI forks), the slides made, the
warnings, and the time per 1x of size, which stays about flat when the export grows linearly
(the first size also pays for starting Python and importing the libraries, about a second).
The work itself is checked machine-independently, on small sizes, by ``tests/test_scaling.py``.

Run it from anywhere:

    python bench/bench_sizes.py [--formats pptx,pdf,handout] [--scales 1,10,100]
                                [--shapes NAME,...] [--timeout SECONDS]

or ``make bench``. With the default formats the 100x sizes take minutes: the PDFs of the
hundreds of slides a 10,000-row table or list makes are WeasyPrint's work, about 0.1 s a
slide; ``--formats pptx`` shows the rest of the pipeline alone in seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRONT = "---\ntitle: {title}\nsection: 1\nlesson: 1\n---\n"


def sentences(n: int) -> str:
    return " ".join(f"Call `step_{i}()` now." for i in range(n)) + "\n"


def links(n: int) -> str:
    return " ".join(f"[link {i}](https://example.com/{i})" for i in range(n)) + "\n"


def table(n: int) -> str:
    return "| Row | Value |\n|---|---|\n" + "".join(f"| row {i} | value {i} |\n" for i in range(n))


def items(n: int) -> str:
    return "".join(f"- item {i}\n" for i in range(n))


def paragraph(n: int) -> str:
    return ("word " * (n // 5)).rstrip() + "\n"  # one sentence of n characters


def code(n: int) -> str:
    return "```\n" + "".join(f"line_{i} = compute({i})\n" for i in range(n)) + "```\n"


def notes(n: int) -> str:
    return "\n<!-- pagebreak -->\n".join(
        f"### Slide {i}\n\nText {i}.\n\n<!-- notes: say {i} -->\n" for i in range(n)
    )


@dataclass(frozen=True)
class Shape:
    """One large shape of lesson: its 1x size and how to write it at a size."""

    name: str
    base: int
    unit: str
    body: Callable[[int], str] | None = None
    """The lesson's page at a size; ``None`` for the title shape."""

    def lesson(self, size: int) -> str:
        """Return the whole lesson at ``size``."""
        if self.body is None:
            title = ("Title " * (size // 6)).strip()
            return FRONT.format(title=f"'{title}'") + "### Slide\n\nText.\n"
        page = self.body(size)
        heading = "" if page.startswith("###") else "### Slide\n\n"
        return FRONT.format(title="Sizes") + heading + page


SHAPES = (
    Shape("front-matter title", 200, "characters"),
    Shape("sentences with inline code", 50, "spans", sentences),
    Shape("links in one paragraph", 100, "links", links),
    Shape("table rows", 100, "rows", table),
    Shape("list items", 100, "items", items),
    Shape("unsplittable paragraph", 10_000, "characters", paragraph),
    Shape("code lines", 100, "lines", code),
    Shape("slides with notes", 9, "slides", notes),
)


@dataclass(frozen=True)
class Run:
    """One export of one shape at one size."""

    shape: Shape
    size: int
    seconds: float
    peak_mb: float
    status: str
    slides: int
    warnings: int


def parse_args() -> argparse.Namespace:
    """Return the command-line arguments."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--formats", default="pptx,pdf,handout", help="default pptx,pdf,handout")
    parser.add_argument("--scales", default="1,10,100", help="multiples of each 1x size")
    names = ", ".join(shape.name for shape in SHAPES)
    parser.add_argument("--shapes", default="", help=f"comma-separated, of: {names}")
    parser.add_argument(
        "--timeout", type=float, default=900.0, help="seconds per export (default 900)"
    )
    return parser.parse_args()


def export(shape: Shape, size: int, folder: Path, formats: str, timeout: float) -> Run:
    """Export ``shape`` at ``size`` in a process of its own; return how it went."""
    lesson = folder / f"{shape.name.replace(' ', '-')}-{size}.md"
    lesson.write_text(shape.lesson(size), encoding="utf-8")
    report = folder / "report.json"
    command = [sys.executable, "-m", "exporter", "build", str(lesson), "-o", str(folder / "out")]
    command += ["--format", formats, "-q", "--offline", "--force", "--timeout", str(timeout)]
    command += ["--report", str(report)]
    start = time.perf_counter()
    # Messages go to the report: thousands of warnings would fill a pipe nobody reads.
    child = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    _, status, usage = os.wait4(child.pid, 0)  # the child's own peak, its worker's included
    seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    peak = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024) / 1e6
    [entry] = json.loads(report.read_text(encoding="utf-8"))["lessons"]
    result = entry["status"]
    if result == "failed":
        result += ": " + entry["diagnostics"][-1]["message"][:60]
    warnings = sum(d["severity"] == "warning" for d in entry["diagnostics"])
    return Run(shape, size, seconds, peak, result, len(entry.get("slides", [])), warnings)


def main() -> None:
    """Export every shape at every scale and print a table."""
    args = parse_args()
    scales = [int(scale) for scale in args.scales.split(",")]
    wanted = {name.strip() for name in args.shapes.split(",") if name.strip()}
    shapes = [shape for shape in SHAPES if not wanted or shape.name in wanted]
    print(f"bench_sizes: lesson-export build --format {args.formats}, one process per export")
    print(f"Python {platform.python_version()} on {platform.platform()}, {os.cpu_count()} CPUs")
    print(f"{'shape':28} {'size':>22} {'slides':>6} {'warn':>5} {'s':>8} {'s per 1x':>9} {'MB':>7}")
    with tempfile.TemporaryDirectory(prefix="bench-sizes-") as temporary:
        for shape in shapes:
            for scale in scales:
                size = shape.base * scale
                run = export(shape, size, Path(temporary), args.formats, args.timeout)
                per = run.seconds / scale
                label = f"{size:,} {shape.unit}"
                print(
                    f"{shape.name:28} {label:>22} {run.slides:>6} {run.warnings:>5} "
                    f"{run.seconds:>8.2f} {per:>9.3f} {run.peak_mb:>7.0f}"
                    + ("" if run.status == "exported" else f"  ({run.status})"),
                    flush=True,
                )


if __name__ == "__main__":
    main()
