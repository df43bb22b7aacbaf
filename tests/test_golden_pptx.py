"""write (PPTX): golden decks, compared XML part by XML part (never zip bytes).

The golden parts live in ``tests/golden/NAME/``, canonicalised and indented so that a change
reads as a diff. ``UPDATE_GOLDEN=1`` rewrites them; read the diff before committing it.
"""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from exporter.jobs import Job
from exporter.options import Options
from exporter.pipeline import export_lesson
from exporter.theme import load_theme
from tests.conftest import LESSONS, SEED

GOLDEN = Path(__file__).parent / "golden"
FIXTURES = Path(__file__).parent / "fixtures" / "build"
CASES = {"seed": SEED, "content": FIXTURES / "content.md", "directives": FIXTURES / "directives.md"}
# The parts we write, the theme's master, layouts and theme part among them (the notes master
# and the rest of the package are python-pptx's).
OURS = (
    "[Content_Types].xml",
    "docProps/core.xml",
    "ppt/presentation.xml",
    "ppt/slides/",
    "ppt/notesSlides/",
    "ppt/slideMasters/",
    "ppt/slideLayouts/",
    "ppt/theme/theme1.xml",
)


def normalise(data: bytes) -> str:
    """Return an XML part canonicalised and indented."""
    tree = etree.fromstring(data, etree.XMLParser(remove_blank_text=True))
    canonical = etree.fromstring(etree.tostring(tree, method="c14n"))
    etree.indent(canonical, space="  ")
    return etree.tostring(canonical, encoding="unicode") + "\n"


def parts_of(deck: bytes) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(deck)) as archive:
        return {
            name: normalise(archive.read(name))
            for name in sorted(archive.namelist())
            if name.startswith(OURS) and (name.endswith(".xml") or name.endswith(".rels"))
        }


@pytest.mark.parametrize("name", sorted(CASES))
def test_deck_matches_golden_parts(name: str, tmp_path: Path) -> None:
    source = CASES[name]
    job = Job(source, source.name, tmp_path / source.stem, LESSONS)
    assert export_lesson(job, Options(), load_theme()).status == "exported"
    actual = parts_of((tmp_path / f"{source.stem}.pptx").read_bytes())
    folder = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        for part, text in actual.items():
            target = folder / part
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    expected = {
        path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    assert sorted(actual) == sorted(expected)
    for part, text in actual.items():
        assert text == expected[part], f"{name}: {part} differs from the golden copy"
