"""course: the index page (``--format index``) lists every lesson in the course's order with
links to its files, its slide count, its status and its warnings, and a picture of its title
slide made with the lesson (only when it is exported, pruned with it); a build that changes
nothing writes the same page. The page read back here as HTML; opened in a real browser by
test_course_index_browser.py."""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from PIL import Image

from exporter.cli import main
from exporter.course.index import section_heading
from exporter.course.page import contrast, readable

LESSON = "---\ntitle: {title}\nsection: {section}\nlesson: {lesson}\n---\n\n### Hello\n\n- a\n"
MISSING = "\n<!-- pagebreak -->\n\n### A picture\n\n![A chart](img/chart.png)\n"


class Page(HTMLParser):
    """What the index page holds: its headings in order, its links, its pictures, its text."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.headings: list[tuple[str, str]] = []
        self.links: list[str] = []
        self.images: list[dict[str, str | None]] = []
        self.tags: list[str] = []
        self.text = ""
        self.open: str | None = None
        self.lang: str | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        found = dict(attrs)
        if tag == "html":
            self.lang = found.get("lang")
        if tag in ("h1", "h2", "h3"):
            self.open = tag
            self.headings.append((tag, ""))
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))
        if tag == "img":
            self.images.append(found)

    def handle_endtag(self, tag: str) -> None:
        if tag == self.open:
            self.open = None

    def handle_data(self, data: str) -> None:
        self.text += data
        if self.open:
            tag, text = self.headings[-1]
            self.headings[-1] = (tag, text + data)


def write_course(root: Path) -> Path:
    """Write a course of two sections (numbered 10 and 2, so that 2 goes first), a lesson
    with a missing picture (a warning) and a lesson that cannot be read (a failure)."""
    lessons = {
        "s10/one.md": LESSON.format(title="Ten one", section="Section-10", lesson=1),
        "s2/two.md": LESSON.format(title="Two two", section="Section-2", lesson=2),
        "s2/one one.md": LESSON.format(title="Two <one>", section="Section-2", lesson=1) + MISSING,
    }
    for name, text in lessons.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    (root / "s2" / "broken.md").write_bytes(b"---\ntitle: x\n---\n\n\xff\xfe not UTF-8\n")
    return root


def build(root: Path, out: Path, *flags: str, code: int = 1) -> dict[str, str]:
    """Build ``root`` into ``out`` (pptx, handout and index); return each lesson's status by
    the JSON report."""
    report = out.parent / "report.json"
    formats = ("--format", "pptx,handout,index")
    command = ["build", str(root), "-o", str(out), "-q", "--report", str(report), *formats]
    assert main([*command, *flags]) == code
    lessons = json.loads(report.read_text(encoding="utf-8"))["lessons"]
    return {lesson["source"]: lesson["status"] for lesson in lessons}


@pytest.fixture
def course(tmp_path: Path) -> Path:
    return write_course(tmp_path / "course")


def test_the_page_lists_the_sections_and_lessons_in_the_course_order(
    tmp_path: Path, course: Path
) -> None:
    out = tmp_path / "out"
    build(course, out, "--course-title", "Cloud <basics>")
    page = Page((out / "index.html").read_text(encoding="utf-8"))
    assert page.headings == [
        ("h1", "Cloud <basics>"),
        ("h2", "Section 2"),
        ("h3", "Two <one>"),
        ("h3", "Two two"),
        ("h3", "broken"),  # no section of its own: with the lesson before it, in its folder
        ("h2", "Section 10"),
        ("h3", "Ten one"),
    ]
    assert page.lang == "en"
    assert "4 lessons, 7 slides. 1 lesson failed. 1 lesson with warnings." in page.text


@pytest.mark.parametrize(
    ("lang", "told", "heading", "ready", "failed", "deck"),
    [
        (
            "de",
            "4 Lektionen, 7 Folien. 1 Lektion fehlgeschlagen. 1 Lektion mit Warnungen.",
            "Abschnitt 2",
            "Bereit",
            "Fehlgeschlagen: nicht exportiert",
            "Foliensatz (PowerPoint)",
        ),
        (
            "fr",
            "4 leçons, 7 diapositives. 1 leçon en échec. 1 leçon avec avertissements.",
            "Section 2",
            "Prête",
            "Échec\u00a0: non exportée",
            "Présentation (PowerPoint)",
        ),
        (
            "es-MX",
            "4 lecciones, 7 diapositivas. 1 lección con error. 1 lección con advertencias.",
            "Sección 2",
            "Lista",
            "Error: no exportada",
            "Presentación (PowerPoint)",
        ),
    ],
)
def test_the_page_speaks_the_configured_language(
    lang: str,
    told: str,
    heading: str,
    ready: str,
    failed: str,
    deck: str,
    tmp_path: Path,
    course: Path,
) -> None:
    out = tmp_path / "out"
    build(course, out, "--lang", lang)
    text = (out / "index.html").read_text(encoding="utf-8")
    page = Page(text)
    assert page.lang == lang
    assert told in page.text
    assert ("h2", heading) in page.headings
    assert f">{ready}<" in text and f">{failed}<" in text and f">{deck}<" in text
    english = ["Ready", "Failed", "Deck (", "Show the", " lessons", "Made by", "Title slide"]
    assert not [phrase for phrase in english if phrase in text]


def test_every_link_and_picture_leads_to_a_file_the_build_wrote(
    tmp_path: Path, course: Path
) -> None:
    out = tmp_path / "out"
    build(course, out)
    page = Page((out / "index.html").read_text(encoding="utf-8"))
    files = [link for link in page.links if not link.startswith("#")]
    assert files == [
        "s2/one%20one.pptx",
        "s2/one%20one.handout.pdf",
        "s2/two.pptx",
        "s2/two.handout.pdf",
        "s10/one.pptx",
        "s10/one.handout.pdf",
    ]
    assert [image["src"] for image in page.images] == [
        "s2/one%20one.preview.png",
        "s2/two.preview.png",
        "s10/one.preview.png",
    ]
    for address in [*files, *(str(image["src"]) for image in page.images)]:
        assert (out / unquote(address)).is_file(), address
    for image in page.images:
        with Image.open(out / unquote(str(image["src"]))) as picture:
            assert (int(str(image["width"])) * 2, int(str(image["height"])) * 2) == picture.size
        assert str(image["alt"]).startswith("Title slide of ")
    # Each section's anchor is its own name, not its place: #section-2 is Section 2, in class
    # links shared from it too, whatever comes before it.
    assert [link for link in page.links if link.startswith("#")] == ["#section-2", "#section-10"]
    written = (out / "index.html").read_text(encoding="utf-8")
    assert '<h2 id="section-10">Section 10</h2>' in written


@pytest.mark.parametrize(
    ("edition", "lang", "named"),
    [
        ("teacher", "en", "Teacher's edition"),
        ("student", "en", "Students' edition"),
        ("student", "de", "Ausgabe für Lernende"),
    ],
)
def test_the_page_names_the_edition_its_files_are(
    tmp_path: Path, course: Path, edition: str, lang: str, named: str
) -> None:
    """Reviewed: the teacher's and the students' index pages could not be told apart."""
    out = tmp_path / "out"
    build(course, out, "--edition", edition, "--lang", lang)
    page = Page((out / "index.html").read_text(encoding="utf-8"))
    assert named in page.text


def test_the_page_links_the_course_book_and_counts_one_slide_a_page_in_the_singular(
    tmp_path: Path, course: Path
) -> None:
    out = tmp_path / "out"
    build(course, out, "--format", "pptx,handout,book,index", "--handout", "1,3")
    text = (out / "index.html").read_text(encoding="utf-8")
    assert '<a href="course.pdf">Course book (PDF)</a>' in text and (out / "course.pdf").is_file()
    assert ">Handout, 1 slide a page (PDF)<" in text and "1 slides" not in text
    assert ">Handout, 3 slides a page (PDF)<" in text
    build(course, out)  # no book asked for: no link to one
    assert "course.pdf" not in (out / "index.html").read_text(encoding="utf-8")


def test_a_lesson_in_another_language_has_its_title_read_in_it(
    tmp_path: Path, course: Path
) -> None:
    french = LESSON.format(title="Responsabilité partagée", section="Section-2", lesson=3)
    french = french.replace("---\n", "---\nlanguage: fr\n", 1)
    (course / "s2" / "three.md").write_text(french, encoding="utf-8")
    out = tmp_path / "out"
    build(course, out)
    text = (out / "index.html").read_text(encoding="utf-8")
    assert '<h3 lang="fr">Responsabilité partagée</h3>' in text
    assert "<h3>Two two</h3>" in text  # in the page's language: no lang of its own


def test_each_lesson_shows_its_slides_its_status_and_its_problems(
    tmp_path: Path, course: Path
) -> None:
    out = tmp_path / "out"
    build(course, out)
    text = (out / "index.html").read_text(encoding="utf-8")
    page = Page(text)
    assert "Lesson 1 · 3 slides · s2/one one.md" in page.text  # title, Hello, A picture
    assert "Lesson 2 · 2 slides · s2/two.md" in page.text
    assert str(tmp_path) not in text  # the lesson's path below the course, nothing above
    assert page.text.count("Ready") == 3
    assert "Ready, 1 warning" in page.text
    assert "Show the warning" in page.text
    assert "Warning, line 15 (slide 3): " in page.text and "img/chart.png" in page.text
    assert "Failed: not exported" in page.text
    assert "Error, line 5: not valid UTF-8" in page.text
    assert "Two &lt;one&gt;" in text  # escaped, not markup


def test_the_page_is_self_contained_and_asks_for_nothing_elsewhere(
    tmp_path: Path, course: Path
) -> None:
    out = tmp_path / "out"
    build(course, out)
    text = (out / "index.html").read_text(encoding="utf-8")
    page = Page(text)
    assert "script" not in page.tags and "link" not in page.tags
    assert "http:" not in text and "https:" not in text and "@import" not in text
    assert "url(" not in text and "@font-face" not in text
    assert {"header", "nav", "main", "footer"} <= set(page.tags)
    assert 'name="viewport"' in text


def test_pictures_are_made_with_exported_lessons_and_kept_while_they_are_up_to_date(
    tmp_path: Path, course: Path
) -> None:
    out = tmp_path / "out"
    build(course, out)
    pictures = sorted(out.rglob("*.preview.png"))
    assert [p.relative_to(out).as_posix() for p in pictures] == [
        "s10/one.preview.png",
        "s2/one one.preview.png",
        "s2/two.preview.png",
    ]
    made = {p: p.stat().st_mtime_ns for p in pictures}
    first = (out / "index.html").read_bytes()
    (course / "s2" / "two.md").write_text(
        LESSON.format(title="Two again", section="Section-2", lesson=2), encoding="utf-8"
    )
    statuses = build(course, out)
    assert statuses[str(course / "s2" / "two.md")] == "exported"
    assert statuses[str(course / "s10" / "one.md")] == "skipped"
    again = {p: p.stat().st_mtime_ns for p in pictures}
    assert [p.name for p in pictures if again[p] != made[p]] == ["two.preview.png"]
    page = (out / "index.html").read_bytes()
    assert page != first and b"Two again" in page and b"Two two" not in page


def test_a_build_that_changes_nothing_writes_the_same_page(tmp_path: Path, course: Path) -> None:
    out = tmp_path / "out"
    build(course, out)
    first = (out / "index.html").read_bytes()
    pictures = {p: p.read_bytes() for p in out.rglob("*.preview.png")}
    statuses = build(course, out)
    # Listed from the manifest: no lesson was read again but the one that failed.
    assert sorted(statuses.values()) == ["failed", "skipped", "skipped", "skipped"]
    assert (out / "index.html").read_bytes() == first
    assert {p: p.read_bytes() for p in out.rglob("*.preview.png")} == pictures
    elsewhere = tmp_path / "elsewhere"
    build(course, elsewhere)  # a fresh build, every lesson exported: the same page again
    assert (elsewhere / "index.html").read_bytes() == first


def test_the_command_names_the_course_files_it_wrote_and_only_those(
    tmp_path: Path, course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    book, index = out / "course.pdf", out / "index.html"
    command = ["build", str(course), "-o", str(out), "--format", "pptx,book,index"]
    assert main(command) == 1  # a lesson fails (the fixture's)
    assert f"wrote {book}\nwrote {index}\n" in capsys.readouterr().out
    stamps = {path: path.stat().st_mtime_ns for path in (book, index)}
    assert main(command) == 1  # nothing changed: both left as they were, and not named
    assert "wrote" not in capsys.readouterr().out
    assert {path: path.stat().st_mtime_ns for path in (book, index)} == stamps
    lesson = course / "s10" / "one.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n- One more point.\n", "utf-8")
    assert main([*command, "-q"]) == 1  # the book written again; -q names no file
    assert "wrote" not in capsys.readouterr().out
    assert book.stat().st_mtime_ns != stamps[book]


def test_a_gone_lessons_picture_is_pruned_with_its_files(tmp_path: Path, course: Path) -> None:
    out = tmp_path / "out"
    build(course, out)
    (course / "s2" / "two.md").unlink()
    build(course, out)
    assert (out / "s2" / "two.preview.png").is_file()  # reported, not removed
    assert b"Two two" not in (out / "index.html").read_bytes()
    build(course, out, "--prune")
    assert not (out / "s2" / "two.preview.png").exists()
    assert not (out / "s2" / "two.pptx").exists()


def test_a_lesson_that_now_fails_loses_its_picture(tmp_path: Path, course: Path) -> None:
    out = tmp_path / "out"
    build(course, out)
    assert (out / "s2" / "two.preview.png").is_file()
    (course / "s2" / "two.md").write_bytes(b"\xff\xfe")
    build(course, out)
    assert not (out / "s2" / "two.preview.png").exists()
    page = Page((out / "index.html").read_text(encoding="utf-8"))
    assert page.text.count("Failed: not exported") == 2


def test_the_index_alone_makes_the_pictures_and_links_no_file(tmp_path: Path) -> None:
    course = tmp_path / "course"
    course.mkdir()
    (course / "a.md").write_text(LESSON.format(title="A", section=1, lesson=1), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(course), "-o", str(out), "-q", "--format", "index"]) == 0
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "a.preview.png",
        "index.html",
    ]
    page = Page((out / "index.html").read_text(encoding="utf-8"))
    assert page.links == [] and [image["src"] for image in page.images] == ["a.preview.png"]
    assert [text for tag, text in page.headings if tag == "h2"] == ["Section 1"]


def test_the_picture_is_the_slide_pdfs_first_page(tmp_path: Path) -> None:
    course = tmp_path / "course"
    course.mkdir()
    (course / "a.md").write_text(LESSON.format(title="A", section=1, lesson=1), encoding="utf-8")
    with_pdf, alone = tmp_path / "with-pdf", tmp_path / "alone"
    assert main(["build", str(course), "-o", str(with_pdf), "-q", "--format", "pdf,index"]) == 0
    assert main(["build", str(course), "-o", str(alone), "-q", "--format", "index"]) == 0
    # Drawn from the slide PDF when the build writes one, else from the title slide alone.
    assert (with_pdf / "a.preview.png").read_bytes() == (alone / "a.preview.png").read_bytes()
    with Image.open(alone / "a.preview.png") as picture:
        assert picture.size == (480, 270) and picture.format == "PNG"
        assert picture.getextrema() != ((255, 255), (255, 255), (255, 255))  # not blank


def test_section_headings_and_readable_colours() -> None:
    assert section_heading("Section-14") == "Section 14"
    assert section_heading("14") == "Section 14"
    assert section_heading("unit_3") == "unit 3"
    assert contrast("000000", "ffffff") == pytest.approx(21)
    assert readable("1f4e79") == "1f4e79"  # dark blue on white: 8.9:1
    assert readable("ffd700") == "1f2328"  # gold on white: 1.4:1, the text's colour instead


def test_the_page_cannot_be_written_is_a_message_not_a_traceback(
    tmp_path: Path, course: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    (out / "index.html").mkdir(parents=True)  # a folder where the page goes
    build(course, out)
    err = capsys.readouterr().err
    assert "index.html" in err and "Traceback" not in err
    assert os.path.isdir(out / "index.html")


def test_lessons_without_a_section_go_under_their_folder(tmp_path: Path) -> None:
    course = tmp_path / "course"
    (course / "extras").mkdir(parents=True)
    text = "---\ntitle: {title}\n---\n\n### Hello\n"
    (course / "a.md").write_text(LESSON.format(title="A", section=1, lesson=1), encoding="utf-8")
    (course / "extras" / "b.md").write_text(text.format(title="B"), encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", str(course), "-o", str(out), "-q", "--format", "index"]) == 0
    page = Page((out / "index.html").read_text(encoding="utf-8"))
    # The folder below the course, never the folders above it (the input was named whole).
    assert [text for tag, text in page.headings if tag != "h1"] == [
        "Section 1",
        "A",
        "extras",
        "B",
    ]
