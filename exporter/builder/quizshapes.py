"""build: quizzes as authors write them, brought into the shape ``quiz`` reads: options
written as lines of a paragraph made a list, an ``Answer:`` item or a ``<details>`` block made
the answer's paragraph, a page of several questions made a page a question, a bold
``**Question 4:**`` label made the question's heading; and a question's heading that carries
its prompt made a heading of its label over a paragraph of the prompt.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Sequence
from dataclasses import replace

from exporter import tokens as t
from exporter.builder.inline import inline_text, to_runs
from exporter.builder.quiz import Mode, lettered_page, options_of, read_question
from exporter.builder.quizwords import (
    ANSWER,
    LABEL_WORD,
    LETTER,
    MARK_PUNCTUATED,
    inline_lines,
    is_break,
    question_label,
    text_lines,
)
from exporter.model import ENGLISH, Words, plain_text
from exporter.source import Page


def normalized(tokens: t.Blocks) -> t.Blocks:
    """Return a page's ``tokens`` with two shapes a question is written in made the shape it
    is read in (and drawn in):

    - options a paragraph writes as lines of their own (``A) 80`` / ``B) 443`` / ``Correct:
      HTTPS uses 443.``, no list) made a list, one item a letter and the lines under it: one
      line an option, not the run-on line a paragraph makes of them. Only lines lettered from
      A on, two or more, on a page that marks an answer (a ``Correct:`` line among them, or an
      ``Answer:`` line after them), are options: a sentence that opens a line with ``A)`` is
      not;
    - an ``Answer: B`` line written as the last item of the options' list (items that are
      options before it), a paragraph after the list;
    - a ``<details>`` block (``<summary>Answer</summary> B``, shown when clicked on the
      published page) its summary as a heading, what it holds under it: an ``Answer`` heading
      over the answer, as the reader reads one, never the tags as text.
    """
    kept: list[t.Block] = []
    opened = False  # inside a ``<details>`` block whose end is an HTML block of its own
    for index, block in enumerate(tokens):
        match block:
            case t.Html(raw) if details := DETAILS.match(raw):
                summary, inner = (untagged(part or "") for part in details.group(1, 2))
                if summary:
                    kept.append(t.Heading(DETAILS_LEVEL, (t.Text(summary),)))
                if inner:
                    kept.append(t.Paragraph((t.Text(inner),)))
                opened = not details.group(3)
            case t.Html(raw) if opened and DETAILS_END.match(raw):
                opened = False
            case t.Paragraph():
                lines = lettered_lines(block, tokens[index + 1 :])
                if lines is None:
                    kept.append(block)
                    continue
                asked, items = lines
                if asked:
                    kept.append(t.Paragraph(asked))
                listed = tuple(t.ListItem((t.Paragraph(item),)) for item in items)
                kept.append(t.ListBlock(listed, False, 1))
            case t.ListBlock(items) if (
                len(items) > 2
                and answer_item(items[-1])
                and options_of(replace(block, items=items[:-1])) is not None
            ):  # options, then their answer: not a list's last step (``3. Answer: yes``)
                kept += [replace(block, items=items[:-1]), items[-1].children[0]]
            case _:
                kept.append(block)
    return tuple(kept)


BOLD_HEADING_LEVEL = 6
"""The level of the heading a ``**Question 3**`` line becomes: never the lesson's shallowest,
which could make it the lesson's root."""
DETAILS = re.compile(
    r"^\s*<details\b[^>]*>\s*(?:<summary\b[^>]*>(.*?)</summary>)?(.*?)(</details>)?\s*$",
    re.I | re.S,
)
"""An HTML ``<details>`` block: its summary, what it holds, and its end when it is written in
the same block (else its end is a block of its own, after the Markdown it holds)."""
DETAILS_END = re.compile(r"^\s*</details>\s*$", re.I)
DETAILS_LEVEL = 4
"""The level of the heading a ``<details>`` block's summary becomes (a heading of the text)."""
TAG = re.compile(r"<[^>]+>")


def untagged(html_text: str) -> str:
    """Return the text of a bit of HTML, its tags left out and its lines joined."""
    return " ".join(TAG.sub(" ", html_text).split())


def answer_item(item: t.ListItem) -> bool:
    """Return whether a list item is an ``Answer: B`` line alone."""
    match item.children:
        case (t.Paragraph(children),):
            return ANSWER.match(inline_text(children)) is not None
    return False


def one_question_a_page(
    pages: Sequence[Page],
    tokens: Sequence[t.Blocks],
    declared: bool = False,
    words: Words = ENGLISH,
) -> list[Page]:
    """Return ``pages`` with each page that asks several questions, one under each ``Question
    N`` heading (or bold ``**Question 3**`` label opening a line), divided into a page a question,
    its blocks in ``Page.blocks`` (``tokens`` give every page's): a quiz written without page
    breaks (or with ``---`` lines, which break no page) lost every question after the first.
    A part's text starts at its heading's line, so that what it says is found at its own
    line; the page's notes go with its first part. A bold ``Question N`` label of a question's
    page is its heading (it titles the slide), the words after it on its line its prompt
    (``bold_heading``). In a lesson, only where every part asks a question (its answer
    marked): a lesson's FAQ page of bold questions over lists stays one page, as written. In a
    ``declared`` quiz, at every such heading where one part does: a question the reader
    cannot read (a single option, say) is a page of its own, warned of where it marks an
    answer (``quiz.unread``), not taken into the question before it, whose slide then showed
    its answers; and the words before the first question (its instructions) are a page of
    their own, not the start of its prompt."""
    mode = Mode.QUIZ if declared else Mode.LESSON
    divided: list[Page] = []
    for page, blocks in zip(pages, tokens, strict=True):
        lettered = lettered_page(blocks)
        headed = tuple(part for block in blocks for part in bold_heading(block, lettered, words))
        heads = [
            i
            for i, block in enumerate(headed)
            if isinstance(block, t.Heading)
            and question_label(inline_text(block.children), lettered)
        ]
        # Words before the first question (``Answer each question. You have 10 minutes.``)
        # are a part of their own, not the start of question 1's prompt.
        intro = bool(heads) and any(isinstance(b, t.Paragraph) for b in headed[: heads[0]])
        starts = heads if intro else heads[1:]
        cuts = [0, *starts, len(headed)]
        parts = [headed[start:end] for start, end in itertools.pairwise(cuts)]
        read = [read_question(part, 1, mode) is not None for part in parts]
        if not heads or not (all(read) or (declared and any(read))):
            divided.append(replace(page, blocks=blocks))
            continue
        offsets = [0, *text_offsets(page.text, [headed[i] for i in starts]), len(page.text)]
        for index, part in enumerate(parts):
            text = page.text[offsets[index] : offsets[index + 1]]
            line = page.line + page.text.count("\n", 0, offsets[index])
            notes = page.notes if index == 0 else ""
            divided.append(replace(page, text=text, line=line, notes=notes, blocks=part))
    return divided


def bold_heading(block: t.Block, lettered: bool, words: Words) -> t.Blocks:
    """Return a paragraph that opens with a ``Question N`` label in bold (``**Question 3**``
    alone, ``**Question 4:** Which service...?``; over ``lettered`` options ``**4.**`` too) as
    the heading it stands for and the paragraph of what follows the label, its prompt; any
    other block as it is. A label that abbreviates the word (``**Q4.**``, ``**4.**``) is
    titled with it (``Question 4``, in ``words``' language)."""
    match block:
        case t.Paragraph((t.Strong(children), *rest)):
            label = inline_text(children)
            found = question_label(label, lettered)
            if found is None or label[found.end() :].strip():
                return (block,)
            titled = label_title(label, found, words)
            title = children if titled == label else (t.Text(titled),)
            heading = t.Heading(BOLD_HEADING_LEVEL, title)
            prompt = after_label(tuple(rest))
            return (heading, t.Paragraph(prompt)) if prompt else (heading,)
    return (block,)


def label_title(label: str, found: re.Match[str], words: Words) -> str:
    """Return the title of a question labelled ``label`` (``found`` its ``Question N`` match):
    the label without the punctuation after it (``Question 4:``: ``Question 4``), or, where it
    abbreviates the word or leaves it out (``Q4.``, ``4.``), ``Question 4`` in ``words``'
    language."""
    if ABBREVIATED.match(label):
        return f"{words.question} {int(found.group(1))}"
    return label.strip().rstrip(LABEL_PUNCTUATION)


def prompt_apart(tokens: t.Blocks, words: Words = ENGLISH) -> t.Blocks:
    """Return a question's page's ``tokens`` with the ``Question N`` heading that carries its
    prompt (``## Question 3: Which service stores objects?``, ``## 3. Which port...?``, ``###
    3) ...``, no paragraph before the options) made a heading of its label alone (``Question
    3``, titled as ``label_title`` says) over a paragraph of the prompt: the prompt is shown
    once, in the slide's body, as when it is written under the heading or after a bold
    ``**Question 3:**`` label, never in the title too. A heading over a paragraph that asks
    (``## Question 3: Storage classes``) titles the slide as written; one of an abbreviated
    label alone (``### Q3.``) as ``Question 3``, in ``words``' language."""
    at = next((i for i, b in enumerate(tokens) if isinstance(b, t.ListBlock)), len(tokens))
    asked = any(isinstance(block, t.Paragraph) for block in tokens[:at])
    lettered = lettered_page(tokens)
    for index, block in enumerate(tokens[:at]):
        if not isinstance(block, t.Heading):
            continue
        label = inline_text(block.children)
        found = question_label(label, lettered)
        if found is None:
            continue
        prompt, _ = cut_inlines(block.children, found.end())
        heading = replace(
            block, children=(t.Text(label_title(label[: found.end()], found, words)),)
        )
        if not inline_text(prompt):  # ``## Question 3`` alone: ``### Q3.`` written out
            abbreviated = ABBREVIATED.match(label) is not None
            return (*tokens[:index], heading, *tokens[index + 1 :]) if abbreviated else tokens
        if asked:
            return tokens  # a heading over a paragraph that asks: the slide's title
        return (*tokens[:index], heading, t.Paragraph(prompt), *tokens[index + 1 :])
    return tokens


def cut_inlines(inlines: t.Inlines, count: int) -> tuple[t.Inlines, int]:
    """Return inline ``tokens`` without the first ``count`` characters of their text (a
    heading's ``Question 3:`` label), their styles kept, and how many of ``count`` were left
    (more than the text holds). A break, picture or tag ends the cut."""
    kept: list[t.Inline] = []
    for token in inlines:
        if count <= 0:
            kept.append(token)
            continue
        match token:
            case t.Text(raw):
                text = html.unescape(raw)
                if count < len(text):
                    kept.append(t.Text(html.escape(text[count:], quote=False)))
                count -= len(text)
            case t.CodeSpan(text):
                if count < len(text):
                    kept.append(t.CodeSpan(text[count:]))
                count -= len(text)
            case t.Strong() | t.Emphasis() | t.Strikethrough() | t.Link():
                inner, count = cut_inlines(token.children, count)
                if inner:
                    kept.append(replace(token, children=inner))
            case _:
                count = 0
                kept.append(token)
    return tuple(kept), count


ABBREVIATED = re.compile(r"^\s*(?:q\s*\.?\s*)?\d", re.I)
"""A ``Question N`` label that abbreviates the word, or leaves it out (``Q4.``, ``4.``)."""
LABEL_PUNCTUATION = " \t:.)-\u2013\u2014"
LABEL_END = re.compile(r"^[\s:.)\-\u2013\u2014]+")
"""What may stand between a bold label and its prompt (``**Question 4**: Which...``)."""


def after_label(inlines: t.Inlines) -> t.Inlines:
    """Return what follows a bold label on its paragraph, without the line break, colon or
    dash between them."""
    while inlines and is_break(inlines[0]):
        inlines = inlines[1:]
    match inlines:
        case (t.Text(raw), *rest):
            text = LABEL_END.sub("", raw)
            inlines = ((t.Text(text),) if text else ()) + tuple(rest)
    while inlines and is_break(inlines[0]):
        inlines = inlines[1:]
    return inlines


def text_offsets(text: str, headings: Sequence[t.Block]) -> list[int]:
    """Return where each of ``headings`` (``Question N`` headings, in order) starts in a page's
    ``text``: the start of the first line after the one before that names its number (the
    start of the text where none does): by the word (``Question 2``, ``Q2``), else by the
    number opening the line (``## 2. Which``, ``**2.**``, titled ``Question 2``)."""
    found: list[int] = []
    at = 0
    for heading in headings:
        assert isinstance(heading, t.Heading)
        asked = question_label(inline_text(heading.children), True)
        number = asked.group(1) if asked else ""
        worded = re.compile(rf"^[^\n]*?\b{LABEL_WORD}\s*\.?\s*#?\s*{number}\b", re.I | re.M)
        bare = re.compile(rf"^[ \t]*(?:#{{1,6}}[ \t]*|[*_]{{1,3}})?[ \t]*{number}[ \t]*[:.)]", re.M)
        match = worded.search(text, at) or bare.search(text, at)
        at = match.start() if match else at
        found.append(at)
        at = text.find("\n", at) + 1 if "\n" in text[at:] else at
    return found


def lettered_lines(
    paragraph: t.Paragraph, after: t.Blocks
) -> tuple[t.Inlines, list[t.Inlines]] | None:
    """Return a paragraph's lines before its options and each option's lines (``None``: it
    writes no options as lines; see ``listed_options``)."""
    lines = inline_lines(paragraph.children)
    letters = [LETTER.match(plain_text(to_runs(line))) for line in lines]
    opening = next((i for i, found in enumerate(letters) if found is not None), None)
    if opening is None:
        return None
    written = [(found.group(1) or found.group(2)).casefold() for found in letters if found]
    if len(written) < 2 or written != [chr(ord("a") + i) for i in range(len(written))]:
        return None
    texts = [plain_text(to_runs(line)) for line in lines[opening:]]
    answered = any(MARK_PUNCTUATED.match(text) for text in texts) or any(
        ANSWER.match(line) for block in after for line in text_lines((block,))
    )
    if not answered:
        return None
    items: list[t.Inlines] = []
    for line, found in zip(lines[opening:], letters[opening:], strict=True):
        if found is not None or not items:
            items.append(line)
        else:
            items[-1] = (*items[-1], t.SoftBreak(), *line)
    asked: list[t.Inline] = []
    for line in lines[:opening]:
        asked += [t.SoftBreak(), *line] if asked else line
    return tuple(asked), items
