"""template: a school's template file is read safely, refused clearly when it cannot be used,
loses its sample slides without a trace, and is written back as the same bytes every time.

Every bad file is made here: a zip of a Word-like package, OLE2 headers, a deck retyped as
macro-enabled, zips that expand too far, a package lacking a layout.
"""

from __future__ import annotations

import io
import subprocess
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
from lxml import etree
from PIL import Image
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.package import Part
from pptx.opc.packuri import PackURI
from pptx.oxml.shapes.picture import CT_Picture
from pptx.parts.slide import SlideMasterPart
from pptx.slide import SlideMaster

from exporter.errors import ExporterError
from exporter.template import package as template_package
from exporter.template.opc import Package
from exporter.template.package import (
    CONTENT_TYPES,
    OLE2,
    PRESENTATION,
    package_bytes,
    read_template,
    without_slides,
)
from tests.conftest import need_tool
from tests.package_check import package_problems

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
P14 = "http://schemas.microsoft.com/office/powerpoint/2010/main"
TEMPLATE = "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml"
MACROS = "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"


def deck_bytes(slides: int = 0) -> bytes:
    """Return python-pptx's default deck with ``slides`` titled slides."""
    deck = Presentation()
    for number in range(slides):
        deck.slides.add_slide(deck.slide_layouts[1]).shapes.title.text = f"Sample {number}"
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def parts_of(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def zip_of(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def edited_deck(edit: Callable[[dict[str, bytes]], None]) -> bytes:
    """Return the default deck with its parts changed by ``edit``."""
    parts = parts_of(deck_bytes())
    edit(parts)
    return zip_of(parts)


def refusal(tmp_path: Path, data: bytes, name: str = "school.pptx") -> str:
    """Return the message ``read_template`` refuses ``data`` (saved as ``name``) with."""
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ExporterError) as caught:
        read_template(path)
    diagnostic = caught.value.diagnostic
    assert diagnostic.code == "template"
    assert diagnostic.message.startswith(f"{path}: ")
    return diagnostic.message


def retyped(old: bytes, new: bytes) -> Callable[[dict[str, bytes]], None]:
    def edit(parts: dict[str, bytes]) -> None:
        assert old in parts[CONTENT_TYPES]
        parts[CONTENT_TYPES] = parts[CONTENT_TYPES].replace(old, new)

    return edit


# -- refusals -------------------------------------------------------------------------------


def test_a_missing_file_or_a_folder_is_refused_naming_it(tmp_path: Path) -> None:
    for path in (tmp_path / "nowhere.pptx", tmp_path):
        with pytest.raises(ExporterError) as caught:
            read_template(path)
        assert caught.value.diagnostic.message.startswith(f"{path}: cannot be read")


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"", "is empty"),
        (b"%PDF-1.7\n", "is a PDF"),
        (b"Title\nJust some text\n", "a .pptx or .potx is a zip archive"),
    ],
)
def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path, data: bytes, said: str) -> None:
    assert said in refusal(tmp_path, data)


def test_a_template_cut_short_is_named_damaged_not_foreign(tmp_path: Path) -> None:
    """A template downloaded in part (the first half of a real deck: a zip's start without
    the directory at its end) was said to be "not a PowerPoint file"."""
    data = deck_bytes(slides=2)
    for cut in (len(data) // 2, len(data) - 10):
        said = refusal(tmp_path, data[:cut])
        assert "is damaged or incomplete" in said and "download or save it again" in said


def ole2(*streams: str) -> bytes:
    """Return the start of an OLE2 compound file whose directory names ``streams``."""
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\0") for name in streams)
    return OLE2 + bytes(504) + directory


def test_an_encrypted_office_file_is_named_as_such(tmp_path: Path) -> None:
    message = refusal(tmp_path, ole2("EncryptionInfo", "EncryptedPackage"))
    assert "password-protected (encrypted)" in message
    assert "save it as .pptx without a password" in message


def test_an_old_binary_powerpoint_file_is_named_as_such(tmp_path: Path) -> None:
    message = refusal(tmp_path, ole2("PowerPoint Document", "Current User"), "school.pot")
    assert "old binary PowerPoint 97-2003 file (.ppt or .pot)" in message
    assert "save it as .pptx or .potx without a password" in message
    assert "encrypted" not in message


def office_package(main: str, content_type: str) -> bytes:
    """Return a minimal Office package whose main part ``main`` has ``content_type``."""
    types = (
        f'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        f'<Default Extension="rels" ContentType="application/'
        f'vnd.openxmlformats-package.relationships+xml"/>'
        f'<Override PartName="/{main}" ContentType="{content_type}"/></Types>'
    )
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/officeDocument" Target="{main}"/></Relationships>'
    )
    return zip_of({CONTENT_TYPES: types.encode(), "_rels/.rels": rels.encode(), main: b"<x/>"})


@pytest.mark.parametrize(
    ("main", "kind", "said"),
    [
        ("word/document.xml", "wordprocessingml.document.main+xml", "is a Word document"),
        ("word/document.xml", "wordprocessingml.template.main+xml", "is a Word document"),
        ("xl/workbook.xml", "spreadsheetml.sheet.main+xml", "is an Excel workbook"),
        ("xl/workbook.xml", "spreadsheetml.template.main+xml", "is an Excel workbook"),
    ],
)
def test_a_word_or_excel_file_is_refused_by_its_main_part(
    tmp_path: Path, main: str, kind: str, said: str
) -> None:
    content_type = f"application/vnd.openxmlformats-officedocument.{kind}"
    message = refusal(tmp_path, office_package(main, content_type))
    assert said in message
    assert "not a PowerPoint template" in message


def with_vba(parts: dict[str, bytes]) -> None:
    """Add a VBA project to a deck's parts, as PowerPoint does in a .pptm."""
    parts["ppt/vbaProject.bin"] = b"\0" * 64
    rel = (
        b'<Relationship Id="rId99" Type="http://schemas.microsoft.com/office/2006/relationships/'
        b'vbaProject" Target="vbaProject.bin"/></Relationships>'
    )
    rels = "ppt/_rels/presentation.xml.rels"
    parts[rels] = parts[rels].replace(b"</Relationships>", rel)
    default = b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    parts[CONTENT_TYPES] = parts[CONTENT_TYPES].replace(b"<Default ", default + b"<Default ", 1)


def as_pptm(parts: dict[str, bytes]) -> None:
    retyped(PRESENTATION.encode(), MACROS.encode())(parts)
    with_vba(parts)


@pytest.mark.parametrize("edit", [as_pptm, with_vba], ids=["pptm", "vba-in-pptx"])
def test_a_macro_enabled_file_is_refused_whatever_its_name(
    tmp_path: Path, edit: Callable[[dict[str, bytes]], None]
) -> None:
    message = refusal(tmp_path, edited_deck(edit), "innocent.pptx")
    assert "macro-enabled" in message
    assert "code that would be carried into every deck" in message
    assert "as .pptx or .potx" in message


def test_an_opendocument_presentation_is_named(tmp_path: Path) -> None:
    data = zip_of({"mimetype": b"application/vnd.oasis.opendocument.presentation"})
    assert "is an OpenDocument file" in refusal(tmp_path, data, "school.odp")


def test_a_part_that_expands_too_far_is_refused_as_a_zip_bomb(tmp_path: Path) -> None:
    def bomb(parts: dict[str, bytes]) -> None:
        parts["ppt/media/image1.png"] = bytes(8 * 1024 * 1024)

    message = refusal(tmp_path, edited_deck(bomb))
    assert "its part ppt/media/image1.png expands" in message
    assert "zip bomb" in message


def test_a_part_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(template_package, "MAX_PART_BYTES", 10_000)
    message = refusal(tmp_path, deck_bytes())
    assert message.endswith(
        "its part ppt/slideMasters/slideMaster1.xml unpacks to more than 10000 bytes, too large"
    )


def test_a_package_over_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(template_package, "MAX_PACKAGE_BYTES", 40_000)
    assert "all parts together unpack to more than" in refusal(tmp_path, deck_bytes())


def test_too_many_entries_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(template_package, "MAX_ENTRIES", 10)
    assert "entries, more than 10" in refusal(tmp_path, deck_bytes())


def test_a_part_is_bounded_while_read_whatever_the_header_declares(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the declared sizes let through (as a header that lies would be), the reader
    itself stops at the limit."""
    monkeypatch.setattr(template_package, "check_declared", lambda path, infos: None)
    monkeypatch.setattr(template_package, "MAX_PART_BYTES", 10_000)
    monkeypatch.setattr(template_package, "CHUNK", 1024)
    assert "slideMaster1.xml unpacks to more than" in refusal(tmp_path, deck_bytes())
    monkeypatch.setattr(template_package, "MAX_PART_BYTES", 10**9)
    monkeypatch.setattr(template_package, "MAX_PACKAGE_BYTES", 40_000)
    assert "all parts together unpack to more than" in refusal(tmp_path, deck_bytes())


def understated(data: bytes, name: str) -> bytes:
    """Return the zip ``data`` with the central directory declaring ``name`` 100 bytes long."""
    entry = data.index(b"PK\x01\x02")
    while data[entry + 46 : entry + 46 + len(name)] != name.encode():
        entry = data.index(b"PK\x01\x02", entry + 4)
    size = (100).to_bytes(4, "little")
    return data[: entry + 24] + size + data[entry + 28 :]


def test_a_header_that_understates_a_part_is_refused_as_damaged(tmp_path: Path) -> None:
    data = understated(deck_bytes(), "ppt/slideMasters/slideMaster1.xml")
    message = refusal(tmp_path, data)
    assert "its part ppt/slideMasters/slideMaster1.xml is damaged" in message


def test_two_entries_of_one_name_are_refused(tmp_path: Path) -> None:
    buffer = io.BytesIO(deck_bytes())
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "a") as archive:
        warnings.simplefilter("ignore")
        archive.writestr("ppt/presentation.xml", b"<other/>")
    assert "two entries named ppt/presentation.xml" in refusal(tmp_path, buffer.getvalue())


def test_a_missing_layout_is_refused_naming_it_and_its_master(tmp_path: Path) -> None:
    def lose_layout(parts: dict[str, bytes]) -> None:
        del parts["ppt/slideLayouts/slideLayout3.xml"]

    message = refusal(tmp_path, edited_deck(lose_layout))
    assert "lacks its part ppt/slideLayouts/slideLayout3.xml" in message
    assert "which ppt/slideMasters/slideMaster1.xml names (a slideLayout)" in message


def test_a_missing_theme_is_refused_naming_it(tmp_path: Path) -> None:
    def lose_theme(parts: dict[str, bytes]) -> None:
        del parts["ppt/theme/theme1.xml"]

    assert "lacks its part ppt/theme/theme1.xml" in refusal(tmp_path, edited_deck(lose_theme))


def test_a_package_without_a_presentation_part_is_refused(tmp_path: Path) -> None:
    def lose_presentation(parts: dict[str, bytes]) -> None:
        del parts["ppt/presentation.xml"]

    def lose_relationship(parts: dict[str, bytes]) -> None:
        parts["_rels/.rels"] = parts["_rels/.rels"].replace(b"officeDocument", b"other")

    assert "has no presentation part" in refusal(tmp_path, edited_deck(lose_presentation))
    assert "has no presentation part" in refusal(tmp_path, edited_deck(lose_relationship))


def test_a_part_that_is_not_xml_is_refused_naming_it(tmp_path: Path) -> None:
    def break_layout(parts: dict[str, bytes]) -> None:
        parts["ppt/slideLayouts/slideLayout2.xml"] = b"<p:sldLayout xmlns:p='x'><p:cSld>"

    message = refusal(tmp_path, edited_deck(break_layout))
    assert "its part ppt/slideLayouts/slideLayout2.xml is not well-formed XML" in message


def test_a_part_declaring_entities_is_refused(tmp_path: Path) -> None:
    def add_entities(parts: dict[str, bytes]) -> None:
        name = "ppt/presProps.xml"
        head, body = parts[name].split(b"?>", 1)
        parts[name] = head + b'?><!DOCTYPE p [<!ENTITY a "aaaa">]>' + body

    assert "ppt/presProps.xml declares a DTD" in refusal(tmp_path, edited_deck(add_entities))


# -- .potx ----------------------------------------------------------------------------------


def test_a_potx_is_given_the_presentation_type_python_pptx_requires(tmp_path: Path) -> None:
    path = tmp_path / "school.potx"
    path.write_bytes(edited_deck(retyped(PRESENTATION.encode(), TEMPLATE.encode())))
    with pytest.raises(ValueError, match=r"template\.main"):
        Presentation(str(path))
    package = read_template(path)
    assert package.content_type("ppt/presentation.xml") == PRESENTATION
    deck = Presentation(io.BytesIO(package_bytes(package)))
    assert len(deck.slide_layouts) == 11


# -- bytes kept, bytes written --------------------------------------------------------------


def test_parts_nothing_changes_keep_their_bytes(tmp_path: Path) -> None:
    path = tmp_path / "school.pptx"
    path.write_bytes(deck_bytes())
    original = parts_of(path.read_bytes())
    package = without_slides(read_template(path))
    assert dict(package.parts) == original
    written = package_bytes(package)
    assert parts_of(written) == original
    assert package_bytes(package) == written
    with zipfile.ZipFile(io.BytesIO(written)) as archive:
        names = archive.namelist()
        stamps = {info.date_time for info in archive.infolist()}
    assert names[0] == CONTENT_TYPES
    assert names[1:] == sorted(names[1:])
    assert len(stamps) == 1


def test_the_same_parts_in_another_order_give_the_same_bytes() -> None:
    parts = parts_of(deck_bytes())
    backwards = dict(reversed(parts.items()))
    assert package_bytes(Package(parts)) == package_bytes(Package(backwards))


# -- sample slides --------------------------------------------------------------------------


def png(color: str) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), color).save(buffer, "PNG")
    buffer.seek(0)
    return buffer


def add_logo(master: SlideMaster, image: io.BytesIO) -> None:
    """Put ``image`` on ``master`` as a picture, as a school's logo is."""
    part: SlideMasterPart = master.part  # type: ignore[assignment]
    _, rid = part.get_or_add_image_part(image)
    tree = master.shapes._spTree
    shape_id = max(int(str(i)) for i in tree.xpath("//p:cNvPr/@id")) + 1
    new_pic: Callable[..., etree._Element] = CT_Picture.new_pic
    tree.append(new_pic(shape_id, "Logo", "", rid, 0, 0, 914400, 457200))


def sample_template() -> bytes:
    """Return a template with a logo on its master and three sample slides holding notes and
    pictures (one the same as the logo, one only a slide shows) and an embedding, listed in
    sections and a custom show, with the slide show set to a range of them."""
    deck = Presentation()
    add_logo(deck.slide_master, png("navy"))
    for number, color in enumerate(["navy", "orange", "orange"]):
        slide = deck.slides.add_slide(deck.slide_layouts[5])
        slide.shapes.title.text = f"Sample {number}"
        slide.shapes.add_picture(png(color), 914400, 914400)
        slide.notes_slide.notes_text_frame.text = f"Say {number}"
    name = PackURI("/ppt/embeddings/data1.bin")
    embedding = Part(name, "application/octet-stream", deck.part.package, b"\0" * 32)
    deck.slides[0].part.relate_to(embedding, RT.PACKAGE)
    buffer = io.BytesIO()
    deck.save(buffer)
    parts = parts_of(buffer.getvalue())
    parts["ppt/presentation.xml"] = with_sections(parts["ppt/presentation.xml"])
    parts["ppt/presProps.xml"] = parts["ppt/presProps.xml"].replace(
        b"</p:presentationPr>", b'<p:showPr><p:sldRg st="1" end="2"/></p:showPr></p:presentationPr>'
    )
    return zip_of(parts)


def with_sections(presentation: bytes) -> bytes:
    """Return ``presentation`` with a custom show and two sections over its slides."""
    root = etree.fromstring(presentation)
    entries = root.findall(f"{{{P}}}sldIdLst/{{{P}}}sldId")
    rid = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    shows = etree.Element(f"{{{P}}}custShowLst")
    show = etree.SubElement(shows, f"{{{P}}}custShow", name="Short", id="0")
    listed = etree.SubElement(show, f"{{{P}}}sldLst")
    etree.SubElement(listed, f"{{{P}}}sld", {rid: str(entries[1].get(rid))})
    root.find(f"{{{P}}}notesSz").addnext(shows)  # type: ignore[union-attr]
    sections = etree.Element(f"{{{P14}}}sectionLst", nsmap={"p14": P14})
    for name, members in (("Opening", entries[:1]), ("Body", entries[1:])):
        section = etree.SubElement(sections, f"{{{P14}}}section", name=name, id="{0}")
        ids = etree.SubElement(section, f"{{{P14}}}sldIdLst")
        for entry in members:
            etree.SubElement(ids, f"{{{P14}}}sldId", id=str(entry.get("id")))
    extensions = etree.SubElement(root, f"{{{P}}}extLst")
    ext = etree.SubElement(extensions, f"{{{P}}}ext", uri="{521415D9-36F7-43E2-AB2F-B90AF26B5E84}")
    ext.append(sections)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


@pytest.fixture(scope="module")
def cleaned(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, bytes], bytes]:
    """The sample template's parts, and its package without slides as bytes."""
    path = tmp_path_factory.mktemp("template") / "school.pptx"
    path.write_bytes(sample_template())
    return parts_of(path.read_bytes()), package_bytes(without_slides(read_template(path)))


def test_the_sample_template_is_what_the_tests_say(
    cleaned: tuple[dict[str, bytes], bytes],
) -> None:
    before, _ = cleaned
    assert package_problems(zip_of(before)) == []
    assert len(Presentation(io.BytesIO(zip_of(before))).slides) == 3
    assert {"ppt/notesSlides/notesSlide3.xml", "ppt/embeddings/data1.bin"} <= set(before)
    assert b"sectionLst" in before["ppt/presentation.xml"]
    media = [name for name in before if name.startswith("ppt/media/")]
    assert len(media) == 2


def test_sample_slides_leave_no_part_behind(cleaned: tuple[dict[str, bytes], bytes]) -> None:
    before, data = cleaned
    after = parts_of(data)
    assert package_problems(data) == []
    assert len(Presentation(io.BytesIO(data)).slides) == 0
    gone = sorted(set(before) - set(after))
    assert not [name for name in after if name.startswith(("ppt/slides/", "ppt/notesSlides/"))]
    assert "ppt/embeddings/data1.bin" in gone
    master = Package(after)
    logo = master.related("ppt/slideMasters/slideMaster1.xml", "image")
    assert [name for name in after if name.startswith("ppt/media/")] == logo
    assert "ppt/notesMasters/notesMaster1.xml" in after
    for removed in gone:
        assert f'PartName="/{removed}"'.encode() not in after[CONTENT_TYPES]


def test_sample_slides_leave_no_list_behind(cleaned: tuple[dict[str, bytes], bytes]) -> None:
    _, data = cleaned
    after = parts_of(data)
    presentation = after["ppt/presentation.xml"]
    for trace in (b"sldIdLst>", b"custShowLst", b"sectionLst", b"<p:extLst"):
        assert trace not in presentation
    assert b"sldRg" not in after["ppt/presProps.xml"]
    assert b'relationships/slide"' not in after["ppt/_rels/presentation.xml.rels"]


def test_a_deck_made_from_the_cleaned_template_is_consistent_and_prints(
    cleaned: tuple[dict[str, bytes], bytes], tmp_path: Path
) -> None:
    _, data = cleaned
    deck = Presentation(io.BytesIO(data))
    for number, layout in enumerate((0, 1)):
        slide = deck.slides.add_slide(deck.slide_layouts[layout])
        slide.shapes.title.text = f"Lesson slide {number}"
    path = tmp_path / "deck.pptx"
    deck.save(str(path))
    assert package_problems(path.read_bytes()) == []
    need_tool("soffice")
    profile = (tmp_path / "profile").as_uri()
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to"]
    command += ["pdf", "--outdir", str(tmp_path / "pdf"), str(path)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    with pdfplumber.open(tmp_path / "pdf" / "deck.pdf") as pdf:
        assert [page.extract_text().strip() for page in pdf.pages] == [
            "Lesson slide 0",
            "Lesson slide 1",
        ]


# -- the consistency check the end-to-end tests rely on ------------------------------------


def break_relationship(parts: dict[str, bytes]) -> None:
    del parts["ppt/slideLayouts/slideLayout4.xml"]


def add_stray_part(parts: dict[str, bytes]) -> None:
    parts["ppt/media/stray.png"] = png("red").getvalue()


def add_untyped_part(parts: dict[str, bytes]) -> None:
    parts["ppt/stray.odd"] = b"x"


def add_stale_override(parts: dict[str, bytes]) -> None:
    override = b'<Override PartName="/ppt/gone.xml" ContentType="application/xml"/>'
    parts[CONTENT_TYPES] = parts[CONTENT_TYPES].replace(b"</Types>", override + b"</Types>")


def repeat_shape_id(parts: dict[str, bytes]) -> None:
    name = "ppt/slides/slide1.xml"
    root = etree.fromstring(parts[name])
    ids = root.findall(f".//{{{P}}}cNvPr")
    ids[-1].set("id", str(ids[-2].get("id")))
    parts[name] = etree.tostring(root)


def repeat_slide_id(parts: dict[str, bytes]) -> None:
    name = "ppt/presentation.xml"
    root = etree.fromstring(parts[name])
    entries = root.findall(f"{{{P}}}sldIdLst/{{{P}}}sldId")
    entries[1].set("id", str(entries[0].get("id")))
    parts[name] = etree.tostring(root)


def dangle_embed(parts: dict[str, bytes]) -> None:
    name = "ppt/slides/slide2.xml"
    parts[name] = parts[name].replace(b'r:embed="rId2"', b'r:embed="rId77"')


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        (break_relationship, "→ missing ppt/slideLayouts/slideLayout4.xml"),
        (add_stray_part, "ppt/media/stray.png is in the package but nothing refers to it"),
        (add_untyped_part, "ppt/stray.odd has no content type"),
        (add_stale_override, "an override names ppt/gone.xml, which is missing"),
        (repeat_shape_id, "ppt/slides/slide1.xml repeats shape ids"),
        (repeat_slide_id, "is repeated or out of range"),
        (dangle_embed, "ppt/slides/slide2.xml: blip names rId77"),
    ],
)
def test_package_problems_finds_each_inconsistency(
    edit: Callable[[dict[str, bytes]], None], said: str
) -> None:
    deck = Presentation()
    for _ in range(2):
        deck.slides.add_slide(deck.slide_layouts[6]).shapes.add_picture(png("red"), 0, 0)
    buffer = io.BytesIO()
    deck.save(buffer)
    parts = parts_of(buffer.getvalue())
    assert package_problems(zip_of(parts)) == []
    edit(parts)
    problems = package_problems(zip_of(parts))
    assert any(said in problem for problem in problems), problems
