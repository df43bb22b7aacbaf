"""fit: a paragraph cut where its sentences begin, so that it may go on on the next slide.

Nothing is ever split inside a sentence.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from exporter.model import Run, Runs, plain_text

SENTENCE_END = re.compile(
    r"[.!?][\"'\u2019\u201d)\]]*\s+(?=[A-Z0-9\"'\u2018\u201c(\[]|[^\x00-\u024f])|[\u3002\uff01\uff1f]"
)
"""Where a sentence ends: a paragraph taller than a slide may continue on the next there."""
ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "prof", "st", "vs", "no", "fig", "approx"})
"""Words whose full stop does not end a sentence."""


def sentence_ends(text: str) -> list[int]:
    """Return the offsets in ``text`` where a sentence after the first begins.

    A sentence ends at ``.``, ``!`` or ``?`` (closing quotes and brackets kept with it) before
    white space and a capital, a digit or an opening quote; or at an ideographic full stop. A
    word with a full stop inside it (``e.g.``, ``U.S.``) is an abbreviation, not an end.
    """
    ends = []
    for match in SENTENCE_END.finditer(text):
        word = word_before(text, match.start())
        if "." in word.rstrip(".") or word.lower().rstrip(".") in ABBREVIATIONS:
            continue
        ends.append(match.end())
    return ends


def word_before(text: str, end: int) -> str:
    """Return the last word of ``text[:end]`` (white space after it skipped; ``""`` if none),
    looking no further back than that word."""
    while end > 0 and text[end - 1].isspace():
        end -= 1
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def sentences(runs: Runs) -> list[Runs]:
    """Return ``runs`` cut where sentences begin (the space after a sentence stays with it)."""
    cuts = [*sentence_ends(plain_text(runs)), -1]
    found: list[list[Run]] = [[]]
    start = 0
    next_cut = 0
    for run in runs:
        at = 0
        while cuts[next_cut] >= 0 and cuts[next_cut] <= start + len(run.text):
            cut = cuts[next_cut] - start
            next_cut += 1
            if cut > at:
                found[-1].append(Run(run.text[at:cut], run.style))
            found.append([])
            at = cut
        if at < len(run.text):
            found[-1].append(Run(run.text[at:], run.style))
        start += len(run.text)
    return [tuple(piece) for piece in found if piece]


def joined(pieces: Sequence[Runs]) -> Runs:
    """Return sentences joined into one paragraph's runs, the trailing space dropped."""
    runs = list(itertools.chain.from_iterable(pieces))
    last = runs[-1]
    runs[-1] = Run(last.text.rstrip(), last.style)
    return tuple(runs)
