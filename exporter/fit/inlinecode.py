"""fit: inline code in a sentence breaks only where the fit breaks its line.

The fit sets a paragraph's words at its spaces, and a word of inline code that does not fit
the rest of a line goes whole to the next (``measure.Setter``). PowerPoint, LibreOffice and
WeasyPrint break a line after a hyphen or a slash as well, so a word of inline code that
the fit moved to the next line was drawn broken there (``--region eu-`` / ``west-1``,
``get-caller-`` / ``identity``): other lines than the fit measured, and an option or a
command read, and copied, in two pieces.

So where the fit starts a line with a word that holds inline code a renderer could break
inside (``BREAKABLE``), or breaks inside such a word (it alone is wider than a line), the
paragraph's text gets a line break of its own there (``\\n``: ``a:br`` in the deck, ``<br>``
in the slide PDF), in place of the space that would vanish there: every app starts the line
where the fit did, and none has a reason left to break the word. Nothing is added to the
code itself, which copies as the ASCII it was. Other lines are left to wrap as they do, so
that the deck's text still reflows where a teacher edits it.
"""

from __future__ import annotations

from exporter.addresses import shown
from exporter.measure import Measurer
from exporter.model import Run, Runs

BREAKABLE = frozenset("-/?&")
"""Characters after which PowerPoint, LibreOffice or WeasyPrint may break a word."""
GAPS = frozenset(" \t")
"""The white space a wrapped line's break takes the place of."""


def kept_whole(measure: Measurer, runs: Runs, size: float, width: float, bold: bool) -> Runs:
    """Return ``runs`` with a line break where the fit, at ``size`` points in ``width``
    inches, starts a line with, or inside, a word of inline code an app could break
    otherwise; ``runs`` themselves where there is none."""
    texts = [shown(run, "body") for run in runs]
    owners = [index for index, text in enumerate(texts) for _ in text]
    text = "".join(texts)
    breaks = [
        at
        for at in measure.line_starts(runs, size, width, "body", bold)
        if at > 0 and held(text, at, runs, owners)
    ]
    if not breaks:
        return runs
    edits: dict[int, list[tuple[int, bool]]] = {}  # by run: (offset in it, replacing a gap)
    starts = [sum(len(piece) for piece in texts[:index]) for index in range(len(texts))]
    for at in breaks:
        owner = owners[at - 1]
        if runs[owner].style.icon is not None:
            continue
        edits.setdefault(owner, []).append((at - 1 - starts[owner], text[at - 1] in GAPS))
    return tuple(
        broken(run, texts[index], edits[index]) if index in edits else run
        for index, run in enumerate(runs)
    )


def held(text: str, at: int, runs: Runs, owners: list[int]) -> bool:
    """Return whether the word the fit starts a line with at ``at`` (or breaks at ``at``)
    holds inline code an app could break inside."""
    start = at
    while start > 0 and text[start - 1] not in GAPS and text[start - 1] != "\n":
        start -= 1
    end = at
    while end < len(text) and text[end] not in GAPS and text[end] != "\n":
        end += 1
    code = any(runs[owners[index]].style.code for index in range(start, end))
    return code and (start < at or any(char in BREAKABLE for char in text[start : end - 1]))


def broken(run: Run, text: str, edits: list[tuple[int, bool]]) -> Run:
    """Return ``run`` (drawn as ``text``) with a line break after each edit's offset: in
    place of the gap there, or after the character there."""
    chars = list(text)
    for offset, gap in sorted(edits, reverse=True):
        if gap:
            chars[offset] = "\n"
        else:
            chars.insert(offset + 1, "\n")
    return Run("".join(chars), run.style)
