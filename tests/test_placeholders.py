"""write (PPTX): tables and pictures in the layouts' content placeholders, as PowerPoint's
table and picture icons put them there; drawn by LibreOffice exactly as free shapes were."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.shapes.placeholder import PlaceholderGraphicFrame, PlaceholderPicture

import exporter.writers.pptx as writer
from exporter.geometry import Frame, TextFrame
from exporter.jobs import Job
from exporter.options import Options
from exporter.pipeline import export_lesson
from exporter.theme import load_theme
from tests.conftest import LESSONS, built_once, need_tool, print_decks
from tests.test_agreement import disagreements, lines_of
from tests.test_pptx_master import differing, drawn

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
HOLDERS = Path(__file__).parent / "fixtures" / "holders" / "holders.md"
"""Slides: 1 title, 2 a table alone, 3 a picture alone, 4 two columns of a picture each,
5 text then a table, 6 headed columns (a table; a picture then text), 7 code alone,
8 a missing picture."""


def text_only(holder: tuple[str, int], frame: Frame) -> bool:
    """The writer's choice before tables and pictures went in placeholders: text only."""
    return isinstance(frame, TextFrame)


@dataclass(frozen=True)
class Pair:
    """The fixture lesson exported with tables and pictures in placeholders (``held``) and
    with every one a free shape (``free``), each as a deck and a slide PDF."""

    held: Path
    free: Path


def export(source: Path, out: Path, template: Path | None = None, root: Path | None = None) -> Path:
    job = Job(source, source.name, out / source.stem, root or source.parent)
    theme = load_theme(template=template) if template is not None else load_theme()
    result = export_lesson(job, Options(formats=("pptx", "pdf")), theme)
    assert result.status == "exported", result.diagnostics
    return out / f"{source.stem}.pptx"


def export_both(source: Path, out: Path, template: Path | None = None) -> Pair:
    held = export(source, out / "held", template)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(writer, "takes", text_only, raising=False)
        free = export(source, out / "free", template)
    return Pair(held, free)


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> Pair:
    return export_both(HOLDERS, tmp_path_factory.mktemp("holders"))


def held_kinds(deck: Path) -> list[dict[int, str]]:
    """Return, for each slide, the placeholders holding a table or a picture: idx → class."""
    return [
        {
            shape.placeholder_format.idx: type(shape).__name__
            for shape in slide.placeholders
            if isinstance(shape, PlaceholderGraphicFrame | PlaceholderPicture)
        }
        for slide in Presentation(str(deck)).slides
    ]


def test_a_lone_table_or_picture_and_each_columns_go_in_the_content_placeholders(
    pair: Pair,
) -> None:
    picture, table = "PlaceholderPicture", "PlaceholderGraphicFrame"
    assert held_kinds(pair.held) == [
        {},
        {1: table},
        {1: picture},
        {1: picture, 2: picture},
        {},  # text then a table: the text has the body
        {2: table},  # the left column's table; the right's text has its body
        {},  # code takes no placeholder
        {},  # nor does a missing picture's stand-in
    ]
    slides = list(Presentation(str(pair.held)).slides)
    assert slides[1].placeholders[1].has_table
    assert slides[3].placeholders[1].name == "Picture: A red disc"
    assert slides[3].placeholders[2].name == "Picture: A blue disc"
    assert slides[4].placeholders[1].text_frame.text.startswith("Security groups")
    assert slides[5].placeholders[4].text_frame.text == "Replies leave freely."


def test_they_are_marked_as_powerpoints_icons_mark_them(pair: Pair) -> None:
    with zipfile.ZipFile(pair.held) as archive:
        table = etree.fromstring(archive.read("ppt/slides/slide2.xml"))
        picture = etree.fromstring(archive.read("ppt/slides/slide3.xml"))
    frame = table.find(f".//{P}graphicFrame")
    assert frame is not None
    assert frame.find(f"{P}nvGraphicFramePr/{P}nvPr")[0].attrib == {"idx": "1"}  # type: ignore[index]
    locks = frame.find(f"{P}nvGraphicFramePr/{P}cNvGraphicFramePr/{A}graphicFrameLocks")
    assert locks is not None and locks.get("noGrp") == "1"
    pic = picture.find(f".//{P}pic")
    assert pic is not None
    assert pic.find(f"{P}nvPicPr/{P}nvPr")[0].attrib == {"idx": "1"}  # type: ignore[index]
    locks = pic.find(f"{P}nvPicPr/{P}cNvPicPr/{A}picLocks")
    assert locks is not None and dict(locks.attrib.items()) == {"noChangeAspect": "1", "noGrp": "1"}
    for shape in (frame, pic):  # the box stays explicit: nothing inherited from the layout
        assert shape.find(f"{P}xfrm") is not None or shape.find(f"{P}spPr/{A}xfrm") is not None


def boxes(deck: Path) -> list[list[tuple[str, int, int, int, int]]]:
    """Return each slide's shapes' kinds (``sp``, ``pic``, ``graphicFrame``) and boxes, sorted
    (their names hold their ids, which follow the reading order)."""
    return [
        sorted(
            (etree.QName(s.element).localname, s.left, s.top, s.width, s.height)
            for s in slide.shapes
        )
        for slide in Presentation(str(deck)).slides
    ]


def test_their_boxes_stay_the_fits(pair: Pair) -> None:
    assert held_kinds(pair.free) == [{}] * 8  # the reference holds none
    assert boxes(pair.held) == boxes(pair.free)


def print_pair(folder: Path) -> list[str]:
    """Export the fixture lesson both ways (``export_both``) into ``folder`` and print both
    decks with LibreOffice (one soffice); return the held deck's print's path, the free's."""
    pair = export_both(HOLDERS, folder)
    decks = [folder / "decks" / f"{name}.pptx" for name in ("held", "free")]
    decks[0].parent.mkdir()
    for deck, made in zip(decks, (pair.held, pair.free), strict=True):
        deck.write_bytes(made.read_bytes())
    print_decks(decks, folder / "printed", folder)
    return [
        str(pair.held),
        str(folder / "printed" / "held.pdf"),
        str(folder / "printed" / "free.pdf"),
    ]


@pytest.fixture(scope="session")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Pair]:
    """The fixture lesson's held deck (its slide PDF beside it), and LibreOffice's prints of
    the held and the free decks (``print_pair``), once for the run."""
    need_tool("soffice")
    _, (deck, held, free) = built_once(tmp_path_factory, "placeholders-printed", print_pair)
    return Path(deck), Pair(Path(held), Path(free))


def test_libreoffice_draws_them_exactly_as_free_shapes(
    printed: tuple[Path, Pair], tmp_path: Path
) -> None:
    """No "Click to add" prompt, no resize, no layout placeholder's text: the same pixels."""
    _, prints = printed
    held, free = drawn(prints.held, tmp_path / "held"), drawn(prints.free, tmp_path / "free")
    assert len(held) == len(free) == 8
    for number, (one, other) in enumerate(zip(held, free, strict=True), start=1):
        assert differing(one, other) == 0, f"slide {number} is drawn differently"


def test_the_slide_pdf_agrees_with_libreoffice(printed: tuple[Path, Pair]) -> None:
    """Also: a body placeholder the slide leaves empty (code alone, a missing picture, text
    beside a table) shows nothing in LibreOffice's PDF: no line the slide PDF lacks."""
    deck, prints = printed
    marks = set(load_theme().bullets.chars)
    ours = lines_of(deck.with_suffix(".pdf"), marks)
    theirs = lines_of(prints.held, marks)
    assert len(ours) == len(theirs) == 8
    for number, (mine, print_) in enumerate(zip(ours, theirs, strict=True), start=1):
        problems, rewrapped = disagreements(mine, print_)
        assert not problems and not rewrapped, f"slide {number}: {problems}"
    words = {word for page in theirs for line in page for word in line.text}
    assert not words & {"Click", "Text"}, "a layout placeholder's prompt is printed"


def test_a_deck_whose_tables_and_pictures_follow_text_is_unchanged(tmp_path: Path) -> None:
    source = LESSONS / "section-16" / "lesson-1.md"  # a picture after text, no table alone
    held = export(source, tmp_path / "held", root=LESSONS)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(writer, "takes", text_only, raising=False)
        free = export(source, tmp_path / "free", root=LESSONS)
    assert held.read_bytes() == free.read_bytes()


# A school's template: content placeholders (no type) take them, text-only bodies do not.


def school(tmp_path: Path, body_type: str | None) -> Path:
    """Return python-pptx's default template (4:3), its layouts' content placeholders given
    ``body_type`` if set (``body``: text only)."""
    buffer = io.BytesIO()
    Presentation().save(buffer)
    out, typed = io.BytesIO(), (body_type or "").encode()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if body_type and item.filename.startswith("ppt/slideLayouts/slideLayout"):
                # every placeholder without a type is a content one: give it body_type
                data = re.sub(rb'<p:ph (sz="\w+" )?idx=', rb'<p:ph type="%s" \1idx=' % typed, data)
            target.writestr(item, data)
    path = tmp_path / f"school-{body_type or 'obj'}.pptx"
    path.write_bytes(out.getvalue())
    return path


@pytest.mark.parametrize("body_type", [None, "body"])
def test_a_templates_content_placeholders_take_them_and_text_only_ones_do_not(
    body_type: str | None, tmp_path: Path
) -> None:
    template = school(tmp_path, body_type)
    pair = export_both(HOLDERS, tmp_path, template)
    kinds = held_kinds(pair.held)
    if body_type is None:
        assert kinds[1] == {1: "PlaceholderGraphicFrame"}
        assert kinds[2] == {1: "PlaceholderPicture"}
        assert kinds[3] == {1: "PlaceholderPicture", 2: "PlaceholderPicture"}
    else:
        assert kinds == [{}] * 8
        assert pair.held.read_bytes() == pair.free.read_bytes()
    assert boxes(pair.held) == boxes(pair.free)


def shape_ids(deck: Path) -> Iterator[list[int]]:
    for slide in Presentation(str(deck)).slides:
        yield [shape.shape_id for shape in slide.shapes]


def test_shape_ids_are_unique_on_each_slide(pair: Pair) -> None:
    for number, ids in enumerate(shape_ids(pair.held), start=1):
        assert len(ids) == len(set(ids)), f"slide {number}: ids {ids}"
