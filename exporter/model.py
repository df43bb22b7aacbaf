"""model: the slide model every stage after ``build`` works on.

Frozen dataclasses and tuples only; this module imports nothing from the package. Inline text
is a flat tuple of ``Run`` values, which map one to one onto PowerPoint runs and HTML spans.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, replace


class Tone(enum.Enum):
    """A colour of the theme's that a run is drawn in instead of the paragraph's."""

    ACCENT = "accent"
    """The theme's accent (a quiz's right answer)."""
    MUTED = "muted"
    """The theme's muted colour (a quiz's wrong answers on the reveal slide)."""


class Script(enum.Enum):
    """Text set smaller above or below the line (``<sup>``, ``<sub>``)."""

    SUPER = "super"
    """Raised: ``10<sup>38</sup>``, ``2<sup>host bits</sup>``."""
    SUB = "sub"
    """Lowered: ``H<sub>2</sub>O``."""


SCRIPT_SCALE = 0.58
"""A superscript's or subscript's size, as a share of its text's: LibreOffice's (58 %) for
the deck, which the PDFs draw too. PowerPoint sets it a little larger (about two thirds):
the fit measures it at ``SCRIPT_MEASURE``, so that it wraps no later than either draws it."""
SCRIPT_MEASURE = 0.67
"""The size a superscript or subscript is measured at, as a share of its text's: the larger
of PowerPoint's and LibreOffice's."""
SCRIPT_SHIFT = {Script.SUPER: 0.3, Script.SUB: -0.08}
"""How far a superscript is raised, or a subscript lowered, as a share of its text's size:
PowerPoint's own 30 % for a superscript, which stays inside its line's ascent; a subscript
no further than its smaller size keeps it inside the line's descent (at PowerPoint's -25 %,
LibreOffice set the line after it 4 pt lower than the fit had measured): the lines' heights
do not change."""


@dataclass(frozen=True)
class Style:
    """How a run of text is drawn."""

    bold: bool = False
    """Strong emphasis (``**text**``)."""
    italic: bool = False
    """Emphasis (``*text*``)."""
    code: bool = False
    """Inline code, drawn in the theme's monospace font."""
    strike: bool = False
    """Strikethrough (``~~text~~``)."""
    link: str | None = None
    """The address a click opens, for a link."""
    tone: Tone | None = None
    """The theme colour the run is drawn in (``None``: the paragraph's own)."""
    icon: Image | None = None
    """The picture a run of ``ICON`` stands for: an icon written inside a line of text
    (``Click the ![gear](gear.png) icon``), drawn one line high where it is written, an
    unbreakable word of its width (``geometry.inline_icon_box``)."""
    script: Script | None = None
    """Set smaller, above or below the line (``<sup>``, ``<sub>``); ``None`` on it."""
    box: bool = False
    """A task box at the start of a numbered item's text (``1. [ ] Open the console``), its
    text ``TASK_BOXES``'s character: drawn after the item's number from a font that has it
    (Wingdings in the deck, a fallback font in the PDFs), measured ``TASK_BOX_WIDTH`` wide."""


PLAIN = Style()

ICON = "\ufffc"
"""The text of a run that is an icon in a line (``Style.icon``): the object replacement
character, one character that no step cuts in two nor reads as a word's letters."""


@dataclass(frozen=True)
class Run:
    """A piece of text in one style."""

    text: str
    """The characters, never Markdown."""
    style: Style = PLAIN
    """How they are drawn."""


Runs = tuple[Run, ...]


def inline_icons(runs: Runs) -> tuple[Image, ...]:
    """Return the icons written inside the lines of ``runs`` (``Style.icon``), in order."""
    return tuple(run.style.icon for run in runs if run.style.icon is not None)


def muted_icons(runs: Runs) -> tuple[bool, ...]:
    """Return, for each icon inside the lines of ``runs`` (``inline_icons``), whether it
    stands among muted words (``Tone.MUTED``: a quiz's wrong answer on its reveal slide), to
    be drawn greyed as they are."""
    return tuple(run.style.tone is Tone.MUTED for run in runs if run.style.icon is not None)


def text_runs(text: str, icons: tuple[Image, ...] = ()) -> Runs:
    """Return plain ``text`` as runs, each ``ICON`` in it the run of the next of ``icons``
    (``Style.icon``): a title rewritten as text (``X (continued)``, ``X (2/3)``) keeps the
    icons inside its lines; ``(Run(text),)`` where it holds none."""
    if not icons or ICON not in text:
        return (Run(text),)
    found: list[Run] = []
    left = iter(icons)
    for index, piece in enumerate(text.split(ICON)):
        icon = next(left, None) if index else None
        if icon is not None:
            found.append(Run(ICON, Style(icon=icon)))
        if piece:
            found.append(Run(piece))
    return tuple(found)


def spoken_text(runs: Runs) -> str:
    """Return the characters of ``runs`` as text alone can hold them (speaker notes): each
    icon inside their lines as its alt text, a word."""
    return "".join(run.text if run.style.icon is None else run.style.icon.alt for run in runs)


def plain_text(runs: Runs) -> str:
    """Return the characters of ``runs`` without their styles."""
    return "".join(run.text for run in runs)


SCRIPT_CHARS = {
    Script.SUPER: str.maketrans("0123456789+-=()in", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁱⁿ"),
    Script.SUB: str.maketrans("0123456789+-=()", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎"),
}
"""The Unicode characters that write a superscript's or subscript's characters raised or
lowered in plain text, where there are some."""


def label_text(runs: Runs) -> str:
    """Return ``runs`` as plain text for a label that has no styles (a PDF bookmark, the
    report's slide titles): an icon in its line as its alt text, which a label can hold
    where no picture can; a superscript or subscript written in raised or lowered characters
    where Unicode has them all (``Why NAT exists¹``, ``10³⁸``, ``H₂O``), else as ``^(...)``
    or ``_(...)`` (``2^(host bits)``), so that it does not run into the text."""
    parts = []
    for run in runs:
        script = run.style.script
        if run.style.icon is not None or script is None:  # an icon: its alt text, a word
            parts.append(run.text if run.style.icon is None else run.style.icon.alt)
            continue
        shown = run.text.translate(SCRIPT_CHARS[script])
        if any(
            char == kept and not char.isspace() for char, kept in zip(run.text, shown, strict=True)
        ):
            mark = "^" if script is Script.SUPER else "_"
            shown = f"{mark}({run.text})"
        parts.append(shown)
    return "".join(parts)


def head_of(runs: Runs, count: int) -> Runs:
    """Return the first ``count`` characters of ``runs``, each in its own style."""
    found: list[Run] = []
    for run in runs:
        if count <= 0:
            break
        found.append(Run(run.text[:count], run.style))
        count -= len(run.text)
    return tuple(found)


def ends_in_colon(runs: Runs) -> bool:
    """Return whether text ends in a colon: it introduces what follows it (``From the AWS
    CLI:`` before a command, ``A script reads:`` before a script)."""
    return plain_text(runs).rstrip().endswith(":")


NO_BREAK_SPACE = "\u00a0"
"""A space no line breaks at: PowerPoint, LibreOffice and the PDF all keep the words it joins
on one line."""


WORD_JOINER = "\u2060"
"""An invisible character no line breaks beside: after a hyphen, it keeps the word whole."""
HYPHENS = "-\u2010"
"""The hyphens the apps and the PDF may break a line after (``lab-`` / ``web-01``)."""


def uppercased(runs: Runs) -> Runs:
    """Return ``runs`` in capitals."""
    return tuple(replace(run, text=run.text.upper()) for run in runs)


def last_words_bound(runs: Runs) -> Runs:
    """Return ``runs`` with their last two words joined by a no-break space, so that the last
    word never stands alone on a line (``Hosting Files in Amazon / S3``), and no hyphen inside
    those two words breaking them instead (``the running lab- / web-01 instance``); as they
    were where they hold one word."""
    whole = plain_text(runs)
    text = whole.rstrip(" ")
    at = text.rfind(" ")
    if at <= 0 or not text[:at].strip():
        return runs
    pair = text.rfind(" ", 0, at) + 1  # where the first of the two words starts
    bound: list[Run] = []
    start = 0
    for run in runs:
        drawn = []
        for place, char in enumerate(run.text, start):
            drawn.append(NO_BREAK_SPACE if place == at else char)
            inside = pair <= place < len(text) - 1 and whole[place + 1].isalnum()
            if inside and char in HYPHENS:
                drawn.append(WORD_JOINER)
        bound.append(replace(run, text="".join(drawn)))
        start += len(run.text)
    return tuple(bound)


@dataclass(frozen=True)
class Words:
    """The words the exporter itself puts on a slide or a page, in one language; the English
    ones by default (the other languages' are in ``exporter.words``).

    Fields with ``{...}`` are format strings; the names in braces are filled in.
    """

    lang: str = "en"
    """The language's tag (``en``, ``de``...)."""
    continued: str = "continued"
    """Marks a slide that goes on with the one before: ``IAM Roles (continued)``, and, in its
    brackets, a part of a split page (``(continued, 2/3)``) or a repeat (``(continued 2)``)."""
    overview: str = "Overview"
    """Titles an opening page whose heading repeats the lesson's title."""
    summary: str = "Summary: {title}"
    """Titles a lesson's closing paragraph when its title has no course prefix."""
    section: str = "Section"
    """Labels the front matter's ``section`` on the title slide (``Section 14``)."""
    lesson: str = "Lesson"
    """Labels the front matter's ``lesson`` on the title slide (``Lesson 1``)."""
    subtitle: str | None = None
    """The title slide's subtitle as a format string of ``{section}`` and ``{lesson}`` (the
    front matter's values without their label), or ``None``: ``Section 14 · Lesson 1``."""
    page: str = "Page {page} of {pages}"
    """The foot of a handout's page."""
    slide: str = "Slide {number}"
    """A slide's label on a handout, and its bookmark when it has no title."""
    image_missing: str = "Image not available"
    """The first line of a missing image's placeholder."""
    no_description: str = "(no description)"
    """A missing image's placeholder line for alt text it does not have."""
    note: str = "Note:"
    """Labels a GitHub alert (``> [!NOTE]``), as the language writes a label and its colon;
    and so ``tip``, ``important``, ``warning`` and ``caution``."""
    tip: str = "Tip:"
    important: str = "Important:"
    warning: str = "Warning:"
    caution: str = "Caution:"
    question: str = "Question"
    """Titles a question labelled by its number alone, or by ``Q`` (``**Q4.** Which...?``):
    ``Question 4``."""
    answer: str = "Answer"
    """Titles a quiz question's reveal slide (``Question 1 \u2013 Answer``), labels the right
    letters in its speaker notes (``Answer: B``) and the box a student answers a question in,
    on a student handout."""
    answer_key: str = "Answer key"
    """Titles a quiz's answer key."""
    teachers: str = "Teacher's edition"
    students: str = "Students' edition"
    """Name the edition on the course book's cover and the index page, so that the book with
    the answers is not printed for a class by mistake."""
    contents: str = "Contents"
    """Heads the course book's table of contents, and names its bookmark."""
    not_exported: str = (
        "This lesson could not be exported, so its pages are not in this book. The first error:"
    )
    """Stands in the course book for a lesson that failed, before its first error."""

    @property
    def marker(self) -> str:
        """Return what ends a continued title: `` (continued)``."""
        return f" ({self.continued})"

    def continued_title(self, title: Runs) -> Runs:
        """Return the title of a slide that continues the slide titled ``title``."""
        text = plain_text(title)
        text = text if text.endswith(self.marker) else text + self.marker
        return text_runs(text, inline_icons(title))

    def topic_of(self, title: Runs) -> str:
        """Return the title of the topic a slide titled ``title`` is a part of: itself, or,
        for a slide going on from another, that slide's (``X`` of ``X (continued)`` and of
        ``X (continued 2)``, a later part told apart by its number)."""
        text = plain_text(title)
        if text.endswith(self.marker):
            return text.removesuffix(self.marker)
        base, opening, number = text.rpartition(f" ({self.continued} ")
        return base if opening and number.endswith(")") and number[:-1].isdigit() else text


ENGLISH = Words()
"""The words of a deck that says nothing of its language."""


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of body text (no bullet)."""

    runs: Runs
    """Its text."""
    level: int = 0
    """Indent level: 0 at the top, 1 and more for text inside list items."""
    scale: float = 1.0
    """Its size as a share of the body size: a quiz question's prompt is larger, an option's
    explanation smaller (see ``geometry.size_of``)."""
    icons: tuple[Image, ...] = ()
    """The pictures written at the start of its text (``![warning](warn.png) Do not...``):
    drawn one line high before its first line (``geometry.icon_box``), not as pictures of
    their own."""


@dataclass(frozen=True)
class Bullet:
    """One list item's own text, at its nesting level."""

    runs: Runs
    """Its text (a bold lead-in stays a bold run)."""
    level: int = 0
    """Nesting level, 0 for a top-level item."""
    number: int | None = None
    """The item's number in an ordered list; ``None`` for a bullet."""
    letter: str | None = None
    """A quiz option's letter (``A``), drawn as ``A)`` where the bullet would be."""
    icons: tuple[Image, ...] = ()
    """The pictures written at the start of its text (``- ![EC2](ec2.png) **Amazon
    EC2**``): drawn one line high between its bullet and its text, as ``Paragraph.icons``."""
    check: bool | None = None
    """A task list item's box, drawn where the bullet would be: ticked (``- [x] Done``,
    ``True``) or empty (``- [ ] Run it``, ``False``); ``None`` for any other item. A
    numbered item keeps its number there, its box the first run of its text (``Style.box``,
    ``boxed``)."""


TASK_BOXES = {False: "\u2610", True: "\u2611"}
"""A task list item's box, empty and ticked, as the PDFs draw it where the bullet would be
(from a fallback font, DejaVu Sans on Debian: the theme's fonts have none); the deck draws
Wingdings's (``writers.drawingml.WINGDINGS_BOXES``)."""
TASK_BOX_WIDTH = 0.9
"""A task list item's box, in ems of its text: as wide as DejaVu Sans draws ``☐`` and
``☑`` in the PDFs, and as OpenSymbol draws Wingdings's in LibreOffice."""
BOXED = Style(box=True)
"""The style of a numbered task item's box (``Style.box``)."""


def boxed(runs: Runs, check: bool) -> Runs:
    """Return a numbered item's text ``runs`` after its task box, ticked (``check``) or
    empty, and a space: ``1. ☐ Open the console``."""
    return (
        (Run(TASK_BOXES[check], BOXED), Run(" "), *runs)
        if runs
        else (Run(TASK_BOXES[check], BOXED),)
    )


def after_box(runs: Runs) -> Runs:
    """Return ``runs`` without the task box they open with, if any (``Style.box``), and
    the space after it: the words a reader of what an item says reads (a ticked ``☑`` is
    no ``✓`` mark of a right answer)."""
    if not runs or not runs[0].style.box:
        return runs
    rest = runs[1:]
    return rest[1:] if rest and rest[0].text == " " else rest


def unboxed(runs: Runs) -> Runs:
    """Return ``runs`` with a ticked task box at their start (``Style.box``) left empty."""
    if runs and runs[0].style.box and runs[0].text == TASK_BOXES[True]:
        return (Run(TASK_BOXES[False], BOXED), *runs[1:])
    return runs


@dataclass(frozen=True)
class Subheading:
    """A heading that is not the slide's title."""

    runs: Runs
    """Its text."""
    level: int
    """The Markdown heading level (1 to 6)."""
    minor: bool = False
    """Whether it is under another subheading of its page (a deeper level than the page's
    first): drawn in bold at the body's size and colour, so that the page's outline reads
    (``Health Checks`` over ``Load Balancer Health Checks``), not in the accent, larger."""


@dataclass(frozen=True)
class Code:
    """A fenced or indented code block."""

    text: str
    """The code, without the final newline."""
    language: str | None = None
    """The fence's info string, when given."""
    level: int = 0
    """Indent level, for code nested in a list item."""
    whole: str | None = None
    """The text of the block it is a part of, when it is one divided over slides: read
    whole where it is highlighted, so that a part starting in a string is coloured as one."""
    first: int = 0
    """Where it starts in ``whole``: the index of its first line there."""


@dataclass(frozen=True)
class Table:
    """A table: a header row and body rows of cells."""

    header: tuple[Runs, ...]
    """The header row's cells."""
    rows: tuple[tuple[Runs, ...], ...]
    """The body rows, each as wide as the header."""
    align: tuple[str | None, ...]
    """Each column's alignment: ``left``, ``center``, ``right`` or ``None``."""
    level: int = 0
    """How deep in a list it is written (0 outside lists): under a list item, it goes with
    the item (a quiz option's explanation)."""


@dataclass(frozen=True)
class Image:
    """An image reference, not yet loaded."""

    src: str
    """The address as written in the lesson."""
    alt: str
    """Its alternative text (may be empty)."""
    line: int
    """The source line it is written on."""
    inline: bool = False
    """Whether it is written inside a line of text (an icon in a sentence, or one that
    starts its text: ``Paragraph.icons``): such a picture stands apart from the pictures
    written on lines of their own (``fit.blocks.segments``)."""
    level: int = 0
    """How deep in a list a picture on a line of its own is written (0 outside lists): one
    under a step goes with the step (``fit.blocks.units``)."""
    tag: bool = False
    """Whether it is written as an HTML ``<img>`` tag (its alt text an ``alt`` attribute),
    not as ``![alt](src)``."""


@dataclass(frozen=True)
class Column:
    """One side of a comparison."""

    heading: Runs
    """The party's label, such as ``AWS Responsibilities`` (may be empty)."""
    blocks: tuple[Block, ...]
    """What the column holds."""
    icons: tuple[Image, ...] = ()
    """The pictures its label was written after (``- ![AWS](aws.png) **AWS
    Responsibilities**:``): drawn a line high before the label in its heading bar, as
    ``Paragraph.icons`` before a paragraph's text."""


class Signal(enum.Enum):
    """A kind of evidence for or against laying a list out as two columns (its report name)."""

    DIRECTIVE = "directive"
    WORDING = "wording"
    NAMED = "named"
    CONTRAST = "contrast"
    PARALLEL = "parallel"
    BALANCE = "balance"
    IMPERATIVE = "imperative"
    SEQUENCE = "sequence"
    PROCEDURE = "procedure"


@dataclass(frozen=True)
class Evidence:
    """One signal found on a page, with the weight it adds to the case for two columns."""

    signal: Signal
    """What kind of signal it is."""
    weight: int
    """Positive for a comparison, negative against."""
    detail: str
    """What was found, such as ``labels contrast on 'instances': spot / on-demand``."""


@dataclass(frozen=True)
class Verdict:
    """Why a page was, or was not, laid out as two columns."""

    evidence: tuple[Evidence, ...]
    """The signals found, strongest first."""
    columns: bool
    """Whether the evidence was clear enough for two columns."""
    reason: str
    """One line saying what decided it."""

    @property
    def score(self) -> int:
        """Return the sum of the evidence's weights."""
        return sum(item.weight for item in self.evidence)


@dataclass(frozen=True)
class Columns:
    """Two columns side by side."""

    left: Column
    """The first party."""
    right: Column
    """The second party."""
    verdict: Verdict | None = field(default=None, kw_only=True)
    """The evidence that made this a comparison (``None`` when the author split it by hand)."""


Block = Paragraph | Bullet | Subheading | Code | Table | Image | Columns


@dataclass(frozen=True)
class Option:
    """One lettered option of a quiz question."""

    letter: str
    """Its letter, in capitals (``A``), as written or, for an unlettered option, by position."""
    runs: Runs
    """Its text, without its letter or task box."""
    correct: bool
    """Whether it is a right answer (several options of a question may be)."""
    explanation: Runs | None = None
    """Why it is right or wrong, from its nested ``Correct:`` / ``Incorrect:`` line."""
    line: int = 0
    """The source line it is written on."""
    unnamed: str = ""
    """The address of the picture the option is, where it has no alt text: it is shown by
    its file's name (``quizchecks`` warns)."""


@dataclass(frozen=True)
class Question:
    """A quiz question: a prompt and its options, the answer marked on them."""

    number: int
    """Its number: as its ``Question N`` heading says, else its place among the lesson's."""
    prompt: Runs
    """What is asked."""
    options: tuple[Option, ...]
    """The options, in the order written."""
    line: int
    """The source line the question starts on."""
    said: Runs = ()
    """What its ``Answer:`` line says after naming the answer (``Answer: A. Eight is four
    twice.``): why, shown with the answer."""
    then: Runs = ()
    """What its page says after its ``Answer:`` line (further paragraphs explaining the
    answer), each line after the first on a line of its own: in the notes and the answer key
    (a reveal slide shows those blocks as written)."""
    disputed: tuple[str, ...] = ()
    """The letters its ``Answer:`` line and its options' own marks disagree on (an option
    marked ``Incorrect:`` that the line names, or one marked right that it leaves out)."""

    @property
    def correct(self) -> tuple[str, ...]:
        """Return the letters of the right answers, in order."""
        return tuple(option.letter for option in self.options if option.correct)

    @property
    def icons(self) -> tuple[Image, ...]:
        """Return the icons inside the lines of its options and their explanations, in
        order: the answer key shows them all, whatever slides show them."""
        return tuple(
            icon
            for option in self.options
            for icon in inline_icons((*option.runs, *(option.explanation or ())))
        )


class View(enum.Enum):
    """What a quiz question's slide shows of it."""

    QUESTION = "question"
    """The question and its options, nothing marking the answer."""
    REVEAL = "reveal"
    """The answer marked and every option explained, on the slide after its question's."""
    ANSWERED = "answered"
    """The answer marked and every option explained, on the question's one slide."""


class Layout(enum.Enum):
    """The kind of slide; its value is the name used in reports."""

    TITLE = "title"
    """The lesson's title slide."""
    SECTION = "section"
    """A section header: a page of a heading alone (and its subtitle), dividing the lesson."""
    BULLETS = "bullets"
    TWO_COLUMN = "two-column"
    IMAGE = "image"
    TABLE = "table"
    CODE = "code"


@dataclass(frozen=True)
class Slide:
    """One slide of the deck."""

    layout: Layout
    """Which kind of slide this is."""
    title: Runs
    """The slide's title."""
    body: tuple[Block, ...]
    """The content, top to bottom; a two-column slide has one ``Columns`` block."""
    line: int
    """The source line the slide comes from (1-based)."""
    notes: str = ""
    """Speaker notes."""
    subtitle: Runs = ()
    """A subtitle, on the title slide or a section header."""
    question: Question | None = None
    """The quiz question the slide's page asks, if it is one."""
    view: View | None = None
    """What the slide shows of its ``question`` (``None``: the page as written, for a slide
    that asks none)."""
    asked: tuple[Block, ...] = ()
    """What the question slide of its ``question`` shows (the students' edition shows that
    alone, whichever slides the teacher's has)."""
    closing: bool = False
    """Whether it is the lesson's closing summary, titled by the lesson: it belongs to the
    whole lesson, not to the section header before it (bookmarks, the outline)."""
    cased: tuple[Runs, Runs] | None = None
    """Its title and subtitle as written, where the fit set them in capitals (``title`` and
    ``subtitle``) as the template's layout draws them (``cap="all"``): the deck writes these,
    drawn in capitals, so that a teacher who edits the title finds the author's words."""

    @property
    def stem(self) -> tuple[Block, ...]:
        """Return what asks its ``question``, as its question slide shows it before the
        options: the prompt's paragraphs with the code, table or picture it asks about (what
        a page that shows a question without its slide, the answer key or a question sheet,
        must show too); ``()`` for a slide that asks none."""
        return stem_of(self.asked)


@dataclass(frozen=True)
class Deck:
    """A lesson as slides."""

    title: str
    """The lesson's title from the front matter."""
    subtitle: str
    """Such as ``Section 14 · Lesson 1``; may be empty."""
    slides: tuple[Slide, ...]
    """The slides, the title slide first."""
    language: str = "en"
    """The lesson's language, as a BCP 47 tag."""
    words: Words = ENGLISH
    """The words the exporter puts on its slides and pages, in the course's language."""
    quiz: bool = False
    """Whether the lesson is a quiz: its front matter says so, or most of its pages are
    questions."""
    quiz_number: str | None = None
    """The front matter's ``quiz`` value (``2`` of ``quiz: 2``), as written."""
    section: str | None = None
    """The front matter's ``section`` (``Section-14``), as written: where the lesson goes in
    the course."""
    lesson: str | None = None
    """The front matter's ``lesson`` (``1``), as written."""


def stem_of(body: tuple[Block, ...]) -> tuple[Block, ...]:
    """Return what asks a question on a question slide's ``body``: its blocks before the
    options (its first list item, or the options set two by two)."""
    first = next(
        (i for i, block in enumerate(body) if isinstance(block, Bullet | Columns)), len(body)
    )
    return body[:first]


# A slide whose body is one block of these kinds gets the matching layout.
LONE_LAYOUTS: tuple[tuple[type, Layout], ...] = (
    (Image, Layout.IMAGE),
    (Table, Layout.TABLE),
    (Code, Layout.CODE),
)


def layout_of(body: tuple[Block, ...]) -> Layout:
    """Return the layout of a content slide holding ``body``."""
    if any(isinstance(block, Columns) for block in body):
        return Layout.TWO_COLUMN
    if len(body) == 1:
        for kind, layout in LONE_LAYOUTS:
            if isinstance(body[0], kind):
                return layout
    return Layout.BULLETS
