"""The dependencies say what the code needs: every library the package imports is declared with
a lower bound, and the python-pptx internals the writers reach are all still there."""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import io
import re
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

import pdfplumber
import pytest
import watchfiles
from pptx import Presentation
from pptx.oxml.ns import qn
from pptx.util import Emu

from tests.conftest import ROOT

PACKAGE = ROOT / "exporter"
INTERNALS = PACKAGE / "writers" / "pptx_internals.py"
WEASYPRINT_INTERNALS = PACKAGE / "writers" / "weasyprint_internals.py"
PRIVATE = re.compile(r"^_[^_]")
"""A private name: one leading underscore (a dunder is no such name)."""
LXML_TYPES = {"_Element"}
"""lxml's element type, which its stubs name ``etree._Element``: public in use."""


def floor_script() -> ModuleType:
    """Return ``.ci/floor.py``, the floor check's helpers, as a module."""
    spec = importlib.util.spec_from_file_location("floor", ROOT / ".ci" / "floor.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def declared() -> list[str]:
    """Return the requirements of ``[project] dependencies`` in pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements: list[str] = project["dependencies"]
    return requirements


def normalised(name: str) -> str:
    """Return a distribution's name as PEP 503 compares them."""
    return re.sub(r"[-_.]+", "-", name).lower()


def trees(folder: Path = PACKAGE) -> dict[Path, ast.Module]:
    """Return the parsed source of every module under ``folder``."""
    return {path: ast.parse(path.read_text(encoding="utf-8")) for path in folder.rglob("*.py")}


def imported_modules() -> set[str]:
    """Return the top-level names of what the package imports, other than itself."""
    found: set[str] = set()
    for tree in trees().values():
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module.split(".")[0])
    return found - {"exporter", "__future__"}


def test_every_library_the_package_imports_is_a_declared_dependency_and_no_other() -> None:
    distributions = metadata.packages_distributions()
    libraries = sorted(imported_modules() - sys.stdlib_module_names)
    needed = {normalised(distributions[name][0]) for name in libraries}
    names = {normalised(floor_script().floor_of(requirement)[0]) for requirement in declared()}
    assert needed - names == set(), "imported, but not in pyproject.toml's dependencies"
    assert names - needed == set(), "in pyproject.toml's dependencies, but imported nowhere"


def test_the_floor_check_pins_each_dependency_to_its_lower_bound() -> None:
    floor = floor_script()
    pins = floor.pins(ROOT / "pyproject.toml")
    names = [floor.floor_of(requirement)[0] for requirement in declared()]
    assert [pin.split("==")[0] for pin in pins] == names
    assert floor.floor_of("mistune>=3.3.0,<4") == ("mistune", "3.3.0")
    assert floor.floor_of("fonttools[woff] >= 4.59.2") == ("fonttools", "4.59.2")
    assert floor.same_release("1.0", "1.0.0") and not floor.same_release("1.0", "1.0.1")
    for loose in ("rich", "rich<14", "rich>=13,>=14", "rich>=13; sys_platform == 'linux'"):
        with pytest.raises(ValueError, match="rich"):
            floor.floor_of(loose)


def test_watch_passes_watchfiles_only_arguments_it_takes() -> None:
    tree = ast.parse((PACKAGE / "watch.py").read_text(encoding="utf-8"))
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and ast.unparse(node.func) == "watchfiles.watch"
    ]
    assert calls, "watch.py no longer calls watchfiles.watch: update this test"
    taken = set(inspect.signature(watchfiles.watch).parameters)
    for call in calls:
        passed = {keyword.arg for keyword in call.keywords}
        assert passed <= taken, f"watchfiles {watchfiles.VERSION} takes no {passed - taken}"


# python-pptx's internals, each checked where the writers use it.


@dataclass
class Deck:
    """A presentation made with python-pptx's public API only: one slide holding a table."""

    prs: Any
    slide: Any
    frame: Any
    table: Any


@pytest.fixture
def deck() -> Deck:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    frame = slide.shapes.add_table(2, 3, Emu(0), Emu(0), Emu(3000000), Emu(1000000))
    return Deck(prs, slide, frame, frame.table)


def internals() -> ModuleType:
    """Return ``exporter.writers.pptx_internals`` (which imports python-pptx's ``_Cell``)."""
    return importlib.import_module("exporter.writers.pptx_internals")


def slide_ids(deck: Deck) -> tuple[object, object]:
    number = len(deck.prs.slides) + 1
    slide = internals().new_slide(deck.prs, deck.prs.slide_layouts[0], number)
    master = deck.prs.part.notes_master_part
    first, blank = internals().add_notes(slide, 1, master)
    first.notes_text_frame.text = "said"
    other = internals().new_slide(deck.prs, deck.prs.slide_layouts[0], number + 1)
    copied, _ = internals().add_notes(other, 2, master, blank)  # a copy of the blank page
    copied.notes_text_frame.text = "too"
    assert other.notes_slide.notes_text_frame.text == "too"
    return (deck.prs.slides.index(slide), slide.notes_slide.notes_text_frame.text), (
        number - 1,
        "said",
    )


def core_properties(deck: Deck) -> tuple[object, object]:
    return internals().core_properties_xml(deck.prs).tag, qn("cp:coreProperties")


def master_and_layout(deck: Deck) -> tuple[object, object]:
    xml_of = internals().xml_of
    got = (xml_of(deck.prs.slide_master).tag, xml_of(deck.prs.slide_layouts[0]).tag)
    return got, (qn("p:sldMaster"), qn("p:sldLayout"))


def shape(deck: Deck) -> tuple[object, object]:
    return internals().xml_of(deck.frame).tag, qn("p:graphicFrame")


def shape_tree(deck: Deck) -> tuple[object, object]:
    tree = internals().shape_tree(deck.slide)
    return (tree.tag, tree[-1].tag), (qn("p:spTree"), qn("p:graphicFrame"))


def table_rows(deck: Deck) -> tuple[object, object]:
    rows = internals().table_rows(deck.table)
    rows[1].h = Emu(123456)
    got = ([row.tag for row in rows], len(rows[0].tc_lst), deck.table.rows[1].height)
    return got, ([qn("a:tr")] * 2, 3, 123456)


def grid_columns(deck: Deck) -> tuple[object, object]:
    columns = internals().grid_columns(deck.table)
    columns[2].w = Emu(654321)
    return (len(columns), deck.table.columns[2].width), (3, 654321)


def hyperlink(deck: Deck) -> tuple[object, object]:
    rid = internals().add_hyperlink(deck.slide, "https://example.com/a")
    relationship = deck.slide.part.rels[rid]
    return (relationship.is_external, relationship.target_ref), (True, "https://example.com/a")


def table_cell(deck: Deck) -> tuple[object, object]:
    row = internals().table_rows(deck.table)[1]
    internals().table_cell(row.tc_lst[2], deck.frame).margin_left = Emu(4321)
    return deck.table.cell(1, 2).margin_left, 4321


def cell_text_body(deck: Deck) -> tuple[object, object]:
    return internals().cell_text_body(deck.table.cell(0, 0)).tag, qn("a:txBody")


PPTX_INTERNALS: dict[str, Callable[[Deck], tuple[object, object]]] = {
    "the slide and notes parts made by new_slide and add_notes": slide_ids,
    "CorePropertiesPart._element": core_properties,
    "the element of a slide master and a slide layout": master_and_layout,
    "BaseShape.element": shape,
    "the element of a slide's shapes (p:spTree)": shape_tree,
    "Table._tbl, CT_Table.tr_lst, CT_TableRow.tc_lst and CT_TableRow.h": table_rows,
    "pptx.table._Cell": table_cell,
    "Table._tbl.tblGrid.gridCol_lst": grid_columns,
    "_Relationships._add_relationship": hyperlink,
    "TextFrame._txBody": cell_text_body,
}
"""Each internal the writers use, and a check that it still does what they use it for."""


@pytest.mark.parametrize("internal", PPTX_INTERNALS)
def test_python_pptx_still_has_the_internals_the_writers_use(internal: str, deck: Deck) -> None:
    changed = (
        f"python-pptx {metadata.version('python-pptx')} changed {internal}, which "
        "exporter/writers/pptx_internals.py uses (its docstring says what for)"
    )
    try:
        got, wanted = PPTX_INTERNALS[internal](deck)
        problem = "" if got == wanted else f"{got!r} where {wanted!r} was wanted"
    except (AttributeError, TypeError, ImportError, IndexError, KeyError) as exc:
        problem = f"{exc.__class__.__name__}: {exc}"
    if problem:
        pytest.fail(f"{changed}: {problem}", pytrace=False)


DOCUMENTED = {"os", "sys"}
"""Standard modules whose names with a leading underscore are documented (``os._exit``)."""


def private_names(tree: ast.Module) -> set[str]:
    """Return the private attributes read and the private names imported in ``tree``."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and PRIVATE.match(node.attr):
            if not (isinstance(node.value, ast.Name) and node.value.id in DOCUMENTED):
                names.add(node.attr)
        elif isinstance(node, ast.ImportFrom):
            names.update(alias.name for alias in node.names if PRIVATE.match(alias.name))
    return names - LXML_TYPES


def test_only_the_internals_modules_reach_private_names_and_their_docstrings_list_each() -> None:
    for path, tree in trees().items():
        if path not in (INTERNALS, WEASYPRINT_INTERNALS):
            assert private_names(tree) == set(), (
                f"{path.name}: go through pptx_internals.py or weasyprint_internals.py"
            )
    for internals_module in (INTERNALS, WEASYPRINT_INTERNALS):
        tree = ast.parse(internals_module.read_text(encoding="utf-8"))
        listed = ast.get_docstring(tree) or ""
        used = private_names(tree)
        assert used, f"{internals_module.name} reaches no private name: update this test"
        unlisted = {name for name in used if name not in listed}
        assert unlisted == set(), f"{internals_module.name} uses, but does not list, these"


def test_weasyprint_lays_our_documents_out_without_the_undrawn_user_agent_rules() -> None:
    """WeasyPrint's internals (``weasyprint_internals``): its user-agent sheet still has the
    rule that costs most (``::marker``, for every element), and ``HTML`` still takes its
    sheets from ``_ua_stylesheets``; a document laid out without the rules is the same PDF,
    byte for byte."""
    from weasyprint import HTML

    from exporter.writers.pdf import LessonHTML
    from exporter.writers.weasyprint_internals import UNDRAWN, user_agent_sheet

    found = UNDRAWN.findall(user_agent_sheet()[0] or "")
    assert "marker" in found, f"WeasyPrint's user-agent sheet changed: {found}"
    assert LessonHTML is not HTML and issubclass(LessonHTML, HTML)
    page = "<p style='font-size:20pt'>Lean <b>sheet</b></p><pre>code</pre><table><td>1</table>"
    lean, whole = (
        made(string=page).write_pdf(pdf_identifier=b"lean", pdf_tags=True)
        for made in (LessonHTML, HTML)
    )
    assert lean == whole  # no date: the page has none to give


def test_an_array_of_a_named_length_given_its_values_is_made_of_the_open_type() -> None:
    """``weasyprint_internals.sized_arrays`` on a real cffi ``FFI``: an array type of a length
    given as many values (a list or a tuple) is asked of cffi as the open type, the same values
    in it; any other call reaches cffi as it was made."""
    import cffi  # type: ignore[import-untyped]  # WeasyPrint's, as its ffi is made

    from exporter.writers.weasyprint_internals import sized_arrays

    ffi = cffi.FFI()
    ffi.cdef("typedef unsigned int hb_codepoint_t;")
    asked: list[str] = []
    new = ffi.new

    def recorded(cdecl: str, init: Any = None) -> Any:
        asked.append(cdecl)
        return new(cdecl, init)

    ffi.new = recorded
    sized_arrays(ffi)
    sized_arrays(ffi)  # a second call changes nothing
    made = ffi.new("hb_codepoint_t[3]", [7, 1, 65535])
    assert list(made) == [7, 1, 65535] and ffi.sizeof(made) == 3 * ffi.sizeof("hb_codepoint_t")
    assert list(ffi.new("hb_codepoint_t[2]", (4, 5))) == [4, 5]
    longer = ffi.new("hb_codepoint_t[4]", [9])  # fewer values: the rest zero, as cffi does
    assert list(longer) == [9, 0, 0, 0]
    assert bytes(ffi.buffer(ffi.new("char[3]", b"abc"))) == b"abc"  # no terminating zero added
    assert ffi.new("hb_codepoint_t *")[0] == 0
    assert asked == [
        "hb_codepoint_t[]",
        "hb_codepoint_t[]",
        "hb_codepoint_t[4]",
        "char[3]",
        "hb_codepoint_t *",
    ]


def test_weasyprint_still_names_the_length_of_the_arrays_it_subsets_fonts_with() -> None:
    """``weasyprint_internals.sized_arrays`` is in force on WeasyPrint's ``ffi``, and WeasyPrint
    still asks it for arrays of named lengths while it subsets a PDF's fonts with HarfBuzz
    (were it not to, ``sized_arrays`` could go); the PDF's text is still all there."""
    pdf_writer = importlib.import_module("exporter.writers.pdf")
    from weasyprint.text.ffi import ffi, harfbuzz_subset

    if harfbuzz_subset is None:
        pytest.skip("no HarfBuzz subsetter here (libharfbuzz-subset0): fontTools subsets fonts")
    assert getattr(ffi.new, "sized_arrays", False), "sized_arrays is not in force"
    asked: list[str] = []
    shim = ffi.new

    def recorded(cdecl: Any, init: Any = None) -> Any:
        asked.append(cdecl if isinstance(cdecl, str) else "")
        return shim(cdecl, init)

    ffi.new = recorded
    try:
        text = "Subset 37 glyphs: zqxjkvbpygfwmucldrhsnioate ZQXJ"
        pdf = pdf_writer.LessonHTML(string=f"<p>{text}</p>").write_pdf()
    finally:
        ffi.new = shim
    named = [cdecl for cdecl in asked if re.fullmatch(r"hb_codepoint_t\[\d+\]", cdecl)]
    assert named, f"WeasyPrint made no array of a named length: {sorted(set(asked))}"
    with pdfplumber.open(io.BytesIO(pdf)) as read:
        assert read.pages[0].extract_text() == text


RULE_SHEETS = [
    ".slide p.s0{font-size:44.0pt;font-weight:700;color:#1F3864}.slide div.s1{left:0.68in}",
    "a,b > c{color:red}p::first-line{color:blue}td:nth-child(2n+1){padding:0 1pt}",
    "p::nonsense{color:red}em{color:green}",  # a pseudo-element WeasyPrint does not know
    "p{colour:red;color:blue}q{nonsense:1}",  # a misspelt property; a rule with none that holds
    'p:unknown(x){color:red}b{font:12pt/1.5 "Liberation Sans";content:"}{"}',
    "& p{color:red}.x{transform:translateY(-50%)}",  # WeasyPrint's nesting selector
    "p{background:url(lesson:/a.png) no-repeat}i{margin:1pt!important}",
]
"""Style sheets of plain rules, with what WeasyPrint's parse does something of its own with."""


def matcher_entries(matcher: Any) -> list[tuple[str, str, list[tuple[Any, ...]]]]:
    """Return what a cssselect2 matcher holds, bucket by bucket: each selector's specificity,
    order, pseudo-element and payload (its compiled test aside: a function)."""
    found = []
    for bucket, held in sorted(vars(matcher).items()):
        if not isinstance(held, dict | list):
            continue
        for key, entries in sorted(held.items() if isinstance(held, dict) else [("", held)]):
            found.append((bucket, key, [(s, o, p, repr(d)) for _, s, o, p, d in entries]))
    return found


@pytest.mark.parametrize("sheet", RULE_SHEETS)
def test_a_sheet_assembled_from_kept_rules_is_the_sheet_weasyprint_parses(sheet: str) -> None:
    """``weasyprint_internals.RuleSheets``: WeasyPrint still puts a sheet's rules in the matcher
    it is given, so that one assembled from rules parsed apart (each selector in a rule of its
    own, each set of declarations too) holds what the whole sheet's parse holds, in the same
    order; and a document styled by either is the same PDF."""
    from weasyprint import CSS

    from exporter.writers.pdf import Fetcher, LessonHTML
    from exporter.writers.weasyprint_internals import RuleSheets, plain_rules

    assert plain_rules(sheet) is not None
    sheets = RuleSheets(CSS, "lesson:/")
    whole = CSS(string=sheet, base_url="lesson:/")
    for _ in range(2):  # parsing what is new, then from what it kept
        assembled = sheets.sheet(sheet, Fetcher({}))
        assert assembled is not None
        assert matcher_entries(assembled.matcher) == matcher_entries(whole.matcher)
    page = "<p>a <b>b</b> <i>i</i> <em>e</em></p><table><tr><td>1<td>2</table><q>q</q><c>c</c>"
    made = [
        LessonHTML(string=page, base_url="lesson:/").write_pdf(
            stylesheets=[made], pdf_identifier=b"x"
        )
        for made in (assembled, whole)
    ]
    assert made[0] == made[1]


@pytest.mark.parametrize(
    "sheet",
    [
        "@page{size:A4}p{color:red}",  # an at-rule
        "p{color:red}/* a comment */",
        "p{color:red",  # not closed
        "p:not(.x{color:red}q{color:blue}",  # a bracket left open holds the rules after it
        r'p{content:"\"}"}',  # an escape
        "<!-- p{color:red} -->",
    ],
)
def test_only_sheets_any_parser_reads_alike_are_assembled(sheet: str) -> None:
    from exporter.writers.weasyprint_internals import plain_rules

    assert plain_rules(sheet) is None


def test_rules_seen_before_under_other_names_are_not_parsed_again() -> None:
    """A document's classes are the ones before it under other names: their declarations are
    parsed once a process, and only the new ones for a later sheet."""
    from weasyprint import CSS

    from exporter.writers.pdf import Fetcher
    from exporter.writers.weasyprint_internals import RuleSheets

    sheets = RuleSheets(CSS, "lesson:/")
    sheets.sheet(".s0{color:red}.s1{font-size:12pt}", Fetcher({}))
    parsed: list[str] = []

    def parse(sheet: str) -> list[tuple[Any, Any]]:
        parsed.append(sheet)
        return RuleSheets.parse(sheets, sheet)

    sheets.parse = parse  # type: ignore[method-assign]
    sheets.sheet(".s1{color:red}.s0{font-size:12pt}", Fetcher({}))
    assert parsed == []
    sheets.sheet(".s1{color:red}.s2{font-size:14pt}", Fetcher({}))
    assert parsed == [".s2{z-index:0}", ".d0{font-size:14pt}"]


def test_weasyprint_still_holds_what_a_document_read_as_xml_is_given() -> None:
    """``weasyprint_internals.tree_html``: an ``HTML`` still holds only its address, fetcher,
    media type and tree once it has read its document, so that one given those for a tree
    read as XML (``writers/markup.py``) is the same document; else every document is read
    by WeasyPrint's HTML parser, as before, only slower."""
    from exporter.writers.pdf import LessonHTML, from_tree
    from exporter.writers.weasyprint_internals import READ

    held = set(vars(LessonHTML(string="<p>read</p>")))
    assert from_tree is not None, f"an HTML now holds {sorted(held)}, not {sorted(READ)}"


def test_a_sheet_with_more_rules_than_are_kept_is_assembled_whole(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A process keeps ``KEPT_RULES`` selectors and sets of declarations; a sheet with more
    (a lesson of thousands of slides) is assembled all the same, from what it parsed."""
    from weasyprint import CSS

    from exporter.writers import weasyprint_internals
    from exporter.writers.pdf import Fetcher

    monkeypatch.setattr(weasyprint_internals, "KEPT_RULES", 3)
    sheets = weasyprint_internals.RuleSheets(CSS, "lesson:/")
    sheet = "".join(f".s{n}{{margin-left:{n}pt}}" for n in range(10))
    assembled = sheets.sheet(sheet, Fetcher({}))
    assert assembled is not None
    whole = CSS(string=sheet, base_url="lesson:/")
    assert matcher_entries(assembled.matcher) == matcher_entries(whole.matcher)
    assert len(sheets.selectors) == len(sheets.declarations) == 3
