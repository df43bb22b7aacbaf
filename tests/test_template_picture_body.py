"""template: a Title and Content layout whose body is narrowed beside a picture (or chart)
placeholder, a common "content with picture" design: a slide's text takes the room of both,
since an export never fills the picture placeholder, and ``template check`` says so.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.util import Emu, Inches

from exporter.cli import main
from exporter.template.check import report
from exporter.theme import load_theme
from tests.template_kit import NS, A, P, next_shape_id, place, plain_kit

Rect = tuple[float, float, float, float]
CONTENT = "ppt/slideLayouts/slideLayout2.xml"
"""The plain template's Title and Content layout."""


def with_placeholder(folder: Path, name: str, body: Rect, kind: str, box: Rect) -> Path:
    """Write the plain 16:9 template with its Title and Content body at ``body`` and a
    placeholder of ``kind`` (``pic``, ``chart``) at ``box``."""
    kit = plain_kit()
    tree = kit.xml(CONTENT)
    place(tree, "1", body)
    shapes = tree.find("p:cSld/p:spTree", NS)
    assert shapes is not None
    x, y, w, h = (int(Inches(v)) for v in box)
    shapes.append(
        etree.fromstring(
            f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr>'
            f'<p:cNvPr id="{next_shape_id(tree)}" name="Placeholder 9"/>'
            '<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr>'
            f'<p:nvPr><p:ph type="{kind}" sz="quarter" idx="13"/></p:nvPr></p:nvSpPr>'
            f'<p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{w}" cy="{h}"/></a:xfrm>'
            "</p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p/></p:txBody></p:sp>"
        )
    )
    return kit.save(folder / f"{name}.pptx")


BESIDE = {
    # The hunt's: the body at the left, a picture's square at the right.
    "picture-right": ((0.6, 1.8, 7.4, 4.4), "pic", (8.0, 1.7, 4.4, 4.4), (0.6, 12.4)),
    # A picture at the left, the body at the right.
    "picture-left": ((5.0, 1.8, 7.7, 4.6), "pic", (0.6, 1.6, 4.2, 4.8), (0.6, 12.7)),
    # A chart placeholder beside the body, its height a little less than the body's.
    "chart-right": ((0.6, 1.8, 6.6, 4.6), "chart", (7.4, 2.2, 5.3, 3.6), (0.6, 12.7)),
}


@pytest.mark.parametrize(("body", "kind", "box", "across"), BESIDE.values(), ids=BESIDE.keys())
def test_a_body_beside_a_picture_placeholder_takes_the_room_of_both(
    body: Rect, kind: str, box: Rect, across: tuple[float, float], tmp_path: Path
) -> None:
    """The quiz went to 25 slides on the hunt's template, 24 shrunk, its text in the narrow
    body beside an empty picture's room. Its text takes the room of both, in the body's own
    height: the fit's body box, the deck's body placeholders; the quiz takes as many slides
    as on a template whose body is that wide; ``template check`` names the placeholder
    whose room it takes. One over part of the body, or under it, leaves the body as it is.
    """
    path = with_placeholder(tmp_path, "beside", body, kind, box)
    theme = load_theme("default", path)
    frames = theme.slide.frames
    assert frames is not None
    x, y, w, h = frames.body
    assert abs(x - across[0]) < 0.01 and abs(x + w - across[1]) < 0.01, frames.body
    assert abs(y - body[1]) < 0.01 and abs(h - body[3]) < 0.01, frames.body
    named = "picture 13" if kind == "pic" else "chart 13"
    lines = [line.strip() for line in report(theme)]
    assert any(line.startswith(f"its body takes the room of {named} beside it") for line in lines)
    quiz = Path(__file__).parent / "fixtures" / "quizzes" / "iam-networking.md"
    counts = []
    wide = (across[0], body[1], across[1] - across[0], body[3])  # no placeholder beside it
    plain = with_placeholder(tmp_path, "plain", wide, "pic", (0.6, 6.6, 0.1, 0.1))
    for name, template in (("beside", path), ("plain", plain)):
        out = tmp_path / name
        argv = ["build", str(quiz), "-o", str(out), "-q", "--template", str(template)]
        assert main([*argv, "--format", "pptx"]) == 0
        counts.append(len(Presentation(str(out / "iam-networking.pptx")).slides))
    assert counts[0] == counts[1], counts
    deck = Presentation(str(tmp_path / "beside" / "iam-networking.pptx"))
    widths = [
        Emu(shape.width).inches
        for slide in deck.slides
        for shape in slide.placeholders
        if shape.placeholder_format.idx == 1 and slide.slide_layout.name == "Title and Content"
    ]
    assert widths and max(widths) > across[1] - across[0] - 0.3, widths
    assert_kept(tmp_path)


def assert_kept(folder: Path) -> None:
    """Check that a picture placeholder lying over part of the body (an inset) or under it is
    no room beside it: the body keeps its box, and ``template check`` says nothing of it."""
    for name, (body, box) in {
        "over": ((0.6, 1.8, 7.4, 4.4), (6.0, 2.0, 4.0, 3.0)),
        "under": ((0.6, 1.8, 7.4, 3.0), (0.6, 5.0, 12.1, 1.5)),
    }.items():
        theme = load_theme("default", with_placeholder(folder, name, body, "pic", box))
        frames = theme.slide.frames
        assert frames is not None
        assert all(abs(a - b) < 0.01 for a, b in zip(frames.body, body, strict=True)), name
        assert not [line for line in report(theme) if "takes the room of" in line], name
