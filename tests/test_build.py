"""build: Markdown in, a readable dump of the slide model out, for every construct.

Each ``tests/fixtures/build/NAME.md`` has its expected dump in ``NAME.dump``: the deck as
``exporter.dump`` writes it, then the diagnostics. ``UPDATE_GOLDEN=1`` rewrites the dumps;
read the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from exporter.builder import build_deck, subtitle_of
from exporter.dump import dump_deck
from exporter.parse import parse_markdown
from exporter.source import Meta, parse_source, read_source

FIXTURES = Path(__file__).parent / "fixtures" / "build"
CASES = sorted(FIXTURES.glob("*.md"))


def dump_lesson(path: Path) -> str:
    source = read_source(path)
    pages = [parse_markdown(page.text) for page in source.pages]
    deck, diagnostics = build_deck(source, pages, path.stem)
    lines = [
        f"{d.severity.value} {d.code} line {d.line} slide {d.slide}: {d.message}"
        for d in (*read_source(path).diagnostics, *diagnostics)
    ]
    return dump_deck(deck) + "".join(f"! {line}\n" for line in lines)


@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_build_fixture(case: Path) -> None:
    expected = case.with_suffix(".dump")
    actual = dump_lesson(case)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        expected.write_text(actual, encoding="utf-8")
    assert actual == expected.read_text(encoding="utf-8")


def test_every_fixture_has_a_dump() -> None:
    assert len(CASES) >= 12
    assert all(case.with_suffix(".dump").is_file() for case in CASES)


@pytest.mark.parametrize(
    ("meta", "subtitle"),
    [
        (Meta(section="Section-14", lesson="1"), "Section 14 · Lesson 1"),
        (Meta(section="7", lesson="Lesson 3"), "Section 7 · Lesson 3"),
        (Meta(lesson="0"), "Lesson 0"),
        (Meta(), ""),
    ],
)
def test_subtitle(meta: Meta, subtitle: str) -> None:
    assert subtitle_of(meta) == subtitle


@pytest.mark.parametrize(
    ("text", "warned"),
    [
        ("The mean is $\\bar{x} = \\frac{1}{n}\\sum x_i$ over the sample.", True),
        ("- A list item: $$\\sigma^2$$ is the variance", True),
        ("| a | b |\n|---|---|\n| $\\alpha$ | 1 |", True),
        ("It costs $5 or $10, and the shell's `$HOME` is `\\home`.", False),
        ("```bash\necho \"$PATH\" | sed 's/\\n/ /'\n```", False),
        ("Run `export X=$\\HOME$` first.", False),
    ],
)
def test_tex_math_in_the_text_is_said_to_be_shown_as_written(text: str, warned: bool) -> None:
    """A data lesson's '$\\bar{x} = \\frac{1}{n}\\sum…$' came out verbatim with no word said;
    a dollar sign in code or in prices is not math."""
    source = parse_source(f"---\ntitle: Stats\n---\n\n## Mean\n\n{text}\n".encode())
    _, diagnostics = build_deck(source, [page.blocks for page in source.pages], "stats")
    found = [d for d in diagnostics if d.code == "math"]
    assert bool(found) is warned, diagnostics
    if warned:
        assert "not typeset" in found[0].message and found[0].line is not None
        assert found[0].line >= 7


@pytest.mark.parametrize(
    ("text", "lines"),
    [
        ("Speaker notes: ask who has used a VPN.", [7]),
        ("**Speaker notes:** remind them the lab is due Friday.", [7]),
        ("*Presenter's note*: pause.\n\n<!-- pagebreak -->\n\nTEACHER NOTES: slow down.", [7, 11]),
        ("> Instructor notes: the quiz follows.", [7]),
        ("<!-- Speaker notes: the slide's own notes -->\n\nSpeaker notes: but this is shown.", [9]),
        ("Speaker notes: one.\n\nSpeaker notes: two.", [7, 9]),
        ("<!--\nSpeaker notes: hidden\n-->\n\nSpeaker notes: shown.", [11]),
        ("Speaker\u2019s notes: a curly apostrophe.\n\nSpeakers' notes: theirs.", [7, 9]),
        ("On the left.\n\n<!-- column -->\n\nSpeaker notes: in the right column.", [11]),
        ("<!-- Speaker notes: hidden, as they should be -->", []),
        ("Speaker notes are what the presenter sees, not the room.", []),
        ("- **Speaker notes**: what PowerPoint shows the presenter alone", []),
        ("Note: the free tier ends after a year.", []),
    ],
)
def test_speaker_notes_written_as_the_slides_text_are_said_to_show(
    text: str, lines: list[int]
) -> None:
    """A review course's 'Speaker notes: Encourage students to...' paragraph went on the
    slides, the students' edition's too, with no word said, where a misspelt '<!-- ntoes:'
    warns. A paragraph opening with a notes' label warns at its line; notes in a comment, a
    sentence about speaker notes and a list of terms do not."""
    source = parse_source(f"---\ntitle: Talks\n---\n\n## Start\n\n{text}\n".encode())
    _, diagnostics = build_deck(source, [page.blocks for page in source.pages], "talks")
    found = [d for d in diagnostics if d.code == "visible-notes"]
    assert [d.line for d in found] == lines, diagnostics
    assert all("<!-- notes: ... -->" in d.message for d in found)
