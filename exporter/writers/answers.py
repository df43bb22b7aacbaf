"""write: ``LaidOutDeck`` → a quiz's answer key as HTML, for the teacher: question by question
its correct letters and every option's explanation, many questions a page.

The key is printed as the handouts are (their page, head and foot, the theme's fonts), in two
columns, a question never split between them. It is drawn from the deck's questions
(``Slide.question``), once each, whatever slides show them.

WeasyPrint balances the columns of the last page by laying them out again and again, each time
a little taller; where the next question could only be split (``break-inside: avoid`` keeps it
whole as long as it can), it grew them by one pixel a time: a ten-question key took 4 s rather
than 0.6 s. So a question that surely fits a column (``held``) is one unbreakable box (an
inline block on a line of its own), which WeasyPrint measures whole; only one that may be
taller than a column stays a block that can be split.
"""

from __future__ import annotations

from datetime import datetime

from exporter.geometry import Box, LaidOutDeck
from exporter.model import (
    Block,
    Code,
    Deck,
    Image,
    Option,
    Paragraph,
    Question,
    Run,
    Runs,
    Slide,
    Subheading,
    Table,
)
from exporter.paper import PAPERS
from exporter.writers.document import Document
from exporter.writers.handout import HANDOUT_CSS, OUTLINE_CODE_PAD, PAGE_MARGIN, HandoutWriter
from exporter.writers.highlight import POINTS_PER_INCH
from exporter.writers.htmltext import escape

NONE_MARKED = "\u2014"
"""What the key shows for a question with no correct option marked (the check warned of it)."""
COLUMN_GAP = 0.3
"""The space between the key's two columns, in inches."""
KEY_TEXT_SIZE = 8.5
"""The size, in points, of a table the key shows with its question (an option's size)."""
KEY_CODE_SIZE = 8.0
"""The size, in points, of the code the key shows with its question."""
KEY_PICTURE_HEIGHT = 1.3
"""The most height, in inches, of a picture the key shows with its question: it says which
picture, for the answer to read, without taking the page that ten questions share."""
KEY_SIZE = 9.5
"""The size, in points, of the key's text: a question's prompt (an option's is
``KEY_TEXT_SIZE``)."""
LEADING = 1.3
"""The key's line height, as a share of its text's size."""
SURE = 1.25
"""How much taller than the estimate of its height (``KeyWriter.height``) a question is allowed
to be, and still be sure to fit a column: the estimate wraps every word bold, and the margin
covers what it leaves out (a line's rounding, a border)."""
HELD_SHARE = 0.4
"""The most of a column a question held whole may take: the last page's columns are balanced
by growing them from the average of their heights, and one whole box taller than that left a
column of the last page empty."""
TITLE_ROOM = 1.0
"""The height, in inches, the key's title and subtitle take at the top of its first page: a
question held whole fits a column below them."""
ANSWERS_CSS = (
    "@page:first{@top-left{content:none}@top-right{content:none}}"
    f".key{{font-size:{KEY_SIZE}pt;line-height:{LEADING}}}"
    ".key h1{font-size:18pt;margin:0 0 0.1em;bookmark-level:none}"
    ".key .subtitle{margin:0 0 0.8em}"
    f".key .questions{{columns:2;column-gap:{COLUMN_GAP}in}}"
    ".key .question{break-inside:avoid;margin:0 0 0.7em}"
    # A question that surely fits a column (``KeyWriter.held``): one unbreakable box on a line
    # of its own, the space after it its line's, which a column's end drops as a margin.
    ".key .held{margin:0 0 0.7em;line-height:0}"
    ".key .held>.question{display:inline-block;width:100%;vertical-align:top;margin:0;"
    f"line-height:{LEADING}}}"
    # The margins inside it that a block's would have given to its neighbours'.
    ".key .held>.question>:first-child{margin-top:0}"
    ".key .held>.question>:last-child{margin-bottom:0}"
    ".key .question p{margin:0.1em 0}"
    ".key .asked{font-weight:700;bookmark-level:1;bookmark-label:attr(data-bookmark)}"
    ".key .letters{display:inline-block;min-width:1.6em;padding:0 0.3em;margin-right:0.3em;"
    "text-align:center;border:0.75pt solid #333;font-weight:700}"
    ".key .option{margin-left:2.4em;text-indent:-1.2em;font-size:8.5pt}"
    ".key .mark{display:inline-block;width:1.2em;text-indent:0}"
    ".key .right{font-weight:700}"
    ".key .why{font-weight:400}"
    ".key .said{margin-left:2.4em;font-size:8.5pt}"
    # What the question asks about, under its prompt: its words bold, as the prompt's.
    ".key .stem{margin:0.2em 0 0.3em}"
    ".key .stem p{font-weight:700}"
    f".key pre{{white-space:pre-wrap;font-size:{KEY_CODE_SIZE}pt;background:#f3f4f6;"
    f"padding:{OUTLINE_CODE_PAD}em;margin:0.2em 0;overflow-wrap:anywhere}}"
    ".key pre .ln{display:block}"
    f".key table{{border-collapse:collapse;margin:0.2em 0;font-size:{KEY_TEXT_SIZE}pt}}"
    ".key th,.key td{border:0.5pt solid #999;padding:0.15em 0.3em;vertical-align:top}"
    ".key th .long,.key td .long{overflow-wrap:anywhere}"
    ".key .figure{margin:0.2em 0;text-align:center}"
    ".key .figure img{display:inline-block;vertical-align:top;margin:0 0.06in 0.06in}"
)
"""The answer key's own style: its title printed once, the questions in two columns."""


def questions_of(deck: Deck) -> tuple[Question, ...]:
    """Return the deck's questions, each once, in order (a reveal slide repeats one)."""
    return tuple(slide.question for slide in asking_slides(deck) if slide.question is not None)


def asking_slides(deck: Deck) -> tuple[Slide, ...]:
    """Return the first slide of each of the deck's questions, in order."""
    found: dict[int, Slide] = {}
    for slide in deck.slides:
        if slide.question is not None and slide.question.line not in found:
            found[slide.question.line] = slide
    return tuple(found.values())


def has_answer_key(deck: Deck) -> bool:
    """Return whether the deck gets an answer key: it is a quiz, and it asks something."""
    return deck.quiz and bool(questions_of(deck))


def render_answers(
    laid: LaidOutDeck, paper: str = "a4", created: datetime | None = None
) -> Document:
    """Return the answer key's document on ``paper``: the quiz's title and section, then each
    question's number, prompt, correct letters and options with their explanations."""
    size = PAPERS[paper]
    side, top, bottom = PAGE_MARGIN
    column = (size.width - 2 * side - COLUMN_GAP) / 2
    writer = KeyWriter(laid, Box(0.0, 0.0, column, size.height - top - bottom))
    styles = (
        writer.handout_page_css(size),
        HANDOUT_CSS + ANSWERS_CSS + writer.paper_code_css(".key"),
    )
    return writer.document(styles, f'<main class="key">{writer.key()}</main>', created)


class KeyWriter(HandoutWriter):
    """Draws a quiz's answer key, its ``area`` one of its columns."""

    text_size = KEY_TEXT_SIZE
    code_size = KEY_CODE_SIZE

    def tallest_picture(self, portrait: bool) -> float:
        """Return the most height of a picture a question asks about: ``KEY_PICTURE_HEIGHT``."""
        return KEY_PICTURE_HEIGHT

    def key(self) -> str:
        """Return the key's title, then each question."""
        deck = self.laid.deck
        parts = [f"<h1>{escape(deck.title)} \u00b7 {escape(deck.words.answer_key)}</h1>"]
        if deck.subtitle:
            parts.append(f'<p class="subtitle muted">{escape(deck.subtitle)}</p>')
        questions = "".join(
            self.question(slide.question, slide.stem)
            for slide in asking_slides(deck)
            if slide.question is not None
        )
        parts.append(f'<div class="questions">{questions}</div>')
        return "".join(parts)

    def question(self, question: Question, stem: tuple[Block, ...] = ()) -> str:
        """Return one question: its number and correct letters, what asks it (its ``stem``,
        as its slide shows it: the prompt, and the code, table or picture it asks about,
        without which ``B) 2`` says nothing; else its prompt), its options, and what its
        ``Answer:`` line and the paragraphs after it say of the answer."""
        letters = ", ".join(question.correct) or NONE_MARKED
        bookmark = f"{question.number}. {letters}"
        options = "".join(self.option(option) for option in question.options)
        said = "".join(
            f'<p class="said">{self.runs(runs)}</p>'
            for runs in (question.said, question.then)
            if runs
        )
        prompt, shown = question.prompt, ""
        under: tuple[Block, ...] = ()  # what is drawn under the prompt
        # Its headings left out (its number says which it is); its prompt's paragraphs in
        # their places among what they ask about.
        rest = tuple(block for block in stem if not isinstance(block, Subheading))
        if any(isinstance(block, Code | Table | Image) for block in rest):
            first = rest[0]
            prompt, under = (first.runs, rest[1:]) if isinstance(first, Paragraph) else ((), rest)
            shown = self.stem(under)
        drawn = (
            f'<section class="question"><p class="asked" data-bookmark="{escape(bookmark)}">'
            f'{question.number}. <span class="letters">{escape(letters)}</span>'
            f"{self.runs(prompt)}</p>{shown}{options}{said}</section>"
        )
        return f'<div class="held">{drawn}</div>' if self.held(question, prompt, under) else drawn

    def held(self, question: Question, prompt: Runs, shown: tuple[Block, ...]) -> bool:
        """Return whether ``question`` (its ``prompt`` and the blocks ``shown`` under it)
        surely fits one of the key's columns, below the title (``height``)."""
        height = self.height(question, prompt, shown)
        return height is not None and height * SURE <= HELD_SHARE * (self.area.h - TITLE_ROOM)

    def height(self, question: Question, prompt: Runs, shown: tuple[Block, ...]) -> float | None:
        """Return about how tall ``question`` is drawn in a column, in inches, its words all
        bold and its lines as wide as a column less the most any line is set in; ``None`` for
        one whose height the key does not estimate (it shows a table)."""
        measure = self.tables.measure
        width = self.area.w

        def lines(runs: Runs, size: float, indent: float) -> float:
            """The height of ``runs`` at ``size`` points, ``indent`` ems in from both sides."""
            room = width - 2 * indent * size / POINTS_PER_INCH
            count = measure.wrap(runs, size, room, bold=True).lines if runs else 1
            return count * size * LEADING / POINTS_PER_INCH

        total = lines(prompt, KEY_SIZE, 2.5)  # beside its number and letters
        for block in shown:
            if isinstance(block, Paragraph):
                total += lines(block.runs, KEY_SIZE, 0.0)
            elif isinstance(block, Code):
                pad = 2 * OUTLINE_CODE_PAD * KEY_CODE_SIZE / POINTS_PER_INCH
                count = sum(measure.count_code_lines(block.text, KEY_CODE_SIZE, width - pad))
                total += pad + count * KEY_CODE_SIZE * LEADING / POINTS_PER_INCH
            elif isinstance(block, Image):
                total += KEY_PICTURE_HEIGHT + 0.1
            else:
                return None
        for option in question.options:
            text = (*option.runs, Run(" \u2014 "), *(option.explanation or ()))
            total += lines(text, KEY_TEXT_SIZE, 2.4)
        for said in (question.said, question.then):
            if said:
                total += lines(said, KEY_TEXT_SIZE, 2.4)
        return total

    def stem(self, blocks: tuple[Block, ...]) -> str:
        """Return what a question shows after its prompt's first paragraph: its other
        paragraphs (bold, as the prompt), and the code, tables and pictures it asks about,
        each within the key's column."""
        drawn: list[str] = []
        shown: list[Block] = []  # pictures written one after another share their lines
        for block in (*blocks, None):
            if block is None or isinstance(block, Paragraph):
                drawn.extend(self.flowing(shown))
                shown = []
                if block is not None:
                    drawn.append(f"<p>{self.runs(block.runs)}</p>")
            else:
                shown.append(block)
        return f'<div class="stem">{"".join(drawn)}</div>'

    def option(self, option: Option) -> str:
        """Return an option's line: its letter and text (bold when it is right, after a check
        mark), then its explanation."""
        mark = "\u2713" if option.correct else ""
        why = (
            ""
            if option.explanation is None
            # The space before it in a span of its own (``htmltext.spaced``): a bare one there,
            # WeasyPrint broke the option's line after its first word.
            else f'<span> </span><span class="why">\u2014 {self.runs(option.explanation)}</span>'
        )
        right = " right" if option.correct else ""
        return (
            f'<p class="option{right}"><span class="mark">{mark}</span>'
            f"{escape(option.letter)})\u00a0"
            f"{self.runs(option.runs)}{why}</p>"
        )
