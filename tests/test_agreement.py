"""write: the slide PDF agrees with the PPTX as LibreOffice prints it, slide by slide.

Both come from one fitted layout, so every line of text must start at the same place on the
same baseline, and a line holding the same words must hold them at the same places (a wrong
size, indent, line pitch or box shows as a shift). Where two renderers' kerning differs, a
word at the very end of a line may wrap in one and not the other: such a line keeps its start
and baseline, so it is compared by those, and such lines must stay rare. Every built-in theme
is checked, each with its own sizes, fonts and grid.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pytest
from pdfplumber.utils.text import extract_words

from exporter.cli import main
from exporter.theme import load_theme
from exporter.theme_files import builtin_themes
from tests.conftest import LESSONS, Converted, built_once, need_tool, print_decks
from tests.glyphs import pages_of
from tests.test_theme_overflow import printed_in

TOLERANCE = 2.0
"""How far (in points) a line or a word may stand from where LibreOffice puts it."""
DRIFT = 0.005
"""How much further a word may stand from LibreOffice's along its line, as a share of its
distance from the line's start: the two renderers kern a little differently."""
REWRAPPED_SHARE = 0.05
"""The share of a deck's lines whose last word may wrap differently."""
SAME_LINE = 3.0
"""How close (in points) the baselines of two words are when they stand on one line (lines
are at least 14 pt apart; inline code sits a little lower or higher)."""
KNOWN: dict[str, str] = {}
"""Themes whose slide PDF is known not to agree yet, and why (xfail, strict: fixing it shows)."""
THEMES = [
    pytest.param(name, marks=pytest.mark.xfail(reason=KNOWN[name], strict=True))
    if name in KNOWN
    else name
    for name, _ in builtin_themes()
]
"""The themes ``lesson-export themes`` lists."""


@dataclass(frozen=True)
class Line:
    """A line of text on a page: its baseline, and its words with their left edges."""

    baseline: float
    words: tuple[tuple[str, float], ...]

    @property
    def start(self) -> float:
        return self.words[0][1]

    @property
    def text(self) -> tuple[str, ...]:
        return tuple(word for word, _ in self.words)


def lines_of(pdf: Path, marks: set[str]) -> list[list[Line]]:
    """Return each page's text lines, top to bottom; words on one baseline share a line.

    Words are grouped as pdfplumber's ``extract_words`` groups them, from the characters
    ``tests.glyphs`` read once for the run. Bullet characters (``marks``) are left out: the deck
    draws them in Arial, as PowerPoint's bullets are, and the PDF in the body font, so they sit
    a little apart.
    """
    pages = []
    for page in pages_of(pdf):
        rows: dict[float, list[tuple[str, float]]] = {}
        for word in extract_words(page.chars, use_text_flow=False, return_chars=True):
            text = unicodedata.normalize("NFKC", word["text"])
            if text in marks:
                continue
            # The baseline is the text matrix's origin (a word's box depends on how each PDF
            # describes its font's descent, which they do differently).
            baseline = round((page.height - word["chars"][0]["matrix"][5]) * 2) / 2
            near = next((y for y in rows if abs(y - baseline) <= SAME_LINE), baseline)
            rows.setdefault(near, []).append((text, word["x0"]))
        pages.append(
            [Line(y, tuple(sorted(words, key=lambda w: w[1]))) for y, words in sorted(rows.items())]
        )
    return pages


def disagreements(ours: list[Line], theirs: list[Line]) -> tuple[list[str], int]:
    """Return what differs between two pages' lines, and how many lines were rewrapped."""
    if len(ours) != len(theirs):
        return [f"{len(ours)} lines, LibreOffice shows {len(theirs)}"], 0
    problems, rewrapped = [], 0
    for mine, printed in zip(ours, theirs, strict=True):
        where = f"line {' '.join(printed.text)[:50]!r}"
        if abs(mine.baseline - printed.baseline) > TOLERANCE:
            problems.append(
                f"{where}: baseline {mine.baseline:.1f} pt, LibreOffice's {printed.baseline:.1f}"
            )
        elif abs(mine.start - printed.start) > TOLERANCE:
            problems.append(
                f"{where}: starts at {mine.start:.1f} pt, LibreOffice's {printed.start:.1f}"
            )
        elif mine.text != printed.text:
            # The same characters split into other words ("/28 ." and "/28.", "3. Add" and
            # "3.Add") are the same line; other words are a line wrapped elsewhere.
            rewrapped += "".join(mine.text) != "".join(printed.text)
        else:
            for (word, x), (_, theirs_x) in zip(mine.words, printed.words, strict=True):
                if abs(x - theirs_x) > TOLERANCE + DRIFT * (theirs_x - printed.start):
                    problems.append(
                        f"{where}: {word!r} at {x:.1f} pt, LibreOffice's {theirs_x:.1f}"
                    )
                    break
    return problems, rewrapped


def converted_with(name: str, request: pytest.FixtureRequest) -> list[Converted]:
    """Return the lessons exported with the theme ``name`` and printed by LibreOffice: the
    default theme's from the ``converted`` fixture, another's as ``test_theme_overflow``
    builds them (once for the run)."""
    if name == "default":
        found: list[Converted] = request.getfixturevalue("converted")
        return found
    return printed_in(name, request.getfixturevalue("tmp_path_factory"))


@pytest.mark.parametrize("name", THEMES)
def test_the_slide_pdf_places_text_where_libreoffice_places_the_decks(
    name: str, request: pytest.FixtureRequest
) -> None:
    need_tool("soffice")
    bundled = [lesson for lesson in converted_with(name, request) if lesson.root == LESSONS]
    assert len(bundled) == len(list(LESSONS.rglob("*.md")))
    marks = set(load_theme(name).bullets.chars)
    for lesson in bundled:
        ours, theirs = lines_of(lesson.slides, marks), lines_of(lesson.pdf, marks)
        assert len(ours) == len(theirs), f"{name}: {lesson.source.name}: page counts differ"
        total = rewrapped = 0
        for number, (mine, printed) in enumerate(zip(ours, theirs, strict=True), start=1):
            problems, count = disagreements(mine, printed)
            assert not problems, f"{name}: {lesson.deck.name} slide {number}: {problems}"
            total, rewrapped = total + len(printed), rewrapped + count
        assert rewrapped <= REWRAPPED_SHARE * total, (
            f"{name}: {lesson.deck.name}: {rewrapped} of {total} lines wrap differently"
        )


LINKED = """---
title: Links
---

## Where to read more

- **Runbook**: Documented in detail at https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-configuring-options.html#dns-failover-evaluate-target-health-and-health-checks
- **Guide**: Read [the guide to evaluating target health and health checks for every failover record in every Region of the course](https://docs.aws.amazon.com/Route53/) before the lab.
"""  # noqa: E501
"""Links longer than a line, after words: LibreOffice makes a link's run a field it never
wraps inside, so the deck cuts each link into runs where a line may break."""


def export_and_print(folder: Path, lessons: dict[str, tuple[str, tuple[str, ...]]]) -> Printed:
    """Export each of ``lessons`` (its name → its text and the flags it is exported with, a
    theme) into ``folder`` as a deck and a slide PDF, and print every deck with LibreOffice
    (``print_decks``: a few decks, one soffice); return each one's slide PDF and print."""
    decks, found = [], {}
    for name, (text, flags) in lessons.items():
        lesson = folder / name / f"{name}.md"
        lesson.parent.mkdir(parents=True)
        lesson.write_text(text, encoding="utf-8")
        out = folder / name / "out"
        command = ["build", str(lesson), "-o", str(out), "-q", "--format", "pptx,pdf", *flags]
        assert main(command) == 0, name
        decks.append(out / f"{name}.pptx")
        found[name] = [str(out / f"{name}.pdf"), str(folder / "printed" / f"{name}.pdf")]
    print_decks(decks, folder / "printed", folder)
    return found


Printed = dict[str, list[str]]
"""Each lesson's name → its slide PDF and LibreOffice's print of its deck."""


@pytest.fixture(scope="session")
def printed(tmp_path_factory: pytest.TempPathFactory) -> Printed:
    """The lessons below (``CASES``) exported and printed by LibreOffice, once for the run:
    one soffice prints them all, where each test printed its own."""
    need_tool("soffice")
    return built_once(tmp_path_factory, "agreement", lambda f: export_and_print(f, CASES))[1]


def lines_printed(
    printed: Printed, name: str, marks: set[str]
) -> tuple[list[list[Line]], list[list[Line]]]:
    """Return the lines of each page of the lesson ``name``'s slide PDF and of LibreOffice's
    print of its deck (bullet ``marks`` left out)."""
    ours, theirs = printed[name]
    return lines_of(Path(ours), marks), lines_of(Path(theirs), marks)


def test_a_long_link_wraps_in_libreoffice_where_the_slide_pdf_wraps_it(printed: Printed) -> None:
    ours, theirs = lines_printed(printed, "linked", set(load_theme().bullets.chars))
    assert len(ours[1]) > 4  # both links wrap
    assert ["".join(line.text) for line in ours[1]] == ["".join(line.text) for line in theirs[1]]


def test_libreoffice_keeps_a_titles_last_two_words_together(converted: list[Converted]) -> None:
    """The seed's "Customer Responsibility - Security in the Cloud (continued)" wraps: its
    last two words are bound, so "(continued)" is never alone on the title's second line, in
    LibreOffice's print of the deck as in the slide PDF."""
    need_tool("soffice")
    seed = next(c for c in converted if c.source == LESSONS / "section-14" / "lesson-1.md")
    for pdf in (seed.pdf, seed.slides):
        lines = [" ".join(line.text) for page in lines_of(pdf, set()) for line in page]
        ends = [line for line in lines if line.endswith("(continued)")]
        assert ends, pdf
        assert all(len(line.split()) > 1 for line in ends), ends


TITLED = """---
title: "Datenschutz und Sicherheit: Verschlüsselungsschlüsselverwaltung mit AWS KMS"
lang: de
---

#### EC2 console showing the running lab-web-01 instance

Text.
"""
"""A title slide's title whose last line the fit sees holding two words, where LibreOffice and
the PDF (kerned, a little tighter) fit one of them on the line before; and a title whose last
two words, bound, hold hyphens the apps would break at instead (the classroom theme's size)."""


@pytest.mark.parametrize("theme", ["default", "classroom"])
def test_no_title_ends_on_a_word_alone_nor_breaks_a_word_in_either_print(
    printed: Printed, theme: str
) -> None:
    """Reviewed: ``...Schlüsselverwaltung mit AWS`` / ``KMS`` in both prints, the fit having
    seen ``AWS KMS`` together; ``lab-web-`` / ``01 instance`` in LibreOffice's and ``lab-`` /
    ``web-01 instance`` in the PDF."""
    ours, theirs = lines_printed(printed, f"titled-{theme}", set())
    for pages in (ours, theirs):
        titles = [[" ".join(line.text) for line in page[:3]] for page in pages]
        assert titles[0][:3] == [
            "Datenschutz und Sicherheit:",
            "Verschlüsselungsschlüsselverwaltung mit",
            "AWS KMS",
        ], titles[0]
        shown = [line for line in titles[1] if "instance" in line or "running" in line]
        assert shown[-1].endswith("lab-web-01 instance"), shown
    assert [[line.text for line in page] for page in ours] == [
        [line.text for line in page] for page in theirs
    ]


SLASHED = """---
title: Slashes
---

## Health check

```dockerfile
HEALTHCHECK --interval=30s --timeout=3s --start-period=10s --retries=3 CMD curl -fsS http://localhost:8000/healthz || exit 1
RUN curl -fsSL https://downloads.example.com/releases/tools/v2.4.1/linux/amd64/install.sh | bash
COPY --from=builder /opt/app/build/output/static/assets/images/ /usr/share/nginx/html/images/
```
"""  # noqa: E501
"""Lines of code too long for the box, with slashes where Pango would break a line and
LibreOffice does not."""


def test_a_line_of_code_wraps_in_the_slide_pdf_where_libreoffice_wraps_it(printed: Printed) -> None:
    """The slide PDF broke ``http://`` / ``localhost:8000/healthz`` after a slash, where the
    deck (and the fit) wraps the line at a space (review)."""
    ours, theirs = lines_printed(printed, "slashed", set())
    assert len(ours[1]) > 4  # the lines wrap
    assert ["".join(line.text) for line in ours[1]] == ["".join(line.text) for line in theirs[1]]


CASES: dict[str, tuple[str, tuple[str, ...]]] = {
    "linked": (LINKED, ()),
    "titled-default": (TITLED, ("--theme", "default")),
    "titled-classroom": (TITLED, ("--theme", "classroom")),
    "slashed": (SLASHED, ()),
}
"""The lessons the tests above compare in both prints, and the flags each is exported with."""
