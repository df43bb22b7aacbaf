"""Code too wide for its box: set smaller where a smaller size holds every line whole, else
warned of, line by line as it wraps (a line broken in two reads as two, and may not run)."""

from __future__ import annotations

from pathlib import Path

import pytest

from exporter.geometry import CODE_INSET, CodeFrame, LaidOutDeck
from exporter.jobs import Job
from exporter.measure import Measurer
from exporter.pipeline import lay_out
from exporter.theme import load_theme

THEME = load_theme("default")
FRONT = "---\ntitle: Code width\n---\n\n### Handler\n\nThe handler:\n\n"


def laid(code: str, language: str = "python") -> tuple[LaidOutDeck, list[str]]:
    """Return a lesson of a paragraph and ``code`` laid out, and its warnings with lines."""
    data = (FRONT + f"```{language}\n{code}\n```\n").encode()
    job = Job(Path("code.md"), "code.md", Path("out"), Path("."))
    deck, diagnostics = lay_out(job, THEME, data=data)
    return deck, [f"{d.line}: {d.message}" for d in diagnostics]


def code_frames(deck: LaidOutDeck) -> list[CodeFrame]:
    return [f for placed in deck.slides for f in placed.frames if isinstance(f, CodeFrame)]


def wrapping(frame: CodeFrame) -> list[str]:
    """Return the lines of ``frame``'s code that take more than one line of its box."""
    measure = Measurer(THEME)
    inner = frame.box.w - 2 * CODE_INSET
    return [
        line
        for line in frame.code.text.split("\n")
        if measure.count_code_line(line, frame.size, inner) > 1
    ]


WIDE = 'return {"statusCode": 400, "body": json.dumps({"error": "an order needs an item"})}'
"""A line of 86 characters: wider than the body at the theme's code size, not at its least."""


@pytest.mark.parametrize("indent", [0, 4, 8])
def test_code_too_wide_at_its_size_is_set_smaller_with_every_line_whole(indent: int) -> None:
    code = f"def handler(event, context):\n    if not event:\n{' ' * indent}{WIDE}"
    deck, warnings = laid(code)
    [frame] = code_frames(deck)
    assert frame.size < THEME.sizes.code
    assert wrapping(frame) == []
    assert warnings == []
    larger = CodeFrame(frame.box, frame.code, frame.size + 1)
    assert wrapping(larger), "a larger size would have held every line too"


def test_code_that_fits_keeps_its_size() -> None:
    deck, warnings = laid("def handler(event, context):\n    return event")
    [frame] = code_frames(deck)
    assert frame.size == THEME.sizes.code and warnings == []


def test_a_line_too_wide_at_every_size_is_warned_of_on_its_own_line() -> None:
    long = "aws s3 cp " + "s3://bucket/" + "/".join(f"folder-{n}" for n in range(20)) + " ."
    deck, warnings = laid(f"echo start\n{long}\necho done", "bash")
    [frame] = code_frames(deck)
    assert frame.size == THEME.sizes.code  # wrapped anyway: no smaller than it need be
    assert wrapping(frame) == [long]
    [warned] = warnings
    assert warned.startswith('11: slide 2: a line of code, "aws s3 cp s3://bucket/')
    assert "wraps" in warned


def test_several_lines_too_wide_are_counted_in_one_warning_on_the_first() -> None:
    """Each line that wraps is counted, and the warning stands on the first of them, so an
    author who shortens it knows more are to come."""
    paths = [
        f"aws s3 cp s3://bucket/{'/'.join(f'{kind}-folder-{n}' for n in range(20))} ."
        for kind in "ab"
    ]
    deck, warnings = laid(f"echo start\n{paths[0]}\necho middle\n{paths[1]}\necho done", "bash")
    [frame] = code_frames(deck)
    assert wrapping(frame) == paths
    [warned] = warnings
    assert warned.startswith(
        '11: slide 2: 2 lines of code, the first "aws s3 cp s3://bucket/a-folder-0'
    )
    assert "wrap" in warned and "shorten them" in warned


def test_a_wrapping_line_opening_like_an_earlier_one_is_warned_of_at_its_own_line() -> None:
    """Reviewed: a long annotation of a Kubernetes manifest was warned of at the line above
    it, whose first 30 characters (its indentation and ``alb.ingress.kubernetes.io/``) are
    the same: the warning names the line that wraps."""
    arn = "arn:aws:acm:eu-west-1:123456789012:certificate/3f1e2d4c-5b6a-7980-a1b2-c3d4e5f60718"
    code = (
        "metadata:\n  annotations:\n    alb.ingress.kubernetes.io/scheme: internet-facing\n"
        f"    alb.ingress.kubernetes.io/certificate-arn: {arn}{arn}"
    )
    _, warnings = laid(code, "yaml")
    [warned] = warnings
    assert warned.startswith('13: slide 2: a line of code, "alb.ingress.kubernetes.io/certif')
