"""build: a ``Deck`` → its students' edition, for their handouts: no answer, explanation or
speaker note.

A question's slide is the teacher's question slide (``Slide.asked``), whatever the quiz mode
drew: the prompt with the code, table or picture it asks about, then the lettered options,
without the marks, boxes, ``Answer:`` lines and explanations the page was written with (or a
reveal slide shows), then what the page says after its options. A slide that shows the same
question as the one before it (a reveal) is left out: the students' copy asks each question
once. Every other slide is kept as it is, its notes dropped.
"""

from __future__ import annotations

from dataclasses import replace

from exporter.builder.quizslides import shown
from exporter.builder.quizwords import (
    ANSWER,
    ANSWER_SAID,
    LETTER,
    MARK_PUNCTUATED,
    QUESTION_HEADING,
)
from exporter.model import (
    Block,
    Bullet,
    Deck,
    Paragraph,
    Question,
    Slide,
    View,
    after_box,
    plain_text,
    unboxed,
)


def for_students(deck: Deck) -> Deck:
    """Return ``deck`` as students' handouts show it (``deck`` itself when nothing in it is
    for the teacher alone)."""
    places = student_places(deck)
    kept = tuple(
        student_slide(slide, deck.quiz)
        for index, (slide, place) in enumerate(zip(deck.slides, places, strict=True))
        if index == 0 or place != places[index - 1]
    )
    return deck if kept == deck.slides else replace(deck, slides=kept)


def student_places(deck: Deck) -> tuple[int, ...]:
    """Return, for each of ``deck``'s slides, the index of the slide of the students'
    edition that shows it: its own, or for a reveal, the question's it reveals (left out:
    the students' copy asks each question once)."""
    places: list[int] = []
    asked: Question | None = None
    count = 0
    for slide in deck.slides:
        question = slide.question
        if places and (slide.view is View.REVEAL or (question is not None and question == asked)):
            places.append(places[-1])  # the reveal of the question just asked
            continue
        asked = question
        places.append(count)
        count += 1
    return tuple(places)


def student_slide(slide: Slide, quiz: bool = False) -> Slide:
    """Return ``slide`` without its notes, and a question's without its answer. A slide no
    question was read from loses any ``Answer: B`` paragraph and ``Correct:`` /
    ``Incorrect:`` item it holds all the same (a page written in a shape the reader does not
    know must not give the answer away either); in a ``quiz``, on a slide that looks like a
    question (``looks_asked``), any paragraph or item that opens with such a mark, at any
    level (options written as lines, not list items, leave the marks a list of their own),
    and any ticked task box, left empty."""
    if slide.question is None:
        asked = quiz and looks_asked(slide)
        body = tuple(
            unticked(block) if asked else block
            for block in slide.body
            if not gives_away(block, asked)
        )
        if body == slide.body and not slide.notes:
            return slide
        return replace(slide, body=body, notes="")
    body = tuple(
        block
        for block in slide.asked
        if (isinstance(block, Bullet) and block.letter) or not gives_away(block, True)
    )
    return shown(slide, body, View.QUESTION, "")  # what explains the answer stays the teacher's


def unticked(block: Block) -> Block:
    """Return ``block`` with its task box, if ticked, empty (a numbered item's, at the start
    of its text, too): on a page of a quiz that looks like a question, a ticked box marks an
    answer."""
    if not isinstance(block, Bullet):
        return block
    check = False if block.check else block.check
    return replace(block, check=check, runs=unboxed(block.runs))


def looks_asked(slide: Slide) -> bool:
    """Return whether a slide no question was read from looks like a question all the same:
    a ``Question N`` title, or a paragraph or item that opens with a letter (``A) Spot``)."""
    if QUESTION_HEADING.match(plain_text(slide.title)):
        return True
    return any(
        LETTER.match(plain_text(block.runs))
        for block in slide.body
        if isinstance(block, Paragraph | Bullet)
    )


def gives_away(block: Block, quiz: bool = False) -> bool:
    """Return whether a block states an answer: an ``Answer: B`` paragraph (in a ``quiz``,
    ``Solution: B`` too) or a nested ``Correct:`` / ``Incorrect:`` item (in a ``quiz``, such
    an item or paragraph at any level)."""
    text = plain_text(after_box(block.runs)) if isinstance(block, Paragraph | Bullet) else ""
    said = ANSWER if quiz else ANSWER_SAID  # a lesson's "Solution: restart it" stays
    if isinstance(block, Paragraph) and said.match(text) is not None:
        return True
    if isinstance(block, Bullet | Paragraph) and (quiz or block.level > 0):
        return MARK_PUNCTUATED.match(text) is not None
    return False
    return False
