"""options: what a build does where neither a flag nor the configuration says otherwise.

Plain values, and a module that imports nothing, so that ``--help`` can name them without
loading the settings (``options``) and what they import: ``options.Options`` takes its
defaults from here, and ``cli`` states them.
"""

from __future__ import annotations

import os

OUTPUT = "dist"
"""The output folder."""
FORMATS = ("pptx", "handout", "answers")
"""The files written for each lesson (``answers`` for quizzes only)."""
HANDOUT = ("3",)
"""The handouts' layouts: 3 slides a page, with lines for notes."""
EDITION = "teacher"
"""Whom the handouts are for (``paper.Edition``)."""
PAPERS = ("a4", "letter")
"""The paper sizes' names (the keys of ``paper.PAPERS``), the first the default."""
THEME = "default"
"""The built-in theme."""
QUIZ = "reveal"
"""How a quiz's questions are shown on screen (``paper.QuizMode``)."""
TIMEOUT = 120.0
"""The most seconds one lesson may take."""
MEMORY_LIMIT = 1024
"""The most memory (MB) one lesson's worker may use."""
BOOK_LAYOUT = "3"
"""The handout layout each lesson takes in the course book."""
BOOK_FILE = "course.pdf"
"""The course book's file name in the output folder."""
ANNOTATIONS = ("github",)
"""The CI systems whose annotation lines ``--annotations`` prints."""
MANIFEST = ".lesson-export.json"
"""The file in the output folder that records what each lesson's outputs were made from (see
``manifest``)."""


def jobs() -> int:
    """Return how many lessons are exported at once: one a CPU."""
    return os.cpu_count() or 1
