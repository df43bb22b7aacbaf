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
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from typing import assert_never

from exporter import tokens as t
from exporter.builder.inline import inline_text, to_runs
from exporter.builder.quizchecks import check_question, placed
from exporter.errors import Diagnostic, warning
from exporter.model import ENGLISH, PLAIN, Option, Question, Run, Runs, Words, head_of, plain_text
from exporter.source import Meta, Page

QUESTION_WORD = r"(?:question|q|frage|pregunta)"
QUESTION_HEADING = re.compile(rf"^\s*{QUESTION_WORD}\s*\.?\s*(\d+)\s*[:.)\-\u2013\u2014]?\s*", re.I)
"""A ``Question N`` heading, in the languages the exporter has words for (``Frage 3``,
``Pregunta 3``; French says ``Question``)."""
NUMBERED = re.compile(r"^\s*(\d{1,3})\s*[:.)](?:\s+|$)")
"""A heading numbered without the word (``2. Which port does HTTPS use?``, ``3) ...``): a
question's only where its page offers lettered options (``question_label``), since a
lesson's ``## 1. Create a bucket`` is none."""
LETTER = re.compile(r"^\s*(?:\(([A-Za-z])\)|([A-Za-z])[).])(?:\s+|$)")
TASK = re.compile(r"^\s*\[([ xX])\](?:\s+|$)")
VERDICTS: dict[str, bool] = {
    **dict.fromkeys(("correct", "right", "richtig", "korrekt", "correcte", "juste"), True),
    **dict.fromkeys(("correcto", "correcta", "verdadero"), True),
    **dict.fromkeys(("incorrect", "wrong", "falsch", "inkorrekt", "incorrecte"), False),
    **dict.fromkeys(("faux", "fausse", "incorrecto", "incorrecta", "falso"), False),
}
"""The words that mark an option right or wrong, by what they say, in English, German, French
and Spanish: a Spanish quiz's ``Correcto:`` / ``Incorrecto:`` lines are marks as ``Correct:``
lines are (read as text, they gave the answer away)."""
VERDICT = "|".join(sorted(VERDICTS, key=len, reverse=True))
PUNCTUATION = r"\s*(?::|[\u2013\u2014]|-(?=\s|$))"
"""A colon or a dash after a mark's word (French sets a space before the colon); a hyphen
only before a space, so that ``Right-click the file`` is no mark."""
MARK = re.compile(rf"^\s*({VERDICT})(?![\w-])(?:{PUNCTUATION}\s*)?", re.I)
SYMBOLS: dict[str, bool] = {
    **dict.fromkeys("\u2705\u2714\u2713\u2611", True),  # ✅ ✔ ✓ ☑
    **dict.fromkeys("\u274c\u274e\u2716\u2717\u2718", False),  # ❌ ❎ ✖ ✗ ✘
}
"""The check marks and crosses that mark an option right or wrong as a word does (``- ❌ Not
a valid effect.``, or after the option's text: ``- A) Fargate ✅``)."""
SYMBOL = "[" + "".join(SYMBOLS) + "]\ufe0f?"
MARK_PUNCTUATED = re.compile(rf"^\s*(?:(?:{VERDICT}){PUNCTUATION}|{SYMBOL})", re.I)
"""A line that opens with a mark, a word with its colon or dash, or a symbol."""
SYMBOL_MARK = re.compile(
    rf"^\s*({SYMBOL})(?:\s*(?:{VERDICT})(?![\w-]))?(?:{PUNCTUATION})?\s*", re.I
)
TRAILING_SYMBOL = re.compile(rf"\s*({SYMBOL})\s*$")
ANSWER_ONLY = r"(?:answers?|antwort(?:en)?|r[ée]ponses?|respuestas?)"
"""The words that say an answer and nothing else."""
ANSWER_WORD = rf"(?:{ANSWER_ONLY}|ans\.?|solutions?|l(?:ö|oe)sung(?:en)?|soluci[óo]n(?:es)?)"
"""Those, and the words that say an answer among questions (``Solution: D``) but may say
something else in a lesson (a troubleshooting page's ``Solution: restart the agent``)."""


def answer_line(words: str) -> re.Pattern[str]:
    """Return the pattern of an ``Answer: B`` line opening with one of ``words``."""
    return re.compile(
        r"^\s*(?:(?:the|die|la|el)\s+)?(?:(?:correct|right|richtigen?|bonnes?)\s+)?"
        rf"{words}(?:\s+(?:correctas?|correctes?|justes?))?"
        r"(?:\s+(?:is|are|ist|sind|est|sont|es|son))?\s*(?::|[\u2013\u2014]|-)\s*(.+?)\s*$",
        re.I,
    )


ANSWER = answer_line(ANSWER_WORD)
"""An ``Answer: B`` line, in the four languages: ``Correct answer: B``, ``Ans: B``, ``Solution:
D``, ``Antwort: B``, ``Lösung: B``, ``La bonne réponse est : B``, ``Respuesta correcta: B``."""
ANSWER_SAID = answer_line(ANSWER_ONLY)
"""An ``Answer: B`` line by the words that say nothing else: what the students' edition of a
slide no question was read from leaves out, outside a quiz."""
REVEALING = (
    r"(?:(?:click|tap)(?:\s+here)?(?:\s+(?:to|for))?\s+)?"
    r"(?:(?:show|reveal|see|view|check|display|toggle|expand|voir|afficher|ver|mostrar)\s+)?"
    r"(?:(?:the|your|la|el|die)\s+)?"
)
"""What a heading that hides the answer on the published page says before it (``Show``,
``Click to reveal the``, ``Voir la``, ``Ver``)."""
REVEALED = r"(?:\s+(?:anzeigen|zeigen|einblenden|ansehen))?(?:\s*\((?:click|tap)[^)]*\))?"
"""... and after it (``Antwort anzeigen``, ``Answer (click to expand)``)."""
ANSWER_HEADING = re.compile(
    rf"^\W*{REVEALING}(?:(?:correct|right|richtige|bonne)\s+)?{ANSWER_WORD}"
    rf"(?:\s+(?:correcta|correcte))?{REVEALED}\W*$",
    re.I,
)
"""A heading that says only ``Answer`` (``#### Answer``), or that shows it (``#### Show
answer``, a ``<details>`` block's ``Reveal answer`` summary, ``💡 Click to see the
solution``): the paragraph under it is the answer line's text (``A — Shield. Inspector scans
for vulnerabilities.``), and the heading is no part of the question."""
NOT_A_QUIZ = frozenset({"false", "no", "off"})
"""Front matter ``quiz`` values that say the lesson is not a quiz."""
ANSWER_SEPARATOR = re.compile(
    r"\s*(?:[,;]\s*(?:and|or|und|oder|et|ou|y|o)\b|,|;|/|&|\b(?:and|or|und|oder|et|ou|y|o)\b)\s*",
    re.I,
)
"""What separates the options an answer line names (``A, B, and C``, ``A or B``, ``A y C``)."""
SAYS_SO = re.compile(
    r"(?:is|are|ist|sind|est|sont|es|son)\s+"
    r"(?:correct|right|richtig|korrekt|correctes?|justes?|correctos?|correctas?)\W*",
    re.I,
)
"""What an answer line adds after its letters that gives no reason (``C is correct``)."""
WORD_LETTERS = frozenset("aioyeAIOYE")
"""Letters that are words too (``A network ACL``, ``I think B``, Spanish ``y`` and ``o``):
followed by a word, such a letter names no option."""
NEXT_WORD = re.compile(r"\s+[^\W\d_]")
"""A word after a letter (``A network``)."""
NAMED_LETTER = re.compile(r"\s*(?:\(([A-Za-z])\)|([A-Za-z])\)?)(?!\w)\.?")
"""An option named by its letter at the start of an answer line: ``B``, ``(B)``, ``B)``,
``B.``; not the first letter of a word (``A record``)."""
BOUNDARY = re.compile(r"\s*[.;:,](?=\s|$)|\s+[\-\u2013\u2014]\s|\s*[\u2013\u2014]|\s+(?=\()")
"""Where an answer line's naming of an option may end and its explanation begin."""
OPENING = " \t.,;:-\u2013\u2014"
"""What an answer line's explanation does not start with."""


def question_label(text: str, lettered: bool) -> re.Match[str] | None:
    """Return the match of the ``Question N`` label a heading's ``text`` opens with, its
    number the match's first group; where the page offers ``lettered`` options, a number
    alone (``2.``, ``3)``) is one too. ``None``: it opens with none."""
    asked = QUESTION_HEADING.match(text)
    return asked if asked is not None or not lettered else NUMBERED.match(text)


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


def normalized(tokens: t.Blocks) -> t.Blocks:
    """Return a page's ``tokens`` with two shapes a question is written in made the shape it
    is read in (and drawn in):

    - options a paragraph writes as lines of their own (``A) 80`` / ``B) 443`` / ``Correct:
      HTTPS uses 443.``, no list) made a list, one item a letter and the lines under it: one
      line an option, not the run-on line a paragraph makes of them. Only lines lettered from
      A on, two or more, on a page that marks an answer (a ``Correct:`` line among them, or an
      ``Answer:`` line after them), are options: a sentence that opens a line with ``A)`` is
      not;
    - an ``Answer: B`` line written as the last item of the options' list (items that are
      options before it), a paragraph after the list;
    - a ``<details>`` block (``<summary>Answer</summary> B``, shown when clicked on the
      published page) its summary as a heading, what it holds under it: an ``Answer`` heading
      over the answer, as the reader reads one, never the tags as text.
    """
    kept: list[t.Block] = []
    opened = False  # inside a ``<details>`` block whose end is an HTML block of its own
    for index, block in enumerate(tokens):
        match block:
            case t.Html(raw) if details := DETAILS.match(raw):
                summary, inner = (untagged(part or "") for part in details.group(1, 2))
                if summary:
                    kept.append(t.Heading(DETAILS_LEVEL, (t.Text(summary),)))
                if inner:
                    kept.append(t.Paragraph((t.Text(inner),)))
                opened = not details.group(3)
            case t.Html(raw) if opened and DETAILS_END.match(raw):
                opened = False
            case t.Paragraph():
                lines = lettered_lines(block, tokens[index + 1 :])
                if lines is None:
                    kept.append(block)
                    continue
                asked, items = lines
                if asked:
                    kept.append(t.Paragraph(asked))
                listed = tuple(t.ListItem((t.Paragraph(item),)) for item in items)
                kept.append(t.ListBlock(listed, False, 1))
            case t.ListBlock(items) if (
                len(items) > 2
                and answer_item(items[-1])
                and options_of(replace(block, items=items[:-1])) is not None
            ):  # options, then their answer: not a list's last step (``3. Answer: yes``)
                kept += [replace(block, items=items[:-1]), items[-1].children[0]]
            case _:
                kept.append(block)
    return tuple(kept)


BOLD_HEADING_LEVEL = 6
"""The level of the heading a ``**Question 3**`` line becomes: never the lesson's shallowest,
which could make it the lesson's root."""
DETAILS = re.compile(
    r"^\s*<details\b[^>]*>\s*(?:<summary\b[^>]*>(.*?)</summary>)?(.*?)(</details>)?\s*$",
    re.I | re.S,
)
"""An HTML ``<details>`` block: its summary, what it holds, and its end when it is written in
the same block (else its end is a block of its own, after the Markdown it holds)."""
DETAILS_END = re.compile(r"^\s*</details>\s*$", re.I)
DETAILS_LEVEL = 4
"""The level of the heading a ``<details>`` block's summary becomes (a heading of the text)."""
TAG = re.compile(r"<[^>]+>")


def untagged(html_text: str) -> str:
    """Return the text of a bit of HTML, its tags left out and its lines joined."""
    return " ".join(TAG.sub(" ", html_text).split())


def answer_item(item: t.ListItem) -> bool:
    """Return whether a list item is an ``Answer: B`` line alone."""
    match item.children:
        case (t.Paragraph(children),):
            return ANSWER.match(inline_text(children)) is not None
    return False


def one_question_a_page(
    pages: Sequence[Page],
    tokens: Sequence[t.Blocks],
    declared: bool = False,
    words: Words = ENGLISH,
) -> list[Page]:
    """Return ``pages`` with each page that asks several questions, one under each ``Question
    N`` heading (or bold ``**Question 3**`` label opening a line), divided into a page a question,
    its blocks in ``Page.blocks`` (``tokens`` give every page's): a quiz written without page
    breaks (or with ``---`` lines, which break no page) lost every question after the first.
    A part's text starts at its heading's line, so that what it says is found at its own
    line; the page's notes go with its first part. A bold ``Question N`` label of a question's
    page is its heading (it titles the slide), the words after it on its line its prompt
    (``bold_heading``). Only where every part asks a question (its
    answer marked, or lettered options in a ``declared`` quiz): a lesson's FAQ page of bold
    questions over lists stays one page, as written."""
    mode = Mode.QUIZ if declared else Mode.LESSON
    divided: list[Page] = []
    for page, blocks in zip(pages, tokens, strict=True):
        lettered = lettered_page(blocks)
        headed = tuple(part for block in blocks for part in bold_heading(block, lettered, words))
        heads = [
            i
            for i, block in enumerate(headed)
            if isinstance(block, t.Heading)
            and question_label(inline_text(block.children), lettered)
        ]
        cuts = [0, *heads[1:], len(headed)]
        parts = [headed[start:end] for start, end in itertools.pairwise(cuts)]
        if not heads or any(read_question(part, 1, mode) is None for part in parts):
            divided.append(replace(page, blocks=blocks))
            continue
        offsets = [0, *text_offsets(page.text, [headed[i] for i in heads[1:]]), len(page.text)]
        for index, part in enumerate(parts):
            text = page.text[offsets[index] : offsets[index + 1]]
            line = page.line + page.text.count("\n", 0, offsets[index])
            notes = page.notes if index == 0 else ""
            divided.append(replace(page, text=text, line=line, notes=notes, blocks=part))
    return divided


def bold_heading(block: t.Block, lettered: bool, words: Words) -> t.Blocks:
    """Return a paragraph that opens with a ``Question N`` label in bold (``**Question 3**``
    alone, ``**Question 4:** Which service...?``; over ``lettered`` options ``**4.**`` too) as
    the heading it stands for and the paragraph of what follows the label, its prompt; any
    other block as it is. A label that abbreviates the word (``**Q4.**``, ``**4.**``) is
    titled with it (``Question 4``, in ``words``' language)."""
    match block:
        case t.Paragraph((t.Strong(children), *rest)):
            label = inline_text(children)
            found = question_label(label, lettered)
            if found is None or label[found.end() :].strip():
                return (block,)
            title: t.Inlines = children
            if ABBREVIATED.match(label):
                title = (t.Text(f"{words.question} {int(found.group(1))}"),)
            elif label != label.rstrip(LABEL_PUNCTUATION):  # ``Question 4:``
                title = (t.Text(label.strip().rstrip(LABEL_PUNCTUATION)),)
            heading = t.Heading(BOLD_HEADING_LEVEL, title)
            prompt = after_label(tuple(rest))
            return (heading, t.Paragraph(prompt)) if prompt else (heading,)
    return (block,)


ABBREVIATED = re.compile(r"^\s*(?:q\s*\.?\s*)?\d", re.I)
"""A ``Question N`` label that abbreviates the word, or leaves it out (``Q4.``, ``4.``)."""
LABEL_PUNCTUATION = " \t:.)-\u2013\u2014"
LABEL_END = re.compile(r"^[\s:.)\-\u2013\u2014]+")
"""What may stand between a bold label and its prompt (``**Question 4**: Which...``)."""


def after_label(inlines: t.Inlines) -> t.Inlines:
    """Return what follows a bold label on its paragraph, without the line break, colon or
    dash between them."""
    while inlines and is_break(inlines[0]):
        inlines = inlines[1:]
    match inlines:
        case (t.Text(raw), *rest):
            text = LABEL_END.sub("", raw)
            inlines = ((t.Text(text),) if text else ()) + tuple(rest)
    while inlines and is_break(inlines[0]):
        inlines = inlines[1:]
    return inlines


def text_offsets(text: str, headings: Sequence[t.Block]) -> list[int]:
    """Return where each of ``headings`` (``Question N`` headings, in order) starts in a page's
    ``text``: the start of the first line after the one before that names its number (the
    start of the text where none does): by the word (``Question 2``, ``Q2``), else by the
    number opening the line (``## 2. Which``, ``**2.**``, titled ``Question 2``)."""
    found: list[int] = []
    at = 0
    for heading in headings:
        assert isinstance(heading, t.Heading)
        asked = question_label(inline_text(heading.children), True)
        number = asked.group(1) if asked else ""
        worded = re.compile(rf"^[^\n]*?\b{QUESTION_WORD}\s*\.?\s*{number}\b", re.I | re.M)
        bare = re.compile(rf"^\s*(?:#{{1,6}}\s*|[*_]{{1,3}})?\s*{number}\s*[:.)]", re.M)
        match = worded.search(text, at) or bare.search(text, at)
        at = match.start() if match else at
        found.append(at)
        at = text.find("\n", at) + 1 if "\n" in text[at:] else at
    return found


def lettered_lines(
    paragraph: t.Paragraph, after: t.Blocks
) -> tuple[t.Inlines, list[t.Inlines]] | None:
    """Return a paragraph's lines before its options and each option's lines (``None``: it
    writes no options as lines; see ``listed_options``)."""
    lines = inline_lines(paragraph.children)
    letters = [LETTER.match(plain_text(to_runs(line))) for line in lines]
    opening = next((i for i, found in enumerate(letters) if found is not None), None)
    if opening is None:
        return None
    written = [(found.group(1) or found.group(2)).casefold() for found in letters if found]
    if len(written) < 2 or written != [chr(ord("a") + i) for i in range(len(written))]:
        return None
    texts = [plain_text(to_runs(line)) for line in lines[opening:]]
    answered = any(MARK_PUNCTUATED.match(text) for text in texts) or any(
        ANSWER.match(line) for block in after for line in text_lines((block,))
    )
    if not answered:
        return None
    items: list[t.Inlines] = []
    for line, found in zip(lines[opening:], letters[opening:], strict=True):
        if found is not None or not items:
            items.append(line)
        else:
            items[-1] = (*items[-1], t.SoftBreak(), *line)
    asked: list[t.Inline] = []
    for line in lines[:opening]:
        asked += [t.SoftBreak(), *line] if asked else line
    return tuple(asked), items


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
    runs = to_runs(paragraph if cut is None else paragraph[: cut - 1])  # the break left out
    box = TASK.match(plain_text(runs))
    if box is not None:
        runs = dropped(runs, box.end())
    letter = LETTER.match(plain_text(runs))
    if letter is not None:
        runs = dropped(runs, letter.end())
    tail = TRAILING_SYMBOL.search(plain_text(runs))
    if tail is not None:  # ``Fargate ✅``
        runs = head_of(runs, tail.start())
    if not plain_text(runs).strip():
        runs = pictured(paragraph if cut is None else paragraph[: cut - 1])
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
    explanation = verdict[1] if verdict else unmarked(item.children[1:])
    correct = verdict[0] if verdict else None
    if correct is None and tail is not None:
        correct = SYMBOLS[tail.group(1)[0]]
    if box is not None and box.group(1) != " ":
        correct = True
    elif correct is None and box is not None:
        correct = False
    written = (letter.group(1) or letter.group(2)) if letter else None
    return Marked(written, runs, correct, explanation, box is not None)


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


def is_break(token: t.Inline) -> bool:
    """Return whether an inline token ends a line (soft or hard)."""
    return isinstance(token, t.SoftBreak | t.LineBreak)


def inline_lines(inlines: t.Inlines) -> list[t.Inlines]:
    """Return a paragraph's inline tokens cut into its lines (at soft and hard breaks)."""
    lines: list[t.Inlines] = []
    start = 0
    for end in (*(i for i, token in enumerate(inlines) if is_break(token)), len(inlines)):
        lines.append(inlines[start:end])
        start = end + 1
    return lines


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


LETTER_RUN = re.compile(r"\s*([A-Z]{2,6})(?=$|[\s.,;:)])")
"""Capital letters written together, ``Answer: AC``: several options named at once."""


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
        (unread(page, page_tokens) if quiz else ()) if q is None else tuple(check_question(q))
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
            return (warning("quiz-unread", message, page.line_of(excerpt)),)
    return ()


def text_lines(tokens: t.Blocks) -> Iterator[str]:
    """Yield each line of text of ``tokens``' paragraphs, in list items and quotes too."""
    for block in tokens:
        match block:
            case t.Paragraph(children):
                yield from (plain_text(to_runs(line)) for line in inline_lines(children))
            case t.ListBlock(items):
                for item in items:
                    yield from text_lines(item.children)
            case t.Quote(children):
                yield from text_lines(children)


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
