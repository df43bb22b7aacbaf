"""fit: long pages continue well (issue 14 §2) and long code splits where it reads (§4).

The lessons are real-shaped: a lesson whose long page of key features under a subheading ends
with a summary sentence, a numbered procedure, and a hands-on guide with a 51-line YAML
template; the stress lessons and the bundled ones are checked for the general rules too.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from exporter.fit import Fitter, sentences
from exporter.fit.codecuts import COMMENT, best_cut, indent
from exporter.fit.paginate import SLIGHT
from exporter.fit.parts import floor_index, repeated
from exporter.geometry import TEXT_INSET, CodeFrame, LaidOutDeck, PlacedSlide, TableFrame, TextFrame
from exporter.jobs import Job
from exporter.lexing import held_breaks
from exporter.model import ENGLISH, Block, Bullet, Code, Paragraph, Slide, Subheading, plain_text
from exporter.pipeline import lay_out
from exporter.theme import load_theme
from exporter.writers.highlight import highlight
from tests.conftest import LESSONS, ROOT, STRESS

THEME = load_theme()
PAGES = ROOT / "tests" / "fixtures" / "pages"
ALL = sorted([*LESSONS.rglob("*.md"), *STRESS.glob("*.md"), *PAGES.glob("*.md")])
FITTER = Fitter(THEME, {})
FLOOR = FITTER.scales[floor_index(THEME, FITTER.scales)]


def laid_out(path: Path) -> LaidOutDeck:
    laid, _ = lay_out(Job(path, str(path), path.with_suffix(""), path.parent), THEME)
    return laid


def split_pages(laid: LaidOutDeck) -> Iterator[tuple[Slide, list[PlacedSlide]]]:
    """Yield each page that became more than one slide, with its slides."""
    ends = [*laid.firsts[1:], len(laid.slides) + 1]
    for slide, first, end in zip(laid.deck.slides, laid.firsts, ends, strict=True):
        if end - first > 1:
            yield slide, list(laid.slides[first - 1 : end - 1])


def page(path: Path, title: str) -> tuple[Slide, list[PlacedSlide]]:
    [found] = [(s, p) for s, p in split_pages(laid_out(path)) if plain_text(s.title) == title]
    return found


def content(placed: PlacedSlide) -> list[Block]:
    """Return a part's body without the subheading it repeats."""
    return [b for b in placed.slide.body if not repeated(b, ENGLISH)]


def body_height(placed: PlacedSlide) -> float:
    return max(f.box.y + f.box.h for f in placed.frames) - min(f.box.y for f in placed.frames)


PILLARS = """---
title: Well-Architected
---

#### Well-Architected Framework in Depth

""" + "\n".join(
    f"- **{pillar}**\n"
    + "\n".join(
        f"  - {area}\n    - {area} practice one for the {pillar} pillar.\n"
        f"    - {area} practice two for the {pillar} pillar."
        for area in areas
    )
    for pillar, areas in (
        ("Operational Excellence", ("Organization", "Prepare", "Operate")),
        ("Security", ("Identity", "Detection", "Data protection")),
        ("Reliability", ("Foundations", "Failure management")),
        ("Cost Optimization", ("Expenditure awareness", "Cost-effective resources")),
    )
)
"""Four pillars of three levels, each too tall to share a slide with another at the body's
size: the last slide holds two, at a smaller size than the others would take alone."""


def test_no_part_of_a_page_is_more_than_one_size_larger_than_the_smallest(
    tmp_path: Path,
) -> None:
    """Continuation slides read as one deck: 20 pt beside 18 pt, not 24 pt beside 18 pt."""
    lesson = tmp_path / "pillars.md"
    lesson.write_text(PILLARS, encoding="utf-8")
    paths = [lesson, *sorted(LESSONS.rglob("*.md")), *sorted(STRESS.glob("*.md"))]
    paths += sorted(PAGES.glob("*.md"))
    step = THEME.sizes.body - FITTER.scales[1].body
    for path in paths:
        for slide, parts in split_pages(laid_out(path)):
            sizes = [placed.body_size for placed in parts]
            assert max(sizes) - min(sizes) <= step, (path.name, plain_text(slide.title), sizes)
    [(_, pillars)] = list(split_pages(laid_out(lesson)))
    assert len({placed.body_size for placed in pillars}) == 2  # still one step apart


def test_each_part_takes_the_largest_size_at_which_it_fits() -> None:
    _, parts = page(PAGES / "key-features.md", "Amazon S3 Essentials")
    assert [p.body_size for p in parts] == [20, 18]  # not both at the smaller
    area = FITTER.body_area(FITTER.sizes.title_fit(parts[0].slide.title))
    for placed in parts:
        index = [s.body for s in FITTER.scales].index(placed.body_size)
        assert FITTER.placer.body_fits(placed.slide.body, FITTER.scales[index], area)
        if index:
            assert not FITTER.placer.body_fits(placed.slide.body, FITTER.scales[index - 1], area)


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_no_continuation_holds_only_a_lone_item_or_sentence(path: Path) -> None:
    for _, parts in split_pages(laid_out(path)):
        last = parts[-1]
        blocks = content(last)
        text = all(isinstance(b, Bullet | Paragraph | Subheading) for b in blocks)
        lone = blocks[0] if len(blocks) == 1 else None
        if isinstance(lone, Bullet | Paragraph):  # the rest of a long paragraph at most
            assert len(sentences(lone.runs)) > 1, plain_text(last.slide.title)
        if text:
            area = THEME.slide.body_bottom - THEME.slide.body_top
            assert body_height(last) > SLIGHT * area, plain_text(last.slide.title)


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_no_part_but_the_last_is_left_more_than_half_empty(path: Path) -> None:
    area = THEME.slide.body_bottom - THEME.slide.body_top
    for _, parts in split_pages(laid_out(path)):
        for placed in parts[:-1]:
            assert body_height(placed) > area / 2, plain_text(placed.slide.title)


@pytest.mark.parametrize(
    ("name", "title"),
    [
        ("key-features", "Amazon S3 Essentials"),
        ("key-features", "Setting Up Cross-Region Replication"),
        # One item whose 13 sub-items fill a slide: it is divided between them rather than
        # leaving the closing sentence alone on a slide titled as a continuation.
        ("hands-on-stack", "Step 4: Before You Delete the Stack"),
    ],
)
def test_a_closing_sentence_stays_with_the_last_part_of_its_list(name: str, title: str) -> None:
    slide, parts = page(PAGES / f"{name}.md", title)
    closing = slide.body[-1]
    assert isinstance(closing, Paragraph)
    assert parts[-1].slide.body[-1] == closing
    assert sum(isinstance(b, Bullet) for b in parts[-1].slide.body) >= 3
    assert len(parts) == 2


def test_a_continuation_repeats_the_subheading_it_goes_on_under() -> None:
    _, parts = page(PAGES / "key-features.md", "Amazon S3 Essentials")
    first = parts[1].slide.body[0]
    assert isinstance(first, Subheading) and first.level == 5
    assert plain_text(first.runs) == "Key Features and Benefits (continued)"
    frame = parts[1].frames[0]
    assert isinstance(frame, TextFrame) and frame.blocks[0] == first  # drawn, not only kept


def test_a_continued_numbered_list_goes_on_with_its_numbers() -> None:
    _, parts = page(PAGES / "key-features.md", "Setting Up Cross-Region Replication")
    numbers = [
        [b.number or 0 for b in p.slide.body if isinstance(b, Bullet) and b.level == 0]
        for p in parts
    ]
    assert [n for part in numbers for n in part] == list(range(1, 12))
    assert numbers[1][0] > 1


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_the_titles_of_a_pages_parts_are_numbered_and_unique(path: Path) -> None:
    laid = laid_out(path)
    for slide, parts in split_pages(laid):
        titles = [plain_text(p.slide.title) for p in parts]
        base = plain_text(slide.title)
        # "X (continued)" (a topic's next page, named so by the build) and "X (continued 2)"
        # (the one after) number inside their brackets: "X (continued, 2/3)", "X (continued
        # 2, 2/3)"
        inside = re.search(r" \(continued( \d+)?\)$", base) is not None
        numbered = base[:-1] + ", {}/{})" if inside else base + " ({}/{})"
        expected = [numbered.format(k, len(parts)) for k in range(2, len(parts) + 1)]
        assert titles == [base, *expected]
    split = [p for _, parts in split_pages(laid) for p in parts]
    titles = [plain_text(p.slide.title) for p in split]
    assert len(set(titles)) == len(titles)


def code_pieces(parts: list[PlacedSlide]) -> list[str]:
    return [b.text for p in parts for b in p.slide.body if isinstance(b, Code)]


def test_a_long_template_splits_between_its_sections_at_the_floor() -> None:
    slide, parts = page(PAGES / "hands-on-stack.md", "Step 1: Write the Template")
    [whole] = [b.text.split("\n") for b in slide.body if isinstance(b, Code)]
    assert len(whole) > 40 and len(parts) <= 4
    pieces = code_pieces(parts)
    assert len(pieces) == len(parts)
    sizes = {f.size for p in parts for f in p.frames if isinstance(f, CodeFrame)}
    assert len(sizes) == 1 and min(sizes) >= FLOOR.code  # one size, never below the floor
    start = 0
    for piece in pieces:
        lines = piece.split("\n")
        assert lines[0].strip() and lines[-1].strip()  # no box starts or ends blank
        assert not COMMENT.match(lines[-1]), lines[-1]  # never right after a comment
        at = whole.index(lines[0], start)
        if at:  # cut at a blank line, or before a key at the template's first two levels
            assert not whole[at - 1].strip() or indent(whole[at]) <= 2, whole[at]
        start = at + len(lines)


def test_code_going_on_under_its_item_repeats_it_and_keeps_its_indent() -> None:
    """The policy is nested in a list item. Its rest went on alone on the next parts, at the
    body's whole width; reviewed, a step's output so continued named its step nowhere (the
    title named a section of two steps). Each part it goes on to now starts with the item,
    marked continued, the code indented beside it as on the first part, and no smaller than
    the floor."""
    _, parts = page(STRESS / "long-code.md", "A Least-Privilege Deployment Policy")
    going_on = [p for p in parts[1:] if any(isinstance(b, Code) for b in p.slide.body)]
    assert going_on
    edge = THEME.slide.margin + TEXT_INSET[0]
    for placed in going_on:
        first = placed.slide.body[0]
        assert isinstance(first, Bullet) and plain_text(first.runs).startswith("Policy Document")
        assert plain_text(first.runs).endswith("(continued)")
        [frame] = [f for f in placed.frames if isinstance(f, CodeFrame)]
        assert frame.box.x > edge + 0.1  # beside the item, as its code is
        assert frame.size >= FLOOR.code


def test_code_is_set_below_the_floor_only_to_keep_a_page_on_one_slide() -> None:
    """Code goes below the floor only where its page then fits one slide: a split would have
    cut a block that fits a slide whole to fill a slide (where its author left no blank
    line), or left a slide all but empty."""
    smaller = 0
    for path in (STRESS / "long-code.md", PAGES / "hands-on-stack.md"):
        for placed in laid_out(path).slides:
            for frame in placed.frames:
                if isinstance(frame, CodeFrame) and frame.size < FLOOR.code:
                    assert placed.parts == 1, (path.stem, placed.number)
                    smaller += 1
    assert smaller <= 2  # a last resort, not the rule


def test_a_cut_inside_nested_code_goes_before_the_shallowest_line_and_never_before_a_closer() -> (
    None
):
    """With no blank line or statement to cut at, a slide ends before the loop rather than
    inside the dictionary its body builds, and never opens on a lone ``}`` or an ``except``
    cut from its ``try``."""
    lines = [
        "def instances(session):",  # 0
        "    for page in pages:",  # 1
        "        for inst in page:",  # 2
        "            yield {",  # 3
        '                "id": inst["Id"],',  # 4
        '                "name": name(inst),',  # 5
        "            }",  # 6
        "    try:",  # 7
        "        write(rows)",  # 8
        "    except ClientError as err:",  # 9
        "        print(err)",  # 10
    ]
    assert best_cut(lines, 4, 6) == 5  # inside the dictionary, as full as it goes, not at "}"
    assert best_cut(lines, 3, 5) == 3  # before "yield {", the shallowest line in reach
    assert best_cut(lines, 6, 9) == 7  # before "try:", never before "except"
    assert best_cut(lines, 9, 9) == 9  # before "except" only where nothing else fits


def test_a_cut_prefers_a_blank_line_then_a_statement_and_never_follows_a_comment() -> None:
    lines = [
        "resource:",
        "  a: 1",
        "  b: 2",
        "",
        "  # the next one",
        "  c: 3",
        "  d: 4",
        "other:",
        "  e: 5",
    ]
    assert best_cut(lines, 1, 8) == 7  # before the top-level key
    assert best_cut(lines, 1, 6) == 4  # at the blank line, not after the comment
    template = ["Resources:", "  Vpc:", "    Type: x", "    Cidr: y", "  Subnet:", "    Type: z"]
    assert best_cut(template, 1, 5) == 4  # between resources, not inside one
    assert best_cut(template, 1, 2) == 2  # after an opening line only when nothing else fits
    assert best_cut(lines, 1, 5) == 4  # a cut after the comment moves before it, at the blank
    assert best_cut(["# one", "# two", "x = 1"], 1, 2) == 2  # only comments: any cut
    assert best_cut(["x = 1", "", "", "y = 2"], 1, 3) in (1, 2, 3)
    assert best_cut(["", "", "x"], 1, 2) is None  # nothing but blank lines above
    # Code that fits a slide whole is cut only where its author left a blank line (``worst``).
    assert best_cut(lines, 1, 8, worst=0) == 4
    assert best_cut(template, 1, 5, worst=0) is None
    assert best_cut(["# one", "# two", "x = 1"], 1, 2, worst=0) is None


@pytest.mark.parametrize(
    ("language", "code", "held"),
    [
        (
            "python",
            'def f():\n    """Doc.\n\n    More.\n    """\n    x = 1  # note\n    return x',
            [2, 3, 4],
        ),
        ("python", 'y = """a\nb"""\nz = 2', [1]),
        ("bash", "cat <<EOF > f\none\ntwo\nEOF\n# note\nls", [1, 2, 3]),
        ("bash", "docker run \\\n  -p 80:80 \\\n  nginx\necho done", [1, 2]),
        ("sql", "SELECT a -- note\nFROM t\n/* one\ntwo */\nWHERE x = 'a\nb';", [3, 5]),
        ("javascript", "const a = `x\ny`;\n/* c\nd */\nf(); // e\ng();", [1, 3]),
        ("hcl", 'policy = <<EOT\n{ "x": 1 }\nEOT\nname = "b"', [1, 2]),
        ("yaml", "a: 1\n# note\nb: |\n  text\nc: 2", []),
        (None, '"""a\n\nb"""', []),
    ],
)
def test_the_lines_a_string_or_comment_goes_on_into_are_held(
    language: str | None, code: str, held: list[int]
) -> None:
    """A cut must not fall inside a docstring, a heredoc, a block comment or a command
    continued with a backslash; a line comment's end and a string closed on its line are
    no such place (nor is anything in a block of no known language)."""
    assert sorted(held_breaks(code, language)) == held
    lines = code.split("\n")
    if held:  # read in the whole block, a part holds what is still inside
        rest = "\n".join(lines[1:])
        assert sorted(held_breaks(rest, language, code, 1)) == [k - 1 for k in held if k > 1]


def test_a_cut_inside_a_string_is_made_only_where_there_is_no_other() -> None:
    lines = ["def f():", '    """Doc.', "", "    More.", '    """', "    return 1", "", "g = 2"]
    held = held_breaks("\n".join(lines), "python")
    assert best_cut(lines, 1, 4) in (2, 3)  # the docstring's blank line looks like a boundary
    assert best_cut(lines, 1, 4, held=held) == 1  # but the only cut outside it is after "def"
    assert best_cut(lines, 2, 4, held=held) in (2, 3, 4)  # none outside it: one inside
    assert best_cut(lines, 1, 7, held=held) in (6, 7)  # at the blank line after the function
    assert best_cut(lines, 2, 4, worst=0, held=held) is None  # code that fits a slide whole


STRINGS = ROOT / "tests" / "fixtures" / "code" / "strings-over-lines.md"
"""A function with a long docstring, a heredoc taller than a slide, an SQL file led by a
block comment and a command continued over twenty lines."""


@pytest.mark.parametrize("theme", ["default", "dark", "classroom"])
def test_code_is_divided_outside_strings_and_each_part_is_coloured_as_in_the_whole(
    theme: str,
) -> None:
    """Reviewed: a 37-line function cut at its docstring's blank line, the next slide
    opening inside the docstring with everything after its closing quotes coloured as a
    string; a ``docker run`` continued over nineteen lines cut in two to even out the
    slides. No part now starts inside a string or comment but where the string is taller
    than a slide (the heredoc), and every part is coloured as the same lines of the whole."""
    laid, _ = lay_out(
        Job(STRINGS, str(STRINGS), STRINGS.with_suffix(""), STRINGS.parent), load_theme(theme)
    )
    wholes = {
        block.text: block
        for slide in laid.deck.slides
        for block in slide.body
        if isinstance(block, Code)
    }
    parts = [f.code for p in laid.slides for f in p.frames if isinstance(f, CodeFrame)]
    assert len(parts) > len(wholes)
    tallest = max(code.text.count("\n") + 1 for code in parts)
    for code in parts:
        if code.whole is None:
            continue
        whole = wholes[code.whole]
        count = code.text.count("\n") + 1
        assert whole.text.split("\n")[code.first : code.first + count] == code.text.split("\n")
        expected = highlight(whole.text, whole.language)[code.first : code.first + count]
        assert highlight(code.text, code.language, None, code.whole, code.first) == expected
        held = held_breaks(whole.text, whole.language)
        if code.first in held:
            # Divided inside a string (or a command continued) only where it is taller than
            # any slide shows: the lines it joins are more than the most a slide holds.
            start = end = code.first
            while start in held:
                start -= 1
            while end + 1 in held:
                end += 1
            assert end - start + 1 > tallest, (theme, code.text.split("\n")[0])
    runs = [c.text for c in parts if c.text.startswith("docker run")]
    if tallest >= 19:  # where a slide holds its nineteen lines, the command is whole
        assert "postgres:16-alpine" in runs[0]
    starts = [c.text.split("\n")[0] for c in parts]
    assert not any(line.strip().startswith(("Rows with", "The first row")) for line in starts)


def test_one_line_commands_that_fit_a_slide_are_cut_only_between_them() -> None:
    """``One-Line CLI Commands``: three commands, each under its comment and a blank line
    apart, after a sentence: evened out over two slides, they are cut at a blank line,
    never inside a command; nor kept on one slide below the floor."""
    slides = [
        p
        for p in laid_out(STRESS / "long-code.md").slides
        if "One-Line" in plain_text(p.slide.title)
    ]
    codes = [f.code.text for p in slides for f in p.frames if isinstance(f, CodeFrame)]
    assert len(codes) == 2, codes
    for code in codes:
        assert code.startswith("# ") and not code.endswith("\n"), code
    assert all(f.size >= FLOOR.code for p in slides for f in p.frames if isinstance(f, CodeFrame))


@pytest.mark.parametrize("theme", ["default", "dark", "classroom"])
def test_no_part_of_a_split_page_is_a_subheading_alone(theme: str) -> None:
    """A subheading leads its content onto the slide it goes to: with the classroom theme's
    large type, "For RDS" once took a slide of its own before its two columns."""
    chosen = load_theme(theme)
    for path in ALL:
        laid, _ = lay_out(Job(path, str(path), path.with_suffix(""), path.parent), chosen)
        for _, parts in split_pages(laid):
            for placed in parts:
                body = placed.slide.body
                assert not all(isinstance(b, Subheading) for b in body), (path.name, placed.number)


@pytest.mark.parametrize("theme", ["default", "classroom"])
def test_a_labs_steps_split_among_sub_steps_keep_their_step_and_no_lone_last_step(
    theme: str,
) -> None:
    """A lab's step 2 in the classroom theme: a slide opened with step 1's dashes, another
    with '2. Start the API' under no step 2. With the step repeated, the page first came out
    as one step a slide and '3. Stop both containers' alone on the last, smaller: a lone
    last step is now the worse of two arrangements as poorly filled."""
    path = PAGES / "lab-steps.md"
    laid, _ = lay_out(Job(path, str(path), path.with_suffix(""), path.parent), load_theme(theme))
    [(_, parts)] = list(split_pages(laid))
    for placed in parts[1:]:
        first = placed.slide.body[0]
        assert not (isinstance(first, Bullet) and first.level and not repeated(first, ENGLISH))
    last = content(parts[-1])
    assert len(last) > 1 or not isinstance(last[0], Bullet), [type(b).__name__ for b in last]


QUOTAS = """---
title: Storage Quotas
---

#### Quotas and Limits

Every account starts with these default quotas. Ask support to raise a quota before a launch,
not during it.

##### Request Rates

| Quota | Default value | Adjustable |
| --- | --- | --- |
{rows}
"""
QUOTA_ROWS = [
    "| PUT/COPY/POST/DELETE requests per prefix | 3 500 requests/s | No |",
    "| GET/HEAD requests per prefix | 5 500 requests/s | No |",
    "| Maximum object size | 5 TB | No |",
    "| Maximum single PUT upload | 5 GB | No |",
    "| Multipart upload part size | 5 MB to 5 GB | No |",
    "| Buckets per account | 100 | Yes, up to 1 000 |",
    "| Lifecycle rules per bucket | 1 000 | No |",
    "| Object tags | 10 per object | No |",
    "| Replication rules | 1 000 per bucket | No |",
    "| Inventory configurations | 1 000 per bucket | No |",
    "| Access points per Region | 10 000 | Yes |",
    "| Batch Operations jobs | 1 000 active | No |",
    "| Storage Lens dashboards | 50 per home Region | Yes |",
    "| Object Lock retention | up to 100 years | No |",
]


@pytest.mark.parametrize("theme", ["default", "dark", "classroom"])
@pytest.mark.parametrize("rows", [8, 10, 12, 14])
def test_a_table_under_its_subheading_starts_under_the_words_before_it(
    tmp_path: Path, theme: str, rows: int
) -> None:
    """Reviewed: a 12-row table under ``##### Request Rates``, after a sentence, fitted a
    slide alone but not with its subheading: moved on with it, it was divided there all the
    same, the sentence left alone on a slide; and so the page was kept on one slide with the
    table at 12 pt, unreadable. A unit whose subheading (or parent item) and it fit no slide
    together is divided where it stands, under the words before it."""
    path = tmp_path / "quotas.md"
    path.write_text(QUOTAS.format(rows="\n".join(QUOTA_ROWS[:rows])), encoding="utf-8")
    chosen = load_theme(theme)
    laid, _ = lay_out(Job(path, path.name, path.with_suffix(""), tmp_path), chosen)
    fitter = Fitter(chosen, {})
    floor = fitter.scales[floor_index(chosen, fitter.scales)]
    slides = laid.slides[1:]
    tables = [f for p in slides for f in p.frames if isinstance(f, TableFrame)]
    assert sum(len(f.table.rows) for f in tables) == rows
    assert all(f.size >= floor.table for f in tables), [f.size for f in tables]
    for placed in slides:  # no slide of the sentence alone
        assert any(isinstance(f, TableFrame) for f in placed.frames), placed.number


UNIT_FILE = """---
title: Services
---

#### Create the Service

1. Create a system user: `sudo useradd --system webapp`.
2. Create the unit file `/etc/systemd/system/webapp.service`:

   ```ini
   [Unit]
   Description=Demo web application (gunicorn)
   After=network-online.target
   Wants=network-online.target

   [Service]
   User=webapp
   Group=webapp
   WorkingDirectory=/opt/webapp
   Environment="PYTHONUNBUFFERED=1"
   ExecStart=/opt/webapp/venv/bin/gunicorn --workers 3 --bind 127.0.0.1:8000 app:app
   Restart=on-failure
   RestartSec=5

   [Install]
   WantedBy=multi-user.target
   ```

3. Reload systemd and start the service:
   - `sudo systemctl daemon-reload`
   - `sudo systemctl enable --now webapp`
     - If it fails, read the log with `journalctl -u webapp -e`.
     - A `status=203/EXEC` error means the path in `ExecStart` is wrong.
"""


@pytest.mark.parametrize("theme", ["default", "dark"])
def test_a_step_before_a_long_one_is_not_left_alone_on_a_slide(tmp_path: Path, theme: str) -> None:
    """Reviewed: step 1 alone on a slide, nine tenths of it empty, then step 2 with its unit
    file cut before ``[Install]``, the two lines left opening the third slide. Arranged as
    poorly (one slide under half full either way), the arrangement whose emptiest slide
    holds the most is taken: steps 1 and 2 with the file's first section, the rest of the
    file, then step 3; each cut at a blank line the author left."""
    path = tmp_path / "service.md"
    path.write_text(UNIT_FILE, encoding="utf-8")
    chosen = load_theme(theme)
    laid, _ = lay_out(Job(path, path.name, path.with_suffix(""), tmp_path), chosen)
    fit = Fitter(chosen, {})
    slides = laid.slides[1:]
    assert len(slides) > 1
    for placed in slides[:-1]:
        body = placed.slide.body
        area = fit.body_area(fit.sizes.title_fit(placed.slide.title), placed.slide)
        floor = fit.scales[floor_index(chosen, fit.scales)]
        assert fit.heights.stack_height(body, floor, area.w) > area.h / 3, placed.number
    codes = [f.code.text for p in slides for f in p.frames if isinstance(f, CodeFrame)]
    for code in codes[1:]:  # each part of the file opens on a section
        assert code.startswith("["), codes


@pytest.mark.parametrize("theme", ["default", "dark", "classroom"])
def test_no_part_opens_among_sub_items_without_their_item(theme: str) -> None:
    """Found looking for the arrangement whose emptiest slide holds the most: in the
    classroom theme, the third part of ``Baseline Guardrails for Every Workload Account``
    opened on its sub-items without the item (the part before had repeated it, and a part
    divided again under a repeated item did not repeat it once more)."""
    chosen = load_theme(theme)
    for path in ALL:
        laid, _ = lay_out(Job(path, str(path), path.with_suffix(""), path.parent), chosen)
        for _, parts in split_pages(laid):
            for placed in parts[1:]:
                body = [b for b in placed.slide.body if not isinstance(b, Subheading)]
                if body and isinstance(body[0], Bullet) and body[0].level > 0:
                    raise AssertionError((path.name, placed.number, plain_text(body[0].runs)))


STEPS_WITH_OUTPUTS = """---
title: 'Hands-on Lab: Stacks and Plans, Step by Step'
section: 20
lesson: 6
---

#### Step 4: Update with a Change Set

1. Add a lifecycle rule to the bucket's `Properties` in `lab-stack.yaml`:

   ```yaml
         LifecycleConfiguration:
           Rules:
             - Id: ExpireOldVersions
               Status: Enabled
               NoncurrentVersionExpiration:
                 NoncurrentDays: 30
   ```

2. Create a change set and review it before you run it:

   ```bash
   aws cloudformation create-change-set --stack-name lab-stack --change-set-name add-lifecycle \\
       --template-body file://stack.yaml --parameters ParameterKey=Env,UsePreviousValue=true
   aws cloudformation describe-change-set --stack-name lab-stack --change-set-name add-lifecycle \\
       --query 'Changes[].ResourceChange.[Action,LogicalResourceId,Replacement]' --output text
   ```

   Expected output:

   ```text
   Modify	ReportsBucket	False
   ```

   > **Warning:** If **Replacement** is `True`, CloudFormation deletes the bucket and
   > creates a new one, and the bucket's objects are lost.

3. Run the change set:

   ```bash
   aws cloudformation execute-change-set --stack-name lab-stack --change-set-name add-lifecycle
   ```

<!-- pagebreak -->

#### Step 5: Plan and Apply

1. Initialise the working folder, which downloads the AWS provider into `.terraform/`:

   ```bash
   terraform init -upgrade
   ```

2. Write the plan to a file, so that what you apply is exactly what you reviewed:

   ```bash
   terraform plan -out tfplan -var "environment=dev" -var "vpc_cidr=10.20.0.0/16"
   ```

   The plan ends with:

   ```text
   Plan: 6 to add, 0 to change, 0 to destroy.

   Saved the plan to: tfplan
   ```

   > **Note:** A saved plan goes stale as soon as anyone changes the infrastructure;
   > plan again before you apply an old one.

3. Apply the saved plan:

   ```bash
   terraform apply tfplan
   ```

   You see:

   ```text
   Apply complete! Resources: 6 added, 0 changed, 0 destroyed.
   ```

4. Print the outputs: `terraform output -json | jq .`
"""


def test_a_steps_output_goes_on_with_the_words_that_present_it_and_under_its_step(
    tmp_path: Path,
) -> None:
    """A guide's step holds its command, ``Expected output:`` and the output, and a note. A
    part ended with ``Expected output:`` alone at its foot, the output on the next part; and
    what went on to the next part whole under a step (those words, a note) opened it without
    the step. The words now go on with what they present, and a part that starts among a
    step's content starts with the step, marked continued."""
    lesson = tmp_path / "hands-on-outputs.md"
    lesson.write_text(STEPS_WITH_OUTPUTS, encoding="utf-8")
    split = list(split_pages(laid_out(lesson)))
    assert len(split) == 2
    for _, parts in split:
        for placed in parts:
            last = placed.slide.body[-1]
            ends = isinstance(last, Paragraph) and plain_text(last.runs).endswith(":")
            assert not ends, f"{plain_text(placed.slide.title)} ends with {last}"
        for placed in parts[1:]:
            first = placed.slide.body[0]
            if isinstance(first, Paragraph | Code) and first.level:
                raise AssertionError(f"{plain_text(placed.slide.title)} opens without its step")
