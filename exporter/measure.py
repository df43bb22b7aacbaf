"""fit: how much room text needs (line counts at a size and width).

An estimate from average glyph widths of the theme's fonts; it errs on the generous side so
that text stays inside its box. Exact measurement with the font files replaces it in the text-fit
work, behind these same functions.
"""

from __future__ import annotations

import math

from exporter.model import Run, Runs

# Average advance widths as a fraction of the font size: Carlito averages 0.444 (regular) and
# 0.455 (bold) over the bundled lessons' words, with a space of 0.226; these leave a margin for
# words heavy in capitals. Liberation Mono is 0.600 for every glyph.
EM_PLAIN = 0.47
EM_BOLD = 0.49
EM_SPACE = 0.25
EM_MONO = 0.60
POINTS_PER_INCH = 72.0


def em_of(run: Run) -> float:
    """Return the average glyph width of ``run``'s style, as a fraction of the font size."""
    if run.style.code:
        return EM_MONO
    return EM_BOLD if run.style.bold else EM_PLAIN


def words_of(runs: Runs) -> list[list[float]]:
    """Return each line of ``runs`` (split at hard breaks) as its words' widths in ems."""
    lines: list[list[float]] = [[]]
    current = 0.0
    for run in runs:
        em = em_of(run)
        for char in run.text:
            if char == "\n" or char == " ":
                if current:
                    lines[-1].append(current)
                current = 0.0
                if char == "\n":
                    lines.append([])
            else:
                current += em
    if current:
        lines[-1].append(current)
    return lines


def count_lines(runs: Runs, size: float, width: float) -> int:
    """Return how many lines ``runs`` wrap to at ``size`` points in ``width`` inches."""
    limit = max(width, 0.1) * POINTS_PER_INCH / size
    total = 0
    for words in words_of(runs):
        lines, used = 1, 0.0
        for word in words:
            need = word if used == 0 else used + EM_SPACE + word
            if need <= limit:
                used = need
                continue
            if used:
                lines += 1
            lines += max(0, math.ceil(word / limit) - 1)
            used = word - (math.ceil(word / limit) - 1) * limit
        total += lines
    return total


def count_code_lines(text: str, size: float, width: float) -> int:
    """Return how many lines a code block takes, long lines wrapped at the box's width."""
    per_line = max(1, int(max(width, 0.1) * POINTS_PER_INCH / (size * EM_MONO)))
    return sum(max(1, math.ceil(len(line.expandtabs(4)) / per_line)) for line in text.split("\n"))
