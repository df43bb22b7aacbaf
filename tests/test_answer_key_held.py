"""The answer key holds a short question whole, as one box, and lets a tall one split
(``writers.answers.KeyWriter.held``): WeasyPrint balances the last page's columns quickly
around whole boxes, and a question taller than a column must still go on in the next."""

from __future__ import annotations

import re
from pathlib import Path

from exporter.cli import main
from exporter.jobs import Job
from exporter.options import Options
from exporter.pipeline import lay_out
from exporter.theme import load_theme
from exporter.writers.answers import questions_of, render_answers
from tests.conftest import ROOT, page_text

QUIZZES = ROOT / "tests" / "fixtures" / "quizzes"


def quiz(folder: Path, questions: list[tuple[str, str]]) -> Path:
    """Write a quiz of ``questions`` (each its prompt and the code it asks about, if any),
    each with a right and a wrong option, explained."""
    parts = ["---\ntitle: Held\nsection: 1\nlesson: 1\n---\n"]
    for number, (prompt, code) in enumerate(questions, 1):
        shown = f"\n```python\n{code}\n```\n" if code else ""
        parts.append(
            f"## Question {number}\n\n{prompt}\n{shown}\n"
            f"- A) The right answer to {number}\n  - Correct: it is right, number {number}.\n"
            f"- B) A wrong answer to {number}\n  - Incorrect: it is wrong, number {number}.\n"
        )
    path = folder / "held.md"
    path.write_text("\n<!-- pagebreak -->\n\n".join(parts), encoding="utf-8")
    return path


def held_count(path: Path) -> tuple[int, int]:
    """Return how many of the quiz's questions its key holds whole, and how many it has."""
    job = Job(path, path.name, path.with_suffix(""), path.parent)
    laid, _ = lay_out(job, load_theme(), options=Options(offline=True))
    html = render_answers(laid).html
    return len(re.findall(r'<div class="held">', html)), len(questions_of(laid.deck))


def test_short_questions_are_held_whole_and_a_tall_one_is_not(tmp_path: Path) -> None:
    tall = "\n".join(f"value_{n} = compute({n})  # step {n}" for n in range(90))
    path = quiz(tmp_path, [("Which is right?", ""), ("What does this print?", tall)])
    assert held_count(path) == (1, 2)


def test_every_question_of_a_ten_question_quiz_is_held() -> None:
    held, questions = held_count(QUIZZES / "screen-ten.md")
    assert held == questions == 10


def test_a_question_taller_than_a_column_is_printed_to_its_last_line(tmp_path: Path) -> None:
    tall = "\n".join(f"value_{n} = compute({n})  # step {n}" for n in range(90))
    short = [(f"Short question {n}?", "") for n in range(1, 6)]
    path = quiz(tmp_path, [*short, ("What does this print?", tall), *short])
    out = tmp_path / "out"
    line = ["build", str(path), "-o", str(out), "-q", "--format", "answers", "--offline"]
    assert main(line) == 0
    text = page_text(out / "held.answers.pdf")
    assert "value_89 = compute(89)" in text  # the code's last line, on a later page
    for number in range(1, 12):
        assert f"it is right, number {number}." in text
        assert f"it is wrong, number {number}." in text
