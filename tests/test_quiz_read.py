"""build: quiz pages read into ``Question`` and ``Option`` (issue 16 §1), and their report (§4).

The fixtures under ``tests/fixtures/quizzes`` are quizzes in every shape the issue names (bold
and plain marks, the colon inside or after the bold, task lists, ``Answer:`` lines, several
answers, true/false, a lone question in a lesson, broken questions) and a guide whose lettered
lists and checklist are not questions.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pptx import Presentation

from exporter import builder
from exporter.builder import build_deck
from exporter.builder.editions import for_students
from exporter.builder.quiz import Quiz
from exporter.builder.quizwords import question_label
from exporter.cli import main
from exporter.errors import Diagnostic
from exporter.jobs import Job, SlideInfo
from exporter.model import Bullet, Deck, Paragraph, Question, Subheading, Table, View, plain_text
from exporter.options import Options, outputs_of
from exporter.paper import QuizMode
from exporter.pipeline import lay_out, render, slide_infos
from exporter.source import parse_source
from exporter.theme import load_theme
from exporter.words import LANGUAGES
from tests.conftest import LESSONS, page_text, slide_texts, squeeze

QUIZZES = Path(__file__).parent / "fixtures" / "quizzes"
FIXTURES = Path(__file__).parent / "fixtures"
SCHEMA = json.loads((Path(__file__).parent.parent / "docs" / "report.schema.json").read_text())


def built(text: str) -> tuple[Deck, tuple[Diagnostic, ...]]:
    """Return the deck of a lesson written as ``text``, and what building it found."""
    source = parse_source(text.encode("utf-8"))
    return build_deck(source, [page.blocks for page in source.pages], "lesson")


def questions(deck: Deck) -> list[Question]:
    """Return the questions of ``deck``'s slides, in order (each once: not again from the
    reveal slide that follows its question slide)."""
    return [
        slide.question
        for slide in deck.slides
        if slide.question is not None and slide.view is not View.REVEAL
    ]


def students_texts(deck: Deck) -> list[str]:
    """Return the text of each paragraph and item of ``deck``'s students' edition."""
    return [
        plain_text(block.runs)
        for slide in for_students(deck).slides
        for block in slide.body
        if isinstance(block, Paragraph | Bullet | Subheading)
    ]


def fixture(name: str) -> tuple[Deck, tuple[Diagnostic, ...]]:
    """Return the deck of the quiz fixture ``name`` and its diagnostics."""
    return built((QUIZZES / name).read_text(encoding="utf-8"))


# Per fixture: whether it is a quiz, its front matter number, and each question's line and
# correct letters.
EXPECTED = {
    "bold-markers.md": (True, "2", [(7, "B"), (19, "C"), (33, "A")]),
    "plain-markers.md": (True, "1", [(7, "B"), (17, "B"), (29, "B")]),
    "task-list.md": (True, "3", [(7, "AC"), (17, "B")]),
    "answer-line.md": (True, None, [(7, "B"), (18, "AC"), (30, "B")]),
    "multiple-answers.md": (True, "2", [(7, "ABD")]),
    "long-prompt.md": (True, None, [(7, "B")]),
    "iam-networking.md": (
        True,
        "8",
        [
            *[(8, "A"), (34, "AC"), (49, "A"), (64, "A")],
            *[(84, "A"), (95, "ABD"), (112, "A"), (127, "A")],
        ],
    ),
    "true-false.md": (True, "3", [(7, "A"), (17, "B")]),
    "lone-question.md": (False, None, [(20, "B")]),
    "most-questions.md": (True, None, [(7, "A"), (17, "A")]),
    "broken.md": (True, "9", [(7, ""), (17, "A"), (29, "C"), (41, "A")]),
    "bold-labels.md": (True, None, [(7, "A"), (18, "A"), (27, "B"), (36, "A")]),
    "lettered-guide.md": (False, None, []),
    "show-answer.md": (True, None, [(7, "B"), (21, "B"), (37, "A"), (48, "B")]),
    "numbered-headings.md": (True, None, [(7, "B"), (18, "C"), (29, "B"), (39, "B")]),
    "heading-prompts.md": (
        True,
        None,
        [(7, "B"), (18, "B"), (27, "A"), (36, "A"), (52, "A"), (61, "A"), (72, "A"), (83, "B")],
    ),
    "screen-ten.md": (
        True,
        "3",
        [
            *[(7, "B"), (21, "C"), (35, "A"), (45, "AB"), (59, "C")],
            *[(71, "B"), (80, "A"), (94, "A"), (106, "B"), (116, "AD")],
        ],
    ),
    "editions-ten.md": (
        True,
        "4",
        [
            (7, "B"),
            (21, "C"),
            (35, "AC"),
            (45, "B"),
            (56, "A"),
            (66, "ACD"),
            (80, "B"),
            (92, "A"),
            (104, "B"),
            (116, "B"),
        ],
    ),
}


def test_every_quiz_fixture_is_expected() -> None:
    assert sorted(EXPECTED) == sorted(path.name for path in QUIZZES.glob("*.md"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_shape_is_read_to_its_questions_and_correct_letters(name: str) -> None:
    quiz, number, asked = EXPECTED[name]
    deck, _ = fixture(name)
    assert (deck.quiz, deck.quiz_number) == (quiz, number)
    assert [(q.line, "".join(q.correct)) for q in questions(deck)] == asked
    assert [q.number for q in questions(deck)] == list(range(1, len(asked) + 1))


def test_bold_marks_give_the_option_text_and_explanation_without_the_mark() -> None:
    deck, diagnostics = fixture("bold-markers.md")
    first = questions(deck)[0]
    assert plain_text(first.prompt) == (
        "Which service lets two VPCs route traffic to each other privately?"
    )
    shown = [(o.letter, plain_text(o.runs), o.correct, o.line) for o in first.options]
    assert shown == [
        ("A", "Internet Gateway", False, 10),
        ("B", "VPC Peering", True, 12),
        ("C", "NAT Gateway", False, 14),
    ]
    explanations = [plain_text(o.explanation or ()) for o in first.options]
    assert explanations[1] == "Peering routes traffic between two VPCs over private addresses."
    assert not any(d.code.startswith("quiz-") for d in diagnostics)


def test_plain_marks_and_every_letter_style_are_read() -> None:
    deck, _ = fixture("plain-markers.md")
    for question in questions(deck):
        assert [o.letter for o in question.options][:2] == ["A", "B"]
        assert all(o.explanation for o in question.options)
        for option in question.options:
            text = plain_text(option.explanation or ())
            assert not text.lower().startswith(("correct", "incorrect", "-", ":")), text
    # "**Incorrect** - Standard ...": a dash after the bold mark.
    second = questions(deck)[1]
    assert plain_text(second.options[0].explanation or ()) == (
        "Standard is priced for frequent access."
    )
    assert plain_text(second.options[0].runs) == "S3 Standard"


def test_task_boxes_mark_the_answer_and_leave_the_text() -> None:
    deck, _ = fixture("task-list.md")
    first, second = questions(deck)
    assert [plain_text(o.runs) for o in first.options][:2] == ["Amazon S3 buckets", "IAM"]
    assert [plain_text(o.runs) for o in second.options] == ["Amazon EBS", "Amazon S3", "Amazon EFS"]
    assert plain_text(second.options[1].explanation or ()) == "S3 is object storage."


@pytest.mark.parametrize(
    ("answer", "correct"),
    [
        ("Answer: B", ("B",)),
        ("**Answer:** A, C", ("A", "C")),
        ("**Answer**: A and C", ("A", "C")),
        ("Correct answer: (b)", ("B",)),
        ("Answer: Paris", ("C",)),
    ],
)
def test_an_answer_line_after_the_list_marks_the_options(
    answer: str, correct: tuple[str, ...]
) -> None:
    asked = "What is the capital of France?\n\n- A) Rome\n- B) Lyon\n- C) Paris\n"
    text = f"---\ntitle: Q\nquiz: 1\n---\n\n{asked}\n{answer}\n"
    deck, _ = built(text)
    [question] = questions(deck)
    assert question.correct == correct


def test_a_mark_on_the_line_under_the_option_in_the_same_paragraph_is_read() -> None:
    text = "Which is right?\n\n- A) This\n  Correct: because.\n- B) That\n  Incorrect: no.\n"
    deck, _ = built(text)
    [question] = questions(deck)
    assert question.correct == ("A",)
    assert plain_text(question.options[0].runs) == "This"
    assert plain_text(question.options[0].explanation or ()) == "because."


@pytest.mark.parametrize(
    ("item", "text", "explanation"),
    [
        # wrapped over lines, the mark nested under it
        (
            "- A) A NAT gateway in a public subnet,\n  and a route to it\n"
            "  - Correct: it allows outbound\n    connections only.\n",
            "A NAT gateway in a public subnet, and a route to it",
            "it allows outbound connections only.",
        ),
        # wrapped, the mark on a line of its own in the same paragraph, wrapped too
        (
            "- A) An internet gateway\n  on the VPC\n  Correct: the default\n  route.\n",
            "An internet gateway on the VPC",
            "the default route.",
        ),
        # a task box, inline code on the second line, the mark in a nested paragraph
        (
            "- [x] Run `aws ec2`\n  `describe-subnets` first\n\n  **Correct:** it lists\n"
            "  them all.\n",
            "Run aws ec2 describe-subnets first",
            "it lists them all.",
        ),
    ],
    ids=["mark-nested", "mark-in-the-paragraph", "task-box"],
)
def test_an_option_keeps_every_line_it_was_written_on(
    item: str, text: str, explanation: str
) -> None:
    other = "- B) Another\n  - Incorrect: no.\n" if item.startswith("- A") else "- [ ] No\n"
    deck, _ = built(f"---\ntitle: Q\nquiz: 1\n---\n\nWhich?\n\n{item}{other}")
    [question] = questions(deck)
    first = question.options[0]
    assert (plain_text(first.runs), first.correct) == (text, True)
    assert plain_text(first.explanation or ()) == explanation
    asking = [slide for slide in deck.slides if slide.view is not None]
    assert len(asking) == 2  # the question, and its reveal
    for slide in asking:
        shown = "\n".join(plain_text(b.runs) for b in slide.body if hasattr(b, "runs"))
        assert text in shown, slide.view


@pytest.mark.parametrize(
    ("option", "explanation"),
    [
        # the mark in a nested item, its further paragraphs and a quote under it
        (
            "- B) `s3:PutObject`\n  - Correct: Uploading needs both.\n\n"
            "    Without the key S3 refuses it.\n\n    > A note in a quote.\n",
            "Uploading needs both.\nWithout the key S3 refuses it.\nA note in a quote.",
        ),
        # the mark in a nested paragraph, then a list and code
        (
            "- B) `s3:PutObject`\n\n  **Correct:** Uploading needs both:\n\n"
            "  - the object\n  - the key\n\n  ```bash\n  aws s3 cp a s3://b\n  ```\n",
            "Uploading needs both:\n\u2022 the object\n\u2022 the key\naws s3 cp a s3://b",
        ),
        # the mark in the option's own paragraph, then a paragraph nested under it
        (
            "- B) `s3:PutObject`\n  Correct: Uploading needs both.\n\n  The second paragraph.\n",
            "Uploading needs both.\nThe second paragraph.",
        ),
    ],
    ids=["nested-item", "nested-paragraph", "same-paragraph"],
)
def test_an_explanation_keeps_every_paragraph_written_under_its_mark(
    option: str, explanation: str, tmp_path: Path
) -> None:
    """An explanation of several paragraphs lost all but its first, on the reveal slide, in
    the speaker notes, the handout and the answer key alike, without a word."""
    text = (
        "---\ntitle: Q\nquiz: 1\n---\n\n## Question 1\n\nWhich permission?\n\n"
        f"- A) `s3:GetObject`\n  - Incorrect: Reading is not involved.\n{option}"
    )
    deck, _ = built(text)
    [question] = questions(deck)
    assert question.correct == ("B",)
    assert plain_text(question.options[1].explanation or ()) == explanation
    noted = [run for run in question.options[1].explanation or () if "quote" in run.text]
    assert all(run.style.italic for run in noted)  # a quoted note set apart, in italics
    lesson = tmp_path / "quiz.md"
    lesson.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    formats = "pptx,handout,answers"
    assert main(["build", str(lesson), "-o", str(out), "-q", "--format", formats]) == 0
    slides = Presentation(str(out / "quiz.pptx")).slides
    shown = squeeze(" ".join(text for slide in slides for text in slide_texts(slide)))
    notes = squeeze(" ".join(s.notes_slide.notes_text_frame.text for s in slides))
    for line in explanation.splitlines():
        for where in (
            shown,
            notes,
            *(squeeze(page_text(out / f"quiz.{kind}.pdf")) for kind in ("handout", "answers")),
        ):
            assert squeeze(line) in where, line


def test_a_questions_paragraphs_and_code_stay_in_the_order_written() -> None:
    text = (
        "---\ntitle: q\nquiz: 1\n---\n\n## Question 1\n\nAn architect writes this:\n\n"
        "```bash\nsystemctl enable --now lab.service\n```\n\nIt fails. Why?\n\n"
        "| Unit | State |\n|---|---|\n| lab | dead |\n\nWhich change fixes it?\n\n"
        "- A) A reload\n  - Correct: yes.\n- B) A reboot\n  - Incorrect: no.\n"
    )
    deck, _ = built(text)
    written = ["Paragraph", "Code", "Paragraph", "Table", "Paragraph"]
    students = for_students(deck)
    for slide in (*deck.slides, *students.slides):
        if slide.view is None:
            continue
        kinds = [type(block).__name__ for block in slide.body]
        assert kinds[: len(written)] == written, (slide.view, kinds)
        first = slide.body[0]
        assert plain_text(first.runs) == "An architect writes this:"  # type: ignore[union-attr]


def test_unlettered_true_false_options_are_lettered_by_place() -> None:
    deck, _ = fixture("true-false.md")
    second = questions(deck)[1]
    assert [(o.letter, plain_text(o.runs)) for o in second.options] == [
        ("A", "True"),
        ("B", "False"),
    ]


def test_a_lone_question_in_a_lesson_is_a_check_for_understanding() -> None:
    deck, _ = fixture("lone-question.md")
    asking = [n for n, slide in enumerate(deck.slides, 1) if slide.question is not None]
    assert asking == [4, 5]  # its question slide, then its reveal slide
    assert not deck.quiz


@pytest.mark.parametrize(
    ("code", "line", "words"),
    [
        ("quiz-no-answer", 7, "question 1 has no option marked correct"),
        ("quiz-letter-twice", 24, "the letter B is used for two options"),
        ("quiz-letter-order", 34, "lettered A, C, B, out of order"),
        ("quiz-explanation", 44, "option A names B as correct"),
    ],
)
def test_each_broken_question_warns_at_its_line(code: str, line: int, words: str) -> None:
    _, diagnostics = fixture("broken.md")
    [found] = [d for d in diagnostics if d.code == code]
    assert found.line == line
    assert words in found.message
    assert found.slide is not None


def test_an_explanation_naming_a_correct_option_is_no_problem() -> None:
    text = (
        "---\ntitle: Q\nquiz: 1\n---\n\nWhich?\n\n- A) One\n  - Incorrect: B is the correct "
        "answer.\n- B) Two\n  - Correct: yes.\n"
    )
    _, diagnostics = built(text)
    assert not [d for d in diagnostics if d.code.startswith("quiz-")]


def test_a_question_without_a_heading_counts_on_from_the_one_before() -> None:
    page = "\n\n- A) One\n  - Correct: yes.\n- B) Two\n  - Incorrect: no.\n"
    text = "\n\n<!-- pagebreak -->\n\n".join(
        [
            "---\ntitle: Q\nquiz: 1\n---\n\nWhich first?" + page,
            "## Question 4\n\nWhich next?" + page,
            "Which then?" + page,
            "## Question 9\n\nWhich last?" + page,
            "And after that?" + page,
        ]
    )
    deck, _ = built(text)
    assert [q.number for q in questions(deck)] == [1, 4, 5, 9, 10]


def test_quiz_false_in_the_front_matter_is_no_quiz() -> None:
    text = "---\ntitle: Q\nquiz: false\n---\n\nWhich?\n\n- A) One\n- B) Two\n"
    deck, _ = built(text)
    assert (deck.quiz, deck.quiz_number, questions(deck)) == (False, None, [])
    deck, _ = built(text.replace("quiz: false", "layout: quiz"))
    assert deck.quiz and [q.correct for q in questions(deck)] == [()]


def test_lettered_lists_outside_a_quiz_need_a_mark_to_be_questions() -> None:
    text = "Pick one:\n\n- A) Open the console.\n- B) Choose Launch.\n"
    deck, _ = built(text)
    assert questions(deck) == []
    deck, _ = built("## Question 1\n\nWhich one?\n\n- [x] done\n- [ ] not done\n")
    assert len(questions(deck)) == 1  # a question said to be one, and a box ticked
    for checklist in ("Before you start:", "Have you done all of this?"):
        deck, _ = built(f"{checklist}\n\n- [x] Installed Python\n- [ ] Made a venv\n")
        assert questions(deck) == []  # a checklist, even one asked as a question


LESSON_FILES = sorted(
    path
    for path in [*LESSONS.rglob("*.md"), *FIXTURES.rglob("*.md")]
    if path.parent != QUIZZES and "\nquiz: " not in path.read_text(encoding="utf-8")[:200]
)  # (a quiz elsewhere, such as the icons' fixtures, says so in its front matter)


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda path: path.name)
def test_no_ordinary_lesson_is_taken_for_a_quiz(path: Path) -> None:
    source = parse_source(path.read_bytes())
    deck, diagnostics = build_deck(source, [page.blocks for page in source.pages], path.stem)
    assert (deck.quiz, questions(deck)) == (False, [])
    assert not [d for d in diagnostics if d.code.startswith("quiz-")]


THEME = load_theme()


@pytest.mark.parametrize("name", ["bold-markers.md", "task-list.md"])
def test_reading_questions_changes_only_the_question_slides(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A question's page is shown as its question and reveal slides (issue 16 §2), which the
    outputs of the pages unread as questions are not."""
    path = QUIZZES / name
    job = Job(path, str(path), path.with_suffix(""), path.parent)
    options = Options(formats=("pptx", "pdf", "handout"))
    laid, _ = lay_out(job, THEME, options=options)
    assert any(placed.slide.question for placed in laid.slides)
    outputs = outputs_of(("pptx", "pdf", "handout"), options.handout)
    read = {output: render(output, laid, options) for output in outputs}

    def unread(*args: object) -> Quiz:
        sizes = len(args[1])  # type: ignore[arg-type]
        return Quiz(False, (None,) * sizes, ((),) * sizes)

    monkeypatch.setattr(builder, "read_quiz", unread)
    plain, _ = lay_out(job, THEME, options=options)
    assert not any(placed.slide.question for placed in plain.slides)
    assert all(render(output, plain, options) != read[output] for output in read)
    assert len(laid.slides) == 2 * len(plain.slides) - 1


def test_the_report_gives_each_question_and_validates(tmp_path: Path) -> None:
    from jsonschema import Draft202012Validator

    report = tmp_path / "report.json"
    assert main(["check", str(QUIZZES), "-q", "--report", str(report)]) == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(SCHEMA)
    Draft202012Validator(SCHEMA).validate(data)
    lessons = {Path(lesson["source"]).name: lesson for lesson in data["lessons"]}
    assert "quiz" not in lessons["lettered-guide.md"]
    for name, (_, _, asked) in EXPECTED.items():
        if not asked:
            continue
        quiz = lessons[name]["quiz"]
        assert quiz["questions"] == len(asked)
        assert [(i["line"], "".join(i["correct"])) for i in quiz["items"]] == asked
    broken = lessons["broken.md"]["quiz"]["items"]
    assert [len(item["warnings"]) for item in broken] == [1, 1, 1, 1]
    assert "no option marked correct" in broken[0]["warnings"][0]


def test_check_prints_each_problem_with_its_file_and_line(
    capsys: pytest.CaptureFixture[str],
) -> None:
    main(["check", str(QUIZZES / "broken.md")])
    said = capsys.readouterr()
    printed = said.out + said.err
    for line in (7, 24, 34, 44):
        assert f"broken.md:{line}: warning: question" in printed


def test_a_skipped_lesson_keeps_its_questions_in_the_manifest() -> None:
    path = QUIZZES / "answer-line.md"
    laid, _ = lay_out(Job(path, str(path), path.with_suffix(""), path.parent), THEME)
    infos = slide_infos(laid)
    assert [info.question.correct for info in infos if info.question] == [
        ("B",),
        ("A", "C"),
        ("B",),
    ]
    assert tuple(SlideInfo.from_json(info.to_json()) for info in infos) == infos
    broken = {**infos[1].to_json(), "question": {"number": 1, "line": 3}}
    with pytest.raises(ValueError):
        SlideInfo.from_json(broken)


def test_an_answer_line_may_give_the_option_with_its_text() -> None:
    page = "## Question 1\n\nWhich one peers?\n\n- A) Internet Gateway\n- B) VPC Peering\n\n"
    for line in ("Answer: B) VPC Peering", "Answer: (b) VPC Peering", "Answer: B. VPC Peering"):
        deck, _ = built(f"---\ntitle: q\nquiz: 1\n---\n\n{page}{line}\n")
        (question,) = questions(deck)
        assert question.correct == ("B",), line


def test_plain_true_and_false_items_are_named_by_an_answer_line() -> None:
    text = "---\ntitle: q\nquiz: 1\n---\n\nSecurity groups are stateless.\n\n- True\n- False\n\n"
    deck, _ = built(f"{text}Answer: False\n")
    (question,) = questions(deck)
    assert [o.letter for o in question.options] == ["A", "B"] and question.correct == ("B",)
    deck, _ = built(f"{text}Remember it.\n")
    assert questions(deck) == []  # plain items and no answer: a list, not options


def test_a_questions_code_and_closing_words_stay_on_its_slides() -> None:
    text = (
        "---\ntitle: q\nquiz: 1\n---\n\n## Question 1\n\nWhat does this print?\n\n"
        "```python\nprint(1 + 1)\n```\n\n- A) 2\n  - Correct: one and one.\n- B) 11\n"
        "  - Incorrect: these are numbers.\n\nThink before you answer.\n"
    )
    deck, _ = built(text)
    shown = [s for s in deck.slides if s.view is not None]
    assert [s.view for s in shown] == [View.QUESTION, View.REVEAL]
    for slide in shown:
        kinds = [type(block).__name__ for block in slide.body]
        assert "Code" in kinds, kinds
        assert plain_text(slide.body[-1].runs) == "Think before you answer."  # type: ignore[union-attr]


EXPLAINED = """---
title: Q
quiz: 1
---

## Question 1

Which command lists buckets?

- A) `aws s3 ls`
  - Correct: It lists buckets.

    ```bash
    aws s3 ls s3://EXPLANATION-ONLY
    ```
- B) `aws s3 mb`
  - Incorrect: It makes a bucket.

**Answer:** A

Explanation: ls lists them, mb makes one.
"""


def test_what_explains_the_answer_stays_off_the_question_and_the_students_copy() -> None:
    """Reviewed: code written under an option's ``Correct:`` line was shown in the question
    itself, above its options, in the students' edition too; and a paragraph after the
    ``Answer:`` line was shown on the question slide. Both explain the answer: the reveal
    shows them, the question and the students' copy do not."""
    deck, _ = built(EXPLAINED)

    def text(slide: object) -> str:
        body = slide.body  # type: ignore[attr-defined]
        return " ".join(
            plain_text(b.runs) if hasattr(b, "runs") else getattr(b, "text", "") for b in body
        )

    shown = {slide.view: text(slide) for slide in deck.slides if slide.view is not None}
    assert "EXPLANATION-ONLY" not in shown[View.QUESTION]
    assert "ls lists them" not in shown[View.QUESTION]
    assert "EXPLANATION-ONLY" in shown[View.REVEAL] and "ls lists them" in shown[View.REVEAL]
    students = " ".join(text(slide) for slide in for_students(deck).slides)
    assert "EXPLANATION-ONLY" not in students and "ls lists them" not in students
    assert "Which command lists buckets?" in students


@pytest.mark.parametrize(
    ("lang", "heading", "right", "wrong", "answer"),
    [
        ("es", "Pregunta", "Correcto:", "Incorrecto:", "**Respuesta:** B"),
        ("es", "Pregunta", "**Correcta**:", "**Incorrecta** -", "Respuesta correcta: B"),
        ("de", "Frage", "Richtig:", "Falsch:", "**Antwort:** B"),
        ("de", "Frage", "**Korrekt:**", "Falsch \u2013", "Richtige Antwort: B"),
        ("fr", "Question", "Correct :", "Faux :", "**Réponse :** B"),
        ("fr", "Question", "Juste :", "Incorrecte :", "La bonne réponse est : B"),
        ("en", "Question", "Right:", "Wrong:", "The correct answer is: B"),
    ],
)
def test_marks_and_answer_lines_are_read_in_each_language_of_the_slides(
    lang: str, heading: str, right: str, wrong: str, answer: str
) -> None:
    """Reviewed: a Spanish quiz's ``Correcto:`` / ``Incorrecto:`` lines were not read as
    marks (every explanation lost, the key all "—"), and its ``**Respuesta:** A`` line was
    shown as text on the question slide of the students' copy: the answer given away. Marks,
    answer lines and ``Question N`` headings are read in the four languages the exporter
    writes its slides in."""
    page = (
        f"## {heading} 3\n\nWhich port does HTTPS use?\n\n"
        f"- A) 80\n  - {wrong} plain HTTP.\n- B) 443\n  - {right} TLS listens there.\n"
    )
    deck, found = built(f"---\ntitle: q\nquiz: 1\nlang: {lang}\n---\n\n{page}")
    (question,) = questions(deck)
    assert question.number == 3 and question.correct == ("B",), found
    assert [plain_text(o.explanation or ()) for o in question.options] == [
        "plain HTTP.",
        "TLS listens there.",
    ]
    asked = "Which port does HTTPS use?\n\n- A) 80\n- B) 443\n"
    deck, found = built(f"---\ntitle: q\nquiz: 1\nlang: {lang}\n---\n\n{asked}\n{answer}\n")
    (question,) = questions(deck)
    assert question.correct == ("B",) and not found
    students = " ".join(students_texts(deck))
    assert "443" in students and answer.split()[-1] + " " not in students + " "
    assert not any(word in students for word in ("Respuesta", "Antwort", "réponse", "answer"))


def test_a_word_that_only_starts_like_a_mark_is_no_mark() -> None:
    page = (
        "Which action opens the menu?\n\n- A) Right-click the file\n- B) Double-click it\n"
        "  - Correct: it opens.\n- C) Wrong way round: drag it\n"
    )
    deck, _ = built(f"---\ntitle: q\nquiz: 1\n---\n\n{page}")
    (question,) = questions(deck)
    assert [plain_text(o.runs) for o in question.options] == [
        "Right-click the file",
        "Double-click it",
        "Wrong way round: drag it",
    ]
    assert question.correct == ("B",)


@pytest.mark.parametrize(
    ("line", "correct", "said"),
    [
        ("Answer: A. Eight is four twice.", ("A",), "Eight is four twice."),
        ("**Answer**: A — eight is four twice.", ("A",), "eight is four twice."),
        ("Answer: A (four and four).", ("A",), "(four and four)."),
        (
            "Answer: A, because four and four make eight.",
            ("A",),
            "because four and four make eight.",
        ),
        ("Answer: A and C. Both are eight.", ("A", "C"), "Both are eight."),
        ("Answer: AC. Both are eight.", ("A", "C"), "Both are eight."),
        ("Answer: (C)", ("C",), ""),
        ("Answer: B) 9", ("B",), ""),
        ("Answer: Eight in words. Spelt out.", ("C",), "Spelt out."),
        ("> **Answer:** C", ("C",), ""),
    ],
)
def test_an_answer_line_names_the_answer_and_keeps_what_it_says_of_it(
    line: str, correct: tuple[str, ...], said: str
) -> None:
    """Reviewed: ``Answer: A. Eight is four twice.`` marked A and lost its reason without a
    word; ``**Answer**: A — ten is five twice.`` and an answer line in a quote marked
    nothing. The options an answer line names come first (by their text, else their
    letters); what it says after them is shown with the answer, never to the students."""
    asked = "What is 4 + 4?\n\n- A) 8\n- B) 9\n- C) Eight in words\n"
    deck, found = built(f"---\ntitle: q\nquiz: 1\n---\n\n{asked}\n{line}\n")
    (question,) = questions(deck)
    assert question.correct == correct and not found
    assert plain_text(question.said) == said
    reveal = next(s for s in deck.slides if s.view is View.REVEAL)
    shown = [plain_text(b.runs) for b in reveal.body if hasattr(b, "runs")]
    assert (said in shown) if said else True
    assert said in reveal.notes
    students = students_texts(deck)
    assert not said or not any(said in text for text in students)


def test_what_is_written_under_an_option_without_a_mark_is_its_explanation() -> None:
    """Reviewed: ``- A) 3`` over ``  - Off by one: too small.`` lost the line in every output,
    without a warning. Unmarked, it still explains the option: on the reveal slide, in the
    notes and the key; the option stays unmarked (the answer comes from the others)."""
    page = (
        "## Question 1\n\nWhat is 2 + 2?\n\n- A) 3\n  - Off by one: too small.\n"
        "- B) 4\n  - Correct: two and two.\n- C) 22\n\n  Digits side by side, not a sum.\n"
    )
    deck, _ = built(f"---\ntitle: q\nquiz: 1\n---\n\n{page}")
    (question,) = questions(deck)
    assert question.correct == ("B",)
    assert [plain_text(o.explanation or ()) for o in question.options] == [
        "Off by one: too small.",
        "two and two.",
        "Digits side by side, not a sum.",
    ]
    reveal = next(s for s in deck.slides if s.view is View.REVEAL)
    assert "Off by one: too small." in reveal.notes


def test_a_quiz_page_whose_options_are_not_a_list_warns_and_gives_nothing_away() -> None:
    """Reviewed: a quiz whose options were written as lines (``A) On-Demand``), each with its
    ``- Incorrect: ...`` line under it, was read as no question, without a word; and the
    students' copy printed "Incorrect: no discount." and "Correct: up to 90% off." as
    bullets. Such a page now warns at the mark's line, and the students' edition of a quiz
    leaves out every paragraph or item that opens with a mark."""
    text = (
        "---\ntitle: Q\nquiz: 1\n---\n\n#### Question 1\n\nWhich option is cheapest?\n\n"
        "A) On-Demand\n   - Incorrect: no discount.\nB) Spot\n   - Correct: up to 90% off.\n"
    )
    deck, found = built(text)
    assert questions(deck) == []
    [problem] = [d for d in found if d.code == "quiz-unread"]
    assert problem.line == 11 and "Incorrect: no discount." in problem.message
    students = " ".join(students_texts(deck))
    assert "Correct" not in students and "Incorrect" not in students
    assert "Which option is cheapest?" in students
    lesson = text.replace("quiz: 1\n", "")  # not a quiz: the page is a lesson's, kept whole
    deck, found = built(lesson.replace("#### Question 1", "#### Pricing"))
    assert not [d for d in found if d.code == "quiz-unread"]


@pytest.mark.parametrize(
    ("line", "correct", "said"),
    [
        ("Answer: A network ACL, which is stateless.", (), ""),  # an article, not a letter
        ("Answer: a NAT gateway in a public subnet.", (), ""),
        ("Answer: I think B", (), ""),
        ("Answer: A, B, and C", ("A", "B", "C"), ""),
        ("Answer: A or B", ("A", "B"), ""),
        ("Answer: A and C.", ("A", "C"), ""),
        ("Answer: C is correct", ("C",), ""),
        ("Answer: B, because it is stateless", ("B",), "because it is stateless"),
        ("Answer: A: the first one", ("A",), "the first one"),
    ],
)
def test_a_letter_that_is_a_word_names_no_option(
    line: str, correct: tuple[str, ...], said: str
) -> None:
    """Found comparing the old and new readings of 24 answer lines: ``Answer: A network
    ACL, which is stateless.`` (the right answer B) marked option A without a word, and
    ``A, B, and C`` marked only A and B. A letter that is also a word (A, I, O, Y, E),
    followed by a word, names no option; ``, and`` and ``or`` join letters."""
    asked = "Which one is stateless?\n\n- A) Security group\n- B) Network ACL\n- C) VPC endpoint\n"
    deck, found = built(f"---\ntitle: q\nquiz: 1\n---\n\n{asked}\n{line}\n")
    (question,) = questions(deck)
    assert question.correct == correct
    assert plain_text(question.said) == said
    assert bool(correct) != any(d.code == "quiz-no-answer" for d in found)


def test_a_lessons_list_over_an_answer_sentence_is_no_question() -> None:
    """Found in the same comparison: a lesson (no quiz) whose list of three services was
    followed by ``Answer: A shared file system such as EFS...`` became a question, an answer
    slide marking "Amazon S3" added and an answer key written."""
    text = (
        "---\ntitle: Storage\n---\n\n#### Which Storage Fits?\n\nTeams often ask which to "
        "pick for shared files:\n\n- Amazon S3\n- Amazon EBS\n- Amazon EFS\n\n"
        "Answer: A shared file system such as EFS, mounted by every instance.\n"
    )
    deck, _ = built(text)
    assert questions(deck) == [] and not deck.quiz
    assert len(deck.slides) == 2


def test_a_page_about_the_quiz_keeps_its_lines_in_the_students_copy() -> None:
    """Found in the same comparison: a quiz's "How this quiz is scored" page lost its
    ``- Correct: 2 points.`` and ``- Wrong: ...`` lines in the students' copy, with a
    warning that it asked no readable question. Only a page that looks like a question (a
    ``Question N`` heading, lettered lines) is warned about and has its marks left out."""
    text = (
        "---\ntitle: Q\nquiz: 1\n---\n\n## How this quiz is scored\n\n- Correct: 2 points.\n"
        "- Wrong: minus one point, so do not guess.\n- Unanswered: 0 points.\n\n"
        "<!-- pagebreak -->\n\n## Question 1\n\nPick one.\n\n- A) One\n- B) Two\n\nAnswer: A\n"
    )
    deck, found = built(text)
    assert not [d for d in found if d.code == "quiz-unread"]
    students = " ".join(students_texts(deck))
    assert "Correct: 2 points." in students and "Wrong: minus one point" in students


AFTER_THE_OPTIONS = """---
title: Q
---

### Subnets

Which subnet has a route to an internet gateway?

- A) Public subnet
  - Correct: that is what makes it public.
- B) Private subnet
  - Incorrect: it routes through NAT.

A paragraph after the options.

- A bullet after the options

#### A heading after the options

> A quote after.

Final paragraph.
"""


def test_nothing_written_after_a_questions_options_is_lost() -> None:
    """Reviewed: a check for understanding followed by a paragraph, a list and a heading lost
    all three from every output, silently (what followed the options was taken to be part of
    them up to the page's last list). Each is shown after the options, on the question slide,
    the reveal slide and in the students' copy."""
    deck, _ = built(AFTER_THE_OPTIONS)
    after = [
        "A paragraph after the options.",
        "A bullet after the options",
        "A heading after the options",
        "A quote after.",
        "Final paragraph.",
    ]
    for view in (View.QUESTION, View.REVEAL):
        [slide] = [s for s in deck.slides if s.view is view]
        texts = [plain_text(b.runs) for b in slide.body if hasattr(b, "runs")]
        assert texts[-len(after) :] == after, (view, texts)
    students = students_texts(deck)
    assert students[-len(after) :] == after
    assert not any("Correct" in text or "NAT" in text for text in students)


ANSWERED_BELOW = """---
title: Q
quiz: 1
---

## Question 1

True or False: S3 buckets are global.

- True
- False

**Answer:** False. Bucket names are global.

Buckets live in a region, chosen when each is made.
"""


@pytest.mark.parametrize("mode", list(QuizMode), ids=lambda mode: mode.value)
def test_what_explains_the_answer_is_in_the_notes_and_never_in_the_students_copy(
    mode: QuizMode,
) -> None:
    """Reviewed: with ``--quiz answers`` the students' edition showed the ``Answer:`` line's
    reason and the paragraph after it (their slide was drawn from the answered one); and that
    paragraph was missing from the notes and the answer key."""
    source = parse_source(ANSWERED_BELOW.encode("utf-8"))
    deck, _ = build_deck(source, [page.blocks for page in source.pages], "q", quiz_mode=mode)
    [question] = questions(deck)
    assert question.correct == ("B",)
    assert plain_text(question.then) == "Buckets live in a region, chosen when each is made."
    notes = [slide.notes for slide in deck.slides if slide.question is not None]
    assert all("Buckets live in a region" in note for note in notes)
    students = " ".join(students_texts(deck))
    assert "True or False: S3 buckets are global." in students
    assert "Bucket names are global" not in students and "live in a region" not in students


OPTIONS_AS_LINES = """---
title: Q
quiz: 1
---

## Question 1

Which port does HTTPS use?

A) 80
B) 443
   Correct: HTTPS uses 443.
C) 22
"""


def test_options_written_as_lines_are_read_as_a_list() -> None:
    """Reviewed: options written as lines of one paragraph were drawn as one run-on line,
    ``A) 80 B) 443 Correct: HTTPS uses 443. C) 22``, the mark given to the students. Lettered
    from A on, on a page that marks the answer, they are the question's options."""
    deck, found = built(OPTIONS_AS_LINES)
    [question] = questions(deck)
    assert [plain_text(o.runs) for o in question.options] == ["80", "443", "22"]
    assert question.correct == ("B",)
    assert plain_text(question.options[1].explanation or ()) == "HTTPS uses 443."
    assert not [d for d in found if d.code.startswith("quiz-")]
    assert students_texts(deck)[-4:] == ["Which port does HTTPS use?", "80", "443", "22"]
    # Lines that merely open with a letter, no answer marked, stay a paragraph.
    deck, _ = built(OPTIONS_AS_LINES.replace("quiz: 1\n", "").replace("Correct:", "Note:"))
    assert questions(deck) == []


PROMPT = "---\ntitle: Q\nquiz: 1\n---\n\n## Question 1\n\nWhich is global?\n\n"


@pytest.mark.parametrize(
    ("written", "letters", "reason"),
    [
        ("- A) IAM\n  - ✅ It spans regions.\n- B) EC2\n  - ❌ It is regional.\n", "A", ""),
        ("- A) IAM ✅\n- B) EC2\n", "A", ""),
        ("- A) IAM\n- B) EC2\n\nAns: A\n", "A", ""),
        ("- A) IAM\n- B) EC2\n\n**Solution:** A, it spans regions.\n", "A", "it spans regions."),
        ("- A) IAM\n- B) EC2\n- Answer: A\n", "A", ""),
        ("- A) IAM\n- B) EC2\n\n#### Answer\n\nA — it spans regions.\n", "A", "it spans regions."),
        (
            "- A) IAM\n- B) EC2\n\n<details><summary>Answer</summary>A — it spans regions."
            "</details>\n",
            "A",
            "it spans regions.",
        ),
        (
            "- A) IAM\n- B) EC2\n\n<details>\n<summary>Answer</summary>\n\nA — it spans regions."
            "\n\n</details>\n",
            "A",
            "it spans regions.",
        ),
        (
            "- A) IAM\n- B) EC2\n\n#### Show Answer\n\nA — it spans regions.\n",
            "A",
            "it spans regions.",
        ),
        (
            "- A) IAM\n- B) EC2\n\n<details><summary>Reveal Answer</summary>A. It spans regions."
            "</details>\n",
            "A",
            "It spans regions.",
        ),
        (
            "- A) IAM\n- B) EC2\n\n<details>\n<summary>💡 Click to see the Answer</summary>\n\n"
            "**Answer:** A — it spans regions.\n\n</details>\n",
            "A",
            "it spans regions.",
        ),
        (
            "- A) IAM\n- B) EC2\n\n### Voir la réponse\n\nA : it spans regions.\n",
            "A",
            "it spans regions.",
        ),
    ],
    ids=[
        "symbols",
        "trailing-symbol",
        "ans",
        "solution",
        "last-item",
        "heading",
        "details",
        "details-block",
        "show-heading",
        "reveal-summary",
        "click-to-see",
        "voir",
    ],
)
def test_common_ways_of_giving_the_answer_are_read_and_kept_from_students(
    written: str, letters: str, reason: str
) -> None:
    """Reviewed: answers given with ✅ / ❌, ``Ans:``, ``Solution:``, an ``Answer:`` item at
    the end of the options, an ``#### Answer`` heading or a ``<details>`` block were not read
    (each question "has no option marked correct") and were shown to the students, the
    ``<details>`` tags as text."""
    deck, found = built(PROMPT + written)
    [question] = questions(deck)
    assert "".join(question.correct) == letters
    assert plain_text(question.said) == reason
    assert not [d for d in found if d.code.startswith("quiz-")]
    students = students_texts(deck)
    assert students[-3:] == ["Which is global?", "IAM", "EC2"], students
    teachers = " ".join(
        plain_text(block.runs)
        for slide in deck.slides
        if slide.view is View.QUESTION
        for block in slide.body
        if hasattr(block, "runs")
    )
    assert "<" not in teachers and "Answer" not in teachers and "regions" not in teachers
    assert "réponse" not in teachers and "réponse" not in " ".join(students)


SEVERAL = """---
title: Week 2 Quiz
quiz: true
---

## Week 2 Quiz

### Question 1

Which service is a CDN?

- A) CloudFront
- B) Redshift

**Answer:** A

---

### Question 2

Which service stores secrets?

- A) Secrets Manager
  - Correct: it rotates them too.
- B) CloudWatch
  - Incorrect: it watches.

#### Question 3

Which is global?

- A) IAM
- B) EC2

**Answer:** A
"""


@pytest.mark.parametrize("rule", ["---\n\n", ""], ids=["rules", "nothing"])
def test_a_page_of_several_questions_gives_each_its_own_slides(rule: str) -> None:
    """Reviewed: a quiz written without page breaks (or with ``---`` lines, which break no
    page) was read as its first question alone: the others were in no output, not even the
    answer key, without a warning. Each ``Question N`` heading now starts a page of its own,
    found at its own line, and titles its slides, at whatever level it is written."""
    deck, found = built(SEVERAL.replace("---\n\n### Question 2", rule + "### Question 2"))
    asked = questions(deck)
    assert [(q.number, q.correct, q.line) for q in asked] == [
        (1, ("A",), 6),  # the page's first line: the lesson's heading over it
        (2, ("A",), 19 - 2 * (rule == "")),  # their headings' lines
        (3, ("A",), 28 - 2 * (rule == "")),
    ]
    titles = [plain_text(s.title) for s in deck.slides if s.view is View.QUESTION]
    assert titles == ["Question 1", "Question 2", "Question 3"]
    assert not [d for d in found if d.code.startswith("quiz-")]


RULED = """---
title: Networking Quiz
quiz: 2
---

**Question 1:** Which port does HTTPS use?

- A) 80
- B) 443

Answer: B

***

## Question 2

Which protocol resolves names to addresses?

- A) DNS
- B) ARP

Answer: A

- - -

### Q3. Which layer does a router work at?

- A) Layer 2
- B) Layer 3

Answer: B

---

**4.** Which port does SSH use?

- A) 22
- B) 25

Answer: A
"""


def rule_warnings(capsys: pytest.CaptureFixture[str], path: Path) -> list[str]:
    """Return the warnings ``check --strict`` prints of ``path``'s ``---`` lines, checking that
    it fails exactly when there are some."""
    status = main(["check", "--strict", str(path)])
    told = (" line inside ", " lines do not start new slides")
    said = [line for line in capsys.readouterr().err.splitlines() if any(t in line for t in told)]
    assert status == (1 if said else 0)
    return [line.removeprefix(f"{path}:") for line in said]


def test_a_rule_between_two_questions_is_no_line_a_slide_leaves_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Reviewed: a quiz that separates its questions with ``---`` lines (no page break) was
    exported right, a question's slides each, but warned that "--- lines do not start new
    slides ... put <!-- pagebreak --> where each new slide should start", and failed a
    ``--strict`` build in CI. A ``---`` line just before a question's slide is at its edge;
    one inside a question, or in a lesson that is no quiz, is still told."""
    quiz = tmp_path / "quiz.md"
    quiz.write_text(RULED, encoding="utf-8")
    assert rule_warnings(capsys, quiz) == []
    deck, _ = built(RULED)  # each question's slides start at its label's line, not a blank
    assert [s.line for s in deck.slides if s.view is View.QUESTION] == [6, 15, 26, 35]
    quiz.write_text(RULED.replace("\n- A) DNS", "\n---\n\n- A) DNS"), encoding="utf-8")
    inside = rule_warnings(capsys, quiz)  # between the prompt and the options: inside
    assert [line.split(":")[0] for line in inside] == ["19"]
    assert "a --- line inside a quiz question is not shown on its slide: remove it" in inside[0]
    lesson = tmp_path / "lesson.md"
    sections = "## Subnets\n\nA range of addresses.\n\n---\n\n## Routes\n\nThey send traffic.\n"
    lesson.write_text(f"---\ntitle: Subnets\n---\n\n{sections}", encoding="utf-8")
    assert [line.split(":")[0] for line in rule_warnings(capsys, lesson)] == ["9"]


def test_a_rule_inside_a_question_is_to_be_removed_not_made_a_page_break(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Hunted: a ``---`` line inside a question's explanation was told to become a
    ``<!-- pagebreak -->``, which would split the question from its options or its answer.
    Inside a question, the advice is to remove it; elsewhere in a quiz, as before."""
    quiz = tmp_path / "quiz.md"
    quiz.write_text(
        "---\ntitle: Rules\nquiz: 1\n---\n\n## Question 1\n\nWhich port does HTTPS use?\n\n"
        "- A) 80\n  - Incorrect: plain HTTP.\n\n    ___\n\n    Port 80 redirects.\n"
        "- B) 443\n  - Correct: TLS.\n\n<!-- pagebreak -->\n\n## Question 2\n\n"
        "Which is private?\n\n- A) 10.0.0.1\n- B) 8.8.8.8\n\nAnswer: A\n\n***\n\nMore.\n"
        "\n<!-- pagebreak -->\n\n## Summary\n\nPorts.\n\n***\n\nRanges.\n",
        encoding="utf-8",
    )
    said = rule_warnings(capsys, quiz)
    assert [line.split(":")[0] for line in said] == ["13", "30", "40"]
    for line, written in zip(said[:2], ("___", "***"), strict=True):
        assert f"a {written} line inside a quiz question is not shown on its slide" in line
        assert "remove it (a <!-- pagebreak --> there would split the question)" in line
    assert "a *** line inside a page is not shown on the slide: remove it, or put" in said[2]


def test_a_question_heading_deeper_than_the_one_before_is_no_part_of_it() -> None:
    """Reviewed: ``### Question 6`` after ``## Question 5`` was titled "Question 5
    (continued)", and ``**Question 3**`` on a line of its own "Question 1 (continued 2)":
    the students saw the wrong number, and the deck disagreed with the key."""
    pages = [
        "## Question 5\n\nWhich is global?\n\n- A) IAM\n- B) EC2\n\n**Answer:** A\n",
        "### Question 6\n\nWhich is regional?\n\n- A) IAM\n- B) EC2\n\n**Answer:** B\n",
        "**Question 7**\n\nWhich is a CDN?\n\n- A) CloudFront\n- B) EC2\n\n**Answer:** A\n",
    ]
    deck, _ = built("---\ntitle: Q\nquiz: 1\n---\n\n" + "\n<!-- pagebreak -->\n\n".join(pages))
    titles = [plain_text(s.title) for s in deck.slides if s.view is View.QUESTION]
    assert titles == ["Question 5", "Question 6", "Question 7"]
    assert [q.number for q in questions(deck)] == [5, 6, 7]


@pytest.mark.parametrize(
    ("options", "disputed"),
    [
        ("- [x] CloudFront\n- [ ] EBS\n", "A"),
        ("- A) CloudFront\n  - Correct: a CDN.\n- B) EBS\n  - Incorrect: a disk.\n", "A, B"),
        ("- A) CloudFront\n- B) EBS\n  - Incorrect: a disk.\n", "B"),
        ("- [ ] CloudFront\n- [ ] EBS\n", ""),  # empty boxes mark nothing
        ("- A) CloudFront\n  - Incorrect: a CDN.\n- B) EBS\n  - Correct: a disk.\n", ""),
    ],
)
def test_an_answer_line_the_options_marks_disagree_with_warns(options: str, disputed: str) -> None:
    """Reviewed: ``[x]`` on A with ``Answer: B`` gave the key "A, B", and B marked
    ``Incorrect: block storage.`` with ``Answer: B`` was keyed right, its "Incorrect" text
    beside the check mark, without a warning either time."""
    text = PROMPT.replace("Which is global?", "Which is a CDN?") + options + "\n**Answer:** B\n"
    _, found = built(text)
    warned = [d for d in found if d.code == "quiz-disputed"]
    if not disputed:
        assert warned == []
        return
    [problem] = warned
    assert f"disagree on {disputed} " in problem.message and problem.line == 6


def test_a_lessons_questions_steps_and_solutions_stay_as_written_for_students() -> None:
    """Reviewed (old against new): a lesson's FAQ page of bold questions over lists was
    split into a slide a question; a list's last step ``3. Answer: yes to the prompt.`` lost
    its number, and the students' copy lost it and a troubleshooting page's ``Solution:``
    paragraph. Outside a quiz, only a page whose parts ask questions (their answers marked)
    is divided, only options' last item is their answer line, and the students' copy leaves
    out "Answer:" lines, not a lesson's solutions."""
    deck, _ = built((FIXTURES / "build" / "lesson-questions.md").read_text(encoding="utf-8"))
    assert [plain_text(s.title) for s in deck.slides][1:] == [
        "Frequently asked questions",
        "Review questions",
        "Steps",
        "Error: Task timed out after 3.00 seconds",
    ]
    students = students_texts(deck)
    assert "Solution: raise the timeout to 10 seconds." in students
    assert "Answer: yes to the prompt." in students


NUMBERED_GUIDE = """---
title: Hosting a Static Site
section: Section-4
lesson: 2
---

## 1. Create a bucket

Open the S3 console and choose **Create bucket**.

<!-- pagebreak -->

### 2) Name the bucket

Its name must be unique in all of AWS.

<!-- pagebreak -->

## 3. Upload the site

Upload `index.html` and `error.html` to the bucket.
"""


@pytest.mark.parametrize("rule", ["<!-- pagebreak -->", "---"], ids=["pages", "rules"])
@pytest.mark.parametrize("mode", list(QuizMode), ids=lambda mode: mode.value)
def test_questions_numbered_without_the_word_question_are_questions(
    rule: str, mode: QuizMode
) -> None:
    """Reviewed: ``## 1. Which port does HTTPS use?`` over lettered options and marks was read
    as no question (its marks shown on the slide and to the students), and ``### 2) ...``
    after it was titled "1. Which port does HTTPS use? (continued)"; the lesson was no quiz,
    so ``## Q3.`` and ``## Q4:`` got no answer key. A number alone labels a question where
    its page offers lettered options, as ``Question N`` does."""
    text = (QUIZZES / "numbered-headings.md").read_text(encoding="utf-8")
    source = parse_source(text.replace("<!-- pagebreak -->", rule).encode("utf-8"))
    deck, found = build_deck(source, [page.blocks for page in source.pages], "l", quiz_mode=mode)
    assert deck.quiz and not [d for d in found if d.code.startswith("quiz-")]
    asked = questions(deck)
    assert [(q.number, "".join(q.correct)) for q in asked] == [
        (1, "B"),
        (2, "C"),
        (3, "B"),
        (4, "B"),
    ]
    assert [plain_text(q.prompt) for q in asked][:2] == [
        "Which port does HTTPS use?",
        "Which protocol resolves names to addresses?",
    ]
    slides = [s for s in deck.slides if s.question is not None and s.view is not View.REVEAL]
    assert [plain_text(s.title) for s in slides] == [f"Question {n}" for n in range(1, 5)]
    for slide, question in zip(slides, asked, strict=True):  # the prompt once, in the body
        first = slide.body[0]
        assert isinstance(first, Paragraph) and first.runs == question.prompt
    assert [b.letter for b in slides[1].body if isinstance(b, Bullet)] == ["A", "B", "C"]
    assert "\u2713 C) DNS: DNS turns names into addresses." in slides[1].notes
    students = " ".join(students_texts(deck))
    for hidden in ("Correct", "Incorrect", "443 by default", "Answer", "handshake"):
        assert hidden not in students
    assert "Which protocol resolves names to addresses?" in students


def test_a_lessons_numbered_headings_stay_its_titles() -> None:
    """A number alone labels a question only over lettered options: a guide's numbered steps
    keep their titles, the deeper one going on from the one before."""
    deck, _ = built(NUMBERED_GUIDE)
    assert not deck.quiz and questions(deck) == []
    assert [plain_text(s.title) for s in deck.slides][1:] == [
        "1. Create a bucket",
        "1. Create a bucket (continued)",
        "3. Upload the site",
    ]
    # Nor is a heading that opens with a decimal or a time over lettered options.
    assert question_label("2.5 GB of storage", lettered=True) is None
    assert question_label("10:30 Lab time", lettered=True) is None


@pytest.mark.parametrize("mode", list(QuizMode), ids=lambda mode: mode.value)
def test_a_bold_label_and_its_prompt_on_one_line_are_a_question(mode: QuizMode) -> None:
    """Reviewed: ``**Question 2:** Which service...?`` was titled "Question 1 (continued)",
    ``**Q3.** ...`` "Question 1 (continued 2)", and ``**4.** ...`` after a ``---`` was read as
    words after question 3's options: no slides, notes or key of its own. A bold label is the
    question's heading, titled as a ``## Question N`` page is, the words after it its
    prompt."""
    source = parse_source((QUIZZES / "bold-labels.md").read_bytes())
    deck, found = build_deck(source, [page.blocks for page in source.pages], "l", quiz_mode=mode)
    assert not [d for d in found if d.code.startswith("quiz-")]
    asked = [s for s in deck.slides if s.question is not None and s.view is not View.REVEAL]
    assert [plain_text(s.title) for s in asked] == [f"Question {n}" for n in range(1, 5)]
    assert [s.question.number for s in asked if s.question] == [1, 2, 3, 4]
    prompts = [plain_text(s.question.prompt) for s in asked if s.question]
    assert prompts[1:] == [
        "Which service gives a file system shared by many instances?",
        "Which storage class is cheapest for data read once a year?",
        "Which service backs up EBS volumes?",
    ]
    body = asked[3].body
    assert next(plain_text(b.runs) for b in body if isinstance(b, Paragraph)) == prompts[3]
    assert [b.letter for b in body if isinstance(b, Bullet)] == ["A", "B"]
    assert asked[3].notes.startswith("Answer: A\n\u2713 A) EBS snapshots")
    students = students_texts(deck)
    assert "Which service backs up EBS volumes?" in students
    assert not [line for line in students if "Question" in line or "Answer" in line]


def test_a_label_of_a_number_alone_is_titled_in_the_decks_language() -> None:
    text = (QUIZZES / "bold-labels.md").read_text(encoding="utf-8")
    source = parse_source(text.encode("utf-8"))
    deck, _ = build_deck(source, [p.blocks for p in source.pages], "l", LANGUAGES["de"])
    titles = [plain_text(s.title) for s in deck.slides if s.view is View.QUESTION]
    assert titles == ["Question 1", "Question 2", "Frage 3", "Frage 4"]


@pytest.mark.parametrize("mode", list(QuizMode), ids=lambda mode: mode.value)
def test_a_show_answer_heading_or_summary_is_the_answer_not_the_question(mode: QuizMode) -> None:
    """Reviewed: ``#### Show Answer`` over ``B — a role...``, and a ``<details>`` block whose
    summary is ``Show answer`` or ``Click to reveal the answer``, were left on the question
    slide with the answer under them (question 1, 3 and 4 "had no option marked correct") and
    in the students' copy; ``Reveal answer`` stayed on question 2's slide as a stray heading.
    Such a heading is the answer's: the answer is read from what it shows, which the reveal,
    the notes and the key give, and the question slide and the students' copy do not."""
    source = parse_source((QUIZZES / "show-answer.md").read_bytes())
    deck, found = build_deck(source, [page.blocks for page in source.pages], "l", quiz_mode=mode)
    assert not [d for d in found if d.code.startswith("quiz-")]
    assert ["".join(q.correct) for q in questions(deck)] == ["B", "B", "A", "B"]
    asked = [s for s in deck.slides if s.view is View.QUESTION]
    shown = " ".join(
        plain_text(block.runs) for slide in asked for block in slide.body if hasattr(block, "runs")
    )
    for hidden in ("answer", "temporary credentials", "resource-based policy.", "something you"):
        assert hidden not in shown.casefold()
    students = " ".join(students_texts(deck)).casefold()
    assert "answer" not in students and "temporary credentials" not in students
    assert "a role gives the instance temporary credentials." in deck.slides[1].notes
    said = [plain_text(q.said) for q in questions(deck)]
    assert said[0] == "a role gives the instance temporary credentials."
    assert said[3] == "Use the root user only for the few tasks that need it."


def test_a_table_under_an_options_explanation_stays_in_the_explanation() -> None:
    """Reviewed: since a table under a list item is a table, one under an option's
    ``Incorrect:`` explanation stood on the question slide above the options, with the
    options after it written again (``B) Spot`` / ``Correct: it is cheaper.``): the answer
    given away, in the students' edition too. It is the option's explanation's, as the lines
    around it are; and a numbered intro page over lettered rules (``## 1. Before you start``)
    is no question, where a numbered one that asks is."""
    text = (
        "---\ntitle: Costs\nquiz: true\n---\n\n### Question 1\n\nWhich is cheaper?\n\n"
        "- A) On-Demand\n  - Incorrect: it costs more per hour:\n\n"
        "    | Plan | $/h |\n    | --- | --- |\n    | On-Demand | 0.10 |\n    | Spot | 0.03 |\n"
        "- B) Spot\n  - Correct: it is cheaper.\n"
    )
    deck, _ = built(text)
    asked = next(s for s in deck.slides if s.question is not None and s.view is not View.REVEAL)
    assert not any(isinstance(block, Table) for block in asked.body)
    shown = [plain_text(b.runs) for b in asked.body if isinstance(b, Paragraph | Bullet)]
    assert not any("cheaper." in line or "Correct" in line for line in shown), shown
    assert [o.correct for o in questions(deck)[0].options] == [False, True]
    assert not any("cheaper." in line for line in students_texts(deck))
    assert not any(
        isinstance(block, Table) for slide in for_students(deck).slides for block in slide.body
    )
    intro = (
        "---\ntitle: Quiz\nquiz: true\n---\n\n## 1. Before you start\n\n"
        "- A) Read every question twice.\n- B) Choose one answer for each.\n"
        "\n<!-- pagebreak -->\n\n## 2. Which port does HTTPS use?\n\n- A) 80\n- B) 443\n"
    )
    deck, found = built(intro)
    assert [q.number for q in questions(deck)] == [2]
    assert not [d for d in found if d.code == "quiz-unmarked"], found


def test_a_picture_option_without_alt_text_warns_at_its_line() -> None:
    """Reviewed: an option that is a picture with no alt text was shown by its file's name
    (``chart-b.png``) with no warning, where a picture on a slide without one warns. It warns
    (``no-alt``) at the option's line, naming its letter; an option with alt text does not."""
    text = (
        "---\ntitle: Charts\nquiz: true\n---\n\n### Question 1\n\nWhich chart grows?\n\n"
        "- A) ![A bar chart that falls](chart-a.png)\n  - Incorrect: it falls.\n"
        "- B) ![](chart-b.png)\n  - Correct: it grows.\n"
    )
    deck, found = built(text)
    assert [plain_text(o.runs) for o in questions(deck)[0].options] == [
        "A bar chart that falls",
        "chart-b.png",
    ]
    warned = [d for d in found if d.code == "no-alt"]
    assert len(warned) == 1, found
    assert "option B" in warned[0].message and "chart-b.png" in warned[0].message
    assert warned[0].line == 12  # "- B) ![](chart-b.png)"


TWO_QUESTIONS = """---
title: Ports
quiz: 1
---

## Question 1

Which port does HTTPS use?

- A) 80
  - **Incorrect:** plain HTTP.
- B) 443
  - **Correct:** HTTPS.

{heading}

Which port does SSH use?

- A) 22
  - **Correct:** SSH listens on 22.
- B) 25
  - **Incorrect:** SMTP is on 25.
"""
"""Two questions on one page, the second under ``heading``."""
SECOND_MARKS = ("SSH listens on 22", "SMTP is on 25")
"""What only the second question's reveal may show."""


def question_texts(deck: Deck) -> str:
    """Return the text of ``deck``'s question slides (not the reveals), and of its students'
    edition's slides, in one string."""
    return " ".join(
        plain_text(block.runs)
        for slides in (
            [slide for slide in deck.slides if slide.view is View.QUESTION],
            for_students(deck).slides,
        )
        for slide in slides
        for block in slide.body
        if isinstance(block, Paragraph | Bullet | Subheading)
    )


@pytest.mark.parametrize(
    "heading",
    [
        "## Aufgabe 2",
        "## Exercice 2",
        "### Exercise 2:",
        "## Question #2",
        "## Quiz question 2",
        "**Ejercicio 2**",
    ],
)
def test_an_exercises_heading_starts_a_question_of_its_own(heading: str) -> None:
    """A review quiz's ``## Aufgabe 2`` (and ``### F2.``, ``## Question Two``) was taken into
    the question before it: its options and their marks shown on question 1's slide, the
    answer given away, and the answer key short of a question, with no word said."""
    deck, diagnostics = built(TWO_QUESTIONS.format(heading=heading))
    assert [(q.number, "".join(q.correct)) for q in questions(deck)] == [(1, "B"), (2, "A")]
    shown = question_texts(deck)
    assert not any(mark in shown for mark in SECOND_MARKS), shown
    assert not [d for d in diagnostics if d.code.startswith("quiz")]


@pytest.mark.parametrize(
    ("heading", "options"),
    [
        ("### F2.", ("22", "25")),
        ("## Question Two", ("22", "25")),
        ("#### Next one", ("`22`", "`25`")),  # code, which the line is found through
        ("### F2.", ("80", "443")),  # as question 1's: the second list's line, not the first's
    ],
)
def test_a_second_list_of_marked_options_on_a_questions_page_warns(
    heading: str, options: tuple[str, str]
) -> None:
    """A heading not read as a question's leaves its options on the question before it: the
    warning names the line of the second list's first option."""
    text = TWO_QUESTIONS.format(heading=heading)
    text = text.replace("- A) 22", f"- A) {options[0]}").replace("- B) 25", f"- B) {options[1]}")
    deck, diagnostics = built(text)
    assert [q.number for q in questions(deck)] == [1]
    found = [d for d in diagnostics if d.code == "quiz-unread"]
    assert [d.line for d in found] == [19], diagnostics
    assert "Question N" in found[0].message and "pagebreak" in found[0].message


def test_an_exercises_heading_over_a_labs_checklist_is_no_question() -> None:
    """A lab's ``### Exercise 1: Launch an instance`` over its checklist, one box ticked,
    stays a slide of steps, titled as written (an exercise's heading is a question's only
    over lettered options); and a quiz's page of exercises with no options stays one page."""
    lab = (
        "---\ntitle: EC2 Lab\n---\n\n### Exercise 1: Launch an instance\n\n"
        "- [x] Open the EC2 console\n- [ ] Launch an instance\n- [ ] Connect to it\n"
    )
    deck, _ = built(lab)
    assert questions(deck) == []
    assert [plain_text(s.title) for s in deck.slides][1] == "Exercise 1: Launch an instance"
    quiz = (
        "---\ntitle: Docker\nlayout: quiz\n---\n\n## Hands-on\n\nTry these first.\n\n"
        "### Exercise 1: Run a container\n\nStart nginx.\n\n"
        "### Exercise 2: Inspect it\n\nList its ports.\n"
    )
    deck, diagnostics = built(quiz)
    assert [plain_text(s.title) for s in deck.slides] == ["Docker", "Hands-on"]
    assert not [d for d in diagnostics if d.code.startswith("quiz")]


def test_a_question_a_quiz_cannot_read_is_a_page_of_its_own() -> None:
    """In a quiz, a page is divided at every ``Question N`` heading, even where one of them
    asks no question the reader can read (one option): that one warns on a slide of its own,
    rather than going on question 1's slides with its mark."""
    text = TWO_QUESTIONS.format(heading="## Question 2").replace(
        "- B) 25\n  - **Incorrect:** SMTP is on 25.\n", ""
    )
    deck, diagnostics = built(text)
    assert [q.number for q in questions(deck)] == [1]
    assert [d.line for d in diagnostics if d.code == "quiz-unread"] == [20]
    first = [s for s in deck.slides if s.question is not None and s.question.number == 1]
    assert not any("SSH" in " ".join(slide_texts_of(slide)) for slide in first)


def slide_texts_of(slide: object) -> list[str]:
    """Return the text of each paragraph and item of a slide of the model."""
    body = slide.body  # type: ignore[attr-defined]
    return [plain_text(b.runs) for b in body if isinstance(b, Paragraph | Bullet | Subheading)]


CODE_OPTIONS = """---
title: SQL
quiz: 1
---

## Question 1

Which clause filters groups?

- A) `WHERE`
  - **Incorrect:** It filters rows.
- B) `HAVING`
  - **Correct:** It filters groups.

## Question 2

Which query returns the lowest salary?

- A)
  ```sql
  SELECT MIN(salary) FROM employees;
  ```
  - **Correct:** `MIN` returns the lowest value.
- B)
  ```sql
  SELECT MAX(salary)
  FROM employees;
  ```
  - **Incorrect:** That is the highest.
"""


def test_an_option_written_as_a_code_block_under_its_letter_is_its_code() -> None:
    """A review quiz's options written as a code block under the letter alone were no
    options: the question went onto the one before it, its Correct: and Incorrect: lines
    on the question slides. Each is now its code, as inline code, a line of it a line."""
    deck, diagnostics = built(CODE_OPTIONS)
    asked = questions(deck)
    assert [(q.number, "".join(q.correct)) for q in asked] == [(1, "B"), (2, "A")]
    options = asked[1].options
    assert [plain_text(o.runs) for o in options] == [
        "SELECT MIN(salary) FROM employees;",
        "SELECT MAX(salary)\nFROM employees;",
    ]
    assert all(run.style.code for o in options for run in o.runs)
    assert plain_text(options[0].explanation or ()) == "MIN returns the lowest value."
    shown = question_texts(deck)
    assert "lowest value" not in shown and "the highest" not in shown
    assert not [d for d in diagnostics if d.code.startswith("quiz")]


def test_a_quizs_instructions_before_its_first_question_are_a_slide_of_their_own() -> None:
    """A review quiz's "Answer each question. You have 10 minutes." before its ``###
    Question 1`` became the start of question 1's prompt, on its slides and in the answer
    key, and the question slide was titled by the page's heading."""
    text = TWO_QUESTIONS.replace(
        "## Question 1",
        "## Before You Start\n\nAnswer each question. You have 10 minutes.\n\n### Question 1",
    ).format(heading="### Question 2")
    deck, diagnostics = built(text)
    asked = questions(deck)
    assert [plain_text(q.prompt) for q in asked] == [
        "Which port does HTTPS use?",
        "Which port does SSH use?",
    ]
    titles = [plain_text(slide.title) for slide in deck.slides]
    assert titles[1:4] == ["Before You Start", "Question 1", "Question 1 \u2013 Answer"]
    assert "10 minutes" in " ".join(slide_texts_of(deck.slides[1]))
    assert not [d for d in diagnostics if d.code.startswith("quiz")]
