"""read: decoding, front matter, page splitting and near-miss directives."""

from __future__ import annotations

import pytest

from exporter.errors import ExporterError
from exporter.source import Meta, parse_source, read_source
from tests.conftest import SEED

FRONT = "---\ntitle: 'A: B — C & D (E)'\nsection: Section-3\nlesson: 2\n---\n"


def pages_of(text: str) -> list[tuple[int, str]]:
    return [(page.line, page.text) for page in parse_source(text.encode()).pages]


def failure(data: bytes) -> tuple[str, int | None, str]:
    with pytest.raises(ExporterError) as caught:
        parse_source(data)
    diagnostic = caught.value.diagnostic
    return diagnostic.code, diagnostic.line, diagnostic.message


def test_seed_has_eight_pages_with_their_first_lines() -> None:
    source = read_source(SEED)
    assert (source.meta.title or "").startswith("Security and Compliance:")
    assert source.meta.section == "Section-14"
    assert [page.line for page in source.pages] == [8, 16, 22, 28, 35, 43, 62, 78]
    assert source.pages[0].text.startswith("### AWS Security and Compliance Overview")
    assert source.diagnostics == ()


def test_front_matter_keeps_punctuation_in_titles() -> None:
    source = parse_source((FRONT + "text\n").encode())
    assert source.meta.title == "A: B — C & D (E)"
    assert source.meta.lesson == "2"


def test_indented_page_break_under_a_nested_list_splits_the_page() -> None:
    text = FRONT + "### One\n\n- a\n  - b\n  <!-- pagebreak -->\n### Two\n"
    assert pages_of(text) == [(6, "### One\n\n- a\n  - b"), (11, "### Two")]


def test_page_break_without_blank_line_before_it() -> None:
    text = FRONT + "para\n<!-- pagebreak -->\nnext\n"
    assert [body for _, body in pages_of(text)] == ["para", "next"]


def test_trailing_rule_and_rule_only_pages_make_no_page() -> None:
    text = FRONT + "### One\n\n<!-- pagebreak -->\n\n---\n\n<!-- pagebreak -->\n### Two\n\n---\n"
    assert [body for _, body in pages_of(text)] == ["### One", "### Two"]


def test_page_break_inside_a_code_fence_is_code() -> None:
    text = FRONT + "```html\n<!-- pagebreak -->\n```\n"
    assert len(pages_of(text)) == 1


def test_bom_and_crlf_are_accepted() -> None:
    data = b"\xef\xbb\xbf" + (FRONT + "### One\r\n<!-- pagebreak -->\r\n### Two\r\n").encode()
    data = data.replace(b"\n", b"\r\n").replace(b"\r\r\n", b"\r\n")
    source = parse_source(data)
    assert source.meta.title == "A: B — C & D (E)"
    assert [page.text for page in source.pages] == ["### One", "### Two"]


def test_invalid_utf8_names_the_byte_and_line() -> None:
    code, line, message = failure(b"---\ntitle: x\n---\n\nok\ncaf\xe9\n")
    assert (code, line) == ("encoding", 6)
    assert "byte 0xe9 at offset 24" in message and "column 4" in message


def test_unterminated_front_matter() -> None:
    code, line, message = failure(b"---\ntitle: x\n\n### Heading\n")
    assert (code, line) == ("front-matter", 1)
    assert "never closed" in message


def test_front_matter_that_is_not_a_mapping() -> None:
    code, line, message = failure(b"---\n- a\n- b\n---\ntext\n")
    assert (code, line) == ("front-matter", 1)
    assert "mapping" in message and "list" in message


def test_front_matter_yaml_error_names_its_line() -> None:
    code, line, _ = failure(b"---\ntitle: x\nbad: [1, 2\n---\ntext\n")
    assert code == "front-matter"
    assert line is not None and line >= 3


@pytest.mark.parametrize(
    ("data", "what"),
    [(b"", "is empty"), (b"\n \n", "is empty"), (b"---\ntitle: x\n---\n\n---\n", "no content")],
)
def test_empty_lessons_fail(data: bytes, what: str) -> None:
    code, _, message = failure(data)
    assert code == "empty-lesson" and what in message


@pytest.mark.parametrize("comment", ["pagebrake", "page-break", "pagewidth", "Page Break"])
def test_near_miss_page_breaks_warn_with_their_line(comment: str) -> None:
    source = parse_source((FRONT + f"one\n\n<!-- {comment} -->\n\ntwo\n").encode())
    assert len(source.pages) == 1
    [diagnostic] = source.diagnostics
    assert diagnostic.code == "near-miss-directive" and diagnostic.line == 8
    assert "did you mean pagebreak?" in diagnostic.message


@pytest.mark.parametrize(
    ("comment", "notes", "warned"),
    [
        ("notes: Say hello.", "Say hello.", False),
        ("Speaker notes: Say hello.", "Say hello.", False),
        ("speaker-notes: Say hello.", "Say hello.", False),
        ("ntoes: Say hello.", "", True),
        ("Speakers notes: Say hello.", "", True),
        ("note: ask finance", "", False),
        ("TODO: ask finance", "", False),
    ],
)
def test_speaker_notes_are_read_as_written_and_a_misspelt_notes_warns(
    comment: str, notes: str, warned: bool
) -> None:
    """Reviewed: ``<!-- speaker notes: ... -->`` and ``<!-- ntoes: ... -->`` were dropped
    without a word. The first is read as notes, the second warned of at its line; an
    author's own remark (``note:``, ``TODO:``) stays hidden, silently."""
    source = parse_source((FRONT + f"one\n\n<!-- {comment} -->\n").encode())
    [page] = source.pages
    assert page.notes == notes
    found = [d for d in source.diagnostics if d.code == "near-miss-directive"]
    assert [(d.line, "did you mean <!-- notes:" in d.message) for d in found] == (
        [(8, True)] if warned else []
    )


def test_other_comments_and_directives_do_not_warn() -> None:
    text = FRONT + "<!-- TODO: add a diagram -->\n<!-- layout: single -->\n<!-- column -->\ntext\n"
    assert parse_source(text.encode()).diagnostics == ()


def test_layout_and_notes_directives_belong_to_their_page() -> None:
    text = FRONT + "<!-- layout: two-column -->\n<!-- notes: Say hello.\nThen wait. -->\n### A\n"
    [page] = parse_source(text.encode()).pages
    assert page.layout == "two-column"
    assert page.notes == "Say hello.\nThen wait."


def test_unknown_layout_warns() -> None:
    source = parse_source((FRONT + "<!-- layout: three-column -->\n### A\n").encode())
    [diagnostic] = source.diagnostics
    assert diagnostic.code == "unknown-directive" and diagnostic.line == 6


def test_front_matter_values_become_clean_text() -> None:
    text = '---\ntitle: 0\nsection: 2024-01-01\nlesson: "x\\x01y"\nlang: [en]\n---\nbody\n'
    source = parse_source(text.encode())
    assert source.meta == Meta(title="0", section="2024-01-01", lesson="xy")
    [diagnostic] = source.diagnostics
    assert diagnostic.line == 5 and "'lang' should be text, not a list" in diagnostic.message


def test_alias_bomb_in_the_title_is_ignored_not_expanded() -> None:
    levels = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for name, previous in zip("bcdefghi", "abcdefgh", strict=True):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    text = "---\n" + "\n".join(levels) + "\ntitle: *i\n---\nbody\n"
    source = parse_source(text.encode())
    assert source.meta.title is None
    assert "'title' should be text, not a list" in source.diagnostics[0].message


def test_control_character_in_front_matter_is_left_out_at_its_line() -> None:
    source = parse_source(b"---\ntitle: a\x01b\n---\nbody\n")
    [diagnostic] = source.diagnostics
    assert source.meta.title == "ab"
    assert (diagnostic.code, diagnostic.line) == ("not-text", 2) and "U+0001" in diagnostic.message


def test_bad_utf8_line_counts_lone_carriage_returns() -> None:
    _, line, message = failure(b"one\rtwo\rthree\rfo\xffur\r")
    assert line == 4 and "column 3" in message


def test_directives_inside_code_are_text() -> None:
    text = (
        FRONT
        + "x `<!-- notes: secret -->` y\n\n```\n<!-- layout: single -->\n<!-- pagebreak -->\n```\n"
    )
    [page] = parse_source(text.encode()).pages
    assert page.notes == "" and page.layout is None


def test_a_line_of_inline_code_is_not_a_fence() -> None:
    text = FRONT + "A\n\n```js```\n\n<!-- pagebreak -->\nB\n"
    assert [body for _, body in pages_of(text)] == ["A\n\n```js```", "B"]


def test_an_unclosed_comment_warns() -> None:
    source = parse_source((FRONT + "### A\n\nkeep\n\n<!-- notes: oops\n\n## Hidden\n").encode())
    [diagnostic] = source.diagnostics
    assert diagnostic.code == "unclosed-comment" and diagnostic.line == 10


def test_a_setext_underline_is_not_a_trailing_rule() -> None:
    assert pages_of(FRONT + "Intro\n---\n") == [(6, "Intro\n---")]
    assert pages_of(FRONT + "Intro\n\n---\n") == [(6, "Intro")]


def test_diagnostics_escape_control_characters() -> None:
    source = parse_source((FRONT + "<!-- pagebrake\x9b31m RED -->\ntext\n").encode())
    line = source.diagnostics[0].located("a\nb.md").format()
    assert "\x9b" not in line and "\n" not in line and "\\x9b31m" in line and "a\\nb.md:6:" in line


def test_utf16_is_named() -> None:
    code, line, message = failure("---\ntitle: x\n---\nbody\n".encode("utf-16"))
    assert (code, line) == ("encoding", 1) and "UTF-16" in message


def test_page_break_in_capitals_splits_and_one_inside_a_line_warns() -> None:
    source = parse_source((FRONT + "A\n<!-- PageBreak -->\nB <!-- pagebreak -->\nC\n").encode())
    assert [page.text for page in source.pages] == ["A", "B <!-- pagebreak -->\nC"]
    [diagnostic] = source.diagnostics
    assert diagnostic.line == 8 and "must stand on a line of its own" in diagnostic.message


def test_yes_as_a_title_is_the_text_written() -> None:
    source = parse_source(b"---\ntitle: yes\n---\nbody\n")
    assert source.meta.title == "yes" and source.diagnostics == ()


def test_an_impossible_date_under_an_ignored_key_warns_at_its_line() -> None:
    source = parse_source(b"---\ntitle: x\ndate: 2024-02-30\n---\nbody\n")
    [diagnostic] = source.diagnostics
    assert source.meta.title == "x"
    assert (diagnostic.code, diagnostic.line) == ("front-matter", 3)
    assert "'date' has a value YAML cannot read" in diagnostic.message


# Where a comment hides: a <!-- pagebreak --> (or a directive) the Markdown parser reads as code,
# as raw HTML or as part of another comment is text, never a directive. Each case has a line
# that would break the page if the comment were read as one.

HIDDEN = {
    "backtick fence": "```\n<!-- pagebreak -->\n```",
    "tilde fence": "~~~ html\n<!-- pagebreak -->\n~~~",
    "longer fence": "````markdown\n```\n<!-- pagebreak -->\n```\n````",
    "fence in a list item": "- step:\n\n  ```html\n  <!-- pagebreak -->\n  ```",
    "indented code": "Write this:\n\n    <!-- pagebreak -->\n\nto split.",
    "indented code after a list": "- a\n\n\n      <!-- pagebreak -->",
    "inline code": "`<!-- pagebreak -->`",
    "inline code of two backticks": "`` <!-- pagebreak --> ``",
    "inline code in a sentence": "Type `<!-- pagebreak -->` to split.",
    "div block": "<div>\n<!-- pagebreak -->\n</div>",
    "pre block across a blank line": "<pre>\nx\n\n<!-- pagebreak -->\n</pre>",
    "script block": "<script>\n// a\n<!-- pagebreak -->\n</script>",
    "details block": '<details markdown="1">\n<!-- pagebreak -->\n</details>',
}


@pytest.mark.parametrize("hidden", HIDDEN.values(), ids=HIDDEN.keys())
def test_a_page_break_hidden_in_code_or_html_is_text(hidden: str) -> None:
    text = FRONT + f"### One\n\n{hidden}\n\nafter\n"
    source = parse_source(text.encode())
    assert [page.line for page in source.pages] == [6]
    assert source.diagnostics == ()


def test_a_page_break_in_an_unclosed_fence_is_code() -> None:
    text = FRONT + "### One\n\n```\ncode\n\n<!-- pagebreak -->\n### Two\n"
    [page] = parse_source(text.encode()).pages
    assert page.text.endswith("### Two")


@pytest.mark.parametrize("hidden", HIDDEN.values(), ids=HIDDEN.keys())
def test_a_directive_hidden_in_code_or_html_is_text(hidden: str) -> None:
    directives = "<!-- notes: secret --><!-- layout: single --><!-- pagebrake -->"
    text = FRONT + "### One\n\n" + hidden.replace("<!-- pagebreak -->", directives) + "\n"
    source = parse_source(text.encode())
    [page] = source.pages
    assert (page.notes, page.layout, source.diagnostics) == ("", None, ())


def test_a_page_break_inside_a_comment_is_part_of_it_and_warns() -> None:
    text = FRONT + "### One\n\n<!-- draft, not ready:\n\n<!-- pagebreak -->\n### Two\n"
    source = parse_source(text.encode())
    assert [page.line for page in source.pages] == [6]
    [diagnostic] = source.diagnostics
    assert (diagnostic.code, diagnostic.line) == ("unclosed-comment", 8)
    assert "before the '<!--' on line 10" in diagnostic.message


def test_a_comment_is_not_read_inside_another_on_one_line() -> None:
    source = parse_source((FRONT + "A\n\n<!-- old <!-- notes: x --> -->\n").encode())
    [page] = source.pages
    assert page.notes == ""
    assert [d.code for d in source.diagnostics] == ["unclosed-comment"]


@pytest.mark.parametrize(
    "body",
    [
        "- a\n  - b\n\n  <!-- pagebreak -->\n\n### Two",
        "1. a\n2. b\n   <!-- pagebreak -->\n### Two",
        "- a\n  - b\n    - c\n    <!-- pagebreak -->\n### Two",
        "- a\n\t<!-- pagebreak -->\n### Two",
    ],
)
def test_a_page_break_indented_under_a_list_item_splits(body: str) -> None:
    pages = pages_of(FRONT + "### One\n\n" + body + "\n")
    assert [text.splitlines()[0] for _, text in pages] == ["### One", "### Two"]


def test_what_follows_an_indented_page_break_is_read_on_its_own() -> None:
    text = FRONT + "### One\n\n- a\n  <!-- pagebreak -->\n  more\n- b\n"
    first, second = parse_source(text.encode()).pages
    assert first.text == "### One\n\n- a"
    assert (second.line, second.text) == (10, "  more\n- b")
    assert [type(block).__name__ for block in second.blocks] == ["Paragraph", "ListBlock"]


def test_a_page_break_in_a_block_quote_does_not_split_and_warns() -> None:
    source = parse_source((FRONT + "> quoted\n> <!-- pagebreak -->\n\nafter\n").encode())
    assert len(source.pages) == 1
    [diagnostic] = source.diagnostics
    assert diagnostic.line == 7 and "must stand on a line of its own" in diagnostic.message


def test_near_misses_in_code_do_not_warn() -> None:
    text = FRONT + "### One\n\n    <!-- pagebrake -->\n\n`<!-- page-break -->`\n"
    assert parse_source(text.encode()).diagnostics == ()


def test_a_comment_inside_a_paragraph_is_read_with_its_line() -> None:
    text = FRONT + "### One\n\ntext <!-- notes: inline -->\nmore <!-- layout: sideways -->\n"
    source = parse_source(text.encode())
    assert source.pages[0].notes == "inline"
    [diagnostic] = source.diagnostics
    assert (diagnostic.code, diagnostic.line) == ("unknown-directive", 9)


def test_link_references_belong_to_their_page() -> None:
    text = FRONT + "[aws] and [gcp]\n\n[gcp]: https://g.example\n<!-- pagebreak -->\n"
    text += "[aws]: https://a.example\n\n[aws]\n"
    first, second = parse_source(text.encode()).pages
    assert "a.example" not in repr(first.blocks) and "g.example" in repr(first.blocks)
    assert "a.example" in repr(second.blocks)


def rule_warnings(body: str) -> list[tuple[str, int | None]]:
    """Return the code and line of each warning about a thematic break in ``FRONT + body``."""
    source = parse_source((FRONT + body).encode())
    return [(d.code, d.line) for d in source.diagnostics if d.code.startswith("rule")]


RULES_AS_BREAKS = """### Shared Responsibility

AWS secures the cloud.

---

### Customer Duties

Customers secure what they put in it.

---

### Summary

Both sides have work to do.
"""


def test_a_lesson_that_separates_pages_with_rules_gets_one_warning() -> None:
    """No page break at all, and --- lines between topics: one warning, on the first."""
    assert rule_warnings(RULES_AS_BREAKS) == [("rule-not-break", 10)]
    [page] = parse_source((FRONT + RULES_AS_BREAKS).encode()).pages
    assert "### Summary" in page.text  # still one page: the rule is no page break


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # a rule inside a page, with page breaks elsewhere: each named on its line
        ("### A\n\nOne.\n\n---\n\nTwo.\n\n<!-- pagebreak -->\n\n### B\n\nThree.\n", [("rule", 10)]),
        # under a list item, as deep as the parser sees it
        ("- item\n\n  ***\n\n  more\n\n<!-- pagebreak -->\n\nNext.\n", [("rule", 8)]),
        # at a page's edges (before and after a break, at the start and end): separators
        ("---\n\n### A\n\nOne.\n\n---\n\n<!-- pagebreak -->\n\n---\n\nTwo.\n\n___\n", []),
        # not rules at all: a setext heading's underline, and --- inside code
        ("Title\n---\n\nText.\n\n```yaml\n---\nkey: 1\n```\n\nMore.\n", []),
        ("<!-- pagebreak -->\n\n    ---\n\nText.\n", []),
    ],
)
def test_a_rule_inside_a_page_is_reported_never_silently_dropped(
    body: str, expected: list[tuple[str, int]]
) -> None:
    assert rule_warnings(body) == expected


@pytest.mark.parametrize("line", ["***", "___", "* * *", "- - -", "-----"])
def test_a_rule_is_quoted_as_written(line: str) -> None:
    """Hunted: a ``***`` line's warning said "a --- line inside a page", a line the author
    looked for and could not find."""
    body = f"### A\n\nOne.\n\n{line}\n\nTwo.\n\n<!-- pagebreak -->\n\n### B\n\nThree.\n"
    [said] = [d.message for d in parse_source((FRONT + body).encode()).diagnostics]
    assert said.startswith(f"a {line} line inside a page is not shown on the slide")
    alone = f"### A\n\nOne.\n\n{line}\n\n### B\n\nTwo.\n\n{line}\n\n### C\n\nThree.\n"
    [said] = [d.message for d in parse_source((FRONT + alone).encode()).diagnostics]
    assert said.startswith(f"{line} lines do not start new slides")
