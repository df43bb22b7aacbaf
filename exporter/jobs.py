"""batch: the data a batch passes around: a lesson to export (``Job``), how it went
(``Result``, with its ``Status``) and what the report says of each slide (``SlideInfo``).

These are plain data, apart from the pipeline: the console, the reports and the manifest read
them without importing a stage or a library the stages use (python-pptx, WeasyPrint, Pillow,
mistune).
"""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from exporter.errors import (
    JSON,
    Diagnostic,
    Severity,
    json_count,
    json_list,
    json_object,
    json_text,
)
from exporter.model import Evidence, Signal, Verdict
from exporter.options import Options, output_file

if TYPE_CHECKING:
    from exporter.resources import Read


class Status(enum.StrEnum):
    """How a lesson ended; its value is the word the console, reports and JSON show."""

    EXPORTED = "exported"
    """Its outputs were written now."""
    SKIPPED = "skipped"
    """Its outputs were up to date (see ``manifest``)."""
    CHECKED = "checked"
    """It was checked (``lesson-export check``), writing nothing."""
    FAILED = "failed"
    """Nothing was written."""


class Stop(enum.StrEnum):
    """The code of a lesson's error when it was stopped, or hit a bug: it could not run to its
    end (rather than being failed by its input)."""

    TIMEOUT = "timeout"
    """It ran past ``--timeout``."""
    MEMORY = "memory"
    """It needed more than ``--memory-limit``, or than the system would give."""
    INTERNAL = "internal"
    """A bug in the exporter, or its worker was lost."""
    INTERRUPTED = "interrupted"
    """The build was stopped (Ctrl-C, SIGTERM) before the lesson was done: the reports say so."""


STOPPED = frozenset(stop.value for stop in Stop)
"""The codes of ``Stop``, as plain text (a diagnostic's code is text)."""


@dataclass(frozen=True)
class Job:
    """One lesson to export."""

    source: Path
    """The lesson file."""
    display: str
    """How to name it in messages (as the user wrote it)."""
    stem: Path
    """The output path without its extension."""
    root: Path
    """The course root for site-root image paths."""
    refused: str | None = None
    """Why the lesson must not be read at all (a link out of the course), if it must not."""

    def output(self, extension: str) -> Path:
        """Return the output file with ``extension`` (``week.1`` gives ``week.1.pptx``)."""
        return self.stem.with_name(f"{self.stem.name}.{extension}")

    def file(self, name: str) -> Path:
        """Return the file of the output ``name`` (``options.output_file``), each worked out
        once: a build asks for a lesson's files a dozen times."""
        found = self.files.get(name)
        if found is None:
            found = self.files[name] = output_file(self.stem, name)
        return found

    @functools.cached_property
    def files(self) -> dict[str, Path]:
        """The files of the outputs ``file`` was asked for, by name."""
        return {}

    def outputs(self, options: Options) -> list[Path]:
        """Return every output file the options ask for, in the order of ``options.outputs``."""
        return [self.file(output.name) for output in options.outputs]


@dataclass
class Made:
    """What a lesson's outputs are made from (the manifest keeps it, to tell when to rebuild)."""

    lesson: str = ""
    """The SHA-256 of the lesson's bytes."""
    images: dict[str, Read] = field(default_factory=dict)
    """What each image was had from, by its address in the lesson."""


@dataclass(frozen=True)
class Asked:
    """What the report says of a slide's quiz question."""

    number: int
    """The question's number."""
    line: int
    """The source line it starts on."""
    correct: tuple[str, ...]
    """The letters of its right answers (none when none is marked)."""

    def to_json(self) -> dict[str, JSON]:
        """Return the question as the report and the manifest write it."""
        return {"number": self.number, "line": self.line, "correct": list(self.correct)}

    @classmethod
    def from_json(cls, data: object) -> Asked:
        """Return the question ``to_json`` gave as ``data``; raises ``ValueError``."""
        fields = json_object(data, ("number", "line", "correct"))
        letters = tuple(json_text(letter) for letter in json_list(fields["correct"]))
        return cls(json_count(fields["number"], 0), json_count(fields["line"], 0), letters)


@dataclass(frozen=True)
class SlideInfo:
    """What the report says of one slide."""

    number: int
    layout: str
    title: str
    line: int
    size: float
    """The body text's size in points (0 on the title slide)."""
    shrunk: bool
    """Whether the text is smaller than the theme's sizes so that it fits."""
    part: int
    parts: int
    """The slide is part ``part`` of the ``parts`` slides its page became."""
    comparison: Verdict | None = None
    """On a two-column slide the build laid out, the evidence that decided it."""
    question: Asked | None = None
    """On a slide whose page is a quiz question, the question."""
    code: tuple[float, ...] = ()
    """The size of each code block on the slide, in points, in order: its share of the body's,
    or smaller where a line would wrap at that (none on a slide without code)."""

    def to_json(self) -> dict[str, JSON]:
        """Return the slide as the report and the manifest write it (as ``from_json`` reads
        it)."""
        data: dict[str, JSON] = {
            "number": self.number,
            "layout": self.layout,
            "title": self.title,
            "line": self.line,
            "size": self.size,
            "shrunk": self.shrunk,
            "part": self.part,
            "parts": self.parts,
        }
        if self.comparison is not None:
            data["comparison"] = verdict_json(self.comparison)
        if self.question is not None:
            data["question"] = self.question.to_json()
        if self.code:
            data["code"] = list(self.code)
        return data

    @classmethod
    def from_json(cls, data: object) -> SlideInfo:
        """Return the slide ``to_json`` gave as ``data``.

        Raises ``ValueError`` for data it cannot have given.
        """
        fields = json_object(data, SLIDE_KEYS, ("comparison", "question", "code"))
        size, shrunk = text_size(fields["size"]), fields["shrunk"]
        if not isinstance(shrunk, bool):
            raise ValueError(f"not true or false: {shrunk!r}")
        return cls(
            json_count(fields["number"]),
            json_text(fields["layout"]),
            json_text(fields["title"]),
            json_count(fields["line"], 0),
            size,
            shrunk,
            json_count(fields["part"]),
            json_count(fields["parts"]),
            verdict_from(fields["comparison"]) if "comparison" in fields else None,
            Asked.from_json(fields["question"]) if "question" in fields else None,
            tuple(map(text_size, json_list(fields["code"]))) if "code" in fields else (),
        )


def text_size(data: object) -> float:
    """Return the text size ``data`` is; raises ``ValueError`` for anything else."""
    if isinstance(data, bool) or not isinstance(data, int | float) or not 0 <= data < 1000:
        raise ValueError(f"not a text size: {data!r}")
    return data


SLIDE_KEYS = ("number", "layout", "title", "line", "size", "shrunk", "part", "parts")


def verdict_json(verdict: Verdict) -> dict[str, JSON]:
    """Return why a slide has two columns as the report writes it."""
    return {
        "score": verdict.score,
        "reason": verdict.reason,
        "evidence": [
            {"signal": item.signal.value, "weight": item.weight, "detail": item.detail}
            for item in verdict.evidence
        ],
    }


def verdict_from(data: object) -> Verdict:
    """Return the verdict ``verdict_json`` gave as ``data``; raises ``ValueError``."""
    fields = json_object(data, ("score", "reason", "evidence"))
    evidence = []
    for item in json_list(fields["evidence"]):
        parts = json_object(item, ("signal", "weight", "detail"))
        weight = parts["weight"]
        if type(weight) is not int:
            raise ValueError(f"not a weight: {weight!r}")
        evidence.append(Evidence(Signal(parts["signal"]), weight, json_text(parts["detail"])))
    verdict = Verdict(tuple(evidence), True, json_text(fields["reason"]))
    if verdict.score != fields["score"]:
        raise ValueError(f"the score is not the sum of the weights: {fields['score']!r}")
    return verdict


@dataclass(frozen=True)
class Listing:
    """How a lesson is listed in the course (the book's contents, the index page): its title
    and the front matter's section and lesson, as written."""

    title: str
    section: str | None = None
    lesson: str | None = None
    quiz: bool = False
    """Whether the lesson is a quiz."""
    language: str | None = None
    """The language its title is in (its deck's), where known."""

    def to_json(self) -> dict[str, JSON]:
        """Return the listing as the report and the manifest write it."""
        return {
            "title": self.title,
            "section": self.section,
            "lesson": self.lesson,
            "quiz": self.quiz,
            "language": self.language,
        }

    @classmethod
    def from_json(cls, data: object) -> Listing:
        """Return the listing ``to_json`` gave as ``data``; raises ``ValueError``."""
        fields = json_object(data, ("title", "section", "lesson", "quiz"), ("language",))
        quiz = fields["quiz"]
        if not isinstance(quiz, bool):
            raise ValueError(f"not true or false: {quiz!r}")
        section, lesson = fields["section"], fields["lesson"]
        language = fields.get("language")
        return cls(
            json_text(fields["title"]),
            None if section is None else json_text(section),
            None if lesson is None else json_text(lesson),
            quiz,
            None if language is None else json_text(language),
        )


@dataclass(frozen=True)
class Result:
    """How one lesson's export went."""

    job: Job
    status: Status
    outputs: tuple[Path, ...]
    diagnostics: tuple[Diagnostic, ...]
    slides: tuple[SlideInfo, ...] = ()
    removed: tuple[Path, ...] = ()
    """Outputs of an earlier export that a failure removed, so that none is mistaken for new."""
    seconds: float = 0.0
    """How long the lesson took."""
    lesson: str = ""
    """The SHA-256 of the lesson's bytes, as they were read (see ``manifest``)."""
    images: tuple[tuple[str, Read], ...] = ()
    """What each image was had from, by its address in the lesson."""
    digests: tuple[str, ...] = ()
    """The SHA-256 of each of ``outputs``."""
    listing: Listing | None = None
    """How the lesson is listed in the course (``None`` when it could not be read)."""

    @property
    def shrunk(self) -> int:
        """How many slides have text smaller than the theme's sizes so that it fits."""
        return sum(slide.shrunk for slide in self.slides)

    @property
    def continued(self) -> int:
        """How many slides continue a page that did not fit on one."""
        return sum(slide.part > 1 for slide in self.slides)

    @property
    def warnings(self) -> int:
        """How many warnings the lesson had."""
        return sum(d.severity is Severity.WARNING for d in self.diagnostics)

    @property
    def stopped(self) -> bool:
        """Whether the lesson failed because it could not run to its end (``Stop``)."""
        return any(d.code in STOPPED for d in self.diagnostics)
