"""read: a lesson's YAML front matter → ``Meta``, its values kept as the text written.

YAML 1.1, which PyYAML speaks, reads a plain ``1.10`` as the number 1.1, ``010`` as 8, ``1:20``
as 80 and ``yes`` as true. The values a lesson uses (``title``, ``section``, ``lesson``,
``lang``) are text, so they are taken from the YAML scalar as it is written, before YAML gives
it a type; quoting still works as YAML says. Any other key is allowed and ignored, but its value
is read, so that one YAML cannot read (``date: 2024-02-30``) is reported at its key's line, as a
warning: it does not stop the lesson. A key given twice warns at its second line (the last
value is used, as YAML does), so that ``--strict`` fails it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from exporter.errors import Diagnostic, ExporterError, error, warning
from exporter.text import clean

FIELDS = {
    "title": "title",
    "section": "section",
    "lesson": "lesson",
    "lang": "language",
    "language": "language",
    "quiz": "quiz",
    "layout": "layout",
}
"""The keys whose values the lesson uses, and the ``Meta`` field each sets (the first wins)."""
TAG = "tag:yaml.org,2002:"
KINDS = {
    "str": "text",
    "int": "a number",
    "float": "a number",
    "bool": "true or false",
    "null": "nothing",
    "timestamp": "a date",
    "binary": "binary data",
    "seq": "a list",
    "map": "a mapping",
}


@dataclass(frozen=True)
class Meta:
    """What the front matter says, each value as clean text (``None`` when absent or unusable)."""

    title: str | None = None
    section: str | None = None
    lesson: str | None = None
    language: str | None = None
    quiz: str | None = None
    """``quiz: 2``: the lesson is a quiz, with this number."""
    layout: str | None = None
    """The lesson's layout (``layout: quiz`` makes it a quiz)."""


@dataclass(frozen=True)
class Entry:
    """A top-level key of the front matter: its value, not yet given a type, and its line."""

    node: Node
    line: int


def read_front_matter(lines: list[str], diagnostics: list[Diagnostic]) -> tuple[Meta, int]:
    """Return what the front matter of the lesson in ``lines`` says, and the index of the first
    body line (0 when there is no front matter); warnings are added to ``diagnostics``.

    Raises ``ExporterError`` when the front matter is never closed, is not YAML or is not a
    mapping.
    """
    if not lines or lines[0].rstrip() != "---":
        return Meta(), 0
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        message = "the front matter opened here is never closed by '---'"
        raise ExporterError(error("front-matter", message, line=1))
    root = compose("\n".join(lines[1:end]))
    if root is None:
        return Meta(), end + 1
    if not isinstance(root, MappingNode):
        message = f"the front matter must be a mapping of keys, not {kind_of(root)}"
        raise ExporterError(error("front-matter", message, 1))
    found: list[Diagnostic] = []
    entries = entries_of(root, found)
    meta = meta_of(entries, found)
    check_ignored(entries, found)
    diagnostics.extend(sorted(found, key=lambda diagnostic: diagnostic.line or 0))
    return meta, end + 1


def compose(text: str) -> Node | None:
    """Return the YAML node tree of ``text`` (front matter starting on line 2), values not yet
    given a type; ``None`` when it is empty.

    Raises ``ExporterError`` naming the line when it is not YAML.
    """
    try:
        return yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.reader.ReaderError as exc:
        line = 2 + text.count("\n", 0, exc.position)
        message = f"the front matter holds a character YAML does not allow (0x{exc.character:02x})"
        raise ExporterError(error("front-matter", message, line=line)) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 2 + mark.line if mark is not None else 1
        problem = getattr(exc, "problem", None) or "invalid YAML"
        message = f"the front matter is not valid YAML: {problem}"
        opened = getattr(exc, "context_mark", None)
        context = getattr(exc, "context", None) or ""
        quoted = "quoted scalar" in context
        flow = FLOWS.get(context.removeprefix("while parsing a "))
        if quoted and "end of stream" in problem and opened is not None:
            line = 2 + opened.line  # where the quote that is never closed opens
            message = (
                "the front matter is not valid YAML: a quote opened on this line is never "
                "closed; close it at the end of the value"
            )
        elif (
            flow
            and opened is not None
            and ("stream end" in problem or opened.line < (mark.line if mark else 0))
        ):
            # PyYAML tells where it gave up, past the end of the line the bracket opens
            line = 2 + opened.line
            message = (
                f"the front matter is not valid YAML: a '{flow}' opened on this line is "
                f"never closed; close it with '{']' if flow == '[' else '}'}' at the end of "
                "the value, or put the value in quotes"
            )
        elif "simple key" in context and opened is not None:
            # PyYAML gives up at the next line: the line without its colon is the key's
            line = 2 + opened.line
            message += (
                "; a line of the front matter is a 'key: value', and this one has no colon "
                "(a line going on from the one above is indented)"
            )
        elif quoted and ("escape" in problem):
            message += (
                "; in double quotes a backslash starts an escape: write the value in single "
                "quotes ('C:\\Users\\student'), or double each backslash"
            )
        elif (
            problem.startswith("mapping values are not allowed")
            and ": " in ([*source_line(text, line).split(": ", 1), ""])[1]
        ):
            message += (
                "; a value holding a colon and a space must be in quotes "
                "(title: 'Storage: S3 and EBS')"
            )
        elif problem.startswith("expected <block end>") and '"' in source_line(text, line):
            message += (
                "; a value in double quotes holds a double quote: write it in single quotes "
                "('He said \"hi\"'), or put a backslash before the inner ones"
            )
        shown = source_line(text, line).strip()
        if shown:
            message += f" (line {line}: {shown[:80]})"
        raise ExporterError(error("front-matter", message, line=line)) from exc
    except RecursionError as exc:
        message = "the front matter nests too deeply to read"
        raise ExporterError(error("front-matter", message, line=1)) from exc


FLOWS = {"flow sequence": "[", "flow mapping": "{"}
"""The brackets that open YAML's flow collections, by what PyYAML calls them."""


def source_line(text: str, line: int) -> str:
    """Return the lesson's line ``line`` from its front matter ``text`` (which starts on line
    2), or nothing where it has none."""
    lines = text.split("\n")
    return lines[line - 2] if 2 <= line < len(lines) + 2 else ""


def entries_of(root: MappingNode, diagnostics: list[Diagnostic]) -> dict[str, Entry]:
    """Return the text keys of ``root`` and their entries, warning about a key given twice.

    Keys merged in with YAML's ``<<`` (one level deep) count where the mapping does not give
    them itself, as YAML merges them.
    """
    entries: dict[str, Entry] = {}
    merges: list[Node] = []
    for key, value in root.value:
        if is_merge(key):
            merges.append(value)
        elif is_text(key):
            line = 2 + key.start_mark.line
            first = entries.get(key.value)
            if first is not None:
                message = (
                    f"front matter '{key.value}' is given twice (first on line {first.line}); "
                    "the value here is the one used"
                )
                diagnostics.append(warning("duplicate-key", message, line))
            entries[key.value] = Entry(value, line)
    for merged in merges:
        for mapping in merged.value if isinstance(merged, SequenceNode) else [merged]:
            for key, value in mapping.value if isinstance(mapping, MappingNode) else ():
                if is_text(key) and key.value not in entries:
                    entries[key.value] = Entry(value, 2 + key.start_mark.line)
    return entries


def is_merge(key: Node) -> bool:
    """Return whether ``key`` is YAML's merge key ``<<``."""
    return isinstance(key, ScalarNode) and key.tag == TAG + "merge"


def is_text(key: Node) -> bool:
    """Return whether ``key`` is a text key (``title``, not ``1.5`` or ``[a]``)."""
    return isinstance(key, ScalarNode) and key.tag == TAG + "str"


def meta_of(entries: dict[str, Entry], diagnostics: list[Diagnostic]) -> Meta:
    """Return the ``Meta`` the entries give: each value as the text written.

    A value that is not a scalar (a list, a mapping) is ignored with a warning: it is never
    turned into text, so that a YAML alias bomb stays a small tree of shared nodes.
    """
    values: dict[str, str] = {}
    for key, field in FIELDS.items():
        entry = entries.get(key)
        if entry is None or field in values:
            continue
        node = entry.node
        if not isinstance(node, ScalarNode):
            message = f"front matter '{key}' should be text, not {kind_of(node)}; it is ignored"
            diagnostics.append(warning("front-matter", message, entry.line))
        elif node.tag != TAG + "null" and (text := clean(node.value)):
            values[field] = text
    return Meta(**values)


def check_ignored(entries: dict[str, Entry], diagnostics: list[Diagnostic]) -> None:
    """Warn, at its key's line, about each value of an ignored key that YAML cannot read."""
    constructor = yaml.SafeLoader("")
    seen: set[int] = set()
    for key, entry in entries.items():
        problem = None if key in FIELDS else unreadable(entry.node, constructor, seen)
        if problem is not None:
            message = (
                f"front matter '{key}' has a value YAML cannot read ({problem}); the key is "
                "ignored, but another tool reading the lesson may fail on it"
            )
            diagnostics.append(warning("front-matter", message, entry.line))


def unreadable(node: Node, constructor: yaml.SafeLoader, seen: set[int]) -> str | None:
    """Return what YAML cannot read in the value ``node`` (``None`` when it reads), each of its
    scalars read once, however often aliases repeat it, so that no alias or merge bomb is
    expanded; ``seen`` holds the nodes read already."""
    todo = [node]
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            try:
                constructor.construct_object(node)
            except Exception as exc:  # a tag can make PyYAML raise anything: !!timestamp nope
                return problem_of(exc)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                if is_merge(key):
                    todo.append(value)
                elif not isinstance(key, ScalarNode):
                    return f"a key that is {kind_of(key)}, on line {2 + key.start_mark.line}"
                else:
                    todo += (key, value)
        else:
            todo += node.value
    return None


def problem_of(exc: BaseException) -> str:
    """Return what ``exc`` says is wrong, in a few words."""
    if isinstance(exc, RecursionError):
        return "it nests too deeply"
    problem: Any = getattr(exc, "problem", None)
    return str(problem or exc)


def kind_of(node: Node) -> str:
    """Return what kind of YAML value ``node`` holds, in words (``a list``)."""
    name = node.tag.removeprefix(TAG)
    if name == node.tag:  # a tag of its own: what it is made of
        name = (
            "map"
            if isinstance(node, MappingNode)
            else "seq"
            if isinstance(node, SequenceNode)
            else "str"
        )
    return KINDS.get(name, name)
