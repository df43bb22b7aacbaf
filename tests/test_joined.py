"""write: a long lesson's PDFs, laid out in parts and joined, are those of one render.

The lesson is short (the bundled VPC lesson: 10 slides, an image with its alt text, tables, a
link) and what counts as long is made short here, so that its PDFs are joined from parts of
four slides; each is compared with the PDF laid out whole by pages, text, bookmarks, links,
metadata and tags, read back with poppler and pikepdf.
"""

from __future__ import annotations

import functools
import io
import re
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pikepdf
import pytest

import exporter.apart
import exporter.writers.joined
import exporter.writers.pdf
import exporter.writers.pdfjoin
from exporter.apart import FORKS
from exporter.geometry import LaidOutDeck
from exporter.jobs import Job
from exporter.options import Options, Output
from exporter.pipeline import lay_out, render
from exporter.theme import load_theme
from exporter.writers.html import render_slides
from exporter.writers.joined import BUDGET, LONG, PART, cost, part_ranges
from exporter.writers.pdf import write_pdf, write_pdf_apart
from exporter.writers.pdfjoin import join_pdfs
from tests.conftest import LESSONS, need_tool, page_count, page_text

LESSON = LESSONS / "section-15" / "lesson-1.md"
"""Ten slides, one of them a picture with alt text, tables and a link."""
ALT = "Diagram of a VPC with public and private subnets"
OUTPUTS = {"slides": Output("pdf", "pdf"), "handout": Output("handout", "handout", "3")}


def rendered(output: Output) -> bytes:
    """Return ``output`` of ``LESSON`` as the pipeline renders it."""
    job = Job(LESSON, LESSON.name, LESSON.with_suffix(""), LESSONS)
    laid, _ = lay_out(job, load_theme("default"))
    data = render(output, laid, Options())
    assert data is not None
    return data


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, tuple[Path, Path]]]:
    """Write each output whole, then joined from parts of at most four slides: by name, the
    two files."""
    folder = tmp_path_factory.mktemp("joined")
    made: dict[str, tuple[Path, Path]] = {}
    for name, output in OUTPUTS.items():
        whole = folder / f"{name}-whole.pdf"
        whole.write_bytes(rendered(output))
        made[name] = (whole, folder / f"{name}-joined.pdf")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(exporter.writers.joined, "LONG", 5)
        patch.setattr(exporter.writers.joined, "PART", 4)
        for name, output in OUTPUTS.items():
            made[name][1].write_bytes(rendered(output))
    yield made


def tool(*command: str) -> str:
    """Return what a poppler command prints."""
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("name", OUTPUTS)
def test_the_joined_pdf_has_the_same_pages_and_text(
    pdfs: dict[str, tuple[Path, Path]], name: str
) -> None:
    need_tool("pdfinfo", "pdftotext")
    whole, joined = pdfs[name]
    assert page_count(joined) == page_count(whole) > 2
    for page in range(1, page_count(whole) + 1):
        assert page_text(joined, page) == page_text(whole, page), page
    if name == "handout":  # numbered over the whole handout, not each part
        assert "Page 4 of 4" in page_text(joined, 4)


def outline(pdf: pikepdf.Pdf) -> list[tuple[str, int, list[object]]]:
    """Return each bookmark's title, page and place on its page."""
    pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
    with pdf.open_outline() as read:
        places = [(item.title, item.destination) for item in read.root]
    return [
        (title, pages[place[0].objgen], list(place[1:]))
        for title, place in places
        if isinstance(place, pikepdf.Array)
    ]


def links(pdf: pikepdf.Pdf) -> list[tuple[int, str, list[float]]]:
    """Return each link's page, address and rectangle."""
    return [
        (index, str(link.A.URI), [float(v) for v in link.Rect])
        for index, page in enumerate(pdf.pages)
        for link in page.obj.get("/Annots", [])
    ]


@pytest.mark.parametrize("name", OUTPUTS)
def test_the_joined_pdf_keeps_bookmarks_links_and_metadata(
    pdfs: dict[str, tuple[Path, Path]], name: str
) -> None:
    whole, joined = (pikepdf.open(path) for path in pdfs[name])
    assert outline(joined) == outline(whole) and len(outline(whole)) == 10
    assert links(joined) == links(whole) and links(whole)
    assert dict(joined.docinfo) == dict(whole.docinfo)
    assert joined.Root.Lang == whole.Root.Lang
    assert joined.Root.ViewerPreferences == whole.Root.ViewerPreferences


def structure(pdf: Path) -> list[str]:
    """Return poppler's structure tree of ``pdf``, without object numbers and identifiers
    (each render numbers its own)."""
    text = tool("pdfinfo", "-struct", "-struct-text", str(pdf))
    text = re.sub(r"Object \d+ \d+", "", text)
    return re.sub(r"[<(][0-9.-]+[>)]", "", text).splitlines()


@pytest.mark.parametrize("name", OUTPUTS)
def test_the_joined_pdf_stays_tagged_with_the_same_structure(
    pdfs: dict[str, tuple[Path, Path]], name: str
) -> None:
    need_tool("pdfinfo")
    whole, joined = pdfs[name]
    assert "Tagged:          yes" in tool("pdfinfo", str(joined))
    assert structure(joined) == structure(whole)
    assert any("Figure" in line for line in structure(whole))
    assert alts(whole) and alts(joined)


def alts(pdf: Path) -> bool:
    """Return whether the tags of ``pdf`` hold the image's alt text."""
    with pikepdf.open(pdf) as read:
        return any(
            str(obj.get("/Alt", "")) == ALT
            for obj in read.objects
            if isinstance(obj, pikepdf.Dictionary)
        )


def test_each_link_and_page_finds_its_tags_in_the_joined_parent_tree(
    pdfs: dict[str, tuple[Path, Path]],
) -> None:
    """Every page's and link's number leads to tags on that page; no number is used twice."""
    with pikepdf.open(pdfs["slides"][1]) as pdf:
        root = pdf.Root.StructTreeRoot
        numbers = root.ParentTree.Nums
        tree = {int(numbers[i]): numbers[i + 1] for i in range(0, len(numbers), 2)}
        assert len(tree) == len(numbers) // 2
        for page in pdf.pages:
            marked = tree[int(page.obj.StructParents)]
            assert all(element.Pg.objgen == page.obj.objgen for element in marked)
            for link in page.obj.get("/Annots", []):
                assert tree[int(link.StructParent)].S == "/Link"
        assert alts(pdfs["slides"][1])


def test_the_parts_tables_keep_headers_of_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each part names its table headers as the others do; joined, each cell names its own."""
    pages = [f"### Table {i}\n\n| A | B |\n|---|---|\n| a{i} | b{i} |\n" for i in range(8)]
    lesson = tmp_path / "tables.md"
    lesson.write_text("\n<!-- pagebreak -->\n".join(pages), encoding="utf-8")
    monkeypatch.setattr(exporter.writers.joined, "LONG", 5)
    monkeypatch.setattr(exporter.writers.joined, "PART", 3)
    laid, _ = lay_out(Job(lesson, lesson.name, lesson.with_suffix(""), tmp_path), load_theme())
    data = render(OUTPUTS["slides"], laid, Options())
    assert data is not None
    with pikepdf.open(io.BytesIO(data)) as pdf:
        elements = [o for o in pdf.objects if isinstance(o, pikepdf.Dictionary) and "/S" in o]
        identifiers = [str(o.ID) for o in elements if "/ID" in o]
        cells = [o.A for o in elements if "/A" in o and "/Headers" in o.A]
        named = [str(name) for cell in cells for name in cell.Headers]
    assert len(identifiers) == 2 * len(pages) == len(set(identifiers))
    assert sorted(named) == sorted(identifiers)


def test_a_joined_pdf_is_the_same_from_one_build_to_the_next(
    pdfs: dict[str, tuple[Path, Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(exporter.writers.joined, "LONG", 5)
    monkeypatch.setattr(exporter.writers.joined, "PART", 4)
    assert rendered(OUTPUTS["slides"]) == pdfs["slides"][1].read_bytes()


def noting(here: list[str], name: str, real: Callable[..., bytes]) -> Callable[..., bytes]:
    """Return ``real`` made to add ``name`` to ``here`` when it is called: in a forked child,
    to the child's copy of the list. It goes by ``real``'s name, which a new interpreter
    imports (the join is done in one): there ``real`` itself is called."""

    @functools.wraps(real)
    def call(*args: object, **kwargs: object) -> bytes:
        here.append(name)
        return real(*args, **kwargs)

    return call


def test_no_render_of_a_long_lesson_lays_out_more_than_a_part(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The memory WeasyPrint takes grows with the pages it lays out at once: counted here.
    Where a child can be forked, each part and the join are done in one, so that what
    WeasyPrint and pikepdf leave in memory goes with it: none of their work is done here."""
    counted: list[int] = []
    here: list[str] = []

    def counting(document, tagged=True):  # type: ignore[no-untyped-def]
        data = write_pdf_apart(document, tagged)
        counted.append(len(pikepdf.open(io.BytesIO(data)).pages))
        return data

    monkeypatch.setattr(exporter.writers.joined, "write_pdf_apart", counting)
    monkeypatch.setattr(exporter.writers.pdf, "write_pdf", noting(here, "render", write_pdf))
    monkeypatch.setattr(exporter.writers.pdfjoin, "join_pdfs", noting(here, "join", join_pdfs))
    monkeypatch.setattr(exporter.writers.joined, "LONG", 5)
    monkeypatch.setattr(exporter.writers.joined, "PART", 4)
    rendered(OUTPUTS["slides"])
    assert counted == [4, 4, 2]
    counted.clear()
    rendered(OUTPUTS["handout"])  # three slides a page: a part is a page of three
    assert counted == [1, 1, 1, 1]
    assert here == ([] if FORKS else ["render"] * 3 + ["join"] + ["render"] * 4 + ["join"])


def test_where_no_child_is_forked_the_parts_are_done_here_alike(
    pdfs: dict[str, tuple[Path, Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    here: list[str] = []
    monkeypatch.setattr(exporter.apart, "FORKS", False)
    monkeypatch.setattr(exporter.writers.pdf, "write_pdf", noting(here, "render", write_pdf))
    monkeypatch.setattr(exporter.writers.pdfjoin, "join_pdfs", noting(here, "join", join_pdfs))
    monkeypatch.setattr(exporter.writers.joined, "LONG", 5)
    monkeypatch.setattr(exporter.writers.joined, "PART", 4)
    assert rendered(OUTPUTS["slides"]) == pdfs["slides"][1].read_bytes()
    assert here == ["render", "render", "render", "join"]


def test_a_lesson_that_is_not_long_is_laid_out_whole_as_before() -> None:
    job = Job(LESSON, LESSON.name, LESSON.with_suffix(""), LESSONS)
    laid, _ = lay_out(job, load_theme("default"))
    assert rendered(OUTPUTS["slides"]) == write_pdf(render_slides(laid))


def test_the_largest_lesson_is_laid_out_in_parts_of_whole_pages() -> None:
    for per_page in (1, 2, 3, 4, 6, 9):
        parts = part_ranges([1.0] * 1000, per_page)
        assert [i for part in parts for i in part] == list(range(1000))
        assert max(len(part) for part in parts) <= PART
        assert all(len(part) % per_page == 0 for part in parts[:-1])
    assert part_ranges([BUDGET / LONG] * LONG) == [range(LONG)]  # short and light: whole
    assert len(part_ranges([BUDGET / LONG] * (LONG + 1))) > 1
    assert part_ranges([1.0] * 1000, None) == [range(1000)]  # notes and outline: laid out whole


@pytest.mark.parametrize("per_page", [1, 3, 6])
def test_costly_slides_are_laid_out_in_parts_within_the_budget(per_page: int) -> None:
    """However few the slides, if laying them out would take more than the budget."""
    costs = [BUDGET / 7] * 40 + [0.5] * 30 + [BUDGET / 2.5] * 10
    parts = part_ranges(costs, per_page)
    assert len(costs) <= LONG and len(parts) > 1
    assert [i for part in parts for i in part] == list(range(len(costs)))
    for part in parts:
        assert sum(costs[part.start : part.stop]) <= BUDGET or len(part) <= per_page
    assert all(len(part) % per_page == 0 for part in parts[:-1])
    assert part_ranges([BUDGET / len(costs)] * len(costs), per_page) == [range(len(costs))]


def test_a_page_that_costs_more_than_the_budget_is_a_part_of_its_own() -> None:
    assert part_ranges([1.0, BUDGET * 2, 1.0]) == [range(0, 1), range(1, 2), range(2, 3)]


def lesson_of(table: str) -> LaidOutDeck:
    lesson = f"---\ntitle: Wide\nsection: 1\nlesson: 1\n---\n### Table\n\n{table}"
    path = Path("wide.md")
    job = Job(path, path.name, path.with_suffix(""), Path("."))
    return lay_out(job, load_theme("default"), data=lesson.encode())[0]


def test_a_wide_table_costs_more_than_a_narrow_one_of_as_many_rows() -> None:
    """What each slide is estimated to cost grows with its cells, not only its slides."""

    def table(columns: int, rows: int) -> str:
        head = "|" + "|".join(f" {chr(65 + c)} " for c in range(columns)) + "|\n"
        rule = "|" + "|".join("---" for _ in range(columns)) + "|\n"
        body = "".join(
            "|" + "|".join(f" r{r}c{c} " for c in range(columns)) + "|\n" for r in range(rows)
        )
        return head + rule + body

    narrow, wide = lesson_of(table(2, 60)), lesson_of(table(6, 60))
    assert len(narrow.slides) == len(wide.slides) > 2
    body = slice(1, -1)  # the full slides of the table, not the title slide nor the last part
    narrow_costs = [cost(slide) for slide in narrow.slides[body]]
    wide_costs = [cost(slide) for slide in wide.slides[body]]
    assert all(w > 2 * n for w, n in zip(wide_costs, narrow_costs, strict=True))
