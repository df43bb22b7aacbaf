"""course: the course book (``--format book``): cover, contents with the right page numbers
and links, each lesson's pages under a running header, "Page N of M" over the whole book,
bookmarks nested section → lesson → slide; byte-identical, rebuilt from the lessons' kept
parts when one lesson changes, left alone when nothing did, a failed lesson's page."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from exporter.cli import main
from tests.conftest import ROOT, built_once, page_count, page_text

LESSON = "---\ntitle: {title}\n{numbers}---\n\n{pages}"
PAGE = "### {title} point {n}\n\n- **Item {n}**: some words about {title}\n"


def lesson(title: str, section: str | None, number: str | None, pages: int) -> str:
    """Return a lesson's text with ``pages`` pages (one slide each, and its title slide)."""
    numbers = (f"section: {section}\n" if section else "") + (
        f"lesson: {number}\n" if number else ""
    )
    body = "\n<!-- pagebreak -->\n\n".join(PAGE.format(title=title, n=n) for n in range(pages))
    return LESSON.format(title=title, numbers=numbers, pages=body)


COURSE = {
    # Section-10 is written first and sorts after Section-2; lesson 10 after lesson 2.
    "s10/b.md": ("Tenth Section Lesson", "Section-10", "1", 2),
    "s2/x.md": ("Second Lesson Ten", "Section-2", "10", 7),
    "s2/y.md": ("Second Lesson Two", "Section-2", "2", 4),
    "s2/z.md": ("Unnumbered Extra", None, None, 1),
}
ORDER = ["Second Lesson Two", "Second Lesson Ten", "Unnumbered Extra", "Tenth Section Lesson"]


def write_course(root: Path) -> Path:
    """Write the small course under ``root``; return its folder."""
    folder = root / "physics"
    for name, (title, section, number, pages) in COURSE.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(lesson(title, section, number, pages), encoding="utf-8")
    return folder


def build(folder: Path, out: Path, *flags: str) -> tuple[int, dict[str, str]]:
    """Build the course with its book; return the exit status and each lesson's status."""
    report = out.parent / f"{out.name}-report.json"
    args = ["build", str(folder), "-o", str(out), "-q", "--report", str(report)]
    status = main([*args, "--format", "handout,book", *flags])
    lessons = json.loads(report.read_text(encoding="utf-8"))["lessons"]
    return status, {Path(item["source"]).name: item["status"] for item in lessons}


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    def made(folder: Path) -> int:
        status, _ = build(write_course(folder), folder / "out")
        return status

    folder, status = built_once(tmp_path_factory, "book", made)
    assert status == 0
    return folder / "out" / "course.pdf"


def contents_pages(book: Path) -> dict[str, int]:
    """Return each contents line's lesson title and page number, as pdftotext reads page 2
    laid out (in its reading order a page number is a line of its own)."""
    command = ["pdftotext", "-layout", "-f", "2", "-l", "2", str(book), "-"]
    text = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    found = {}
    for line in text.splitlines():
        match = re.match(r"(?:\d+\. )?(.+?)\s{2,}(\d+)$", line.strip())
        if match:
            found[match[1].strip()] = int(match[2])
    return found


def lines(book: Path, page: int) -> list[str]:
    """Return the lines of a page's text, in the order drawn (the header and foot last)."""
    return [line for line in page_text(book, page).splitlines() if line.strip()]


def header(book: Path, page: int) -> str:
    """Return the running header of a page (drawn after its body, before its number)."""
    return lines(book, page)[-2]


def test_the_contents_list_every_lesson_in_order_with_the_page_it_starts_on(book: Path) -> None:
    pages = contents_pages(book)
    assert list(pages) == ORDER
    for title, page in pages.items():
        assert header(book, page).startswith(title), (title, page)
        if page > 3:  # it starts there: the page before is the lesson before's
            assert not header(book, page - 1).startswith(title), (title, page)
    assert header(book, 3) == "Second Lesson Two Section 2 · Lesson 2"
    assert "Section 2" in page_text(book, 2) and "Section 10" in page_text(book, 2)
    # The cover: the folder's name and the edition, no date.
    assert page_text(book, 1).split() == ["physics", "Teacher's", "edition"]


def test_every_page_but_the_cover_says_page_n_of_m(book: Path) -> None:
    total = page_count(book)
    assert total == 1 + 1 + 2 + 3 + 1 + 1  # cover, contents, 5, 8, 2 and 3 slides at 3 a page
    assert "Page" not in page_text(book, 1)
    for page in range(2, total + 1):
        assert lines(book, page)[-1] == f"Page {page} of {total}"


def page_of(item: pikepdf.OutlineItem, index: dict[tuple[int, int], int]) -> int:
    """Return the page (from 1) a bookmark points at."""
    destination = item.destination
    assert isinstance(destination, pikepdf.Array)
    return index[destination[0].objgen]


def test_the_bookmarks_nest_section_lesson_slide_and_point_at_their_pages(book: Path) -> None:
    pdf = pikepdf.open(book)
    index = {page.obj.objgen: number + 1 for number, page in enumerate(pdf.pages)}
    starts = contents_pages(book)
    with pdf.open_outline() as outline:
        top = [(item.title, page_of(item, index)) for item in outline.root]
        assert top == [("Contents", 2), ("Section 2", 3), ("Section 10", 9)]
        section = outline.root[1]
        lessons = [item.title for item in section.children]
        # Without a section of its own, with the lesson before it in its folder, as the
        # contents and the index page show it.
        assert lessons == ["2. Second Lesson Two", "10. Second Lesson Ten", "Unnumbered Extra"]
        assert page_of(section.children[2], index) == starts["Unnumbered Extra"]
        ten = section.children[1]
        slides = [(item.title, page_of(item, index)) for item in ten.children]
    first = starts["Second Lesson Ten"]
    assert slides[0] == ("1. Second Lesson Ten", first)
    assert [title for title, _ in slides[1:]] == [
        f"{n + 2}. Second Lesson Ten point {n}" for n in range(7)
    ]
    assert [page for _, page in slides] == [first + n // 3 for n in range(8)]


def test_a_lesson_without_a_section_in_a_folder_of_its_own_is_headed_by_the_folder(
    tmp_path: Path,
) -> None:
    """Reviewed: a glossary in ``extras/``, with no section or lesson number, was listed in
    the contents right under the section before it, as if it were that section's last
    lesson (the bookmarks put it at the top, the index page under "extras"). It is headed
    by its folder's name in both, as on the index page."""
    folder = tmp_path / "course"
    for name, (title, section, number) in {
        "s1/a.md": ("Intro", "Section-1", "1"),
        "extras/g.md": ("Glossary", None, None),
    }.items():
        path = folder / name
        path.parent.mkdir(parents=True)
        path.write_text(lesson(title, section, number, 1), encoding="utf-8")
    status, _ = build(folder, tmp_path / "out")
    assert status == 0
    book = tmp_path / "out" / "course.pdf"
    contents = [line.strip() for line in page_text(book, 2).splitlines() if line.strip()]
    assert contents.index("extras") < next(i for i, t in enumerate(contents) if "Glossary" in t)
    assert contents.index("Section 1") < contents.index("extras")
    with pikepdf.open(book) as pdf, pdf.open_outline() as outline:
        top = [item.title for item in outline.root]
        assert top == ["Contents", "Section 1", "extras"]
        assert [item.title for item in outline.root[2].children] == ["Glossary"]


def test_the_contents_lines_link_to_their_lessons_pages(book: Path) -> None:
    pdf = pikepdf.open(book)
    index = {page.obj.objgen: number + 1 for number, page in enumerate(pdf.pages)}
    targets = {index[annot.Dest[0].objgen] for annot in pdf.pages[1].obj.Annots}
    assert targets == set(contents_pages(book).values())
    assert all("/A" not in annot for annot in pdf.pages[1].obj.Annots)  # no address left


def test_the_book_is_byte_identical_from_one_build_to_the_next(
    tmp_path: Path, book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "again"
    assert build(write_course(tmp_path), out)[0] == 0
    assert (out / "course.pdf").read_bytes() == book.read_bytes()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    dated = [tmp_path / "dated-1", tmp_path / "dated-2"]
    for folder in dated:
        assert build(write_course(tmp_path), folder)[0] == 0
    first, second = ((folder / "course.pdf").read_bytes() for folder in dated)
    assert first == second
    cover = page_text(dated[0] / "course.pdf", 1).split()
    assert cover == ["physics", "Teacher's", "edition", "2023-11-14"]


def test_one_changed_lesson_is_laid_out_again_and_no_change_leaves_the_book_alone(
    tmp_path: Path,
) -> None:
    folder, out = write_course(tmp_path), tmp_path / "out"
    assert build(folder, out)[0] == 0
    target = out / "course.pdf"
    before = target.stat()
    status, lessons = build(folder, out)
    assert lessons == dict.fromkeys(("b.md", "x.md", "y.md", "z.md"), "skipped")
    after = target.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    (folder / "s2/y.md").write_text(
        lesson("Second Lesson Two Again", "Section-2", "2", 8), encoding="utf-8"
    )
    status, lessons = build(folder, out)
    assert status == 0
    assert lessons == {"b.md": "skipped", "x.md": "skipped", "y.md": "exported", "z.md": "skipped"}
    pages = contents_pages(target)
    assert pages["Second Lesson Two Again"] == 3
    assert pages["Second Lesson Ten"] == 3 + 3  # 9 slides now: three pages
    assert lines(target, 4)[-1] == f"Page 4 of {page_count(target)}"


def test_a_book_edited_since_is_made_again_though_its_size_and_time_are_as_they_were(
    tmp_path: Path,
) -> None:
    """The book is known unchanged by its size, time and inode while none changed; a book
    replaced by another file given its size and time is read, found changed, and made again."""
    folder, out = write_course(tmp_path), tmp_path / "out"
    assert build(folder, out)[0] == 0
    target = out / "course.pdf"
    made, old = target.read_bytes(), target.stat()
    other = tmp_path / "other.pdf"
    edited = made.replace(b"(physics)", b"(PHYSICS)")  # the title in its information
    assert edited != made and len(edited) == len(made)
    other.write_bytes(edited)
    os.utime(other, ns=(old.st_atime_ns, old.st_mtime_ns))
    other.replace(target)
    assert build(folder, out)[0] == 0
    assert target.read_bytes() == made


Course = dict[str, tuple[str, str | None, str | None, int]]
CHANGES: dict[str, Course] = {
    # A lesson's text, its pages as many: x.md in the middle of Section 2.
    "text": {"s2/x.md": ("Second Lesson Ten", "Section-2", "10", 7)},
    # The first lesson of a section: the section's bookmark goes to its new first page.
    "first": {"s2/y.md": ("Second Lesson Two", "Section-2", "2", 5)},
    # A slide more on as many pages: a bookmark more under the lesson and its section.
    "slide": {"s2/x.md": ("Second Lesson Ten", "Section-2", "10", 8)},
    # Two lessons, the last of the book among them, one of them a slide fewer.
    "two": {
        "s2/z.md": ("Unnumbered Extra", None, None, 2),
        "s10/b.md": ("Tenth Section Lesson", "Section-10", "1", 1),
    },
}


def spy_on_assembly(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Return a list that gets a 1 each time the book is put together anew from its parts."""
    from exporter.course import book as module

    assembled: list[int] = []
    assemble = module.assemble

    def assembling(*args: Any) -> tuple[int, list[int]]:
        assembled.append(1)
        return assemble(*args)

    monkeypatch.setattr(module, "assemble", assembling)
    return assembled


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_changed_lesson_with_as_many_pages_is_replaced_in_the_book_as_a_new_book_has_it(
    change: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The book last written is kept and the changed lessons' pages replaced in it, when no
    page moves; the book is then byte for byte the one put together anew from the parts."""
    from exporter.course import book as module

    folder, out = write_course(tmp_path), tmp_path / "out"
    assert build(folder, out)[0] == 0
    target = out / "course.pdf"
    first = target.read_bytes()
    assembled = spy_on_assembly(monkeypatch)
    taken: list[object] = []
    take = module.Last.take

    def taking(self: module.Last) -> object:
        taken.append(take(self))
        return taken[-1]

    monkeypatch.setattr(module.Last, "take", taking)
    for name, (title, section, number, pages) in CHANGES[change].items():
        text = lesson(title, section, number, pages).replace("some words", "other words")
        (folder / name).write_text(text, encoding="utf-8")
    status, lessons = build(folder, out)
    assert status == 0
    assert sorted(n for n, s in lessons.items() if s == "exported") == sorted(
        Path(name).name for name in CHANGES[change]
    )
    assert not assembled, "the book was put together anew"
    assert len(taken) == 1 and taken[0] is not None, "the book was not opened ahead"
    replaced = target.read_bytes()
    assert replaced != first
    (out / ".course.pdf.json").unlink()  # no record of the book: it is put together anew
    assert build(folder, out)[0] == 0
    assert assembled == [1]
    assert target.read_bytes() == replaced
    for title, *_ in CHANGES[change].values():
        assert "other words" in page_text(target, contents_pages(target)[title])


def test_a_lesson_whose_pages_are_more_has_the_book_put_together_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    folder, out = write_course(tmp_path), tmp_path / "out"
    assert build(folder, out)[0] == 0
    assembled = spy_on_assembly(monkeypatch)
    (folder / "s2/y.md").write_text(lesson("Second Lesson Two", "Section-2", "2", 9), "utf-8")
    assert build(folder, out)[0] == 0
    assert assembled == [1]
    target = out / "course.pdf"
    assert contents_pages(target)["Second Lesson Ten"] == 3 + 4  # 10 slides: four pages
    assert lines(target, 4)[-1] == f"Page 4 of {page_count(target)}"


@pytest.mark.parametrize("damage", ["pages", "parts", "shape"])
def test_a_record_that_does_not_describe_the_book_has_it_put_together_anew(
    damage: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What is kept of the book's layout is checked against the book itself: pages that are
    not where it says (a record of another book, edited by hand) or a record of no use leave
    the book put together anew, the same as from no record at all."""
    folder, out = write_course(tmp_path), tmp_path / "out"
    assert build(folder, out)[0] == 0
    sidecar = out / ".course.pdf.json"
    record = json.loads(sidecar.read_text(encoding="utf-8"))
    if damage == "pages":  # the first lesson a page shorter, the third a page longer
        pages = record["layout"]["pages"]
        assert pages[0] > 1
        pages[0], pages[2] = pages[0] - 1, pages[2] + 1
    elif damage == "parts":
        record["layout"]["parts"] = "not a list"
    else:
        record["layout"]["front"] = 0
    sidecar.write_text(json.dumps(record), encoding="utf-8")
    assembled = spy_on_assembly(monkeypatch)
    text = lesson("Second Lesson Ten", "Section-2", "10", 7).replace("some words", "other words")
    (folder / "s2/x.md").write_text(text, encoding="utf-8")
    assert build(folder, out)[0] == 0
    assert assembled == [1]
    made = (out / "course.pdf").read_bytes()
    sidecar.unlink()
    assert build(folder, out)[0] == 0
    assert (out / "course.pdf").read_bytes() == made


@pytest.mark.parametrize("pages", [7, 13])  # as many pages as before, or two more
def test_a_change_of_a_lessons_text_or_length_keeps_the_contents_as_laid_out(
    pages: int, tmp_path: Path
) -> None:
    folder, out = write_course(tmp_path), tmp_path / "out"
    assert build(folder, out)[0] == 0
    kept = out / ".course.pdf.front"
    before = kept.stat().st_mtime_ns
    lesson_file = folder / "s2/x.md"
    text = lesson("Second Lesson Ten", "Section-2", "10", pages)
    lesson_file.write_text(text.replace("some words", "other words"), encoding="utf-8")
    assert build(folder, out)[1]["x.md"] == "exported"
    # The contents are laid out without their numbers: the lessons after x.md start later
    # when it has grown, and only the stamped numbers and the links say so.
    assert kept.stat().st_mtime_ns == before
    target = out / "course.pdf"
    starts = contents_pages(target)
    assert "other words" in page_text(target, starts["Second Lesson Ten"])
    grown = 2 if pages == 13 else 0
    assert starts == {
        "Second Lesson Two": 3,
        "Second Lesson Ten": 5,
        "Unnumbered Extra": 8 + grown,
        "Tenth Section Lesson": 9 + grown,
    }
    assert header(target, starts["Tenth Section Lesson"]).startswith("Tenth Section Lesson")
    with pikepdf.open(target) as pdf:
        linked = [
            pdf.pages.index(pikepdf.Page(annot.Dest[0])) + 1
            for annot in pdf.pages[1].obj.Annots
            if "/Dest" in annot
        ]
    assert sorted(set(linked)) == sorted(starts.values())


def test_a_lesson_that_failed_has_a_page_saying_so_and_the_build_still_fails(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, out = write_course(tmp_path), tmp_path / "out"
    (folder / "s2/x.md").write_bytes(b"---\ntitle: Broken\nsection: 2\n---\n\n\xff\xfe bad")
    status, lessons = build(folder, out)
    assert status == 1 and lessons["x.md"] == "failed"
    target = out / "course.pdf"
    pages = contents_pages(target)
    assert list(pages) == [
        "Second Lesson Two",
        "s2/x.md",
        "Unnumbered Extra",
        "Tenth Section Lesson",
    ]
    notice = page_text(target, pages["s2/x.md"])
    assert "could not be exported" in notice and "UTF-8" in notice
    assert lines(target, pages["s2/x.md"])[-1].startswith(f"Page {pages['s2/x.md']} of")
    assert "no section or lesson number" in capsys.readouterr().err  # the unnumbered lesson


@pytest.mark.parametrize(
    ("lang", "contents", "section", "notice", "foot"),
    [
        ("de", "Inhalt", "Abschnitt 2", "konnte nicht exportiert werden", "Seite {page} von"),
        (
            "fr-CA",
            "Table des matières",
            "Section 2",
            "n\u2019a pas pu être exportée",
            "Page {page} sur",
        ),
        ("es", "Índice", "Sección 2", "no se pudo exportar", "Página {page} de"),
    ],
)
def test_the_books_own_words_are_in_the_configured_language(
    lang: str, contents: str, section: str, notice: str, foot: str, tmp_path: Path
) -> None:
    folder, out = write_course(tmp_path), tmp_path / "out"
    (folder / "s2/x.md").write_bytes(b"---\ntitle: Broken\nsection: 2\n---\n\n\xff\xfe bad")
    status, _ = build(folder, out, "--lang", lang)
    assert status == 1
    target = out / "course.pdf"
    assert lines(target, 2)[0] == contents
    assert lines(target, 2)[1] == section  # "Section-2" in the lessons' front matter
    with pikepdf.open(target) as pdf, pdf.open_outline() as outline:
        assert outline.root[0].title == contents
        assert outline.root[1].title == section
    failed = contents_pages(target)["s2/x.md"]
    assert notice in page_text(target, failed)
    assert lines(target, failed)[-1].startswith(foot.format(page=failed))
    assert "Contents" not in page_text(target, 2) and "could not" not in page_text(target, failed)


def test_a_lesson_gone_has_its_part_pruned_and_leaves_the_book(tmp_path: Path) -> None:
    folder, out = write_course(tmp_path), tmp_path / "out"
    assert build(folder, out)[0] == 0
    part = out / "s2" / ".book" / "y.pdf"
    assert part.is_file()
    (folder / "s2/y.md").unlink()
    assert build(folder, out, "--prune")[0] == 0
    assert not part.exists()
    assert "Second Lesson Two" not in contents_pages(out / "course.pdf")


def test_the_book_takes_its_layout_file_name_and_title_from_the_settings(tmp_path: Path) -> None:
    folder, out = write_course(tmp_path), tmp_path / "out"
    flags = ("--book-layout", "outline", "--book-file", "physics.pdf")
    assert build(folder, out, *flags, "--course-title", "Physics 101")[0] == 0
    target = out / "physics.pdf"
    assert not (out / "course.pdf").exists()
    assert page_text(target, 1).split() == ["Physics", "101", "Teacher's", "edition"]
    first = contents_pages(target)["Second Lesson Two"]
    text = page_text(target, first)
    assert "Second Lesson Two point 3" in text  # the outline's text, not slides
    assert "Slide 1" not in text


def test_the_students_edition_of_the_book_has_no_speaker_notes(tmp_path: Path) -> None:
    folder, out = write_course(tmp_path), tmp_path / "out"
    (folder / "s10/b.md").write_text(
        lesson("Tenth Section Lesson", "Section-10", "1", 1)
        + "\n<!-- notes: the teacher's secret -->\n",
        encoding="utf-8",
    )
    for edition, seen in (("teacher", True), ("student", False)):
        target = out / edition
        flags = ("--book-layout", "notes", "--edition", edition)
        assert build(folder, target, *flags)[0] == 0
        assert ("the teacher's secret" in page_text(target / "course.pdf")) is seen
        # Reviewed: the two books had the same cover; the one with the answers could be
        # printed for a class. The cover names the edition.
        cover = page_text(target / "course.pdf", 1).split("\n")
        assert ("Teacher's edition" if seen else "Students' edition") in cover


def test_a_bad_book_setting_is_refused_by_name(tmp_path: Path) -> None:
    for flag, value in (("--book-layout", "5"), ("--book-file", "../x.pdf")):
        with pytest.raises(SystemExit) as stopped:
            main(["build", str(ROOT / "lessons"), "-o", str(tmp_path), flag, value])
        assert stopped.value.code == 2


def test_a_part_is_its_lessons_handout_without_page_numbers(book: Path) -> None:
    from exporter.writers.parts import unnumbered

    out = book.parent
    handout, part = out / "s2" / "x.handout.pdf", out / "s2" / ".book" / "x.pdf"
    assert part.read_bytes() == unnumbered(handout.read_bytes())  # taken from the handout
    pages = page_count(handout)
    assert page_count(part) == pages == 3
    for page in range(1, pages + 1):
        kept = lines(handout, page)
        assert kept[-1] == f"Page {page} of {pages}"
        assert lines(part, page) == kept[:-1]  # everything but the number


def test_a_part_taken_from_a_tagged_handout_leaves_its_tags_behind(book: Path) -> None:
    # The book keeps the parts' pages, not their tags: tags left in a part are what made a
    # long course's book cost hundreds of MB to put together.
    out = book.parent
    with pikepdf.open(out / "s2" / "x.handout.pdf") as handout:
        assert pikepdf.Name.StructTreeRoot in handout.Root  # the handout stays tagged
        assert all(pikepdf.Name.StructParents in page.obj for page in handout.pages)
        tags = len(handout.objects)
    with pikepdf.open(out / "s2" / ".book" / "x.pdf") as part:
        assert pikepdf.Name.StructTreeRoot not in part.Root
        assert pikepdf.Name.MarkInfo not in part.Root
        for page in part.pages:
            assert pikepdf.Name.StructParents not in page.obj
            annotations = page.obj.get(pikepdf.Name.Annots, pikepdf.Array())
            assert all(pikepdf.Name.StructParent not in link for link in annotations)
        assert len(part.objects) < tags / 2
    with pikepdf.open(book) as whole:
        assert all(pikepdf.Name.StructParents not in page.obj for page in whole.pages)


def test_a_pdf_whose_last_text_is_not_a_foot_is_no_handout_to_take_a_part_from(
    book: Path,
) -> None:
    from exporter.writers.parts import unnumbered

    part = book.parent / "s2" / ".book" / "x.pdf"
    assert unnumbered(part.read_bytes()) is None  # its last text is the head, at the top
