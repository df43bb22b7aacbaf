"""The whole pipeline on generated lessons: no internal error, every output opens, and each lesson
within the time and memory limits, as a worker of the real command exports it.

Lessons are put together from the Markdown a lesson is made of (front matter with YAML's
surprises, headings, paragraphs, nested lists with bold lead-ins, tables, code, comments and
directives, images that are not there, page breaks) and words that test the edges (entities,
raw HTML, right-to-left scripts, emoji, bidirectional controls, invisible and line-separator
characters, a control character). Sizes are bounded so that an example takes about a second.
``LESSON_EXPORT_EXAMPLES=500`` runs more examples than CI's 15.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pptx import Presentation

from exporter.batch import export_all
from exporter.jobs import Job, Result
from exporter.options import Options
from exporter.pipeline import export_lesson
from exporter.theme import Theme, load_theme

EXAMPLES = int(os.environ.get("LESSON_EXPORT_EXAMPLES", "15"))
LIMITS = Options(formats=("pptx", "pdf"), jobs=1, timeout=60.0, memory_limit=1024)
"""Generous bounds: a generated lesson takes about a second and 200 MB."""
STOPPED = {"internal", "timeout", "memory"}

WORDS = (
    "AWS",
    "encryption",
    "the",
    "customer's",
    "responsibility",
    "naïve",
    "Zürich",
    "日本語",
    "עברית",
    "مرحبا",
    "👩\u200d💻",
    "&amp;",
    "&lt;b&gt;",
    "<b>raw</b>",
    "`inline code`",
    "**bold**",
    "*italic*",
    "~~gone~~",
    "[a link](https://example.com/a)",
    "<https://example.com>",
    "[bad](javascript:alert(1))",
    "a\\",
    "|",
    "x" * 70,
    "Evil\u202eTitle",
    "\u2067isolated",
    "exa\u200bmple.com",
    "line\u2028separated",
    "para\u2029graph",
    "next\x85line",
    "non\uffffchar",
    "ctrl\x01char",
    "tab\there",
    "1.10",
)
SCALARS = (
    "1.10",
    "010",
    "1:20",
    "yes",
    "~",
    "2024-02-30",
    "'quoted: x'",
    "[a, b]",
    "{a: 1}",
    "Ünï",
)

words = st.lists(st.sampled_from(WORDS) | st.text(max_size=12), min_size=1, max_size=10).map(
    " ".join
)


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    keys = draw(
        st.lists(st.sampled_from(("title", "section", "lesson", "lang", "date")), max_size=6)
    )
    if not keys and draw(st.booleans()):
        return ""
    lines = [f"{key}: {draw(st.sampled_from(SCALARS))}" for key in keys]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


@st.composite
def bullets(draw: st.DrawFn) -> str:
    items = []
    for _ in range(draw(st.integers(1, 6))):
        level = draw(st.integers(0, 3))
        marker = draw(st.sampled_from(("-", "*", "1.")))
        lead = "**" + draw(words)[:30] + "**: " if draw(st.booleans()) else ""
        items.append("  " * level + f"{marker} {lead}{draw(words)}")
    return "\n".join(items)


@st.composite
def table(draw: st.DrawFn) -> str:
    columns = draw(st.integers(1, 4))
    rows = [[draw(words).replace("|", "/")[:40] for _ in range(columns)]]
    rows += [
        [draw(words).replace("|", "/")[:40] for _ in range(columns)]
        for _ in range(draw(st.integers(0, 4)))
    ]
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join([lines[0], "|" + " --- |" * columns, *lines[1:]])


@st.composite
def code(draw: st.DrawFn) -> str:
    language = draw(st.sampled_from(("", "bash", "json", "python")))
    lines = draw(st.lists(words, max_size=6))
    return f"```{language}\n" + "\n".join(lines) + "\n```"


def heading(text: str, level: int) -> str:
    return "#" * level + " " + text


BLOCKS = st.one_of(
    st.builds(heading, words, st.integers(1, 6)),
    words,
    bullets(),
    table(),
    code(),
    st.sampled_from(
        (
            "<!-- notes: Say this. -->",
            "<!-- layout: two-column -->",
            "<!-- layout: single -->",
            "<!-- column -->",
            "<!-- pagebrake -->",
            "<!-- TODO: unclosed",
            "---",
            "![a diagram](images/missing.png)",
            "![](/assets/none.png)",
            "- **AWS Responsibilities**:\n  - Hardware.\n"
            "- **Customer Responsibilities**:\n  - Code.",
        )
    ),
)
pages = st.lists(st.lists(BLOCKS, min_size=1, max_size=5).map("\n\n".join), min_size=1, max_size=5)
lessons = st.builds(
    lambda front, body: front + "\n\n<!-- pagebreak -->\n\n".join(body), front_matter(), pages
)


@pytest.fixture(scope="module")
def theme() -> Theme:
    """The theme, and the caches an export warms (fonts measured, the PDF writer's), warmed in
    this process so that the workers forked for each example start warm."""
    theme = load_theme("default")
    with tempfile.TemporaryDirectory() as folder:
        lesson = Path(folder) / "warm.md"
        lesson.write_text("---\ntitle: Warm\n---\n\n### Up\n\n- a\n", encoding="utf-8")
        export_lesson(Job(lesson, "warm.md", Path(folder) / "warm", Path(folder)), LIMITS, theme)
    return theme


def exported(text: str, folder: Path, theme: Theme) -> tuple[Result, Job]:
    """Export ``text`` as the command does: on a worker, within the time and memory limits."""
    lesson = folder / "lesson.md"
    lesson.write_text(text, encoding="utf-8")
    job = Job(lesson, "lesson.md", folder / "out" / "lesson", folder)
    [result] = export_all([job], replace(LIMITS, output=folder / "out"), theme, lambda _: None)
    return result, job


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=lessons)
def test_any_lesson_exports_or_fails_cleanly(theme: Theme, text: str) -> None:
    with tempfile.TemporaryDirectory(prefix="lesson-property-") as folder:
        result, job = exported(text, Path(folder), theme)
        stopped = [d.format() for d in result.diagnostics if d.code in STOPPED]
        assert not stopped, stopped
        if result.status == "failed":
            assert result.outputs == () and not job.output("pptx").exists()
            return
        assert result.status == "exported"
        deck = Presentation(str(job.output("pptx")))
        assert len(deck.slides) == len(result.slides)
        pdf = job.output("pdf").read_bytes()
        assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
