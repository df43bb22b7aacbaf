"""write: an HTML ``Document`` → PDF bytes (the only module that uses WeasyPrint).

WeasyPrint sees no outside world: its fetcher serves the fonts and images the document was
given (already loaded through ``resources``) and refuses every other address, so neither a
``file:`` address nor the network can be reached from a lesson. Output is byte-identical from
one export to the next: dates come only from ``SOURCE_DATE_EPOCH`` and the file's identifier
from its own content.

WeasyPrint is loaded without searching for its libraries (see ``by_soname``): that search runs
``ldconfig`` and ``gcc`` a few dozen times, most of the time it takes to load.
"""

from __future__ import annotations

import atexit
import ctypes.util
import functools
import hashlib
import io
import logging
import os
import shutil
import sys
import tempfile
import weakref
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stdout
from typing import Any

from exporter.apart import run_apart
from exporter.errors import ExporterError, error
from exporter.files import digest
from exporter.resources.fonts import KEPT_FONT_BYTES
from exporter.theme import Theme
from exporter.writers.document import SCHEME, Document, fonts_document
from exporter.writers.markup import xml_tree
from exporter.writers.weasyprint_internals import RuleSheets, lean_html, sized_arrays, tree_html


@contextmanager
def by_soname() -> Iterator[None]:
    """Make libraries load by the names they are asked for, without a search, on Linux.

    WeasyPrint tries several names for each library it loads (Pango, HarfBuzz...), the Windows
    and macOS ones first, and cffi looks for each name that does not load as it is with
    ``ctypes.util.find_library``, which on Linux runs ``ldconfig -p``, ``gcc`` and ``ld`` each
    time: 54 programs on every start on Debian 12. Its names include each library's soname
    (``libpango-1.0.so.0``), which the dynamic loader finds as it finds any program's libraries
    (``LD_LIBRARY_PATH``, then its cache); and on Linux that search only ever answers a soname,
    loaded the same way. So while this is in force it answers nothing, and the soname loads.
    Neither WeasyPrint nor cffi has a setting for it (``WEASYPRINT_DLL_DIRECTORIES`` is for
    Windows only). Another thread that searched for a library meanwhile would find none.
    """
    if not sys.platform.startswith("linux"):
        yield
        return
    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = search


try:
    with by_soname(), redirect_stdout(io.StringIO()):  # where WeasyPrint prints why it failed
        from weasyprint import CSS, HTML
except OSError:  # a library known here by another soname than WeasyPrint's: searched for
    from weasyprint import CSS, HTML

import pydyf  # type: ignore[import-untyped]  # noqa: E402  # loaded by WeasyPrint already
from weasyprint.text.ffi import ffi  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

LOGGERS = (logging.getLogger("weasyprint"), logging.getLogger("fontTools"))
"""WeasyPrint's log, and that of fontTools, which it subsets fonts with when HarfBuzz cannot."""


def remember_page_references() -> None:
    """Make pydyf's ``PDF.page_references`` work its tuple out once per page count.

    WeasyPrint reads it for every tagged element and every link; pydyf builds the tuple of
    every page's reference each time, so a PDF of a thousand slides costs millions of
    references. The values are the same, worked out again only when a page is added.
    """
    original = getattr(pydyf.PDF, "page_references", None)
    if not isinstance(original, property) or getattr(original.fget, "remembered", False):
        return  # a pydyf of another make: left as it is
    compute = original.fget
    assert compute is not None

    def page_references(pdf: Any) -> tuple[bytes, ...]:
        count = len(pdf.pages["Kids"])
        known = pdf.__dict__.get("_lesson_page_references")
        if known is None or known[0] != count:
            known = pdf.__dict__["_lesson_page_references"] = (count, compute(pdf))
        references: tuple[bytes, ...] = known[1]
        return references

    page_references.remembered = True  # type: ignore[attr-defined]
    pydyf.PDF.page_references = property(page_references)


remember_page_references()
sized_arrays(ffi)  # each font's subset without a C declaration read anew (weasyprint_internals)


LessonHTML = lean_html(HTML, CSS)
"""What lays out our documents: WeasyPrint's ``HTML`` without the user-agent rules that give
every element a style for pseudo-elements that are never drawn (``weasyprint_internals``)."""
from_tree = tree_html(LessonHTML)
"""Makes a ``LessonHTML`` of a document read as XML (``markup.xml_tree``), where it can."""


RULES = RuleSheets(CSS, f"{SCHEME}/")
"""A document's own style rules, each parsed once a process (see ``stylesheet``)."""


class RefusedAddress(ValueError):
    """A document asked for an address it was not given."""


class Fetcher(URLFetcher):  # type: ignore[misc]
    """Serves a document's own files from memory and refuses everything else."""

    def __init__(self, files: dict[str, tuple[bytes, str]]) -> None:
        super().__init__(allowed_protocols=())
        self.files = files
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        """Return the file at ``url``; raise ``RefusedAddress`` for any other address."""
        if url.startswith(SCHEME) and url in self.files:
            data, media_type = self.files[url]
            return URLFetcherResponse(url, data, {"Content-Type": media_type})
        self.refused.append(url)
        raise RefusedAddress(f"{url!r} is not one of the document's files")


class Messages(logging.Handler):
    """Collects WeasyPrint's warnings instead of letting them reach the terminal."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def captured() -> Iterator[Messages]:
    """Route WeasyPrint's (and fontTools') log to a list for the duration of a render."""
    handler = Messages()
    saved = [(logger, logger.handlers[:], logger.propagate) for logger in LOGGERS]
    for logger in LOGGERS:
        logger.handlers = [handler]
        logger.propagate = False
    try:
        yield handler
    finally:
        for logger, handlers, propagate in saved:
            logger.handlers = handlers
            logger.propagate = propagate


FONT_SETS = 4
"""How many sets of fonts (a theme's) a process keeps a WeasyPrint font configuration for."""
configurations: OrderedDict[tuple[int, str], FontConfiguration] = OrderedDict()
"""The font configurations made, by the process that made them and the digest of their fonts,
the most recently used last (a forked worker's own after those it inherited)."""
folders: dict[int, str] = {}
"""The temporary folder of each process that rendered (see ``own_temporary_folder``)."""
SHEETS = 16
"""How many parsed style sheets a process keeps for each font configuration."""
parsed: weakref.WeakKeyDictionary[FontConfiguration, OrderedDict[str, Any]] = (
    weakref.WeakKeyDictionary()
)
"""The style sheets parsed with each font configuration (their ``@font-face`` rules are in it),
by their text, the most recently used last; they go with their configuration."""


def content_digest(data: bytes) -> str:
    """Return the SHA-256 of a font file's bytes, worked out once a process for the same
    bytes up to ``KEPT_FONT_BYTES``: a theme's fonts are read once
    (``resources.fonts.read_font``), the same objects in every document, whose hash Python
    keeps (hashing the default theme's 4 MB of fonts took every render 2.6 ms)."""
    return digest(data) if len(data) > KEPT_FONT_BYTES else kept_digest(data)


kept_digest = functools.lru_cache(maxsize=32)(digest)
"""``files.digest``, kept for the last 32 fonts' bytes (``content_digest``)."""


def font_configuration(document: Document) -> FontConfiguration:
    """Return WeasyPrint's font configuration for ``document``'s fonts, made once a process
    for each set of fonts (by their addresses and contents, so that a font changed under the
    same name is loaded anew).

    Made for every render, a configuration loads the system's fonts, writes the document's
    fonts to files for Fontconfig and has Pango open them anew; kept, the renders after the
    first find them ready: the bundled lessons' deck, handout and slide PDF on one worker took
    4.16 s rather than 4.39 s (median of 3), and 124 MB rather than 134 MB, the bytes the
    same.

    A worker forked from a process that had one for the same fonts uses it as well (the
    tests' many one-lesson builds, each on a worker forked from the test's process: ten
    builds of the seed's deck and handout took 3.00 s of the workers' CPU rather than 3.20 s,
    median of 4): Fontconfig and FreeType read the fonts' files through read-only
    mappings, which a fork copies. It never drops one it inherited, which would remove the
    files the process it was forked from still uses; that process removes them as it exits,
    once its workers are done.
    """
    fonts = fonts_of(document)
    found = kept_configuration(fonts)
    if found is None:
        process = os.getpid()
        found = configurations[(process, fonts)] = FontConfiguration()
        own = [other for other in configurations if other[0] == process]
        for other in own[: max(0, len(own) - FONT_SETS)]:  # the least recently used
            del configurations[other]
    return found


def fonts_of(document: Document) -> str:
    """Return the digest of ``document``'s fonts: their addresses and contents."""
    return digest(
        f"{address}\0{len(data)}\0{content_digest(data)}\0".encode()
        for address, (data, media_type) in sorted(document.files.items())
        if media_type.startswith("font/")
    )


def kept_configuration(fonts: str) -> FontConfiguration | None:
    """Return the font configuration this process keeps for the fonts of digest ``fonts``,
    made by itself (then the most recently used) or else inherited from the process it was
    forked from; ``None`` if it keeps none (never made, or dropped since)."""
    key = (os.getpid(), fonts)
    if key in configurations:
        configurations.move_to_end(key)
        return configurations[key]
    # Not made here: any other key with these fonts is one inherited from a fork.
    return next((found for (_, kept), found in configurations.items() if kept == fonts), None)


def stylesheet(css: str, config: FontConfiguration, fetcher: Fetcher) -> Any:
    """Return WeasyPrint's parse of ``css`` with the font configuration ``config``, made once
    a process for each (a configuration is the same for the same fonts: a style sheet's
    ``@font-face`` rules are in it).

    A theme's fonts and colours and a layout's rules are the same for every lesson: parsed
    for each render, they cost a small handout about a fifth of its render. They are applied
    as the user's style sheets, in order, as one sheet's parts would be. They weigh as they
    did in the document's own sheet: more than the browser's defaults, less than a ``style``
    attribute (no rule of ours is ``!important``).

    A sheet of a document's own (its classes' rules) is seen once, but its rules were mostly
    seen before under other names: a sheet of nothing but plain rules is assembled from rules
    parsed once a process (``RuleSheets``), the same sheet as parsed whole.
    """
    kept = parsed.setdefault(config, OrderedDict())
    sheet = kept.get(css)
    if sheet is None:
        sheet = RULES.sheet(css, fetcher)
        if sheet is None:
            sheet = CSS(string=css, base_url=f"{SCHEME}/", url_fetcher=fetcher, font_config=config)
        kept[css] = sheet
        while len(kept) > SHEETS:
            kept.popitem(last=False)  # the least recently used
    kept.move_to_end(css)
    return sheet


@contextmanager
def own_temporary_folder() -> Iterator[None]:
    """Give what a render writes to the temporary folder (WeasyPrint unpacks the fonts there,
    about 4 MB a set of fonts) a folder of the process's own, removed as it exits.

    WeasyPrint removes its font folder only when its font configuration is garbage collected,
    which a process may never see before it exits. A worker's folder is inside the worker's
    own, which the command removes when the worker ends or is killed. Renders are one at a
    time in a process, so the process-wide temporary folder can point at it for their
    duration.
    """
    process = os.getpid()
    own = folders.get(process)
    if own is None or not os.path.isdir(own):
        for gone in [key for key in configurations if key[0] == process]:
            del configurations[gone]  # their fonts' files were in the folder removed
        own = folders[process] = tempfile.mkdtemp(prefix=f"lesson-export-pdf-{process}-")
        atexit.register(shutil.rmtree, own, ignore_errors=True)  # not run by a forked worker
    saved = tempfile.tempdir
    tempfile.tempdir = own
    try:
        yield
    finally:
        tempfile.tempdir = saved


def write_pdf(document: Document, messages: list[str] | None = None, tagged: bool = True) -> bytes:
    """Return the PDF of ``document``; WeasyPrint's warnings go to ``messages``, if given.

    The PDF is tagged, so that images keep their alt text and the text its reading order;
    unless not ``tagged`` (a part of the course book: its pages are taken into another PDF,
    where the tags of each part would not hold).
    Raises ``ExporterError`` when the document asked for an address it was not given (a bug:
    lesson text is escaped, so only the writer's own addresses can appear).
    """
    fetcher = Fetcher(document.files)
    identifier = hashlib.md5(document.identity(), usedforsecurity=False).hexdigest()
    with captured() as log, own_temporary_folder():
        config = font_configuration(document)
        html = read(document, fetcher)
        data: bytes = html.write_pdf(
            stylesheets=[stylesheet(css, config, fetcher) for css in document.styles],
            pdf_identifier=identifier.encode("ascii"),
            pdf_tags=tagged,
            font_config=config,
        )
    if messages is not None:
        messages.extend(log.messages)
    if fetcher.refused:
        refused = ", ".join(fetcher.refused)
        raise ExporterError(error("pdf", f"the PDF asked for addresses it may not load: {refused}"))
    return data


def read(document: Document, fetcher: Fetcher) -> Any:
    """Return WeasyPrint's ``HTML`` of ``document``: its tree read as XML where that is
    the tree HTML reads (``markup.xml_tree``) and WeasyPrint takes one, else read by
    WeasyPrint's HTML parser."""
    tree = xml_tree(document.html) if from_tree is not None else None
    if from_tree is None or tree is None:
        return LessonHTML(string=document.html, base_url=f"{SCHEME}/", url_fetcher=fetcher)
    return from_tree(tree, f"{SCHEME}/", fetcher)


def write_pdf_apart(document: Document, tagged: bool = True) -> bytes:
    """Return the PDF of ``document`` as ``write_pdf`` does, laid out in a child process of its
    own where one can be forked (``apart``), so that the memory the render leaves behind
    goes with the child: for each part of a long lesson's PDF. The font configuration and the
    style sheets are made here first, in this process's temporary folder, so that each part's
    child finds them ready, as each render after the first in one process does.

    Raises ``ExporterError`` as ``write_pdf`` does; ``MemoryError`` when the system killed the
    child for its memory."""
    with own_temporary_folder():
        config = font_configuration(document)
        fetcher = Fetcher(document.files)
        for css in document.styles:
            stylesheet(css, config, fetcher)
        folder = folders[os.getpid()]
    return run_apart(write_in, folder, document, tagged)


def write_in(folder: str, document: Document, tagged: bool) -> bytes:
    """Return the PDF of ``document`` (``write_pdf``), its temporary files in ``folder``: the
    folder of the process this one was forked from, where its fonts' files already are."""
    folders[os.getpid()] = folder
    return write_pdf(document, tagged=tagged)


def warm_up(theme: Theme | None = None) -> None:
    """Render a one-word document, so that what WeasyPrint and its libraries set up at their
    first render (cffi reads the C types it passes) is ready. A command does it before it
    forks its workers, which then share it rather than each setting it up at its first
    lesson: the render takes about 45 ms, and nine 3-lesson PDF builds in one process then
    took 5 % less of their workers' CPU. Once a process: a watch's rebuilds, and the workers
    forked after it, find it done.

    With ``theme``, the document is drawn in its fonts, so that the workers forked after it
    also find the theme's font configuration ready (``font_configuration``): a watch's
    rebuild of one lesson, on a worker forked from the command, does not load the theme's
    fonts again. That is drawn whenever this process keeps no configuration for the theme's
    fonts as they are now, not once for a theme: a process keeps a few (``FONT_SETS``), and
    drops them all when its temporary folder is gone, so a configuration made at an earlier
    warm-up may be gone since; and a font changed under its name is another set of fonts in
    the same theme. One still kept becomes the most recently used."""
    if theme is None:
        first_render()
        return
    document = fonts_document(theme)
    with own_temporary_folder():  # which drops the configurations if their files are gone
        if kept_configuration(fonts_of(document)) is None:
            write_pdf(document)


@functools.cache
def first_render() -> None:
    """Render a one-word document once a process (``warm_up``)."""
    with captured(), own_temporary_folder():
        LessonHTML(string="<p>Warm <b>up</b></p>").write_pdf(pdf_tags=True)
