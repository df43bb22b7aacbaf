"""fit: where a code block taller than a slide may be cut, best first.

A cut before line ``k`` leaves ``lines[:k]`` on one slide and ``lines[k:]`` on the next, each
without the blank lines at the cut (no box starts or ends with a blank line). Cuts are ranked:

0. at a blank line, where the author separated the code;
1. before a top-level statement (a line at the block's least indent that does not close or
   continue the one before, such as ``}``, ``else:`` or ``end``);
2. before a line one level deeper (a resource's key in a YAML template, a method in a class);
3. anywhere else, the shallower the line after the cut the better (before a loop's ``for``
   rather than inside the dictionary its body builds);
4. before a line that closes or continues the one before (``}``, ``except``, ``else``): a
   slide that opens on a lone ``}`` or on an ``except`` cut from its ``try``, only where no
   other cut fits.

A cut right after a comment is never made while another is possible: the comment introduces
the line after it; nor one inside a string or a comment that goes on over lines (a
docstring's blank line, a heredoc, a shell command continued with a backslash: ``held``,
from ``lexing.held_breaks``). One right after a line that opens a block (``Resources:``,
``{``), where the next line is indented deeper, ranks 3, as one anywhere else. The cut taken is the
best-ranked one that still fills a good share (``SHARE``) of what the longest fitting cut
would hold: a clean cut is worth a slide a little less full.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

COMMENT = re.compile(r"\s*(#|//|--|;|/\*|\*|<!--|%|rem\s|')", re.IGNORECASE)
"""A line that is a comment in the common languages of lessons (YAML, shell, Python, JSON with
comments, SQL, HCL, C-like, HTML, batch files, VB)."""
CLOSER = re.compile(r"\s*([\]\)\}]|(else|elif|except|finally|catch|end|done|fi|esac)\b)")
"""A line that closes or continues the statement before it, never a statement's start."""
SHARE = 0.6
"""The least share of the longest fitting cut's lines that a better-ranked cut must keep."""
ANYWHERE = 3
"""The rank of a cut at no boundary in particular."""
CLOSING = 4
"""The rank of a cut before a line that closes or continues the one before it."""


def blank(line: str) -> bool:
    """Return whether a line of code is empty or white space."""
    return not line.strip()


def indent(line: str) -> int:
    """Return how many columns a line is indented (a tab counts as four)."""
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip())


def trimmed(lines: Sequence[str], start: int, end: int) -> tuple[int, int]:
    """Return ``start`` and ``end`` moved inwards past blank lines at either end."""
    while start < end and blank(lines[start]):
        start += 1
    while end > start and blank(lines[end - 1]):
        end -= 1
    return start, end


def rank(lines: Sequence[str], k: int, levels: Sequence[int]) -> int | None:
    """Return the rank of a cut before line ``k`` (lower is better), or ``None`` where it
    would end a box on a comment or leave one side with no code."""
    head_start, head_end = trimmed(lines, 0, k)
    tail_start, tail_end = trimmed(lines, k, len(lines))
    if head_start == head_end or tail_start == tail_end:
        return None
    if COMMENT.match(lines[head_end - 1]):
        return None
    if indent(lines[tail_start]) > indent(lines[head_end - 1]):
        return ANYWHERE  # the line before opens a block (``Resources:``, ``{``) the cut enters
    if head_end < k or tail_start > k:
        return 0
    line = lines[k]
    if CLOSER.match(line):
        return CLOSING
    depth = indent(line)
    if depth <= levels[0]:
        return 1
    if len(levels) > 1 and depth <= levels[1]:
        return 2
    return ANYWHERE


def indent_levels(lines: Sequence[str]) -> list[int]:
    """Return the two shallowest indents of a block's lines."""
    return sorted({indent(line) for line in lines if not blank(line)})[:2] or [0]


def best_cut(
    lines: Sequence[str],
    least: int,
    most: int,
    worst: int = CLOSING,
    held: Collection[int] = (),
) -> int | None:
    """Return where to cut ``lines``, between ``least`` and ``most`` lines into them (``most``
    being the longest start that fits), ranked no worse than ``worst`` (0: only at a blank
    line), or ``None`` when no cut there leaves code on both sides; a cut after a comment, or
    before a line of ``held`` (inside a string or a comment), is taken only when there is no
    other, and never below ``CLOSING``."""
    if most < least:
        return None
    levels = indent_levels(lines[: most + 1])
    ranked = [
        (k, None if k in held else rank(lines, k, levels)) for k in range(max(least, 1), most + 1)
    ]
    allowed = [(k, r) for k, r in ranked if r is not None and r <= worst]
    if not allowed and worst < CLOSING:
        return None
    if not allowed:
        # Only comments, blank lines or strings to cut after: any cut leaving code on both
        # sides, one outside a string if there is one.
        loose = [k for k, _ in ranked if all(trimmed_sides(lines, k))]
        clean = [k for k in loose if k not in held]
        return max(clean or loose) if loose else None
    longest = max(k for k, _ in allowed)
    # At no boundary in particular, the shallower the line after the cut, the better.
    enough = [
        (r, indent(lines[k]) if r == ANYWHERE else 0, -k)
        for k, r in allowed
        if k >= SHARE * longest
    ]
    _, _, negative = min(enough)
    return -negative


def trimmed_sides(lines: Sequence[str], k: int) -> tuple[bool, bool]:
    """Return whether each side of a cut before line ``k`` holds a line that is not blank."""
    head = trimmed(lines, 0, k)
    tail = trimmed(lines, k, len(lines))
    return head[0] < head[1], tail[0] < tail[1]
