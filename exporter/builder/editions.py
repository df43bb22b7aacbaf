"""build: a ``Deck`` → its students' edition, for their handouts: no answer, explanation or
speaker note.

A question's slide is drawn again from its ``Question``: the prompt, then each option as
``A) text``, without the marks, boxes, ``Answer:`` lines and explanations the page was
written with (or a reveal slide shows). A slide that shows the same question as the one
before it (a reveal) is left out: the students' copy asks each question once. Every other
slide is kept as it is, its notes dropped.
"""

from __future__ import annotations

from dataclasses import replace

from exporter.builder.quiz import ANSWER, MARK_PUNCTUATED
from exporter.builder.quizslides import besides, stated
from exporter.model import (
    Block,
    Bullet,
    Deck,
    Layout,
    Option,
    Paragraph,
    Question,
    Run,
    Slide,
    Style,
    View,
    plain_text,
)

LETTER = Style(bold=True)
"""How an option's letter is drawn on a student's question slide."""


def for_students(deck: Deck) -> Deck:
    """Return ``deck`` as students' handouts show it (``deck`` itself when nothing in it is
    for the teacher alone)."""
    slides: list[Slide] = []
    asked: Question | None = None
    for slide in deck.slides:
        question = slide.question
        if slide.view is View.REVEAL or (question is not None and question == asked):
            continue  # the reveal of the question just asked
        asked = question
        slides.append(student_slide(slide))
    kept = tuple(slides)
    return deck if kept == deck.slides else replace(deck, slides=kept)


def student_slide(slide: Slide) -> Slide:
    """Return ``slide`` without its notes, and a question's without its answer. A slide no
    question was read from loses any ``Answer: B`` paragraph and ``Correct:`` /
    ``Incorrect:`` item it holds all the same (a page written in a shape the reader does not
    know must not give the answer away either)."""
    if slide.question is None:
        body = tuple(block for block in slide.body if not gives_away(block))
        if body == slide.body and not slide.notes:
            return slide
        return replace(slide, body=body, notes="")
    stem, after = besides(slide.body)
    body = (*question_body(slide.question, stem), *after)
    return replace(slide, layout=Layout.BULLETS, body=body, notes="", view=View.QUESTION)


def gives_away(block: Block) -> bool:
    """Return whether a block states an answer: an ``Answer: B`` paragraph or a nested
    ``Correct:`` / ``Incorrect:`` item."""
    if isinstance(block, Paragraph):
        return ANSWER.match(plain_text(block.runs)) is not None
    if isinstance(block, Bullet):
        return block.level > 0 and MARK_PUNCTUATED.match(plain_text(block.runs)) is not None
    return False


def question_body(question: Question, stem: tuple[Block, ...] = ()) -> tuple[Block, ...]:
    """Return what a question's slide shows students: the question as asked (``stated``),
    then the lettered options."""
    options = (option_line(option) for option in question.options)
    return (*stated(question, stem), *options)


def option_line(option: Option) -> Paragraph:
    """Return an option as ``A) text``, its letter bold, indented under the prompt."""
    return Paragraph((Run(f"{option.letter})\u00a0", LETTER), *option.runs), level=1)
