"""The floor check's helpers (``.ci/floor`` runs them); standard library only.

``pins PYPROJECT``: print a pip constraints file pinning every direct dependency of
``pyproject.toml`` to its lower bound (``>=X`` becomes ``==X``); a dependency without a lower
bound is an error. ``installed CONSTRAINTS``: check that the running Python has exactly those
versions. ``check REPORT``: check a smoke export's report, and read back every output: each
deck with python-pptx, each PDF with poppler's ``pdfinfo``, each title slide's
picture with Pillow.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

REQUIREMENT = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*([^;]*)(;.*)?$")
"""A PEP 508 requirement without a URL: name, extras, version specifiers, markers."""


def floor_of(requirement: str) -> tuple[str, str]:
    """Return the name and the lower bound (``>=X``) of ``requirement``.

    Raises ``ValueError`` when it has none, or its markers could leave it out.
    """
    match = REQUIREMENT.match(requirement)
    if match is None:
        raise ValueError(f"{requirement!r}: not a requirement this check reads")
    name, _, specifiers, markers = match.groups()
    if markers:
        raise ValueError(f"{requirement!r}: markers are not supported by the floor check")
    bounds = [s.strip()[2:].strip() for s in specifiers.split(",") if s.strip().startswith(">=")]
    if len(bounds) != 1:
        raise ValueError(f"{requirement!r}: a direct dependency needs one lower bound (>=X)")
    return name, bounds[0]


def pins(pyproject: Path) -> list[str]:
    """Return ``name==floor`` for every direct dependency in ``pyproject``."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    return ["{}=={}".format(*floor_of(requirement)) for requirement in project["dependencies"]]


def same_release(one: str, other: str) -> bool:
    """Return whether two versions name one release: ``1.0`` is ``1.0.0`` (pre-releases and
    the like are compared as text)."""
    if not re.fullmatch(r"[0-9.]+", one + other):
        return one == other
    return release(one) == release(other)


def release(version: str) -> list[int]:
    """Return the numbers of a plain release version, without its trailing zeros."""
    numbers = [int(part) for part in version.split(".")]
    while numbers and numbers[-1] == 0:
        numbers.pop()
    return numbers


def installed(constraints: Path) -> list[str]:
    """Return the pins of ``constraints`` that the running Python does not have."""
    wrong = []
    for line in constraints.read_text(encoding="utf-8").split():
        name, version = line.split("==")
        have = metadata.version(name)
        if not same_release(have, version):
            wrong.append(f"{name} {have} installed, {version} wanted")
    return wrong


def pdf_pages(path: Path) -> int:
    """Return the number of pages of the PDF at ``path``, as ``pdfinfo`` reads it."""
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    pages = re.search(r"^Pages:\s+(\d+)$", info.stdout, re.MULTILINE)
    if pages is None:
        raise ValueError(f"{path}: pdfinfo gave no page count")
    return int(pages.group(1))


def check(report_path: Path, lessons: int) -> list[str]:
    """Return what is wrong with the smoke export reported in ``report_path``."""
    from pptx import Presentation  # the floor's python-pptx, reading the decks back

    report = json.loads(report_path.read_text(encoding="utf-8"))
    problems = []
    if len(report["lessons"]) != lessons:
        problems.append(f"{len(report['lessons'])} lessons in the report, {lessons} in lessons/")
    for lesson in report["lessons"]:
        slides = len(lesson.get("slides", []))
        outputs = sorted(lesson["outputs"])
        if lesson["status"] != "exported" or slides == 0 or len(outputs) != 5:
            problems.append(f"{lesson['source']}: {lesson['status']}, outputs {outputs}")
            continue
        for output in outputs:
            path = Path(output)  # as the export named it, from the folder it ran in
            if output.endswith(".preview.png"):  # the index page's, drawn by the floor's PDFium
                problems.extend(picture_problems(path))
                continue
            if output.endswith(".pptx"):
                count = len(Presentation(str(path)).slides)
            else:
                count = pdf_pages(path)
            handout = output.endswith(".handout.pdf") or "/.book/" in output  # 3 slides a page
            if count == 0 or (not handout and count != slides):
                problems.append(f"{output}: {count} slides or pages read back, {slides} made")
    if not (report_path.parent / "out" / "index.html").is_file():
        problems.append("out/index.html: not written")
    book = report_path.parent / "out" / "course.pdf"
    if not book.is_file() or pdf_pages(book) < 2 + len(report["lessons"]):
        problems.append(f"{book}: no course book, or too few pages in it")
    return problems


def picture_problems(path: Path) -> list[str]:
    """Return what is wrong with a title slide's picture: it must be a 480 x 270 PNG, not
    blank."""
    from PIL import Image

    with Image.open(path) as picture:
        if picture.format != "PNG" or picture.size != (480, 270):
            return [f"{path}: a {picture.format} of {picture.size}, not a 480 x 270 PNG"]
        if len(picture.convert("L").getcolors(256 * 256) or ()) < 2:
            return [f"{path}: blank"]
    return []


def main(argv: list[str]) -> int:
    """Run one of the helpers; return the exit status."""
    match argv:
        case ["pins", pyproject]:
            print("\n".join(pins(Path(pyproject))))
            return 0
        case ["installed", constraints]:
            wrong = installed(Path(constraints))
        case ["check", report, lessons]:
            wrong = check(Path(report), int(lessons))
        case _:
            print(__doc__, file=sys.stderr)
            return 2
    for problem in wrong:
        print(f"floor: {problem}", file=sys.stderr)
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
