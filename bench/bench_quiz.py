"""Benchmark a quiz's deck: a 40-question quiz against a 40-page lesson (issue 16).

In-process, after the imports, for each of two generated lessons (written to a temporary
folder): a quiz of ``--questions`` questions (four options each, every option explained, the
``quiz`` setting ``reveal``: a question slide and a reveal slide each) and an ordinary lesson
of as many pages (a heading, a paragraph and five bullets each). Each is laid out
(``lay_out``: read, parse, build, fit) and written as a deck (``render("pptx", ...)``), and
as a slide PDF with ``--pdf``; one warm-up call, then ``--runs`` timed calls with
``time.perf_counter`` (median, min, max in ms). Target: the quiz's median within 2x the
lesson's.

With ``--editions``, as issue 16 states the target: the quiz's deck, students' handout and
answer key against the lesson's deck and handout.

    python bench/bench_quiz.py [--runs N] [--questions N] [--pdf | --editions]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from exporter.jobs import Job  # noqa: E402
from exporter.options import Options  # noqa: E402
from exporter.paper import Edition  # noqa: E402
from exporter.pipeline import lay_out, render  # noqa: E402
from exporter.theme import load_theme  # noqa: E402

FRONT = "---\ntitle: '{title}'\nsection: Section-13\n{extra}---\n\n"
BREAK = "\n\n<!-- pagebreak -->\n\n"


def quiz_text(questions: int) -> str:
    """Return a quiz of ``questions`` questions, four explained options each."""
    pages = []
    for n in range(1, questions + 1):
        right = "ABCD"[n % 4]
        options = "\n".join(
            f"- {letter}) Option {letter} of question {n}, a service of the VPC\n"
            f"  - **{'Correct' if letter == right else 'Incorrect'}:** Because option "
            f"{letter} routes traffic {'as asked' if letter == right else 'elsewhere'}."
            for letter in "ABCD"
        )
        pages.append(f"## Question {n}\nWhich of these routes traffic in case {n}?\n\n{options}")
    return FRONT.format(title="Bench quiz", extra="quiz: 1\n") + BREAK.join(pages)


def lesson_text(pages: int) -> str:
    """Return an ordinary lesson of ``pages`` pages of a paragraph and five bullets."""
    body = [
        f"## Topic {n}\nA paragraph that says what topic {n} is about, in a sentence or two.\n\n"
        + "\n".join(f"- Point {i} of topic {n}, which a teacher explains" for i in range(1, 6))
        for n in range(1, pages + 1)
    ]
    return FRONT.format(title="Bench lesson", extra="") + BREAK.join(body)


def timed(path: Path, runs: int, options: Options) -> list[float]:
    """Return the milliseconds of each of ``runs`` lay-outs and renders of ``path``."""
    theme = load_theme()
    job = Job(path, str(path), path.with_suffix(""), path.parent)
    times = []
    for run in range(runs + 1):
        start = time.perf_counter()
        laid, _ = lay_out(job, theme, options=options)
        for output in options.outputs:
            render(output, laid, options)
        if run:  # the first is the warm-up
            times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--questions", type=int, default=40)
    parser.add_argument("--pdf", action="store_true", help="the slide PDF too")
    parser.add_argument(
        "--editions",
        action="store_true",
        help="as issue 16 measures it: the quiz's deck, students' handout and answer key "
        "against the lesson's deck and handout",
    )
    args = parser.parse_args()
    formats = ("pptx", "pdf") if args.pdf else ("pptx",)
    plain = Options(formats=formats)
    asked = {"quiz": plain, "lesson": plain}
    if args.editions:
        asked = {
            "quiz": Options(formats=("pptx", "handout", "answers"), edition=Edition.STUDENT),
            "lesson": Options(formats=("pptx", "handout")),
        }
    medians = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, text in (
            ("quiz", quiz_text(args.questions)),
            ("lesson", lesson_text(args.questions)),
        ):
            path = Path(folder) / f"{name}.md"
            path.write_text(text, encoding="utf-8")
            options = asked[name]
            times = timed(path, args.runs, options)
            medians[name] = statistics.median(times)
            print(
                f"{name:6} ({args.questions} pages, {'+'.join(o.name for o in options.outputs)}"
                f", {options.edition}): median "
                f"{medians[name]:.0f} ms, min {min(times):.0f}, max {max(times):.0f}"
            )
    ratio = medians["quiz"] / medians["lesson"]
    verdict = "within" if ratio <= 2 else "OVER"
    print(f"quiz / lesson: {ratio:.2f}x ({verdict} the 2x target)")


if __name__ == "__main__":
    main()
