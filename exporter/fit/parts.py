"""fit: the parts of a long page: their titles, the subheading a part repeats, what must not
end a part (``orphans``) or stand alone on one (``led``), the width of code alone on a part,
and the floor scale pages are split at.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from exporter.fit.blocks import depth
from exporter.fit.scale import Scale
from exporter.model import (
    Block,
    Bullet,
    Code,
    Columns,
    Image,
    Paragraph,
    Run,
    Runs,
    Subheading,
    Table,
    Words,
    ends_in_colon,
    head_of,
    inline_icons,
    plain_text,
    text_runs,
)
from exporter.theme import Theme


def floor_index(theme: Theme, scales: Sequence[Scale]) -> int:
    """Return the index of the floor scale: the first at the theme's least body size, its code
    and table text still in proportion (the scales after it shrink code and tables alone)."""
    body_min = theme.sizes.body_min
    return next((i for i, scale in enumerate(scales) if scale.body <= body_min), len(scales) - 1)


def shrinks(block: Block) -> bool:
    """Return whether ``block`` is smaller at the scales below the floor: code and tables,
    in columns too (text stays at the theme's least body size)."""
    if isinstance(block, Columns):
        return any(shrinks(b) for b in (*block.left.blocks, *block.right.blocks))
    return isinstance(block, Code | Table)


def part_title(title: Runs, part: int, parts: int, words: Words) -> Runs:
    """Return the title of part ``part`` of ``parts`` of a page titled ``title``: the title
    itself first, then numbered (``IAM Best Practices (2/3)``), so that no two are the same."""
    if part == 1:
        return title
    text = plain_text(title)
    repeat = re.search(rf" \({re.escape(words.continued)}( \d+)?\)$", text)
    if repeat is not None:  # a page that continues one before (``(continued 2)``), itself split
        number = repeat.group(1) or ""
        text = f"{text[: repeat.start()]} ({words.continued}{number}, {part}/{parts})"
    else:
        text = f"{text} ({part}/{parts})"
    return text_runs(text, inline_icons(title))  # its icons kept in their lines


def repeated(block: Block, words: Words) -> bool:
    """Return whether ``block`` is a subheading or a list item repeated at the top of a
    continuation (``last_heading``, ``parents_of``)."""
    return isinstance(block, Subheading | Bullet) and plain_text(block.runs).endswith(words.marker)


REPEATED_MOST = 48
"""The most characters of a list item repeated over its sub-items on the part they go on to
(``parents_of``): a longer item is cut short at a word, so that it takes one line, not the
room they need."""


def parents_of(
    head: Sequence[Block], tail: Sequence[Block], words: Words, whole: bool = False
) -> list[Block]:
    """Return the list items the first block of ``tail`` goes on under, in ``head`` (its
    parent item, that item's parent...), top first and marked as continued: what a part that
    starts among an item's sub-items repeats, each cut short past ``REPEATED_MOST``
    characters (``1. Build the image, tagging it with both… (continued)``). Code nested in an
    item repeats it too: the rest of ``terraform plan``'s output does not open a slide
    without the step that runs it (the title alone cannot tell two steps' output apart).
    Nor does anything else nested in it that goes on ``whole`` (not a piece of a block cut in
    two): the words that present its output (``Expected output:``), a note under it. Not the
    rest of an item's own text divided between sentences."""
    if not tail or not depth(tail[0]) or not (whole or isinstance(tail[0], Bullet | Code)):
        return []
    level = depth(tail[0])
    found: list[Bullet] = []
    for block in reversed(head):
        if level == 0:
            break
        if isinstance(block, Bullet) and block.level < level:
            found.append(block)
            level = block.level
    return [continued_item(item, words) for item in reversed(found)]


def presents(words: Bullet | Paragraph, block: Block) -> bool:
    """Return whether ``words`` ending in a colon present the code, table or picture after
    them (``The same rule as a CloudFormation snippet:``), and so go on with it."""
    return isinstance(block, Code | Table | Image) and ends_in_colon(words.runs)


def continued_item(item: Bullet, words: Words) -> Bullet:
    """Return ``item`` repeated on the part its sub-items go on to: marked as continued, and
    cut short at a word past ``REPEATED_MOST`` characters."""
    text = plain_text(item.runs)
    if text.endswith(words.marker):
        return item
    if len(text) <= REPEATED_MOST:
        return replace(item, runs=(*item.runs, Run(words.marker)))
    count = len(text[:REPEATED_MOST].rsplit(" ", 1)[0].rstrip(" ,;:"))
    return replace(item, runs=(*head_of(item.runs, count), Run(f"…{words.marker}")))


def last_heading(
    blocks: Sequence[Block], heading: Subheading | None, words: Words
) -> Subheading | None:
    """Return the subheading a part goes on under after ``blocks``, marked as continued."""
    for block in reversed(blocks):
        if isinstance(block, Subheading) and not repeated(block, words):
            return replace(block, runs=words.continued_title(block.runs))
    return heading


def widened(body: tuple[Block, ...]) -> tuple[Block, ...]:
    """Return a part's body, code alone on it taking the body's whole width (code nested in
    a list item keeps its indent only beside the item)."""
    if len(body) == 1 and isinstance(body[0], Code) and body[0].level:
        return (replace(body[0], level=0),)
    return body


def led(parts: list[list[Block]], words: Words, skip: int = 0) -> list[list[Block]]:
    """Return ``parts`` where a part holding nothing but a subheading (after the ``skip``
    blocks each part starts with), whose content all went on to the next part under the same
    subheading repeated as continued, is one part with it: the subheading leads its own
    content, never a slide of its own."""
    out: list[list[Block]] = []
    for part in parts:
        alone = out[-1][skip:] if out and len(out[-1]) == skip + 1 else None
        if (
            alone is not None
            and isinstance(alone[0], Subheading)
            and len(part) > skip
            and part[skip] == last_heading(alone, None, words)
        ):
            out[-1] = [*out[-1], *part[skip + 1 :]]
        else:
            out.append(part)
    return out


def orphans(
    current: list[Block],
    following: Sequence[Block],
    words: Words,
    skip: int = 0,
    together: Callable[[Sequence[Block]], bool] | None = None,
) -> list[Block]:
    """Remove and return what must not end a part before ``following``: subheadings, parent
    items whose sub-items go on in the next part, the words that ask a quiz question or
    introduce a comparison before its options or columns, and words ending in a colon before
    the code, table or picture they present, where the two fit a slide ``together`` (else
    the code goes on whole without them: better than cut under them); the part's first block
    after the ``skip`` it starts with stays."""
    taken: list[Block] = []
    own = len(current) > skip and repeated(current[skip], words)
    first = skip + (2 if own else 1)  # the part's first block stays
    while len(current) > first:
        last, nxt = current[-1], (taken or list(following))[0]
        if (
            isinstance(last, Subheading)
            or (isinstance(last, Bullet | Paragraph) and depth(nxt) > depth(last))
            or (isinstance(last, Paragraph) and last.level == 0 and introduces(nxt))
            or (
                isinstance(last, Bullet | Paragraph)
                and presents(last, nxt)
                and (together is None or together([last, *taken, *following]))
            )
        ):
            taken.insert(0, current.pop())
        else:
            break
    return taken


def leads_in(blocks: Sequence[Block], words: Words) -> bool:
    """Return whether ``blocks`` (a part so far, its lead left out) are only words that
    introduce what follows them: a paragraph ending in a colon (``Save it as vpc.yaml:``),
    after what the part repeats, if anything."""
    own = [block for block in blocks if not repeated(block, words)]
    return (
        len(own) == 1
        and isinstance(own[0], Paragraph)
        and own[0].level == 0
        and ends_in_colon(own[0].runs)
    )


def introduces(block: Block) -> bool:
    """Return whether a paragraph before ``block`` introduces it, and so goes with it: a quiz
    question's first option, or two columns."""
    return isinstance(block, Columns) or (isinstance(block, Bullet) and block.letter is not None)
