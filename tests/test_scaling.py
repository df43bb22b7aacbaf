"""fit and write: every stage grows about linearly with what it is given (no timings here).

Each shape of a large lesson (a paragraph of many sentences, one sentence of many links, a
long table, list, code block or word, a long title, many slides with notes, a wide table) is
exported at 1x, 10x and 100x its size, and the work done is counted as the number of Python
function calls (``sys.setprofile``): a count that does not depend on the machine or its load.
Growing from 10x to 100x adds ten times what growing from 1x to 10x added when the work is
linear (90 units of size against 9); a stage whose work grows with the square of its input
adds a hundred times as much (at these sizes, the quadratic stages this replaced measured 28
to 105). ``GROWTH`` allows n·log n with room to spare. Timings are in ``bench/bench_sizes.py``.

The fit shapes are laid out on a small slide (a few lines of a narrow body), so that a few
hundred characters already make several slides and 100x stays quick.
"""

from __future__ import annotations

import functools
import random
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

from exporter.fit import Fitter, joined
from exporter.fit import sentences as sentences_of
from exporter.jobs import Job
from exporter.measure import Measurer, line_limit
from exporter.model import Run, Style
from exporter.pipeline import lay_out
from exporter.theme import Theme, load_theme
from exporter.writers.handout import render_handout
from exporter.writers.html import render_slides
from exporter.writers.pptx import render_pptx

THEME = load_theme()
GRID = THEME.slide
SMALL = replace(
    THEME,
    slide=replace(
        GRID,
        width=6.0,
        height=GRID.body_top + 2.0,
        body_bottom=GRID.body_top + 1.3,
        footer_top=GRID.body_top + 1.5,
    ),
)
"""A slide 6 inches wide with room for four lines of body text."""
GROWTH = 15.0
"""The most the work may grow from 10x to 100x for each unit it grew from 1x to 10x."""
FRONT = "---\ntitle: Sweep\nsection: 1\nlesson: 1\n---\n"


def sentences(n: int) -> str:
    return " ".join(f"Call `f{i}()` now." for i in range(n)) + "\n"


def links(n: int) -> str:
    return " ".join(f"[l{i}](https://example.com/{i})" for i in range(n)) + "\n"


def table(n: int) -> str:
    return "| a | b |\n|---|---|\n" + "".join(f"| r{i} | v{i} |\n" for i in range(n))


def items(n: int) -> str:
    return "".join(f"- item {i}\n" for i in range(n))


def words(n: int) -> str:
    return " ".join(["word"] * n) + "\n"


def code(n: int) -> str:
    return "```\n" + "".join(f"line {i} = value\n" for i in range(n)) + "```\n"


def notes(n: int) -> str:
    return "\n<!-- pagebreak -->\n".join(
        f"### Slide {i}\n\ntext {i}\n\n<!-- notes: say {i} -->\n" for i in range(n)
    )


def wide(n: int) -> str:
    header = "|" + "|".join(f"h{i}" for i in range(n)) + "|\n"
    rule = "|" + "|".join("-" for _ in range(n)) + "|\n"
    return (
        header + rule + "|" + "|".join(f"[c{i}](https://example.com/{i})" for i in range(n)) + "|\n"
    )


FIT_SHAPES: dict[str, tuple[Callable[[int], str], int]] = {
    "sentences with inline code": (sentences, 8),
    "one sentence of links": (links, 20),
    "table rows": (table, 5),
    "list items": (items, 5),
    "one long sentence": (words, 50),
    "one long word": (lambda n: "x" * n + "\n", 300),
    "code lines": (code, 5),
}
"""Each shape of the fit sweep: its page's Markdown at a size, and its 1x size."""
WRITE_SHAPES: dict[str, tuple[Callable[[int], str], int]] = {
    "slides with notes": (notes, 2),
    "one sentence of links": (links, 20),
    "table columns of links": (wide, 3),
}
"""Each shape of the writers' sweep."""


def calls(work: Callable[[], object]) -> int:
    """Return how many functions ``work`` calls, its own Python functions and built-ins."""
    count = 0

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


def job_for(folder: Path, page: str, name: str) -> Job:
    lesson = folder / f"{name}.md"
    heading = "" if page.startswith("###") else "### Slide\n\n"
    lesson.write_text(FRONT + heading + page, encoding="utf-8")
    return Job(lesson, str(lesson), lesson.with_suffix(""), folder)


def growth(counts: list[int]) -> float:
    """Return how much more work 10x to 100x added than 1x to 10x did."""
    return (counts[2] - counts[1]) / max(1, counts[1] - counts[0])


def sweep(
    folder: Path, make: Callable[[int], str], base: int, work: Callable[[Job], object]
) -> list[int]:
    """Return the calls ``work`` makes on the page ``make`` writes at 1x, 10x and 100x."""
    jobs = [job_for(folder, make(base * scale), f"x{scale}") for scale in (1, 10, 100)]
    work(jobs[0])  # fonts and templates load once, outside the count
    return [calls(functools.partial(work, job)) for job in jobs]


def fitted(theme: Theme) -> Callable[[Job], object]:
    return lambda job: lay_out(job, theme)


def written(job: Job) -> object:
    laid, _ = lay_out(job, THEME)
    return render_pptx(laid), render_slides(laid), render_handout(laid, "outline")


@pytest.mark.parametrize("shape", FIT_SHAPES)
def test_the_fit_grows_linearly_with_each_shape(shape: str, tmp_path: Path) -> None:
    make, base = FIT_SHAPES[shape]
    counts = sweep(tmp_path, make, base, fitted(SMALL))
    assert growth(counts) <= GROWTH, f"{shape}: {counts}"


@pytest.mark.parametrize("shape", WRITE_SHAPES)
def test_the_writers_grow_linearly_with_each_shape(shape: str, tmp_path: Path) -> None:
    make, base = WRITE_SHAPES[shape]
    counts = sweep(tmp_path, make, base, written)
    assert growth(counts) <= GROWTH, f"{shape}: {counts}"


def test_a_long_slide_title_and_footer_cost_what_they_show() -> None:
    fitter = Fitter(THEME, {})
    fitter.sizes.footer("warm up")
    counts = [
        calls(functools.partial(fitter.sizes.footer, " ".join(["word"] * n)))
        for n in (30, 300, 3000)
    ]
    assert growth(counts) <= GROWTH, counts


PIECES: tuple[str, ...] = ("word", "Next", "e.g.", "Dr.", "end.", "Why?", "云计算", "。", "ク")
PIECES += ("ッ", "보안", "\n", " ", "\t", "\xa0", "x" * 40, "(Paren.)", '"Quote."', "。次")
PIECES += ("ok.\n", "」", "U.S.")
STYLES = (Style(), Style(bold=True), Style(code=True), Style(link="https://example.com"))


def random_runs(chance: random.Random) -> tuple[Run, ...]:
    """Return a paragraph of random runs: sentences, ideographs, breaks, odd spaces, styles."""
    ends = (" ", " ", "", ". ", ".  ", "\n")
    return tuple(
        Run(
            "".join(
                chance.choice(PIECES) + chance.choice(ends) for _ in range(chance.randint(1, 8))
            ),
            chance.choice(STYLES),
        )
        for _ in range(chance.randint(1, 10))
    )


def test_the_shortcuts_give_what_measuring_in_full_gives() -> None:
    # Each start of a paragraph counted in one pass, and a count stopped at a bound, must be
    # what measuring that text alone gives: the layouts must not change for the speed.
    measure = Measurer(THEME)
    chance = random.Random(13)
    for _ in range(400):
        pieces = sentences_of(random_runs(chance))
        size, width = chance.choice((18.0, 24.0)), chance.uniform(0.5, 6.0)
        starts = measure.prefixes(pieces, "body", False, line_limit(size, width))
        total = measure.count_lines(joined(pieces), size, width)
        for k in range(1, len(pieces)):
            lines = starts.lines(k)
            assert lines in (None, measure.count_lines(joined(pieces[:k]), size, width))
        for most in range(total + 2):
            bounded = measure.count_lines(joined(pieces), size, width, most=most)
            assert bounded == total if total <= most else bounded > most
            assert (
                not measure.prefixes(pieces, "body", False, line_limit(size, width)).more_than(most)
                or total > most
            )


def test_the_sweep_tells_quadratic_work_from_linear() -> None:
    def quadratic(n: int) -> None:
        for i in range(n):
            for j in range(i):
                abs(j)

    def linear(n: int) -> None:
        for i in range(n):
            abs(i)

    assert growth([calls(functools.partial(quadratic, n)) for n in (10, 100, 1000)]) > GROWTH
    assert growth([calls(functools.partial(linear, n)) for n in (10, 100, 1000)]) <= GROWTH
