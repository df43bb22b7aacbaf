"""fit: inline code in a sentence breaks only where the fit breaks its line.

The fit sets a paragraph's words at its spaces, and a word of inline code that does not fit
the rest of a line goes whole to the next (``measure.Setter``). PowerPoint, LibreOffice and
WeasyPrint break a line after a hyphen or a slash as well, so a word of inline code that
the fit moved to the next line was drawn broken there (``--region eu-`` / ``west-1``,
``get-caller-`` / ``identity``): other lines than the fit measured, and an option or a
command read, and copied, in two pieces.

So where the fit starts a line with a word that holds inline code a renderer could break
inside (``BREAKABLE``), the paragraph's text gets a line break of its own (``\\n``: ``a:br``
in the deck, ``<br>`` in the slide PDF) in place of the sentence's space before it: every
app starts the line where the fit did, and none has a reason left to break the word.
Nothing is added to the code itself, which copies as the ASCII it was, nor is a space inside
the code replaced (``aws s3 ls`` / ``s3://...`` would copy from the deck as two commands):
where the fit breaks a span of code at its own space, the line break goes before the whole
span where the paragraph takes no more lines so, and is left to the apps where it would.
Other lines are left to wrap as they do, so that the deck's text still reflows where a
teacher edits it.
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
    inches, starts a line with a word of inline code an app could break inside, in place of
    the sentence's space before it, or before the span of code it is in, where that takes
    no more lines; ``runs`` themselves where there is none."""
    most = measure.count_lines(runs, size, width, bold=bold)
    tried: set[int] = set()
    while True:
        texts = [shown(run, "body") for run in runs]
        owners = [index for index, text in enumerate(texts) for _ in text]
        text = "".join(texts)
        starts = measure.line_starts(runs, size, width, "body", bold)
        at = next((at for at in starts if at not in tried and held(text, at, runs, owners)), 0)
        if not at:
            return runs
        tried.add(at)
        gap = gap_before(text, at, runs, owners)
        if gap is None:
            continue
        owner = owners[gap]
        offset = gap - sum(len(piece) for piece in texts[:owner])
        runs_now = (*runs[:owner], broken(runs[owner], texts[owner], offset), *runs[owner + 1 :])
        if measure.count_lines(runs_now, size, width, bold=bold) <= most:
            runs = runs_now


def gap_before(text: str, at: int, runs: Runs, owners: list[int]) -> int | None:
    """Return the offset of the sentence's space a line break may take the place of, for a
    line the fit starts at ``at``: the one before it, or, where ``at`` follows a space
    inside a span of code, the one before that span (``None``: there is none)."""
    start = at
    while start > 0 and runs[owners[start - 1]].style.code:
        start -= 1
    if start == 0 or text[start - 1] not in GAPS or not plain(runs[owners[start - 1]]):
        return None
    return start - 1


def plain(run: Run) -> bool:
    """Return whether a line break may take the place of a gap in ``run``: not in code,
    which would copy as two lines (``aws s3 ls`` / ``s3://...`` run as two commands), nor
    in an inline icon's run, drawn as a spaced gap."""
    return not run.style.code and run.style.icon is None


def held(text: str, at: int, runs: Runs, owners: list[int]) -> bool:
    """Return whether the word the fit starts a line with at ``at`` holds inline code an
    app could break inside."""
    end = at
    while end < len(text) and text[end] not in GAPS and text[end] != "\n":
        end += 1
    code = any(runs[owners[index]].style.code for index in range(at, end))
    return code and any(char in BREAKABLE for char in text[at : end - 1])


def broken(run: Run, text: str, gap: int) -> Run:
    """Return ``run`` (drawn as ``text``) with a line break in place of its ``gap``."""
    return Run(text[:gap] + "\n" + text[gap + 1 :], run.style)
