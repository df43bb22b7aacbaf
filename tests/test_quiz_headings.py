"""A quiz question whose heading carries its prompt (``## Question 3: Which...?``, ``## 3.
Which...?``, ``### 3) ...``, ``## Q4 - ...``) is titled by its label and asks its prompt once,
in its body: on the deck, the slide PDF, the handouts and the answer key, in every quiz mode
and edition."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pptx import Presentation

from exporter.builder import build_deck
from exporter.builder.editions import for_students
from exporter.cli import main
from exporter.model import (
    Deck,
    Paragraph,
    Slide,
    Subheading,
    View,
    plain_text,
)
from exporter.paper import QuizMode
from exporter.source import parse_source
from exporter.words import LANGUAGES
from tests.conftest import page_count, page_text, slide_texts, squeeze
from tests.test_quiz_screen import text_of

QUIZZES = Path(__file__).parent / "fixtures" / "quizzes"
HEADINGS = QUIZZES / "heading-prompts.md"
TITLED = {8: "Question 8: Storage classes"}
"""The questions whose heading titles them as written: a paragraph under it asks."""


def built(text: str, mode: QuizMode = QuizMode.REVEAL, lang: str = "en") -> Deck:
    """Return the deck of a quiz written as ``text``, its questions shown in ``mode``."""
    source = parse_source(text.encode("utf-8"))
    pages = [page.blocks for page in source.pages]
    return build_deck(source, pages, "quiz", LANGUAGES[lang], mode)[0]


def asked(slides: tuple[Slide, ...]) -> list[Slide]:
    """Return the slides that show a question."""
    return [slide for slide in slides if slide.question is not None]


def prompts() -> list[str]:
    """Return the fixture's prompts, in order."""
    deck = built(HEADINGS.read_text(encoding="utf-8"))
    found: dict[int, str] = {}
    for slide in asked(deck.slides):
        assert slide.question is not None
        found[slide.question.number] = plain_text(slide.question.prompt)
    return [found[number] for number in sorted(found)]


@pytest.mark.parametrize("mode", list(QuizMode), ids=lambda mode: mode.value)
def test_a_heading_that_carries_the_prompt_titles_the_slide_by_its_label(mode: QuizMode) -> None:
    """Reviewed: ``## Question 3: Which service stores objects?`` titled its slide with the
    whole heading and showed the prompt again as the body's first paragraph (a long prompt
    made a five-line title over the same five lines). The title is the label, ``Question 3``,
    the prompt the body's first paragraph, as when the prompt is written under the heading."""
    deck = built(HEADINGS.read_text(encoding="utf-8"), mode)
    slides = asked(deck.slides)
    assert len(slides) == (16 if mode is QuizMode.REVEAL else 8)
    for slide in (*slides, *asked(for_students(deck).slides)):
        question = slide.question
        assert question is not None
        prompt = plain_text(question.prompt)
        answer = " \u2013 Answer" if slide.view is View.REVEAL else ""
        title = TITLED.get(question.number, f"Question {question.number}")
        if question.number == 7:  # under the page's own heading, the label a subheading
            title = "Check your understanding"
            label = slide.body[0]
            assert isinstance(label, Subheading) and plain_text(label.runs) == "Question 7"
        assert plain_text(slide.title) == f"{title}{answer}"
        assert text_of(slide).count(prompt) == 1, text_of(slide)
        first = next(b for b in slide.body if isinstance(b, Paragraph))
        assert plain_text(first.runs) == prompt
    under = slides[-1].body[0]  # written under ``## Question 8: Storage classes``
    assert isinstance(under, Paragraph)
    assert plain_text(under.runs) == "Which class is cheapest for data read once a year?"


def test_the_prompt_keeps_its_inline_code_and_its_entities() -> None:
    deck = built(
        "---\ntitle: Shell quiz\nquiz: 1\n---\n\n"
        "## Question 1: What does `ls -a` show &amp; hide?\n\n"
        "- A) Dotfiles too\n  - Correct: `-a` shows them.\n"
        "- B) Nothing\n  - Incorrect: it lists the folder.\n"
    )
    slide = asked(deck.slides)[0]
    assert plain_text(slide.title) == "Question 1"
    first = slide.body[0]
    assert isinstance(first, Paragraph)
    assert plain_text(first.runs) == "What does ls -a show & hide?"
    assert [run.style.code for run in first.runs] == [False, True, False]


@pytest.mark.parametrize(
    ("lang", "heading", "title"),
    [
        ("de", "## Frage 1: Welcher Dienst speichert Objekte?", "Frage 1"),
        ("de", "## 1. Welcher Dienst speichert Objekte?", "Frage 1"),
        ("fr", "## Q1 : Welcher Dienst speichert Objekte ?", "Question 1"),
        ("es", "## Pregunta 1. Welcher Dienst speichert Objekte?", "Pregunta 1"),
        # A label alone over its prompt: a review quiz's ``### Q1.`` was titled "Q1." and
        # "Q1. - Reponse", where ``**Q2.** ...`` in the same file was "Question 2".
        ("fr", "### Q1.\n\nWelcher Dienst speichert Objekte ?", "Question 1"),
        ("en", "## Q1\n\nWelcher Dienst speichert Objekte?", "Question 1"),
        ("de", "### Q1:\n\nWelcher Dienst speichert Objekte?", "Frage 1"),
        ("de", "## 1.\n\nWelcher Dienst speichert Objekte?", "Frage 1"),
        ("en", "## Question 1\n\nWelcher Dienst speichert Objekte?", "Question 1"),
        ("de", "## Frage 1:\n\nWelcher Dienst speichert Objekte?", "Frage 1:"),
    ],
)
def test_the_label_is_as_written_or_in_the_decks_language(
    lang: str, heading: str, title: str
) -> None:
    """A label that abbreviates the word or leaves it out is written out in the deck's
    language, over its prompt or carrying it; one that spells the word is kept."""
    deck = built(
        f"---\ntitle: Quiz\nquiz: 1\nlang: {lang}\n---\n\n{heading}\n\n"
        "- A) Amazon S3\n- B) Amazon EC2\n\nAnswer: A\n",
        lang=lang,
    )
    slide = asked(deck.slides)[0]
    assert plain_text(slide.title) == title
    first = slide.body[0]
    assert isinstance(first, Paragraph) and "Objekte" in plain_text(first.runs)
    assert "Objekte" not in plain_text(slide.title)


def test_a_lone_check_question_in_a_lesson_is_titled_by_its_label() -> None:
    deck = built(
        "---\ntitle: 'Networking: Subnets'\n---\n\n### Subnets\n\nA subnet is a range.\n\n"
        "<!-- pagebreak -->\n\n#### Question 1: Where should a database go?\n\n"
        "- A) A public subnet\n  - Incorrect: nothing outside needs it.\n"
        "- B) A private subnet\n  - Correct: it stays unreachable.\n"
    )
    assert not deck.quiz
    slide = asked(deck.slides)[0]
    assert plain_text(slide.title) == "Question 1"
    assert text_of(slide).count("Where should a database go?") == 1


def occurrences(text: str, prompt: str) -> int:
    """Return how often ``prompt`` is in ``text``, white space and line breaks aside."""
    return len(re.findall(re.escape(squeeze(prompt)), squeeze(text)))


@pytest.mark.parametrize("edition", ["teacher", "student"])
def test_each_output_shows_the_prompt_once(edition: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    flags = ["--format", "pptx,pdf,handout,answers", "--handout", "3,outline"]
    argv = ["build", "-q", "--jobs", "1", "-o", str(out), str(HEADINGS), "--edition", edition]
    assert main([*argv, *flags]) == 0
    asks = prompts()
    deck = Presentation(str(out / "heading-prompts.pptx"))
    shown = {prompt: 0 for prompt in asks}
    for slide in deck.slides:
        title = slide.shapes.title.text if slide.shapes.title is not None else ""
        for prompt in asks:
            assert prompt not in title
            count = sum(text.count(prompt) for text in slide_texts(slide))
            assert count <= 1
            shown[prompt] += count
    assert all(shown.values()), shown
    pdf = out / "heading-prompts.pdf"
    for page in range(1, page_count(pdf) + 1):
        text = page_text(pdf, page)
        assert all(occurrences(text, prompt) <= 1 for prompt in asks), text
    documents = [out / "heading-prompts.outline.pdf", out / "heading-prompts.answers.pdf"]
    if edition == "student":  # one question slide a question
        documents.append(out / "heading-prompts.handout-3.pdf")
    for document in documents:
        text = page_text(document)
        assert [occurrences(text, prompt) for prompt in asks] == [1] * len(asks), document.name
