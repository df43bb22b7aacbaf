"""build: a lesson's tokens → ``Deck``, the slide model, with diagnostics as data.

The model decides everything a writer must not: each slide's layout, its title, its body and
its speaker notes. Writers never see Markdown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from exporter.builder.slides import build_slide
from exporter.errors import Diagnostic, warning
from exporter.model import Deck, Layout, Run, Runs, Slide
from exporter.source import Meta, Source, clean
from exporter.tokens import Blocks

__all__ = ["build_deck", "subtitle_of"]


def build_deck(
    source: Source, tokens: Sequence[Blocks], fallback_title: str
) -> tuple[Deck, tuple[Diagnostic, ...]]:
    """Return the deck for ``source`` and what building it found.

    ``tokens`` are the parsed pages of ``source`` (``Page.blocks``), one tuple per page.
    ``fallback_title`` (the file's name) titles a lesson whose front matter has no title.
    """
    diagnostics: list[Diagnostic] = []
    title = source.meta.title
    if title is None:
        title = clean(fallback_title) or "Untitled"
        diagnostics.append(warning("no-title", "the front matter has no 'title'", 1))
    subtitle = subtitle_of(source.meta)
    slides = [
        Slide(Layout.TITLE, (Run(title),), (), 1, subtitle=(Run(subtitle),) if subtitle else ())
    ]
    previous: Runs = (Run(title),)
    for page, page_tokens in zip(source.pages, tokens, strict=True):
        found: list[Diagnostic] = []
        built = build_slide(page, page_tokens, previous, found, title)
        number = len(slides) + 1 if built is not None else None
        diagnostics.extend(replace(d, slide=number) for d in found)
        if built is not None:
            slide, headed = built
            slides.append(slide)
            if headed:  # a page without a heading continues the last heading
                previous = slide.title
    language = source.meta.language or "en"
    return Deck(title, subtitle, tuple(slides), language), tuple(diagnostics)


def subtitle_of(meta: Meta) -> str:
    """Return ``Section 14 · Lesson 1`` from the front matter's ``section`` and ``lesson``."""
    parts = []
    section = (meta.section or "").replace("-", " ").replace("_", " ").strip()
    if section:
        parts.append(section if section.lower().startswith("section") else f"Section {section}")
    lesson = meta.lesson
    if lesson:
        parts.append(lesson if lesson.lower().startswith("lesson") else f"Lesson {lesson}")
    return " · ".join(parts)
