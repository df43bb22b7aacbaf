"""End to end: every bundled lesson exported, opened by LibreOffice, and read back from its PDF.

LibreOffice is the real client here: it must open each deck without complaint, lay out one page
per slide, and show every piece of text we wrote (checked with poppler's pdftotext).
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from pptx import Presentation

from exporter.cli import main
from tests.conftest import LESSONS, need_tool


def squeeze(text: str) -> str:
    """Return ``text`` without white space, ligatures unfolded, for layout-proof comparison."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def slide_texts(slide: object) -> list[str]:
    """Return every paragraph of text on a slide: text boxes, placeholders and table cells."""
    texts = []
    for shape in slide.shapes:  # type: ignore[attr-defined]
        frames = [shape.text_frame] if shape.has_text_frame else []
        if shape.has_table:
            frames = [cell.text_frame for row in shape.table.rows for cell in row.cells]
        texts.extend(p.text for frame in frames for p in frame.paragraphs if p.text.strip())
    return texts


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[Path, Path]]:
    """Export lessons/ and convert every deck to PDF with LibreOffice (one soffice run)."""
    need_tool("soffice", "pdftotext", "pdfinfo")
    work = tmp_path_factory.mktemp("libreoffice")
    assert main(["build", str(LESSONS), "-o", str(work / "dist"), "-q"]) == 0
    decks = []
    for deck in sorted((work / "dist").rglob("*.pptx")):
        flat = work / "flat" / "-".join(deck.relative_to(work / "dist").parts)
        flat.parent.mkdir(exist_ok=True)
        flat.write_bytes(deck.read_bytes())
        decks.append(flat)
    profile = (work / "profile").as_uri()
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(work / "pdf"),
            *map(str, decks),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    return [(deck, work / "pdf" / deck.with_suffix(".pdf").name) for deck in decks]


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match is not None
    return int(match.group(1))


def page_text(pdf: Path, page: int) -> str:
    command = ["pdftotext", "-raw", "-f", str(page), "-l", str(page), str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def test_every_bundled_lesson_was_converted(converted: list[tuple[Path, Path]]) -> None:
    assert len(converted) == len(list(LESSONS.rglob("*.md"))) >= 6
    for _deck, pdf in converted:
        assert pdf.is_file(), f"LibreOffice did not convert {pdf.stem}"


def test_one_page_per_slide(converted: list[tuple[Path, Path]]) -> None:
    for deck, pdf in converted:
        assert page_count(pdf) == len(Presentation(str(deck)).slides), deck.name


def test_every_slide_shows_all_its_text(converted: list[tuple[Path, Path]]) -> None:
    for deck, pdf in converted:
        for number, slide in enumerate(Presentation(str(deck)).slides, start=1):
            shown = squeeze(page_text(pdf, number))
            for text in slide_texts(slide):
                assert squeeze(text) in shown, f"{deck.name} slide {number}: {text!r} missing"
