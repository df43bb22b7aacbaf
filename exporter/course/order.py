"""course: the order of a course's lessons, from their front matter's numbers.

Lessons go by their ``section``, then their ``lesson``, each compared by the numbers in it
first, whatever words they are written with (``Section-2`` before ``Section-10`` and
``Abschnitt-22``, ``1.10`` after ``1.9``), then by path in natural order. A lesson with
neither number goes after the numbered lessons of its folder (at the end when its folder has
none), with a note, since nothing says where it belongs; so do two lessons of the same
numbers, which a copied front matter gives.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from pathlib import Path

from exporter.jobs import Result

CHUNKS = re.compile(r"(\d+)")
Natural = tuple[tuple[int, int | str], ...]
"""A text's key in natural order: its runs of digits as numbers, the rest folded to lower
case."""


def natural(text: str) -> Natural:
    """Return ``text``'s key in natural order (``Section-2`` before ``Section-10``)."""
    return tuple(
        (0, int(chunk)) if chunk.isdigit() else (1, chunk.casefold())
        for chunk in CHUNKS.split(text)
        if chunk
    )


def path_key(result: Result) -> tuple[Natural, ...]:
    """Return the lesson's path in natural order, folder by folder."""
    return tuple(natural(part) for part in Path(result.job.display).parts)


def numbered(result: Result) -> bool:
    """Return whether the lesson's front matter gives it a section or a lesson number."""
    listing = result.listing
    return listing is not None and bool(listing.section or listing.lesson)


Numbered = tuple[int, tuple[int, ...], Natural]
"""A section's or a lesson's key: its numbers first, whatever words they are written with."""


def numbers_first(value: str) -> Numbered:
    """Return a section's or lesson's key: by the numbers in it (``Abschnitt-22`` after
    ``Section-14``, ``1.10`` after ``1.9``), then by its text in natural order; a value with
    no number after those with one."""
    numbers = tuple(int(chunk) for chunk in CHUNKS.findall(value))
    return (0 if numbers else 1, numbers, natural(value))


def number_key(result: Result) -> tuple[tuple[int, Numbered | tuple[()]], ...]:
    """Return the lesson's place by its numbers: a missing one after those given."""
    listing = result.listing
    assert listing is not None
    return tuple(
        (1, ()) if value is None else (0, numbers_first(value))
        for value in (listing.section, listing.lesson)
    )


def course_order(results: Iterable[Result]) -> tuple[list[Result], list[str]]:
    """Return the lessons in the course's order, and a note for each lesson placed without
    numbers and for each pair of lessons numbered alike (two lessons 2 of section 14 are
    listed by path, and the contents would show "2." twice)."""
    results = list(results)
    ordered = sorted(
        (result for result in results if numbered(result)),
        key=lambda result: (number_key(result), path_key(result)),
    )
    notes = [
        f"{result.job.display}: the same section and lesson numbers as {before.job.display} "
        "in its front matter; placed after it, by path"
        for before, result in itertools.pairwise(ordered)
        if result.listing is not None
        and result.listing.lesson
        and number_key(before) == number_key(result)
    ]
    for result in sorted((r for r in results if not numbered(r)), key=path_key):
        folder = Path(result.job.display).parent
        last = max(
            (i for i, r in enumerate(ordered) if Path(r.job.display).parent == folder),
            default=len(ordered) - 1,
        )
        ordered.insert(last + 1, result)
        if result.listing is None:  # it failed: its failure is told already
            continue
        notes.append(
            f"{result.job.display}: no section or lesson number in its front matter; placed "
            "after the numbered lessons of its folder"
        )
    return ordered, notes
