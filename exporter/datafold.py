"""fit and write: where a line of data (JSON, YAML) too wide for its box may break and still
be the same data, for ``codefold``.

A file a student copies (a ```` ```json ```` block, a policy a heredoc writes) is data: a
mark in it, or a break inside a JSON string, changes what the file says. So a line of data
breaks only where its language lets a line break without changing the data, and goes on
indented, without a mark:

- JSON, between tokens: at a space outside a string, or after a comma, a colon or an opening
  bracket, where whitespace means nothing;
- YAML, after a key (its value on the next line, indented deeper), inside a plain or quoted
  scalar at a single space between two words, which YAML folds back into that space when the
  next line is indented deeper than the key, and inside a flow collection at a space outside
  its quotes. A comment goes on as another comment.

A line with no such break (a JSON string, a YAML value with a comment after it) is left to
``codefold``, which marks its further lines ``→``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

JSON_CUTS = frozenset(",:[{")
"""The characters outside a JSON string after which a line may break without a space."""
YAML_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
"""Characters that may not start a YAML line that goes on with a plain scalar's words."""
YAML_KEY = re.compile(r"(?P<dashes>(?:- +)*)(?:(?P<key>[^\s'\"#{\[&*!|>%@`-][^#]*?):(?: +|$))?")
"""A YAML line's sequence dashes and its key, after its indentation."""


@dataclass(frozen=True)
class DataBreaks:
    """Where a line of data may break without changing the data."""

    spaces: frozenset[int]
    """The offsets of the spaces it may break at (the space vanishes)."""
    cuts: frozenset[int]
    """The offsets of the characters a further line may start at without a space before."""
    lead: str = "  "
    """What starts each further line after the line's own indentation."""
    comment: bool = False
    """Whether the line is a comment, which goes on as another comment."""


def data_language(language: str | None) -> str | None:
    """Return ``json`` or ``yaml`` for a language whose lines are data, else ``None``."""
    if language in {"json", "json5", "geojson"}:
        return "json"
    if language in {"yaml", "yml"}:
        return "yaml"
    return None


def data_breaks(line: str, language: str) -> DataBreaks | None:
    """Return where a line of data in ``language`` (``json`` or ``yaml``) may break, or
    ``None`` where it may not break at all as data."""
    found = json_breaks(line) if language == "json" else yaml_breaks(line)
    if found is None or not (found.spaces or found.cuts or found.comment):
        return None
    return found


def json_breaks(line: str) -> DataBreaks:
    """Return where a line of JSON may break: between its tokens, outside its strings."""
    spaces: set[int] = set()
    cuts: set[int] = set()
    quoted = escaped = False
    for index, char in enumerate(line):
        if quoted:
            quoted = escaped or char != '"'
            escaped = not escaped and char == "\\"
        elif char == '"':
            quoted = True
        elif char == " " and line[:index].strip():
            spaces.add(index)
        elif char in JSON_CUTS and index + 1 < len(line) and line[index + 1] != " ":
            cuts.add(index + 1)
    return DataBreaks(frozenset(spaces), frozenset(cuts))


def yaml_breaks(line: str) -> DataBreaks | None:
    """Return where a line of YAML may break: inside its value, at a single space between
    words, or in a flow collection at a space outside quotes; ``None`` for a value YAML could
    not fold so (a block scalar's header, an anchor, a comment after the value)."""
    indent = len(line) - len(line.lstrip(" "))
    if line.lstrip().startswith("#"):
        return DataBreaks(frozenset(), frozenset(), "# ", comment=True)
    match = YAML_KEY.match(line, indent)
    if match is None or not (match["dashes"] or match["key"]):
        return None
    start = match.end()
    value = line[start:]
    lead = " " * (len(match["dashes"]) + 2)
    if not value or " #" in value or value[0] in "|>&*!%@`#":
        return None
    if value[0] in "[{":
        spaces = outside_quotes(value)
    elif value[0] in "'\"":
        spaces = words_apart(value, inside=True) if value[-1] == value[0] else set()
    elif ": " in value or (value[0] in YAML_INDICATORS and value[1:2] in {"", " "}):
        return None
    else:
        spaces = words_apart(value, inside=False)
    if match["key"] and line[start - 2 : start] == ": ":  # the value on a line of its own
        spaces.add(-1)
    return DataBreaks(frozenset(start + at for at in spaces), frozenset(), lead)


def words_apart(value: str, inside: bool) -> set[int]:
    """Return the offsets in a scalar ``value`` of the single spaces between two words at
    which YAML folds a line break back into the space: for a plain scalar (not ``inside``
    quotes), where the next word starts with no indicator; for a quoted one, not after a
    backslash, which escapes the line break."""
    found = set()
    for index in range(1, len(value) - 1):
        if value[index] != " " or " " in (value[index - 1], value[index + 1]):
            continue
        if inside and value[index - 1] == "\\":
            continue
        if not inside and value[index + 1] in YAML_INDICATORS:
            continue
        found.add(index)
    return found


def outside_quotes(value: str) -> set[int]:
    """Return the offsets of the spaces in a flow collection outside its quoted scalars."""
    found = set()
    quote = ""
    for index, char in enumerate(value):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == " ":
            found.add(index)
    return found
