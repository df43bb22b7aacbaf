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
from dataclasses import dataclass

from exporter import tokens as t
from exporter.builder.blocks import icon_runs, worded
from exporter.builder.inline import inline_text, to_runs
from exporter.builder.quizanswers import (
    Marked,
    answer_of,
    further,
    marked,
    no_line,
    settled,
    verdict_of,
)
from exporter.builder.quizchecks import check_question, placed
from exporter.builder.quizwords import (
    ANSWER,
    LETTER,
    MARK_PUNCTUATED,
    NOT_A_QUIZ,
    QUESTION_HEADING,
    SYMBOLS,
    TASK,
    TRAILING_SYMBOL,
    dropped,
    is_break,
    question_label,
    text_lines,
)
from exporter.errors import Diagnostic, warning
from exporter.model import Question, Run, Runs, Style, head_of, plain_text
from exporter.source import Meta, Page


def lettered_page(tokens: t.Blocks) -> bool:
    """Return whether a page's ``tokens`` hold a list of lettered options (``- A) 80``)."""
    return any(
        isinstance(block, t.ListBlock)
        and (options := options_of(block)) is not None
        and all(option.letter is not None for option in options)
        for block in tokens
    )


class Mode(enum.Enum):
    """How much a page must show to be a question."""

    LESSON = "lesson"
    """An ordinary lesson: the answer must be marked (a check for understanding)."""
    QUIZ = "quiz"
    """A quiz: lettered options are enough."""


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
    options = options_of(items)
    if options is None:  # plain items, named by an Answer: line after them
        loose = options_of(items, answered=True)
        if loose is not None and answer_of(tokens[at + 1 :], loose) is not None:
            options = loose
    lettered = options is not None and all(o.letter is not None for o in options)
    heading, prompt = prompt_of(tokens[:at], lettered)
    if heading is not None:
        number = heading
    if not prompt or options is None or len(options) < 2:
        return None
    answer = answer_of(tokens[at + 1 :], options)
    places = None if answer is None else answer.places
    bare = heading is not None and prompt_of(tokens[:at])[0] is None  # ``## 2. ...``
    if bare and answer is None and not asks(prompt, options):
        return None  # a numbered page over lettered points (``## 1. Before you start``)
    if mode is Mode.LESSON and not marked(options, places, heading is not None):
        return None
    if (
        mode is Mode.QUIZ
        and all(o.letter is None for o in options)
        and not marked(options, places, True)
    ):
        return None
    said, then = ((), ()) if answer is None else (answer.said, answer.then)
    shown = settled(options, places)
    disputed = tuple(
        option.letter
        for place, (mark, option) in enumerate(zip(options, shown, strict=True))
        if places is not None
        and mark.correct is not None
        and not (mark.boxed and not mark.correct)  # an empty box marks nothing
        and mark.correct != (place in places)
    )
    return Question(number, prompt, shown, 0, said, then, disputed)


def asks(prompt: Runs, options: Sequence[Marked]) -> bool:
    """Return whether a page under a heading numbered without the word (``## 2. ...``) asks a
    question: its prompt has a question mark, or an option is marked right or wrong (or an
    ``Answer:`` line names one)."""
    text = plain_text(prompt)
    return "?" in text or "\uff1f" in text or any(o.correct is not None for o in options)


def prompt_of(tokens: t.Blocks, lettered: bool = False) -> tuple[int | None, Runs]:
    """Return the number of a ``Question N`` heading among ``tokens`` (the blocks before the
    options; before ``lettered`` options, ``2.`` is such a heading too) and what they ask: the
    paragraphs, else the heading's text after ``Question N``."""
    number: int | None = None
    asked: Runs = ()
    lead: Runs = ()
    for block in tokens:
        if isinstance(block, t.Heading) and not lead and number is None and not asked:
            runs = to_runs(block.children)
            found = question_label(plain_text(runs), lettered)
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
    and items that is one, gives its explanation, every line of it; where none is, what is
    nested under it is its explanation, leaving it unmarked."""
    if not item.children or not isinstance(item.children[0], t.Paragraph):
        return None
    paragraph = item.children[0].children
    cut = marked_line(paragraph, skip_first=True)
    # The break left out; each picture among its words an icon in its line, at line 0 till
    # ``quizchecks.placed`` finds the option's line.
    runs = icon_runs(paragraph if cut is None else paragraph[: cut - 1], no_line)
    box = TASK.match(plain_text(runs))
    if box is not None:
        runs = dropped(runs, box.end())
    letter = LETTER.match(plain_text(runs))
    if letter is not None:
        runs = dropped(runs, letter.end())
    tail = TRAILING_SYMBOL.search(plain_text(runs))
    if tail is not None:  # ``Fargate ✅``
        runs = head_of(runs, tail.start())
    unnamed = ""
    if not worded(runs):  # pictures alone: the option is a picture, shown by its alt text
        shown = paragraph if cut is None else paragraph[: cut - 1]
        runs = pictured(shown)
        unnamed = next((i.url for i in images_of(shown) if not inline_text(i.children).strip()), "")
    under = item.children[1:]
    if not runs and cut is None:
        runs, under = code_option(under)
    if not runs:
        return None
    verdict = verdict_of(icon_runs(paragraph[cut:], no_line)) if cut is not None else None
    rest = under  # what goes on explaining after the marked line
    for inlines, after in nested_paragraphs(under):
        if verdict is not None:
            break
        at = marked_line(inlines, skip_first=False)
        verdict = verdict_of(icon_runs(inlines[at:], no_line)) if at is not None else None
        rest = after
    if verdict is not None:
        verdict = verdict[0], (*verdict[1], *further(rest))
    explanation = verdict[1] if verdict else unmarked(under)
    correct = verdict[0] if verdict else None
    if correct is None and tail is not None:
        correct = SYMBOLS[tail.group(1)[0]]
    if box is not None and box.group(1) != " ":
        correct = True
    elif correct is None and box is not None:
        correct = False
    written = (letter.group(1) or letter.group(2)) if letter else None
    return Marked(written, runs, correct, explanation, box is not None, unnamed)


def code_option(blocks: t.Blocks) -> tuple[Runs, t.Blocks]:
    """Return an option written as a code block under its letter alone (``- A)`` over a
    fenced ``SELECT MIN(salary) FROM employees;``): its code as inline code, each of its lines
    a line of the option's text, and the blocks after it, which mark and explain it; ``()``
    and ``blocks`` where they open with no code."""
    match blocks:
        case (t.CodeBlock(text), *after) if text.strip():
            return (Run(text.strip("\n"), Style(code=True)),), tuple(after)
    return (), blocks


def pictured(inlines: t.Inlines) -> Runs:
    """Return the text of an option that is a picture (``- A) ![A bar chart](chart-a.png)``):
    its alt text, else its file's name (several pictures' one after another); ``()`` when it
    holds none. The option is lettered and marked as any other, and shown as that text."""
    names = [
        inline_text(image.children).strip() or image.url.rsplit("/", 1)[-1]
        for image in images_of(inlines)
    ]
    return (Run(", ".join(names)),) if names else ()


def images_of(inlines: t.Inlines) -> Iterator[t.Image]:
    """Yield the images among inline tokens, in a link or in bold too."""
    for token in inlines:
        match token:
            case t.Image():
                yield token
            case t.Link(_, children) | t.Strong(children) | t.Emphasis(children):
                yield from images_of(children)


def unmarked(blocks: t.Blocks) -> Runs | None:
    """Return what is written under an option that no line marks right or wrong (``- Off by
    one: too small.``): its explanation all the same, each line of it after the first on a
    line of its own; ``None`` where nothing is."""
    match blocks:
        case (t.ListBlock((item,), False, _), *after):  # one nested item: its text, no bullet
            blocks = (*item.children, *after)
    runs = further(blocks)[1:]  # its first line opens it, not a line break
    return runs or None


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


def quiz_declared(meta: Meta) -> bool:
    """Return whether a lesson's front matter says it is a quiz (``quiz:``, not ``false``, or
    ``layout: quiz``)."""
    number = meta.quiz if meta.quiz and meta.quiz.casefold() not in NOT_A_QUIZ else None
    return number is not None or (meta.layout or "").casefold() == "quiz"


def read_quiz(meta: Meta, pages: Sequence[Page], tokens: Sequence[t.Blocks]) -> Quiz:
    """Return the questions of a lesson's pages, and whether it is a quiz."""
    number = meta.quiz if meta.quiz and meta.quiz.casefold() not in NOT_A_QUIZ else None
    declared = quiz_declared(meta)
    asked = numbered(tokens, Mode.LESSON)
    quiz = declared or 2 * sum(q is not None for q in asked) > len(pages)
    if quiz:
        asked = numbered(tokens, Mode.QUIZ)
    questions = tuple(
        None if q is None else placed(q, page) for q, page in zip(asked, pages, strict=True)
    )
    problems = tuple(
        (unread(page, page_tokens) if quiz else ())
        if q is None
        else (*check_question(q), *more_options(page, page_tokens, q))
        for q, page, page_tokens in zip(questions, pages, tokens, strict=True)
    )
    return Quiz(quiz, questions, problems, number if quiz else None)


def unread(page: Page, tokens: t.Blocks) -> tuple[Diagnostic, ...]:
    """Return a warning for a page of a quiz that marks an answer (a ``Correct:`` /
    ``Incorrect:`` line or an ``Answer:`` line) and looks like a question (a ``Question N``
    heading, or lettered lines) but asks none the reader could read: its options written as
    lines rather than list items, say. Its slide then shows the marks as text (the students'
    edition leaves them out)."""
    headings = [b for b in tokens if isinstance(b, t.Heading)]
    lines = list(text_lines(tokens))
    asked = any(QUESTION_HEADING.match(inline_text(h.children)) for h in headings) or any(
        LETTER.match(line) for line in lines
    )
    if not asked:  # a page about the quiz (``- Correct: 2 points.``), not one of its questions
        return ()
    for line in lines:
        if MARK_PUNCTUATED.match(line) or ANSWER.match(line):
            excerpt = line.strip()[:40]
            message = (
                f'this page marks an answer ("{excerpt}") but no question is read from it: '
                "write its options as a list, one item each (- A) ...), each option's "
                "Correct: or Incorrect: line nested under it"
            )
            return (warning("quiz-unread", message, page.shown_line(written(excerpt))),)
    return ()


def written(text: str) -> re.Pattern[str]:
    """Return a pattern that finds ``text`` (read from the page's tokens) as it is written:
    its words and marks with emphasis or code marks between them (``**Correct:** SSH``)."""
    pieces = re.findall(r"\w+|[^\w\s]", text)
    return re.compile(r"[*_`\s]*".join(re.escape(piece) for piece in pieces))


def more_options(page: Page, tokens: t.Blocks, question: Question) -> tuple[Diagnostic, ...]:
    """Return a warning for a question's page that offers a second list of lettered options,
    one of them marked (another question under a heading not read as one: ``### F2.``,
    ``## Question Two``): it is shown as the question's text, its marks too, the answer given
    away on the question's slide. It names the line of that list's first option."""
    lists = [options_of(block) for block in tokens if isinstance(block, t.ListBlock)]
    for index, options in enumerate(lists[1:], 1):
        if (
            options is not None
            and len(options) >= 2
            and all(option.letter is not None for option in options)
            and any(option.correct is not None for option in options)
        ):
            first = options[0]
            # The lists before it that open with the same option (True / False) come first.
            same = sum(1 for earlier in lists[:index] if earlier and same_option(earlier[0], first))
            message = (
                f"a second list of options follows question {question.number}'s, shown on "
                "its slides as text, its marks too: start each question with a heading of its "
                "own (## Question N) or a <!-- pagebreak -->"
            )
            at = page.shown_line(option_pattern(first), same)
            return (warning("quiz-unread", message, at),)
    return ()


def same_option(one: Marked, other: Marked) -> bool:
    """Return whether two options are written alike: the same letter and text."""
    return (one.letter, plain_text(one.runs)) == (other.letter, plain_text(other.runs))


def option_pattern(option: Marked) -> re.Pattern[str]:
    """Return a pattern that finds the list item of ``option`` as it is written: its letter,
    then the first words of its text's first line, emphasis or code marks between them
    (``written``)."""
    words = plain_text(option.runs).split("\n")[0].strip()[:40]
    text = written(words).pattern if words else ""
    letter = re.escape(option.letter or "")
    return re.compile(rf"^[ \t]*[-*+][ \t]+\(?{letter}[).][ \t]*[*_`]*{text}", re.MULTILINE)


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
