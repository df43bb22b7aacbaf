"""No slide overflows in any built-in theme: the bundled and stress lessons exported with each
theme other than the default (which ``test_overflow`` checks), printed by LibreOffice, and every
glyph found inside the box we placed it in, as ``test_overflow`` checks the default theme."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporter.theme import load_theme
from exporter.theme_files import builtin_themes
from tests.conftest import (
    Converted,
    built_once,
    converted_row,
    export_lessons,
    need_tool,
    print_decks,
)
from tests.glyphs import pages_of
from tests.test_overflow import check_slide, laid_out

THEMES = [name for name, _ in builtin_themes() if name != "default"]


def printed_in(name: str, factory: pytest.TempPathFactory) -> list[Converted]:
    """Return the bundled and stress lessons exported with the theme ``name`` (deck and slide
    PDF) and their decks printed by LibreOffice, built once for the run (``test_agreement``
    compares the slide PDFs with LibreOffice's print)."""
    _, found = built_once(factory, "libreoffice-themes", convert_themes)
    return [Converted(*(Path(path) for path in row)) for row in found[name]]


def convert_themes(work: Path) -> dict[str, list[list[str]]]:
    """Export the bundled and stress lessons with each of ``THEMES`` into ``work`` and print
    all their decks in one soffice (a soffice a theme took about 1.6 s of CPU more); return
    each theme's name → each ``Converted``'s paths."""
    found = {
        name: export_lessons(
            work, "--format", "pptx,pdf", "--offline", "--theme", name, prefix=f"{name}-"
        )
        for name in THEMES
    }
    print_decks([c.deck for lessons in found.values() for c in lessons], work / "pdf", work)
    return {name: [converted_row(c) for c in lessons] for name, lessons in found.items()}


@pytest.mark.parametrize("name", THEMES)
def test_every_glyph_stays_inside_its_box_in_every_theme(
    name: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    need_tool("soffice")
    theme = load_theme(name)
    problems: list[str] = []
    for lesson in printed_in(name, tmp_path_factory):
        laid = laid_out(lesson, theme)
        pages = pages_of(lesson.pdf)
        assert len(pages) == len(laid.slides), lesson.deck.name
        for page, placed in zip(pages, laid.slides, strict=True):
            problems.extend(check_slide(lesson, laid, placed, page))
    assert not problems, "\n".join(problems[:30])
