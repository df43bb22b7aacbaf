"""options: the handout layouts, editions, paper sizes and quiz modes, defined once for the
settings and the stages.

``options`` offers these names to ``--handout``, ``--edition``, ``--paper``, ``--quiz`` and
the configuration; ``writers/handout.py`` draws the handouts, ``builder.quiz`` the quiz
modes. Plain data, so that reading a setting
imports no writer.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


@dataclass(frozen=True)
class Paper:
    """A paper size, in inches, and its name in CSS's ``@page { size }``."""

    css: str
    width: float
    height: float


PAPERS = {"a4": Paper("A4", 8.2677, 11.6929), "letter": Paper("letter", 8.5, 11.0)}
"""Each paper size by the name ``--paper`` takes."""


@dataclass(frozen=True)
class Sheet:
    """A handout page of slides: ``columns`` by ``rows`` of them."""

    columns: int
    rows: int
    lines: bool = False
    """Whether ruled lines for notes sit beside each slide (the 3-a-page handout)."""


NOTES = "notes"
"""The layout of a slide and its speaker notes a page."""
OUTLINE = "outline"
"""The layout of the lesson's text alone, flowing."""

HANDOUTS: dict[str, Sheet | None] = {
    "1": Sheet(1, 1),
    "2": Sheet(1, 2),
    "3": Sheet(1, 3, lines=True),
    "4": Sheet(2, 2),
    "6": Sheet(2, 3),
    "9": Sheet(3, 3),
    NOTES: None,
    OUTLINE: None,
}
"""Each handout layout by the name ``--handout`` takes: slides a page (a ``Sheet``), or
``None`` for the layouts that are not a grid of slides (``NOTES``, ``OUTLINE``)."""


class Edition(enum.StrEnum):
    """Whom the handouts are for; its value is the name ``--edition`` takes."""

    TEACHER = "teacher"
    """Everything: the slides as they are, answers and explanations, speaker notes."""
    STUDENT = "student"
    """No answer, no explanation, no speaker note: a question is drawn from its prompt and
    lettered options, with a box to answer in."""


class QuizMode(enum.Enum):
    """How a quiz's questions are shown on screen (the ``quiz`` setting)."""

    REVEAL = "reveal"
    """A question slide, then a reveal slide with the answer marked and explained."""
    NOTES = "notes"
    """Question slides only: the answer and its explanations are in the speaker notes."""
    ANSWERS = "answers"
    """One slide a question with the answer marked and explained (for self-study)."""
