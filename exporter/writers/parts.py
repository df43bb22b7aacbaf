"""write: a lesson's part of the course book, from its handout's PDF: the same pages without
their page numbers (the book numbers its pages over the whole book, ``course.stamp``).

When the build writes the handout in the book's layout anyway, laying the lesson out a second
time for its part would cost as much again (about half a second a lesson); taking the page
numbers out of the handout's pages costs milliseconds. WeasyPrint draws a page's margin boxes
last, the foot (``@bottom-center``) after the head, so the last text drawn on each page is its
number: it is taken out where it lies in the page's bottom margin. A page that is not as
expected gives ``None``, and the part is laid out on its own instead (``render_handout`` with
``numbered=False``).
"""

from __future__ import annotations

import io

import pikepdf

from exporter.writers.handout import PAGE_MARGIN

Matrix = tuple[float, float, float, float, float, float]


def unnumbered(handout: bytes) -> bytes | None:
    """Return ``handout`` (a handout's PDF) without the page number at each page's foot, or
    ``None`` when a page's last text does not lie in its bottom margin."""
    pdf = pikepdf.open(io.BytesIO(handout))
    for page in pdf.pages:
        operations = pikepdf.parse_content_stream(page)
        found = last_text(operations)
        if found is None:
            return None
        start, end, y = found
        box = [float(v) for v in page.mediabox]
        if not box[1] <= y < box[1] + PAGE_MARGIN[2] * 72:
            return None
        kept = operations[:start] + operations[end + 1 :]
        page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))
    untag(pdf)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def untag(pdf: pikepdf.Pdf) -> None:
    """Take the structure tree out of ``pdf`` (a tagged handout), leaving it as a part laid
    out untagged would be: the book takes the parts' pages, not their tags, and a handout's
    tags are most of its objects. Left in, they made each part cost qpdf about 0.6 MB to open,
    so that a book of 1,000 lessons took 811 MB rather than 303 MB to put together."""
    root = pdf.Root
    for key in (pikepdf.Name.StructTreeRoot, pikepdf.Name.MarkInfo):
        if key in root:
            del root[key]
    for page in pdf.pages:
        if pikepdf.Name.StructParents in page.obj:
            del page.obj[pikepdf.Name.StructParents]
        for annotation in page.obj.get(pikepdf.Name.Annots, pikepdf.Array()):
            if pikepdf.Name.StructParent in annotation:
                del annotation[pikepdf.Name.StructParent]


def last_text(
    operations: list[pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage],
) -> tuple[int, int, float] | None:
    """Return where the last text object (``BT`` … ``ET``) of a page's drawing starts and ends,
    and how high its first text position lies on the page (in points from the bottom)."""
    ctm: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    saved: list[Matrix] = []
    found: tuple[int, int, float] | None = None
    start: int | None = None
    y = 0.0
    for index, instruction in enumerate(operations):
        name = str(instruction.operator)
        operands = list(instruction.operands)
        if name == "q":
            saved.append(ctm)
        elif name == "Q" and saved:
            ctm = saved.pop()
        elif name == "cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            ctm = multiply((a, b, c, d, e, f), ctm)
        elif name == "BT":
            start, y = index, ctm[5]
        elif name in ("Tm", "Td") and start is not None:
            x0, y0 = (float(v) for v in operands[-2:])
            y = x0 * ctm[1] + y0 * ctm[3] + ctm[5]
        elif name == "ET" and start is not None:
            found = (start, index, y)
    return found


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """Return the matrix product ``m n`` (``m`` applied first), as PDF's ``cm`` composes."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (
        a * p + b * r,
        a * q + b * s,
        c * p + d * r,
        c * q + d * s,
        e * p + f * r + t,
        e * q + f * s + u,
    )
