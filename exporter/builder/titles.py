"""build: each slide's title, as the lesson's outline of headings gives it.

1. A page's first heading titles its slide and opens a topic. A page whose first heading is
   deeper than the topic's (a ``#####`` page after the ``####`` page that opened the topic) is
   the topic's next part: its slide keeps the topic's title, marked continued, and shows the
   heading as a subheading, as the page that opened the topic showed its own (sister pages
   ``For RDS`` and ``For S3`` look the same); but a ``Question N`` heading always titles its
   own slide (``### Question 6`` after ``## Question 5`` is no part of question 5; nor is
   ``### 3) ...`` over lettered options part of ``## 2. ...``). The
   lesson's root heading, its first and only one at its shallowest level (``### What Is
   IAM?`` above ``####`` pages), opens no topic: the title slide stands for it.
2. The title slide shows the lesson's title, so the first page's heading, when it repeats that
   title, gives way to the page's next heading where that comes straight after it (``### AWS
   Security and Compliance Overview`` then ``#### AWS Responsibility``); with none to give way
   to, the page is titled ``Overview`` (in the deck's language, as every word the exporter
   adds: ``Story.words``).
3. A page of a heading alone (and perhaps a second heading under it) divides the lesson: its
   slide is a section header, the second heading its subtitle. It ends the current topic and
   opens none, so that the pages after it are titled by their own headings, whatever their
   level (``## CIDR blocks`` after ``# Part 1: Addresses``).
4. A page without a heading continues the previous title only when its content continues the
   previous page's (a list going on, a numbered list counting on, text that starts in lower
   case or follows a colon). An image page is titled by its image's alt text, and a closing
   paragraph on the last page by the lesson's title (the part after its course's prefix).
5. No two slides of a deck share a title: a repeat gets a number (``... (continued 2)``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from exporter import tokens as t
from exporter.builder.blocks import LineOf, icon_runs
from exporter.builder.inline import inline_text, to_runs
from exporter.builder.quiz import lettered_page
from exporter.builder.quizwords import question_label
from exporter.model import (
    Block,
    Bullet,
    Image,
    Paragraph,
    Run,
    Runs,
    Slide,
    Words,
    ends_in_colon,
    inline_icons,
    plain_text,
    text_runs,
)

WORD = re.compile(r"[^\W_]+")
STOP_WORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "by", "for", "from", "how", "in", "is", "it", "its"}
    | {"of", "on", "or", "the", "to", "what", "when", "why", "with", "your"}
)
"""Words that say nothing of a heading's subject."""
GENERIC_WORDS = frozenset(
    ("overview", "introduction", "intro", "basics", "fundamentals", "lesson", "part")
)
"""Words an opening heading adds to the lesson's title without changing its subject."""


@dataclass(frozen=True)
class Topic:
    """The heading that opened the current topic."""

    depth: int
    """Its Markdown level (1 to 6)."""
    title: Runs
    """The title it gave its slide."""


@dataclass(frozen=True)
class Story:
    """What the pages before tell the next one about its title."""

    lesson: str
    """The lesson's title, shown on the title slide."""
    words: Words
    """The words titles are made of (``Overview``, ``(continued)``...)."""
    topic: Topic | None = None
    """The current topic (``None`` before the first heading)."""
    previous: Runs = ()
    """The title a page without a heading continues."""
    last: Block | None = None
    """The last block of the previous slide."""
    opening: bool = True
    """Whether no page has made a slide yet."""
    root: bool = False
    """Whether the next heading is the lesson's root: its first, the only one at the lesson's
    shallowest level (``### What Is IAM?`` above ``####`` pages), which opens no topic."""
    closing: bool = False
    """Whether this is the lesson's last page."""

    def told(self, slide: Slide, titled: Titled) -> Story:
        """Return the story after ``slide``, whose title was chosen as ``titled`` says."""
        headed = bool(titled.title)
        return replace(
            self,
            topic=titled.topic if titled.opens else self.topic,
            previous=slide.title if headed else self.previous,
            last=slide.body[-1] if slide.body else None,
            opening=False,
            root=self.root and not headed,
        )


@dataclass(frozen=True)
class Titled:
    """A page's title as its headings give it, and the blocks left for its body."""

    title: Runs
    """The title (empty: the page has no heading, and its body will title it)."""
    tokens: t.Blocks
    """The page's blocks without the headings that made the title."""
    heading: t.Inlines = ()
    """The inline content of the heading that made the title (its images join the body)."""
    topic: Topic | None = None
    """The topic the page opens (``None``: none, as the lesson's root heading opens none)."""
    opens: bool = False
    """Whether the page ends the current topic (``False``: it goes on with it)."""
    subtitle: Runs = ()
    """A section header's subtitle: the second heading of a page of headings alone."""
    divides: bool = False
    """Whether the page is a section header: headings alone (rule 3)."""


def has_root(pages: Iterable[t.Blocks]) -> bool:
    """Return whether the lesson's first heading is its only one at its shallowest level
    (section headers aside: a ``### Part 2`` page divides the lesson below its root)."""
    levels = [
        b.level for page in pages if not divides(page) for b in page if isinstance(b, t.Heading)
    ]
    return bool(levels) and levels.count(min(levels)) == 1 and levels[0] == min(levels)


def title_page(tokens: t.Blocks, story: Story, line_of: LineOf | None = None) -> Titled:
    """Return the title the headings of a page's ``tokens`` give it, after ``story``; with
    the page's ``line_of``, each picture among a heading's words an icon in its line."""
    first = next((i for i, b in enumerate(tokens) if isinstance(b, t.Heading)), None)
    if first is None:
        return Titled((), tokens)
    heading = tokens[first]
    assert isinstance(heading, t.Heading)
    rest = (*tokens[:first], *tokens[first + 1 :])
    opening = story.opening and repeats(inline_text(heading.children), story.lesson)
    if divides(tokens) and not opening:
        return section_title(heading, rest, line_of)
    asks = question_label(inline_text(heading.children), lettered_page(tokens)) is not None
    if story.topic is not None and heading.level > story.topic.depth and not asks:
        # The heading stays, as a subheading.
        return Titled(story.words.continued_title(story.topic.title), tokens)
    title = heading_runs(heading, line_of)
    if story.opening and repeats(plain_text(title), story.lesson):
        return opening_title(heading, first, tokens, story, line_of)
    topic = None if story.root or not title else Topic(heading.level, title)
    return Titled(title, rest, heading.children, topic, opens=True)


def divides(tokens: t.Blocks) -> bool:
    """Return whether a page of ``tokens`` is a section header: one heading, or a heading
    and its subtitle's, and nothing else but comments."""
    headings = [b for b in tokens if isinstance(b, t.Heading)]
    return 1 <= len(headings) <= 2 and all(isinstance(b, t.Heading | t.Comment) for b in tokens)


def heading_runs(heading: t.Heading, line_of: LineOf | None) -> Runs:
    """Return a heading's runs as a title: with ``line_of``, each picture among its words an
    icon in its line (``blocks.icon_runs``); else each stands for a word (``to_runs``)."""
    if line_of is None:
        return to_runs(heading.children)
    return icon_runs(heading.children, line_of)


def section_title(heading: t.Heading, rest: t.Blocks, line_of: LineOf | None = None) -> Titled:
    """Return the title of a section header whose first heading is ``heading``: its second
    heading, if it has one, is its subtitle. It opens no topic."""
    title = heading_runs(heading, line_of)
    subtitle = next((heading_runs(b, line_of) for b in rest if isinstance(b, t.Heading)), ())
    left = tuple(b for b in rest if not isinstance(b, t.Heading))
    return Titled(title, left, heading.children, None, opens=True, subtitle=subtitle, divides=True)


def opening_title(
    heading: t.Heading, first: int, tokens: t.Blocks, story: Story, line_of: LineOf | None = None
) -> Titled:
    """Return the title of an opening page whose ``heading`` at ``first`` repeats the lesson's
    title: the first heading straight after it that does not repeat it too, else ``Overview``."""
    dropped = {first}
    inlines = list(heading.children)  # of every heading dropped: their images join the body
    for index in range(first + 1, len(tokens)):
        following = tokens[index]
        if isinstance(following, t.Comment):
            continue
        if not isinstance(following, t.Heading):
            break
        if not (title := heading_runs(following, line_of)):
            break
        dropped.add(index)
        inlines.extend(following.children)
        if not repeats(plain_text(title), story.lesson):
            rest = tuple(b for i, b in enumerate(tokens) if i not in dropped)
            topic = Topic(following.level, title)
            return Titled(title, rest, tuple(inlines), topic, opens=True)
    rest = tuple(b for i, b in enumerate(tokens) if i not in dropped)
    return Titled((Run(story.words.overview),), rest, tuple(inlines), None, opens=True)


def repeats(heading: str, lesson: str) -> bool:
    """Return whether ``heading`` repeats the lesson's title: the same words, or some of its
    words with a generic one such as ``Overview`` (``AWS Security and Compliance Overview``
    for ``Security and Compliance: Understanding AWS Shared Responsibility Model``), or two
    or more of them (``Transport and Routing``). One word of the title alone names a part of
    its subject (``Buckets`` of ``Amazon S3: Buckets and Objects``): the author's title; and
    so is a question the title does not ask (``Processes or Threads?`` under ``Processes and
    Threads``)."""
    if key(heading) == key(lesson):
        return True
    if heading.rstrip().endswith("?") and not lesson.rstrip().endswith("?"):
        return False
    words = subject_words(heading)
    generic = {stem(word) for word in GENERIC_WORDS}  # as subject_words gives them
    own = words - generic
    if not own or not own <= subject_words(lesson):
        return False
    return len(own) > 1 or bool(words & generic)


def subject_words(text: str) -> set[str]:
    """Return the words of ``text`` that name its subject, lower case, a plural's ``s`` off."""
    words = (word.casefold() for word in WORD.findall(text))
    return {stem(word) for word in words if word not in STOP_WORDS}


def stem(word: str) -> str:
    """Return ``word`` without a plural's ``s`` (``policies`` stays: it is only compared)."""
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def natural_title(body: tuple[Block, ...], story: Story) -> Runs:
    """Return the title of a page without a heading, holding ``body``."""
    first = body[0]
    if isinstance(first, Image) and first.alt.strip():
        return (Run(first.alt.strip()),)
    words = story.words
    if story.previous and continues(story.last, first):
        return words.continued_title(story.previous)
    if story.closing and all(isinstance(b, Paragraph) and not b.level for b in body):
        return closing_title(story.lesson, words)
    return words.continued_title(story.previous) if story.previous else (Run(words.overview),)


def continues(last: Block | None, first: Block) -> bool:
    """Return whether a page opening with ``first`` goes on with the page that ended with
    ``last``: a list going on or counting on, text starting in lower case or after a colon."""
    if last is None:
        return False
    if isinstance(first, Bullet):
        if first.number is not None and first.number > 1:
            return True
        if isinstance(last, Bullet) or getattr(last, "level", 0) > 0:
            return True
    if isinstance(first, Paragraph | Bullet) and plain_text(first.runs)[:1].islower():
        return True
    return isinstance(last, Paragraph | Bullet) and ends_in_colon(last.runs)


def closing_title(lesson: str, words: Words) -> Runs:
    """Return the title of a lesson's closing paragraph: the lesson's title after its course's
    prefix (``VPC Basics`` of ``Networking: VPC Basics``), else ``Summary: <title>``: the title
    slide shows the whole title already. In English a part after the colon in lower case
    goes on the sentence (``Titles: levels and pages``); in a language written in sentence
    case it is the lesson's own title, capitalised (``El modelo de responsabilidad`` of
    ``Seguridad y cumplimiento: el modelo de responsabilidad``)."""
    own = lesson.partition(": ")[2].strip()
    if own[:1].islower() and words.lang.split("-")[0].lower() != "en":
        own = own[0].upper() + own[1:]
    if own[:1].isupper() or own[:1].isdigit():
        return (Run(own),)
    return (Run(words.summary.format(title=lesson)),)


def distinct_titles(slides: Iterable[Slide], words: Words) -> Iterator[Slide]:
    """Yield ``slides``, each whose title an earlier slide has given a number to tell it apart
    (PowerPoint's accessibility checker flags slides that share a title)."""
    seen: set[str] = set()
    for slide in slides:
        title = slide.title
        number = 1
        while key(plain_text(title)) in seen:
            number += 1
            title = numbered(slide.title, number, words)
        seen.add(key(plain_text(title)))
        yield slide if title == slide.title else replace(slide, title=title)


def numbered(title: Runs, number: int, words: Words) -> Runs:
    """Return ``title`` as the ``number``-th slide of that title: ``X (continued 2)``, ``X (2)``."""
    text = plain_text(title)
    if text.endswith(words.marker):
        text = f"{text.removesuffix(words.marker)} ({words.continued} {number})"
        return text_runs(text, inline_icons(title))
    return (*title, Run(f" ({number})"))


def key(text: str) -> str:
    """Return ``text`` as titles are compared: case and runs of white space ignored."""
    return " ".join(text.casefold().split())
