"""batch: the manifest's entries and the diagnostics in them, read back from JSON in one place:
what ``to_json`` writes is read as it was, and anything else is no entry (its lesson is
exported again), never a traceback."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest

from exporter.entries import Entry, ImageEntry, OutputEntry, entry_from_json
from exporter.errors import Diagnostic, Severity, error, warning
from exporter.jobs import Listing, SlideInfo

SHA = "0123456789abcdef" * 4
ENTRY = Entry(
    source="../course/a.md",
    resolved="../course/a.md",
    sha256=SHA,
    images={
        "img/red.png": ImageEntry("../course/img/red.png", SHA),
        "gone.png": ImageEntry(None, None),
    },
    outputs={"pptx": OutputEntry("key", SHA), "handout": OutputEntry("other key", SHA)},
    diagnostics=(
        warning("no-alt", "image 'x.png' has no alt text", line=3, slide=2),
        error("image", "bad \x1b[31m bytes", line=None),
    ),
    slides=(
        SlideInfo(1, "title", "Hello", 1, 0.0, False, 1, 1),
        SlideInfo(2, "bullets", "Ünïcode", 8, 22.5, True, 2, 3),
        SlideInfo(3, "bullets", "Code", 9, 24.0, False, 1, 1, code=(18.0, 13.0)),
    ),
    listing=Listing("Shared responsibility", "Section-14", "1", language="en"),
)


def written(entry: Entry) -> Any:
    """Return the entry as it is read from the manifest file."""
    return json.loads(json.dumps(entry.to_json(), allow_nan=False))


def test_an_entry_reads_back_as_it_was_written() -> None:
    assert entry_from_json("section-1/a", written(ENTRY)) == ENTRY


def test_the_manifest_keeps_diagnostics_without_their_file() -> None:
    located = Entry(**{**vars(ENTRY), "diagnostics": (ENTRY.diagnostics[0].located("a.md"),)})
    data = written(located)
    assert data["diagnostics"] == [
        {"severity": "warning", "code": "no-alt", "message": ENTRY.diagnostics[0].message}
        | {"line": 3, "slide": 2}
    ]
    read = entry_from_json("a", data)
    assert read is not None and read.diagnostics == ENTRY.diagnostics[:1]


Damage = Callable[[dict[str, Any]], object]
DAMAGED: dict[str, Damage] = {
    "a field missing": lambda entry: entry.pop("slides"),
    "a field more": lambda entry: entry.update(extra=1),
    "no listing": lambda entry: entry.pop("listing"),
    "a listing without its title": lambda entry: entry["listing"].pop("title"),
    "a section not text": lambda entry: entry["listing"].update(section=14),
    "a quiz not true or false": lambda entry: entry["listing"].update(quiz="yes"),
    "a language not text": lambda entry: entry["listing"].update(language=3),
    "a digest in capitals": lambda entry: entry.update(sha256=SHA.upper()),
    "no digest": lambda entry: entry.update(sha256=None),
    "a path with a NUL": lambda entry: entry.update(source="a\0.md"),
    "images not an object": lambda entry: entry.update(images=[]),
    "an image not an object": lambda entry: entry["images"].update({"x": 3}),
    "an image address with a NUL": lambda entry: entry["images"].update(
        {"x\0": {"file": None, "sha256": None}}
    ),
    "an image with a field more": lambda entry: entry["images"]["gone.png"].update(size=1),
    "an unknown format": lambda entry: entry["outputs"].update(
        {"docx": {"key": "k", "sha256": SHA}}
    ),
    "an output without digest": lambda entry: entry["outputs"]["pptx"].update(sha256=None),
    "outputs as a list": lambda entry: entry.update(outputs=[1, 2]),
    "a diagnostic without code": lambda entry: entry["diagnostics"].append(
        {"severity": "warning", "code": None}
    ),
    "a diagnostic of another severity": lambda entry: entry["diagnostics"][0].update(
        severity="note"
    ),
    "a diagnostic code that is no code": lambda entry: entry["diagnostics"][0].update(
        code="No Alt"
    ),
    "a line of 0": lambda entry: entry["diagnostics"][0].update(line=0),
    "a line as true": lambda entry: entry["diagnostics"][0].update(line=True),
    "a line past 2**31": lambda entry: entry["diagnostics"][0].update(line=2**31),
    "a diagnostic naming a file that is no text": lambda entry: entry["diagnostics"][0].update(
        file=3
    ),
    "slides not a list": lambda entry: entry.update(slides={}),
    "a slide shrunk as text": lambda entry: entry["slides"][0].update(shrunk="yes"),
    "a slide without title": lambda entry: entry["slides"][0].update(title=None),
    "a slide of size NaN": lambda entry: entry["slides"][0].update(size=float("nan")),
    "a slide of size true": lambda entry: entry["slides"][0].update(size=True),
    "a slide of size 1000": lambda entry: entry["slides"][0].update(size=1000),
    "a slide numbered 0": lambda entry: entry["slides"][0].update(number=0),
    "a slide of line -1": lambda entry: entry["slides"][0].update(line=-1),
}


@pytest.mark.parametrize("damage", DAMAGED.values(), ids=DAMAGED.keys())
def test_an_entry_edited_by_hand_is_no_entry(damage: Damage) -> None:
    data = written(ENTRY)
    damage(data)
    assert entry_from_json("a", data) is None


def test_an_entry_that_is_no_object_is_no_entry() -> None:
    assert entry_from_json("a", [written(ENTRY)]) is None
    assert entry_from_json("a", None) is None


@pytest.mark.parametrize(
    "name", ["", "/a", "a//b", "./a", "a/../b", "..", "a/", "a\0b", "a\\b", "c:a"]
)
def test_an_entry_named_outside_the_output_folder_is_no_entry(name: str) -> None:
    assert entry_from_json(name, written(ENTRY)) is None


def test_what_may_vary_in_an_entry_is_read() -> None:
    data = written(ENTRY)
    data["slides"][0]["size"] = 12  # a whole number, as a hand-edited file may have it
    data["diagnostics"][0]["file"] = "a.md"  # the report's form of a diagnostic
    read = entry_from_json("a/b-c.d", data)
    assert read is not None
    assert read.slides[0].size == 12 and read.diagnostics[0].file == "a.md"


def test_a_diagnostic_reads_back_from_the_reports_form_with_its_file() -> None:
    diagnostic = Diagnostic(Severity.WARNING, "image", "m", "a.md", 3, None, excerpt="x")
    data = diagnostic.to_json()
    assert list(data) == ["severity", "code", "message", "file", "line", "slide"]
    again = Diagnostic.from_json(copy.deepcopy(data))
    assert again == Diagnostic(Severity.WARNING, "image", "m", "a.md", 3, None)


def test_the_manifest_is_json_with_one_lesson_a_line_in_name_order() -> None:
    from exporter.manifest import SCHEMA, manifest_text

    entries = {name: written(ENTRY) for name in ("b/lesson-2", "a/lesson-10", 'a/"quoted"')}
    text = manifest_text(entries)
    assert json.loads(text) == {"schema": SCHEMA, "tool": "lesson-exporter", "lessons": entries}
    lines = text.splitlines()
    assert len(lines) == len(entries) + 2  # a diff shows the lessons that changed
    assert [json.loads(f"{{{line.rstrip(',')}}}") for line in lines[1:-1]] == [
        {name: entries[name]} for name in sorted(entries)
    ]
    assert json.loads(manifest_text({}))["lessons"] == {}
