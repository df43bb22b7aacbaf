"""build: a quiz question's page → its slides: the question, and the reveal of its answer.

The question slide shows the prompt large and the options as a clean lettered list (two
columns of two when there are four short options), nothing on it marking the answer. The
reveal slide shows the same prompt and options, each right one with a check mark after it in the
theme's accent (a mark to read, not a colour alone), every option's explanation small under it,
and the wrong options muted. The ``quiz`` setting (``QuizMode``) chooses which of them a
question gets; the speaker notes of each hold the answer and the explanations in every mode,
after the author's own notes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import assert_never

from exporter.builder.quizwords import ANSWER, ANSWER_HEADING
from exporter.model import (
    Block,
    Bullet,
    Code,
    Column,
    Columns,
    Image,
    Option,
    Paragraph,
    Question,
    Run,
    Runs,
    Slide,
    Style,
    Subheading,
    Table,
    Tone,
    View,
    Words,
    layout_of,
    plain_text,
    spoken_text,
)
from exporter.paper import QuizMode

CHECK = "\u2713"
"""The mark before a right option on a reveal slide (measured at a fallback font's width where
the theme's font lacks it, see ``measure``)."""
PROMPT_SCALE = 1.25
"""A question's prompt's size as a share of the body size."""
EXPLANATION_SCALE = 0.8
"""An option's explanation's size on a reveal slide, as a share of the body size."""
GRID_OPTIONS = 4
"""How many options a question has for them to be laid out two by two."""
SHORT_OPTION = 32
"""The most characters every option may have for them to be laid out two by two."""


def quiz_slides(slide: Slide, mode: QuizMode, words: Words) -> tuple[Slide, ...]:
    """Return the slides a question's page becomes in ``mode`` (``slide`` itself when its page
    asks no question)."""
    question = slide.question
    if question is None:
        return (slide,)
    notes = answer_notes(question, words, slide.notes)
    stem, after, answered = besides(slide.body, len(question.options))
    slide = replace(slide, asked=(*question_blocks(question, stem), *after))
    asked = shown(slide, slide.asked, View.QUESTION, notes)
    said = (Paragraph(question.said),) if question.said else ()
    revealing = (*reveal_blocks(question, stem), *after, *said, *answered)
    if mode is QuizMode.REVEAL:
        title = (*slide.title, Run(f" \u2013 {words.answer}"))
        revealed = shown(slide, revealing, View.REVEAL, notes)
        return asked, replace(revealed, title=title)
    if mode is QuizMode.NOTES:
        return (asked,)
    if mode is QuizMode.ANSWERS:
        return (shown(slide, revealing, View.ANSWERED, notes),)
    assert_never(mode)


def besides(
    body: tuple[Block, ...], options: int
) -> tuple[tuple[Block, ...], tuple[Block, ...], tuple[Block, ...]]:
    """Return what a question's page shows besides its ``options`` (how many) and answer: its
    ``stem``, the paragraphs and headings asking it with the code, tables and pictures among
    and after them (``What does this print?``), in the order written; what is written after
    its options (paragraphs, lists, headings); and what follows its ``Answer:`` line, which
    explains the answer (``Explanation: B, because...``). A question's slides keep the first
    two (``stated``), its reveal the third too; nothing of the page is left out. Code, a table
    or a picture written under an option (its explanation's) is none of them."""
    first, last = option_span(body, options)
    stem = [block for block in body[:first] if not isinstance(block, Bullet)]
    after: list[Block] = []
    answered: list[Block] = []
    for block in body[last + 1 :]:
        if answered or is_answer_line(block):
            answered.append(block)
        elif isinstance(block, Code | Table | Image) and not nested(block):
            stem.append(block)
        else:
            after.append(block)
    # The ``Answer:`` line left out (an ``Answer`` heading and the line under it).
    line = 2 if answered and isinstance(answered[0], Subheading) else 1
    return tuple(stem), tuple(after), tuple(answered[line:])


def is_answer_line(block: Block) -> bool:
    """Return whether a block is an ``Answer: B`` paragraph of the page (not of an option), or
    an ``Answer`` heading over one."""
    if isinstance(block, Subheading):
        return ANSWER_HEADING.match(plain_text(block.runs)) is not None
    return (
        isinstance(block, Paragraph)
        and block.level == 0
        and ANSWER.match(plain_text(block.runs)) is not None
    )


def option_span(body: tuple[Block, ...], options: int) -> tuple[int, int]:
    """Return where a question's options start and end among its page's ``body``: from the
    first item of its first list, ``options`` items and what is nested under them (the page's
    first list is its options); ``(len(body), -1)`` when it has none."""
    first = next((i for i, b in enumerate(body) if isinstance(b, Bullet | Columns)), None)
    if first is None:
        return len(body), -1
    if isinstance(body[first], Columns):  # the options set side by side by hand
        return first, first
    last, count = first, 0
    for index in range(first, len(body)):
        block = body[index]
        if not nested(block):
            if not isinstance(block, Bullet) or count == options:
                break
            count += 1
        last = index
    return first, last


def nested(block: Block) -> bool:
    """Return whether a block is written inside a list item (an option's explanation), or in
    an option's line (its picture: ``- A) ![A bar chart](chart-a.png)``)."""
    if isinstance(block, Image):
        return block.inline
    return isinstance(block, Paragraph | Bullet | Code | Table) and block.level > 0


def stated(question: Question, stem: tuple[Block, ...], scale: float = 1.0) -> tuple[Block, ...]:
    """Return how a question is asked: its ``stem`` (``besides``), its paragraphs at ``scale``;
    or, where no paragraph asks it (a ``Question 3: Which...`` heading does), its prompt
    first."""
    if not any(isinstance(block, Paragraph) for block in stem):
        return (Paragraph(question.prompt, scale=scale), *stem)
    return tuple(
        replace(block, scale=scale) if isinstance(block, Paragraph) else block for block in stem
    )


def shown(slide: Slide, body: tuple[Block, ...], view: View, notes: str) -> Slide:
    """Return ``slide`` showing ``body`` as ``view``, with ``notes``."""
    return replace(slide, layout=layout_of(body), body=body, notes=notes, view=view)


def question_blocks(question: Question, stem: tuple[Block, ...] = ()) -> tuple[Block, ...]:
    """Return what a question slide shows: the question as asked (``stated``), then the
    lettered options, in two columns of two when they are four and short."""
    prompt = stated(question, stem, PROMPT_SCALE)
    options = [Bullet(option.runs, letter=option.letter) for option in question.options]
    if len(options) == GRID_OPTIONS and all(
        len(plain_text(option.runs)) <= SHORT_OPTION for option in question.options
    ):
        half = GRID_OPTIONS // 2
        left, right = Column((), tuple(options[:half])), Column((), tuple(options[half:]))
        return (*prompt, Columns(left, right))
    return (*prompt, *options)


def reveal_blocks(question: Question, stem: tuple[Block, ...] = ()) -> tuple[Block, ...]:
    """Return what a reveal slide shows: the question as asked (``stated``), each option marked
    right (a check mark, in the accent) or muted, its explanation small under it."""
    blocks = list(stated(question, stem, PROMPT_SCALE))
    for option in question.options:
        tone = Tone.ACCENT if option.correct else Tone.MUTED
        runs = toned(option.runs, tone, bold=option.correct)
        if option.correct:
            # After the text: the mark comes from a fallback font, which renderers give the
            # space after it too, and so would start the text at different places.
            runs = (*runs, Run(f" {CHECK}", Style(bold=True, tone=tone)))
        blocks.append(Bullet(runs, letter=option.letter))
        if option.explanation:
            explained = option.explanation if option.correct else toned(option.explanation, tone)
            blocks.append(Paragraph(explained, level=1, scale=EXPLANATION_SCALE))
    return tuple(blocks)


def toned(runs: Runs, tone: Tone, bold: bool = False) -> Runs:
    """Return ``runs`` drawn in ``tone`` (and bold, if ``bold``)."""
    return tuple(
        Run(run.text, replace(run.style, tone=tone, bold=run.style.bold or bold)) for run in runs
    )


def answer_notes(question: Question, words: Words, notes: str) -> str:
    """Return a question slide's speaker notes: the author's ``notes``, then the right letters
    and each option with its explanation, the right ones checked, and what the ``Answer:``
    line and the paragraphs after it say of the answer."""
    lines = [f"{words.answer}: {', '.join(question.correct) or '?'}"]
    lines.extend(option_line(option) for option in question.options)
    lines.extend(spoken_text(said) for said in (question.said, question.then) if said)
    answer = "\n".join(lines)
    return f"{notes}\n\n{answer}" if notes.strip() else answer


def option_line(option: Option) -> str:
    """Return one option's line in the notes: ``✓ B) VPC Peering: why``; an option that ends
    in a full stop, a question or exclamation mark is followed by its explanation without a
    colon (``B) Add a read replica. Multi-AZ gives...``)."""
    mark = f"{CHECK} " if option.correct else ""
    text = spoken_text(option.runs)  # an icon in its line as its alt text: notes are text
    line = f"{mark}{option.letter}) {text}"
    if option.explanation:
        joint = " " if text.rstrip().endswith((".", "?", "!", ":", "…")) else ": "
        line += f"{joint}{spoken_text(option.explanation)}"
    return line
