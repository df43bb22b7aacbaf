"""model: the kinds of slide layout a deck uses, by the names PowerPoint gives them.

Our own master has a layout of each (``writers/pptx_master.py``); in a school's template each
is found by name, by a mapping the user sets, or by the placeholders a layout holds
(``template/layouts.py``).
"""

from __future__ import annotations

import enum


class Role(enum.Enum):
    """A layout of the deck's master, by the name PowerPoint gives it."""

    TITLE_SLIDE = "Title Slide"
    CONTENT = "Title and Content"
    TWO_CONTENT = "Two Content"
    COMPARISON = "Comparison"
    SECTION = "Section Header"
    TITLE_ONLY = "Title Only"
    BLANK = "Blank"


def role_named(name: str) -> Role | None:
    """Return the role ``name`` says: its layout name (``Title and Content``) or its key
    (``content``, ``title_slide``), in any case; ``None`` for no role."""
    wanted = " ".join(name.replace("_", " ").casefold().split())
    for role in Role:
        if wanted in (role.value.casefold(), role.name.replace("_", " ").casefold()):
            return role
    return None
