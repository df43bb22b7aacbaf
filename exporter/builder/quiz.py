"""build: a page's tokens → a quiz ``Question``, its answer read from the marks on its options.

A page is a question when it asks something (a ``Question N`` heading, or its first paragraph)
and offers a list of lettered options (``A)``, ``A.``, ``(a)``, ``a)``) or task-list options
(``- [ ]`` / ``- [x]``), the answer marked by a nested ``Correct:`` / ``Incorrect:`` line (bold
or not, the colon inside the bold or after it), an ``[x]`` box or an ``Answer: B`` line after
the list. Several options may be correct; true/false is two options. Outside a quiz, a page
needs such a mark to be a question (a guide's ``A) Open the console`` list is not one, nor is
a checklist); in a quiz (``Mode.QUIZ``), lettered options are enough, so that a question whose
answer was never marked is found and reported (``quizchecks``).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import assert_never

from exporter import tokens as t
from exporter.builder.inline import to_runs
from exporter.builder.quizchecks import check_question, placed
from exporter.errors import Diagnostic
from exporter.model import PLAIN, Option, Question, Run, Runs, plain_text
from exporter.source import Meta, Page

QUESTION_HEADING = re.compile(r"^\s*(?:question|q)\s*\.?\s*(\d+)\s*[:.)\-\u2013\u2014]?\s*", re.I)
LETTER = re.compile(r"^\s*(?:\(([A-Za-z])\)|([A-Za-z])[).])(?:\s+|$)")
TASK = re.compile(r"^\s*\[([ xX])\](?:\s+|$)")
MARK = re.compile(r"^\s*(correct|incorrect)\b\s*(?:[:\-\u2013\u2014]\s*)?", re.I)
MARK_PUNCTUATED = re.compile(r"^\s*(?:correct|incorrect)\s*[:\-\u2013\u2014]", re.I)
ANSWER = re.compile(
    r"^\s*(?:(?:the\s+)?correct\s+)?answers?\s*(?:is|are)?\s*[:\-]\s*(.+?)\s*$", re.I
)
NOT_A_QUIZ = frozenset({"false", "no", "off"})
"""Front matter ``quiz`` values that say the lesson is not a quiz."""
ANSWER_SEPARATOR = re.compile(r"\s*(?:,|;|/|&|\band\b)\s*", re.I)


class Mode(enum.Enum):
    """How much a page must show to be a question."""

    LESSON = "lesson"
    """An ordinary lesson: the answer must be marked (a check for understanding)."""
    QUIZ = "quiz"
    """A quiz: lettered options are enough."""


@dataclass(frozen=True)
class Marked:
    """An option as read from its list item, before its letter is settled."""

    letter: str | None
    """Its letter as written (``b`` of ``b)``), ``None`` when it has none."""
    runs: Runs
    correct: bool | None
    """What its nested line or its box says: right, wrong, or nothing (``None``)."""
    explanation: Runs | None
    boxed: bool
    """Whether it opens with a task box."""


def read_question(tokens: t.Blocks, number: int, mode: Mode) -> Question | None:
    """Return the question a page of ``tokens`` asks (``None``: it is not one).

    ``number`` numbers a question without a ``Question N`` heading. Lines are left at 0 for
    ``quizlines`` to fill in.
    """
    at = next((i for i, b in enumerate(tokens) if isinstance(b, t.ListBlock)), None)
    if at is None:
        return None
    items = tokens[at]
    assert isinstance(items, t.ListBlock)
    heading, prompt = prompt_of(tokens[:at])
    if heading is not None:
        number = heading
    options = options_of(items)
    if options is None:  # plain items, named by an Answer: line after them
        loose = options_of(items, answered=True)
        if loose is not None and answer_of(tokens[at + 1 :], loose) is not None:
            options = loose
    if not prompt or options is None or len(options) < 2:
        return None
    answer = answer_of(tokens[at + 1 :], options)
    if mode is Mode.LESSON and not marked(options, answer, heading is not None):
        return None
    if (
        mode is Mode.QUIZ
        and all(o.letter is None for o in options)
        and not marked(options, answer, True)
    ):
        return None
    return Question(number, prompt, settled(options, answer), 0)


def prompt_of(tokens: t.Blocks) -> tuple[int | None, Runs]:
    """Return the number of a ``Question N`` heading among ``tokens`` (the blocks before the
    options) and what they ask: the paragraphs, else the heading's text after ``Question N``."""
    number: int | None = None
    asked: Runs = ()
    lead: Runs = ()
    for block in tokens:
        if isinstance(block, t.Heading) and not lead and number is None and not asked:
            runs = to_runs(block.children)
            found = QUESTION_HEADING.match(plain_text(runs))
            if found is None:
                continue  # a title such as "Check your understanding"
            number = int(found.group(1))
            asked = dropped(runs, found.end())
        elif isinstance(block, t.Paragraph):
            runs = to_runs(block.children)
            lead = (*lead, Run(" "), *runs) if lead else runs
    return number, lead or asked


def options_of(items: t.ListBlock, answered: bool = False) -> list[Marked] | None:
    """Return the options of a list, or ``None`` when its items are not all options: all
    lettered, all task boxes, or all marked right or wrong by a nested line; or, when an
    ``Answer:`` line follows the list (``answered``), plain items (``- True`` / ``- False``)."""
    options = [option_of(item) for item in items.items]
    if any(option is None for option in options):
        return None
    found = [option for option in options if option is not None]
    if all(o.letter is not None for o in found) or all(o.boxed for o in found):
        return found
    if all(o.correct is not None and o.letter is None for o in found):
        return found
    if answered and all(o.correct is None and o.letter is None for o in found):
        return found
    return None


def option_of(item: t.ListItem) -> Marked | None:
    """Return one list item as an option (``None``: it has no text to be one).

    The option's text wraps over as many lines as it was written on, up to a line that marks
    it right or wrong (``Correct: because``); that mark, or the first of its nested paragraphs
    and items that is one, gives its explanation, every line of it."""
    if not item.children or not isinstance(item.children[0], t.Paragraph):
        return None
    paragraph = item.children[0].children
    cut = marked_line(paragraph, skip_first=True)
    runs = to_runs(paragraph if cut is None else paragraph[: cut - 1])  # the break left out
    box = TASK.match(plain_text(runs))
    if box is not None:
        runs = dropped(runs, box.end())
    letter = LETTER.match(plain_text(runs))
    if letter is not None:
        runs = dropped(runs, letter.end())
    if not runs:
        return None
    verdict = verdict_of(to_runs(paragraph[cut:])) if cut is not None else None
    rest = item.children[1:]  # what goes on explaining after the marked line
    for inlines, after in nested_paragraphs(item.children[1:]):
        if verdict is not None:
            break
        at = marked_line(inlines, skip_first=False)
        verdict = verdict_of(to_runs(inlines[at:])) if at is not None else None
        rest = after
    if verdict is not None:
        verdict = verdict[0], (*verdict[1], *further(rest))
    correct = verdict[0] if verdict else None
    if box is not None and box.group(1) != " ":
        correct = True
    elif correct is None and box is not None:
        correct = False
    written = (letter.group(1) or letter.group(2)) if letter else None
    return Marked(written, runs, correct, verdict[1] if verdict else None, box is not None)


def marked_line(inlines: t.Inlines, skip_first: bool) -> int | None:
    """Return where the first line of a paragraph's inline tokens that marks an option right or
    wrong starts (``None``: no line does); its first line is not looked at if ``skip_first``.
    Each line is read once, however long the paragraph."""
    start = 0
    for end in (*(i for i, token in enumerate(inlines) if is_break(token)), len(inlines)):
        looked = start > 0 or not skip_first
        if looked and verdict_of(to_runs(inlines[start:end])) is not None:
            return start
        start = end + 1
    return None


def is_break(token: t.Inline) -> bool:
    """Return whether an inline token ends a line (soft or hard)."""
    return isinstance(token, t.SoftBreak | t.LineBreak)


def nested_paragraphs(blocks: t.Blocks) -> list[tuple[t.Inlines, t.Blocks]]:
    """Return the inline tokens of an option's nested paragraphs and of its nested list items'
    first paragraphs, in order, each with the blocks after it that would go on explaining
    it (those after a paragraph of the option; a list item's own further blocks)."""
    found: list[tuple[t.Inlines, t.Blocks]] = []
    for index, block in enumerate(blocks):
        if isinstance(block, t.Paragraph):
            found.append((block.children, blocks[index + 1 :]))
        elif isinstance(block, t.ListBlock):
            for item in block.items:
                if item.children and isinstance(item.children[0], t.Paragraph):
                    found.append((item.children[0].children, item.children[1:]))
    return found


def further(blocks: t.Blocks) -> Runs:
    """Return the runs of the blocks that go on an explanation after its marked line (its
    further paragraphs, a quote, a list, code), each line of them after a line break."""
    runs: list[Run] = []
    for line in (line for block in blocks for line in block_lines(block)):
        if line:
            runs += [Run("\n"), *line]
    return tuple(runs)


def block_lines(block: t.Block) -> Iterator[Runs]:
    """Yield the lines of a block as an explanation shows it: a paragraph, a quote's (in
    italics) or a list's paragraphs (each item after its bullet or number), code as code, a
    table's rows."""
    match block:
        case t.Paragraph(children) | t.Heading(_, children):
            yield to_runs(children)
        case t.Quote(children):  # in italics, as a note set apart from the explanation
            for inner in children:
                for line in block_lines(inner):
                    yield tuple(replace(run, style=replace(run.style, italic=True)) for run in line)
        case t.ListBlock(items, ordered, start):
            for number, item in enumerate(items, start=start):
                mark = f"{number}. " if ordered else "\u2022 "
                for index, line in enumerate(
                    line for inner in item.children for line in block_lines(inner)
                ):
                    yield (Run(mark), *line) if index == 0 else line
        case t.CodeBlock(text, _):
            yield (Run(text.rstrip("\n"), replace(PLAIN, code=True)),)
        case t.Table(head, rows):
            for cells in (head, *rows):
                shown = [to_runs(cell.children) for cell in cells]
                yield tuple(
                    run
                    for index, runs in enumerate(shown)
                    for run in ((Run(" \u00b7 "), *runs) if index else runs)
                )
        case t.Html(raw):
            yield (Run(raw.strip()),)
        case t.Rule() | t.Comment():
            return
        case _:
            assert_never(block)


def verdict_of(runs: Runs) -> tuple[bool, Runs] | None:
    """Return whether a ``Correct:`` / ``Incorrect:`` line says right, and its explanation.

    Bold or italic, the word alone is a mark (``**Correct**``, ``**Correct:**``); plain, it
    needs a colon or a dash after it, so that "Correct choice for tests" is no mark.
    """
    text = plain_text(runs)
    found = MARK.match(text)
    if found is None:
        return None
    styled = bool(runs) and (runs[0].style.bold or runs[0].style.italic)
    if not styled and MARK_PUNCTUATED.match(text) is None:
        return None
    word = found.group(1).casefold()
    return word == "correct", dropped(runs, found.end())


def answer_of(tokens: t.Blocks, options: Sequence[Marked]) -> tuple[int, ...] | None:
    """Return the places of the options an ``Answer: B`` paragraph after the list names
    (``None`` when there is no such paragraph); an answer may name an option by its text
    (``Answer: True``)."""
    for block in tokens:
        if not isinstance(block, t.Paragraph):
            continue
        found = ANSWER.match(plain_text(to_runs(block.children)))
        if found is None:
            continue
        places = [place_of(part, options) for part in ANSWER_SEPARATOR.split(found.group(1))]
        if places and all(place is not None for place in places):
            return tuple(place for place in places if place is not None)
    return None


def place_of(named: str, options: Sequence[Marked]) -> int | None:
    """Return the place of the option ``named`` (a letter or its text) names."""
    named = named.strip().strip(".").strip()
    lettered = LETTER.match(named)  # "B) VPC Peering", "(b) ...": the letter says it
    if lettered is not None:
        named = lettered.group(1) or lettered.group(2)
    named = named.strip("()").strip()
    for place, option in enumerate(options):
        letter = option.letter or chr(ord("A") + place)
        if named.casefold() in (letter.casefold(), plain_text(option.runs).casefold()):
            return place
    return None


def marked(options: Sequence[Marked], answer: tuple[int, ...] | None, boxes: bool) -> bool:
    """Return whether the options' answer is marked: by a ``Correct:`` / ``Incorrect:`` line
    or an ``Answer:`` line, or, where ``boxes`` count, by a task list with a box ticked (in a
    quiz, or under a ``Question N`` heading: elsewhere a ticked list is a checklist, "Have
    you done all of this?", not a question)."""
    if answer is not None or any(
        o.correct is not None and (not o.boxed or o.explanation is not None) for o in options
    ):
        return True
    return boxes and all(o.boxed for o in options) and any(o.correct for o in options)


def settled(options: Sequence[Marked], answer: tuple[int, ...] | None) -> tuple[Option, ...]:
    """Return the options with their letters in capitals (by place when unlettered) and
    their correctness from every mark."""
    return tuple(
        Option(
            (option.letter or chr(ord("A") + place)).upper(),
            option.runs,
            bool(option.correct) or (answer is not None and place in answer),
            option.explanation,
        )
        for place, option in enumerate(options)
    )


def dropped(runs: Runs, count: int) -> Runs:
    """Return ``runs`` without their first ``count`` characters and the white space after."""
    kept: list[Run] = []
    for run in runs:
        if count >= len(run.text):
            count -= len(run.text)
            continue
        kept.append(Run(run.text[count:], run.style))
        count = 0
    if kept:
        kept[0] = Run(kept[0].text.lstrip(), kept[0].style)
    return tuple(run for run in kept if run.text)


@dataclass(frozen=True)
class Quiz:
    """What a lesson's pages ask."""

    quiz: bool
    """Whether the lesson is a quiz: its front matter says so, or most pages are questions."""
    questions: tuple[Question | None, ...]
    """Each page's question (``None``: the page asks none), its lines filled in."""
    problems: tuple[tuple[Diagnostic, ...], ...]
    """Each page's question's warnings."""
    number: str | None = None
    """The front matter's ``quiz`` number, when it gives one and the lesson is a quiz."""


def read_quiz(meta: Meta, pages: Sequence[Page], tokens: Sequence[t.Blocks]) -> Quiz:
    """Return the questions of a lesson's pages, and whether it is a quiz."""
    number = meta.quiz if meta.quiz and meta.quiz.casefold() not in NOT_A_QUIZ else None
    declared = number is not None or (meta.layout or "").casefold() == "quiz"
    asked = numbered(tokens, Mode.LESSON)
    quiz = declared or 2 * sum(q is not None for q in asked) > len(pages)
    if quiz:
        asked = numbered(tokens, Mode.QUIZ)
    questions = tuple(
        None if q is None else placed(q, page) for q, page in zip(asked, pages, strict=True)
    )
    problems = tuple(() if q is None else tuple(check_question(q)) for q in questions)
    return Quiz(quiz, questions, problems, number if quiz else None)


def numbered(tokens: Sequence[t.Blocks], mode: Mode) -> list[Question | None]:
    """Return each page's question as ``mode`` reads it. A question without a ``Question N``
    heading takes the number after the question before it (1 for the first), so that a quiz
    that numbers some headings and not others still counts on from the last one written."""
    found: list[Question | None] = []
    last = 0
    for page in tokens:
        question = read_question(page, last + 1, mode)
        found.append(question)
        last = question.number if question is not None else last
    return found
