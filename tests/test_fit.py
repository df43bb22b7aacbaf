"""The fit policy on real and stress lessons: sizes, splits, titles and columns."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pdfplumber
import pytest

from exporter.cli import main
from exporter.fit import Fitter, scales_of, sentences
from exporter.fit.heights import NUMBER_GAP
from exporter.fit.parts import repeated
from exporter.fit.scale import lines_height
from exporter.fit.tables import column_groups, cramped_widths, fair_widths
from exporter.geometry import (
    CELL_INSET,
    HEADING_INSET,
    TEXT_INSET,
    Box,
    CodeFrame,
    HeadingFrame,
    LaidOutDeck,
    PlacedSlide,
    TableFrame,
    TextFrame,
)
from exporter.jobs import Job
from exporter.measure import Setter, flat, line_limit
from exporter.model import (
    ENGLISH,
    PLAIN,
    Block,
    Bullet,
    Code,
    Column,
    Columns,
    Image,
    Layout,
    Paragraph,
    Run,
    Slide,
    Style,
    Subheading,
    Table,
    last_words_bound,
    plain_text,
)
from exporter.pipeline import lay_out
from exporter.theme import Theme, load_theme
from exporter.theme_files import builtin_themes
from tests.conftest import LESSONS, ROOT, STRESS

THEME = load_theme()
LESSON_FILES = sorted([*LESSONS.rglob("*.md"), *STRESS.rglob("*.md")])


def laid_out(path: Path) -> LaidOutDeck:
    root = LESSONS if path.is_relative_to(LESSONS) else STRESS
    laid, _ = lay_out(Job(path, str(path), path.with_suffix(""), root), THEME)
    return laid


def pages(laid: LaidOutDeck) -> Iterator[tuple[Slide, list[PlacedSlide]]]:
    """Yield each slide of the deck with the slides it became."""
    ends = [*laid.firsts[1:], len(laid.slides) + 1]
    for slide, first, end in zip(laid.deck.slides, laid.firsts, ends, strict=True):
        yield slide, list(laid.slides[first - 1 : end - 1])


def atoms(blocks: tuple[Block, ...], side: str = "") -> Iterator[tuple[str, str]]:
    """Yield the pieces no split may cut: sentences, code lines, table rows, images."""
    for block in blocks:
        if isinstance(block, Bullet | Paragraph | Subheading):
            for sentence in re.split(r"(?<=[.!?])\s+", plain_text(block.runs).strip()):
                yield side, sentence
        elif isinstance(block, Code):
            for line in block.text.split("\n"):
                if line.strip():  # a split drops the blank lines at the cut
                    yield side, line
        elif isinstance(block, Table):
            for row in block.rows:
                yield side, "|".join(plain_text(cell) for cell in row)
        elif isinstance(block, Image):
            yield side, block.src
        elif isinstance(block, Columns):
            yield from atoms(block.left.blocks, side + "left")
            yield from atoms(block.right.blocks, side + "right")


def by_side(blocks: tuple[Block, ...]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for side, atom in atoms(blocks):
        found.setdefault(side, []).append(atom)
    return found


HEADLINES = (Layout.TITLE, Layout.SECTION)
"""The slides of a title (and subtitle) alone: the title slide and section headers."""


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.stem)
def test_splits_keep_every_sentence_line_and_row_whole_and_in_order(path: Path) -> None:
    for slide, parts in pages(laid_out(path)):
        joined = tuple(
            block
            for part in parts
            for index, block in enumerate(part.slide.body)
            if not (
                part.part > 1 and all(repeated(b, ENGLISH) for b in part.slide.body[: index + 1])
            )
        )
        assert by_side(joined) == by_side(slide.body), slide.title
        assert all(part.slide.body for part in parts) or slide.layout in HEADLINES
        for number, part in enumerate(parts, start=1):
            assert (part.part, part.parts) == (number, len(parts))


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda p: p.stem)
def test_nothing_is_drawn_below_the_themes_minimum_sizes(path: Path) -> None:
    sizes = THEME.sizes
    for placed in laid_out(path).slides:
        assert placed.title_size >= sizes.title_min
        for frame in placed.frames:
            if isinstance(frame, TextFrame):
                assert frame.size >= sizes.body_min
            elif isinstance(frame, CodeFrame):
                assert frame.size >= sizes.code_min
            elif isinstance(frame, TableFrame):
                assert frame.size >= sizes.table_min


def test_the_stress_lessons_are_shrunk_and_split() -> None:
    laid = [laid_out(path) for path in sorted(STRESS.glob("*.md"))]
    slides = [placed for deck in laid for placed in deck.slides]
    assert sum(placed.shrunk for placed in slides) >= 10
    assert sum(placed.part > 1 for placed in slides) >= 10
    content = [placed for placed in slides if placed.slide.layout not in HEADLINES]
    assert all(placed.body_size == THEME.sizes.body for placed in content if not placed.shrunk)


def test_a_long_table_continues_with_its_header_repeated() -> None:
    laid = laid_out(STRESS / "wide-table.md")
    [(slide, parts)] = [
        (s, p) for s, p in pages(laid) if len(p) > 1 and isinstance(s.body[0], Table)
    ][:1]
    header = slide.body[0].header  # type: ignore[union-attr]
    tables = [f.table for part in parts for f in part.frames if isinstance(f, TableFrame)]
    assert len(tables) == len(parts) >= 2
    assert all(table.header == header for table in tables)
    first = plain_text(parts[0].slide.title)
    n = len(parts)
    assert [plain_text(p.slide.title) for p in parts[1:]] == [
        f"{first} ({k}/{n})" for k in range(2, n + 1)
    ]


def test_split_columns_keep_both_headings_and_share_one_size() -> None:
    laid = laid_out(STRESS / "unequal-columns.md")
    split = [parts for slide, parts in pages(laid) if len(parts) > 1]
    assert split
    for parts in split:
        for part in parts:
            headings = [f for f in part.frames if isinstance(f, HeadingFrame)]
            if any(isinstance(b, Columns) for b in part.slide.body):
                assert [plain_text(h.runs) for h in headings] == [
                    "AWS Responsibilities",
                    "Customer Responsibilities",
                ]
            sizes = {f.size for f in part.frames if isinstance(f, TextFrame)}
            assert len(sizes) <= 1, part.slide.title


def fitter() -> Fitter:
    return Fitter(THEME, {})


def test_a_title_of_two_lines_keeps_the_title_size() -> None:
    title = (Run("Security Groups and Network ACLs: Stateful and Stateless Filtering " * 1),)
    fit = fitter().sizes.title_fit(title)
    assert fit.size == THEME.sizes.title and fit.lines <= 2


def test_a_longer_title_shrinks_but_not_below_the_minimum() -> None:
    words = "Designing Highly Available Fault Tolerant Multi Region Architectures"
    longer = f"{words} for Disaster Recovery and Business Continuity"
    fit = fitter().sizes.title_fit((Run(longer),))
    assert THEME.sizes.title_min <= fit.size < THEME.sizes.title
    assert fit.lines <= 2
    huge = fitter().sizes.title_fit((Run(" ".join([words] * 4)),))
    assert huge.size == THEME.sizes.title_min and huge.lines > 2


def test_a_title_too_long_for_two_lines_is_reported_with_its_slide() -> None:
    words = " ".join(["Designing Highly Available Fault Tolerant Architectures"] * 4)
    fit = Fitter(THEME, {})
    fit.sizes.title_fit((Run(words),), number=4, line=30)
    [problem] = fit.diagnostics
    assert problem.code == "overflow" and problem.slide == 4 and problem.line == 30


def title_lines(fit: Fitter, placed: PlacedSlide) -> tuple[int, int]:
    """Return how many lines a placed slide's title takes, and how many words its last holds,
    as the fit measures them."""
    width = placed.title.w - 2 * TEXT_INSET[0]
    title, size = placed.drawn_title, placed.title_size
    lines = fit.measure.wrap(title, size, width, "heading", bold=True).lines
    setter, last = Setter(line_limit(size, width)), 0
    for word in flat(fit.measure.words(title, "heading", True)):
        if word is None:
            setter.hard_break()
            last = 0
        else:
            last = 1 if setter.add(word) else last + 1
    return lines, last


def test_a_title_is_bound_where_the_fit_sees_two_words_on_its_last_line_already() -> None:
    """LibreOffice and the PDF kern: they drew ``...Schlüsselverwaltung mit AWS`` / ``KMS``
    where the fit, measuring without, saw ``AWS KMS`` on the last line; bound, the two go
    down together in every print."""
    fit = fitter()
    title = runs("Designing Backups and Replication for Amazon RDS Multi-AZ Database Clusters")
    [placed] = fit.fit_slide(Slide(Layout.BULLETS, title, (), 1), 2)
    lines, last = title_lines(fit, placed)
    assert lines == 2 and last > 1 and placed.bound
    assert plain_text(placed.drawn_title).endswith("Database\u00a0Clusters")


def test_the_bound_words_of_a_title_keep_their_hyphens_from_breaking_them() -> None:
    """``the running lab-web-01 instance``, bound, was broken at its hyphens instead
    (``lab-`` / ``web-01 instance``): a word joiner after each hyphen of the two words."""
    code = replace(PLAIN, code=True)
    title = (Run("EC2 console showing the running "), Run("lab-web-01", code), Run(" instance"))
    drawn = last_words_bound(title)
    joined = "lab-\u2060web-\u206001\u00a0instance"
    assert plain_text(drawn) == f"EC2 console showing the running {joined}"
    assert [run.style for run in drawn] == [run.style for run in title]
    assert last_words_bound((Run("Pre- and post-"),)) == (Run("Pre- and\u00a0post-"),)


def test_a_title_keeps_its_last_word_company_on_its_last_line() -> None:
    fit = fitter()
    [placed] = fit.fit_slide(
        Slide(
            Layout.BULLETS,
            runs("Customer Responsibility - Security in the Cloud (continued)"),
            (),
            1,
        ),
        2,
    )
    assert plain_text(placed.drawn_title).endswith("Cloud\u00a0(continued)")
    assert plain_text(placed.slide.title).endswith("Cloud (continued)")  # what reports name
    assert title_lines(fit, placed) == (2, 1)  # the two words bound, as one, on line 2
    [short] = fitted_title("Flow Logs")
    assert plain_text(short.drawn_title) == "Flow Logs"  # on one line: nothing to bind
    long = "Pneumonoultramicroscopicsilicovolcanoconiosis " * 3
    [lone] = fit.fit_slide(Slide(Layout.BULLETS, runs(long), (), 1), 3)
    assert "\u00a0" not in plain_text(lone.drawn_title)  # bound, its words would break


@pytest.mark.parametrize("theme", [name for name, _ in builtin_themes()])
def test_no_title_of_the_lessons_ends_on_a_word_alone(theme: str) -> None:
    loaded = load_theme(theme)
    fit = Fitter(loaded, {})
    two_lines = 0
    for path in LESSON_FILES:
        root = LESSONS if path.is_relative_to(LESSONS) else STRESS
        laid, _ = lay_out(Job(path, str(path), path.with_suffix(""), root), loaded)
        for placed in laid.slides:
            lines, last = title_lines(fit, placed)
            if lines > 1 and len(plain_text(placed.slide.title).split()) > 1:
                two_lines += 1
                assert last > 1 or placed.bound, (
                    f"{path.name} slide {placed.number}: {plain_text(placed.slide.title)!r}"
                )
    assert two_lines > 5  # the rule was tried


def test_a_page_that_fits_is_one_slide_at_the_largest_size() -> None:
    slide = Slide(Layout.BULLETS, (Run("Short"),), (Bullet((Run("One point."),)),), 1)
    [placed] = fitter().fit_slide(slide, 2)
    assert placed.body_size == THEME.sizes.body and not placed.shrunk and placed.parts == 1


def test_scales_shrink_in_order_to_the_minimums() -> None:
    scales = scales_of(THEME)
    sizes = THEME.sizes
    assert (scales[0].body, scales[0].code, scales[0].table) == (
        sizes.body,
        sizes.code,
        sizes.table,
    )
    assert (scales[-1].body, scales[-1].code, scales[-1].table) == (
        sizes.body_min,
        sizes.code_min,
        sizes.table_min,
    )
    for before, after in itertools.pairwise(scales):
        assert after.body <= before.body and after.code <= before.code
        assert after.table <= before.table and after != before


def test_one_sentence_taller_than_a_slide_is_reported_not_cut() -> None:
    sentence = " ".join(["word"] * 900) + "."
    slide = Slide(Layout.BULLETS, (Run("Wall"),), (Paragraph((Run(sentence),)),), 7)
    fit = fitter()
    parts = fit.fit_slide(slide, 3)
    assert len(parts) == 1
    [problem] = fit.diagnostics
    assert problem.code == "overflow" and problem.line == 7 and "cannot be split" in problem.message


def runs(text: str) -> tuple[Run, ...]:
    return (Run(text),)


FILLER = " ".join(["Some filler text that takes room on the slide."] * 6)


def table(rows: int) -> Table:
    header = tuple(runs(f"Heading {c}") for c in range(3))
    body = tuple(tuple(runs(f"row {r} cell {c}") for c in range(3)) for r in range(rows))
    return Table(header, body, (None,) * 3)


def fitted(*body: Block) -> tuple[Fitter, list[PlacedSlide]]:
    fit = fitter()
    return fit, fit.fit_slide(Slide(Layout.BULLETS, runs("Title"), body, 5), 2)


def test_a_heading_goes_on_with_the_block_it_heads() -> None:
    _, parts = fitted(
        Paragraph(runs(FILLER)), Paragraph(runs(FILLER)), Subheading(runs("Heads"), 3), table(9)
    )
    assert [type(b) for b in parts[-1].slide.body] == [Subheading, Table]
    assert not isinstance(parts[0].slide.body[-1], Subheading)


def test_a_part_is_not_left_half_empty_when_the_block_after_could_fill_it() -> None:
    # 13 to 16 rows fit a slide of their own, not below the paragraph: moved whole, they would
    # leave the paragraph alone on a slide more than half empty, so the table is divided.
    fit = fitter()
    area = fit.body_area(fit.sizes.title_fit(runs("Title")))
    for rows in range(13, 18):
        _, parts = fitted(Paragraph(runs(FILLER)), table(rows))
        tables = [b for p in parts for b in p.slide.body if isinstance(b, Table)]
        assert len(parts) == 2 and len(tables) == 2, rows
        assert [type(b) for b in parts[0].slide.body] == [Paragraph, Table]
        for part in parts:
            bottom = max(frame.box.y + frame.box.h for frame in part.frames)
            assert bottom - area.y > area.h / 2, (rows, part.part)


def test_an_item_whose_own_text_is_taller_than_a_slide_splits_between_sentences() -> None:
    long = " ".join(f"Sentence number {i} explains one more thing." for i in range(90))
    fit, parts = fitted(Bullet(runs(long)), Bullet(runs("A child item."), 1))
    assert len(parts) >= 2
    assert not fit.diagnostics
    assert isinstance(parts[0].slide.body[0], Bullet)
    assert isinstance(parts[1].slide.body[0], Paragraph) and parts[1].slide.body[0].level == 1


def test_sentences_end_across_runs_but_not_at_abbreviations() -> None:
    bold = Run("Term is defined here.", Style(bold=True))
    pieces = sentences((bold, Run(" It means e.g. this. And U.S. rules apply.")))
    assert [plain_text(p).strip() for p in pieces] == [
        "Term is defined here.",
        "It means e.g. this.",
        "And U.S. rules apply.",
    ]


def test_a_title_keeps_its_size_when_only_its_continuation_would_wrap() -> None:
    words = "Designing Highly Available Fault Tolerant Multi Region Architectures Today"
    fit = fitter()
    own = fit.sizes.title_fit(runs(words))
    [placed] = fitted_title(words)
    assert placed.title_size == own.size


def test_the_two_column_headings_take_one_size() -> None:
    """The longer heading shrinks to fit its bar; the shorter one beside it does too, rather
    than standing larger than it."""
    left = Column(runs("AWS"), (Bullet(runs("Physical security.")),))
    long = "Customer Responsibilities in the Public Cloud"
    right = Column(runs(long), (Bullet(runs("Guest patches.")),))
    fit, [placed] = fitted(Columns(left, right))
    bars = [f for f in placed.frames if isinstance(f, HeadingFrame)]
    assert [plain_text(bar.runs) for bar in bars] == ["AWS", long]
    assert bars[0].size == bars[1].size < THEME.sizes.column_heading
    measure = fit.measure.count_lines
    inner = bars[1].box.w - 2 * HEADING_INSET[0]
    assert measure(runs(long), bars[1].size, inner, "heading", bold=True) == 1
    assert measure(runs(long), bars[1].size + 1, inner, "heading", bold=True) > 1


@pytest.mark.parametrize("theme", [name for name, _ in builtin_themes()])
@pytest.mark.parametrize(
    "labels",
    [
        ("Compiled languages with interprocedural optimisation", "Interpreted languages"),
        ("Lenguajes compilados con optimización interprocedimental", "Lenguajes interpretados"),
        ("Verwaltete Datenbankdienste mit automatischer Sicherung", "Selbst betrieben"),
    ],
)
def test_a_long_column_label_takes_two_lines_rather_than_a_size_below_the_text(
    theme: str, labels: tuple[str, str]
) -> None:
    """Reviewed: long column labels were set at 15 pt in their one-line bars above 24 pt
    text, like footnotes. Where one line would set them below the body's least size, the
    bars grow to two lines, the columns' text starting below them."""
    chosen = load_theme(theme)
    left = Column(runs(labels[0]), (Bullet(runs("The compiler translates it all first.")),))
    right = Column(runs(labels[1]), (Bullet(runs("The interpreter runs it line by line.")),))
    fit = Fitter(chosen, {})
    grid = chosen.slide
    area = Box(grid.margin, grid.body_top, grid.width - 2 * grid.margin, grid.body_bottom)
    area = replace(area, h=grid.body_bottom - grid.body_top)
    frames = list(fit.placer.column_frames(Columns(left, right), fit.scales[0], area))
    bars = [f for f in frames if isinstance(f, HeadingFrame)]
    assert len({bar.size for bar in bars}) == 1 and len({bar.box.h for bar in bars}) == 1
    assert bars[0].size >= min(chosen.sizes.body_min, chosen.sizes.column_heading)
    inner = bars[0].box.w - 2 * HEADING_INSET[0]
    lines = fit.measure.count_lines(runs(labels[0]), bars[0].size, inner, "heading", bold=True)
    assert lines_height(lines, bars[0].size) <= bars[0].box.h - 2 * HEADING_INSET[1] + 1e-9
    if lines > 1:
        assert bars[0].box.h > grid.column_heading_height
    texts = [f for f in frames if isinstance(f, TextFrame)]
    assert all(t.box.y >= bars[0].box.y + bars[0].box.h for t in texts)


def test_a_title_shrinks_until_no_word_breaks_inside() -> None:
    """A word wider than the title's box at the title's size (a template's narrow sidebar
    title is the usual case) brings the size down until it stands whole."""
    word = "PneumonoultramicroscopicsilicovolcanoconiosisSyndrome"
    fit = fitter()
    [placed] = fitted_title(f"{word} Explained")
    width = placed.title.w - 2 * TEXT_INSET[0]
    wrap = fit.measure.wrap(runs(f"{word} Explained"), placed.title_size, width, "heading", True)
    assert wrap.broken is None and THEME.sizes.title_min <= placed.title_size < THEME.sizes.title
    wide = fit.measure.wrap(runs(word), THEME.sizes.title, width, "heading", True)
    assert wide.broken == word  # at the title's size it broke


COMPOUND = "Gastbetriebssystemsicherheitsaktualisierungen"
"""A German compound (guest operating system security updates), wider than a column's line
at the body's size and not at a smaller one."""


def breaking_word(width: float) -> str:
    """Return a German compound, lengthened, that breaks inside a line ``width`` wide at the
    body's size and stands whole at the floor's."""
    fit, word = fitter(), COMPOUND
    floor = fit.paginator.floor.body
    while fit.measure.wrap(runs(word), THEME.sizes.body, width).broken is None:
        word += "sicherheits"
    assert fit.measure.wrap(runs(word), floor, width).broken is None, word
    return word


@pytest.mark.parametrize("columns", [False, True], ids=["one column", "two columns"])
def test_a_slide_is_set_smaller_until_a_long_word_fits_its_line(columns: bool) -> None:
    """A word that would break inside at the size the slide's text fits at brings the size
    down (to the floor at most) until it stands whole, in a comparison's columns too."""
    fit = fitter()
    side = (fit.content.w - THEME.slide.column_gap) / 2 if columns else fit.content.w
    probe = Bullet(runs("x"))
    word = breaking_word(fit.heights.text_width(probe, side, None))
    point = Bullet(runs(f"{word} und Anwendungskonfiguration."))
    other = Bullet(runs("Physische Sicherheit der Rechenzentren."))
    body: Block = (
        Columns(Column(runs("AWS"), (other,)), Column(runs("Kunde"), (point,)))
        if columns
        else point
    )
    fit, [placed] = fitted(body)
    width = fit.heights.text_width(point, side, None)
    assert fit.measure.wrap(point.runs, placed.body_size, width).broken is None
    assert fit.paginator.floor.body <= placed.body_size < THEME.sizes.body


def fitted_title(title: str) -> list[PlacedSlide]:
    slide = Slide(Layout.BULLETS, runs(title), (Bullet(runs("One point.")),), 5)
    return fitter().fit_slide(slide, 2)


def test_a_split_table_keeps_its_column_widths_and_breaks_no_word() -> None:
    path = STRESS / "wide-table.md"
    laid, diagnostics = lay_out(Job(path, str(path), path.with_suffix(""), STRESS), THEME)
    assert [d for d in diagnostics if d.code == "long-word"] == []
    for slide, parts in pages(laid):
        frames = [f for p in parts for f in p.frames if isinstance(f, TableFrame)]
        if len(parts) > 1 and frames:
            assert len({f.column_widths for f in frames}) == 1, slide.title
            assert len({f.size for f in frames}) == 1, slide.title


SUBNETS = """---
title: Subnets
---

## A subnet plan

| Tier | AZ a | AZ b | AZ c | Purpose and notes |
|---|---|---|---|---|
| Public | `10.0.0.0/24` | `10.0.1.0/24` | `10.0.2.0/24` | Load balancer nodes, NAT gateways and a single bastion host |
| Data | `10.0.64.0/24` | `10.0.65.0/24` | `10.0.66.0/24` | RDS Multi-AZ primary and standby, ElastiCache nodes |
| Management | `10.0.200.0/26` | `10.0.200.64/26` | `10.0.200.128/26` | Interface endpoints for SSM, EC2 messages and CloudWatch Logs so that private instances never need the internet |

## A word longer than a line

- Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetzrindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz
"""  # noqa: E501


@pytest.mark.parametrize("theme", ["default", "dark", "classroom"])
def test_a_word_is_said_to_break_only_where_it_is_wider_than_its_box(
    theme: str, tmp_path: Path
) -> None:
    # A cramped table's columns are a little short of their longest words, which still fit
    # (the fit keeps some room in each line for the renderers): no warning for them. A word
    # longer than a whole line breaks, and is said to.
    path = tmp_path / "subnets.md"
    path.write_text(SUBNETS, encoding="utf-8")
    job = Job(path, str(path), path.with_suffix(""), tmp_path)
    _, diagnostics = lay_out(job, load_theme(theme))
    broken = [d.message.split('"')[1] for d in diagnostics if d.code == "long-word"]
    assert len(broken) == 1 and broken[0].startswith("Rindfleisch"), broken
    out = tmp_path / "out"
    argv = ["build", str(path), "-o", str(out), "-q", "--theme", theme, "--format", "pdf"]
    assert main(argv) == 0
    with pdfplumber.open(out / "subnets.pdf") as pdf:
        words = {word["text"] for page in pdf.pages for word in page.extract_words()}
    assert {"Management", "10.0.200.64/26", "10.0.200.128/26"} <= words  # not broken


def test_the_advice_for_a_broken_word_fits_what_it_is(tmp_path: Path) -> None:
    """A hyphen for a compound; spaces or a link's shorter text for words run together; for
    inline code (an identifier or a command, which spaces would change) a code
    block of its own, or a shorter name, a full stop after it or not."""
    word = "Rindfleischetikettierungsüberwachungsaufgabenübertragungsgesetz" * 2
    joined = "rindfleisch_etikettierung_überwachung_aufgaben_übertragung_gesetz" * 2
    name = "botocore.exceptions.ClientError.response.Error.Code.InvalidParameterValue" * 2
    arn = "arn:aws:iam::123456789012:policy/service-role/LabWebsiteDeploy-2024-05-17T09-31-44"
    text = f"- {word}\n- {joined}\n- `{name}`\n- Run `aws iam detach-role-policy {arn * 2}`.\n"
    path = tmp_path / "words.md"
    path.write_text(f"---\ntitle: Words\n---\n\n## Four\n\n{text}", "utf-8")
    _, diagnostics = lay_out(Job(path, str(path), path.with_suffix(""), tmp_path), THEME)
    compound, address, code, command = [d.message for d in diagnostics if d.code == "long-word"]
    assert compound.endswith("break it with a hyphen, or shorten it")
    assert address.endswith("add spaces, or make it a link with shorter text")
    for coded in (code, command):
        assert coded.endswith(
            "put it in a code block of its own, whose lines are kept whole, or shorten it"
        )


CONTINUED = """---
title: Caching
---

#### Caching Strategy Across CloudFront, the Application Load Balancer, and the Application's Own In-Memory Cache Layer

{items}
"""  # noqa: E501


def test_a_title_pushed_to_a_third_line_by_its_part_number_is_said_once(tmp_path: Path) -> None:
    # Two lines at the classroom theme's smallest title size; "(2/2)" makes it three: the
    # author hears it once, at the part that takes three, and no part's title is cut.
    point = "a sentence that says something about caching"
    path = tmp_path / "caching.md"
    items = "".join(f"- **Point {n}**: {point}.\n" for n in range(14))
    path.write_text(CONTINUED.format(items=items), encoding="utf-8")
    job = Job(path, str(path), path.with_suffix(""), tmp_path)
    laid, diagnostics = lay_out(job, load_theme("classroom"))
    parts = [s for s in laid.slides if s.parts > 1]
    assert len(parts) == 2 and parts[0].part == 1
    said = [d for d in diagnostics if "the title of slide" in d.message]
    assert [d.slide for d in said] == [parts[1].number], [d.message for d in said]
    assert "takes 3 lines" in said[0].message and said[0].line == 5
    assert all(plain_text(s.slide.title).endswith(("Layer", "(2/2)")) for s in parts)


def test_short_columns_keep_their_width_beside_a_column_of_sentences(tmp_path: Path) -> None:
    """A price, a name or a quota stays on one line where a column of sentences can wrap a
    little more for it: the columns whose whole text fits an even share of the width keep
    it; the sentences take the rest."""
    notes = "Billed per second with a one-minute minimum; stopped instances are not billed. " * 2
    rows = "\n".join(
        f"| Amazon EC2 t3.{size} | ${price} per hour | 750 hours a month | {notes} |"
        for size, price in (("micro", "0.0104"), ("small", "0.0208"), ("large", "0.0832"))
    )
    text = f"| Service | Price | Free tier | Notes |\n|---|---|---|---|\n{rows}\n"
    path = tmp_path / "prices.md"
    path.write_text(f"---\ntitle: Prices\n---\n\n## Pricing Notes\n\n{text}", encoding="utf-8")
    laid, _ = lay_out(Job(path, str(path), path.with_suffix(""), tmp_path), THEME)
    [frame] = [f for p in laid.slides for f in p.frames if isinstance(f, TableFrame)]
    fit, inset = fitter(), 2 * CELL_INSET[0]
    for row in (frame.table.header, *frame.table.rows):
        for cell, width in zip(row[:3], frame.column_widths[:3], strict=True):
            assert fit.measure.count_lines(cell, frame.size, width - inset) == 1, cell
    assert fit.measure.count_lines(frame.table.rows[0][3], frame.size, frame.column_widths[3]) > 1


@pytest.mark.parametrize(
    ("natural", "least", "width", "kept"),
    [
        ([1.0, 1.2, 9.0], [0.5, 0.6, 1.5], 8.0, [0, 1]),  # the short ones keep theirs
        ([3.0, 3.0, 3.0], [1.0, 1.0, 1.0], 6.0, []),  # none within a share: as browsers do
        ([0.5, 4.0, 4.0], [0.4, 3.5, 3.5], 8.0, [0]),  # the rest's least words need the room
        # A German price list: the long columns' words need more than the short ones left;
        # the phrases' column ("pro Rotation (max. 2)") gives it back, the prices ("1,00 $")
        # and the dates keep theirs (the prices wrapped "1,00" / "$", review).
        ([3.47, 0.87, 2.6, 1.3, 1.45, 3.83], [2.37, 0.73, 1.15, 1.3, 1.45, 3.83], 11.97, [1, 3, 4]),
    ],
)
def test_fair_widths_keep_the_short_columns_whole(
    natural: list[float], least: list[float], width: float, kept: list[int]
) -> None:
    widths = fair_widths(natural, least, width)
    assert sum(widths) == pytest.approx(width)
    assert all(w >= low - 1e-9 for w, low in zip(widths, least, strict=True))
    assert all(widths[column] == pytest.approx(natural[column]) for column in kept)
    assert all(w <= n + 1e-9 for w, n in zip(widths, natural, strict=True))


STEPS = """---
title: Steps
---

## Build and run the image

1. Build the image, tagging it with the version and the commit.
2. Run it with a throwaway database:
   1. Start the database container and wait until it accepts connections on its port.
   2. Start the API, linking it to the database through the host's address and port.
   3. In another terminal, check that the health endpoint answers that all is well.
   4. Open the shop in a browser and add two items to the cart, then reload the page.
   5. Look at the API's log for the two requests and the session it stored for them.
   6. Stop the API with Ctrl-C and look at what the database kept of the session.
3. Stop both containers and remove the volume the database wrote to.
"""


@pytest.mark.parametrize("theme", ["default", "classroom"])
def test_a_part_that_goes_on_among_sub_items_repeats_their_item(theme: str, tmp_path: Path) -> None:
    """A step's sub-steps split between slides: the next slide opened with '2. Start the
    API', under no step 2 (and beside the page's own '3.'). It now starts with the step,
    marked as continued; nothing is lost or repeated but it."""
    path = tmp_path / "steps.md"
    path.write_text(STEPS, encoding="utf-8")
    chosen = load_theme(theme)
    fit = Fitter(chosen, {})
    source = laid_out_text(path, chosen)
    again = 0
    for size in (4.0, 3.0, 2.6):  # bodies of a few heights: the cut falls among sub-items
        slide = Slide(Layout.BULLETS, runs("Build and run the image"), source, 5)
        area = replace(fit.body_area(fit.sizes.title_fit(slide.title), slide), h=size)
        parts = fit.paginator.split(slide, area)
        for part in parts[1:]:
            first = part.body[0]
            assert isinstance(first, Bullet), (theme, size)
            if first.level > 0:  # an orphan sub-item
                raise AssertionError((theme, size, plain_text(first.runs)))
            if repeated(first, ENGLISH):
                assert plain_text(first.runs).startswith("Run it with a throwaway database:")
                assert first.number == 2
                again += 1
        shown = [
            plain_text(b.runs)
            for part in parts
            for b in part.body
            if isinstance(b, Bullet) and not repeated(b, ENGLISH)
        ]
        assert shown == [plain_text(b.runs) for b in source if isinstance(b, Bullet)], size
    assert again  # a cut fell among the sub-steps at some height


def laid_out_text(path: Path, theme: Theme) -> tuple[Block, ...]:
    """Return the body of the first content page of the lesson at ``path``."""
    laid, _ = lay_out(Job(path, str(path), path.with_suffix(""), path.parent), theme)
    return laid.deck.slides[1].body


@pytest.mark.parametrize(
    ("least", "width", "kept"),
    [
        ([0.5, 3.0, 1.0, 1.0, 0.4], 5.0, [0, 2, 3, 4]),  # all but the long word keep theirs
        ([0.5, 1.0, 1.0], 2.0, [0]),  # even shares, from the narrowest
        ([2.0, 2.0, 2.0, 2.0], 6.0, []),  # none fits a share: each breaks a little
    ],
)
def test_cramped_widths_break_as_few_columns_words_as_they_can(
    least: list[float], width: float, kept: list[int]
) -> None:
    widths = cramped_widths(least, width)
    assert sum(widths) == pytest.approx(width)
    assert all(widths[column] == pytest.approx(least[column]) for column in kept)
    assert all(widths[c] < least[c] for c in range(len(least)) if c not in kept)


@pytest.mark.parametrize(
    ("least", "width", "groups"),
    [
        ([1.0, 2.0, 2.0, 2.0, 2.0], 5.0, [(1, 2), (3, 4)]),  # as many columns in each
        ([1.0, 1.0, 1.0, 1.0, 3.5], 5.0, [(1, 2, 3), (4,)]),  # (1, 2), (3, 4) would not fit
        ([1.0, 1.0, 9.0, 1.0], 5.0, [(1,), (2,), (3,)]),  # too wide alone: a group of its own
    ],
)
def test_column_groups_are_few_in_order_and_each_fits_beside_the_first(
    least: list[float], width: float, groups: list[tuple[int, ...]]
) -> None:
    assert column_groups(least, width) == groups


def test_a_table_of_three_columns_is_kept_whole_though_a_word_breaks() -> None:
    """A stack's three columns on a narrow template were shown as two tables of two columns,
    a row read across slides, where a long word broke before: a word broken is the lesser
    harm. Four columns or more are grouped."""
    long = "AWS::CloudFormation::WaitConditionHandleWithAVeryLongName"
    header = tuple(runs(h) for h in ("Logical ID", "Type", "What to check"))
    rows = ((runs("Handle"), runs(long), runs(long)),)
    tables = Fitter(THEME, {}).tables
    three = Table(header, rows, (None,) * 3)
    assert tables.grouped(three, 12.0, 4.0) == (three,)
    four = Table((*header, runs("Owner")), ((*rows[0], runs(long)),), (None,) * 4)
    assert len(tables.grouped(four, 12.0, 4.0)) > 1


WIDE_TABLES = Path(__file__).parent / "fixtures" / "tables" / "wide-tables.md"


@pytest.mark.parametrize("theme", ["default", "dark", "classroom"])
def test_a_table_too_wide_for_a_slide_goes_on_in_groups_of_columns_losing_nothing(
    theme: str,
) -> None:
    """A table whose columns' words do not fit a slide's width even at its least size is
    shown as tables of its first column and some of the others, with a warning: before, an
    8-column table in the classroom theme set its headers a letter a line and kept one row of
    six, cut short ('df.d…')."""
    job = Job(WIDE_TABLES, str(WIDE_TABLES), WIDE_TABLES.with_suffix(""), WIDE_TABLES.parent)
    laid, diagnostics = lay_out(job, load_theme(theme))
    codes = [d.code for d in diagnostics]
    assert "overflow" not in codes and "long-word" not in codes, diagnostics
    grouped = [d for d in diagnostics if d.code == "wide-table"]
    assert grouped and all("its first column" in d.message for d in grouped)
    split = 0
    for slide, parts in pages(laid):
        frames = [f.table for p in parts for f in p.frames if isinstance(f, TableFrame)]
        for table in (block for block in slide.body if isinstance(block, Table)):
            ours = [f for f in frames if f.header[0] is table.header[0]]
            assert cells([table]) == cells(ours), slide.title  # every cell, under its heading
            assert all("…" not in text for _, _, text in cells(ours))
            split += any(f.header != table.header for f in ours)
    assert split >= 1  # the pandas table at least is grouped in every theme


def cells(tables: list[Table]) -> set[tuple[str, str, str]]:
    """Return each body cell's text of ``tables`` with its row's first cell and its heading."""
    return {
        (plain_text(row[0]), plain_text(heading), plain_text(cell))
        for table in tables
        for row in table.rows
        for heading, cell in zip(table.header, row, strict=True)
    }


@pytest.mark.parametrize("theme", ["default", "dark", "classroom"])
def test_a_list_number_keeps_its_gap_before_the_text(theme: str, tmp_path: Path) -> None:
    """'1.' and its item's text stay NUMBER_GAP apart whatever the font: at 24 pt in Arial
    the theme's 0.3 in indent left them touching ('1.Open')."""
    path = tmp_path / "steps.md"
    steps = "\n".join(f"{n}. Open the console and sign in." for n in range(1, 4))
    path.write_text(f"---\ntitle: Steps\n---\n\n## Steps\n\n{steps}\n", encoding="utf-8")
    chosen = load_theme(theme)
    laid, _ = lay_out(Job(path, str(path), path.with_suffix(""), tmp_path), chosen)
    [frame] = [f for p in laid.slides for f in p.frames if isinstance(f, TextFrame)]
    hanging = frame.hanging if frame.hanging is not None else chosen.bullets.hanging
    label = Fitter(chosen, {}).measure.natural((Run("3."),), bold=True)
    assert hanging >= label * frame.size / 72 + NUMBER_GAP - 1e-9


CODE_IN_A_COLUMN = """---
title: Routes
---

#### The Routing Table

The routing table on the left.

```text
Destination          Gateway          Iface   Metric
10.0.0.0/16          0.0.0.0          eth0    100
```

<!-- column -->

- **Destination**: the network the route matches.
"""


def test_code_in_a_column_takes_the_largest_size_at_which_no_line_wraps(tmp_path: Path) -> None:
    """Code beside the other column's words stayed at the page's size and wrapped every line
    (each then reads as two), where a smaller size kept them whole, as it does for code
    alone on a slide (template review)."""
    path = tmp_path / "routes.md"
    path.write_text(CODE_IN_A_COLUMN, encoding="utf-8")
    laid, found = lay_out(Job(path, path.name, path.with_suffix(""), tmp_path), THEME)
    assert not [d for d in found if "wrap" in d.message], found
    fit = Fitter(THEME, {})
    [placed] = [p for p in laid.slides if p.slide.layout is Layout.TWO_COLUMN]
    [code] = [f for f in placed.frames if isinstance(f, CodeFrame)]
    assert fit.heights.wrapped_code(code.code, code.size, code.box.w) is None
    larger = [s.code for s in scales_of(THEME) if s.code > code.size]
    assert larger and all(fit.heights.wrapped_code(code.code, s, code.box.w) for s in larger)


LED_IN = """---
title: Led in
---

#### Step 5: Write a Config File

A heredoc sends several lines to a command's standard input. Use `sudo tee` because the
shell's `>` redirection runs as you, not as root, and the file belongs to root:

```bash
{code}
```

Then test the rule without rotating anything.
"""


@pytest.mark.parametrize("theme", [name for name, _ in builtin_themes()])
@pytest.mark.parametrize("lines", [8, 10, 12, 14, 16, 22, 40])
def test_words_that_introduce_a_block_never_stand_alone_on_a_slide(
    tmp_path: Path, theme: str, lines: int
) -> None:
    """A sentence ending in a colon before code too tall to follow it whole: the code was
    moved whole to the next slide, leaving the sentence alone on one (the classroom theme's
    heredoc, review). The code now starts under the words that introduce it."""
    code = "\n".join(f"    setting_{n} = value-{n}" for n in range(lines))
    path = tmp_path / "led.md"
    text = LED_IN.replace("{code}", f"sudo tee /etc/app.conf <<'EOF'\n{code}\nEOF")
    path.write_text(text, encoding="utf-8")
    laid, _ = lay_out(Job(path, path.name, path.with_suffix(""), tmp_path), load_theme(theme))
    for placed in laid.slides[1:]:
        kinds = [type(frame).__name__ for frame in placed.frames]
        texts = [
            plain_text(b.runs) for f in placed.frames if isinstance(f, TextFrame) for b in f.blocks
        ]
        if any(text.endswith("root:") for text in texts):
            assert "CodeFrame" in kinds, (theme, lines, placed.number, kinds)


@pytest.mark.parametrize("marker", [" (2/3)", " (continued)", " (CONTINUED, 2/4)"])
def test_a_title_cut_short_keeps_the_part_it_names(marker: str) -> None:
    """A title too long for its box is cut short with "…": a continuation's "(2/2)" went with
    it, leaving two slides of one title (capital titles on a school's template, review)."""
    fit = fitter()
    words = "Restarting Failed Deployments Safely With Rolling Updates And Health Checks " * 3
    title = (Run(words.strip() + marker),)
    box = Box(0.5, 0.3, 6.0, 1.0)
    cut = plain_text(fit.overflow.cut_text(title, 32.0, box, "heading"))
    assert cut.endswith("…" + marker) and len(cut) < len(plain_text(title)), cut


@pytest.mark.parametrize("pads", [5, 6])
def test_a_led_in_page_that_fits_one_slide_smaller_keeps_its_code_whole_there(
    tmp_path: Path, pads: int
) -> None:
    """Words introducing code must not split a page that fits one slide with its code a little
    smaller: the lead-in rule made two slides of it at full size, the code cut 4 / 8 (review
    of the rule); it is one slide again."""
    pad = "This sentence pads the introduction so that it takes more of the slide. " * pads
    code = "\n".join(f"step_{n:02} --flag value-{n}" for n in range(1, 13))
    text = f"---\ntitle: Led\n---\n\n### Introduced\n\n{pad}Run these:\n\n"
    text += f"```bash\n{code}\n```\n\nAfter it.\n"
    path = tmp_path / "led.md"
    path.write_text(text, encoding="utf-8")
    laid, _ = lay_out(Job(path, path.name, path.with_suffix(""), tmp_path), THEME)
    assert len(laid.slides) == 2, [plain_text(p.slide.title) for p in laid.slides]


SNIPPET_STEPS = """---
title: Steps
---

#### Step 3: Open Port 80

1. In **Services > EC2 > Network & Security > Security Groups**, select the group created by the wizard (`launch-wizard-1`).
2. Choose **Edit inbound rules > Add rule**.
3. Set **Type** to *HTTP*, **Source** to *My IP*, and save.
{nested}
{lead}

```yaml
{code}
```
"""  # noqa: E501
"""A step list, then code presented by words ending in a colon (``nested``: an item that
says so, the code under it; else a paragraph after the list)."""


@pytest.mark.parametrize("theme", [name for name, _ in builtin_themes()])
@pytest.mark.parametrize("lines", [6, 9, 12, 13, 16])
@pytest.mark.parametrize("nested", [False, True], ids=["paragraph", "item"])
def test_code_that_fits_a_slide_is_not_cut_to_fill_one_nor_left_without_its_words(
    tmp_path: Path, theme: str, lines: int, nested: bool
) -> None:
    """Reviewed: a 12-line JSON policy cut after 3 lines to fill a slide, the rest on the
    next, where it fitted whole; and ``The same rule as a CloudFormation snippet:`` alone at
    a slide's foot, its code on the next. Code that fits a slide whole (with what presents
    it) is never cut to even the slides out (but at a blank line: these have none), and
    words ending in a colon go on with the code they present, where the two fit a slide."""
    code = "\n".join(f"Setting{n}:\n  Value: item-{n}" for n in range(lines // 2))
    code += "\nLast: true" if lines % 2 else ""
    item = "4. Paste this snippet if you use CloudFormation:\n" if nested else ""
    lead = "" if nested else "The same rule as a CloudFormation snippet:"
    body = "\n".join(f"   {line}" if nested else line for line in code.splitlines())
    text = SNIPPET_STEPS.replace("{nested}", item).replace("{lead}", lead).replace("{code}", body)
    if nested:
        text = text.replace("\n```yaml", "   ```yaml").replace("```\n", "   ```\n")
    path = tmp_path / "steps.md"
    path.write_text(text, encoding="utf-8")
    laid, _ = lay_out(Job(path, path.name, path.with_suffix(""), tmp_path), load_theme(theme))
    codes = [
        frame for placed in laid.slides for frame in placed.frames if isinstance(frame, CodeFrame)
    ]
    # The code and the words presenting it fit the body under a title of one line at the
    # floor: the code is not cut (else it starts under them and goes on on the next slide).
    loaded = load_theme(theme)
    grid, fit = loaded.slide, Fitter(loaded, {})
    area = Box(grid.margin, grid.body_top, grid.width - 2 * grid.margin, grid.body_bottom)
    area = replace(area, h=grid.body_bottom - grid.body_top)
    floor = next(s for s in scales_of(loaded) if s.body == loaded.sizes.body_min)
    words = Paragraph((Run("Paste this snippet if you use CloudFormation:"),))
    if fit.placer.body_fits([words, Code(code, "yaml")], floor, area):
        shown = [len(frame.code.text.splitlines()) for frame in codes]
        assert shown == [lines], (theme, lines, shown)
    slides = laid.slides[1:]
    for placed, after in zip(slides, [*slides[1:], None], strict=True):
        texts = [
            plain_text(b.runs) for f in placed.frames if isinstance(f, TextFrame) for b in f.blocks
        ]
        if (
            texts
            and texts[-1].endswith(":")
            and not any(isinstance(f, CodeFrame) for f in placed.frames)
        ):
            # Left at a slide's foot only where it and its code fit no slide together: the
            # code then opens the next slide, whole.
            assert after is not None and isinstance(after.frames[0], CodeFrame), (theme, lines)
            assert len(after.frames[0].code.text.splitlines()) == lines, (theme, lines)


def test_output_divided_under_a_step_goes_on_under_the_step_repeated() -> None:
    """Reviewed: ``terraform plan``'s output, nested under step 5, went on to a slide of its
    own that opened with ``+ tags_all = {``: which step's output it was, the slide did not
    say (its title named a section of two steps). The part repeats the step, marked as
    continued, its inline code still code."""
    plan = "\n".join(f"  + setting_{n:02d} = (known after apply)" for n in range(40))
    text = (
        "---\ntitle: Plan\n---\n\n### Initialise and plan\n\n4. Run `terraform init`.\n\n"
        "5. Run `terraform plan -out=tfplan` and read the plan:\n\n   ```text\n"
        + "\n".join(f"   {line}" for line in plan.split("\n"))
        + "\n   ```\n\n6. Apply it.\n"
    )
    job = Job(Path("plan.md"), "plan.md", Path("out"), Path("."))
    laid, _ = lay_out(job, THEME, data=text.encode())
    parts = [p for p in laid.slides if any(isinstance(b, Code) for b in p.slide.body)]
    assert len(parts) >= 2
    for placed in parts[1:]:
        first = placed.slide.body[0]
        assert isinstance(first, Bullet) and first.number == 5, placed.number
        said = plain_text(first.runs)
        assert said.startswith("Run terraform plan -out=tfplan") and said.endswith("(continued)")
        assert any(run.style.code for run in first.runs)


@pytest.mark.parametrize("theme", [name for name, _ in builtin_themes()])
def test_code_that_fits_its_slide_is_not_cut_to_even_the_slides_out(theme: str) -> None:
    """Reviewed: a 13-line SQL query (no blank line in it) that fits its slide under the
    sentence introducing it was cut before its ``HAVING`` to even the slides out, its slide a
    quarter empty, the rest of the query over the expected result. Evening out cuts code
    inside a statement no more often than filling the slides does."""
    path = ROOT / "tests" / "fixtures" / "code" / "query-and-result.md"
    laid, _ = lay_out(Job(path, path.name, Path("out"), path.parent), load_theme(theme))
    codes = [f.code for p in laid.slides for f in p.frames if isinstance(f, CodeFrame)]
    assert [code.whole for code in codes] == [None], theme  # one block, whole
