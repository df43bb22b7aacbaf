"""Footnotes (``## Why NAT exists[^1]`` and ``[^1]: NAT is not a security feature``): the
reference a raised number, the note set small and muted after its slide's body, measured by
the fit as any text; a note nothing on its page refers to is warned of with its line."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from pptx import Presentation

from exporter import tokens
from exporter.builder.footnotes import FOOTNOTE_SCALE, footnote_block
from exporter.cli import main
from exporter.model import Paragraph, Script, Tone
from exporter.parse import parse_markdown
from exporter.tokens import FootnoteRef, Heading, Text
from tests.conftest import page_text

LESSON = (
    "---\ntitle: Addressing\n---\n\n## Why NAT exists[^1]\n\n"
    "- IPv4 has about 4.3 billion addresses[^addr]\n"
    "- A home router shares one[^1] public address\n\n"
    "[^1]: NAT is not a security feature: a firewall is.\n"
    "[^addr]: Two to the power of 32.\n"
)


def built(tmp_path: Path, text: str, formats: str) -> Path:
    path = tmp_path / "notes.md"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "-q", "--jobs", "1", "-o", str(out), "--format", formats, str(path)]) == 0
    return out


def test_the_parser_types_a_reference_with_its_note() -> None:
    (heading,) = parse_markdown("## Why[^n]\n\n[^n]: Because\n  of *that*.\n")
    assert isinstance(heading, Heading)
    ref = heading.children[-1]
    assert isinstance(ref, FootnoteRef) and (ref.key, ref.number) == ("N", 1)  # case folded
    assert ref.note[0] == Text("Because")


def test_the_deck_raises_the_reference_and_sets_the_note_small_and_muted(tmp_path: Path) -> None:
    deck = Presentation(str(built(tmp_path, LESSON, "pptx") / "notes.pptx"))
    slide = deck.slides[1]
    title = slide.shapes.title.text_frame.paragraphs[0].runs
    assert [run.text for run in title] == ["Why NAT exists", "1"]
    assert title[1]._r.rPr.get("baseline") == "30000"
    paragraphs = [p for s in slide.shapes if s.has_text_frame for p in s.text_frame.paragraphs]
    texts = ["".join(run.text for run in p.runs) for p in paragraphs]
    assert "1 NAT is not a security feature: a firewall is." in texts
    assert "2 Two to the power of 32." in texts
    assert not any("[^" in text for text in texts)
    body = next(p for p in paragraphs if p.runs and p.runs[0].text.startswith("IPv4"))
    note = paragraphs[texts.index("2 Two to the power of 32.")]
    size, small = body.runs[0]._r.rPr.get("sz"), note.runs[-1]._r.rPr.get("sz")
    assert int(small) == round(int(size) / 100 * FOOTNOTE_SCALE) * 100


def test_the_slide_pdf_and_the_handout_show_the_notes_not_their_marks(tmp_path: Path) -> None:
    out = built(tmp_path, LESSON, "pdf,handout")
    for pdf in (out / "notes.pdf", out / "notes.handout.pdf"):
        text = page_text(pdf)
        assert "NAT is not a security feature" in text and "[^" not in text


def test_a_long_page_keeps_its_notes_inside_the_slide(tmp_path: Path) -> None:
    items = "".join(f"- Route {n} leads to network 10.{n}.0.0/16[^{n}]\n" for n in range(1, 15))
    notes = "".join(
        f"[^{n}]: Learned from a neighbour over BGP, {n} hops away.\n" for n in range(1, 15)
    )
    out = built(tmp_path, f"---\ntitle: Routes\n---\n\n## Routes\n\n{items}\n{notes}", "pdf")
    with pdfplumber.open(out / "notes.pdf") as pdf:
        pages = pdf.pages[1:]
        for page in pages:
            words = page.extract_words()
            footer = max(w["top"] for w in words)  # the footer's line
            notes_here = [w for w in words if w["text"] == "neighbour"]
            assert all(w["bottom"] < footer for w in notes_here)
            assert all(w["x1"] <= page.width for w in words)
        shown = sum(page.extract_text().count("neighbour") for page in pages)
    assert shown == 14 and len(pages) > 1  # every note, on slides that hold them


def test_a_note_nothing_refers_to_is_warned_of_with_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "unused.md"
    text = "# Lesson\n\nText[^used].\n\n[^used]: Shown.\n[^Gone]: Never referred to.\n"
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "--jobs", "1", "-o", str(out), "--format", "pptx", str(path)]) == 0
    err = capsys.readouterr().err
    assert f"{path}:6: warning: the footnote [^Gone] is referred to nowhere" in err
    assert "[^used]" not in err and "Traceback" not in err


def test_the_note_is_a_small_muted_paragraph_opening_with_its_number() -> None:
    (paragraph,) = parse_markdown("Text[^1]\n\n[^1]: A note.\n")
    assert isinstance(paragraph, tokens.Paragraph)
    ref = paragraph.children[-1]
    assert isinstance(ref, FootnoteRef)
    note = footnote_block(ref, lambda _, use=None: 3)
    assert isinstance(note, Paragraph) and note.scale == FOOTNOTE_SCALE
    assert note.runs[0].style.script is Script.SUPER
    assert all(run.style.tone is Tone.MUTED for run in note.runs)
