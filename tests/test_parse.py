"""parse: typed tokens, comments with their exact lines, one parse per lesson, bounded nesting."""

from __future__ import annotations

import ast
import random
from pathlib import Path

import pytest

from exporter import tokens as t
from exporter.builder import build_deck
from exporter.cli import main
from exporter.dump import dump_deck
from exporter.parse import NESTING, parse_markdown, read_markdown, typed_blocks
from exporter.source import parse_source, read_source
from tests.conftest import LESSONS, SEED, STRESS

ROOT = Path(__file__).resolve().parent.parent
FRONT = "---\ntitle: Deep\n---\n\n"
BUILD = ROOT / "tests" / "fixtures" / "build"


def test_every_kind_of_token_is_typed() -> None:
    text = (
        "# Title\n\nSome **bold**, *it*, ~~gone~~, `code`, [a link](https://x.example),\n"
        "![alt](p.png), <b>html</b>, <!-- a comment -->\\\nbreak\n\n"
        "- one\n- two\n\n3. three\n\n> quoted\n\n```sh\nls\n```\n\n    indented\n\n"
        "| h1 | h2 |\n|:--|--:|\n| c1 | c2 |\n\n---\n\n<div>raw</div>\n\n<!-- block -->\n"
    )
    kinds = [type(block).__name__ for block in parse_markdown(text)]
    assert kinds == [
        "Heading",
        "Paragraph",
        "ListBlock",
        "ListBlock",
        "Quote",
        "CodeBlock",
        "CodeBlock",
        "Table",
        "Rule",
        "Html",
        "Comment",
    ]
    blocks = parse_markdown(text)
    paragraph = blocks[1]
    assert isinstance(paragraph, t.Paragraph)
    inline = {type(token).__name__ for token in paragraph.children}
    assert inline == {
        "Text",
        "Strong",
        "Emphasis",
        "Strikethrough",
        "CodeSpan",
        "Link",
        "Image",
        "InlineHtml",
        "LineBreak",
        "SoftBreak",
    }
    assert blocks[3] == t.ListBlock((t.ListItem((t.Paragraph((t.Text("three"),)),)),), True, 3)
    assert blocks[5] == t.CodeBlock("ls\n", "sh")
    assert blocks[7] == t.Table(
        (t.Cell((t.Text("h1"),), "left"), t.Cell((t.Text("h2"),), "right")),
        ((t.Cell((t.Text("c1"),), "left"), t.Cell((t.Text("c2"),), "right")),),
    )


def test_a_token_of_an_unknown_kind_is_an_error_not_text() -> None:
    with pytest.raises(ValueError, match="unknown kind 'footnotes'"):
        list(typed_blocks([{"type": "footnotes", "children": []}], {"ref_links": {}}))


def test_build_reads_typed_tokens_only() -> None:
    for path in sorted((ROOT / "exporter" / "build").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        assert "exporter.parse" not in imported, path.name
        assert "mistune" not in imported, path.name


NESTED = {
    "empty first line of an item": ("-\n  <!-- x -->\n- y\n  <!-- z -->\n", [1, 3]),
    "block quotes": ("> q\n> <!-- a -->\n\n> - a\n>   <!-- b -->\n", [1, 4]),
    "numbered items": ("1. a\n2. b\n   <!-- b -->\n3. c\n\n   more\n   <!-- c -->\n", [2, 6]),
    "inside paragraphs": ("p\n    <!-- a -->\nq <!-- b --> `<!-- c -->` <!-- c -->\n", [1, 2, 2]),
    "table cells": (
        "| a <!-- a --> | b |\n|---|---|\n| 1 | 2 <!-- b --> |\n| <!-- c --> | 4 |\n",
        [0, 2, 3],
    ),
    "deep items": (
        "- a\n\n  - b\n\n    - c\n\n      <!-- a -->\n\n- d\n  > q\n  > <!-- b -->\n",
        [6, 10],
    ),
    "a lazy line mistune adds to the paragraph before": ("text\n>\t[r]: /u\n2) <!-- a -->\n", [2]),
}


@pytest.mark.parametrize(("text", "lines"), NESTED.values(), ids=NESTED.keys())
def test_a_comment_is_found_on_its_line_however_nested(text: str, lines: list[int]) -> None:
    assert [comment.line for comment in read_markdown(text).comments] == lines


PIECES = ["- ", "* ", "1. ", "2) ", "> ", "  ", "    ", "\t", "", "-", ">"]
BODIES = ["text", "```", "~~~", "    code", "<div>", "</div>", "", "---", "| a | b |"]
BODIES += ["|---|---|", "# h", "Title", "===", "[r]: /u", "`x", "x`", "`<!-- c0 -->`"]


def scrambled(rng: random.Random) -> str:
    """Return Markdown of random lines: containers, code, HTML and numbered comments."""
    lines = []
    for number in range(rng.randint(1, 30)):
        prefix = "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 4)))
        shapes = ["<!-- c{} -->", "x <!-- c{} --> y", "<!-- c{}", "c{} -->"]
        if rng.random() < 0.3:
            lines.append(prefix + rng.choice(shapes).format(number + 1))
        else:
            lines.append(prefix + rng.choice(BODIES))
    return "\n".join(lines) + "\n"


def test_every_comment_the_parser_sees_is_on_the_line_given() -> None:
    rng = random.Random(13)
    found = 0
    for _ in range(400):
        text = scrambled(rng)
        lines = text.split("\n")
        for comment in read_markdown(text).comments:
            assert comment.raw.split("\n")[0].strip() in lines[comment.line], text
            found += 1
    assert found > 500


def without_rules(blocks: t.Blocks) -> t.Blocks:
    return tuple(block for block in blocks if not isinstance(block, t.Rule))


LESSON_FILES = [
    *sorted(LESSONS.rglob("*.md")),
    *sorted(STRESS.glob("*.md")),
    *sorted(BUILD.glob("*.md")),
    SEED,
]


@pytest.mark.parametrize("path", LESSON_FILES, ids=lambda path: path.stem)
def test_each_page_has_the_blocks_of_its_own_text(path: Path) -> None:
    """A page's blocks come from the one parse of the lesson, or its text when a break is
    indented; either way they are those of its text parsed alone (trailing rules aside)."""
    for page in read_source(path).pages:
        assert without_rules(page.blocks) == without_rules(parse_markdown(page.text)), page.line


def test_a_quote_ended_by_a_list_stays_before_it() -> None:
    source = parse_source((FRONT + "> quoted\n- item\n<!-- pagebreak -->\nnext\n").encode())
    kinds = [type(block).__name__ for block in source.pages[0].blocks]
    assert kinds == ["Quote", "ListBlock"]


def test_a_line_of_white_space_after_a_heading_is_no_code() -> None:
    assert parse_markdown("# Title\n      \ntext\n") == (
        t.Heading(1, (t.Text("Title"),)),
        t.Paragraph((t.Text("text"),)),
    )


# Each body, after an intro paragraph on line 5, and the line whose nesting passes the limit.
DEEP = {
    "quotes and items": ("> - " * 300 + "deep", 7),
    "items and quotes": ("- > " * 300 + "deep", 7),
    "quotes": ("> " * 300 + "deep", 7),
    "bullets": ("- " * 300 + "deep", 7),
    "numbers": ("1. " * 300 + "deep", 7),
    # item i is i + 1 deep, on line 7 + i
    "indented items": ("\n".join("  " * i + f"- item {i}" for i in range(300)), 7 + NESTING),
    # line 7 + i is i deep
    "quote lines": ("\n".join("> " * i + f"q {i}" for i in range(300)), 8 + NESTING),
}


@pytest.mark.parametrize(("body", "line"), DEEP.values(), ids=DEEP.keys())
def test_deep_nesting_is_flattened_with_one_warning(body: str, line: int) -> None:
    source = parse_source((FRONT + "Intro.\n\n" + body + "\n").encode())
    [diagnostic] = source.diagnostics
    assert diagnostic.code == "too-deep" and str(NESTING) in diagnostic.message
    assert diagnostic.line == line
    deck, _ = build_deck(source, [page.blocks for page in source.pages], "deep")
    dumped = dump_deck(deck)
    # The content past the limit is kept, as text.
    assert ("deep" if "deep" in body else "299") in dumped


def test_nesting_up_to_the_limit_is_kept() -> None:
    source = parse_source((FRONT + "- " * NESTING + "deepest\n").encode())
    assert source.diagnostics == ()
    blocks = source.pages[0].blocks
    for _ in range(NESTING):
        assert isinstance(blocks[0], t.ListBlock)
        blocks = blocks[0].items[0].children
    assert blocks == (t.Paragraph((t.Text("deepest"),)),)


def test_deep_nesting_checks_without_an_internal_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, (body, _) in DEEP.items():
        (tmp_path / f"{name.replace(' ', '-')}.md").write_text(FRONT + body + "\n")
    assert main(["check", str(tmp_path), "-j", "1", "--offline"]) == 0
    printed = capsys.readouterr()
    assert "internal" not in printed.err + printed.out
    assert printed.err.count("nest more than") == len(DEEP)


def cells(table: t.Block) -> list[list[str]]:
    """Return the text of each cell of ``table``, its header first."""
    assert isinstance(table, t.Table)

    def text(cell: t.Cell) -> str:
        return "".join(
            child.raw if isinstance(child, t.Text) else f"`{child.text}`"
            for child in cell.children
            if isinstance(child, (t.Text, t.CodeSpan))
        )

    return [[text(cell) for cell in row] for row in (table.head, *table.rows)]


RAGGED = {
    "a row short": (
        "| a | b | c |\n|---|:-:|--:|\n| 1 | 2 |\n| 4 | 5 | 6 |\n",
        [["a", "b", "c"], ["1", "2", ""], ["4", "5", "6"]],
        [],
    ),
    "a row long": (
        "| a | b |\n|---|---|\n| 1 | 2 | 3 | 4 |\n| 5 | 6 |\n| 7 | 8 | 9 |\n",
        [["a", "b"], ["1", "2"], ["5", "6"], ["7", "8"]],
        [(9, 4, 2), (11, 3, 2)],
    ),
    "no outer pipes": (
        "a | b | c\n--- | --- | ---\n1 | 2\n",
        [["a", "b", "c"], ["1", "2", ""]],
        [],
    ),
    "a lone cell": ("| a | b |\n|---|---|\n| only |\n", [["a", "b"], ["only", ""]], []),
    "escaped pipes": (
        "| a | b |\n|---|---|\n| x \\| y | `p\\|q` |\n| 1 \\\\| 2 |\n",
        [["a", "b"], ["x | y", "`p|q`"], ["1 \\", "2"]],
        [],
    ),
    "indented": ("  | a | b |\n  |---|---|\n  | 1 |\n", [["a", "b"], ["1", ""]], []),
}


@pytest.mark.parametrize(("table", "expected", "crowded"), RAGGED.values(), ids=RAGGED.keys())
def test_a_table_is_read_as_github_reads_it(
    table: str, expected: list[list[str]], crowded: list[tuple[int, int, int]]
) -> None:
    """A row with fewer cells than the header gets empty ones; one with more loses the rest,
    with a warning naming its line and both counts (mistune's own plugin made the whole
    table a paragraph of pipes)."""
    source = parse_source((FRONT + "### Table\n\n" + table + "\nAfter.\n").encode())
    [page] = source.pages
    kinds = [type(block).__name__ for block in page.blocks]
    assert kinds == ["Heading", "Table", "Paragraph"]
    assert cells(page.blocks[1]) == expected
    warned = [(d.code, d.line, d.message) for d in source.diagnostics]
    assert warned == [
        (
            "table-row",
            line,
            f"this table row has {count} cells where its header has {heads}: "
            f"the last {count - heads} left out",
        )
        for line, count, heads in crowded
    ]


@pytest.mark.parametrize(
    "text",
    [
        "| a | b |\n|---|\n| 1 | 2 |\n",  # a delimiter row of another length
        "| a | b |\n|---|-x-|\n| 1 | 2 |\n",  # a delimiter cell of something else
        "| a | b |\n\n|---|---|\n",  # a blank line between them
    ],
)
def test_rows_without_a_delimiter_row_of_the_headers_length_are_no_table(text: str) -> None:
    assert not any(isinstance(block, t.Table) for block in parse_markdown(text))


UNCLOSED = {
    "backticks": ("```bash\necho hi\n\n<!-- pagebreak -->\n\n### After\n\ntext\n", 7),
    "tildes": ("Intro.\n\n~~~~\ncode\n~~~\nstill code\n", 9),  # a shorter fence closes nothing
    "in a list item": ("- step one\n\n  ```yaml\n  key: value\n- step two\n", 9),
    "the second of two": ("```\nclosed\n```\n\n```python\nprint()\n", 11),
}


@pytest.mark.parametrize(("body", "line"), UNCLOSED.values(), ids=UNCLOSED.keys())
def test_a_code_block_never_closed_is_warned_of_on_its_line(body: str, line: int) -> None:
    source = parse_source((FRONT + "### Code\n\n" + body).encode())
    [diagnostic] = source.diagnostics
    assert (diagnostic.code, diagnostic.line) == ("unclosed-code", line)
    assert "never closed" in diagnostic.message and "page breaks" in diagnostic.message


@pytest.mark.parametrize(
    "body",
    [
        "```bash\necho hi\n```\n",
        "```\nno newline at the end\n```",
        "````\n```\nnested fence\n```\n````\n",
        "~~~\ncode\n~~~~~\n",  # a longer fence closes it
        "- step\n\n  ```\n  code\n  ```\n- next\n",
    ],
)
def test_a_closed_code_block_is_not_warned_of(body: str) -> None:
    assert parse_source((FRONT + "### Code\n\n" + body).encode()).diagnostics == ()


def test_a_table_inside_a_list_item_or_a_quote_is_a_table() -> None:
    """Reviewed: a lab's step '4. Compare the ports:' over a table indented under it showed
    its rows as one paragraph of pipes, on the slide and in every handout ('| Port |
    Protocol | ... | --- | --- |'), where GitHub shows a table. A table in a list item or a
    block quote is read as one, its rows' warnings on their own lines."""
    body = (
        "### Ports\n\n4. Compare the ports:\n\n   | Port | Protocol |\n   | --- | --- |\n"
        "   | 80 | TCP | extra |\n   | 443 | TCP |\n\n5. Done.\n\n"
        "> | Before | After |\n> | --- | --- |\n> | http | https |\n"
    )
    source = parse_source((FRONT + body).encode())
    [page] = source.pages
    _, listed, quoted = page.blocks
    assert isinstance(listed, t.ListBlock) and isinstance(quoted, t.Quote)
    table = listed.items[0].children[1]
    assert cells(table) == [["Port", "Protocol"], ["80", "TCP"], ["443", "TCP"]]
    assert cells(quoted.children[0]) == [["Before", "After"], ["http", "https"]]
    assert [(d.code, d.line) for d in source.diagnostics] == [("table-row", 11)]
