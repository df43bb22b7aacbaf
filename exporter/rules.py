"""read: the ``---`` lines inside a lesson's pages, warned of again once the build has said
where its slides start.

A quiz written as one page of questions, each under its own ``Question N`` heading, a ``---``
line between two of them, gets a slide for each question: the build starts the next
question's slide just after the line, which stands at a slide's edge as a line before a
``<!-- pagebreak -->`` does. Only the reader's warnings of the lines a slide leaves out
inside it are kept.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Sequence
from itertools import takewhile

from exporter.errors import Diagnostic
from exporter.source import THEMATIC_BREAK, Page, Source, rule_warnings

CODES = frozenset({"rule", "rule-not-break"})
"""The codes of the reader's warnings of ``---`` lines inside a page."""


def rules_settled(
    source: Source, starts: Iterable[int], asked: Iterable[int] = ()
) -> tuple[Diagnostic, ...]:
    """Return ``source``'s diagnostics, its ``---`` lines inside a page warned of as if a page
    break stood at each of ``starts`` (the lines the deck's slides start at): a line just
    before one of them (blank lines and other ``---`` lines between) is at a slide's edge,
    and any other is told as a line inside a page (``rule``), the lesson's ``---`` lines
    being no longer all that separates its slides. One inside a slide that starts at a line
    of ``asked`` (a quiz question's) is told to be removed, not made a page break."""
    edges = sorted(set(starts))
    settled = {rule for rule in source.rules if before_start(rule, source.pages, set(edges))}
    questions = set(asked)
    inside = [rule for rule in source.rules if rule not in settled]
    in_questions = {rule for rule in inside if slide_start(rule, edges) in questions}
    if not settled and not in_questions:
        return source.diagnostics
    # Its --- lines between questions start slides: any other is a line inside a page.
    broken = bool(settled) or all(d.code != "rule-not-break" for d in source.diagnostics)
    warned = rule_warnings(inside, broken, written_in(source.pages), in_questions)
    kept = [d for d in source.diagnostics if d.code not in CODES]
    at = next((i for i, d in enumerate(source.diagnostics) if d.code in CODES), len(kept))
    return (*kept[:at], *warned, *kept[at:])


def slide_start(line: int, starts: Sequence[int]) -> int | None:
    """Return the last of the sorted ``starts`` at or before ``line`` (``None``: none)."""
    at = bisect.bisect_right(starts, line)
    return starts[at - 1] if at else None


def written_in(pages: Sequence[Page]) -> Callable[[int], str]:
    """Return what finds a line of ``pages`` as written, by its number (``""`` for none)."""

    def written(line: int) -> str:
        for page in pages:
            lines = page.text.split("\n")
            if page.line <= line < page.line + len(lines):
                return lines[line - page.line]
        return ""

    return written


def before_start(rule: int, pages: Sequence[Page], starts: set[int]) -> bool:
    """Return whether the ``---`` line on line ``rule`` of a page among ``pages`` has nothing
    but blank lines and other ``---`` lines between it and one of ``starts``."""
    for page in pages:
        lines = page.text.split("\n")
        if page.line <= rule < page.line + len(lines):
            after = lines[rule - page.line + 1 :]
            passed = sum(1 for _ in takewhile(lambda line: blank_or_rule(line), after))
            return passed < len(after) and rule + 1 + passed in starts
    return False


def blank_or_rule(line: str) -> bool:
    """Return whether ``line`` is blank or a ``---`` line."""
    return not line.strip() or THEMATIC_BREAK.match(line) is not None
