"""The pipeline for one lesson: read → parse → build → fit → write, with all-or-nothing output.

Every output of a lesson is written to a temporary file beside its target and renamed into
place only when every requested format succeeded, so a failed lesson leaves nothing behind.

The stages, and the libraries they use (mistune, PyYAML, Pillow, python-pptx, WeasyPrint...),
are imported when a lesson first needs them, a writer only for its own format: the command
starts without them, and ``preload`` imports them at once before workers are started.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import os
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from exporter.errors import Diagnostic, ExporterError, Severity, error
from exporter.model import plain_text
from exporter.options import FORMATS, Options

if TYPE_CHECKING:
    from exporter.geometry import LaidOutDeck
    from exporter.resources import Downloads, Read
    from exporter.source import Page
    from exporter.theme import Theme

STAGES = (
    "exporter.source",
    "exporter.parse",
    "exporter.builder",
    "exporter.resources",
    "exporter.fit",
    "exporter.resources.resample",
    "exporter.limits",
)
"""The modules that read, parse, build and fit a lesson (``lay_out``)."""
WRITERS = {
    "pptx": ("exporter.writers.pptx",),
    "pdf": ("exporter.writers.html", "exporter.writers.pdf"),
    "handout": ("exporter.writers.handout", "exporter.writers.pdf"),
}
"""The modules that write each format (``render``)."""


@dataclass(frozen=True)
class Job:
    """One lesson to export."""

    source: Path
    """The lesson file."""
    display: str
    """How to name it in messages (as the user wrote it)."""
    stem: Path
    """The output path without its extension."""
    root: Path
    """The course root for site-root image paths."""
    refused: str | None = None
    """Why the lesson must not be read at all (a link out of the course), if it must not."""

    def output(self, extension: str) -> Path:
        """Return the output file with ``extension`` (``week.1`` gives ``week.1.pptx``)."""
        return self.stem.with_name(f"{self.stem.name}.{extension}")

    def outputs(self, options: Options) -> list[Path]:
        """Return every output file the options ask for."""
        return [self.output(FORMATS[name]) for name in options.formats]


@dataclass
class Made:
    """What a lesson's outputs are made from (the manifest keeps it, to tell when to rebuild)."""

    lesson: str = ""
    """The SHA-256 of the lesson's bytes."""
    images: dict[str, Read] = field(default_factory=dict)
    """What each image was had from, by its address in the lesson."""


@dataclass(frozen=True)
class SlideInfo:
    """What the report says of one slide."""

    number: int
    layout: str
    title: str
    line: int
    size: float
    """The body text's size in points (0 on the title slide)."""
    shrunk: bool
    """Whether the text is smaller than the theme's sizes so that it fits."""
    part: int
    parts: int
    """The slide is part ``part`` of the ``parts`` slides its page became."""


@dataclass(frozen=True)
class Result:
    """How one lesson's export went."""

    job: Job
    status: str
    """``exported``, ``skipped`` (its outputs were up to date) or ``failed`` (``checked``, by
    ``lesson-export check``)."""
    outputs: tuple[Path, ...]
    diagnostics: tuple[Diagnostic, ...]
    slides: tuple[SlideInfo, ...] = ()
    removed: tuple[Path, ...] = ()
    """Outputs of an earlier export that a failure removed, so that none is mistaken for new."""
    seconds: float = 0.0
    """How long the lesson took."""
    lesson: str = ""
    """The SHA-256 of the lesson's bytes, as they were read (see ``manifest``)."""
    images: tuple[tuple[str, Read], ...] = ()
    """What each image was had from, by its address in the lesson."""
    digests: tuple[str, ...] = ()
    """The SHA-256 of each of ``outputs``."""

    @property
    def shrunk(self) -> int:
        """How many slides have text smaller than the theme's sizes so that it fits."""
        return sum(slide.shrunk for slide in self.slides)

    @property
    def continued(self) -> int:
        """How many slides continue a page that did not fit on one."""
        return sum(slide.part > 1 for slide in self.slides)

    @property
    def warnings(self) -> int:
        """How many warnings the lesson had."""
        return sum(d.severity is Severity.WARNING for d in self.diagnostics)


def check_lesson(job: Job, options: Options, theme: Theme) -> Result:
    """Return what exporting one lesson would report, writing nothing; never raises for bad
    input. The status is ``checked`` or ``failed``."""
    found: list[Diagnostic] = []
    try:
        laid = prepared(job, options, theme, found)
    except ExporterError as exc:
        found.append(exc.diagnostic)
        return Result(job, "failed", (), located(found, job.display))
    return Result(job, "checked", (), located(found, job.display), slide_infos(laid))


def prepared(
    job: Job,
    options: Options,
    theme: Theme,
    found: list[Diagnostic],
    read: Made | None = None,
) -> LaidOutDeck:
    """Return the lesson laid out, adding its warnings to ``found`` (and what it was made
    from to ``read``, as ``lay_out`` does).

    Raises ``ExporterError`` when it cannot be exported (or warns, under ``--strict``).
    """
    if job.refused:
        raise ExporterError(error("refused", job.refused))
    laid, diagnostics = lay_out(job, theme, downloads(options), read)
    found.extend(diagnostics)
    if options.strict and found:
        message = f"--strict: {len(found)} warning(s) fail this lesson"
        raise ExporterError(error("strict", message))
    return laid


def export_lesson(job: Job, options: Options, theme: Theme) -> Result:
    """Export one lesson in every requested format; never raises for bad input."""
    from exporter.resources import digest

    found: list[Diagnostic] = []
    read = Made()
    targets = job.outputs(options)
    try:
        laid = prepared(job, options, theme, found, read)
        slides = slide_infos(laid)
        outputs = {
            target: render(name, laid, options)
            for name, target in zip(options.formats, targets, strict=True)
        }
        write_all(outputs)
    except ExporterError as exc:
        found.append(exc.diagnostic)
        return Result(job, "failed", (), located(found, job.display), (), remove_stale(targets))
    digests = tuple(digest(data) for data in outputs.values())
    diagnostics = located(found, job.display)
    images = tuple(read.images.items())
    return Result(
        job, "exported", tuple(outputs), diagnostics, slides, (), 0.0, read.lesson, images, digests
    )


def render(name: str, laid: LaidOutDeck, options: Options) -> bytes:
    """Return the bytes of one output format of a laid-out deck.

    Raises ``ExporterError`` when the PDF renderer fails on the deck.
    """
    if name == "pptx":
        from exporter.writers.pptx import render_pptx

        return render_pptx(laid, options.created)
    if name == "pdf":
        from exporter.writers.html import render_slides

        document = render_slides(laid, options.created)
    else:
        from exporter.writers.handout import render_handout

        document = render_handout(laid, options.handout, options.paper, options.created)
    # WeasyPrint takes about 0.35 s to import: only a run that writes a PDF pays for it.
    from exporter.writers.pdf import write_pdf

    return write_pdf(document)


def downloads(options: Options) -> Downloads:
    """Return how remote images may be had under ``options``.

    Raises ``ValueError`` for an allowed host that is not a name, an address or a network.
    """
    from exporter.resources import Downloads
    from exporter.resources.cache import default_folder
    from exporter.resources.hosts import Allowed

    return Downloads(
        Allowed.parse(options.allow_hosts),
        options.cache_dir or default_folder(),
        options.offline,
    )


def preload(options: Options, writing: bool = True) -> None:
    """Import now every stage a lesson goes through, and if ``writing`` the writers of the
    formats ``options`` ask for (WeasyPrint, for a PDF, takes about 0.35 s to import): worker
    processes forked after this share them instead of each importing them."""
    writers = [module for name in options.formats if writing for module in WRITERS[name]]
    for module in (*STAGES, *writers):
        importlib.import_module(module)


def lay_out(
    job: Job,
    theme: Theme,
    downloads: Downloads | None = None,
    read: Made | None = None,
) -> tuple[LaidOutDeck, list[Diagnostic]]:
    """Return a lesson read, parsed, built and fitted, with the warnings of every stage; and
    what it was made from in ``read``, if given. What no slide can usefully show is capped
    (``limits``).

    Raises ``ExporterError`` when the lesson cannot be read, or would make too many slides.
    """
    from exporter.builder import build_deck
    from exporter.fit import fit_deck
    from exporter.limits import cap_links, shorten_front_matter
    from exporter.resources import Place, digest, load_pictures
    from exporter.resources.resample import largest_picture, resample_pictures
    from exporter.source import parse_source, read_lesson

    data = read_lesson(job.source)
    read = Made() if read is None else read
    read.lesson = digest(data)
    source, shortened = shorten_front_matter(parse_source(data), data)
    deck, built = build_deck(source, [page.blocks for page in source.pages], job.source.stem)
    place = Place(job.source.parent, job.root)
    pictures, missing = load_pictures(deck, place, downloads, largest_picture(theme), read.images)
    laid, fitted = fit_deck(deck, theme, pictures)
    laid = resample_pictures(laid)
    laid, unlinked = cap_links(laid)
    starts = {page.line: page for page in source.pages}
    fitted = tuple(pinpointed(d, starts) for d in (*fitted, *unlinked))
    return laid, [*source.diagnostics, *shortened, *renumbered((*built, *missing), laid), *fitted]


def pinpointed(diagnostic: Diagnostic, pages: dict[int, Page]) -> Diagnostic:
    """Return ``diagnostic`` moved from its page's first line to the line its excerpt is on."""
    page = pages.get(diagnostic.line or 0)
    if page is None or not diagnostic.excerpt:
        return diagnostic
    words = [word for word in diagnostic.excerpt.split() if len(word) > 3] or [""]
    for needle in (diagnostic.excerpt[:30], max(words, key=len)):
        if needle and needle in page.text:
            return replace(diagnostic, line=page.line_of(needle))
    return diagnostic


def renumbered(diagnostics: tuple[Diagnostic, ...], laid: LaidOutDeck) -> list[Diagnostic]:
    """Return ``diagnostics`` renumbered from the deck's slides to the slides written."""
    return [
        d if d.slide is None else replace(d, slide=laid.firsts[d.slide - 1]) for d in diagnostics
    ]


def located(diagnostics: list[Diagnostic], display: str) -> tuple[Diagnostic, ...]:
    """Return ``diagnostics`` naming the lesson file."""
    return tuple(d.located(display) for d in diagnostics)


def slide_infos(laid: LaidOutDeck) -> tuple[SlideInfo, ...]:
    """Return the report's view of each slide, continuation slides included."""
    return tuple(
        SlideInfo(
            placed.number,
            placed.slide.layout.value,
            plain_text(placed.slide.title),
            placed.slide.line,
            placed.body_size,
            placed.shrunk,
            placed.part,
            placed.parts,
        )
        for placed in laid.slides
    )


def remove_stale(targets: list[Path]) -> tuple[Path, ...]:
    """Remove the outputs an earlier export left for a lesson that now fails; return them."""
    removed = []
    for target in targets:
        with contextlib.suppress(OSError):
            if target.is_file():
                target.unlink()
                removed.append(target)
    return tuple(removed)


@functools.cache
def file_mode() -> int:
    """Return the permissions an ordinary new file gets here (mkstemp makes files private)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def write_all(outputs: dict[Path, bytes]) -> None:
    """Write every file or none: temporary files first, renamed into place at the end."""
    temporary: dict[Path, str] = {}
    target: Path | None = None
    try:
        for target, data in outputs.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            handle, name = tempfile.mkstemp(
                prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
            )
            temporary[target] = name
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
            os.chmod(name, file_mode())
        for target, name in list(temporary.items()):
            os.replace(name, target)
            del temporary[target]
    except BaseException as exc:  # an interrupt too: no temporary file may stay behind
        for name in temporary.values():
            with contextlib.suppress(OSError):
                os.unlink(name)
        if not isinstance(exc, OSError):
            raise
        named = exc.filename or target or "output"
        if target is not None and str(named).endswith(".tmp"):
            named = target  # name the file the user asked for, not our temporary one
        raise ExporterError(error("write", f"cannot write {named}: {exc.strerror}")) from exc
