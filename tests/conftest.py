"""Shared test helpers: the repository's paths, lesson writing, and the real outside tools."""

from __future__ import annotations

import contextlib
import functools
import gc
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
from filelock import FileLock

from exporter.cli import main
from exporter.manifest import NAME as MANIFEST
from exporter.options import Options
from exporter.pipeline import preload
from exporter.theme import load_theme
from exporter.workers import YOUNG

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"
SEED = LESSONS / "section-14" / "lesson-1.md"
STRESS = ROOT / "tests" / "fixtures" / "stress"
"""Lessons written to strain the fit: the longest page, deep nesting, long code, wide tables."""
REQUIRE_TOOLS = os.environ.get("LESSON_EXPORT_REQUIRE_TOOLS") == "1"
"""Set by .ci/run: in CI a test that needs LibreOffice or poppler fails instead of skipping."""
J = TypeVar("J")
"""JSON data."""
D = TypeVar("D")
"""A dataclass of paths."""
NO_NETWORK = "no network in tests: serve the image from 127.0.0.1"


# A run started in the background (``nohup make test &``, a CI runner's detached shell)
# inherits Ctrl-C ignored, and so would every command the tests start: the tests that press
# Ctrl-C (``test_watch``, ``test_batch``) check what a user at a terminal gets. Heard again here,
# it is heard in the commands they start (an ignored signal stays ignored across exec; one with
# a handler starts out with its default).
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)

# Many tests lay out and render lessons in the test process itself, as the command's workers
# do: with the collector tuned as theirs is (``workers.YOUNG``), about 4 % less of its CPU.
gc.set_threshold(YOUNG, *gc.get_threshold()[1:])


@pytest.fixture(scope="session", autouse=True)
def own_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Give what the tests and the commands they start write to the temporary folder (the
    PDF writer's fonts, ``writers.pdf.own_temporary_folder``) a folder of the session's, which
    pytest removes with its older runs. The system's temporary folder kept what a test
    process or a command a test killed had no time to remove: about one folder of 2 to 4 MB
    in every suite's run, 285 of them after a day's runs."""
    folder = tmp_path_factory.mktemp("tmp")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TMPDIR", str(folder))
        patch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
        yield


@pytest.fixture(scope="session", autouse=True)
def warmed_up(own_temporary_folder: None) -> None:
    """Warm the test process up as a watch warms its command up (``pipeline.preload``): the
    workers of the many builds the tests run in it, forked from it, then find WeasyPrint, the
    default theme's fonts and what a first lesson sets up ready, rather than each setting it
    up again (``writers.pdf.warm_up``, ``pipeline.rehearse``)."""
    preload(Options(formats=("pptx", "handout", "pdf")), True, load_theme(), rehearsed=True)


@pytest.fixture(scope="session", autouse=True)
def no_network(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keep every test off the network and out of the user's download cache.

    Only numeric addresses and ``localhost`` resolve (the tests' own servers are on
    127.0.0.1), so a lesson's remote image, such as the seed's, is a placeholder in tests
    whatever network the machine has; downloads are cached in a folder of the session's.
    """
    real = socket.getaddrinfo

    def local_only(host: object, *args: object, **kwargs: object) -> object:
        flags = kwargs.get("flags", 0)
        numeric = isinstance(flags, int) and bool(flags & socket.AI_NUMERICHOST)
        if numeric or host in (None, "localhost", "127.0.0.1", "::1"):
            return real(host, *args, **kwargs)  # type: ignore[arg-type]
        raise socket.gaierror(socket.EAI_NONAME, NO_NETWORK)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket, "getaddrinfo", local_only)
        patch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("user-cache")))
        yield


def squeeze(text: str) -> str:
    """Return ``text`` without white space or zero-width spaces (where a long address may
    break, see ``exporter.addresses``), ligatures unfolded, for layout-proof comparison."""
    return re.sub("[\\s\u200b]+", "", unicodedata.normalize("NFKC", text))


def slide_texts(slide: object) -> list[str]:
    """Return every paragraph of text on a slide: text boxes, placeholders and table cells."""
    texts: list[str] = []
    for shape in slide.shapes:  # type: ignore[attr-defined]
        frames = [shape.text_frame] if shape.has_text_frame else []
        if shape.has_table:
            frames = [cell.text_frame for row in shape.table.rows for cell in row.cells]
        texts.extend(p.text for frame in frames for p in frame.paragraphs if p.text.strip())
    return texts


def page_count(pdf: Path) -> int:
    """Return how many pages ``pdf`` has (poppler's pdfinfo)."""
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    match = re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE)
    assert match is not None
    return int(match.group(1))


def page_text(pdf: Path, page: int | None = None) -> str:
    """Return the text of one page of ``pdf``, or of all of it (poppler's pdftotext)."""
    pages = ["-f", str(page), "-l", str(page)] if page is not None else []
    command = ["pdftotext", "-raw", *pages, str(pdf), "-"]
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


TWINS = ("Carlito", "Caladea", "Liberation Sans", "Liberation Serif", "Liberation Mono")
"""The open fonts the themes measure with (their files are in ``themes/*/fonts``): LibreOffice
draws a deck's Calibri, Cambria, Arial, Times New Roman and Courier New in them only when they
are installed where fontconfig finds them; otherwise it picks other fonts, and no test comparing
its pages with the fit can hold."""


@functools.cache
def missing_twins() -> tuple[str, ...]:
    """Return the ``TWINS`` fontconfig does not know."""
    if shutil.which("fc-list") is None:
        return TWINS
    listed = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True).stdout
    families = {family.strip() for line in listed.splitlines() for family in line.split(",")}
    return tuple(twin for twin in TWINS if twin not in families)


def need_tool(*names: str) -> None:
    """Skip (or, in CI, fail) the calling test when a command it needs is not installed; a
    test that needs LibreOffice (``soffice``) needs the fonts it draws our decks in too."""
    missing = [name for name in names if shutil.which(name) is None]
    if "soffice" in names:
        missing += [f"the font {twin}" for twin in missing_twins()]
    if missing:
        packages = "libreoffice-impress poppler-utils fonts-crosextra-carlito"
        packages += " fonts-crosextra-caladea fonts-liberation2"
        reason = f"needs {', '.join(missing)} (apt-get install {packages})"
        if REQUIRE_TOOLS:
            pytest.fail(f"CI requires the real tools: {reason}")
        pytest.skip(reason)


@pytest.fixture
def write_lesson(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Return a function that writes a lesson file (text or bytes) under ``tmp_path``."""

    def write(text: str | bytes, name: str = "lesson.md") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, str):
            path.write_text(text, encoding="utf-8")
        else:
            path.write_bytes(text)
        return path

    return write


@dataclass(frozen=True)
class Converted:
    """A lesson exported to PPTX and a slide PDF, and that deck converted to PDF by LibreOffice."""

    source: Path
    root: Path
    """The course folder it was exported from."""
    deck: Path
    pdf: Path
    """The deck as LibreOffice printed it."""
    slides: Path
    """Our own slide PDF of the lesson."""


@pytest.fixture(scope="session")
def converted(tmp_path_factory: pytest.TempPathFactory) -> list[Converted]:
    """Export lessons/ and the stress lessons, and print every deck (``print_decks``)
    (once for the whole run, however many workers ask)."""
    need_tool("soffice")
    _, rows = built_once(tmp_path_factory, "libreoffice", convert)
    return [Converted(*(Path(path) for path in row)) for row in rows]


def convert(work: Path, *flags: str) -> list[list[str]]:
    """Export the bundled and stress lessons into ``work`` (to PPTX and PDF, or as ``flags``
    say) and print every deck (``print_decks``); return each ``Converted``'s paths."""
    found = export_lessons(work, *flags)
    print_decks([c.deck for c in found], work / "pdf", work)
    return [converted_row(c) for c in found]


def export_lessons(work: Path, *flags: str, prefix: str = "") -> list[Converted]:
    """Export the bundled and stress lessons into ``work`` (to PPTX and PDF, or as ``flags``
    say), each deck copied into ``work/flat`` under a name of its own for LibreOffice to print
    into ``work/pdf``; return them, not yet printed. Another export into the same ``work``
    (another theme's) takes another ``prefix``, so that one soffice prints both."""
    found = []
    flags = flags or ("--format", "pptx,pdf")
    for folder in (LESSONS, STRESS):
        out = work / f"{prefix}{folder.name}"
        assert main(["build", str(folder), "-o", str(out), "-q", *flags]) == 0
        for source in sorted(folder.rglob("*.md")):
            deck = out / source.relative_to(folder).with_suffix(".pptx")
            flat = work / "flat" / "-".join((out.name, *deck.relative_to(out).parts))
            flat.parent.mkdir(exist_ok=True)
            flat.write_bytes(deck.read_bytes())
            printed = work / "pdf" / flat.with_suffix(".pdf").name
            found.append(Converted(source, folder, flat, printed, deck.with_suffix(".pdf")))
    return found


def converted_row(found: Converted) -> list[str]:
    """Return a ``Converted``'s paths, as ``built_once`` keeps them (JSON)."""
    return [str(found.source), str(found.root), str(found.deck), str(found.pdf), str(found.slides)]


DECKS_A_SOFFICE = 32
"""How many decks make it worth starting another soffice: its start takes about 1.7 s of CPU,
a small deck's print about 0.3 s, so the bundled and stress lessons' 13 decks print for less
CPU in one soffice (what counts in a run whose workers keep every core busy), and so do the
dark and classroom themes' 26 and the templates' 24."""


def print_decks(decks: list[Path], out: Path, work: Path) -> None:
    """Print ``decks`` to PDF into ``out`` with LibreOffice (same base names): one soffice for
    each ``DECKS_A_SOFFICE`` decks, up to one a core, each with a profile of its own under
    ``work``, so that no other soffice of the run shares it (a soffice prints one deck after
    another).

    Raises ``CalledProcessError`` if one fails."""
    count = max(1, min(os.cpu_count() or 1, -(-len(decks) // DECKS_A_SOFFICE)))
    runs: list[subprocess.Popen[bytes]] = []
    try:
        for first in range(count):
            profile = (work / f"profile-{first}").as_uri()
            command = ["soffice", f"-env:UserInstallation={profile}", "--headless"]
            command += ["--convert-to", "pdf", "--outdir", str(out)]
            command += [str(deck) for deck in decks[first::count]]
            runs.append(
                subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
            )
        for run in runs:
            _, err = run.communicate(timeout=900)
            if run.returncode:
                raise subprocess.CalledProcessError(run.returncode, run.args, stderr=err)
    finally:
        for run in runs:
            if run.poll() is None:
                run.kill()
                run.wait()


def built_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], J]
) -> tuple[Path, J]:
    """Return a folder and what ``build(folder)`` returned (JSON data), built once for the
    whole run.

    ``make test`` runs the suite on several pytest-xdist workers, each with session fixtures
    of its own: the first to ask builds into a folder they share, under a file lock; the others
    wait for it and read what it returned.
    """
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    folder, record = root / f"shared-{name}", root / f"shared-{name}.json"
    with FileLock(root / f"shared-{name}.lock"):
        if record.is_file():
            value: J = json.loads(record.read_text(encoding="utf-8"))
            return folder, value
        shutil.rmtree(folder, ignore_errors=True)  # a build an earlier worker did not finish
        folder.mkdir()
        value = build(folder)
        record.write_text(json.dumps(value), encoding="utf-8")
        return folder, value


def made_once(
    tmp_path_factory: pytest.TempPathFactory,
    name: str,
    kind: Callable[..., D],
    make: Callable[[Path], D],
) -> D:
    """Return what ``make(folder)`` returned, a ``kind`` of paths only (a dataclass), made
    once for the whole run (``built_once``).

    A module-scoped fixture is made again on each pytest-xdist worker that runs one of the
    module's tests, and the workers share a module's tests out: ``test_icon_headings``' lesson
    was exported and its deck printed twice in a run, and the ten modules that print a deck
    of their own started 27 soffice on six workers (10 now)."""

    def build(folder: Path) -> list[str]:
        return [str(path) for path in vars(make(folder)).values()]

    _, paths = built_once(tmp_path_factory, name, build)
    return kind(*(Path(path) for path in paths))


def listed(folder: Path, deep: bool = False) -> list[Path]:
    """Return what is in ``folder`` (and below, if ``deep``) but the build's manifest."""
    found = folder.rglob("*") if deep else folder.iterdir()
    return [path for path in found if path.name != MANIFEST]


@dataclass(frozen=True)
class Built:
    """The bundled lessons built by the command, and what it printed."""

    out: Path
    log: list[str]
    """Its lines, the output folder named ``OUT`` and the times cut off."""


def build_lessons(out: Path, *flags: str) -> Built:
    """Build the bundled lessons into ``out`` with ``flags`` (deck and handout, offline)."""
    capture = io.StringIO()
    with contextlib.redirect_stdout(capture), contextlib.redirect_stderr(capture):
        code = main(["build", str(LESSONS), "-o", str(out), *BUILT, *flags])
    assert code == 0, capture.getvalue()
    lines = capture.getvalue().replace(str(out), "OUT").splitlines()
    return Built(out, [line.rsplit(" in ", 1)[0] for line in lines])


BUILT = ("--format", "pptx,handout", "--offline")
"""The formats of the shared builds (the slide PDFs of these lessons are made, and compared with
LibreOffice's, by the `converted` fixture)."""


def built(tmp_path_factory: pytest.TempPathFactory, jobs: str) -> Built:
    """The bundled lessons built on ``jobs`` workers, once for the whole run."""

    def build(out: Path) -> list[str]:
        return build_lessons(out, "-j", jobs).log

    return Built(*built_once(tmp_path_factory, f"lessons-j{jobs}", build))


@pytest.fixture(scope="session")
def serial(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The bundled lessons built one at a time (three tests compare with it)."""
    return built(tmp_path_factory, "1")


@pytest.fixture(scope="session")
def parallel(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The bundled lessons built on two workers."""
    return built(tmp_path_factory, "2")


LESSON = "---\ntitle: {name}\nsection: 1\nlesson: 1\n---\n\n### Hello\n\n- **A**: b\n"
"""A small lesson, titled by ``{name}``."""


def small_course(tmp_path: Path, names: tuple[str, ...]) -> Path:
    """Write a course folder of small lessons named ``names`` under ``tmp_path``."""
    root = tmp_path / "course"
    root.mkdir()
    for name in names:
        (root / f"{name}.md").write_text(LESSON.format(name=name), encoding="utf-8")
    return root
