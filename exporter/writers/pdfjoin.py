"""write: PDFs that WeasyPrint wrote, joined into one with their bookmarks and tags (pikepdf).

The parts of a long lesson's PDF (``joined``) are joined here: the pages in order, the
bookmarks moved to the joined pages, and the parts' tags merged into one structure tree (each
part's elements under the first part's document element, its numbers in the parent tree moved
past those of the parts before it, its elements' identifiers made its own), so that the joined
PDF stays tagged, with its images' alt text. The document's own entries (language, title,
viewer preferences) are the first part's; its identifier is worked out from its content, so
that two builds are byte-identical.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

import pikepdf


def join_pdfs(parts: Iterable[bytes], nested: Sequence[int] = ()) -> bytes:
    """Return one PDF of the pages of ``parts`` (tagged PDFs that WeasyPrint wrote) in order,
    with their bookmarks and their tags; the first part's document entries. The first
    ``nested[i]`` bookmarks of part ``i`` go under the last bookmark of the parts before it
    (the slides of a section that began there: in their own part's PDF they had no header to
    go under).

    Each part is opened as its turn comes and let go once its pages and tags are copied:
    QPDF reads a copied stream's data from the bytes of the part it came from, which it keeps
    for it, not from the part's parsed objects (``ForeignStreamData``). Held open to the end,
    the parts of a 771-slide table (tagged: 6,000 structure elements a part of 50 slides)
    took 130 MB more than the joined PDF's own objects."""
    given = iter(parts)
    joined = pikepdf.open(io.BytesIO(next(given)))
    items = bookmarks(joined, 0)
    for number, data in enumerate(given, 2):
        part = pikepdf.open(io.BytesIO(data))
        start = len(joined.pages)
        joined.pages.extend(part.pages)
        found = bookmarks(part, start)
        under = nested[number - 1] if number <= len(nested) and items else 0
        if under:
            items[-1][3].extend(found[:under])
        items.extend(found[under:])
        merge_tags(joined, part, start, number)
        del part  # its copies stand alone (above)
    with joined.open_outline() as outline:
        outline.root[:] = [item_in(joined, item) for item in items]
    out = io.BytesIO()
    joined.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


Bookmark = tuple[str, int, list[pikepdf.Object], list["Bookmark"]]
"""A bookmark: its title, its page's index in the joined PDF, where on the page it leads
(what follows the page in its destination), and the bookmarks under it."""


def bookmarks(part: pikepdf.Pdf, start: int) -> list[Bookmark]:
    """Return the bookmarks of ``part``, whose first page is page ``start`` of the joined PDF."""
    pages = {page.obj.objgen: index for index, page in enumerate(part.pages)}

    def read(item: pikepdf.OutlineItem) -> Bookmark:
        destination = item.destination
        index = 0
        place: list[pikepdf.Object] = [pikepdf.Name.Fit]  # a bookmark without a page
        if isinstance(destination, pikepdf.Array) and len(destination):
            index = pages.get(destination[0].objgen, 0)
            place = list(destination[1:])
        return (item.title, start + index, place, [read(child) for child in item.children])

    with part.open_outline() as outline:
        return [read(item) for item in outline.root]


def item_in(joined: pikepdf.Pdf, bookmark: Bookmark) -> pikepdf.OutlineItem:
    """Return ``bookmark`` as an outline item of ``joined``, leading where it led."""
    title, index, place, children = bookmark
    destination = pikepdf.Array([joined.pages[index].obj, *place])
    item = pikepdf.OutlineItem(title, destination)
    item.children.extend(item_in(joined, child) for child in children)
    return item


def merge_tags(joined: pikepdf.Pdf, part: pikepdf.Pdf, start: int, number: int) -> None:
    """Put the structure tree of ``part``, whose pages are now those of ``joined`` from page
    ``start`` on, into that of ``joined``: its elements under the document element, its
    parent tree's numbers (in its pages' ``StructParents`` and its links' ``StructParent``)
    moved past those ``joined`` has, its elements' identifiers (which a table's cells name
    their headers by, and which each part numbers alike) made its own by its ``number``."""
    root = joined.Root.get("/StructTreeRoot")
    theirs = part.Root.get("/StructTreeRoot")
    if root is None or theirs is None:
        return
    offset = next_key(root)
    copied = joined.copy_foreign(theirs)  # the pages it refers to are the copies made already
    document = only(root.K)
    own_identifiers(only(copied.K), f"{number}.")
    for element in only(copied.K).K:
        element.P = document
        document.K.append(element)
    numbers = copied.ParentTree.Nums
    for index in range(0, len(numbers), 2):
        root.ParentTree.Nums.append(int(numbers[index]) + offset)
        root.ParentTree.Nums.append(numbers[index + 1])
    for page in joined.pages[start:]:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annotation in page.obj.get("/Annots", []):
            if "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset


def own_identifiers(document: pikepdf.Object, prefix: str) -> None:
    """Put ``prefix`` before the identifier of every element under ``document`` and before
    every identifier its elements' ``Headers`` attributes name."""
    elements = [document]
    while elements:
        element = elements.pop()
        if "/ID" in element:
            element.ID = pikepdf.String(prefix + str(element.ID))
        attributes = element.get("/A")
        for owner in attributes if isinstance(attributes, pikepdf.Array) else [attributes]:
            if isinstance(owner, pikepdf.Dictionary) and "/Headers" in owner:
                owner.Headers = pikepdf.Array(
                    pikepdf.String(prefix + str(name)) for name in owner.Headers
                )
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids]:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                elements.append(kid)


def only(kids: pikepdf.Object) -> pikepdf.Object:
    """Return the one element of a structure tree's root, its document element, whether
    ``kids`` (the root's ``K``) is the element or an array of it."""
    return kids[0] if isinstance(kids, pikepdf.Array) else kids


def next_key(root: pikepdf.Object) -> int:
    """Return the first number the parent tree of ``root`` (a flat number tree, as WeasyPrint
    writes it) does not use."""
    numbers = root.ParentTree.Nums
    return max((int(numbers[i]) for i in range(0, len(numbers), 2)), default=-1) + 1
