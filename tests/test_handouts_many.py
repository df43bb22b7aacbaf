"""write: several handouts in one run: a file for each layout, with distinct, stable names that
the manifest and ``--prune`` know; and the outline handout's images, title and bullets."""

from __future__ import annotations

import json
import re
from hashlib import sha256
from itertools import combinations
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image as PilImage

from exporter.cli import main
from exporter.jobs import Job
from exporter.manifest import NAME
from exporter.model import plain_text
from exporter.options import FORMATS, NAMES, Options, UsageError, handouts, outputs_of
from exporter.paper import HANDOUTS, PAPERS
from exporter.pipeline import lay_out
from exporter.theme import load_theme
from exporter.writers.handout import (
    OUTLINE_IMAGE_GAP,
    OUTLINE_PORTRAIT_HEIGHT,
    PAGE_MARGIN,
    render_handout,
)
from exporter.writers.pdf import write_pdf
from tests.conftest import LESSONS, listed, page_count, page_text

LESSON = (
    "---\ntitle: Many Handouts\nsection: 1\nlesson: 2\n---\n\n"
    "### First Topic\n\n- **A**: b\n  - nested point\n\n<!-- notes: say hello -->\n\n"
    "<!-- pagebreak -->\n\n### Second Topic\n\nSome text.\n"
)


def names(formats: tuple[str, ...], layouts: tuple[str, ...]) -> list[str]:
    return [output.name for output in outputs_of(formats, layouts)]


def test_one_layout_keeps_the_handout_name() -> None:
    for layout in HANDOUTS:
        assert names(("pptx", "handout"), (layout,)) == ["pptx", "handout"]
    assert [o.extension for o in Options().outputs] == ["pptx", "handout.pdf", "answers.pdf"]


def test_several_layouts_each_have_a_name_of_their_own() -> None:
    assert names(("handout", "pdf"), ("3", "notes", "outline")) == [
        "handout-3",
        "notes",
        "outline",
        "pdf",
    ]


def test_a_layout_among_others_has_the_same_name_whatever_the_others_are() -> None:
    seen: dict[str, set[str]] = {}
    for count in (2, 3):
        for layouts in combinations(HANDOUTS, count):
            for output in outputs_of(("handout",), layouts):
                assert output.layout is not None
                seen.setdefault(output.layout, set()).add(output.name)
    assert all(len(found) == 1 for found in seen.values()), seen


def test_every_output_name_gives_a_file_of_its_own() -> None:
    every = outputs_of(tuple(FORMATS), tuple(HANDOUTS))
    extensions = [output.extension for output in every]
    assert len(set(extensions)) == len(extensions) == len(FORMATS) - 1 + len(HANDOUTS)
    assert "handout.pdf" not in extensions  # the one-layout name is not any layout's
    assert extensions.count("answers.pdf") == 1  # the answer key's, no layout's
    assert set(names(tuple(FORMATS), tuple(HANDOUTS))) < set(NAMES)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("3", ("3",)), (3, ("3",)), ("3,notes, outline", ("3", "notes", "outline"))],
)
def test_the_setting_takes_a_list_or_a_comma_separated_text(
    value: object, expected: tuple[str, ...]
) -> None:
    assert handouts(value) == expected
    assert handouts([value, "3"]) == expected  # each layout once


@pytest.mark.parametrize("value", ["5", "3,x", "", [], True, 3.0, ["3", None]])
def test_a_bad_layout_is_refused(value: object) -> None:
    with pytest.raises((ValueError, UsageError)):
        handouts(value)


def build(lesson: Path, out: Path, *flags: str) -> dict[str, object]:
    report = out.parent / "report.json"
    argv = ["build", str(lesson), "-o", str(out), "-q", "--report", str(report), *flags]
    assert main(argv) == 0
    result: dict[str, object] = json.loads(report.read_text(encoding="utf-8"))["lessons"][0]
    return result


def recorded(out: Path) -> list[str]:
    manifest = json.loads((out / NAME).read_text(encoding="utf-8"))
    return sorted(manifest["lessons"]["many"]["outputs"])


def test_several_layouts_write_a_file_each(tmp_path: Path) -> None:
    lesson = tmp_path / "many.md"
    lesson.write_text(LESSON, encoding="utf-8")
    out = tmp_path / "out"
    flags = ("--format", "handout,pdf", "--handout", "3,notes,outline", "--offline")
    result = build(lesson, out, *flags)
    files = ["many.handout-3.pdf", "many.notes.pdf", "many.outline.pdf", "many.pdf"]
    assert result["outputs"] == [str(out / name) for name in files]
    assert sorted(p.name for p in listed(out)) == files
    digests = {sha256((out / name).read_bytes()).hexdigest() for name in files}
    assert len(digests) == len(files)
    assert page_count(out / "many.notes.pdf") == 3  # a page per slide
    assert page_count(out / "many.handout-3.pdf") == 1
    assert "say hello" in page_text(out / "many.notes.pdf")
    assert "Second Topic" in page_text(out / "many.outline.pdf")
    assert recorded(out) == ["handout-3", "notes", "outline", "pdf"]
    assert build(lesson, out, *flags)["status"] == "skipped"


def test_the_configuration_asks_for_several_layouts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "many.md").write_text(LESSON, encoding="utf-8")
    (tmp_path / "lesson-export.toml").write_text(
        'handout = ["3", "notes"]\nformats = ["handout"]\noffline = true\n', encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["build", "many.md", "-o", "out", "-q"]) == 0
    assert sorted(p.name for p in listed(tmp_path / "out")) == [
        "many.handout-3.pdf",
        "many.notes.pdf",
    ]


def test_a_layout_added_keeps_the_others_and_prune_removes_every_one(tmp_path: Path) -> None:
    lesson = tmp_path / "course" / "many.md"
    lesson.parent.mkdir()
    lesson.write_text(LESSON, encoding="utf-8")
    out = tmp_path / "out"
    build(lesson.parent, out, "--format", "handout", "--handout", "notes", "--offline")
    alone = (out / "many.handout.pdf").read_bytes()
    build(lesson.parent, out, "--format", "handout", "--handout", "3,notes", "--offline")
    assert (out / "many.handout.pdf").read_bytes() == alone  # not overwritten by layout 3
    assert (out / "many.notes.pdf").read_bytes() == alone  # the same layout, the same bytes
    assert recorded(out) == ["handout", "handout-3", "notes"]
    flags = ("--format", "handout", "--handout", "notes", "--offline")
    assert build(lesson.parent, out, *flags)["status"] == "skipped"  # back again: as it was
    lesson.rename(lesson.with_name("other.md"))
    build(lesson.parent, out, *flags, "--prune")
    assert sorted(p.name for p in listed(out)) == ["other.handout.pdf"]


OUTLINED = (
    "---\ntitle: Outlined Lesson\nsection: 3\nlesson: 4\n---\n\n"
    "### Levels\n\n- top point\n  - second point\n    - third point\n\n1. first step\n\n"
    "<!-- pagebreak -->\n\n### A Picture\n\nSee it:\n\n![A wide red band](img/band.png)\n\n"
    "<!-- pagebreak -->\n\n### Gone\n\n![A lost picture](img/missing.png)\n"
)


def outline_of(tmp_path: Path) -> str:

    (tmp_path / "img").mkdir()
    PilImage.new("RGB", (400, 100), "red").save(tmp_path / "img" / "band.png")
    lesson = tmp_path / "outlined.md"
    lesson.write_text(OUTLINED, encoding="utf-8")
    laid, _ = lay_out(Job(lesson, lesson.name, tmp_path / "outlined", tmp_path), load_theme())
    return render_handout(laid, "outline").html


def test_the_outline_shows_images_as_wide_as_the_text(tmp_path: Path) -> None:
    html = outline_of(tmp_path)
    images = re.findall(
        r'<img src="[^"]+" alt="([^"]*)" style="width:([\d.]+)in;height:([\d.]+)in"', html
    )
    width = PAPERS["a4"].width - 2 * PAGE_MARGIN[0] - OUTLINE_IMAGE_GAP  # its margins
    assert [(alt, round(float(w), 3), round(float(h), 3)) for alt, w, h in images] == [
        ("A wide red band", round(width, 3), round(width / 4, 3))
    ]
    assert "[Image: A lost picture]" in html  # a picture that could not be had: its alt text
    assert "[Image: A wide red band]" not in html


PICTURED = (
    "---\ntitle: Pictured\n---\n\n### Consoles\n\n![First console](img/a.png)\n"
    "![Second console](img/b.png)\n\n<!-- pagebreak -->\n\n### Phones\n\n"
    "![One](img/t.png) ![Two](img/t.png) ![Three](img/t.png)\n\n<!-- pagebreak -->\n\n"
    "### An Icon\n\n![The EC2 icon](img/icon.png)\n\n<!-- pagebreak -->\n\n### Prices\n\n"
    "| Instance | Price per hour |\n| :--- | ---: |\n"
    "| t3.micro | 0.0104 |\n| m5.24xlarge | 4.6080 |\n"
)


def test_the_outline_sets_pictures_written_together_on_shared_lines(tmp_path: Path) -> None:
    """Two screenshots side by side and three phone screens on one line, not each as wide
    as the text on a line of its own (a lesson of pictures took four times the pages); a
    64-pixel icon no larger than 48 pixels an inch allows; a right-aligned column's numbers
    at its right."""
    (tmp_path / "img").mkdir()
    for name, size in {
        "a": (1600, 900),
        "b": (1600, 900),
        "t": (500, 1000),
        "icon": (64, 64),
    }.items():
        PilImage.new("RGB", size, "teal").save(tmp_path / "img" / f"{name}.png")
    lesson = tmp_path / "pictured.md"
    lesson.write_text(PICTURED, encoding="utf-8")
    laid, _ = lay_out(Job(lesson, lesson.name, tmp_path / "pictured", tmp_path), load_theme())
    pdf = tmp_path / "pictured.pdf"
    pdf.write_bytes(write_pdf(render_handout(laid, "outline")))
    with pdfplumber.open(pdf) as document:
        images = [image for page in document.pages for image in page.images]
        words = [word for page in document.pages for word in page.extract_words()]
    tops = [round(float(image["top"])) for image in images]
    assert len(images) == 6 and len(set(tops[:2])) == 1 and len(set(tops[2:5])) == 1, tops
    icon = images[5]
    assert float(icon["width"]) / 72 == pytest.approx(64 / 48, abs=0.01)
    said = {word["text"]: word for word in words}
    ends = [float(said[text]["x1"]) for text in ("hour", "0.0104", "4.6080")]
    assert max(ends) - min(ends) < 1  # the column's right edge, its heading's too
    assert float(said["0.0104"]["x0"]) > float(said["Price"]["x0"]) + 20  # not at its left


def test_the_outline_marks_each_level_as_the_deck_does(tmp_path: Path) -> None:

    chars = load_theme().bullets.chars
    html = outline_of(tmp_path)
    marks = re.findall(r'<span class="mark">([^<]*)</span>', html)
    assert marks == [chars[0], chars[1], chars[2], "1."]


def test_the_outline_prints_the_title_once(tmp_path: Path) -> None:
    lesson = tmp_path / "many.md"
    lesson.write_text(LESSON, encoding="utf-8")
    out = tmp_path / "out"
    build(lesson, out, "--format", "handout", "--handout", "outline", "--offline")
    first = page_text(out / "many.handout.pdf", 1)
    assert first.count("Many Handouts") == 1
    assert first.count("Section 1 · Lesson 2") == 1


SPLIT_TOPIC = """---
title: Split topic
---

### Part One

A first paragraph.

<!-- pagebreak -->

### Part Two

What the second part is about.

<!-- pagebreak -->

![A wide red band](img/band.png)

<!-- pagebreak -->

#### First subtopic

A paragraph.

<!-- pagebreak -->

#### Second subtopic

Another paragraph.

<!-- pagebreak -->

#### Third subtopic

A third paragraph.
"""
"""A topic's page, a page of only a picture, then three pages under the topic (the deck
titles them "Part Two (continued)", "(continued 2)", "(continued 3)")."""


def outline_headings(html: str) -> list[tuple[str, str]]:
    """Return an outline's headings under its title: each one's level and text."""
    return re.findall(r"<h([2-6])[^>]*>(.*?)</h\1>", html)


def test_the_outline_heads_a_topic_once_and_captions_a_picture_titled_by_it(
    tmp_path: Path,
) -> None:
    (tmp_path / "img").mkdir()
    PilImage.new("RGB", (400, 100), "red").save(tmp_path / "img" / "band.png")
    lesson = tmp_path / "split.md"
    lesson.write_text(SPLIT_TOPIC, encoding="utf-8")
    laid, _ = lay_out(Job(lesson, lesson.name, tmp_path / "split", tmp_path), load_theme())
    titles = [plain_text(placed.slide.title) for placed in laid.slides]
    assert "Part Two (continued 3)" in titles and "A wide red band" in titles
    html = render_handout(laid, "outline").html
    assert outline_headings(html) == [
        ("2", "Part One"),
        ("2", "Part Two"),
        ("3", "First subtopic"),
        ("3", "Second subtopic"),
        ("3", "Third subtopic"),
    ]
    picture = html.index('alt="A wide red band"')
    caption = html.index('<p class="figure muted">A wide red band</p>')
    assert picture < caption < html.index("First subtopic")


def test_the_outline_heads_a_comparison_under_the_subheading_before_it() -> None:
    """The seed's "For RDS" and "For S3" each head their two columns, in the text and so in
    the bookmarks, rather than standing beside them."""
    lesson = LESSONS / "section-14" / "lesson-1.md"
    laid, _ = lay_out(Job(lesson, lesson.name, lesson.with_suffix(""), LESSONS), load_theme())
    headings = outline_headings(render_handout(laid, "outline").html)
    start = headings.index(("3", "For RDS"))
    columns = [("4", '<span class="b">AWS Responsibilities</span>')]
    columns += [("4", '<span class="b">Customer Responsibilities</span>')]
    assert headings[start:] == [("3", "For RDS"), *columns, ("3", "For S3"), *columns]


@pytest.mark.parametrize("filler", range(0, 12, 2))
def test_the_teachers_outline_keeps_each_question_on_one_page(tmp_path: Path, filler: int) -> None:
    """A question's heading, prompt, options and explanations go to the next page together
    rather than leaving the heading and prompt at the foot of one page: with a page of
    ``filler`` paragraphs before the questions, each falls at another place on the page."""
    quiz = Path(__file__).parent / "fixtures" / "quizzes" / "screen-ten.md"
    text = quiz.read_text(encoding="utf-8")
    front, body = text.split("\n## Question ", 1)
    before = "\n\n".join(["A paragraph that stands before the quiz's questions."] * filler)
    lesson = tmp_path / "quiz.md"
    page = f"## Before the questions\n\n{before}\n\n<!-- pagebreak -->\n\n" if filler else ""
    lesson.write_text(f"{front}\n{page}## Question {body}", encoding="utf-8")
    asked = body.split("## Question ")
    options = [re.findall(r"^- (?:[A-Z]\)|\[[ x]\])", part, re.MULTILINE) for part in asked]
    last = [chr(ord("A") + len(found) - 1) for found in options]  # lettered or task boxes
    laid, _ = lay_out(Job(lesson, lesson.name, tmp_path / "quiz", tmp_path), load_theme())
    pdf = tmp_path / "outline.pdf"
    pdf.write_bytes(write_pdf(render_handout(laid, "outline")))
    pages = [page_text(pdf, number) for number in range(1, page_count(pdf) + 1)]
    assert len(pages) > 1  # ten questions with their explanations: more than a page
    for number, letter in enumerate(last, 1):
        heading = f"Question {number} \u2013 Answer"
        [shown] = [text for text in pages if heading in text]
        after = shown.split(heading, 1)[1].split(f"Question {number + 1} \u2013", 1)[0]
        assert f"{letter})" in after, (heading, after[-200:])  # its last option with it


def outline_pdf(folder: Path, text: str) -> Path:
    """Return the outline handout (a PDF in ``folder``) of a lesson written as ``text``."""
    lesson = folder / "lesson.md"
    lesson.write_text(text, encoding="utf-8")
    laid, _ = lay_out(Job(lesson, lesson.name, folder / "lesson", folder), load_theme())
    pdf = folder / "outline.pdf"
    pdf.write_bytes(write_pdf(render_handout(laid, "outline")))
    return pdf


@pytest.mark.parametrize("filler", range(30, 46, 3))
def test_the_outline_keeps_a_line_ending_in_a_colon_with_what_it_introduces(
    tmp_path: Path, filler: int
) -> None:
    """'You can do the same from the AWS CLI:' never ends a page whose next holds the
    command: with ``filler`` paragraphs before it, it falls at another place on the page."""
    before = "\n\n".join(f"Paragraph {n} before the command, one line long." for n in range(filler))
    text = (
        f"---\ntitle: Colons\n---\n\n### The Console\n\n{before}\n\n"
        "You can do the same from the AWS CLI:\n\n```bash\naws s3 mb s3://colon-bucket\n```\n"
    )
    pdf = outline_pdf(tmp_path, text)
    pages = [page_text(pdf, number) for number in range(1, page_count(pdf) + 1)]
    [lead] = [page for page in pages if "from the AWS CLI:" in page]
    assert "aws s3 mb" in lead


@pytest.mark.parametrize("filler", range(18, 34, 3))
def test_the_outline_keeps_a_step_ending_in_a_colon_with_its_picture(
    tmp_path: Path, filler: int
) -> None:
    """A lab's step ``11. ... enter two consecutive codes:`` and the phone's screen under it
    share a page wherever the step falls on it (``filler`` lines before it), and the picture
    takes no more than ``OUTLINE_PORTRAIT_HEIGHT`` of the page."""
    PilImage.new("RGB", (300, 600), "teal").save(tmp_path / "phone.png")
    before = "\n\n".join(f"Paragraph {n} before the steps, one line long." for n in range(filler))
    text = (
        f"---\ntitle: Steps\n---\n\n### Enable MFA\n\n{before}\n\n"
        "10. Open **Security credentials**.\n"
        "11. Choose **Authenticator app** and enter two consecutive codes:\n\n"
        "    ![The MFA screen](phone.png)\n\n"
        "12. Sign out and sign back in.\n"
    )
    pdf = outline_pdf(tmp_path, text)
    with pdfplumber.open(pdf) as opened:
        [(step, page)] = [
            (number, page)
            for number, page in enumerate(opened.pages, 1)
            if "consecutive codes:" in (page.extract_text() or "")
        ]
        [picture] = [
            (number, image) for number, p in enumerate(opened.pages, 1) for image in p.images
        ]
        assert picture[0] == step
        assert picture[1]["height"] <= OUTLINE_PORTRAIT_HEIGHT * float(page.height) + 1


WIDE_TABLES = Path(__file__).parent / "fixtures" / "tables" / "wide-tables.md"


def test_the_outline_keeps_a_wide_table_inside_the_page_and_every_number_whole(
    tmp_path: Path,
) -> None:
    """An 8- or 9-column table ran past the page's right edge, its last columns lost; a cell
    of one number ('1 204.5') wrapped after its first digit. Now a table too wide for the page
    goes on as tables of its first column and some of the others (as on the slides), long
    inline code breaks anywhere, and a number stays on one line."""
    pdf = outline_pdf(tmp_path, WIDE_TABLES.read_text(encoding="utf-8"))
    with pdfplumber.open(pdf) as opened:
        words = [
            (word, page.width)
            for page in opened.pages
            for word in page.extract_words(keep_blank_chars=True, x_tolerance=1.5)
        ]
        lines = [line for page in opened.pages for line in (page.extract_text() or "").split("\n")]
    right = max(word["x1"] / width for word, width in words)
    assert right < 0.95, right  # the page's margin
    text = "\n".join(lines)
    for heading in ("Alternative", "Common pitfall", "Owner team", "Notes", "Namespace"):
        assert heading in text, heading
    for cell in ("df.interpolate()", "Boolean indexing", "Scales with the queue length"):
        assert cell in text.replace("\n", " "), cell
    for number in ("1 204.5", "3 069.9", "1 466.1"):
        assert any(number in line for line in lines), number


@pytest.mark.parametrize("filler", [29, 30, 31, 32, 33, 72, 73, 74])
def test_the_outline_keeps_a_wrapped_line_of_code_on_one_page(tmp_path: Path, filler: int) -> None:
    """A Dockerfile's long HEALTHCHECK line, wrapped in two, was cut between two pages: its
    end opened the next page though the box had room. Each line of code now stays whole on
    a page, the line before it and after it going on as the page allows."""
    before = "\n\n".join(f"Paragraph {n} before the code, one line long." for n in range(filler))
    words = " ".join(f"--option-{n}=value" for n in range(12))
    code = "\n".join(f"RUN step {n}" for n in range(6))
    text = (
        f"---\ntitle: Lines\n---\n\n### Build\n\n{before}\n\n"
        f"```dockerfile\n{code}\nHEALTHCHECK startmark {words} endmark\n{code}\n```\n"
    )
    pdf = outline_pdf(tmp_path, text)
    pages = [page_text(pdf, number) for number in range(1, page_count(pdf) + 1)]
    starts = [n for n, page in enumerate(pages) if "startmark" in page]
    ends = [n for n, page in enumerate(pages) if "endmark" in page]
    assert starts == ends and len(starts) == 1, (starts, ends)


def test_the_outline_nests_a_subheading_under_the_one_it_goes_under(tmp_path: Path) -> None:
    """Reviewed: ``#####`` headings were printed and bookmarked as siblings of the ``####``
    they go under ("Load Balancer Health Checks" beside "Health Checks"): a page's deeper
    subheadings are a level down in the outline, bookmarks included."""
    lesson = tmp_path / "levels.md"
    lesson.write_text(
        "---\ntitle: Levels\n---\n\n### Designing for Failure\n\n#### Health Checks\n\n"
        "##### Load Balancer Health Checks\n\nEvery 30 seconds.\n\n"
        "##### Route 53 Health Checks\n\nFrom several places.\n\n"
        "#### Multi-AZ Deployments\n\nTwo zones.\n",
        encoding="utf-8",
    )
    laid, _ = lay_out(Job(lesson, lesson.name, tmp_path / "levels", tmp_path), load_theme())
    headings = outline_headings(render_handout(laid, "outline").html)
    levels = {text: int(level) for level, text in headings}
    assert levels["Load Balancer Health Checks"] == levels["Health Checks"] + 1
    assert levels["Route 53 Health Checks"] == levels["Health Checks"] + 1
    assert levels["Multi-AZ Deployments"] == levels["Health Checks"]


@pytest.mark.parametrize("indent", [4, 9, 13, 20])
def test_the_outline_wraps_an_indented_line_of_code_inside_its_text_under_its_first_character(
    tmp_path: Path, indent: int
) -> None:
    """Reviewed: a ``systemctl status`` line indented 13 spaces, too long for the page,
    wrapped right after its indentation: a blank line, then the line at the left edge, out
    of line with the lines of the process tree under it. It now wraps inside its text, its
    second line under its first character."""
    long = '├─2114 "nginx: master process /usr/sbin/nginx -g daemon on; master_process on; user x;"'
    pad = " " * indent
    code = f"CGroup: /system.slice/nginx.service\n{pad}{long}\n{pad}└─2116 worker"
    text = f"---\ntitle: Status\n---\n\n### Expected Output\n\n```text\n{code}\n```\n"
    pdf = outline_pdf(tmp_path, text)
    with pdfplumber.open(pdf) as opened:
        words = opened.pages[0].extract_words(keep_blank_chars=False)
        chars = "".join(c["text"] for c in opened.pages[0].chars)
    assert "├─2114" in chars and "\u2060" not in chars  # the joiner is not in the text
    group = next(w for w in words if w["text"].startswith("CGroup"))
    tree = next(w for w in words if w["text"].startswith("├─2114"))
    last = next(w for w in words if w["text"].startswith("└─2116"))
    rows = sorted({round(w["top"], 1) for w in words if group["top"] <= w["top"] <= last["top"]})
    pitch = rows[1] - rows[0]
    assert tree["top"] - group["top"] < 1.5 * pitch  # no blank line after the indentation
    assert len(rows) == 4  # the long line in two
    second = min((w for w in words if round(w["top"], 1) == rows[2]), key=lambda w: w["x0"])
    assert abs(second["x0"] - tree["x0"]) < 1.0 and abs(last["x0"] - tree["x0"]) < 1.0


def test_an_outline_alone_is_not_warned_about_how_text_sits_on_slides(tmp_path: Path) -> None:
    """Reviewed: an outline handout built alone warned "slide 5: a line of code ... is wider
    than its box at 14 pt": no slide is drawn, and the outline wraps the line on its page.
    The warnings about slides come with the outputs that draw them."""
    line = "ExecStartPre=/usr/sbin/nginx -t -q -g 'daemon on; master_process on;' " * 3
    lesson = tmp_path / "wide.md"
    lesson.write_text(f"---\ntitle: Wide\n---\n\n### Start\n\n```ini\n{line}\n```\n", "utf-8")
    warned = {}
    for layout in ("outline", "3"):
        report = tmp_path / f"{layout}.json"
        flags = ["--format", "handout", "--handout", layout, "--report", str(report)]
        assert main(["build", str(lesson), "-o", str(tmp_path / layout), "-q", *flags]) == 0
        [found] = json.loads(report.read_text())["lessons"]
        warned[layout] = [d["code"] for d in found["diagnostics"]]
    assert warned == {"outline": [], "3": ["overflow"]}, warned


def test_an_indented_line_of_code_whose_word_outgrows_the_page_stays_in_its_box(
    tmp_path: Path,
) -> None:
    """Found comparing old and new outlines: held to its indentation, a continued command's
    ``  TagSet=...WithTheCLI``, one word longer than the page is wide, ran 25 pt past its
    box instead of breaking. A first word too long for its line is not held."""
    word = (
        "TagSet=Key=course,Value=$COURSE,Key=guide,Value=HostingAStaticWebsiteOnAmazonS3WithTheCLI"
    )
    code = f'aws s3api put-bucket-tagging --bucket "$BUCKET" --tagging \\\n  {word}'
    text = f"---\ntitle: Tags\n---\n\n### Tag the bucket\n\n```bash\n{code}\n```\n"
    pdf = outline_pdf(tmp_path, text)
    with pdfplumber.open(pdf) as opened:
        page = opened.pages[0]
        boxes = [r for r in page.rects if r["width"] > page.width / 2]
        chars = [c for c in page.chars if c["fontname"].endswith("Mono") or "Mono" in c["fontname"]]
    assert boxes and chars
    right = max(box["x1"] for box in boxes)
    assert max(c["x1"] for c in chars) <= right + 0.5


RUNNER = """---
title: 'Hands-on: Setting Up a Self-Hosted GitLab Runner'
section: Section-4
lesson: 2
---

### Setting Up a Runner

#### Step by Step

1. Create a virtual machine with 2 CPUs and 4 GB of memory.
2. Open an SSH session to it.
3. Update the packages with `sudo apt-get update && sudo apt-get upgrade -y`.
4. Add the GitLab package repository.
5. Install the runner with `sudo apt-get install gitlab-runner`.
6. Open **Settings → CI/CD → Runners** in your project.
7. Copy the registration token.
8. Run `sudo gitlab-runner register`.
9. Answer the questions:
   - the GitLab address, `https://gitlab.example.com/`;
   - the executor, `docker`.

   The runner writes its configuration to `/etc/gitlab-runner/config.toml`.
10. Start the runner with `sudo gitlab-runner start`.
11. Check that it shows as online in the project's settings.
12. Push a commit and watch the pipeline run.
"""


def test_the_outline_leaves_room_after_a_step_numbered_10_or_more(tmp_path: Path) -> None:
    """Reviewed: a lab of twelve steps printed '10.Start the runner', '11.Check that...': the
    numbers from 10 are wider than the room kept for a mark and touched their text. The
    outline now keeps room for the widest number, as the slides do, and every step's text
    starts at one edge, the paragraph under step 9 too."""
    pdf = outline_pdf(tmp_path, RUNNER)
    with pdfplumber.open(pdf) as opened:
        words = opened.pages[0].extract_words(x_tolerance=1.5)
    said = {word["text"]: word for word in words}
    assert "10." in said and "12." in said, [w["text"] for w in words if "Start" in w["text"]]
    texts = [said[text] for text in ("Create", "Answer", "Start", "Check", "Push")]
    assert max(w["x0"] for w in texts) - min(w["x0"] for w in texts) < 0.5
    for number in ("10.", "11.", "12."):
        assert said[number]["x1"] + 2 < said["Start"]["x0"]  # a space at least
    assert abs(said["The"]["x0"] - said["Start"]["x0"]) < 0.5  # inside step 9, at its text


INGRESS = """---
title: 'Kubernetes Networking: Services and Ingress'
section: Section-1
lesson: 1
---

### Setting Up an Ingress

1. Install the controller:

   ```bash
   helm install ingress-nginx ingress-nginx/ingress-nginx --namespace ingress
   ```

2. Check the controller's pods:
   - Wait until every pod is `Running`:

     ```bash
     kubectl get pods -n ingress --watch
     ```

3. Open the address the controller prints.
"""


def test_the_outline_sets_code_inside_a_step_under_the_steps_text(tmp_path: Path) -> None:
    """Reviewed: in a lab's outline the command of '1. Install the controller:' stood at the
    page's left edge, out of the list, where the slide sets it under the step's text. Code
    inside a list item now starts under its item's text, its box too, at every level."""
    pdf = outline_pdf(tmp_path, INGRESS)
    with pdfplumber.open(pdf) as opened:
        page = opened.pages[0]
        words = {word["text"]: word for word in page.extract_words(x_tolerance=1.5)}
        boxes = sorted(
            (r for r in page.rects if r["height"] > 10 and r["width"] > 100),
            key=lambda r: float(r["top"]),
        )
    assert len(boxes) == 2, boxes
    install, wait = words["Install"], words["Wait"]
    assert abs(boxes[0]["x0"] - install["x0"]) < 0.5
    assert abs(boxes[1]["x0"] - wait["x0"]) < 0.5
    assert words["helm"]["x0"] < words["kubectl"]["x0"]
    right = page.width - PAGE_MARGIN[0] * 72
    assert all(box["x1"] <= right + 0.5 for box in boxes)  # inside the page's margin


@pytest.mark.parametrize("ending", [":", "."])
@pytest.mark.parametrize("filler", [19, 25, 31])
def test_the_outline_lets_a_one_line_command_end_a_page(
    tmp_path: Path, filler: int, ending: str
) -> None:
    """Reviewed: in a lab's outline, '1. Check the controller's pods:' and its one-line
    command went over to the next page with '2. Look at the diagram:' and its picture,
    leaving a third of the page or more empty: the rule keeping two lines of a block
    together held a block of one line to what follows it. The step and its command now end
    the page they fit on (still together, whether the step ends in a colon or a full stop),
    the next step going on with its picture."""
    PilImage.new("RGB", (1200, 600), "teal").save(tmp_path / "diagram.png")
    before = "\n\n".join(f"Paragraph {n} before the steps, one line long." for n in range(filler))
    text = (
        f"---\ntitle: Ingress Lab\n---\n\n### Ingress\n\n{before}\n\n"
        f"1. Check the controller's pods{ending}\n\n"
        "   ```bash\n   kubectl get pods -n ingress\n   ```\n\n"
        "2. Look at the diagram:\n\n   ![The diagram](diagram.png)\n"
    )
    pdf = outline_pdf(tmp_path, text)
    pages = [page_text(pdf, number) for number in range(1, page_count(pdf) + 1)]
    assert len(pages) == 2
    assert f"controller's pods{ending}" in pages[0] and "kubectl get pods" in pages[0]
    assert "Look at the diagram:" in pages[1]


def test_the_outline_keeps_a_one_line_command_with_the_text_before_it(tmp_path: Path) -> None:
    """Reviewed: letting a one-line command end a page also let it leave the step before it
    ('1. Check the controller's pods.' the last line of a page, its command the first of the
    next). Wherever the page ends (more and more paragraphs before the step), the step and
    its command are on one page, and for some the page ends before the step."""
    PilImage.new("RGB", (1200, 600), "teal").save(tmp_path / "diagram.png")
    pages_of_step = []
    for filler in range(30, 46):
        before = "\n\n".join(
            f"Paragraph {n} before the steps, one line long." for n in range(filler)
        )
        text = (
            f"---\ntitle: Ingress Lab\n---\n\n### Ingress\n\n{before}\n\n"
            "1. Check the controller's pods.\n\n"
            "   ```bash\n   kubectl get pods -n ingress\n   ```\n\n"
            "2. Look at the diagram:\n\n   ![The diagram](diagram.png)\n"
        )
        folder = tmp_path / str(filler)
        folder.mkdir()
        (folder / "diagram.png").write_bytes((tmp_path / "diagram.png").read_bytes())
        pdf = outline_pdf(folder, text)
        pages = [page_text(pdf, number) for number in range(1, page_count(pdf) + 1)]
        step = next(i for i, page in enumerate(pages) if "controller's pods." in page)
        assert "kubectl get pods" in pages[step], (filler, pages)
        pages_of_step.append(step)
    assert 0 in pages_of_step and 1 in pages_of_step


def test_the_outline_prints_a_table_inside_a_step_as_a_table(tmp_path: Path) -> None:
    """Reviewed: '4. Compare the ports:' and the table under it printed as a line of pipes
    and dashes ('| Port | Protocol | Use | ... | --- | --- |'), in the outline as on the
    slide. It prints as a table: a cell a word, no pipe left."""
    text = (
        "---\ntitle: Ports\n---\n\n### Opening the Firewall\n\n4. Compare the ports:\n\n"
        "   | Port | Protocol | Use | Open to | Notes |\n   | --- | --- | --- | --- | --- |\n"
        "   | 80 | TCP | HTTP | Everyone | Redirects to 443 |\n"
        "   | 443 | TCP | HTTPS | Everyone | TLS ends here |\n\n5. Done.\n"
    )
    pdf = outline_pdf(tmp_path, text)
    with pdfplumber.open(pdf) as opened:
        page = opened.pages[0]
        rows = page.extract_table()
        chars = "".join(c["text"] for c in page.chars)
    assert rows is not None and rows[0] == ["Port", "Protocol", "Use", "Open to", "Notes"]
    assert ["443", "TCP", "HTTPS", "Everyone", "TLS ends here"] in rows
    assert "|" not in chars and "---" not in chars
