"""course: the lessons that changed replaced in the course book as it was last written.

Putting the book together from every lesson's part (``book.assemble``) opens every part and
copies every page: for a 3,000-lesson course, about 7 s of a build that changed one lesson.
When a build leaves as they were all that the book's front and outline are made of (the
settings, the lessons, their titles, sections and failures: the book's ``frame``), and each
changed lesson's new part has as many pages as its old one, no page of the book moves. The
book last written is then opened, and each changed lesson's pages are replaced by its new
part's, stamped "Page N of M", and made the target of what pointed at the old ones (the
contents' links, its bookmark, its section's); its own bookmarks are its new part's.

qpdf numbers the objects of the file it writes in the order it finds them from the file's
root, and writes only those it finds: the book saved is the one ``assemble`` makes from the
same parts, byte for byte (``test_book``). Anything else (a lesson added, gone or failed, a
page more or less, a book that is not the one recorded, an outline not as ``assemble`` makes
it) and the book is put together anew.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pikepdf

DIGITS = "0123456789"
"""What the contents' page numbers are written with (``book.DIGITS``)."""


class Stale(Exception):
    """The book last written is not as its record says: it is put together anew."""


@dataclass(frozen=True)
class Layout:
    """Where each lesson's pages are in a book, as kept in its record (``.NAME.json``)."""

    frame: str
    """The digest of what the book's front and outline are made of (``book.frame_key``)."""
    parts: tuple[str | None, ...]
    """Each lesson's part's digest, in the book's order (``None``: it failed)."""
    pages: tuple[int, ...]
    """How many pages each lesson has in the book (a failed one, its notice's one)."""
    front: int
    """How many pages the cover and the contents take."""

    @property
    def starts(self) -> list[int]:
        """Each lesson's first page's index."""
        return list(itertools.accumulate(self.pages[:-1], initial=self.front))

    @property
    def total(self) -> int:
        """The book's pages."""
        return self.front + sum(self.pages)

    def to_json(self) -> dict[str, Any]:
        """Return the layout as its record keeps it."""
        return {
            "frame": self.frame,
            "parts": list(self.parts),
            "pages": list(self.pages),
            "front": self.front,
        }

    @classmethod
    def from_json(cls, data: object) -> Layout | None:
        """Return the layout a record keeps, or ``None`` when it keeps none it could use."""
        if not isinstance(data, dict):
            return None
        frame, parts, pages, front = (data.get(k) for k in ("frame", "parts", "pages", "front"))
        if not (
            isinstance(frame, str)
            and isinstance(parts, list)
            and isinstance(pages, list)
            and len(parts) == len(pages)
            and all(p is None or isinstance(p, str) for p in parts)
            and all(type(n) is int and n > 0 for n in pages)
            and type(front) is int
            and front > 0
        ):
            return None
        return cls(frame, tuple(parts), tuple(pages), front)

    def changed(self, frame: str, parts: list[str | None]) -> list[int] | None:
        """Return the lessons (indexes) whose part is not the one in the book, when the book
        made from ``frame`` and ``parts`` differs from this one in those parts only; else
        ``None``."""
        if frame != self.frame or len(parts) != len(self.parts):
            return None
        pairs = enumerate(zip(self.parts, parts, strict=True))
        changed = [i for i, (old, new) in pairs if old != new]
        if any(self.parts[i] is None or parts[i] is None for i in changed):
            return None  # a failure's notice in the book, or to be (the frame says so too)
        return changed


def replace_parts(
    book: pikepdf.Pdf,
    layout: Layout,
    parts: dict[int, pikepdf.Pdf],
    lines: list[tuple[str, str | None]],
    page_words: str,
    font: bytes,
) -> None:
    """Replace in ``book`` (laid out as ``layout`` says) the pages of each lesson of
    ``parts`` (by index) by the part's, which has as many; ``lines`` gives each lesson's
    bookmark's title and the heading it goes under (``book.shelves``), ``page_words`` the
    feet's words (``Page {page} of {pages}``) and ``font`` the font they are drawn in.

    Raises ``Stale`` when the book is not as ``assemble`` makes it from ``layout``.
    """
    import pikepdf
    from pikepdf import Name

    from exporter.course.stamp import NAME, glyphs_of, stamp_pages

    tree = book.Root.Pages
    kids = tree.get(Name.Kids)
    if not isinstance(kids, pikepdf.Array) or len(kids) != layout.total:
        raise Stale
    objects = list(kids)
    if any(page.get(Name.Type) != Name.Page for page in objects):
        raise Stale  # not one flat list of pages, as ``assemble`` makes
    items = lesson_items(book, lines)
    root = book.Root.Outlines
    starts = layout.starts
    texts = {i: page_words.format(page=i + 1, pages=layout.total) for i in range(1, layout.total)}
    glyphs = glyphs_of(font, "".join(set("".join(texts.values()))) + DIGITS)
    moved: dict[tuple[int, int], pikepdf.Object] = {}
    for index, part in sorted(parts.items()):
        start, count = starts[index], layout.pages[index]
        if len(part.pages) != count:
            raise Stale
        first = objects[start]
        after = objects[start + count] if start + count < len(objects) else None
        if target_of(items[index][0]) != first.objgen or (
            index + 1 < len(items)
            and target_of(items[index + 1][0]) != (after.objgen if after is not None else None)
        ):
            raise Stale  # the lesson's pages are not where the record says
        try:
            opening, stamped = first.Contents[0], first.Resources.Font[Name("/" + NAME)]
        except (AttributeError, KeyError, IndexError, TypeError) as exc:
            raise Stale from exc
        if not isinstance(opening, pikepdf.Stream):
            raise Stale
        new = [book.copy_foreign(page.obj) for page in part.pages]
        for offset, page in enumerate(new):
            page.Parent = tree
            kids[start + offset] = page
            objects[start + offset] = page
        moved[first.objgen] = new[0]
        shown = {offset: texts[start + offset] for offset in range(count)}
        stamp_pages(book, stamped, glyphs, shown, [pikepdf.Page(p) for p in new], opening)
        item, section, heads = items[index]
        item.Dest = pikepdf.Array([new[0], Name.Fit])
        if heads and section is not None:
            section.Dest = pikepdf.Array([new[0], Name.Fit])
        delta = renew_outline(book, item, part)
        if delta:
            if section is not None:
                section.Count = int(section.Count) + delta
            root.Count = int(root.Count) + delta
    relink_contents(objects[: layout.front], moved)
    if Name.ID in book.trailer:
        del book.trailer.ID  # else qpdf keeps its first half: the book's as first written


def target_of(item: pikepdf.Dictionary) -> tuple[int, int] | None:
    """Return the object number of the page a bookmark goes to, if it goes to one."""
    import pikepdf

    dest = item.get("/Dest")
    if isinstance(dest, pikepdf.Array) and len(dest) and dest[0].is_indirect:
        return dest[0].objgen
    return None


def renew_outline(book: pikepdf.Pdf, item: pikepdf.Dictionary, part: pikepdf.Pdf) -> int:
    """Make a lesson's bookmark's own (under ``item``) its new ``part``'s, copied after its
    pages; return how many more are shown under it (fewer: below 0)."""
    from exporter.course.book import adopt, part_outline

    before = item.get("/Count", 0)
    shown = int(before) if isinstance(before, int) and before > 0 else 0
    copied = part_outline(book, part)
    if copied:
        return adopt(item, copied) - shown
    for key in ("/First", "/Last", "/Count"):
        if key in item:
            del item[key]
    return -shown


def lesson_items(
    book: pikepdf.Pdf, lines: list[tuple[str, str | None]]
) -> list[tuple[pikepdf.Dictionary, pikepdf.Dictionary | None, bool]]:
    """Return each lesson's bookmark in ``book``, the section's it is under (if any), and
    whether it is its section's first (whose bookmark goes to its page), as ``book.bookmark``
    nests them: the contents' first, then each section's with its lessons', or a lesson's
    at the top.

    Raises ``Stale`` when the outline does not nest ``lines`` (each lesson's title and
    heading) so.
    """
    import pikepdf
    from pikepdf import Name

    outlines = book.Root.get(Name.Outlines)
    top = iter(children(outlines)[1:])  # the contents' first
    found: list[tuple[pikepdf.Dictionary, pikepdf.Dictionary | None, bool]] = []
    section: pikepdf.Dictionary | None = None
    heading: str | None = None
    under: Any = iter(())
    for title, shown in lines:
        first = False
        if shown is None:
            section, item = None, next(top, None)
        else:
            if section is None or heading != shown:
                section, heading, first = next(top, None), shown, True
                if section is None or str(section.get(Name.Title, "")) != shown:
                    raise Stale
                under = iter(children(section))
            item = next(under, None)
        if not isinstance(item, pikepdf.Dictionary) or str(item.get(Name.Title, "")) != title:
            raise Stale
        found.append((item, section, first))
    return found


def children(parent: object) -> list[pikepdf.Dictionary]:
    """Return the bookmarks directly under ``parent``, in order (ending where they loop)."""
    import pikepdf
    from pikepdf import Name

    if not isinstance(parent, pikepdf.Dictionary):
        raise Stale
    found: list[pikepdf.Dictionary] = []
    seen: set[tuple[int, int]] = set()
    item = parent.get(Name.First)
    while isinstance(item, pikepdf.Dictionary) and item.is_indirect and item.objgen not in seen:
        seen.add(item.objgen)
        found.append(item)
        item = item.get(Name.Next)
    return found


def relink_contents(front: list[pikepdf.Object], moved: dict[tuple[int, int], Any]) -> None:
    """Make the contents' links (on the ``front`` pages) to a lesson's old first page go to
    its new one (``moved``, by the old page's object number)."""
    import pikepdf
    from pikepdf import Name

    for page in front:
        for annot in page.get(Name.Annots, pikepdf.Array()):
            dest = annot.get(Name.Dest)
            if isinstance(dest, pikepdf.Array) and len(dest) and dest[0].is_indirect:
                new = moved.get(dest[0].objgen)
                if new is not None:
                    annot[Name.Dest] = pikepdf.Array([new, Name.Fit])


def open_book(path: Path) -> pikepdf.Pdf:
    """Return the book last written, open (read as it is needed: it may be large).

    Raises ``Stale`` when it cannot be read as a PDF.
    """
    import pikepdf

    try:
        return pikepdf.open(path)
    except (OSError, pikepdf.PdfError) as exc:
        raise Stale from exc
