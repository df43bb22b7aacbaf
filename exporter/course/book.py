"""course: the course book (``--format book``): every lesson of a build in one PDF.

1. **Parts.** Each lesson's pages in the book's layout (``book_layout``, a handout layout)
   are one of its outputs, ``.book/NAME.pdf`` beside its other files (``options.BOOK_PART``):
   made by the lesson's worker with its other formats, recorded in the manifest, reused while
   the lesson is up to date and removed with ``--prune``. Their feet are empty.
2. **Front.** The cover and the table of contents are laid out by WeasyPrint
   (``writers.contents``), once the parts' page counts say where each lesson starts (again
   if the contents take more pages than was guessed), and kept (``.NAME.front``) for the next
   build, whose lessons may well start on the same pages; a failed lesson gets a page that
   says why, in its place.
3. **Assembly.** pikepdf (qpdf) puts the pages together without laying anything out again,
   makes the contents' lines links to their pages, nests the bookmarks section → lesson →
   slide (each part's own bookmarks under its lesson), and stamps "Page N of M" on every
   page but the cover (``stamp``).
4. **Key.** The book's inputs (each part's digest, the order, the titles, the settings) give
   a key kept beside the book (``.NAME.json``), with the book's digest (kept by what the
   system says of the file, ``digests``); when the key is the same and the book still holds
   those bytes, the book is left alone. A part's digest is the one its lesson's result gives
   (found unchanged by the manifest, or just written), so that a build reads no part unless
   it assembles the book. Output is byte-identical from one build to the next.
"""

from __future__ import annotations

import functools
import io
import itertools
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, BinaryIO

from exporter import __version__
from exporter.course import Course, course_file, section_number
from exporter.course.replace import Layout, Stale, open_book, replace_parts
from exporter.digests import Digests
from exporter.errors import ExporterError, Severity, error
from exporter.files import digest, write_all
from exporter.jobs import Result, Status
from exporter.options import BOOK_PART, Options
from exporter.paper import Edition

if TYPE_CHECKING:
    import pikepdf

    from exporter.course.stamp import Box
    from exporter.model import Words
    from exporter.theme import Theme
    from exporter.writers.contents import Line
    from exporter.writers.document import Document

DIGITS = "0123456789"
"""What the contents' page numbers are written with."""


@dataclass(frozen=True)
class Piece:
    """One lesson in the book: its part, or why it has none."""

    result: Result
    part: Path | None
    """The lesson's part of the book (``None``: it failed)."""
    why: str = ""
    """A failed lesson's first error."""

    name: str = ""
    """The lesson's file below the input folder (``section-1/lesson-2.md``), as its output's."""

    @property
    def title(self) -> str:
        """The lesson's title, or its file's name when it could not be read."""
        listing = self.result.listing
        return listing.title if listing else self.name

    @property
    def section(self) -> str | None:
        """The lesson's section as its front matter writes it, dashes as spaces."""
        listing = self.result.listing
        if listing is None or not listing.section:
            return None
        return listing.section.replace("-", " ").replace("_", " ").strip()

    @property
    def line(self) -> str:
        """How the contents and the bookmarks name the lesson."""
        listing = self.result.listing
        lesson = listing.lesson if listing else None
        return f"{lesson}. {self.title}" if lesson else self.title


def piece_of(result: Result, output: Path) -> Piece:
    """Return the lesson as the book takes it (``output``: the output folder)."""
    job = result.job
    part = job.file(BOOK_PART)
    name = Path(os.path.relpath(job.stem, output)).as_posix() + job.source.suffix
    if result.status is Status.FAILED or part not in result.outputs:
        errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
        first = [*errors, *result.diagnostics]
        why = first[0].message if first else "it was not exported"
        return Piece(result, None, why[:2000], name)
    return Piece(result, part, name=name)


def write(course: Course, options: Options, theme: Theme, last: Last | None = None) -> Path | None:
    """Write the course book, unless it is up to date; return its path, or ``None`` when it
    was up to date (left as it was). ``last``: the book last written, if it was opened while
    the lessons were exported.

    Raises ``ExporterError`` when a part cannot be read or the book cannot be written.
    """
    from exporter.manifest import digest_of

    target = course_file(options, "book")
    pieces = [piece_of(result, course.output) for result in course.lessons]
    frame, parts = frame_key(course, options, theme, pieces), [part_digest(p) for p in pieces]
    key = digest_of({"frame": frame, "parts": parts})
    sidecar = target.with_name(f".{target.name}.json")
    digests = Digests.load(target.parent, target.name)
    recorded = last_record(target, sidecar, digests)
    if recorded.get("key") == key:
        digests.save()
        return None
    from exporter.words import words_for

    words = words_for(options.lang, None, options.labels)  # the configured language's
    cache = Front(target.with_name(f".{target.name}.front"))
    written: dict[str, object] = {"key": key}
    taken = last.take() if last is not None else None
    replaced = replacing(target, recorded, frame, parts, pieces, theme, words, taken)
    if replaced is None:
        front = laid_front(course, pieces, options, theme, cache, words)

    def book(stream: BinaryIO) -> None:  # saved straight into the file: not held twice
        # Written by qpdf straight into the file, then read back from the system's cache: a
        # Python stream between them (to take the digest as it is written) took four times
        # as long, qpdf writing it a few bytes at a time.
        if replaced is not None:
            replaced[0].save(stream, deterministic_id=True, min_version="1.7")
            replaced[0].close()  # before the new book takes its name (Windows refuses it open)
            front_pages, pages = replaced[1].front, list(replaced[1].pages)
        else:
            front_pages, pages = assemble(course, pieces, options, theme, front, words, stream)
        written["layout"] = Layout(frame, tuple(parts), tuple(pages), front_pages).to_json()
        stream.seek(0)
        written["sha256"] = digest(iter(functools.partial(stream.read, 1 << 20), b""))

    def record(stream: BinaryIO) -> None:
        stream.write((json.dumps(written, sort_keys=True) + "\n").encode())

    try:
        write_all({target: book, sidecar: record, **cache.to_write()})
    finally:
        if replaced is not None:
            replaced[0].close()
    digests.wrote(target, str(written["sha256"]))
    digests.save()
    return target


def replacing(
    target: Path,
    recorded: dict[str, object],
    frame: str,
    parts: list[str | None],
    pieces: list[Piece],
    theme: Theme,
    words: Words,
    opened: pikepdf.Pdf | None = None,
) -> tuple[pikepdf.Pdf, Layout] | None:
    """Return the book last written (``opened`` already, or opened now) with the pages of
    the lessons that changed replaced (``replace``), and its layout; ``None`` when it must be
    put together anew (``opened`` is then closed)."""
    book, done = opened, False
    try:
        layout = Layout.from_json(recorded.get("layout"))
        changed = None if layout is None else layout.changed(frame, parts)
        if layout is None or not changed or len(changed) * SHARE > len(parts):
            return None
        from exporter.resources import theme_font

        new = {i: open_part(part) for i in changed if (part := pieces[i].part) is not None}
        if any(len(new[i].pages) != layout.pages[i] for i in changed):
            return None  # pages move: the contents' numbers and every foot after it change
        lines = [(p.line, shown) for p, shown in zip(pieces, shelves(pieces, words), strict=True)]
        data = theme_font(theme, theme.fonts.body.file, False, False)
        if book is None:
            book = open_book(target)
        replace_parts(book, layout, new, lines, words.page, data)
        done = True
        return book, layout
    except Stale:
        return None
    finally:
        if not done and book is not None:
            book.close()


SHARE = 2
"""The book last written has the changed lessons' pages replaced (``replace``) when at most
one lesson in this many changed; else it is put together anew: replacing reads the whole
book and copies the changed lessons' pages, assembling reads every part and copies every
page."""


class Last:
    """The book last written, opened while the workers export the last lessons (``ahead``),
    for ``replace``: qpdf reads every object of a file the first time an object is added to
    it (``QPDF::fixDanglingReferences``), 1.5 s for the 300,000 of a 3,000-lesson book, which
    the command then spends while the workers lay out the changed lessons."""

    def __init__(self, target: Path) -> None:
        self.target = target
        self.pdf: pikepdf.Pdf | None = None
        self.seen: tuple[int, int, int, int] | None = None
        """The book's device, inode, size and time when it was opened."""

    def ahead(self, exporting: int, lessons: int) -> None:
        """Open the book and read it whole, when as few of the ``lessons`` are exported as
        ``replace`` takes (``SHARE``) and a layout of it is kept; never raises."""
        import pikepdf

        if not exporting or exporting * SHARE > lessons:
            return
        try:
            kept = json.loads(self.target.with_name(f".{self.target.name}.json").read_bytes())
            if not isinstance(kept, dict) or Layout.from_json(kept.get("layout")) is None:
                return
            seen = identity(self.target)
            pdf = pikepdf.open(self.target)
        except (OSError, ValueError, pikepdf.PdfError):
            return
        try:
            pdf.make_indirect(pikepdf.Dictionary())  # reads every object now (not written)
        except pikepdf.PdfError:
            pdf.close()
            return
        self.pdf, self.seen = pdf, seen

    def take(self) -> pikepdf.Pdf | None:
        """Return the book opened ahead, if it is still the file there (the caller closes
        it); else ``None``."""
        pdf, self.pdf = self.pdf, None
        if pdf is None:
            return None
        try:
            same = identity(self.target) == self.seen
        except OSError:
            same = False
        if not same:
            pdf.close()
            return None
        return pdf

    def close(self) -> None:
        """Close the book opened ahead, if it was not taken."""
        if self.pdf is not None:
            self.pdf.close()
            self.pdf = None


def identity(path: Path) -> tuple[int, int, int, int]:
    """Return what the system says of the file at ``path``: its device, inode, size and
    time (raises ``OSError``)."""
    found = path.stat()
    return (found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)


def last_record(target: Path, sidecar: Path, digests: Digests) -> dict[str, object]:
    """Return what was recorded of the book at ``target`` when it was written, when it still
    holds what was written (its digest kept in ``digests`` while the system says the same of
    it); else nothing."""
    from exporter.manifest import file_digest

    try:
        recorded = json.loads(sidecar.read_bytes())
        if isinstance(recorded, dict) and recorded.get("sha256") == digests.digest(
            target, file_digest
        ):
            return recorded
    except (OSError, ValueError):
        pass
    return {}


@dataclass
class Front:
    """The book's own pages (cover and contents) as last laid out, kept beside the book with
    where their page numbers go (``number_place``): a lesson changed leaves them as they were
    unless a title or a section changed, and WeasyPrint, seconds for a long course's contents,
    is not even loaded."""

    path: Path
    made: tuple[str, float, bytes] | None = None
    """The pages laid out now, by the digest of their document, and their numbers' place."""

    def laid_out(self, document: Document, place: Callable[[], float]) -> tuple[bytes, float]:
        """Return the PDF of ``document`` and where ``place`` says its numbers go: the kept
        ones when they were made from the same document."""
        key = digest([document.identity(), *(data for data, _ in document.files.values())])
        try:
            head, _, data = self.path.read_bytes().partition(b"\n")
            kept, _, place_kept = head.decode("ascii", "replace").partition(" ")
            if kept == key:
                return data, float(place_kept)
        except (OSError, ValueError):
            pass
        from exporter.writers.pdf import write_pdf  # WeasyPrint: only to lay them out

        made = (key, place(), write_pdf(document, tagged=False))
        self.made = made
        return made[2], made[1]

    def to_write(self) -> dict[Path, bytes]:
        """Return the file to keep the pages laid out now in, if any were."""
        if self.made is None:
            return {}
        key, above, data = self.made
        return {self.path: f"{key} {above!r}\n".encode("ascii") + data}


def frame_key(course: Course, options: Options, theme: Theme, pieces: list[Piece]) -> str:
    """Return the digest of all the book is made from but its parts: what its front and
    its outline are made of (``replace``)."""
    from exporter.manifest import digest_of, theme_digest
    from exporter.stamp import code_digest

    lessons = [[p.result.job.display, p.line, p.section, p.why] for p in pieces]
    settings = {
        "exporter": code_digest(),
        "theme": theme_digest(theme),
        "title": course.title,
        "created": options.created.isoformat() if options.created else None,
        "paper": options.paper,
        "layout": options.book_layout,
        "edition": options.edition.value,
        "lang": options.lang,
    }
    return digest_of({"settings": settings, "lessons": lessons})


def part_digest(piece: Piece) -> str | None:
    """Return the SHA-256 of a lesson's part (``None`` for none): as its result gives it (the
    manifest found the part unchanged, or the export wrote it), else its file's.

    Raises ``ExporterError`` when it cannot be read.
    """
    part, result = piece.part, piece.result
    if part is None:
        return None
    if len(result.digests) == len(result.outputs) and part in result.outputs:
        return result.digests[result.outputs.index(part)]
    try:
        return digest(part.read_bytes())
    except OSError as exc:
        message = f"cannot read the book's part {part}: {exc.strerror or exc}"
        raise ExporterError(error("book", message)) from exc


def assemble(
    course: Course,
    pieces: list[Piece],
    options: Options,
    theme: Theme,
    laid: tuple[pikepdf.Pdf, float],
    words: Words,
    into: BinaryIO,
) -> tuple[int, list[int]]:
    """Write the book's PDF into ``into``: the cover and contents (``laid``: as
    ``laid_front`` gives them), then each lesson's part (or its failure's page); return how
    many pages the cover and contents take, and how many each lesson's."""
    import pikepdf

    from exporter.course.stamp import Number, embed_font, stamp_numbers, stamp_pages
    from exporter.resources import theme_font
    from exporter.template.colors import from_hex
    from exporter.writers.contents import LEADING, NUMBER_ROOM, SIZE
    from exporter.writers.htmltext import on_paper

    front, above = laid
    parts = [None if p.part is None else open_part(p.part) for p in pieces]
    starts, at = [], len(front.pages)
    for part in parts:
        starts.append(at)
        at += 1 if part is None else len(part.pages)
    notices = iter(failure_pages(course, pieces, options, theme, words).pages)
    book = pikepdf.new()
    taken = [*front.pages]
    for part in parts:
        taken.extend(part.pages if part is not None else [next(notices)])
    put_pages(book, [book.copy_foreign(page.obj) for page in taken])
    numbers = link_contents(book, len(front.pages), starts)
    bookmark(book, pieces, parts, starts, words)
    total = len(book.pages)
    texts = {i: words.page.format(page=i + 1, pages=total) for i in range(1, total)}
    data = theme_font(theme, theme.fonts.body.file, False, False)
    font, glyphs = embed_font(book, data, "".join(set("".join(texts.values()))) + DIGITS)
    rgb = from_hex(on_paper(theme.colors.text)) or (0.0, 0.0, 0.0)
    place = Number(above, SIZE, NUMBER_ROOM * SIZE, LEADING * SIZE, rgb)
    stamp_numbers(book, font, glyphs, numbers, place)
    stamp_pages(book, font, glyphs, texts)  # the feet last, as a handout draws its own
    book.docinfo[pikepdf.Name.Title] = course.title
    book.docinfo[pikepdf.Name.Creator] = f"lesson-exporter {__version__}"
    if options.created is not None:
        stamp = options.created.strftime("D:%Y%m%d%H%M%SZ")
        book.docinfo[pikepdf.Name.CreationDate] = stamp
        book.docinfo[pikepdf.Name.ModDate] = stamp
    book.save(into, deterministic_id=True, min_version="1.7")  # the parts still open
    return len(front.pages), [1 if part is None else len(part.pages) for part in parts]


def put_pages(book: pikepdf.Pdf, pages: list[pikepdf.Object]) -> None:
    """Make ``pages`` (page objects copied into ``book``) the pages of ``book``, which has
    none yet, in order, under its one page tree node (as qpdf writes a page tree anyway).

    pikepdf's ``pages.extend`` goes through the book's list of pages for every page it
    adds: a 3,000-lesson book's 7,000 pages took 2.6 s to add, against 0.6 s here."""
    import pikepdf

    tree = book.Root.Pages
    for page in pages:
        page.Parent = tree
    tree.Kids = pikepdf.Array(pages)
    tree.Count = len(pages)


def open_part(path: Path) -> pikepdf.Pdf:
    """Return a lesson's part, read whole (a long course would hold a file open for each).

    Raises ``ExporterError`` when it cannot be read as a PDF.
    """
    import pikepdf

    try:
        return pikepdf.open(io.BytesIO(path.read_bytes()))
    except (OSError, pikepdf.PdfError) as exc:
        message = f"cannot read the book's part {path}: {exc}; build with --force to make it again"
        raise ExporterError(error("book", message)) from exc


def laid_front(
    course: Course,
    pieces: list[Piece],
    options: Options,
    theme: Theme,
    cache: Front,
    words: Words,
) -> tuple[pikepdf.Pdf, float]:
    """Return the cover and contents as a PDF, and how far above the foot of a contents line
    its page number's baseline goes: laid out without their page numbers, so that a change
    that moves the lessons' pages keeps them as they were (``Front``)."""
    import pikepdf

    from exporter.writers.contents import render_front

    lines = contents_lines(pieces, words)
    edition = words.students if options.edition is Edition.STUDENT else words.teachers
    document = render_front(
        theme, course.title, lines, options.paper, options.created, words, edition=edition
    )
    data, above = cache.laid_out(document, lambda: number_place(course, options, theme, words))
    return pikepdf.open(io.BytesIO(data)), above


def number_place(course: Course, options: Options, theme: Theme, words: Words) -> float:
    """Return how far above the foot of a contents line (its link's box) a page number's
    baseline lies, in points: found by laying out a line with a number where the contents
    once laid theirs out (the end of its last line), in the same style and font, so that the
    stamped numbers stand exactly there."""
    import pikepdf

    from exporter.writers.contents import Line, render_front
    from exporter.writers.parts import last_text
    from exporter.writers.pdf import write_pdf

    document = render_front(
        theme, course.title, [Line("0")], options.paper, None, words, probe=DIGITS
    )
    pdf = pikepdf.open(io.BytesIO(write_pdf(document, tagged=False)))
    page = pdf.pages[-1]
    found = last_text(pikepdf.parse_content_stream(page))
    annotations = page.obj.get(pikepdf.Name.Annots, pikepdf.Array())
    if found is None or not len(annotations):
        raise ExporterError(error("book", "the contents' page numbers found no place"))
    return found[2] - corners(annotations[0].Rect)[1]


def corners(rect: pikepdf.Object) -> Box:
    """Return a PDF rectangle (any two opposite corners, as WeasyPrint writes a link's: top
    first) as its left, bottom, right and top."""
    x0, y0, x1, y1 = (float(v) for v in rect)
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def contents_lines(pieces: list[Piece], words: Words) -> list[Line]:
    """Return the contents' lines, one a lesson, in the book's order."""
    from exporter.writers.contents import Line

    return [
        Line(piece.line, shelf, piece.part is None)
        for piece, shelf in zip(pieces, shelves(pieces, words), strict=True)
    ]


def shelves(pieces: list[Piece], words: Words) -> list[str | None]:
    """Return the heading each lesson goes under in the contents and the bookmarks: its
    section's (``heading``); for a lesson without one, the heading of the lesson before it
    in its folder, else its folder's name, as the index page lists it (a glossary in
    ``extras/`` is not shown as the last lesson of the section before it); ``None`` for
    one at the top of the course."""
    found: list[str | None] = []
    for index, piece in enumerate(pieces):
        folder = PurePosixPath(piece.name).parent
        if piece.section is not None:
            found.append(heading(piece.section, words))
        elif index and PurePosixPath(pieces[index - 1].name).parent == folder:
            found.append(found[-1])
        else:
            found.append(folder.as_posix() if folder.parts else None)
    return found


def heading(section: str | None, words: Words) -> str | None:
    """Return how the contents and the bookmarks head a section: ``Abschnitt 14`` of
    ``Section-14`` in German, a section named otherwise as its lessons write it."""
    if section is None:
        return None
    number = section_number(section)
    return section if number is None else f"{words.section} {number}"


def failure_pages(
    course: Course, pieces: list[Piece], options: Options, theme: Theme, words: Words
) -> pikepdf.Pdf:
    """Return a page for each failed lesson, in the book's order (an empty PDF if none)."""
    import pikepdf

    failures = [(p.name, p.why) for p in pieces if p.part is None]
    if not failures:
        return pikepdf.new()
    from exporter.writers.contents import render_notices
    from exporter.writers.pdf import write_pdf  # WeasyPrint: only for a lesson that failed

    document = render_notices(theme, course.title, failures, options.paper, words)
    notices = pikepdf.open(io.BytesIO(write_pdf(document, tagged=False)))
    if len(notices.pages) != len(failures):
        raise ExporterError(error("book", "a failed lesson's page ran over a page"))
    return notices


def link_contents(
    book: pikepdf.Pdf, front: int, starts: list[int]
) -> dict[int, list[tuple[Box, int]]]:
    """Make each contents line's link (to ``BOOK_LINK`` and its number) go to its lesson's
    first page (``starts``: each lesson's page index); return, by page index, each line's
    link box and the page number to stamp at its end (a line that runs over a page break gets
    it at its end, on the later page)."""
    import pikepdf

    from exporter.writers.contents import BOOK_LINK

    pages = list(book.pages)  # pikepdf finds a page by its number in a list it makes anew
    last: dict[int, tuple[int, Box]] = {}
    for index, page in enumerate(pages[1:front], start=1):
        for annot in page.obj.get(pikepdf.Name.Annots, pikepdf.Array()):
            action = annot.get(pikepdf.Name.A)
            uri = str(action.get(pikepdf.Name.URI, "")) if action is not None else ""
            if not uri.startswith(BOOK_LINK):
                continue
            line = int(uri[len(BOOK_LINK) :]) - 1
            del annot[pikepdf.Name.A]
            annot[pikepdf.Name.Dest] = pikepdf.Array([pages[starts[line]].obj, pikepdf.Name.Fit])
            box = corners(annot.Rect)
            known = last.get(line)
            if known is None or (index, -box[1]) > (known[0], -known[1][1]):
                last[line] = (index, box)  # on a later page, or lower: where the line ends
    numbers: dict[int, list[tuple[Box, int]]] = {}
    for line, (index, rect) in sorted(last.items()):
        numbers.setdefault(index, []).append((rect, starts[line] + 1))
    return numbers


def bookmark(
    book: pikepdf.Pdf,
    pieces: list[Piece],
    parts: list[pikepdf.Pdf | None],
    starts: list[int],
    words: Words,
) -> None:
    """Give the book its bookmarks: the contents, then section → lesson → the part's own
    (its slides, or the outline's headings, each pointing where it did in the part), in
    ``words``; every one open.

    The outline's dictionaries are made here: pikepdf's editable outline (``open_outline``)
    took 2.3 s, profiled, for the 20,000 bookmarks of a 3,000-lesson book, reading each
    part's outline and writing the whole back. A part's own bookmarks are copied with its
    pages, as they are (``copy_foreign`` maps their pages to the pages copied already)."""
    import pikepdf
    from pikepdf import Name

    objects = [page.obj for page in book.pages]  # taken once: see ``link_contents``

    def item(title: str, index: int) -> Node:
        fields = {"/Title": pikepdf.String(title), "/Dest": [objects[index], Name.Fit]}
        return Node(book.make_indirect(pikepdf.Dictionary(fields)))

    top = [item(words.contents, 1)]
    section: Node | None = None
    places = zip(pieces, parts, starts, shelves(pieces, words), strict=True)
    for piece, part, start, shown in places:
        lesson = item(piece.line, start)
        if part is not None:
            lesson.copied = part_outline(book, part)
        if shown is None:
            section = None
            top.append(lesson)
            continue
        if section is None or section.title != shown:
            section = item(shown, start)
            section.title = shown
            top.append(section)
        section.children.append(lesson)
    root = book.make_indirect(pikepdf.Dictionary(Type=Name.Outlines))
    link(root, top)
    book.Root.Outlines = root


@dataclass
class Node:
    """A bookmark of the book, and the bookmarks under it (made, or copied from a part)."""

    item: pikepdf.Dictionary
    children: list[Node] = field(default_factory=list)
    copied: list[pikepdf.Dictionary] = field(default_factory=list)
    """The part's own bookmarks, as copied into the book (they have their own below them)."""
    title: str = ""
    """A section's title (to tell when the next lesson begins another)."""


def link(parent: pikepdf.Dictionary, nodes: list[Node]) -> int:
    """Make ``nodes`` the bookmarks under ``parent``, in order, each open, with theirs under
    them; return how many are shown under ``parent`` when it is open (its ``Count``)."""
    items = [node.item for node in nodes]
    shown = 0
    for node in nodes:
        below = link(node.item, node.children) if node.children else 0
        if node.copied:
            below = adopt(node.item, node.copied)
        shown += 1 + below
    chain(parent, items)
    parent.Count = shown
    if not items:
        for key in ("/First", "/Last"):
            if key in parent:
                del parent[key]
    return shown if items else 0


def chain(parent: pikepdf.Dictionary, items: list[pikepdf.Dictionary]) -> None:
    """Make ``items`` the children of ``parent``, in order (each's ``Prev`` and ``Next``)."""
    import pikepdf

    for before, after in itertools.pairwise(items):
        before.Next = after
        after.Prev = before
    for item in items:
        item.Parent = parent
    if items:
        parent.First, parent.Last = items[0], items[-1]
        if pikepdf.Name.Prev in items[0]:
            del items[0].Prev
        if pikepdf.Name.Next in items[-1]:
            del items[-1].Next


def adopt(parent: pikepdf.Dictionary, items: list[pikepdf.Dictionary]) -> int:
    """Make a part's own bookmarks ``items`` (copied) the children of ``parent``; return how
    many of them are shown when it is open: each, and those its own ``Count`` shows."""
    chain(parent, items)
    shown = 0
    for item in items:
        count = item.get("/Count", 0)
        shown += 1 + (int(count) if isinstance(count, int) and count > 0 else 0)
    parent.Count = shown
    return shown


def part_outline(book: pikepdf.Pdf, part: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Return the top bookmarks of a part's outline copied into ``book`` (after its pages,
    so that each points at the book's copy of its page), in order; an outline that loops
    back ends where it loops."""
    import pikepdf
    from pikepdf import Name

    outlines = part.Root.get(Name.Outlines)
    first = outlines.get(Name.First) if isinstance(outlines, pikepdf.Dictionary) else None
    if not isinstance(first, pikepdf.Dictionary) or not first.is_indirect:
        return []
    item: pikepdf.Object | None = book.copy_foreign(first)
    found: list[pikepdf.Dictionary] = []
    seen: set[tuple[int, int]] = set()
    while isinstance(item, pikepdf.Dictionary) and item.is_indirect and item.objgen not in seen:
        seen.add(item.objgen)
        found.append(item)
        item = item.get(Name.Next)
    return found
