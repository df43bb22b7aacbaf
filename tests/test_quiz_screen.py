"""build, fit and write: quiz questions on screen (issue 16 §2).

A question slide shows the prompt and lettered options and nothing that gives the answer away;
a reveal slide marks exactly the right options; the speaker notes hold the answer in every
``quiz`` mode; the slide PDF agrees with LibreOffice's print of the deck.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from lxml import etree
from PIL import Image as PillowImage
from PIL import ImageDraw
from pptx import Presentation

from exporter.builder import build_deck
from exporter.builder.quizslides import option_line
from exporter.cli import main
from exporter.errors import Diagnostic
from exporter.fit import Fitter
from exporter.fit.parts import floor_index
from exporter.geometry import CodeFrame
from exporter.jobs import Job
from exporter.model import (
    Block,
    Bullet,
    Code,
    Columns,
    Deck,
    Option,
    Paragraph,
    Run,
    Slide,
    Subheading,
    Tone,
    View,
    plain_text,
)
from exporter.options import Options, UsageError, read_settings
from exporter.paper import QuizMode
from exporter.pipeline import lay_out
from exporter.source import parse_source
from exporter.theme import load_theme
from exporter.theme_files import builtin_themes
from tests.conftest import built_once, need_tool, page_text, print_decks, slide_texts
from tests.test_agreement import REWRAPPED_SHARE, disagreements, lines_of

QUIZZES = Path(__file__).parent / "fixtures" / "quizzes"
ASKING = sorted(p.name for p in QUIZZES.glob("*.md") if p.name != "lettered-guide.md")
"""The fixtures that ask at least one question."""
TEN = QUIZZES / "screen-ten.md"
THEME = load_theme()
CHECK = "\u2713"
GIVEAWAYS = (CHECK, "Correct", "Incorrect", "correct", "Answer")


def built(name: str, mode: QuizMode) -> tuple[Deck, tuple[Diagnostic, ...]]:
    """Return the deck of the quiz fixture ``name`` with its questions shown in ``mode``."""
    source = parse_source((QUIZZES / name).read_bytes())
    return build_deck(source, [page.blocks for page in source.pages], "quiz", quiz_mode=mode)


def text_of(slide: Slide) -> str:
    """Return every character a slide shows: its title and its body's text."""
    parts = [plain_text(slide.title)]
    for block in slide.body:
        blocks = (
            (*block.left.blocks, *block.right.blocks) if isinstance(block, Columns) else (block,)
        )
        for inner in blocks:
            assert isinstance(inner, Paragraph | Bullet | Subheading | Code)
            parts.append(inner.text if isinstance(inner, Code) else plain_text(inner.runs))
    return "\n".join(parts)


def options_shown(slide: Slide) -> list[Bullet]:
    """Return the option bullets of a question's slide, in reading order."""
    found: list[Bullet] = []
    for block in slide.body:
        inner = (
            (*block.left.blocks, *block.right.blocks) if isinstance(block, Columns) else (block,)
        )
        found.extend(b for b in inner if isinstance(b, Bullet) and b.letter is not None)
    return found


@pytest.mark.parametrize("name", ASKING)
def test_a_question_slide_shows_no_explanation_and_nothing_marking_the_answer(name: str) -> None:
    for mode in (QuizMode.REVEAL, QuizMode.NOTES):
        deck, _ = built(name, mode)
        asked = [slide for slide in deck.slides if slide.view is View.QUESTION]
        assert asked, name
        for slide in asked:
            assert slide.question is not None
            text = text_of(slide)
            asked_text = plain_text(slide.question.prompt)
            rest = text.replace(asked_text, "")  # a prompt may say "correct" itself
            for word in GIVEAWAYS:
                assert word not in rest, f"{name}: {word!r} on {plain_text(slide.title)!r}"
            for option in slide.question.options:
                if option.explanation:
                    assert plain_text(option.explanation) not in text
            shown = options_shown(slide)
            assert [b.letter for b in shown] == [o.letter for o in slide.question.options]
            assert all(run.style.tone is None for b in shown for run in b.runs)


@pytest.mark.parametrize("name", ASKING)
@pytest.mark.parametrize("mode", [QuizMode.REVEAL, QuizMode.ANSWERS])
def test_the_reveal_marks_exactly_the_correct_options(name: str, mode: QuizMode) -> None:
    deck, _ = built(name, mode)
    view = View.REVEAL if mode is QuizMode.REVEAL else View.ANSWERED
    revealed = [slide for slide in deck.slides if slide.view is view]
    assert revealed
    for slide in revealed:
        assert slide.question is not None
        checked = [b.letter for b in options_shown(slide) if plain_text(b.runs).endswith(CHECK)]
        assert tuple(checked) == slide.question.correct, name
        for bullet in options_shown(slide):
            right = bullet.letter in slide.question.correct
            tones = {run.style.tone for run in bullet.runs}
            assert tones == {Tone.ACCENT if right else Tone.MUTED}
        for option in slide.question.options:
            if option.explanation:
                assert plain_text(option.explanation) in text_of(slide)


@pytest.mark.parametrize("name", ASKING)
@pytest.mark.parametrize("mode", list(QuizMode))
def test_the_notes_hold_the_answer_and_the_explanations_in_every_mode(
    name: str, mode: QuizMode
) -> None:
    deck, _ = built(name, mode)
    for slide in deck.slides:
        if slide.question is None:
            continue
        letters = ", ".join(slide.question.correct) or "?"
        assert f"Answer: {letters}" in slide.notes
        for option in slide.question.options:
            assert f"{option.letter}) {plain_text(option.runs)}" in slide.notes
            if option.explanation:
                assert plain_text(option.explanation) in slide.notes


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("VPC Peering", "\u2713 B) VPC Peering: it joins two VPCs."),
        ("Add a read replica.", "\u2713 B) Add a read replica. it joins two VPCs."),
        ("Is it peering?", "\u2713 B) Is it peering? it joins two VPCs."),
    ],
)
def test_an_options_line_in_the_notes_has_one_mark_before_its_explanation(
    text: str, line: str
) -> None:
    """Not "replica.: it joins" where the option ends a sentence."""
    option = Option("B", (Run(text),), True, (Run("it joins two VPCs."),))
    assert option_line(option) == line


def test_the_authors_own_notes_come_first() -> None:
    deck, _ = built("screen-ten.md", QuizMode.NOTES)
    last = deck.slides[-1]
    assert last.notes.startswith("Remind the class that question 10 has two answers.")
    assert "Answer: A, D" in last.notes


@pytest.mark.parametrize("name", ASKING)
def test_each_mode_makes_its_slides(name: str) -> None:
    counts = {}
    for mode in QuizMode:
        deck, _ = built(name, mode)
        counts[mode] = len(deck.slides)
        views = [slide.view for slide in deck.slides if slide.question is not None]
        if mode is QuizMode.REVEAL:
            assert views == [View.QUESTION, View.REVEAL] * (len(views) // 2)
        elif mode is QuizMode.NOTES:
            assert set(views) == {View.QUESTION}
        else:
            assert set(views) == {View.ANSWERED}
    questions = sum(s.question is not None for s in built(name, QuizMode.NOTES)[0].slides)
    assert counts[QuizMode.NOTES] == counts[QuizMode.ANSWERS]
    assert counts[QuizMode.REVEAL] == counts[QuizMode.NOTES] + questions


def test_four_short_options_are_two_by_two_and_long_ones_a_list() -> None:
    deck, _ = built("screen-ten.md", QuizMode.NOTES)
    grids = [any(isinstance(b, Columns) for b in slide.body) for slide in deck.slides[1:]]
    assert grids == [True, False, False, True, True, False, True, False, False, True]


def laid(mode: QuizMode, path: Path = TEN) -> tuple[object, list[Diagnostic]]:
    job = Job(path, str(path), path.with_suffix(""), path.parent)
    return lay_out(job, THEME, options=Options(quiz=mode))


@pytest.mark.parametrize("mode", list(QuizMode))
def test_a_ten_question_quiz_fits_without_overflow_and_its_question_slides_share_a_size(
    mode: QuizMode,
) -> None:
    deck, found = laid(mode)
    assert not [d for d in found if d.code == "overflow"], found
    slides = deck.slides  # type: ignore[attr-defined]
    assert len(slides) == {QuizMode.REVEAL: 21, QuizMode.NOTES: 11, QuizMode.ANSWERS: 11}[mode]
    for view in View:
        sizes = {p.body_size for p in slides if p.slide.view is view}
        assert len(sizes) <= 1, (view, sizes)


def test_question_slides_share_the_size_the_longest_needs(write_lesson) -> None:  # type: ignore[no-untyped-def]
    long = " ".join(["Which of these statements about routing is true"] * 9) + "?"
    pages = [
        "## Question 1\nWhat is a VPC?\n\n- A) A network\n- B) A disk\n\nAnswer: A",
        f"## Question 2\n{long}\n\n"
        + "\n".join(f"- {c}) {'a longer option that takes a line ' * 5}" for c in "ABCD")
        + "\n\nAnswer: B",
    ]
    path = write_lesson(
        "---\ntitle: Q\nquiz: 1\n---\n\n" + "\n\n<!-- pagebreak -->\n\n".join(pages)
    )
    deck, _ = laid(QuizMode.NOTES, path)
    sizes = [p.body_size for p in deck.slides[1:]]  # type: ignore[attr-defined]
    assert sizes[0] == sizes[1] < THEME.sizes.body


@pytest.mark.parametrize("theme", [name for name, _ in builtin_themes()])
def test_one_questions_long_code_leaves_anothers_code_at_its_own_size(
    write_lesson: Callable[..., Path], theme: str
) -> None:
    """Reviewed: a quiz's question slides shared the scale of its longest question, code
    and tables too, so that a one-line query beside plenty of room was set at 12 pt, the
    last resort. They share their text's size; code and tables shrink past it slide by
    slide."""
    chosen = load_theme(theme)
    fitter = Fitter(chosen, {})
    floor = fitter.scales[floor_index(chosen, fitter.scales)]
    if floor.code <= chosen.sizes.code_min:
        pytest.skip(f"{theme}: its code never shrinks past the floor")
    for lines in range(6, 40):  # the policy that fits one slide only past the floor
        policy = "\n".join(f'  "Sid{n}": "s3:Get*",' for n in range(lines))
        pages = [
            "## Question 1\nWhat does this return?\n\n```sql\nSELECT COUNT(*) FROM t;\n```\n\n"
            "- A) The number of students\n- B) Every student\n\nAnswer: A",
            f"## Question 2\nWhat does this policy allow?\n\n```json\n{{\n{policy}\n}}\n```\n\n"
            "- A) Reading objects\n- B) Deleting buckets\n\nAnswer: A",
        ]
        path = write_lesson(
            "---\ntitle: Q\nquiz: 1\n---\n\n" + "\n\n<!-- pagebreak -->\n\n".join(pages)
        )
        job = Job(path, str(path), path.with_suffix(""), path.parent)
        deck, _ = lay_out(job, chosen, options=Options(quiz=QuizMode.NOTES))
        slides = deck.slides[1:]
        codes = [
            (f.size, f.code.text.count("\n"))
            for p in slides
            for f in p.frames
            if isinstance(f, CodeFrame)
        ]
        if len(slides) == 2 and codes[1][0] < floor.code:
            break
    else:
        pytest.fail("no policy fits one slide only past the floor")
    assert codes[0][0] >= floor.code, codes  # the one-line query at its own slide's size
    assert len({p.body_size for p in slides}) == 1  # the text's size still shared


def said(block: Block) -> str:
    """Return what a block of a slide says: a code block's code, another's text."""
    if isinstance(block, Code):
        return block.text
    return plain_text(block.runs) if isinstance(block, Paragraph | Bullet) else type(block).__name__


def split_quiz(prompt: str, options: int, words: int) -> str:
    """Return a one-question quiz of ``options`` options, each of ``words`` words with an
    explanation as long: too long for one reveal slide in any theme."""
    option = " ".join(["an option that goes on"] * (words // 5))
    why = " ".join(["because the reason goes on"] * (words // 5))
    listed = "\n".join(
        f"- {chr(65 + i)}) {option} {i}\n  - {'Correct' if i == 1 else 'Incorrect'}: {why}"
        for i in range(options)
    )
    return f"---\ntitle: Q\nquiz: 1\n---\n\n## Question 1\n\n{prompt}\n\n{listed}\n"


@pytest.mark.parametrize("theme", [name for name, _ in builtin_themes()])
@pytest.mark.parametrize(
    ("options", "words", "prompt"),
    [
        (4, 45, "Which of these is true?"),
        (6, 30, "Which service gives a VPC private access to S3 without a NAT gateway?"),
        (3, 80, "Read the statements.\n\nWhich one holds?"),
    ],
)
def test_each_part_of_a_split_question_starts_with_its_prompt(
    write_lesson: Callable[[str], Path], theme: str, options: int, words: int, prompt: str
) -> None:
    path = write_lesson(split_quiz(prompt, options, words))
    job = Job(path, str(path), path.with_suffix(""), path.parent)
    deck, found = lay_out(job, load_theme(theme), options=Options(quiz=QuizMode.REVEAL))
    assert not [d for d in found if d.code == "overflow"], found
    asked = tuple(prompt.split("\n\n"))
    for view in (View.QUESTION, View.REVEAL):
        parts = [p.slide for p in deck.slides if p.slide.view is view]
        assert len(parts) > 1 or view is View.QUESTION, (theme, view)
        letters = []
        for part in parts:
            lead = part.body[: len(asked)]
            shown = tuple(said(b) for b in lead)
            assert shown == asked, (theme, view, plain_text(part.title))
            letters += [b.letter for b in options_shown(part)]
        assert letters == [chr(65 + i) for i in range(options)], (theme, view)
        sizes = {p.body_size for p in deck.slides if p.slide.view is view}
        assert len(sizes) == 1, (theme, view, sizes)  # one size for its parts


CODE_PROMPT = "A script reads:\n\n```python\nprint(len('abc'))\n```\n\nWhat does it print?"
"""A prompt that asks about a code block: the code and the sentence after it are the prompt."""


@pytest.mark.parametrize("theme", [name for name, _ in builtin_themes()])
def test_a_prompt_with_code_is_repeated_whole_or_not_at_all(
    write_lesson: Callable[[str], Path], theme: str
) -> None:
    """Each part after the first starts with the whole prompt (the code and the question
    after it too), or, where the prompt is too tall to repeat, with none of it: never its
    first sentence alone over options that it does not ask. An answer slide too tall for
    one slide shows no code (its question's slide just before does): each of its parts
    starts with the prompt whole, or with the question it asks (``What does it print?``),
    never with ``A script reads:`` over no script."""
    path = write_lesson(split_quiz(CODE_PROMPT, 4, 40))
    job = Job(path, str(path), path.with_suffix(""), path.parent)
    deck, found = lay_out(job, load_theme(theme), options=Options(quiz=QuizMode.REVEAL))
    assert not [d for d in found if d.code == "overflow"], found
    asked = ("A script reads:", "print(len('abc'))", "What does it print?")
    for view in (View.QUESTION, View.REVEAL):
        parts = [p.slide for p in deck.slides if p.slide.view is view]
        assert len(parts) > 1 or view is View.QUESTION, (theme, view)
        for part in parts:
            lead = part.body[:3]
            shown = tuple(said(b) for b in lead)
            asking = view is View.REVEAL and said(part.body[0]) == asked[-1]
            whole = shown == asked or asking
            assert whole or isinstance(part.body[0], Bullet | Columns), (theme, view)
        repeated = all(isinstance(part.body[0], Paragraph) for part in parts)
        assert repeated or theme != "default", view  # 36 % of its body: repeated
        sizes = {p.body_size for p in deck.slides if p.slide.view is view}
        assert len(sizes) == 1, (theme, view, sizes)  # one size, the lone option's part too


def test_a_prompt_too_tall_to_repeat_is_on_the_first_part_alone_with_its_first_options(
    write_lesson: Callable[[str], Path],
) -> None:
    """Not on a part of its own: a question's slide of the prompt alone asks nothing. Its
    answer slides show the options alone, marked and explained (an "Answer" slide of the
    prompt alone would show no answer; the question's slides show it just before)."""
    prompt = " ".join(["Think about the network that this long question describes"] * 12) + "?"
    path = write_lesson(split_quiz(prompt, 6, 20))
    job = Job(path, str(path), path.with_suffix(""), path.parent)
    deck, found = lay_out(job, THEME, options=Options(quiz=QuizMode.REVEAL))
    assert not [d for d in found if d.code == "overflow"], found
    for view in (View.QUESTION, View.REVEAL):
        parts = [p.slide for p in deck.slides if p.slide.view is view]
        first = parts[0].body[0]
        if view is View.QUESTION:
            assert isinstance(first, Paragraph) and plain_text(first.runs) == prompt
            assert options_shown(parts[0])
        else:  # the options alone: on one slide here
            assert all(options_shown(part) for part in parts) and isinstance(first, Bullet)
        assert all(not isinstance(part.body[0], Paragraph) for part in parts[1:])
        letters = [b.letter for part in parts for b in options_shown(part)]
        assert letters == [chr(65 + i) for i in range(6)], view


ROLLOUT = """---
title: Rollouts
quiz: 4
---

## Question 6
A Deployment has `replicas: 3`, `maxSurge: 1` and `maxUnavailable: 0`. During a rolling \
update, what is the maximum number of pods that can exist at the same time, and what is the \
minimum number that must be ready?

- A) 4 and 3
  - **Correct:** `maxSurge: 1` allows one extra pod above the desired 3, and \
`maxUnavailable: 0` means all 3 must stay ready.
- B) 3 and 2
  - **Incorrect:** That would be `maxSurge: 0, maxUnavailable: 1`.
- C) 6 and 0
  - **Incorrect:** That describes the `Recreate` strategy combined with a blue/green \
switch, not a rolling update.
- D) 4 and 2
  - **Incorrect:** `maxUnavailable: 0` forbids dropping below 3 ready pods.
- E) It depends on the number of nodes
  - **Incorrect:** Node count affects scheduling, not the rollout limits.
"""
"""A reviewer's question in the classroom theme: its prompt too tall to lead each part, its
last sentence asking it."""


@pytest.mark.parametrize("theme", [name for name, _ in builtin_themes()])
def test_a_question_whose_prompt_is_too_tall_to_repeat_is_led_on_by_the_sentence_asking_it(
    write_lesson: Callable[[str], Path], theme: str
) -> None:
    """In the classroom theme, option E went on alone to 'Question 6 (2/2)', without its
    question, and its answer slides showed no question at all. Now a part after the first
    starts with the prompt's sentence that asks it, and holds two options or more."""
    path = write_lesson(ROLLOUT)
    job = Job(path, str(path), path.with_suffix(""), path.parent)
    deck, found = lay_out(job, load_theme(theme), options=Options(quiz=QuizMode.REVEAL))
    assert not [d for d in found if d.code == "overflow"], found
    asks = "During a rolling update, what is the maximum number of pods"
    for view in (View.QUESTION, View.REVEAL):
        parts = [p.slide for p in deck.slides if p.slide.view is view]
        for part in parts:
            first = part.body[0]
            assert isinstance(first, Paragraph), (theme, view, plain_text(part.title))
            assert asks in plain_text(first.runs), (theme, view)
            assert len(options_shown(part)) >= 2 or len(parts) == 1, (theme, view)
        letters = [b.letter for part in parts for b in options_shown(part)]
        assert letters == list("ABCDE"), (theme, view)


@pytest.mark.parametrize("theme", [name for name, _ in builtin_themes()])
@pytest.mark.parametrize("name", ["iam-networking.md", "editions-ten.md", "screen-ten.md"])
def test_the_reveal_slides_are_no_larger_than_their_questions(
    write_lesson: Callable[[str], Path], theme: str, name: str
) -> None:
    """In the classroom theme the question slides shared 24 pt and the reveal slides, none
    of which fitted one slide, 30 pt: each answer showed its question larger than the
    question's own slide and went on over two. A reveal slide is the same question with its
    explanations added: never set larger."""
    path = write_lesson((QUIZZES / name).read_text(encoding="utf-8"))
    job = Job(path, str(path), path.with_suffix(""), path.parent)
    deck, _ = lay_out(job, load_theme(theme), options=Options(quiz=QuizMode.REVEAL))
    asked = {p.body_size for p in deck.slides if p.slide.view is View.QUESTION}
    shown = {p.body_size for p in deck.slides if p.slide.view is View.REVEAL}
    assert asked and shown and max(shown) <= min(asked), (theme, asked, shown)


@pytest.mark.parametrize("theme", [name for name, _ in builtin_themes()])
def test_a_long_prompts_answer_is_led_by_its_asking_sentence_not_the_whole_prompt(
    theme: str,
) -> None:
    """An answer slide whose prompt is too tall to repeat showed the whole prompt again and
    went on over an extra slide (or, in the classroom theme, the prompt alone, marking
    nothing). It is led by the sentence that asks, and so is a question's part of options."""
    path = QUIZZES / "long-prompt.md"
    job = Job(path, str(path), path.with_suffix(""), path.parent)
    deck, _ = lay_out(job, load_theme(theme), options=Options(quiz=QuizMode.REVEAL))
    asks = "Which storage service best meets all of these requirements?"
    reveal = [p.slide for p in deck.slides if p.slide.view is View.REVEAL]
    questions = [p.slide for p in deck.slides if p.slide.view is View.QUESTION]
    for part in reveal:
        assert said(part.body[0]) == asks, (theme, plain_text(part.title))
        assert options_shown(part), theme
    for part in questions[1:]:
        assert said(part.body[0]) == asks, theme
    assert len(reveal) == 1 or theme == "classroom", theme


POLICY = """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:ListBucket"],
      "Resource": [
        "arn:aws:s3:::reports-bucket",
        "arn:aws:s3:::reports-bucket/*"
      ]
    },
    {
      "Effect": "Deny",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports-bucket/confidential/*"
    }
  ]
}"""
"""A policy of 19 lines, which a question asks about: too tall for a slide beside its prompt
at the floor scale."""


@pytest.mark.parametrize("theme", [name for name, _ in builtin_themes()])
@pytest.mark.parametrize("mode", [QuizMode.REVEAL, QuizMode.ANSWERS], ids=lambda m: m.value)
def test_the_code_a_question_asks_about_stays_whole_with_its_prompt(
    write_lesson: Callable[[str], Path], theme: str, mode: QuizMode
) -> None:
    """Not the prompt alone on a slide, the code alone on the next and the options alone on
    a third: the sentence before the policy and the policy start the first part, the policy
    whole where the theme's smallest code size holds it on one slide (divided only on the
    classroom theme, whose code is never under 18 pt); the question after it leads the
    options; nothing overflows. The answer slide, after the question's, shows the question
    and its options, not the policy again on a part that would reveal nothing."""
    prompt = f"A developer attaches this policy to a user.\n\n```json\n{POLICY}\n```\n\n"
    prompt += "What can the user do?"
    path = write_lesson(split_quiz(prompt, 4, 20))
    job = Job(path, str(path), path.with_suffix(""), path.parent)
    deck, found = lay_out(job, load_theme(theme), options=Options(quiz=mode))
    assert not [d for d in found if d.code == "overflow"], found
    reveal = [p.slide for p in deck.slides if p.slide.view is View.REVEAL]
    asking = ("A developer attaches this policy to a user.", "What can the user do?")
    for part in reveal:  # the question's words, not its policy, over its options
        assert tuple(said(b) for b in part.body[:2]) == asking, theme
        assert options_shown(part), theme
    assert not [b for part in reveal for b in part.body if isinstance(b, Code)], theme
    for view in (View.QUESTION, View.ANSWERED):
        parts = [p.slide for p in deck.slides if p.slide.view is view]
        if not parts:
            continue
        said_first = [said(b) for b in parts[0].body[:2]]
        assert said_first[0] == "A developer attaches this policy to a user.", (theme, view)
        assert isinstance(parts[0].body[1], Code), (theme, view)  # not the sentence alone
        pieces = [b.text for part in parts for b in part.body if isinstance(b, Code)]
        assert "\n".join(pieces) == POLICY and (len(pieces) == 1 or theme == "classroom")
        [opening] = [part for part in parts if any(b.letter == "A" for b in options_shown(part))]
        before = next(i for i, b in enumerate(opening.body) if isinstance(b, Bullet | Columns))
        assert said(opening.body[before - 1]) == "What can the user do?", (theme, view)
        letters = [b.letter for part in parts for b in options_shown(part)]
        assert letters == ["A", "B", "C", "D"], (theme, view)


SCRIPT = """buckets = ["logs", "images", "backups", "static-site", "tmp"]
kept = []
for name in buckets:
    if name.startswith("t"):
        continue
    if len(name) > 6:
        kept.append(name.upper())
    else:
        kept.append(name)
for i, name in enumerate(kept):
    print(i, name)
print("total", len(kept))"""


@pytest.mark.parametrize("theme", [name for name, _ in builtin_themes()])
def test_the_options_after_a_questions_code_stay_together_where_they_fit_a_slide(
    write_lesson: Callable[[str], Path], theme: str
) -> None:
    """Not the code with options A and B, then C and D alone on the next slide: the code
    with its question, then the four options together, led by the question again where
    they are on a slide of their own. The answer slide shows the code where it holds all of
    it on one slide, else the question and its options alone (the code is on the question's
    slide just before)."""
    options = "\n".join(
        f"- {letter}) {text}\n  - {'Correct' if letter == 'A' else 'Incorrect'}: because."
        for letter, text in zip(
            "ABCD", ("`0 logs`, `total 4`", "`total 3`", "`total 5`", "An error"), strict=True
        )
    )
    text = "---\ntitle: Q\nquiz: 1\n---\n\n## Question 4\n\nWhat does this script print?\n\n"
    path = write_lesson(f"{text}```python\n{SCRIPT}\n```\n\n{options}\n")
    job = Job(path, str(path), path.with_suffix(""), path.parent)
    deck, found = lay_out(job, load_theme(theme), options=Options(quiz=QuizMode.REVEAL))
    assert not [d for d in found if d.code == "overflow"], found
    for view in (View.QUESTION, View.REVEAL):
        parts = [p.slide for p in deck.slides if p.slide.view is view]
        shown = [[b.letter for b in options_shown(part)] for part in parts]
        assert [letters for letters in shown if letters] == [["A", "B", "C", "D"]], (theme, view)
        codes = [b.text for part in parts for b in part.body if isinstance(b, Code)]
        whole = codes == [SCRIPT] or theme == "classroom"
        assert whole or (view is View.REVEAL and not codes), (theme, view)
        for part in parts[1:]:  # the options apart from the code
            assert said(part.body[0]) == "What does this script print?", (theme, view)
        if view is View.REVEAL:
            assert all(options_shown(part) for part in parts), (theme, view)


def test_a_long_prompts_answer_is_shown_with_it() -> None:
    """A real question of seven lines: its reveal, too tall for the floor scale, was split
    into the question alone (its "Answer" slide) and its options ("(2/2)")."""
    deck, found = laid(QuizMode.REVEAL, QUIZZES / "long-prompt.md")
    assert not [d for d in found if d.code == "overflow"], found
    parts = [p.slide for p in deck.slides if p.slide.view is View.REVEAL]  # type: ignore[attr-defined]
    assert any(plain_text(b.runs).endswith(CHECK) for b in options_shown(parts[0]))


def test_the_deck_shows_no_answer_on_question_slides_and_checks_the_reveal(tmp_path: Path) -> None:
    assert main(["build", str(TEN), "-o", str(tmp_path), "-q", "--format", "pptx"]) == 0
    deck = Presentation(str(tmp_path / "screen-ten.pptx"))
    texts = [
        "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        for slide in deck.slides
    ]
    for asked, revealed in zip(texts[1::2], texts[2::2], strict=True):
        assert CHECK not in asked and "Answer" not in asked
        assert CHECK in revealed and "Answer" in revealed
    notes = [slide.notes_slide.notes_text_frame.text for slide in list(deck.slides)[1:]]
    assert all(note.startswith(("Answer:", "Remind")) for note in notes)


def test_the_quiz_setting_is_read_from_the_configuration_and_checked(tmp_path: Path) -> None:
    assert read_settings(tmp_path / "x.toml", {"quiz": "notes"}) == {"quiz": QuizMode.NOTES}
    with pytest.raises(UsageError, match="one of reveal, notes, answers"):
        read_settings(tmp_path / "x.toml", {"quiz": "hidden"})
    with pytest.raises(SystemExit):
        main(["build", str(TEN), "-o", str(tmp_path), "--quiz", "hidden"])


def test_a_lone_question_in_a_lesson_gets_its_reveal_and_the_other_pages_stay() -> None:
    plain, _ = built("lone-question.md", QuizMode.NOTES)
    revealed, _ = built("lone-question.md", QuizMode.REVEAL)
    assert len(revealed.slides) == len(plain.slides) + 1
    others = [s for s in plain.slides if s.question is None]
    assert others == [s for s in revealed.slides if s.question is None]


def printed_lines(prints: dict[str, Path], name: str, letters: str) -> tuple[list[Any], list[Any]]:
    """Return the lines of each page of the slide PDF of ``name`` (``quiz_decks``) and of
    LibreOffice's print of its deck, the same number of pages; a bullet, check mark or option
    ``letters``' ``A)`` is a line's mark."""
    marks = {*THEME.bullets.chars, CHECK, *(f"{c})" for c in letters)}
    ours = lines_of(prints[name].with_suffix(".pdf"), marks)
    theirs = lines_of(prints[f"{name} print"], marks)
    assert len(ours) == len(theirs)
    return ours, theirs


def export_quizzes(folder: Path) -> dict[str, str]:
    """Export into ``folder`` the decks and slide PDFs the tests below compare with
    LibreOffice's print: the ten-question quiz in each mode, the quiz with code options, and
    ``CODED``; return each deck's path by name."""
    found = {}
    for mode in QuizMode:
        out = folder / mode.value
        flags = ["--format", "pptx,pdf", "--quiz", mode.value, "-q"]
        assert main(["build", str(TEN), "-o", str(out), *flags]) == 0, mode
        found[mode.value] = out / "screen-ten.pptx"
    source = QUIZZES / "iam-networking.md"
    out = folder / "iam"
    assert main(["build", str(source), "-o", str(out), "-q", "--format", "pptx,pdf"]) == 0
    found["iam-networking"] = out / "iam-networking.pptx"
    lesson = folder / "coded" / "coded.md"
    lesson.parent.mkdir()
    lesson.write_text(CODED, encoding="utf-8")
    out = folder / "coded" / "out"
    assert main(["build", str(lesson), "-o", str(out), "-q", "--format", "pptx,pdf"]) == 0
    found["coded"] = out / "coded.pptx"
    return {name: str(deck) for name, deck in found.items()}


@pytest.fixture(scope="session")
def quiz_decks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The decks (and slide PDFs beside them) of ``export_quizzes``, once for the run."""
    _, found = built_once(tmp_path_factory, "quiz-screen-decks", export_quizzes)
    return {name: Path(deck) for name, deck in found.items()}


@pytest.fixture(scope="session")
def quiz_prints(
    tmp_path_factory: pytest.TempPathFactory, quiz_decks: dict[str, Path]
) -> dict[str, Path]:
    """``quiz_decks``, each with LibreOffice's print of it (``NAME print``): one soffice
    prints them all, once for the run, where each test printed its own."""
    need_tool("soffice")

    def print_all(folder: Path) -> dict[str, str]:
        flat = {name: folder / "decks" / f"{name}.pptx" for name in quiz_decks}
        flat["coded"].parent.mkdir()
        for name, deck in flat.items():
            deck.write_bytes(quiz_decks[name].read_bytes())
        print_decks(list(flat.values()), folder / "printed", folder)
        return {name: str(folder / "printed" / f"{name}.pdf") for name in flat}

    _, printed = built_once(tmp_path_factory, "quiz-screen-prints", print_all)
    return quiz_decks | {f"{name} print": Path(pdf) for name, pdf in printed.items()}


@pytest.mark.parametrize("mode", list(QuizMode))
def test_the_slide_pdf_agrees_with_libreoffices_print_in_every_mode(
    mode: QuizMode, quiz_prints: dict[str, Path]
) -> None:
    ours, theirs = printed_lines(quiz_prints, mode.value, "ABCD")
    for number, (mine, print_) in enumerate(zip(ours, theirs, strict=True), start=1):
        problems, rewrapped = disagreements(mine, print_)
        assert not problems, f"slide {number}: {problems}"
        assert not rewrapped, f"slide {number}"


def test_options_of_inline_code_alone_are_spaced_and_lettered_as_the_slide_pdf_does(
    quiz_prints: dict[str, Path],
) -> None:
    """A question whose options are CIDR blocks in inline code alone (``- A) `10.0.0.0/24```):
    PowerPoint and LibreOffice spaced their lines by the code's smaller size, and drew the
    letters at it; the slide PDF by the body's. Each letter is now drawn at its paragraph's
    size (``buSzPts``) and such a paragraph's lines at the fit's pitch: LibreOffice's print
    places every line where the slide PDF does."""
    deck = Presentation(str(quiz_prints["iam-networking"]))
    for slide in deck.slides:
        for size in slide.shapes._spTree.xpath(".//a:pPr[a:buAutoNum]/a:buSzPts/@val"):
            assert int(size) >= 1200  # the body's size, not the code's
    ours, theirs = printed_lines(quiz_prints, "iam-networking", "ABCDE")
    rewrapped = 0
    for number, (mine, print_) in enumerate(zip(ours, theirs, strict=True), start=1):
        problems, count = disagreements(mine, print_)
        assert not problems, f"slide {number}: {problems}"
        rewrapped += count
    assert rewrapped <= REWRAPPED_SHARE * sum(len(page) for page in ours)


CODED = """---
title: Coded options
quiz: 1
---

## Question 1

Which command lists the buckets?

- A) `aws s3 ls`
  - Correct: it lists them.
- B) `aws s3 rb` with a **flag**
  - Incorrect: it removes one.
"""


def test_the_deck_draws_letters_and_code_in_options_as_the_slide_pdf_does(
    quiz_decks: dict[str, Path], request: pytest.FixtureRequest
) -> None:
    # An option's letter is numbered in the body's font (named: LibreOffice draws a number
    # whose font is the theme's in the first run's, a code run's monospace), and is bold when
    # the option's first run is, in the deck as PowerPoint draws it and in the slide PDF; the
    # inline code of a muted option is muted in both.
    deck = Presentation(str(quiz_decks["coded"]))
    reveal = list(deck.slides)[2]
    numbered = reveal.shapes._spTree.xpath(".//a:pPr[a:buAutoNum]")
    assert len(numbered) == 2
    assert {p.xpath("string(a:buFont/@typeface)") for p in numbered} == {THEME.fonts.body.name}
    wrong = reveal.shapes._spTree.xpath(".//a:p[a:pPr/a:buAutoNum][2]/a:r/a:rPr/a:solidFill")
    fills = [etree.tostring(fill[0]) for fill in wrong]  # the code run's, then the words'
    assert len(fills) >= 2 and len(set(fills)) == 1, fills
    with pdfplumber.open(quiz_decks["coded"].with_suffix(".pdf")) as pdf:
        chars = pdf.pages[2].chars
    letters = {c["text"]: c["fontname"] for c in chars if c["text"] in "AB" and c["x0"] < 100}
    assert "Bold" in letters["A"] and "Bold" not in letters["B"], letters
    # LibreOffice draws a letter in its paragraph's first character's font and shading,
    # whatever the bullet's font: an option opening with code had its "A)" in the code's
    # monospace on its tint. A word joiner, drawn as nothing, is that first character.
    need_tool("soffice")
    prints: dict[str, Path] = request.getfixturevalue("quiz_prints")
    with pdfplumber.open(prints["coded print"]) as pdf:
        chars = pdf.pages[1].chars
    body = next(c["fontname"] for c in chars if c["text"] == "W")  # "Which command..."
    letters = {c["text"]: c["fontname"] for c in chars if c["text"] in "AB" and c["x0"] < 100}
    assert letters == {"A": body, "B": body}, (letters, body)


@pytest.mark.parametrize("theme", [name for name, _ in builtin_themes()])
def test_an_answer_too_tall_for_a_slide_keeps_what_follows_its_options_and_no_code(
    write_lesson: Callable[[str], Path], theme: str
) -> None:
    """An answer slide too tall for one slide shows every option and every paragraph after
    them (a question's closing words were dropped with a part that showed no option), and
    none of the policy its question's slide shows (a part opened in the middle of the
    policy where the classroom theme divides it)."""
    closing = [
        "Object storage keeps each file as a whole object with its metadata under a key.",
        "Block storage divides data into blocks that an operating system formats.",
        "File storage offers folders shared over a network protocol such as NFS or SMB.",
        "Remember these three kinds: the exam asks about them in questions on workloads.",
    ]
    policy = f"A developer attaches this policy to a user.\n\n```json\n{POLICY}\n```"
    text = split_quiz(policy, 4, 20) + "\n" + "\n\n".join(closing) + "\n"
    path = write_lesson(text)
    job = Job(path, str(path), path.with_suffix(""), path.parent)
    deck, found = lay_out(job, load_theme(theme), options=Options(quiz=QuizMode.REVEAL))
    assert not [d for d in found if d.code == "overflow"], found
    reveal = [p.slide for p in deck.slides if p.slide.view is View.REVEAL]
    shown = [said(block) for part in reveal for block in part.body]
    assert all(sentence in shown for sentence in closing), (theme, shown)
    assert not [b for part in reveal for b in part.body if isinstance(b, Code)], theme
    letters = [b.letter for part in reveal for b in options_shown(part)]
    assert letters == ["A", "B", "C", "D"], theme
    for part in reveal:
        assert said(part.body[0]) == "A developer attaches this policy to a user.", theme


PICTURED = """---
title: 'Reading Charts'
section: Section-2
lesson: 5
---

## Question 1

Which chart shows sales rising every month?

- A) ![A bar chart, its middle bar highest](chart-a.png)
- B) ![A bar chart, its bars falling](chart-b.png)
- C) ![A bar chart, its bars rising](chart-c.png)

**Answer:** C

<!-- pagebreak -->

## Question 2

Which chart has its highest bar first?

- A) ![A bar chart, its middle bar highest](chart-a.png)
  - Incorrect: its middle bar is highest.
- B) ![](chart-b.png)
  - Correct: it falls from the first bar.
"""


def draw_charts(folder: Path) -> None:
    """Draw the bar charts ``PICTURED`` asks about into ``folder``."""
    for name, bars in (("a", (3, 5, 2)), ("b", (5, 3, 1)), ("c", (1, 2, 4))):
        image = PillowImage.new("RGB", (400, 300), "white")
        draw = ImageDraw.Draw(image)
        for place, height in enumerate(bars):
            left = 40 + place * 110
            draw.rectangle((left, 280 - height * 50, left + 80, 280), fill=(40, 90, 200))
        image.save(folder / f"chart-{name}.png")


@pytest.mark.parametrize("mode", list(QuizMode), ids=lambda mode: mode.value)
def test_an_option_that_is_a_picture_is_lettered_by_its_alt_text_in_the_deck_and_the_pdf(
    mode: QuizMode, tmp_path: Path
) -> None:
    """Reviewed: options written as pictures (``- A) ![A bar chart](chart-a.png)``) were read
    as no question: the slide showed "A)", "B)" with nothing after them and the pictures
    beside the wrong letters over two slides, ``Answer: C`` and the ``Correct:`` lines on
    them. Such an option is lettered and marked as any other, shown as its alt text (its
    file's name where it has none), in the deck as in the slide PDF."""
    draw_charts(tmp_path)
    lesson = tmp_path / "charts.md"
    lesson.write_text(PICTURED, encoding="utf-8")
    out = tmp_path / "out"
    flags = ["--format", "pptx,pdf", "--quiz", mode.value, "-q"]  # B's no-alt warns
    assert main(["build", str(lesson), "-o", str(out), *flags]) == 0
    first = ["A bar chart, its middle bar highest", "A bar chart, its bars falling"]
    options = [[*first, "A bar chart, its bars rising"], [first[0], "chart-b.png"]]
    deck = Presentation(str(out / "charts.pptx"))
    slides = list(deck.slides)[1:]
    asked = slides if mode is QuizMode.NOTES else slides[:: 1 if mode is QuizMode.ANSWERS else 2]
    assert len(asked) == 2
    for slide, written in zip(asked, options, strict=True):
        texts = [text.rstrip(f" {CHECK}") for text in slide_texts(slide)]
        assert [text for text in texts if text in written] == written, texts
    notes = asked[0].notes_slide.notes_text_frame.text
    assert f"{CHECK} C) A bar chart, its bars rising" in notes
    assert (
        "B) chart-b.png: it falls from the first bar." in asked[1].notes_slide.notes_text_frame.text
    )
    pages = [page_text(out / "charts.pdf", number) for number in range(2, len(slides) + 2)]
    printed = pages if mode is QuizMode.NOTES else pages[:: 1 if mode is QuizMode.ANSWERS else 2]
    for text, written in zip(printed, options, strict=True):
        lines = [line.rstrip(f" {CHECK}") for line in text.splitlines()]
        for letter, option in zip("ABC", written, strict=False):
            assert f"{letter}) {option}" in lines, lines
