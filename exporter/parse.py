"""parse: page Markdown → mistune's token tree (the only module that imports mistune)."""

from __future__ import annotations

from typing import Any

import mistune

Token = dict[str, Any]

_MARKDOWN = mistune.create_markdown(renderer=None, plugins=["table", "strikethrough", "url"])


def parse_markdown(text: str) -> list[Token]:
    """Return the block tokens of ``text`` as mistune's abstract syntax tree."""
    tokens, _state = _MARKDOWN.parse(text)
    return [token for token in tokens if isinstance(token, dict)]
