"""build: a question's answer: the marks on its options (``Correct:``, ``[x]``, ✅), an
``Answer: B`` line after them (options named by letter, by their text, or several letters
together), and how the two settle into the options a question counts right.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import assert_never

from exporter import tokens as t
from exporter.builder.blocks import icon_runs
from exporter.builder.inline import inline_text, to_runs
from exporter.builder.quizwords import (
    ANSWER,
    ANSWER_HEADING,
    ANSWER_SEPARATOR,
    BOUNDARY,
    LETTER_RUN,
    MARK,
    MARK_PUNCTUATED,
    NAMED_LETTER,
    NEXT_WORD,
    OPENING,
    SAYS_SO,
    SYMBOL_MARK,
    SYMBOLS,
    VERDICTS,
    WORD_LETTERS,
    dropped,
)
from exporter.model import PLAIN, Option, Run, Runs, plain_text


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
    unnamed: str = ""
    """The address of the picture the option is, where it has no alt text to be shown by."""


def no_line(needle: str | re.Pattern[str], use: object | None = None) -> int:
    """Return line 0 for any piece of text: an option's icons, and its explanation's, are
    given their lines later (``quizchecks.placed``)."""
    return 0


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
            yield icon_runs(children, no_line)  # its pictures icons in their lines
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
    symbol = SYMBOL_MARK.match(text)
    if symbol is not None:  # ``✅ Correct: because``, ``❌ Not valid``
        return SYMBOLS[symbol.group(1)[0]], dropped(runs, symbol.end())
    found = MARK.match(text)
    if found is None:
        return None
    styled = bool(runs) and (runs[0].style.bold or runs[0].style.italic)
    if not styled and MARK_PUNCTUATED.match(text) is None:
        return None
    return VERDICTS[found.group(1).casefold()], dropped(runs, found.end())


def answer_of(tokens: t.Blocks, options: Sequence[Marked]) -> Answer | None:
    """Return what an ``Answer: B`` paragraph after the list says (also in a quote; ``None``
    when there is no such paragraph): the places of the options it names, by letter or by
    text (``Answer: True``), and what it says after them (``Answer: A. Eight is four
    twice.``)."""
    headed = False  # under an ``Answer`` heading
    for index, block in enumerate(tokens):
        if isinstance(block, t.Heading):
            headed = ANSWER_HEADING.match(inline_text(block.children)) is not None
            continue
        inner = block.children if isinstance(block, t.Quote) else (block,)
        for at, paragraph in enumerate(inner):
            if not isinstance(paragraph, t.Paragraph):
                continue
            runs = to_runs(paragraph.children)
            found = ANSWER.match(plain_text(runs))
            start = 0 if found is None else found.start(1)
            text = plain_text(runs)[start:] if found is not None or headed else ""
            headed = False
            named = named_options(text, options) if text else None
            if named is not None:
                places, used = named
                then = further((*inner[at + 1 :], *tokens[index + 1 :]))[1:]  # no break first
                return Answer(places, dropped(runs, start + used), then)
    return None


@dataclass(frozen=True)
class Answer:
    """What an ``Answer:`` line says."""

    places: tuple[int, ...]
    """The places of the options it names."""
    said: Runs
    """What it says after naming them: why (``Eight is four twice.``), or nothing."""
    then: Runs = ()
    """What the page goes on to say after it (``Explanation: ...`` paragraphs, a list, code),
    each line after the first on a line of its own."""


def named_options(text: str, options: Sequence[Marked]) -> tuple[tuple[int, ...], int] | None:
    """Return the places of the options an answer line's ``text`` names, and how many of its
    characters name them (the rest explains the answer); ``None`` when it names none.

    The options' own text first (``True``, ``A record``), the whole of ``text`` or up to
    where a sentence or a dash ends it (``True. Because...``); else letters (``B``, ``A and
    C``, ``(B)``), with the option's text after them or an explanation."""
    ends = [len(text), *(m.start() for m in BOUNDARY.finditer(text))]
    for end in sorted(set(ends), reverse=True):
        whole = by_text(text[:end], options)  # ``Salt and pepper``
        if whole is not None:
            return (whole,), skipped(text, end)
        places = [by_text(part, options) for part in ANSWER_SEPARATOR.split(text[:end])]
        if places and all(place is not None for place in places):
            return tuple(place for place in places if place is not None), skipped(text, end)
    found: list[int] = []
    at = 0
    while (letter := NAMED_LETTER.match(text, at)) is not None:
        named = letter.group(1) or letter.group(2)
        place = by_letter(named, options)
        if place is None:
            break
        joined = ANSWER_SEPARATOR.match(text, letter.end())
        if (
            named in WORD_LETTERS
            and letter.group(2)
            and text[letter.end() - 1 : letter.end()] not in ").:"
            and NEXT_WORD.match(text, letter.end())
            and not (joined and NAMED_LETTER.match(text, joined.end()))
        ):
            break  # ``A network ACL``: an article, not a letter
        found.append(place)
        at = letter.end()
        joint = ANSWER_SEPARATOR.match(text, at)
        if joint is None or NAMED_LETTER.match(text, joint.end()) is None:
            break
        at = joint.end()
    if not found:
        return run_of_letters(text, options)
    rest = text[at:].strip(OPENING)
    if len(found) == 1 and by_text(rest.strip("()"), options) == found[0]:
        return tuple(found), len(text)  # ``B) VPC Peering``: its letter and its text
    if SAYS_SO.fullmatch(rest):
        return tuple(found), len(text)  # ``C is correct``: no reason given
    return tuple(found), skipped(text, at)


def run_of_letters(text: str, options: Sequence[Marked]) -> tuple[tuple[int, ...], int] | None:
    """Return the places of the options an answer line's ``text`` names as a run of their
    capital letters (``AC``: A and C), each once, and how many characters name them; else
    ``None``."""
    found = LETTER_RUN.match(text)
    if found is None or len(set(found.group(1))) < len(found.group(1)):
        return None
    places = [by_letter(letter, options) for letter in found.group(1)]
    if any(place is None for place in places):
        return None
    return tuple(place for place in places if place is not None), skipped(text, found.end())


def skipped(text: str, at: int) -> int:
    """Return where what follows ``at`` in ``text`` starts, past separating punctuation."""
    while at < len(text) and text[at] in OPENING:
        at += 1
    return at


def by_text(named: str, options: Sequence[Marked]) -> int | None:
    """Return the place of the option whose text is ``named`` (case and a full stop aside)."""
    named = named.strip().strip(".").strip().casefold()
    for place, option in enumerate(options):
        if named and named == plain_text(option.runs).strip().strip(".").strip().casefold():
            return place
    return None


def by_letter(letter: str, options: Sequence[Marked]) -> int | None:
    """Return the place of the option lettered ``letter`` (as written, else by its place)."""
    for place, option in enumerate(options):
        if letter.casefold() == (option.letter or chr(ord("A") + place)).casefold():
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
            unnamed=option.unnamed,
        )
        for place, option in enumerate(options)
    )
