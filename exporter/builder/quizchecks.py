"""build: a quiz question's source lines, and the warnings its options deserve.

Lines are found in the page's Markdown: the question's first line, then each option as the next
list item at the options' indent, so that every warning names ``file:line``. The problems: no
option marked correct, an ``Answer:`` line the options' own marks disagree with, a letter used
twice, letters out of order (or skipping one), and an explanation naming another option as
the correct one when that option is not marked so.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from exporter.errors import Diagnostic, warning
from exporter.model import Option, Question, Runs, inline_icons, plain_text
from exporter.source import Page

ITEM = re.compile(r"^( {0,3})(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
NAMED = (
    re.compile(r"\b(?:option\s+|answer\s+)?\(?([A-Z])\)?\s+is\s+(?:the\s+)?(?:correct|right)\b"),
    re.compile(r"\b(?:correct|right)\s+(?:answer|option|choice)\s+is\s+(?:option\s+)?\(?([A-Z])\b"),
    re.compile(r"\banswer\s*:\s*\(?([A-Z])\b", re.I),
)


def placed(question: Question, page: Page) -> Question:
    """Return ``question`` with its line and its options' lines, found in ``page``."""
    lines = page.text.split("\n")
    start = next((i for i, text in enumerate(lines) if text.strip()), 0)
    first = next((i for i in range(start, len(lines)) if ITEM.match(lines[i])), None)
    if first is None:
        return replace(question, line=page.line + start)
    found = ITEM.match(lines[first])
    indent = found.group(1) if found else ""
    items = [i for i in range(first, len(lines)) if at_indent(lines[i], indent)]
    options = tuple(
        lined(option, items[n] if n < len(items) else first, lines, page.line)
        for n, option in enumerate(question.options)
    )
    return replace(question, line=page.line + start, options=options)


def lined(option: Option, index: int, lines: list[str], first: int) -> Option:
    """Return ``option`` on its source line (``index`` in its page's ``lines``, the first of
    which is file line ``first``), the icons in its text there too and those in its
    explanation each on the first line after it that names its picture (so that an icon
    written in both is two images, each drawn at its own size)."""
    runs = at_line(option.runs, lambda _: first + index)

    def found(src: str) -> int:
        later = (n for n in range(index + 1, len(lines)) if src in lines[n])
        return first + next(later, index + 1)

    explanation = None if option.explanation is None else at_line(option.explanation, found)
    return replace(option, line=first + index, runs=runs, explanation=explanation)


def at_line(runs: Runs, line_of: Callable[[str], int]) -> Runs:
    """Return ``runs`` with each icon in them (``Style.icon``) on the line ``line_of`` finds
    for its address."""
    return tuple(
        run
        if run.style.icon is None
        else replace(
            run,
            style=replace(
                run.style, icon=replace(run.style.icon, line=line_of(run.style.icon.src))
            ),
        )
        for run in runs
    )


def at_indent(line: str, indent: str) -> bool:
    """Return whether ``line`` opens a list item exactly ``indent`` deep."""
    found = ITEM.match(line)
    return found is not None and found.group(1) == indent


def noted_icons(question: Question) -> Iterator[Diagnostic]:
    """Yield a warning, at the first option holding one, where a question's options or their
    explanations hold icons inside their lines: its slides draw them, but its speaker notes,
    which repeat the options, hold text only (a notes page has no picture inside a line of
    text), so each is written there as its alt text."""
    icons = [
        (o, i) for o in question.options for i in inline_icons((*o.runs, *(o.explanation or ())))
    ]
    if not icons:
        return
    named = ", ".join(dict.fromkeys(repr(icon.alt) for _, icon in icons))
    message = (
        f"question {question.number}: the icons in its options or their explanations "
        f"({named}) are drawn on its "
        "slides, but its speaker notes hold text only, so there they read as their alt text"
    )
    yield warning("icon-as-text", message, icons[0][0].line)


def check_question(question: Question) -> Iterator[Diagnostic]:
    """Yield a warning for each problem of ``question``, at the line it is on."""
    name = f"question {question.number}"
    if not question.correct:
        message = f"{name} has no option marked correct (Correct:, [x] or an Answer: line)"
        yield warning("quiz-no-answer", message, question.line)
    for option in question.options:
        if option.unnamed:
            message = (
                f"{name}: option {option.letter} is a picture with no alt text, shown by its "
                f"file's name; describe it: {option.letter}) ![what it shows]({option.unnamed})"
            )
            yield warning("no-alt", message, option.line)
    yield from noted_icons(question)
    seen: set[str] = set()
    for option in question.options:
        if option.letter in seen:
            message = f"{name}: the letter {option.letter} is used for two options"
            yield warning("quiz-letter-twice", message, option.line)
        seen.add(option.letter)
    if question.disputed:
        letters = ", ".join(question.disputed)
        message = (
            f"{name}: its Answer: line and the marks on its options disagree on {letters} "
            f"(each is shown right as the line says, or as a ticked box or Correct: mark "
            "says where the line leaves it out): make them agree"
        )
        yield warning("quiz-disputed", message, question.line)
    yield from check_order(question, name)
    for option in question.options:
        yield from check_explanation(question, option, name)


def check_order(question: Question, name: str) -> Iterator[Diagnostic]:
    """Yield a warning when the options' letters are out of order or skip one."""
    letters = list(dict.fromkeys(option.letter for option in question.options))
    expected = [chr(ord("A") + n) for n in range(len(letters))]
    if letters == expected:
        return
    wrong = next(n for n, letter in enumerate(letters) if letter != expected[n])
    option = next(o for o in question.options if o.letter == letters[wrong])
    message = (
        f"{name}: the options are lettered {', '.join(letters)}, out of order "
        f"(expected {', '.join(expected)})"
    )
    yield warning("quiz-letter-order", message, option.line)


def check_explanation(question: Question, option: Option, name: str) -> Iterator[Diagnostic]:
    """Yield a warning when ``option``'s explanation names another option as correct that is
    not marked correct."""
    if option.explanation is None:
        return
    text = plain_text(option.explanation)
    for pattern in NAMED:
        for found in pattern.finditer(text):
            letter = found.group(1).upper()
            if letter != option.letter and letter not in question.correct:
                message = (
                    f"{name}: the explanation of option {option.letter} names {letter} as "
                    f"correct, but {letter} is not marked correct"
                )
                yield warning("quiz-explanation", message, option.line)
                return
