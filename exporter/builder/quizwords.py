"""build: the words and marks a quiz is written with: ``Question N`` labels, option
letters, ``Correct:`` / ``Incorrect:`` marks and their symbols, ``Answer:`` lines and headings
in the languages the exporter has words for; and the lines of a paragraph's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from exporter import tokens as t
from exporter.builder.inline import to_runs
from exporter.model import Run, Runs, plain_text

QUESTION_WORD = r"(?:(?:quiz\s+)?question|q|frage|pregunta)"
QUESTION_HEADING = re.compile(
    rf"^\s*{QUESTION_WORD}\s*\.?\s*#?\s*(\d+)\s*[:.)\-\u2013\u2014]?\s*", re.I
)
"""A ``Question N`` heading, in the languages the exporter has words for (``Frage 3``,
``Pregunta 3``; French says ``Question``), ``Quiz question 3`` and ``Question #3`` too."""
EXERCISE_WORD = r"(?:exercise|exercice|aufgabe|ejercicio)"
EXERCISE_HEADING = re.compile(rf"^\s*{EXERCISE_WORD}\s*#?\s*(\d+)\s*[:.)\-\u2013\u2014]?\s*", re.I)
"""An exercise's heading (``Exercise 3``, ``Aufgabe 3``, ``Exercice 3``, ``Ejercicio 3``): a
question's only where its page offers lettered options (``question_label``), since a lab's
``### Exercise 1: Launch an instance`` over a checklist is none."""
LABEL_WORD = rf"(?:{QUESTION_WORD}|{EXERCISE_WORD})"
"""Either word, where a label read already is found in a page's text."""
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
    number the match's first group; where the page offers ``lettered`` options, an
    exercise's (``Aufgabe 2``) and a number alone (``2.``, ``3)``) are ones too. ``None``: it
    opens with none."""
    asked = QUESTION_HEADING.match(text)
    if asked is not None or not lettered:
        return asked
    return EXERCISE_HEADING.match(text) or NUMBERED.match(text)


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


LETTER_RUN = re.compile(r"\s*([A-Z]{2,6})(?=$|[\s.,;:)])")
"""Capital letters written together, ``Answer: AC``: several options named at once."""


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
