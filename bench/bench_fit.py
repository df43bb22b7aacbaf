"""Benchmark the fit stage: a 400-slide deck fitted with the font files, time per slide.

The deck is made of the pages of every bundled lesson and every stress lesson
(``tests/fixtures/stress``: the longest page, deep nesting, long code, wide and long tables,
unequal columns, CJK and long words), repeated until the fitted deck has at least
``--slides`` slides. It measures, in one process:

1. The first fit, which loads the fonts (once per process).
2. ``fit_deck`` on the whole deck, ``--runs`` times after that (median, min, max), as
   milliseconds per slide against the target "under 5 ms per slide".
3. For scale, the other stages on the same deck: read + parse + build, and writing the PPTX
   (median of the same number of runs), and fit's share of the three.

Run it from anywhere: ``python bench/bench_fit.py [--runs N] [--slides N]`` or ``make bench``.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exporter.builder import build_deck  # noqa: E402
from exporter.fit import fit_deck  # noqa: E402
from exporter.model import Deck  # noqa: E402
from exporter.parse import parse_markdown  # noqa: E402
from exporter.resources import Downloads, Place, load_pictures  # noqa: E402
from exporter.source import read_source  # noqa: E402
from exporter.theme import load_theme  # noqa: E402
from exporter.writers.pptx import render_pptx  # noqa: E402

TARGET_MS = 5.0
T = TypeVar("T")


def pages_of(path: Path) -> list[str]:
    """Return the pages of a lesson, its front matter dropped."""
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        text = text.split("\n---", 2)[-1].split("\n", 1)[-1]
    return [page for page in text.split("<!-- pagebreak -->") if page.strip()]


def synthetic_lesson(folder: Path, repeats: int) -> Path:
    """Write a lesson of every bundled and stress page, ``repeats`` times over."""
    sources = sorted((ROOT / "lessons").rglob("*.md"))
    sources += sorted((ROOT / "tests" / "fixtures" / "stress").glob("*.md"))
    pages = [page for source in sources for page in pages_of(source)]
    body = "\n<!-- pagebreak -->\n".join(pages * repeats)
    lesson = folder / "course" / "big.md"
    lesson.parent.mkdir(parents=True, exist_ok=True)
    (folder / "course" / "assets").mkdir(exist_ok=True)
    header = '---\ntitle: "Fit benchmark"\nsection: 1\nlesson: 1\n---\n'
    lesson.write_text(header + body, encoding="utf-8")
    return lesson


def timed(runs: int, work: Callable[[], T]) -> tuple[list[float], T]:
    """Return the wall times of ``runs`` calls of ``work`` in seconds, and its last result."""
    times = []
    result = work()
    for _ in range(runs):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return times, result


def summary(times: list[float], per: int) -> str:
    """Return ``median (min, max) ms`` and the median per item."""
    ms = [t * 1000 for t in times]
    return (
        f"median {statistics.median(ms):8.1f} ms (min {min(ms):.1f}, max {max(ms):.1f}); "
        f"{statistics.median(ms) / per:.2f} ms per slide"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each stage")
    parser.add_argument("--slides", type=int, default=400, help="least slides in the deck")
    args = parser.parse_args()
    theme = load_theme()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        repeats = 1
        while True:
            lesson = synthetic_lesson(folder, repeats)
            place = Place(lesson.parent, lesson.parent)

            def build(lesson: Path = lesson) -> Deck:
                source = read_source(lesson)
                deck, _ = build_deck(source, [parse_markdown(p.text) for p in source.pages], "x")
                return deck

            deck = build()
            pictures, _ = load_pictures(deck, place, Downloads(offline=True))
            start = time.perf_counter()
            laid, _ = fit_deck(deck, theme, pictures)
            first = time.perf_counter() - start
            if len(laid.slides) >= args.slides:
                break
            repeats = repeats * 2 if len(laid.slides) * 2 < args.slides else repeats + 1
        slides = len(laid.slides)
        build_times, _ = timed(args.runs, build)
        fit_times, laid = timed(args.runs, lambda: fit_deck(deck, theme, pictures)[0])
        write_times, data = timed(args.runs, lambda: render_pptx(laid, None))
    print(f"machine: {platform.machine()}, Python {platform.python_version()}")
    print(f"deck: {len(deck.slides)} pages -> {slides} slides ({len(data) // 1024} KiB PPTX)")
    print(f"first fit (loads the fonts): {first * 1000:.1f} ms")
    print(f"read+parse+build: {summary(build_times, slides)}")
    print(f"fit:              {summary(fit_times, slides)}")
    print(f"write PPTX:       {summary(write_times, slides)}")
    fit = statistics.median(fit_times)
    total = fit + statistics.median(build_times) + statistics.median(write_times)
    per_slide = fit * 1000 / slides
    verdict = "meets" if per_slide < TARGET_MS else "MISSES"
    print(f"fit share of the export: {fit / total:.0%}")
    print(f"fit per slide: {per_slide:.2f} ms ({verdict} the target of {TARGET_MS:g} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
