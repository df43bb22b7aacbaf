"""build: a lesson's tokens → ``Deck``, the slide model, with diagnostics as data.

The model decides everything a writer must not: each slide's layout, its title, its body and
its speaker notes. Writers never see Markdown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from exporter import tokens as t
from exporter.builder.inline import inline_text
from exporter.builder.slides import build_slide
from exporter.builder.titles import Story, distinct_titles, has_root
from exporter.errors import Diagnostic, warning
from exporter.limits import FRONT_MATTER_CHARS, shortened
from exporter.model import Deck, Layout, Run, Slide
from exporter.source import Meta, Source, clean
from exporter.tokens import Blocks

__all__ = ["build_deck", "subtitle_of"]


def build_deck(
    source: Source, tokens: Sequence[Blocks], fallback_title: str
) -> tuple[Deck, tuple[Diagnostic, ...]]:
    """Return the deck for ``source`` and what building it found.

    ``tokens`` are the parsed pages of ``source`` (``Page.blocks``), one tuple per page.
    ``fallback_title`` (the file's name) titles a lesson whose front matter has no title and
    which has no heading.
    """
    diagnostics: list[Diagnostic] = []
    title = source.meta.title
    if title is None:
        heading = first_heading(tokens)
        title = heading or clean(fallback_title) or "Untitled"
        diagnostics.append(untitled(source.front_matter, title, bool(heading)))
    subtitle = subtitle_of(source.meta)
    slides = [
        Slide(Layout.TITLE, (Run(title),), (), 1, subtitle=(Run(subtitle),) if subtitle else ())
    ]
    story = Story(title, root=has_root(tokens))
    for number, (page, page_tokens) in enumerate(zip(source.pages, tokens, strict=True), 1):
        found: list[Diagnostic] = []
        story = replace(story, closing=number == len(source.pages))
        built = build_slide(page, page_tokens, story, found)
        at = len(slides) + 1 if built is not None else None
        diagnostics.extend(replace(d, slide=at) for d in found)
        if built is not None:
            slide, titled = built
            slides.append(slide)
            story = story.told(slide, titled)
    language = source.meta.language or "en"
    deck = Deck(title, subtitle, tuple(distinct_titles(slides)), language)
    return deck, tuple(diagnostics)


def first_heading(tokens: Sequence[Blocks]) -> str:
    """Return the text of the lesson's first heading (``""`` when it has none)."""
    for page in tokens:
        for block in page:
            if isinstance(block, t.Heading) and (text := clean(inline_text(block.children))):
                return (
                    shortened(text, FRONT_MATTER_CHARS) if len(text) > FRONT_MATTER_CHARS else text
                )
    return ""


def untitled(front_matter: bool, title: str, from_heading: bool) -> Diagnostic:
    """Return the warning for a lesson whose front matter gives no title, saying what titles it
    instead: its first heading, else its file's name."""
    whence = "its first heading" if from_heading else "the file's name"
    if not front_matter:
        message = (
            f"the lesson has no front matter (---, title:, section:, lesson:, ---); "
            f"its title {title!r} is taken from {whence}"
        )
        return warning("no-front-matter", message, 1)
    message = f"the front matter has no 'title'; the title {title!r} is taken from {whence}"
    return warning("no-title", message, 1)


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
