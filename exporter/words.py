"""options: the words the exporter puts on slides and pages, one table per language, and the
title slide's labels a course can set.

A lesson's words are chosen once (``words_for``), before it is built, and travel with its deck
(``Deck.words``) to the fit and the writers: nothing reads them from anywhere else.
"""

from __future__ import annotations

import string
from dataclasses import dataclass, replace

from exporter.model import ENGLISH, Words

LANGUAGES: dict[str, Words] = {
    "en": ENGLISH,
    "de": Words(
        lang="de",
        continued="Fortsetzung",
        overview="Überblick",
        summary="Zusammenfassung: {title}",
        section="Abschnitt",
        lesson="Lektion",
        page="Seite {page} von {pages}",
        slide="Folie {number}",
        image_missing="Bild nicht verfügbar",
        no_description="(keine Beschreibung)",
        note="Hinweis:",
        tip="Tipp:",
        important="Wichtig:",
        warning="Warnung:",
        caution="Vorsicht:",
        question="Frage",
        answer="Antwort",
        answer_key="Lösungen",
        teachers="Ausgabe für Lehrkräfte",
        students="Ausgabe für Lernende",
        contents="Inhalt",
        not_exported=(
            "Diese Lektion konnte nicht exportiert werden, daher fehlen ihre Seiten in diesem "
            "Buch. Der erste Fehler:"
        ),
    ),
    "fr": Words(
        lang="fr",
        continued="suite",
        overview="Vue d\u2019ensemble",
        summary="Résumé\u00a0: {title}",
        section="Section",
        lesson="Leçon",
        page="Page {page} sur {pages}",
        slide="Diapositive {number}",
        image_missing="Image non disponible",
        no_description="(aucune description)",
        note="Remarque\u00a0:",
        tip="Astuce\u00a0:",
        important="Important\u00a0:",
        warning="Avertissement\u00a0:",
        caution="Attention\u00a0:",
        question="Question",
        answer="Réponse",
        answer_key="Corrigé",
        teachers="Édition enseignant",
        students="Édition élève",
        contents="Table des matières",
        not_exported=(
            "Cette leçon n\u2019a pas pu être exportée\u00a0: ses pages ne figurent pas dans ce "
            "livre. La première erreur\u00a0:"
        ),
    ),
    "es": Words(
        lang="es",
        continued="continuación",
        overview="Descripción general",
        summary="Resumen: {title}",
        section="Sección",
        lesson="Lección",
        page="Página {page} de {pages}",
        slide="Diapositiva {number}",
        image_missing="Imagen no disponible",
        no_description="(sin descripción)",
        note="Nota:",
        tip="Consejo:",
        important="Importante:",
        warning="Advertencia:",
        caution="Precaución:",
        question="Pregunta",
        answer="Respuesta",
        answer_key="Soluciones",
        teachers="Edición para el profesorado",
        students="Edición para el alumnado",
        contents="Índice",
        not_exported=(
            "Esta lección no se pudo exportar, por lo que sus páginas no están en este libro. "
            "El primer error:"
        ),
    ),
}
"""Each language's words by its tag's first part (``de`` for ``de-CH``)."""
FIELDS = ("section", "lesson")
"""The names a label format may use."""


@dataclass(frozen=True)
class Labels:
    """How the title slide labels the front matter's ``section`` and ``lesson``, as the
    configuration's ``labels`` says (each ``None``: the language's own)."""

    section: str | None = None
    """The word before the section (``Unit`` for ``Unit 14``)."""
    lesson: str | None = None
    """The word before the lesson (``Week`` for ``Week 1``)."""
    format: str | None = None
    """The whole subtitle, such as ``Unit {section}, week {lesson}``."""


def read_labels(value: object) -> Labels:
    """Return the labels the configuration's ``labels`` gives: a format string, or a table of
    ``section``, ``lesson`` and ``format``; raises ``ValueError`` saying what is wrong."""
    if isinstance(value, str):
        value = {"format": value}
    if not isinstance(value, dict):
        raise ValueError
    unknown = sorted(set(value) - {"section", "lesson", "format"})
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r} (known: format, lesson, section)")
    for key, text in value.items():
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"{key} must be some text")
    labels = Labels(**{key: text.strip() for key, text in value.items()})
    if labels.format is not None:
        check_format(labels.format)
    return labels


def check_format(text: str) -> None:
    """Raise ``ValueError`` unless ``text`` is a format string of ``{section}`` and
    ``{lesson}`` alone, naming at least one of them."""
    wrong = ValueError(f"{text!r} is not a format of {{section}} and {{lesson}}")
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError as exc:
        raise wrong from exc
    if not names or not names <= set(FIELDS):
        raise ValueError(f"{text!r} may name {{section}} and {{lesson}} only, and one of them")
    if any(spec or conversion for _, _, spec, conversion in string.Formatter().parse(text)):
        raise wrong  # a spec or conversion ("{lesson:>{section}}") fails on a lesson's values
    try:
        text.format(section="14", lesson="1")
    except (ValueError, KeyError, IndexError, AttributeError) as exc:
        raise wrong from exc


def read_lang(value: object) -> str:
    """Return a configured language tag whose words the exporter has (``de``, ``de-CH``);
    raises ``ValueError`` for another."""
    if not isinstance(value, str) or primary(value) not in LANGUAGES:
        raise ValueError
    return value.strip().replace("_", "-")  # a BCP 47 tag, as the deck and the PDF write it


def primary(tag: str) -> str:
    """Return a language tag's first part, in lower case (``de`` of ``de-CH``)."""
    return tag.strip().replace("_", "-").partition("-")[0].casefold()


def untranslated(lang: str | None, language: str | None) -> str | None:
    """Return a warning's message where a lesson's words fall back on English: no ``lang``
    configured, and its front matter's ``language`` one the exporter has no words in."""
    if lang or not language or primary(language) in LANGUAGES:
        return None
    return (
        f"the lesson's language {language.strip()!r} has no words of the exporter's own "
        f'({", ".join(LANGUAGES)}): the words it adds ("Overview", "Important:", the '
        "answer slides' \"Answer\", the footer's labels) are in English; set lang in the "
        "configuration to one of them, and labels for the section and lesson"
    )


def words_for(lang: str | None, language: str | None, labels: Labels = Labels()) -> Words:
    """Return a lesson's words: in the configured ``lang``, else in its front matter's
    ``language``, else in English (a language without words of its own gets English's), with
    the configured ``labels``."""
    words = LANGUAGES.get(primary(lang or language or "en"), ENGLISH)
    return replace(
        words,
        lang=(lang or language or "en").strip(),
        section=labels.section or words.section,
        lesson=labels.lesson or words.lesson,
        subtitle=labels.format,
    )
