"""options → build → fit → write: the words the exporter puts on slides and pages, in the
course's language, and the title slide's labels (issue 14 §5).

The lesson is real-shaped: front matter, an opening page repeating the lesson's title, a long
page of bold lead-ins under a subheading split in two, a topic's next page (a deeper heading),
itself split, a missing image and a closing paragraph without a heading.
"""

from __future__ import annotations

from pathlib import Path
from string import Formatter

import pytest
from pptx import Presentation

from exporter.builder import subtitle_of
from exporter.cli import main
from exporter.frontmatter import Meta
from exporter.geometry import LaidOutDeck
from exporter.jobs import Job
from exporter.manifest import output_keys
from exporter.model import ENGLISH, Layout, Subheading, plain_text
from exporter.options import Options, UsageError, load_config
from exporter.pipeline import lay_out
from exporter.theme import load_theme
from exporter.words import LANGUAGES, Labels, read_labels, words_for
from exporter.writers.handout import render_handout
from tests.conftest import ROOT, need_tool, page_count, page_text, slide_texts, squeeze

THEME = load_theme()
LESSON = ROOT / "tests" / "fixtures" / "words" / "s3-storage.md"
FIELDS = ("continued", "overview", "summary", "section", "lesson", "page", "slide")


def laid_out(path: Path = LESSON, options: Options | None = None) -> LaidOutDeck:
    laid, _ = lay_out(
        Job(path, str(path), path.with_suffix(""), path.parent), THEME, None, None, options
    )
    return laid


def titles(laid: LaidOutDeck) -> list[str]:
    return [plain_text(placed.slide.title) for placed in laid.slides]


def names(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_every_language_has_every_word_with_the_same_fields(lang: str) -> None:
    words = LANGUAGES[lang]
    for field in (*FIELDS, "image_missing", "no_description"):
        text = getattr(words, field)
        assert text.strip() and names(text) == names(getattr(ENGLISH, field)), (lang, field)
    if lang != "en":  # translated, not copied
        assert words.continued != ENGLISH.continued and words.overview != ENGLISH.overview


def test_a_german_deck_says_every_word_in_german() -> None:
    laid = laid_out(options=Options(lang="de"))
    assert laid.deck.subtitle == "Abschnitt 15 · Lektion 3"
    assert laid.deck.language == "de"
    assert titles(laid) == [
        "Amazon S3 storage",
        "Überblick",
        "Amazon S3 Essentials",
        "Amazon S3 Essentials (2/2)",
        "Amazon S3 Essentials (Fortsetzung)",
        "Amazon S3 Essentials (Fortsetzung, 2/2)",
        "Storage Class Diagram",
        "Zusammenfassung: Amazon S3 storage",
    ]
    tops = [p.slide.body[0] for p in laid.slides if p.slide.layout is not Layout.TITLE]
    assert plain_text(tops[2].runs) == "Key Features and Benefits (Fortsetzung)"  # type: ignore[union-attr]
    assert plain_text(tops[4].runs) == "Setting Up Cross-Region Replication (Fortsetzung)"  # type: ignore[union-attr]


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_each_language_titles_and_continues_pages_alike(lang: str) -> None:
    words, english = LANGUAGES[lang], laid_out()
    laid = laid_out(options=Options(lang=lang))
    expected = [
        t.replace(ENGLISH.marker, words.marker)
        .replace(f"({ENGLISH.continued},", f"({words.continued},")
        .replace(ENGLISH.overview, words.overview)
        .replace("Summary: Amazon S3 storage", words.summary.format(title="Amazon S3 storage"))
        for t in titles(english)
    ]
    assert titles(laid) == expected  # the same slides, split the same way, in other words
    if lang != "en":
        assert not any(ENGLISH.continued in t for t in titles(laid))
    for placed in laid.slides:  # a part repeats its subheading once, marked in its language
        heads = [b for b in placed.slide.body if isinstance(b, Subheading)]
        assert len(heads) <= 1
        repeated = [plain_text(h.runs) for h in heads if words.marker in plain_text(h.runs)]
        assert repeated == [] or placed.part > 1
        if placed.part > 1:  # every part here goes on under a subheading, repeated
            assert repeated == [plain_text(placed.slide.body[0].runs)]  # type: ignore[union-attr]


def test_the_outline_handout_heads_a_continued_slide_once_in_any_language() -> None:
    for lang in ("en", "de"):
        html = render_handout(laid_out(options=Options(lang=lang)), "outline").html
        assert html.count("<h2>Amazon S3 Essentials") == 1, lang


def test_the_front_matter_language_picks_the_words_unless_the_configuration_says(
    tmp_path: Path,
) -> None:
    lesson = tmp_path / "lesson.md"
    lesson.write_text(LESSON.read_text().replace("lesson: 3\n", "lesson: 3\nlanguage: fr-CA\n"))
    french = laid_out(lesson)
    assert french.deck.language == "fr-CA"
    assert (
        titles(french)[1] == "Vue d\u2019ensemble"
        and french.deck.subtitle == "Section 15 · Leçon 3"
    )
    spanish = laid_out(lesson, Options(lang="es"))
    assert titles(spanish)[1] == "Descripción general"
    assert spanish.deck.language == "fr-CA"  # the text is still in the lesson's language
    other = tmp_path / "ja.md"
    other.write_text(LESSON.read_text().replace("lesson: 3\n", "lesson: 3\nlanguage: ja\n"))
    assert titles(laid_out(other))[1] == "Overview"  # no words of its own: English


@pytest.mark.parametrize(
    ("language", "configured", "warned"),
    [("pt", None, True), ("ja-JP", None, True), ("de", None, False), ("pt", "es", False)],
)
def test_a_lesson_in_a_language_without_words_of_its_own_is_warned_of(
    tmp_path: Path, language: str, configured: str | None, warned: bool
) -> None:
    """A Portuguese lesson got "Overview", "Important:" and "Lesson 1" with no word said;
    now a warning names its language and what to set. A configured lang chooses the words."""
    path = tmp_path / "licao.md"
    path.write_text(LESSON.read_text().replace("lesson: 3\n", f"lesson: 3\nlang: {language}\n"))
    job = Job(path, str(path), path.with_suffix(""), path.parent)
    _, found = lay_out(job, THEME, None, None, Options(lang=configured))
    said = [d for d in found if d.code == "lang-words"]
    assert bool(said) is warned, found
    if warned:
        assert f"'{language}'" in said[0].message and "lang" in said[0].message
        assert said[0].line == 1


@pytest.mark.parametrize(
    ("labels", "section", "lesson", "subtitle"),
    [
        ({"section": "Unit", "lesson": "Week"}, "Section-15", "3", "Unit 15 · Week 3"),
        ({"lesson": "Week"}, "15", "Lesson 3", "Section 15 · Week 3"),
        ("Unit {section}, week {lesson}", "Section-15", "3", "Unit 15, week 3"),
        ("Module {section}", "Section 15", "3", "Module 15"),
        ("Unit {section}, week {lesson}", "Section-15", None, "Section 15"),  # no lesson: words
        ({}, "Section-14", "1", "Section 14 · Lesson 1"),
        ({}, "Sections A", None, "Sections A"),  # as written, as before
        ({}, "Seção-23", "1", "Seção 23 · Lesson 1"),  # a label of its own: not "Section Seção"
        ({}, "Unit 5", "Week 2", "Unit 5 · Week 2"),
        ({"section": "Unit"}, "Módulo 3", None, "Módulo 3"),
    ],
)
def test_the_title_slide_labels_come_from_the_configuration(
    labels: object, section: str, lesson: str | None, subtitle: str
) -> None:
    words = words_for(None, None, read_labels(labels))
    assert subtitle_of(Meta("t", section, lesson), words) == subtitle


def test_a_configured_label_is_used_in_the_lessons_language_too() -> None:
    meta = Meta("t", "Section-15", "3")
    assert (
        subtitle_of(meta, words_for("de", None, Labels(section="Einheit")))
        == "Einheit 15 · Lektion 3"
    )
    assert subtitle_of(meta, words_for("es", None)) == "Sección 15 · Lección 3"


def test_the_configuration_sets_lang_and_labels(tmp_path: Path) -> None:
    (tmp_path / "lesson-export.toml").write_text(
        'lang = "de"\n[labels]\nsection = "Einheit"\nformat = "{section}.{lesson}"\n'
    )
    config = load_config(tmp_path)
    assert config == {"lang": "de", "labels": Labels("Einheit", None, "{section}.{lesson}")}
    laid = laid_out(LESSON, Options(**config))
    assert laid.deck.subtitle == "15.3" and titles(laid)[1] == "Überblick"


@pytest.mark.parametrize(
    ("toml", "says"),
    [
        ('lang = "jp"', "setting 'lang' must be a language tag of en, de, fr, es"),
        ("lang = 3", "setting 'lang' must be"),
        ('labels = "Unit {title}"', "may name {section} and {lesson} only"),
        ('labels = "Unit"', "may name {section} and {lesson} only"),
        ('labels = "Unit {section"', "is not a format"),
        ('labels = "{lesson:d}"', "is not a format"),
        ('labels = "{section:{lesson}}"', "is not a format"),  # passed on 14 and 1, failed on text
        ('labels = "Unit {section!r}"', "is not a format"),
        ("labels = { unit = 'x' }", "unknown key 'unit'"),
        ("labels = { section = '' }", "section must be some text"),
        ("labels = 4", "setting 'labels' must be a format"),
    ],
)
def test_a_bad_lang_or_labels_setting_is_a_usage_error(
    tmp_path: Path, toml: str, says: str
) -> None:
    (tmp_path / "lesson-export.toml").write_text(toml + "\n")
    with pytest.raises(UsageError, match=r"lesson-export\.toml") as raised:
        load_config(tmp_path)
    assert says in str(raised.value)


def test_a_lang_tag_is_written_as_bcp_47(tmp_path: Path) -> None:
    (tmp_path / "lesson-export.toml").write_text('lang = "de_CH"\n')
    assert load_config(tmp_path) == {"lang": "de-CH"}


def test_the_lang_flag_is_checked_as_the_setting_is(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["check", str(LESSON), "--lang", "xx"])
    assert exited.value.code == 2
    assert "give a language tag of en, de, fr, es, not 'xx'" in capsys.readouterr().err


def test_changing_the_language_or_the_labels_rebuilds_the_outputs() -> None:
    keys = [
        output_keys(options, THEME).outputs["pptx"]
        for options in (Options(), Options(lang="de"), Options(labels=Labels(section="Unit")))
    ]
    assert len(set(keys)) == 3


def test_the_deck_and_the_handout_carry_the_words(tmp_path: Path) -> None:
    need_tool("pdftotext", "pdfinfo")
    flags = ["--lang", "de", "--format", "pptx,handout", "-q"]
    assert main(["build", str(LESSON), "-o", str(tmp_path), *flags]) == 0
    deck = Presentation(str(tmp_path / "s3-storage.pptx"))
    texts = [squeeze(t) for slide in deck.slides for t in slide_texts(slide)]
    assert squeeze("Abschnitt 15 · Lektion 3") in texts
    assert squeeze("Bild nicht verfügbar") in texts
    assert not any("continued" in t or "Imagenot" in t for t in texts)
    handout = tmp_path / "s3-storage.handout.pdf"
    pages = page_count(handout)
    for page in range(1, pages + 1):
        text = page_text(handout, page)
        assert f"Seite {page} von {pages}" in text and "Page" not in text
        assert "Folie" in text and "Slide" not in text
