"""build: block quotes read as quotations (in italics), and GitHub's alerts (``> [!NOTE]``) as
their label, in the deck's language and the accent colour, then their text."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporter.builder import build_deck
from exporter.jobs import Job
from exporter.model import ENGLISH, Bullet, Columns, Deck, Paragraph, Tone, plain_text
from exporter.pipeline import lay_out
from exporter.source import parse_source
from exporter.theme import load_theme
from exporter.words import LANGUAGES
from exporter.writers.html import render_slides

BREAK = "\n\n<!-- pagebreak -->\n\n"
LESSON = BREAK.join(
    [
        "---\ntitle: Callouts\n---\n\n## Keys\n\n- Rotate keys\n\n"
        "> [!WARNING]\n> A leaked key is used within minutes.\n\n"
        "> Security is a *shared* responsibility, says `aws iam`.",
        "## Roles\n\n> [!tip] Use roles for EC2.\n\n"
        "> [!NOTE]\n>\n> Roles expire.\n>\n> - on their own",
    ]
)


def deck_of(text: str, lang: str = "en") -> Deck:
    source = parse_source(text.encode())
    return build_deck(source, [page.blocks for page in source.pages], "x", LANGUAGES[lang])[0]


def paragraphs(deck: Deck) -> list[Paragraph | Bullet]:
    return [
        block
        for slide in deck.slides
        for block in slide.body
        if isinstance(block, Paragraph | Bullet)
    ]


def test_an_alert_opens_with_its_label_in_the_accent_and_its_text_as_written() -> None:
    found = {plain_text(p.runs): p for p in paragraphs(deck_of(LESSON))}
    warning = found["Warning: A leaked key is used within minutes."]
    label = warning.runs[0]
    assert label.text == "Warning:" and label.style.bold and label.style.tone is Tone.ACCENT
    assert not any(run.style.italic for run in warning.runs)
    assert "Tip: Use roles for EC2." in found  # the marker's case, the text on its line
    assert "Note:" in found and "Roles expire." in found  # a label alone, its text after
    assert not found["Roles expire."].runs[0].style.italic
    assert "on their own" in found  # the alert's list, as a list
    assert not any("[!" in text for text in found)


def test_a_quotation_is_in_italics_its_code_as_it_is() -> None:
    found = {plain_text(p.runs): p for p in paragraphs(deck_of(LESSON))}
    quote = found["Security is a shared responsibility, says aws iam."]
    assert [(run.style.italic, run.style.code) for run in quote.runs] == [
        (True, False),
        (True, False),  # the emphasised word: italic already
        (True, False),
        (False, True),  # the code: upright, in its font
        (True, False),
    ]


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_an_alerts_label_is_in_the_decks_language(lang: str) -> None:
    words = LANGUAGES[lang]
    texts = [plain_text(p.runs) for p in paragraphs(deck_of(LESSON, lang))]
    for kind, text in (("warning", "A leaked key"), ("tip", "Use roles")):
        label = getattr(words, kind)
        assert any(line.startswith(f"{label} {text}") for line in texts), (label, texts)
    assert lang == "en" or words.warning != ENGLISH.warning


def test_an_alert_in_a_comparison_column_is_labelled_in_the_decks_language() -> None:
    text = (
        "---\ntitle: T\n---\n\n## AWS vs. customer\n\n"
        "- **AWS Responsibilities**:\n  - Patch the hosts\n\n"
        "  > [!NOTE]\n  > Hardware too.\n"
        "- **Customer Responsibilities**:\n  - Patch the guests\n"
    )
    deck = deck_of(text, "de")
    [columns] = [b for s in deck.slides for b in s.body if isinstance(b, Columns)]
    texts = [plain_text(b.runs) for b in columns.left.blocks if isinstance(b, Paragraph)]
    assert "Hinweis: Hardware too." in texts


def test_the_slide_pdf_draws_the_label_in_the_accent(tmp_path: Path) -> None:
    lesson = tmp_path / "callouts.md"
    lesson.write_text(LESSON, encoding="utf-8")
    theme = load_theme()
    laid, _ = lay_out(Job(lesson, lesson.name, tmp_path / "callouts", tmp_path), theme)
    document = render_slides(laid)
    assert f".slide .accent{{color:#{theme.colors.accent}}}" in "".join(document.styles)
    assert '<span class="b accent">Warning:</span>' in document.html
