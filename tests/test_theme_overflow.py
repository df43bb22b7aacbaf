"""No slide overflows in any built-in theme: the bundled and stress lessons exported with each
theme other than the default (which ``test_overflow`` checks), printed by LibreOffice, and every
glyph found inside the box we placed it in, as ``test_overflow`` checks the default theme."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pdfplumber
import pytest

from exporter.cli import main
from exporter.theme import load_theme
from exporter.theme_files import builtin_themes
from tests.conftest import LESSONS, STRESS, Converted, built_once, need_tool
from tests.test_overflow import check_slide, laid_out

THEMES = [name for name, _ in builtin_themes() if name != "default"]


def convert(work: Path, theme: str) -> list[list[str]]:
    """Export the bundled and stress lessons with ``theme`` into ``work`` and print every deck
    with one soffice run; return each ``Converted``'s paths."""
    found = []
    for folder in (LESSONS, STRESS):
        out = work / folder.name
        flags = ["-q", "--format", "pptx", "--offline", "--theme", theme]
        assert main(["build", str(folder), "-o", str(out), *flags]) == 0
        for source in sorted(folder.rglob("*.md")):
            deck = out / source.relative_to(folder).with_suffix(".pptx")
            flat = work / "flat" / "-".join((folder.name, *deck.relative_to(out).parts))
            flat.parent.mkdir(exist_ok=True)
            flat.write_bytes(deck.read_bytes())
            printed = work / "pdf" / flat.with_suffix(".pdf").name
            found.append(Converted(source, folder, flat, printed, deck.with_suffix(".pdf")))
    profile = (work / "profile").as_uri()
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to"]
    command += ["pdf", "--outdir", str(work / "pdf"), *(str(c.deck) for c in found)]
    subprocess.run(command, check=True, capture_output=True, timeout=900)
    return [[str(c.source), str(c.root), str(c.deck), str(c.pdf), str(c.slides)] for c in found]


@pytest.mark.parametrize("name", THEMES)
def test_every_glyph_stays_inside_its_box_in_every_theme(
    name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    need_tool("soffice")
    _, rows = built_once(tmp_path_factory, f"libreoffice-{name}", lambda w: convert(w, name))
    theme = load_theme(name)
    problems: list[str] = []
    for row in rows:
        lesson = Converted(*(Path(path) for path in row))
        laid = laid_out(lesson, theme)
        with pdfplumber.open(lesson.pdf) as pdf:
            assert len(pdf.pages) == len(laid.slides), lesson.deck.name
            for page, placed in zip(pdf.pages, laid.slides, strict=True):
                problems.extend(check_slide(lesson, laid, placed, page))
    assert not problems, "\n".join(problems[:30])
