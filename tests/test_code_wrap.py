"""A line of code too wide for its box at every size breaks where the fit breaks it, at a
space, in the deck, the slide PDF and the outline alike (``codefold``): a shell command goes
on after `` \\`` (PowerShell's after `` ` ``), other code after a ``→`` mark, and what a
student copies is plain ASCII a shell runs as written.

Reviewed: ``aws s3api create-bucket ... --region eu-west-1 ...`` broke as ``--region eu-`` /
``west-1`` where LibreOffice drew the deck (left to wrap the line itself, it breaks after a
hyphen, with more room than the fit counts), so the command a student copied was broken."""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pdfplumber
import pytest
import yaml
from pptx import Presentation
from pptx.util import Emu

from exporter.cli import main
from exporter.codefold import Folder, Rule, heredoc_bodies, line_rules
from exporter.datafold import data_language
from exporter.geometry import CODE_INSET, CodeFrame, Fold, LaidOutDeck
from exporter.jobs import Job
from exporter.lexing import Span
from exporter.measure import Measurer
from exporter.pipeline import lay_out
from exporter.theme import load_theme
from exporter.writers.highlight import folded
from tests.conftest import built_once, need_tool, print_decks

FIXTURES = Path(__file__).parent / "fixtures" / "wrap"
LESSONS = sorted(FIXTURES.glob("*.md"))
THEME = load_theme("default")
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2011\u2060\ufeff"
"""Soft hyphen, zero-width space and joiners, non-breaking hyphen, word joiner, BOM: none
may be in code a student copies."""


def laid(lesson: Path) -> LaidOutDeck:
    job = Job(lesson, lesson.name, Path("out") / lesson.stem, lesson.parent)
    deck, _ = lay_out(job, THEME)
    return deck


def code_frames(deck: LaidOutDeck) -> Iterator[tuple[int, CodeFrame]]:
    for placed in deck.slides:
        for frame in placed.frames:
            if isinstance(frame, CodeFrame):
                yield placed.number, frame


def drawn(frame: CodeFrame) -> list[str]:
    """Return the lines ``frame``'s code is drawn in, as the fit broke them."""
    lines = frame.code.text.expandtabs(4).split("\n")
    folds = frame.folds or (None,) * len(lines)
    return [
        "".join(span.text for span in piece)
        for line, fold in zip(lines, folds, strict=True)
        for piece in folded((Span(line),), fold)
    ]


def folded_frames() -> list[tuple[str, int, CodeFrame]]:
    return [
        (lesson.stem, number, frame)
        for lesson in LESSONS
        for number, frame in code_frames(laid(lesson))
        if frame.folds
    ]


def test_the_fixtures_have_lines_the_fit_breaks_in_every_language() -> None:
    languages = {frame.code.language for _, _, frame in folded_frames()}
    assert {"bash", "console", "powershell", "python", "yaml"} <= languages


@pytest.mark.parametrize("name, number, frame", folded_frames())
def test_each_drawn_line_fits_its_box_and_breaks_at_a_space_outside_a_word(
    name: str, number: int, frame: CodeFrame
) -> None:
    measure = Measurer(THEME)
    width = frame.box.w - 2 * CODE_INSET
    for line in drawn(frame):
        assert measure.count_code_line(line, frame.size, width) == 1, (name, number, line)
    lines = frame.code.text.expandtabs(4).split("\n")
    for line, fold in zip(lines, frame.folds, strict=True):
        if fold is None:
            continue
        for start in fold.starts:
            if start in fold.inside:  # a word wider than a line, joined by the shell
                assert fold.mark == " \\" and (line[start - 1] != " " or start in fold.reopen)
                continue
            assert line[start] != " ", (name, line, start)
            if line[start - 1] == " ":
                continue
            if fold.mark == "" and line[start - 1] in ",:[{":  # between JSON's tokens
                continue
            # Inside a word only where it is wider than a line, never after a hyphen inside
            # an option (``--region eu-`` / ``west-1``).
            word = line[line.rfind(" ", 0, start) + 1 :].split(" ")[0]
            alone = measure.count_code_line(fold.lead + word, frame.size, width)
            assert alone > 1, (name, line, start)


def test_a_command_goes_on_after_a_backslash_and_other_code_after_an_arrow() -> None:
    [create] = [f for name, n, f in folded_frames() if name == "s3-bucket-cli" and n == 2]
    assert drawn(create) == [
        "aws s3api create-bucket --bucket my-course-bucket-2024 --region eu-west-1 \\",
        "  --create-bucket-configuration LocationConstraint=eu-west-1 \\",
        "  --object-ownership BucketOwnerEnforced",
    ]
    [python] = [f for _, _, f in folded_frames() if f.code.language == "python"]
    further = [line for line in drawn(python) if line.lstrip().startswith("→")]
    assert further and all(line.startswith(" " * 12 + "→ ") for line in further)
    [shell] = [f for _, _, f in folded_frames() if f.code.language == "powershell"]
    assert all(line.endswith(" `") for line in drawn(shell)[:-1])


def test_a_command_breaks_outside_its_quotes_and_a_comment_goes_on_as_one() -> None:
    text = '# Create the role the web tier assumes\naws iam create-role --description "a b c" -x y'
    comment, command = line_rules(text, "bash")
    assert comment.lead == "# "
    assert command.spaces is not None
    quoted = text.split("\n")[1].index('"a b')
    assert quoted + 2 not in command.spaces and quoted - 1 in command.spaces
    folder = Folder(Measurer(THEME))
    fold = folder.fold(text.split("\n")[1], 18, 3.0, command)
    assert fold.mark == " \\" and all(start != quoted + 3 for start in fold.starts)


def test_output_and_heredocs_in_a_shell_block_are_marked_not_continued() -> None:
    text = "$ kubectl get pods\nNAME   READY   STATUS\ncat <<'X'\n{\"a\": 1}\nX"
    prompt, output, *_ = line_rules(text, "console")
    assert prompt.mark == " \\" and output == Rule()
    rest = "NAME   READY   STATUS   RESTARTS   AGE\nweb-1   1/1   Running   0   42s"
    assert line_rules(rest, "console", f"{text}\n{rest}", 5) == (Rule(), Rule())
    *_, body, _ = line_rules('cat <<\'X\'\n{"a": "b c"}\nX', "bash")
    assert body.mark == "" and body.spaces == frozenset({5})  # JSON: not inside "b c"
    *_, body, _ = line_rules("cat > notes.txt <<X\nsome words\nX", "bash")
    assert body == Rule()  # text of no known language: marked


COMMANDS = {
    ("s3-bucket-cli", 2),
    ("s3-bucket-cli", 3),
    ("s3-bucket-cli", 4),
    ("s3-bucket-cli", 5),
    *(("queries-and-patches", number) for number in range(2, 7)),
}
PROGRAMS = ("aws ", "kubectl ", "terraform ")
"""The commands the fixtures run, whose broken lines are pasted into bash."""


def shell_words(command: str) -> str:
    """Return the words bash reads ``command`` (its first word replaced by a function that
    prints each word it is given) as, one a line."""
    bash = shutil.which("bash")
    assert bash is not None
    script = 'words() { printf "[%s]\\n" "$@"; }\nwords ' + command.split(" ", 1)[1]
    done = subprocess.run([bash, "--norc", "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_shell_commands_named_are_broken_by_the_fit() -> None:
    assert {(name, number) for name, number, _ in folded_frames()} >= COMMANDS


@pytest.mark.parametrize(
    "name, number, frame", [found for found in folded_frames() if found[:2] in COMMANDS]
)
def test_a_broken_command_pasted_into_a_shell_reads_as_written(
    name: str, number: int, frame: CodeFrame
) -> None:
    """Each line of a shell command the fit broke, drawn over several lines, is given to
    bash as a student would paste it: it reads as the same words as the line written."""
    need_tool("bash")
    lines = frame.code.text.split("\n")
    shown = iter(drawn(frame))
    for line, fold in zip(lines, frame.folds, strict=True):
        pasted = "\n".join(next(shown) for _ in range(1 if fold is None else fold.lines))
        if fold is None or not line.lstrip("$ ").startswith(PROGRAMS):
            continue
        assert pasted.isascii() and not any(char in pasted for char in INVISIBLE)
        assert shell_words(pasted.lstrip("$ ")) == shell_words(line.lstrip("$ ")), pasted


SINGLE_QUOTED = [
    "aws ec2 describe-instances --query 'Reservations[].Instances[].{Id:InstanceId,"
    "Type:InstanceType,Ip:PrivateIpAddress,Name:Tags[?Key==`Name`]|[0].Value}' --output table",
    'kubectl get pods -o jsonpath=\'{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}'
    '{"\\n"}{end}\'',
    'aws iam put-role-policy --role-name web --policy-name s3 --policy-document \'{"Version":'
    '"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",'
    '"Resource":"arn:aws:s3:::my-bucket/*"}]}\'',
    "terraform state mv 'module.network.aws_subnet.private[\"eu-west-1a\"]' 'x y'",
]


@pytest.mark.parametrize("command", SINGLE_QUOTED)
@pytest.mark.parametrize("width", [2.5, 3.5, 5.0])
def test_a_single_quoted_string_wider_than_a_line_is_closed_and_opened_again(
    command: str, width: float
) -> None:
    """A single-quoted string wider than a line breaks as ``'abc'\\`` / ``'def'``, which
    bash joins to ``abcdef``, rather than the whole command falling back to → marks: each
    drawn line fits, and bash reads the lines pasted as the command written."""
    need_tool("bash")
    [rule] = line_rules(command, "bash")
    fold = Folder(Measurer(THEME)).fold(command, 14, width, rule)
    lines = ["".join(span.text for span in line) for line in folded((Span(command),), fold)]
    assert fold.mark == " \\" and not any("→" in line for line in lines)
    for line in lines:
        assert Measurer(THEME).count_code_line(line, 14, width) == 1, line
    assert all(line.endswith("\\") for line in lines[:-1])
    assert all(lines[start_line][0] == "'" for start_line in reopened(lines, fold))
    assert shell_words("\n".join(lines)) == shell_words(command), lines


def reopened(lines: list[str], fold: Fold) -> list[int]:
    """Return which of the drawn ``lines`` start by opening a string again."""
    return [index + 1 for index, start in enumerate(fold.starts) if start in fold.reopen]


def data_bodies(frame: CodeFrame) -> Iterator[tuple[str, str, str]]:
    """Yield the data in ``frame``'s code (a JSON or YAML block, a heredoc's body that is):
    its language, its text as written, and its text as drawn."""
    lines = frame.code.text.expandtabs(4).split("\n")
    folds = frame.folds or (None,) * len(lines)
    shown = [
        ["".join(span.text for span in piece) for piece in folded((Span(line),), fold)]
        for line, fold in zip(lines, folds, strict=True)
    ]
    language = data_language(frame.code.language)
    if language is not None:
        yield language, "\n".join(lines), "\n".join(line for part in shown for line in part)
        return
    bodies = heredoc_bodies(lines) if frame.code.language == "bash" else {}
    for start in sorted(bodies):
        body = bodies[start]
        if body is None or start - 1 in bodies:
            continue
        end = start
        while end + 1 in bodies:
            end += 1
        drawn_body = (line for part in shown[start : end + 1] for line in part)
        yield body, "\n".join(lines[start : end + 1]), "\n".join(drawn_body)


def loaded(language: str, text: str) -> object:
    return json.loads(text) if language == "json" else yaml.safe_load(text)


def test_json_and_yaml_break_where_the_data_stays_the_same() -> None:
    """A JSON or YAML file's line too wide for its box (a ```` ```json ```` block, a policy
    or a manifest a heredoc writes) breaks between JSON's tokens, after a YAML key or
    between a scalar's words, going on indented without a mark: the file copied as drawn
    is the same data. → marks are left only where a word or a string is wider than a line."""
    checked = []
    for lesson in LESSONS:
        for _, frame in code_frames(laid(lesson)):
            if not frame.folds:
                continue
            for language, written, shown in data_bodies(frame):
                if written == shown:
                    continue
                if "→" in shown:
                    assert lesson.stem != "policies-and-manifests", shown
                    continue
                assert loaded(language, shown) == loaded(language, written), shown
                checked.append(language)
    assert checked.count("json") >= 3 and checked.count("yaml") >= 1, checked


@pytest.mark.parametrize("width", [3.0, 4.5, 6.0, 9.0])
def test_a_yaml_value_goes_on_deeper_than_its_key(width: float) -> None:
    """A YAML line breaks after its key, between a plain or quoted scalar's words and in a
    flow collection, each further line indented deeper than the key, and loads the same."""
    text = (FIXTURES / "manifest.yaml").read_text(encoding="utf-8")
    rules = line_rules(text, "yaml")
    folder, measure = Folder(Measurer(THEME)), Measurer(THEME)
    shown = []
    for line, rule in zip(text.split("\n"), rules, strict=True):
        fold = folder.fold(line, 14, width, rule) if len(line) > 10 else None
        shown += ["".join(span.text for span in piece) for piece in folded((Span(line),), fold)]
    assert all(measure.count_code_line(line, 14, width) == 1 for line in shown)
    marked = [line for line in shown if "→" in line]
    if not marked:
        assert yaml.safe_load("\n".join(shown)) == yaml.safe_load(text)
    assert width < 7 or not marked, marked  # a key wider than the line


@pytest.fixture(scope="session")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Export the fixtures to a deck, a slide PDF and an outline each, once for the run
    (``built_once``)."""

    def export(out: Path) -> None:
        flags = ["--format", "pptx,pdf,handout", "--handout", "outline", "--offline", "-q"]
        assert main(["build", str(FIXTURES), "-o", str(out), *flags]) == 0

    return built_once(tmp_path_factory, "code-wrap", export)[0]


def deck_code(deck: Path) -> list[list[str]]:
    """Return each code box of the deck (python-pptx), by slide, as its paragraphs."""
    found = []
    for slide in Presentation(str(deck)).slides:
        for shape in slide.shapes:
            if shape.name.startswith("Code"):
                found.append([p.text for p in shape.text_frame.paragraphs])
    return found


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_the_deck_draws_the_lines_the_fit_broke_as_paragraphs(exported: Path, lesson: Path) -> None:
    """Each line drawn is a paragraph of its own (no line break inside one, which PowerPoint
    copies as a vertical tab), so that neither app wraps it again, and copies as lines."""
    expected = [drawn(frame) for _, frame in code_frames(laid(lesson))]
    assert deck_code(exported / f"{lesson.stem}.pptx") == expected
    for slide in Presentation(str(exported / f"{lesson.stem}.pptx")).slides:
        for shape in slide.shapes:
            if shape.name.startswith("Code"):
                assert shape.text_frame.word_wrap is not False
                assert Emu(shape.width).inches > 1
                text = shape.text_frame.text
                assert "\v" not in text and not any(char in text for char in INVISIBLE)


def mono_lines(page: pdfplumber.page.Page) -> list[str]:
    """Return the lines of a page's text in the code face, top to bottom."""
    rows: dict[int, list[dict[str, object]]] = {}
    for char in page.chars:
        if str(char["fontname"]).endswith(("Mono", "Mono-Regular", "Mono-Italic", "Cousine")):
            rows.setdefault(round(float(char["top"])), []).append(char)
    lines = []
    for top in sorted(rows):
        chars = sorted(rows[top], key=lambda c: float(c["x0"]))  # type: ignore[arg-type]
        text, end = "", None
        for char in chars:
            if end is not None and float(char["x0"]) - end > 2:  # type: ignore[arg-type]
                text += " "
            text += str(char["text"])
            end = float(char["x1"])  # type: ignore[arg-type]
        lines.append(" ".join(text.split()))
    return lines


def pdf_code(pdf: Path) -> list[list[str]]:
    with pdfplumber.open(pdf) as document:
        return [mono_lines(page) for page in document.pages]


@pytest.fixture(scope="session")
def printed(exported: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Print the fixtures' decks to PDF with LibreOffice, once for the run (``built_once``)."""
    need_tool("soffice")

    def print_all(work: Path) -> None:
        print_decks(sorted(exported.glob("*.pptx")), work / "pdf", work)

    return built_once(tmp_path_factory, "code-wrap-printed", print_all)[0] / "pdf"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_libreoffice_draws_the_deck_in_the_lines_of_the_slide_pdf(
    exported: Path, printed: Path, lesson: Path
) -> None:
    """LibreOffice's PDF of the deck and our slide PDF have the same lines of code, which
    are the lines the fit broke: no line broken after a hyphen, none wrapped again."""
    ours = pdf_code(exported / f"{lesson.stem}.pdf")
    theirs = pdf_code(printed / f"{lesson.stem}.pdf")
    assert theirs == ours
    expected = {
        " ".join(line.split()) for _, frame in code_frames(laid(lesson)) for line in drawn(frame)
    }
    shown = {line for page in ours for line in page}
    assert expected - {""} <= shown
    inline = lesson.read_text(encoding="utf-8")  # inline code in a sentence is mono too
    assert all(line in expected or f"`{line}`" in inline for line in shown), shown - expected


def pdftotext(pdf: Path) -> str:
    need_tool("pdftotext")
    done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True)
    assert done.returncode == 0
    return done.stdout.decode("utf-8")


@pytest.mark.parametrize("kind", ["pdf", "handout.pdf"])
def test_commands_copied_from_the_pdfs_are_plain_ascii_that_a_shell_runs(
    exported: Path, kind: str
) -> None:
    """Copying a command from the slide PDF or the outline gives what the slide shows: ASCII,
    each broken line ending with a backslash; no zero-width space after a hyphen (the slide
    PDF had one before a digit, ``eu-<ZWSP>west-1``) nor any other invisible character."""
    text = pdftotext(exported / f"s3-bucket-cli.{kind}")
    assert not any(char in text for char in INVISIBLE)
    start = text.index("aws s3api create-bucket")
    command = text[start : text.index("BucketOwnerEnforced", start) + len("BucketOwnerEnforced")]
    assert command.isascii() and "\\\n" in command
    assert shell_words(command) == shell_words(
        "aws s3api create-bucket --bucket my-course-bucket-2024 --region eu-west-1"
        " --create-bucket-configuration LocationConstraint=eu-west-1"
        " --object-ownership BucketOwnerEnforced"
    )


def heredoc_body(text: str, opening: str) -> str:
    """Return the body of the heredoc in ``text`` that starts on the line ``opening``."""
    start = text.index(opening + "\n") + len(opening) + 1
    return text[start : text.index("\nEOF", start)]


@pytest.mark.parametrize("kind", ["pdf", "handout.pdf"])
@pytest.mark.parametrize("opening", ["cat > bucket-policy.json <<'EOF'", "cat > trust.json <<EOF"])
def test_a_policy_copied_from_the_pdfs_is_the_same_json(
    exported: Path, kind: str, opening: str
) -> None:
    """A heredoc's JSON copied from the slide PDF or the outline (``pdftotext``) is the
    policy written, its lines broken between tokens, with no mark in it."""
    written = heredoc_body((FIXTURES / "policies-and-manifests.md").read_text("utf-8"), opening)
    copied = heredoc_body(pdftotext(exported / f"policies-and-manifests.{kind}"), opening)
    assert copied.count("\n") > written.count("\n")  # broken, as the box is too narrow
    assert copied.isascii() and json.loads(copied) == json.loads(written)
