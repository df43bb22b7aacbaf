"""write: ``LaidOutDeck`` → a quiz's answer key as HTML, for the teacher: question by question
its correct letters and every option's explanation, many questions a page.

The key is printed as the handouts are (their page, head and foot, the theme's fonts), in two
columns, a question never split between them. It is drawn from the deck's questions
(``Slide.question``), once each, whatever slides show them.
"""

from __future__ import annotations

from datetime import datetime

from exporter.geometry import Box, LaidOutDeck
from exporter.model import Deck, Option, Question
from exporter.paper import PAPERS
from exporter.writers.handout import HANDOUT_CSS, PAGE_MARGIN, HandoutWriter
from exporter.writers.html import Document, escape

NONE_MARKED = "\u2014"
"""What the key shows for a question with no correct option marked (the check warned of it)."""
ANSWERS_CSS = (
    "@page:first{@top-left{content:none}@top-right{content:none}}"
    ".key{font-size:9.5pt;line-height:1.3}"
    ".key h1{font-size:18pt;margin:0 0 0.1em;bookmark-level:none}"
    ".key .subtitle{margin:0 0 0.8em}"
    ".key .questions{columns:2;column-gap:0.3in}"
    ".key .question{break-inside:avoid;margin:0 0 0.7em}"
    ".key .question p{margin:0.1em 0}"
    ".key .asked{font-weight:700;bookmark-level:1;bookmark-label:attr(data-bookmark)}"
    ".key .letters{display:inline-block;min-width:1.6em;padding:0 0.3em;margin-right:0.3em;"
    "text-align:center;border:0.75pt solid #333;font-weight:700}"
    ".key .option{margin-left:2.4em;text-indent:-1.2em;font-size:8.5pt}"
    ".key .mark{display:inline-block;width:1.2em;text-indent:0}"
    ".key .right{font-weight:700}"
    ".key .why{font-weight:400}"
    ".key .said{margin-left:2.4em;font-size:8.5pt}"
)
"""The answer key's own style: its title printed once, the questions in two columns."""


def questions_of(deck: Deck) -> tuple[Question, ...]:
    """Return the deck's questions, each once, in order (a reveal slide repeats one)."""
    found: dict[int, Question] = {}
    for slide in deck.slides:
        if slide.question is not None and slide.question.line not in found:
            found[slide.question.line] = slide.question
    return tuple(found.values())


def has_answer_key(deck: Deck) -> bool:
    """Return whether the deck gets an answer key: it is a quiz, and it asks something."""
    return deck.quiz and bool(questions_of(deck))


def render_answers(
    laid: LaidOutDeck, paper: str = "a4", created: datetime | None = None
) -> Document:
    """Return the answer key's document on ``paper``: the quiz's title and section, then each
    question's number, prompt, correct letters and options with their explanations."""
    size = PAPERS[paper]
    side, top, bottom = PAGE_MARGIN
    writer = KeyWriter(laid, Box(0.0, 0.0, size.width - 2 * side, size.height - top - bottom))
    styles = (writer.handout_page_css(size), HANDOUT_CSS + ANSWERS_CSS)
    return writer.document(styles, f'<main class="key">{writer.key()}</main>', created)


class KeyWriter(HandoutWriter):
    """Draws a quiz's answer key."""

    def key(self) -> str:
        """Return the key's title, then each question."""
        deck = self.laid.deck
        parts = [f"<h1>{escape(deck.title)} \u00b7 {escape(deck.words.answer_key)}</h1>"]
        if deck.subtitle:
            parts.append(f'<p class="subtitle muted">{escape(deck.subtitle)}</p>')
        questions = "".join(self.question(question) for question in questions_of(deck))
        parts.append(f'<div class="questions">{questions}</div>')
        return "".join(parts)

    def question(self, question: Question) -> str:
        """Return one question: its number and correct letters, its prompt, its options, and
        what its ``Answer:`` line and the paragraphs after it say of the answer."""
        letters = ", ".join(question.correct) or NONE_MARKED
        bookmark = f"{question.number}. {letters}"
        options = "".join(self.option(option) for option in question.options)
        said = "".join(
            f'<p class="said">{self.runs(runs)}</p>'
            for runs in (question.said, question.then)
            if runs
        )
        return (
            f'<section class="question"><p class="asked" data-bookmark="{escape(bookmark)}">'
            f'{question.number}. <span class="letters">{escape(letters)}</span>'
            f"{self.runs(question.prompt)}</p>{options}{said}</section>"
        )

    def option(self, option: Option) -> str:
        """Return an option's line: its letter and text (bold when it is right, after a check
        mark), then its explanation."""
        mark = "\u2713" if option.correct else ""
        why = (
            ""
            if option.explanation is None
            # The space before it in a span of its own (``html.spaced``): a bare one there,
            # WeasyPrint broke the option's line after its first word.
            else f'<span> </span><span class="why">\u2014 {self.runs(option.explanation)}</span>'
        )
        right = " right" if option.correct else ""
        return (
            f'<p class="option{right}"><span class="mark">{mark}</span>'
            f"{escape(option.letter)})\u00a0"
            f"{self.runs(option.runs)}{why}</p>"
        )
