"""build: a lesson's tokens → ``Deck``, the slide model, with diagnostics as data.

The model decides everything a writer must not: each slide's layout, its title, its body and
its speaker notes. Writers never see Markdown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from string import Formatter

from exporter import tokens as t
from exporter.builder.inline import inline_text
from exporter.builder.quiz import quiz_declared, read_quiz
from exporter.builder.quizshapes import normalized, one_question_a_page, prompt_apart
from exporter.builder.quizslides import quiz_slides
from exporter.builder.slides import build_slide
from exporter.builder.titles import Story, distinct_titles, has_root
from exporter.errors import Diagnostic, warning
from exporter.limits import FRONT_MATTER_CHARS, shortened
from exporter.model import ENGLISH, Deck, Layout, Run, Slide, Words
from exporter.paper import QuizMode
from exporter.source import Meta, Source, clean
from exporter.tokens import Blocks

__all__ = ["build_deck", "subtitle_of"]


def build_deck(
    source: Source,
    tokens: Sequence[Blocks],
    fallback_title: str,
    words: Words = ENGLISH,
    quiz_mode: QuizMode = QuizMode.REVEAL,
) -> tuple[Deck, tuple[Diagnostic, ...]]:
    """Return the deck for ``source`` and what building it found.

    ``tokens`` are the parsed pages of ``source`` (``Page.blocks``), one tuple per page.
    ``fallback_title`` (the file's name) titles a lesson whose front matter has no title and
    which has no heading. ``words`` are the words the deck's slides put in (``(continued)``,
    ``Overview``, the title slide's labels...). ``quiz_mode`` says which slides a quiz
    question's page becomes (``quizslides``).
    """
    diagnostics: list[Diagnostic] = []
    title = source.meta.title
    if title is None:
        heading = first_heading(tokens)
        title = heading or clean(fallback_title) or "Untitled"
        diagnostics.append(untitled(source.front_matter, title, bool(heading)))
    subtitle = subtitle_of(source.meta, words)
    slides = [
        Slide(Layout.TITLE, (Run(title),), (), 1, subtitle=(Run(subtitle),) if subtitle else ())
    ]
    declared = quiz_declared(source.meta)
    pages = one_question_a_page(
        source.pages, [normalized(page) for page in tokens], declared, words
    )
    tokens = [page.blocks for page in pages]  # questions as they are read, one a page
    quiz = read_quiz(source.meta, pages, tokens)
    tokens = [  # a question's heading titles its slide by its label, its prompt in the body
        page if asked is None else prompt_apart(page, words)
        for page, asked in zip(tokens, quiz.questions, strict=True)
    ]
    story = Story(title, words, root=has_root(tokens))
    for number, (page, page_tokens) in enumerate(zip(pages, tokens, strict=True), 1):
        found: list[Diagnostic] = []
        story = replace(story, closing=number == len(pages))
        built = build_slide(page, page_tokens, story, found)
        at = len(slides) + 1 if built is not None else None
        found.extend(quiz.problems[number - 1])
        diagnostics.extend(replace(d, slide=at) for d in found)
        if built is not None:
            slide, titled = built
            asked = replace(slide, question=quiz.questions[number - 1])
            slides.extend(quiz_slides(asked, quiz_mode, words))
            story = story.told(slide, titled)
    language = source.meta.language or words.lang
    distinct = tuple(distinct_titles(slides, words))
    meta = source.meta
    deck = Deck(
        title,
        subtitle,
        distinct,
        language,
        words,
        quiz.quiz,
        quiz.number,
        meta.section,
        meta.lesson,
    )
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


def subtitle_of(meta: Meta, words: Words = ENGLISH) -> str:
    """Return ``Section 14 · Lesson 1`` from the front matter's ``section`` and ``lesson``,
    labelled with ``words`` (or in their ``subtitle`` format, when the lesson has every value
    it names)."""
    section = (meta.section or "").replace("-", " ").replace("_", " ").strip()
    lesson = (meta.lesson or "").strip()
    values = {
        "section": unlabelled(section, words.section, ENGLISH.section),
        "lesson": unlabelled(lesson, words.lesson, ENGLISH.lesson),
    }
    if words.subtitle is not None and all(
        values[name] for _, name, _, _ in Formatter().parse(words.subtitle) if name
    ):
        return words.subtitle.format(**values)
    given = ((section, "section", words.section), (lesson, "lesson", words.lesson))
    parts = [labelled(value, values[name], label) for value, name, label in given if value]
    return " · ".join(parts)


def unlabelled(value: str, *labels: str) -> str:
    """Return ``value`` without a label it starts with (``14`` of ``Section 14``)."""
    for label in labels:
        head, _, rest = value.partition(" ")
        if head.casefold() == label.casefold() and rest.strip():
            return rest.strip()
    return value


OWN_LABEL = re.compile(r"[^\W\d_]+\.?\s+\d")
"""A value with a label of its own before its number, in any language (``Seção 23``,
``Módulo 3``, ``Week 1``)."""


def labelled(value: str, bare: str, label: str) -> str:
    """Return ``value`` (``bare`` without its label) under ``label``: as written when it
    starts with ``label`` already (``Section 14``, ``Section A``), or with a label of its own
    that is not one the exporter knows (``Seção 23``, not ``Section Seção 23``), else
    ``Unit 14``."""
    if value.casefold().startswith(label.casefold()):
        return value
    return value if bare == value and OWN_LABEL.match(value) else f"{label} {bare}"
