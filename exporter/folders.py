"""batch: the lessons in a folder, or those a glob pattern matches below it: its tree walked,
a link to a folder inside the course followed once, and every link not followed told.

A folder that is a link (``lessons/shared -> ../common``) is followed when it leads inside the
course (the folder built, the configured course folder holding it, or ``--root``) to a folder
the walk has not been through: its lessons are built at the link's place, once. A link that
leads outside the course is not followed, so that a lesson from an untrusted pull request
cannot pull a folder of the machine into CI artifacts; nor is one that leads back to a folder
it lies in (it would loop), or to a folder whose lessons are found at their own place (each
would be built twice). Each of these is told in a note naming the link, never left out
without a word.
"""

from __future__ import annotations

import contextlib
import fnmatch
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from exporter.options import UsageError

LESSON_SUFFIX = ".md"

_REAL_PATHS: dict[tuple[str, str], Path] = {}
"""Each path ``real_path`` resolved, by the current folder (for a relative one) and its text."""
_REAL_FOLDERS: dict[tuple[str, str], str] = {}
"""Each folder's path with its links resolved, by the current folder and the path as named:
kept from ``forget_links`` (a build's start) on, so that a course's thousands of lessons, in
a few folders, each cost one ``lstat`` rather than one a part of their path."""


def real_path(path: Path) -> Path:
    """Return ``path`` with its links resolved, as ``Path.resolve`` does, each path and each
    folder resolved once a build (``forget_links``)."""
    text = str(path)
    here = "" if text.startswith(os.sep) else os.getcwd()
    found = _REAL_PATHS.get((here, text))
    if found is None:
        found = _REAL_PATHS[here, text] = resolved(path)
    return found


def resolved(path: Path) -> Path:
    """Return ``path`` with its links resolved, its folder resolved once a build."""
    folder, name = os.path.split(path)
    if name in ("", ".", "..") or os.path.islink(path):
        return path.resolve()
    key = ("" if os.path.isabs(folder) else os.getcwd(), folder or ".")
    real = _REAL_FOLDERS.get(key)
    if real is None:
        real = _REAL_FOLDERS[key] = os.path.realpath(os.path.join(*key))
    return Path(real, name)


def forget_links() -> None:
    """Forget the paths and folders ``real_path`` resolved: a build starts, and a link may
    have been changed since the last (``watch`` builds again in the same process)."""
    _REAL_FOLDERS.clear()
    _REAL_PATHS.clear()


def excluded(lesson: Path, folder: Path | None, patterns: Iterable[str]) -> bool:
    """Return whether ``lesson`` matches one of the ``--exclude`` patterns: by its path below
    its input folder (``drafts/*``, ``**/quiz-*.md``), by its name (``README.md``), or by its
    path from the current folder, as a user names it beside the input folder
    (``lessons/drafts/*`` for ``lessons/drafts/a.md``; ``./`` before it or not)."""
    patterns = tuple(patterns)
    if not patterns:
        return False
    below = lesson.relative_to(folder) if folder is not None else Path(lesson.name)
    spelled = {below.as_posix(), lesson.name, lesson.as_posix()}
    with contextlib.suppress(ValueError, OSError):
        spelled.add(real_path(lesson).relative_to(real_path(Path.cwd())).as_posix())
    for pattern in patterns:
        plain = pattern.removeprefix("./")
        if below.match(plain) or any(fnmatch.fnmatchcase(name, plain) for name in spelled):
            return True
    return False


def outside(lesson: Path, course: Iterable[Path]) -> str | None:
    """Return why a lesson found in the folder ``course`` begins with is refused: a link to a
    file outside the course (that folder, or another of ``course``: the course folder holding
    it, the course root)."""
    folders = list(course)
    where = real_path(lesson)
    if any(where.is_relative_to(real_path(folder)) for folder in folders):
        return None
    return f"it is a link to a file outside {folders[0]}; lessons must lie inside the course folder"


Pattern = tuple[str, ...]
"""A glob pattern's parts below the folder it searches (``**``, ``unit-*``, ``*.md``)."""


def matches(parts: Iterable[str], pattern: Pattern) -> bool:
    """Return whether a path's ``parts`` (below the folder a glob searches) match its
    ``pattern``, a part at a time: ``*``, ``?`` and ``[...]`` within a part, ``**`` any number
    of folders (none too). A hidden name is matched only by a part that starts with a dot
    (``.drafts``, ``.*``), as the shell matches it: ``**`` and ``*`` pass over it."""
    parts = tuple(parts)
    if not pattern:
        return not parts
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        deeper = bool(parts) and not parts[0].startswith(".")
        return matches(parts, rest) or (deeper and matches(parts[1:], pattern))
    return bool(parts) and matched(parts[0], head) and matches(parts[1:], rest)


def reaches(parts: Iterable[str], pattern: Pattern) -> bool:
    """Return whether a folder at ``parts`` (below the folder a glob searches) may hold a path
    its ``pattern`` matches: the pattern's first parts match the folder's."""
    parts = tuple(parts)
    if not parts:
        return bool(pattern)
    if not pattern:
        return False
    head, rest = pattern[0], pattern[1:]
    if head == "**":
        deeper = not parts[0].startswith(".")
        return reaches(parts, rest) or (deeper and reaches(parts[1:], pattern))
    return matched(parts[0], head) and reaches(parts[1:], rest)


def matched(name: str, part: str) -> bool:
    """Return whether one ``name`` matches one ``part`` of a glob (a hidden name only a part
    that starts with a dot)."""
    return fnmatch.fnmatchcase(name, part) and (not name.startswith(".") or part.startswith("."))


def lessons_in(
    folder: Path,
    exclude: Iterable[str] = (),
    course: Iterable[Path] = (),
    notes: list[str] | None = None,
    pattern: Pattern | None = None,
) -> Iterator[Path]:
    """Yield the Markdown files below ``folder`` (with a glob's ``pattern``, the files it
    matches below it, whatever their suffix), skipping hidden files and folders (but those a
    pattern names: ``.drafts/*.md``), each lesson once: those at their own place first, then
    those found through links to folders inside the course (``folder`` and the folders of
    ``course``), each link followed once. A link not followed is told in ``notes``, unless
    ``exclude`` leaves out its lessons or the pattern could match nothing below it. A glob
    finds what naming its folder finds, a lesson matched at its place in the tree
    (``unit-2/deep/s.md`` through the link ``unit-2``).

    Raises ``UsageError`` for a folder below it that cannot be read, unless ``exclude`` leaves
    out its lessons: they would be left out without a word.
    """
    exclude = tuple(exclude)
    inside = [real_path(path) for path in (folder, *course)]
    walked: set[Path] = set()
    found: set[Path] = set()
    links: list[Path] = []
    todo = [folder]
    while todo:
        for lesson in walk(todo.pop(0), folder, exclude, walked, links, pattern):
            real = real_path(lesson)
            if real not in found:
                found.add(real)
                yield lesson
        while links and not todo:  # the lessons at their own place first
            link = links.pop(0)
            why = unfollowed(link, folder, inside, walked)
            if why is None:
                todo.append(link)
            elif notes is not None and not excluded(link / f"x{LESSON_SUFFIX}", folder, exclude):
                notes.append(f"{link}: {why}")


def walk(
    start: Path,
    folder: Path,
    exclude: tuple[str, ...],
    walked: set[Path],
    links: list[Path],
    pattern: Pattern | None = None,
) -> Iterator[Path]:
    """Yield the Markdown files below ``start`` (a folder below the input ``folder``), or the
    files a glob's ``pattern`` matches, adding each folder gone through to ``walked`` and each
    link to a folder to ``links``; a folder the pattern cannot match below is not gone into."""

    def unreadable(exc: OSError) -> None:
        if not excluded(Path(exc.filename) / f"lesson{LESSON_SUFFIX}", folder, exclude):
            raise UsageError(f"cannot read the folder {exc.filename}: {exc.strerror}")

    def wanted(path: Path) -> bool:
        if pattern is None:
            return path.name.endswith(LESSON_SUFFIX) and not path.name.startswith(".")
        return matches(path.relative_to(folder).parts, pattern)

    def entered(path: Path) -> bool:
        if pattern is None:
            return not path.name.startswith(".")
        return reaches(path.relative_to(folder).parts, pattern)

    for top, folders, names in os.walk(start, onerror=unreadable):
        walked.add(real_path(Path(top)))
        shown = sorted(name for name in folders if entered(Path(top) / name))
        links.extend(Path(top) / name for name in shown if (Path(top) / name).is_symlink())
        folders[:] = [name for name in shown if not (Path(top) / name).is_symlink()]
        for name in sorted(names):
            path = Path(top) / name
            if not wanted(path):
                continue
            try:
                if path.is_file():
                    yield path
            except OSError as exc:  # a folder that can be listed but not entered
                unreadable(exc)


def unfollowed(link: Path, folder: Path, course: list[Path], walked: set[Path]) -> str | None:
    """Return why the link to a folder ``link``, below the input ``folder``, is not followed
    (``None``: it is): it leads outside the ``course`` folders (resolved), back to a folder it
    lies in, or to a folder walked already."""
    target = link.resolve()
    if not any(target.is_relative_to(inside) for inside in course):
        return (
            f"a link to {target}, outside the course folder {folder}, not followed: lessons "
            "must lie inside the course folder"
        )
    if link.parent.resolve().is_relative_to(target):
        return f"a link to {shown(target)}, a folder it lies in, not followed (it would loop)"
    if target in walked:
        return (
            f"a link to {shown(target)}, a folder the build goes through already, not followed "
            "(its lessons would be built twice)"
        )
    return None


def shown(path: Path) -> Path:
    """Return the absolute ``path`` as a note shows it: from the current folder where it lies
    below it."""
    with contextlib.suppress(ValueError):
        return path.relative_to(Path.cwd().resolve())
    return path
