"""write: handouts for each audience and a quiz's answer key (issue 16 §3).

The students' edition of every handout layout holds no answer, no explanation and no speaker
note, for quizzes in every shape of ``tests/fixtures/quizzes``; the teacher's holds them all.
The answer key (``NAME.answers.pdf``) lists every question with its correct letters; a lesson
that is not a quiz gets none, without a warning.
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image as PillowImage
from pptx import Presentation
from pptx.presentation import Presentation as PptxDeck

from exporter.builder.editions import for_students
from exporter.cli import main
from exporter.geometry import LaidOutDeck
from exporter.jobs import Job
from exporter.manifest import NAME, Manifest
from exporter.model import Bullet, Columns, Deck, Paragraph, Question, View, plain_text
from exporter.options import Options, Output, UsageError, load_config
from exporter.paper import HANDOUTS, Edition, QuizMode
from exporter.pipeline import edition_of, lay_out, render
from exporter.theme import load_theme
from exporter.writers.answers import questions_of
from tests.conftest import listed, page_text, slide_texts, squeeze
from tests.template_kit import four_three

QUIZZES = Path(__file__).parent / "fixtures" / "quizzes"
TEN = QUIZZES / "editions-ten.md"
SHAPES = sorted(path for path in QUIZZES.glob("*.md") if path.name != "lettered-guide.md")
"""Every quiz fixture that asks something (the guide's lettered lists are no questions)."""
MARK = re.compile(r"correct\s*[:\-\u2013\u2014]|\u2713|\[x\]", re.IGNORECASE)
"""A mark of the answer as the pages write it, or as a reveal or a key draws it."""
ANSWER_LINE = re.compile(r"\banswers?\s*:\s*[A-E](?![a-z])", re.IGNORECASE)
"""An ``Answer: B`` line (a student's handout has ``Answer:`` with nothing after it)."""
THEME = load_theme()


@functools.cache
def laid_out(path: Path) -> LaidOutDeck:
    """Return the lesson at ``path`` laid out, once for the whole module."""
    laid, _ = lay_out(Job(path, path.name, path.with_suffix(""), path.parent), THEME)
    return laid


def handout_text(path: Path, layout: str, edition: Edition, tmp_path: Path) -> str:
    """Return the text of the lesson's handout in ``layout`` for ``edition``, its white space
    runs made one space."""
    options = Options(handout=(layout,), edition=edition)
    data = render(Output("handout", "handout", layout), laid_out(path), options)
    assert data is not None
    pdf = tmp_path / f"{path.stem}.{layout}.{edition}.pdf"
    pdf.write_bytes(data)
    return flat(page_text(pdf))


def flat(text: str) -> str:
    """Return ``text`` with each run of white space one space, ligatures unfolded."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def questions(path: Path) -> tuple[Question, ...]:
    return questions_of(laid_out(path).deck)


def explanations(path: Path) -> list[str]:
    """Return every option's explanation in the lesson, as text."""
    return [
        squeeze(plain_text(option.explanation))
        for question in questions(path)
        for option in question.options
        if option.explanation is not None
    ]


def notes(deck: Deck) -> list[str]:
    return [squeeze(slide.notes) for slide in deck.slides if slide.notes]


def assert_nothing_given_away(text: str, path: Path) -> None:
    assert not MARK.search(text), MARK.search(text)
    assert not ANSWER_LINE.search(text), ANSWER_LINE.search(text)
    for explanation in explanations(path):
        assert explanation not in squeeze(text)
    for note in notes(laid_out(path).deck):
        assert note not in squeeze(text)


@pytest.mark.parametrize("layout", list(HANDOUTS))
def test_no_students_handout_gives_an_answer_away_in_any_layout(
    layout: str, tmp_path: Path
) -> None:
    text = handout_text(TEN, layout, Edition.STUDENT, tmp_path)
    assert_nothing_given_away(text, TEN)
    for question in questions(TEN):
        assert squeeze(plain_text(question.prompt)) in squeeze(text)  # every question is asked
    assert "Answer" in text  # a box or a line to answer on


@pytest.mark.parametrize("path", SHAPES, ids=lambda path: path.stem)
@pytest.mark.parametrize("layout", ["3", "outline"])
def test_no_students_handout_gives_an_answer_away_in_any_shape(
    path: Path, layout: str, tmp_path: Path
) -> None:
    assert questions(path), "each of these fixtures asks something"
    text = handout_text(path, layout, Edition.STUDENT, tmp_path)
    assert_nothing_given_away(text, path)


@pytest.mark.parametrize("layout", ["3", "notes", "outline"])
def test_the_teachers_handout_has_the_answers_and_explanations(layout: str, tmp_path: Path) -> None:
    text = handout_text(TEN, layout, Edition.TEACHER, tmp_path)
    assert MARK.search(text)  # the reveal slides' marks
    for explanation in explanations(TEN):
        assert explanation in squeeze(text)
    if layout == "notes":  # every question's notes say its answer, after the author's own
        assert ANSWER_LINE.search(text)
        author = squeeze("Ask who has peered two accounts' VPCs before revealing.")
        assert notes(laid_out(TEN).deck)[0].startswith(author)
        assert author in squeeze(text)


@pytest.mark.parametrize("edition", list(Edition))
def test_the_outline_asks_each_question_once(edition: Edition, tmp_path: Path) -> None:
    # A question slide and the reveal slide after it show the same question: the teacher's
    # outline prints it once, with its answer (the reveal's); the students' once, to answer.
    text = squeeze(handout_text(TEN, "outline", edition, tmp_path))
    for question in questions(TEN):
        assert text.count(squeeze(plain_text(question.prompt))) == 1, question.number
    assert bool(MARK.search(text)) is (edition is Edition.TEACHER)


def test_the_notes_pages_keep_each_line_of_the_answer_as_the_deck_does(tmp_path: Path) -> None:
    # The deck's notes page holds a paragraph a line (the answer, then each option); the
    # handout's notes page breaks the lines in the same places rather than running them on.
    options = Options(handout=("notes",), edition=Edition.TEACHER)
    data = render(Output("handout", "handout", "notes"), laid_out(TEN), options)
    assert data is not None
    pdf = tmp_path / "notes.pdf"
    pdf.write_bytes(data)
    starts = {flat(line)[:12] for line in page_text(pdf).splitlines()}
    answered = [slide.notes for slide in laid_out(TEN).deck.slides if "Answer:" in slide.notes]
    pattern = r"Answer: |(\u2713 )?[A-E]\) "
    lines = [line for line in answered[0].splitlines() if re.match(pattern, line)]
    assert len(lines) >= 4  # the answer and three options or more
    for line in lines:
        assert flat(line)[:12] in starts, (line, sorted(starts))


def test_the_teachers_edition_is_the_handout_as_it_was() -> None:
    laid = laid_out(TEN)
    output = Output("handout", "handout", "notes")
    teacher = render(output, laid, Options(handout=("notes",), edition=Edition.TEACHER))
    assert teacher == render(output, laid, Options(handout=("notes",)))
    assert teacher != render(output, laid, Options(handout=("notes",), edition=Edition.STUDENT))


@pytest.mark.parametrize("mode", list(QuizMode), ids=lambda mode: mode.value)
def test_the_students_deck_asks_each_question_once_as_the_teachers_question_slide(
    mode: QuizMode,
) -> None:
    """Whatever slides the teacher's deck gives a question (``quiz``), the students' deck asks
    it once, on the slide the teacher's asks it on: the prompt large, the code or picture it
    asks about, the options lettered in the accent, two by two where they are short; no
    mark, explanation, answer line or note."""
    job = Job(TEN, TEN.name, TEN.with_suffix(""), TEN.parent)
    deck = lay_out(job, THEME, options=Options(quiz=mode))[0].deck
    asking = lay_out(job, THEME, options=Options(quiz=QuizMode.REVEAL))[0].deck
    asked = {s.question: s for s in asking.slides if s.view is View.QUESTION}
    students = for_students(deck)
    assert [s.question for s in students.slides] == [None, *asked]
    assert not any(slide.notes for slide in students.slides)
    for slide in students.slides[1:]:
        assert slide.question is not None
        teacher = asked[slide.question]
        assert slide.body == teacher.body
        assert (slide.layout, slide.view) == (teacher.layout, teacher.view)
        blocks = [
            block
            for shown in slide.body
            for block in (
                (*shown.left.blocks, *shown.right.blocks)
                if isinstance(shown, Columns)
                else (shown,)
            )
        ]
        text = " ".join(plain_text(b.runs) for b in blocks if isinstance(b, Paragraph | Bullet))
        assert not MARK.search(text) and not ANSWER_LINE.search(text)
    deck = laid_out(TEN).deck
    question = deck.slides[1]
    assert question.view is View.QUESTION
    reveal = replace(question, view=View.REVEAL)
    revealed = Deck(deck.title, deck.subtitle, (deck.slides[0], question, reveal))
    assert len(for_students(revealed).slides) == 2  # a reveal repeats its question: asked once


def test_a_lesson_with_nothing_for_the_teacher_alone_is_the_same_for_students() -> None:
    deck = laid_out(QUIZZES / "lettered-guide.md").deck
    assert for_students(deck) is deck


def answer_key(path: Path, tmp_path: Path) -> str | None:
    data = render(Output("answers", "answers"), laid_out(path), Options())
    if data is None:
        return None
    pdf = tmp_path / f"{path.stem}.answers.pdf"
    pdf.write_bytes(data)
    return squeeze(page_text(pdf))


@pytest.mark.parametrize("path", SHAPES, ids=lambda path: path.stem)
def test_the_answer_key_lists_every_question_with_its_correct_letters(
    path: Path, tmp_path: Path
) -> None:
    deck = laid_out(path).deck
    text = answer_key(path, tmp_path)
    if not deck.quiz:
        assert text is None  # a lone question in a lesson: no key
        return
    assert text is not None
    assert text.startswith(squeeze(f"{deck.title} \u00b7 Answer key {deck.subtitle}"))
    for question in questions(path):
        letters = ", ".join(question.correct) or "\u2014"
        assert squeeze(f"{question.number}. {letters} {plain_text(question.prompt)}") in text
    for explanation in explanations(path):
        assert explanation in text


def test_the_ten_question_key_fits_one_page(tmp_path: Path) -> None:
    text = answer_key(TEN, tmp_path)
    assert text is not None and text.endswith("Page1of1")


def build(folder: Path, *flags: str) -> int:
    return main(["build", "-q", "--jobs", "1", "-o", str(folder), *flags])


def test_the_files_of_each_edition_exist_and_differ(tmp_path: Path) -> None:
    layouts = "3,notes,outline"
    for edition in Edition:
        assert build(tmp_path / edition, str(TEN), "--edition", edition, "--handout", layouts) == 0
    made = {
        (edition, path.name): path.read_bytes()
        for edition in Edition
        for path in listed(tmp_path / edition)
        if path.name != NAME
    }
    names = [f"editions-ten.{name}" for name in ("handout-3.pdf", "notes.pdf", "outline.pdf")]
    # The students' edition writes no answer key unless asked for it by name.
    assert sorted(name for edition, name in made if edition is Edition.STUDENT) == sorted(
        [*names, "editions-ten.pptx"]
    )
    assert (Edition.TEACHER, "editions-ten.answers.pdf") in made
    for name in [*names, "editions-ten.pptx"]:  # the deck too: it gives no answer away
        assert made[Edition.STUDENT, name] != made[Edition.TEACHER, name]
    assert len(set(made.values())) == len(made)


def test_the_students_deck_and_slide_pdf_give_no_answer_away(tmp_path: Path) -> None:
    """What a class may be given: each question asked once, without its reveal slide, the
    right option's check mark, the explanations or the speaker notes that hold the answer;
    the teacher's deck has them all. The report counts the slides of the deck it wrote, and
    names each question's slide in it. A change of edition exports the deck again."""
    flags = ("--format", "pptx,pdf")
    for edition in Edition:
        report = ("--report", str(tmp_path / f"{edition}.json"))
        assert build(tmp_path / edition, str(TEN), "--edition", edition, *flags, *report) == 0
    teacher = Presentation(str(tmp_path / "teacher" / "editions-ten.pptx"))
    student = Presentation(str(tmp_path / "student" / "editions-ten.pptx"))

    def said(deck: PptxDeck) -> tuple[list[str], list[str]]:
        texts = [" ".join(slide_texts(slide)) for slide in deck.slides]
        notes = [s.notes_slide.notes_text_frame.text for s in deck.slides if s.has_notes_slide]
        return texts, [note for note in notes if note.strip()]

    (taught, notes), (asked, unnoted) = said(teacher), said(student)
    questions = sum(text.startswith("Question") for text in taught if "Answer" not in text)
    assert any("\u2713" in text for text in taught) and notes
    assert not any("\u2713" in text or "Answer" in text.split(" ")[:4] for text in asked)
    assert unnoted == []
    assert len(asked) == 1 + questions  # the title slide, then each question once
    pdf = page_text(tmp_path / "student" / "editions-ten.pdf")
    assert "\u2713" not in pdf and "Answer" not in pdf
    assert "\u2713" in page_text(tmp_path / "teacher" / "editions-ten.pdf")
    for name, deck in (("teacher", teacher), ("student", student)):
        [reported] = json.loads((tmp_path / f"{name}.json").read_text())["lessons"]
        assert len(reported["slides"]) == len(deck.slides), name
        for item in reported["quiz"]["items"]:
            shown = " ".join(slide_texts(deck.slides[item["slide"] - 1]))
            assert shown.startswith(f"Question {item['number']}"), (name, item)
    # Built again as the teacher's into the students' folder: the deck is exported again.
    assert build(tmp_path / "student", str(TEN), *flags) == 0
    again = Presentation(str(tmp_path / "student" / "editions-ten.pptx"))
    assert len(again.slides) == len(teacher.slides)


def test_a_lesson_that_is_no_quiz_gets_no_answer_key_and_no_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lone = QUIZZES / "lone-question.md"
    assert build(tmp_path, str(lone), "--format", "pptx,answers", "--strict") == 0
    assert [path.name for path in listed(tmp_path) if path.name != NAME] == ["lone-question.pptx"]
    assert capsys.readouterr().err == ""


def test_asking_a_lesson_for_its_key_alone_says_there_is_nothing_to_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lone = QUIZZES / "lone-question.md"
    command = ["build", "--jobs", "1", "-o", str(tmp_path), str(lone), "--format", "answers"]
    assert main(command) == 0
    assert [path.name for path in listed(tmp_path) if path.name != NAME] == []
    assert "lone-question.md → nothing to write (" in capsys.readouterr().out


def test_the_manifest_knows_the_key_and_prune_removes_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    course, out = tmp_path / "course", tmp_path / "out"
    course.mkdir()
    quiz = course / "quiz.md"
    quiz.write_bytes((QUIZZES / "bold-markers.md").read_bytes())
    (course / "lone.md").write_bytes((QUIZZES / "lone-question.md").read_bytes())
    formats = ("--format", "answers")
    assert build(out, str(course), *formats) == 0
    assert [path.name for path in listed(out) if path.name != NAME] == ["quiz.answers.pdf"]
    entries = Manifest.load(out).lessons
    assert entries["lone"].outputs["answers"].sha256 is None  # up to date without a key
    assert entries["quiz"].outputs["answers"].sha256 is not None
    capsys.readouterr()
    assert main(["build", "-v", "--jobs", "1", "-o", str(out), str(course), *formats]) == 0
    assert "0 exported, 2 up to date" in capsys.readouterr().out
    quiz.unlink()
    assert build(out, str(course), *formats, "--prune") == 0
    assert [path.name for path in listed(out) if path.name != NAME] == []


def test_a_lesson_no_longer_a_quiz_loses_its_key(tmp_path: Path) -> None:
    lesson, out = tmp_path / "quiz.md", tmp_path / "out"
    lesson.write_bytes((QUIZZES / "bold-markers.md").read_bytes())
    assert build(out, str(lesson), "--format", "answers") == 0
    assert (out / "quiz.answers.pdf").is_file()
    lesson.write_text("---\ntitle: Not a quiz\n---\n\n### Topic\n\n- a point\n", encoding="utf-8")
    assert build(out, str(lesson), "--format", "answers") == 0
    assert not (out / "quiz.answers.pdf").exists()


def test_the_edition_is_a_setting_and_a_flag(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "lesson-export.toml").write_text('edition = "student"\n', encoding="utf-8")
    assert load_config(tmp_path)["edition"] is Edition.STUDENT
    (tmp_path / "lesson-export.toml").write_text('edition = "pupil"\n', encoding="utf-8")
    with pytest.raises(UsageError, match=r"edition.*student"):
        load_config(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "lesson-export.toml").unlink()
    with pytest.raises(SystemExit):
        main(["build", str(TEN), "--edition", "pupil"])
    assert Options().edition is Edition.TEACHER


def test_the_students_edition_writes_the_answer_key_only_when_asked_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no configuration
    made = {}
    for name, flags in {
        "students": ["--edition", "student"],
        "asked": ["--edition", "student", "--format", "pptx,answers"],
        "teacher": [],
    }.items():
        assert build(tmp_path / name, str(TEN), *flags) == 0
        made[name] = sorted(path.name for path in listed(tmp_path / name) if path.name != NAME)
    assert made["students"] == ["editions-ten.handout.pdf", "editions-ten.pptx"]
    assert made["asked"] == ["editions-ten.answers.pdf", "editions-ten.pptx"]
    assert "editions-ten.answers.pdf" in made["teacher"]
    # Configured formats are asked for by name as much as the flag's.
    (tmp_path / "lesson-export.toml").write_text(
        'edition = "student"\nformats = ["handout", "answers"]\n', encoding="utf-8"
    )
    assert build(tmp_path / "configured", str(TEN)) == 0
    names = sorted(path.name for path in listed(tmp_path / "configured") if path.name != NAME)
    assert names == ["editions-ten.answers.pdf", "editions-ten.handout.pdf"]


def test_a_page_the_reader_cannot_take_for_a_question_gives_nothing_away(
    tmp_path: Path,
) -> None:
    # Unlettered options with an Answer line, and a nested Correct line under a plain list:
    # shapes the reader does not take for a question; the students' copy must not show them.
    lesson = tmp_path / "odd.md"
    lesson.write_text(
        "---\ntitle: Odd\nquiz: 1\n---\n\nSecurity groups are stateless.\n\n- True\n- False\n\n"
        "Answer: False\n\n<!-- pagebreak -->\n\nPick the gateway.\n\n- Internet Gateway\n"
        "  - Correct: it reaches the internet.\n- NAT Gateway\n- Transit Gateway\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    argv = ["build", str(lesson), "-o", str(out), "-q", "--format", "handout", "--offline"]
    assert main([*argv, "--handout", "3,outline", "--edition", "student"]) == 0
    for name in ("odd.handout-3.pdf", "odd.outline.pdf"):
        text = squeeze(page_text(out / name))
        assert "Answer:False" not in text and "Correct:" not in text, name
        assert "Securitygroupsarestateless" in text  # the question itself stays


def test_changing_the_edition_exports_the_handout_again(tmp_path: Path) -> None:
    out = tmp_path / "out"
    argv = ["build", str(TEN), "-o", str(out), "-q", "--format", "handout", "--offline"]
    assert main([*argv, "--handout", "outline"]) == 0
    teacher = (out / f"{TEN.stem}.handout.pdf").read_bytes()
    assert main([*argv, "--handout", "outline", "--edition", "student"]) == 0
    assert (out / f"{TEN.stem}.handout.pdf").read_bytes() != teacher


def asking_about_code_and_a_picture(folder: Path) -> Path:
    """Write a quiz whose first question asks about a policy too tall for a slide beside its
    options, and whose second asks about a diagram; return its path."""
    PillowImage.new("RGB", (900, 600), "navy").save(folder / "diagram.png")
    policy = "\n".join(
        ["{", '  "Version": "2012-10-17",', '  "Statement": [']
        + [
            f'    {{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:{n}"}},'
            for n in range(14)
        ]
        + ["  ]", "}"]
    )
    options = "\n".join(
        f"- {letter}) The user can read the objects of every bucket listed in statement {letter}"
        f"\n  - {'Correct' if letter == 'B' else 'Incorrect'}: the statement says so."
        for letter in "ABCD"
    )
    text = (
        "---\ntitle: Policies\nquiz: 1\n---\n\n## Question 1\n\n"
        f"A developer attaches this policy to a user. What can the user do?\n\n"
        f"```json\n{policy}\n```\n\n{options}\n\n<!-- pagebreak -->\n\n## Question 2\n\n"
        "Which tier does the diagram put the database in?\n\n![The three tiers](diagram.png)\n\n"
        "- A) The web tier\n  - Incorrect: no.\n- B) The data tier\n  - Correct: yes.\n"
    )
    path = folder / "policies.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_students_outline_asks_about_the_code_and_the_picture(tmp_path: Path) -> None:
    """A question sheet shows what its question asks about, not only its sentence: the
    policy's text and the diagram are on the students' outline, as on the teacher's."""
    path = asking_about_code_and_a_picture(tmp_path)
    assert build(tmp_path / "out", str(path), "--handout", "outline", "--edition", "student") == 0
    pdf = tmp_path / "out" / "policies.handout.pdf"
    text = squeeze(page_text(pdf))
    assert squeeze('"Resource": "arn:13"') in text and squeeze("What can the user do?") in text
    with pdfplumber.open(pdf) as document:
        assert sum(len(page.images) for page in document.pages) == 1  # the diagram
    assert_nothing_given_away(flat(page_text(pdf)), path)


def test_a_students_answer_box_is_under_the_last_slide_of_its_question(tmp_path: Path) -> None:
    """Where a question takes two slides (the policy, then the options), its box to answer
    in is under the one its options end on, once."""
    path = asking_about_code_and_a_picture(tmp_path)
    job = Job(path, path.name, path.with_suffix(""), path.parent)
    options = Options(edition=Edition.STUDENT)
    students = edition_of(lay_out(job, THEME, options=options)[0], options)
    last = {p.slide.question: p.number for p in students.slides if p.slide.question is not None}
    parts = [p for p in students.slides if p.slide.question is not None]
    assert len(parts) > len(last), "the first question takes two slides"
    assert build(tmp_path / "out", str(path), "--edition", "student") == 0
    with pdfplumber.open(tmp_path / "out" / "policies.handout.pdf") as document:
        boxed = []
        for page in document.pages:
            words = page.extract_words()
            labels = {round(w["top"]): w for w in words if w["text"] == "Slide"}
            for word in words:
                if word["text"] == "Answer":
                    label = labels[round(word["top"])]
                    number = next(
                        w for w in words if w["top"] == label["top"] and w["x0"] > label["x1"]
                    )
                    boxed.append(int(number["text"]))
    assert boxed == sorted(last.values())


def test_a_wrapped_option_on_the_question_sheet_hangs_under_its_text(tmp_path: Path) -> None:
    """Reviewed: on the students' outline, an option too long for a line went on under its
    box to tick, so that the box and letter no longer stood out. Its lines after the first
    start where its text does, past the box and the letter."""
    long = (
        "Any principal can read objects, but only when the request arrives through the VPC "
        "endpoint that the network team created for the finance account last year"
    )
    text = (
        "---\ntitle: Q\nquiz: 1\n---\n\n## Question 1\n\nWhich statement is true?\n\n"
        f"- A) {long}\n  - Correct: yes.\n- B) Nobody can read them\n  - Incorrect: no.\n"
    )
    path = tmp_path / "sheet.md"
    path.write_text(text, encoding="utf-8")
    assert build(tmp_path / "out", str(path), "--handout", "outline", "--edition", "student") == 0
    with pdfplumber.open(tmp_path / "out" / "sheet.handout.pdf") as document:
        words = document.pages[0].extract_words()
    first = next(w for w in words if w["text"] == "Any")
    nobody = next(w for w in words if w["text"] == "Nobody")
    rows = sorted(
        {round(w["top"]) for w in words if first["top"] - 1 < w["top"] < nobody["top"] - 1}
    )
    assert len(rows) >= 2, rows  # the option wraps
    second = min((w for w in words if round(w["top"]) == rows[1]), key=lambda w: w["x0"])
    assert abs(second["x0"] - first["x0"]) < 1.0, (second, first)
    assert abs(nobody["x0"] - first["x0"]) < 1.0  # every option's text starts at one edge


@pytest.mark.parametrize("template", [False, True], ids=["default", "four-three"])
def test_an_answer_keys_option_fills_its_line_before_its_explanation(
    tmp_path: Path, template: bool
) -> None:
    """Reviewed: with a 4:3 school template (Arial), the key printed "A) Anyone" alone on a
    line, the rest of the option under it: a bare space before the explanation's span made
    WeasyPrint break the line after the option's first word."""
    options = "\n".join(
        f"- {letter}) {text}\n  - {'Correct' if letter == 'B' else 'Incorrect'}: {why}"
        for letter, text, why in (
            (
                "A",
                "Anyone on the internet can download any object in the bucket",
                "the `Condition` limits the request to the VPC endpoint `vpce-0a1b2c3d`.",
            ),
            (
                "B",
                "Any principal, but only through the VPC endpoint",
                '`Principal: "*"` is narrowed by the `aws:SourceVpce` condition.',
            ),
            (
                "C",
                "Only IAM users in the same account can list and read the bucket",
                "there is no `s3:ListBucket` action and the principal is not limited.",
            ),
        )
    )
    text = (
        "---\ntitle: Policies\nquiz: 1\n---\n\n## Question 1\n\n"
        f"What does this policy allow?\n\n{options}\n"
    )
    path = tmp_path / "key.md"
    path.write_text(text, encoding="utf-8")
    flags = ["--format", "answers", str(path)]
    if template:
        flags += ["--template", str(four_three(tmp_path))]
    assert build(tmp_path / "out", *flags) == 0
    with pdfplumber.open(tmp_path / "out" / "key.answers.pdf") as document:
        lines = (document.pages[0].extract_text() or "").split("\n")
    for letter, first in (("A", "Anyone"), ("C", "Only")):
        [line] = [line for line in lines if line.lstrip("✓ ").startswith(f"{letter}) {first}")]
        assert len(line.split()) >= 5, line  # not the first word alone


def test_a_students_builds_warnings_name_the_students_slides(tmp_path: Path) -> None:
    """Reviewed: building the students' edition alone, a warning named "slide 4" and "slide
    5" of a deck of three: the teacher's question and reveal slides. It names the students'
    slide that shows what it is about, once."""
    arn = (
        "arn:aws:dynamodb:eu-west-1:111122223333:table/"
        "orders_production_primary_replica_for_reporting_and_analytics_workloads"
    )
    text = (
        "---\ntitle: Q\nquiz: 2\n---\n\n## Question 1\n\nPick one.\n\n- A) One\n  - Correct: yes.\n"
        "- B) Two\n  - Incorrect: no.\n\n<!-- pagebreak -->\n\n## Question 2\n\n"
        f"Which resource is the table?\n\n- A) `{arn}`\n  - Correct: a table.\n"
        "- B) `arn:aws:s3:::bucket`\n  - Incorrect: a bucket.\n"
    )
    path = tmp_path / "arns.md"
    path.write_text(text, encoding="utf-8")
    report = tmp_path / "report.json"
    flags = ["--edition", "student", "--format", "pptx", "--report", str(report), str(path)]
    assert build(tmp_path / "out", *flags) == 0
    [lesson] = json.loads(report.read_text())["lessons"]
    deck = Presentation(str(tmp_path / "out" / "arns.pptx"))
    warned = [d for d in lesson["diagnostics"] if d["slide"] is not None]
    assert len(warned) == 1, warned
    [diagnostic] = warned
    assert diagnostic["slide"] <= len(deck.slides)
    assert diagnostic["message"].startswith(f"slide {diagnostic['slide']}:")
    shown = " ".join(slide_texts(deck.slides[diagnostic["slide"] - 1]))
    assert "Which resource is the table?" in shown


def asking_about_code_a_table_and_pictures(folder: Path) -> Path:
    """Write a quiz whose questions ask about a command between two sentences, a routing
    table under a heading that asks, and two pictures, and one asked in words alone; return
    its path."""
    PillowImage.new("RGB", (900, 600), "navy").save(folder / "diagram.png")
    PillowImage.new("RGB", (300, 700), "darkgreen").save(folder / "phone.png")
    loop = 'for host in web-01 web-02 db-01; do ping -c 1 "$host" >/dev/null && echo "$host up"'
    text = (
        "---\ntitle: Reading code\nquiz: 1\n---\n\n## Question 1\n\nA script reads:\n\n"
        f'```bash\n{loop} || echo "$host down"; done\n```\n\n'
        "What does it print when only db-01 answers?\n\n"
        "- A) Three lines, each up\n  - Incorrect: two hosts do not answer.\n"
        "- B) Two lines down, then db-01 up\n  - Correct: a line each.\n\n<!-- pagebreak -->\n\n"
        "## Question 2: Which route does a packet to 10.8.3.4 take?\n\n"
        "| Destination | Gateway | Metric |\n|:--|:--|--:|\n| 0.0.0.0/0 | 192.168.1.1 | 100 |\n"
        "| 10.8.0.0/16 | 10.8.0.1 | 50 |\n\n"
        "- A) The default route\n  - Incorrect: a longer prefix matches.\n"
        "- B) The tunnel\n  - Correct: the longest prefix wins.\n\n<!-- pagebreak -->\n\n"
        "## Question 3\n\nWhich tier does the diagram put the database in?\n\n"
        "![The three tiers](diagram.png)\n![A phone](phone.png)\n\n"
        "- A) The web tier\n  - Incorrect: no.\n- B) The data tier\n  - Correct: yes.\n\n"
        "<!-- pagebreak -->\n\n## Question 4\n\nWhich port does HTTPS use?\n\n"
        "- A) 80\n- B) 443\n  - Correct: TLS.\n"
    )
    path = folder / "code.md"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_answer_key_shows_the_code_table_and_pictures_a_question_asks_about(
    tmp_path: Path,
) -> None:
    """Hunted: the key of "What does this Python snippet print?" showed that sentence alone,
    so that "B) 2" meant nothing there. It shows what the question slide asks about, in its
    place among the question's words, within the key's column."""
    path = asking_about_code_a_table_and_pictures(tmp_path)
    assert build(tmp_path / "out", "--format", "answers", str(path)) == 0
    pdf = tmp_path / "out" / "code.answers.pdf"
    shown = page_text(pdf)
    # Too wide for the key's column, the loop goes on over lines as a shell reads it.
    assert " \\\n" in shown
    text = squeeze(shown).replace("\\", "")
    code = (
        'forhostinweb-01web-02db-01;doping-c1"$host">/dev/null&&echo"$hostup"||echo"$hostdown";done'
    )
    asked = ["1.BAscriptreads:", code, "Whatdoesitprintwhenonlydb-01answers?A)Threelines"]
    assert [text.find(part) for part in asked] == sorted(text.find(part) for part in asked)
    assert all(part in text for part in asked)
    routes = squeeze(
        "2. B Which route does a packet to 10.8.3.4 take? Destination Gateway Metric 0.0.0.0/0"
        " 192.168.1.1 100 10.8.0.0/16 10.8.0.1 50 A) The default route"
    )
    assert routes in text
    assert squeeze("4. B Which port does HTTPS use? A) 80") in text  # asked in words alone
    side = 0.6 * 72  # the page's margin
    with pdfplumber.open(pdf) as document:
        [page] = document.pages
        middle = page.width / 2
        images = page.images
        code_chars = [c for c in page.chars if "Mono" in c["fontname"]]
    assert len(images) == 2
    for image in images:
        assert image["bottom"] - image["top"] <= 1.3 * 72 + 0.5
        assert middle < image["x0"] and image["x1"] <= page.width - side + 0.5
    assert code_chars and all(c["x1"] <= middle for c in code_chars)  # in the left column
