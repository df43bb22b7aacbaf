"""course: a course's lessons go by their front matter's section and lesson numbers, compared
as numbers, then by path in natural order; a lesson without numbers after the numbered lessons
of its folder, with a note."""

from __future__ import annotations

from pathlib import Path

from exporter.course.order import course_order, natural
from exporter.jobs import Job, Listing, Result, Status


def result(path: str, section: str | None, lesson: str | None, failed: bool = False) -> Result:
    job = Job(Path(path), path, Path("out") / Path(path).with_suffix(""), Path("."))
    listing = None if failed else Listing(Path(path).stem, section, lesson)
    status = Status.FAILED if failed else Status.EXPORTED
    return Result(job, status, (), (), listing=listing)


def order(*results: Result) -> list[str]:
    ordered, _ = course_order(results)
    return [found.job.display for found in ordered]


def test_numbers_compare_as_numbers() -> None:
    assert natural("Section-2") < natural("Section-10")
    assert natural("1.9") < natural("1.10")
    assert natural("section-3") == natural("Section-3")
    lessons = [
        result("s10/l1.md", "Section-10", "1"),
        result("s2/l10.md", "Section-2", "10"),
        result("s2/l2.md", "Section-2", "2"),
        result("s2/l1.md", "Section 2", "1"),
    ]
    assert order(*lessons) == ["s2/l1.md", "s2/l2.md", "s2/l10.md", "s10/l1.md"]


def test_numbers_come_before_the_words_they_are_written_with() -> None:
    """Reviewed: a German lesson's ``Abschnitt-22`` and a Spanish one's ``Sección-22`` came
    before ``Section-3`` in the book's contents and on the index page, sorted by the word."""
    lessons = [
        result("s22/es.md", "Sección-22", "2"),
        result("s3/l1.md", "Section-3", "1"),
        result("s22/de.md", "Abschnitt-22", "1"),
        result("intro.md", "Introduction", "1"),
        result("s10/l1.md", "Section 10", "Lesson 1"),
    ]
    assert order(*lessons) == ["s3/l1.md", "s10/l1.md", "s22/de.md", "s22/es.md", "intro.md"]


def test_the_front_matter_goes_before_the_path() -> None:
    # The files' names say the opposite of their numbers: the numbers win.
    lessons = [result("a/z.md", "1", "1"), result("a/a.md", "1", "2")]
    assert order(*lessons) == ["a/z.md", "a/a.md"]


def test_the_same_numbers_go_by_path_in_natural_order_with_a_note() -> None:
    """Two lessons numbered alike (a copied front matter) would show "2." twice in the book's
    contents and the index: said once, naming both."""
    lessons = [result("a/part-10.md", "1", "1"), result("a/part-9.md", "1", "1")]
    assert order(*lessons) == ["a/part-9.md", "a/part-10.md"]
    lessons += [result("a/part-11.md", "1", "2"), result("b/x.md", "2", None)]
    lessons += [result("b/y.md", "2", None)]  # a section alone: no lesson number to repeat
    _, notes = course_order(lessons)
    assert notes == [
        "a/part-10.md: the same section and lesson numbers as a/part-9.md in its front "
        "matter; placed after it, by path"
    ]


def test_a_lesson_without_numbers_goes_after_the_numbered_ones_of_its_folder() -> None:
    lessons = [
        result("week-1/extra.md", None, None),
        result("week-1/b.md", "1", "2"),
        result("week-2/a.md", "2", "1"),
        result("week-1/a.md", "1", "1"),
        result("week-1/appendix.md", None, None),
        result("loose/notes.md", None, None),
    ]
    ordered, notes = course_order(lessons)
    assert [found.job.display for found in ordered] == [
        "week-1/a.md",
        "week-1/b.md",
        "week-1/appendix.md",
        "week-1/extra.md",
        "week-2/a.md",
        "loose/notes.md",
    ]
    assert all("no section or lesson number" in note for note in notes)
    noted = sorted(note.partition(":")[0] for note in notes)
    assert noted == ["loose/notes.md", "week-1/appendix.md", "week-1/extra.md"]


def test_a_lesson_with_a_section_alone_goes_after_its_sections_numbered_lessons() -> None:
    lessons = [result("s/intro.md", "3", None), result("s/l2.md", "3", "2")]
    assert order(*lessons) == ["s/l2.md", "s/intro.md"]


def test_a_failed_lesson_has_its_place_without_a_note() -> None:
    lessons = [result("w/broken.md", None, None, failed=True), result("w/a.md", "1", "1")]
    ordered, notes = course_order(lessons)
    assert [found.job.display for found in ordered] == ["w/a.md", "w/broken.md"]
    assert notes == []
