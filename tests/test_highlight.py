"""write (highlight): code is lexed by its fence's language into the theme's syntax roles, its
characters kept, and every colour of the palette is readable on the code background."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path

import pdfplumber
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn

from exporter.cli import main
from exporter.errors import ExporterError
from exporter.lexing import Role, Span, fence_language, role_of
from exporter.theme import MIN_CONTRAST, Syntax, code_colors, contrast, load_theme
from exporter.writers.highlight import highlight, line_chars
from tests.conftest import ROOT

YAML = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:

  SiteBucket:
    # Serve index.html at the root
    Type: AWS::S3::Bucket
    Count: 3"""

BASH = """\
# Pick a name nobody else has taken
export BUCKET="my-site-$RANDOM"
aws s3 mb "s3://$BUCKET" --region us-east-1"""


def roles(text: str, language: str | None) -> dict[str, Role | None]:
    """Return the role of each non-blank span of ``text`` highlighted as ``language``."""
    return {
        span.text.strip(): span.role
        for line in highlight(text, language)
        for span in line
        if span.text.strip()
    }


def test_yaml_keys_strings_and_comments_take_their_roles() -> None:
    found = roles(YAML, "yaml")
    assert found["AWSTemplateFormatVersion"] is Role.TAG
    assert found["SiteBucket"] is Role.TAG
    assert found['"2010-09-09"'] is Role.STRING
    assert found["# Serve index.html at the root"] is Role.COMMENT
    # Unquoted YAML values are text, not constants.
    assert role_of(("Literal", "Scalar", "Plain")) is None


def test_shell_json_python_and_hcl_from_a_real_course() -> None:
    bash = roles(BASH, "bash")
    assert bash["# Pick a name nobody else has taken"] is Role.COMMENT
    assert bash["export"] is Role.BUILTIN
    assert bash["$RANDOM"] is Role.VARIABLE
    json = roles('{"Effect": "Allow", "Count": 2, "On": true}', "json")
    assert (json['"Effect"'], json['"Allow"']) == (Role.TAG, Role.STRING)
    assert json["2"] is json["true"] is Role.LITERAL
    python = roles("def status_of(url):\n    return len(url)  # 200", "python")
    assert (python["def"], python["status_of"]) == (Role.KEYWORD, Role.FUNCTION)
    assert (python["len"], python["# 200"]) == (Role.BUILTIN, Role.COMMENT)
    hcl = roles('resource "aws_s3_bucket" "site" {\n  bucket = "x"\n}', "hcl")
    assert (hcl["resource"], hcl["bucket"]) == (Role.KEYWORD, Role.TAG)
    console = roles("$ aws s3 ls\n2024-01-01 my-site", "console")
    assert console["$"] is Role.PROMPT
    assert console["2024-01-01 my-site"] is None  # a command's output is plain


@pytest.mark.parametrize("info", [None, "", "text", "mermaid", "no-such-language"])
def test_code_without_a_known_language_is_plain(info: str | None) -> None:
    assert highlight(BASH, info) == tuple((Span(line),) for line in BASH.split("\n"))


@pytest.mark.parametrize(
    ("info", "language"),
    [("yaml", "yaml"), ("YAML", "yaml"), ('yaml title="site.yml"', "yaml"), ("{.json}", "json")],
)
def test_the_language_is_the_info_strings_first_word(info: str, language: str) -> None:
    assert fence_language(info) == language


@pytest.mark.parametrize("language", ["yaml", "bash", "json", "python", "hcl", "console", "sql"])
@settings(max_examples=40, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(list("ab :#\"'$={}[]-\t\n\\19")), max_size=60))
def test_every_line_keeps_exactly_its_characters(language: str, text: str) -> None:
    lines = highlight(text, language)
    assert tuple("".join(span.text for span in line) for line in lines) == tuple(text.split("\n"))
    assert all(span.text and "\n" not in span.text for line in lines for span in line)


def test_blank_lines_first_and_last_are_kept() -> None:
    lines = highlight("\n# top\n\nkey: 1\n", "yaml")
    assert lines[0] == () and lines[-1] == ()
    assert len(lines) == 5


def test_every_role_has_a_colour_in_the_theme() -> None:
    assert {role.value for role in Role} == {f.name for f in fields(Syntax)}


def test_every_code_colour_is_readable_on_the_code_background() -> None:
    # Read from the file itself, so that this holds whatever the theme loader checks.
    data = tomllib.loads((ROOT / "themes" / "default" / "theme.toml").read_text(encoding="utf-8"))
    background = data["colors"]["code_background"]
    colors = {f"syntax.{name}": color for name, color in data["syntax"].items()}
    colors["colors.code_text"] = data["colors"]["code_text"]
    assert len(colors) == len(fields(Syntax)) + 1
    low = {
        name: round(contrast(color, background), 2)
        for name, color in colors.items()
        if contrast(color, background) < MIN_CONTRAST
    }
    assert not low, f"below {MIN_CONTRAST}:1 on {background}: {low}"
    assert set(code_colors(load_theme()).values()) == set(colors.values())


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('comment = "5B6370"', 'comment = "6B7280"'),
        ('code_text = "111827"', 'code_text = "999999"'),
    ],
)
def test_a_theme_with_an_unreadable_code_colour_does_not_load(
    tmp_path: Path, old: str, new: str
) -> None:
    text = (ROOT / "themes" / "default" / "theme.toml").read_text(encoding="utf-8")
    assert old in text
    (tmp_path / "theme.toml").write_text(text.replace(old, new), encoding="utf-8")
    with pytest.raises(ExporterError, match=r"has a contrast of \d\.\d\d:1 on code_background"):
        load_theme(str(tmp_path))


def test_contrast_is_wcags_ratio() -> None:
    assert contrast("000000", "FFFFFF") == pytest.approx(21.0)
    assert contrast("FFFFFF", "FFFFFF") == pytest.approx(1.0)
    assert contrast("767676", "FFFFFF") == pytest.approx(4.54, abs=0.01)  # the AA grey


def test_a_word_longer_than_a_line_is_one_plain_span() -> None:
    line = "  --visibility-config SampledRequestsEnabled=true,MetricName=$ACL_NAME \\"
    word = "SampledRequestsEnabled=true,MetricName=$ACL_NAME"
    (kept,) = highlight(line, "bash", len(word))
    (cut,) = highlight(line, "bash", len(word) - 1)
    assert Span("$ACL_NAME", Role.VARIABLE) in kept
    assert [span for span in cut if span.role is not None] == [Span("\\", Role.STRING)]
    assert "".join(span.text for span in cut) == line


def test_a_line_holds_what_the_code_face_fits() -> None:
    theme = load_theme()  # Liberation Mono: every glyph 1229/2048 em wide
    assert line_chars(theme, 10.0, 18.0) == int(0.97 * 720 / (1229 / 2048 * 18))


SESSIONS = [
    ("bash", "$ dig +short www.example.com A\n93.184.216.34", "$", "93.184.216.34"),
    ("sh", "user@host:~$ ip -4 addr\n10.0.0.1/24 dev eth0", "user@host:~$", "10.0.0.1/24 dev eth0"),
    ("shell", "root@web-01:/etc# cat hosts\n127.0.0.1 localhost", "root@web-01:/etc#", None),
    (
        "zsh",
        "\n[ec2-user@ip-10-0-0-5 ~]$ uptime\n 10:02 up 3 days",
        "[ec2-user@ip-10-0-0-5 ~]$",
        None,
    ),
    ("powershell", "PS C:\\> Test-Connection 10.0.0.2\nSource  Destination", "PS C:\\>", None),
    ("python", ">>> 2 ** 8\n256", ">>>", "256"),
]


@pytest.mark.parametrize(("language", "text", "prompt", "output"), SESSIONS)
def test_a_session_in_a_shells_fence_has_its_prompts_coloured_and_its_output_plain(
    language: str, text: str, prompt: str, output: str | None
) -> None:
    lines = [line for line in highlight(text, language) if line]
    assert lines[0][0].text.strip() == prompt and lines[0][0].role is Role.PROMPT
    assert all(span.role is None for span in lines[1])  # the output, numbers and all
    if output is not None:
        assert "".join(span.text for span in lines[1]) == output


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("bash", "# Install the tools\napt install -y dnsutils"),  # a comment, not root's prompt
        ("bash", "$HOME/bin/check 10"),  # a variable, not a prompt
        ("bash", "echo ok\n$ not the first line"),
        ("python", "print('>>> ')"),
    ],
)
def test_a_script_stays_a_script(language: str, text: str) -> None:
    assert all(span.role is not Role.PROMPT for line in highlight(text, language) for span in line)


def test_the_deck_and_the_pdf_draw_a_sessions_output_plain(tmp_path: Path) -> None:
    lesson = tmp_path / "dns.md"
    session = "$ dig +short www.example.com A\n93.184.216.34\n"
    lesson.write_text(f"# DNS\n\n## Ask\n\n```bash\n{session}```\n", encoding="utf-8")
    out = tmp_path / "out"
    formats = ["--format", "pptx,pdf"]
    assert main(["build", "-q", "--jobs", "1", "-o", str(out), *formats, str(lesson)]) == 0
    fills = {
        run.text: etree.tostring(run._r.rPr.find(qn("a:solidFill")))
        for shape in Presentation(str(out / "dns.pptx")).slides[-1].shapes
        if shape.has_text_frame
        for paragraph in shape.text_frame.paragraphs
        for run in paragraph.runs
    }
    assert fills["93.184.216.34"] == fills["dig +short www.example.com A"] != fills["$ "]
    with pdfplumber.open(out / "dns.pdf") as pdf:
        chars = pdf.pages[-1].chars
    text = "".join(c["text"] for c in chars)
    colour = {word: chars[text.index(word)]["non_stroking_color"] for word in ("93", "$", "dig")}
    assert colour["93"] == colour["dig"] != colour["$"]
