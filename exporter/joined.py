"""batch: the merge's manifest: the shards' entries joined into the output folder's own, as
one unsharded build into that folder keeps them.

A manifest keeps its paths (the lesson, its images, the course root its outputs' keys hold)
relative to its output folder, and a shard's folder need not stand where the merge's does
(``build/shard-2`` built, ``dist`` merged into). Each shard records where its output folder
stood, from the folder the build ran in, and the keys of its outputs before the course root
is added (``built_json``): each entry's paths are made relative to the merge's folder, and
each output's key is made again with the course root as seen from it, so that a build into
the merged folder afterwards finds every lesson up to date. That holds where the merge runs
in the folder the shards were built from (``seen_from_here``); merged from another folder, a
shard's entries are kept as it wrote them (right where its folder and the merge's are at one
depth), and a note tells of those whose lessons are then not where they say.

The folder's own manifest, from an earlier merge or build, is kept as a build keeps it: a
lesson the shards hand in has the shards' entry, a lesson that failed has none, and the
outputs of a lesson whose file is gone are stale, told and removed with ``--prune`` as a
build tells and removes them (``batch.tidy``).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from exporter.entries import entry_from_json
from exporter.errors import JSON, json_object, json_text
from exporter.files import digest
from exporter.jobs import Result, Status
from exporter.manifest import SCHEMA, Manifest
from exporter.options import UsageError

if TYPE_CHECKING:
    from exporter.manifest import Keys


@dataclass(frozen=True)
class Built:
    """Where a shard's output folder stood, and the keys its outputs were made with."""

    folder: str
    """The shard's output folder (its links resolved), relative to the folder the build ran
    in (its links resolved): the merge finds the same place from the folder it runs in."""
    outputs: Mapping[str, str]
    """Each output's key before the course root is added (``manifest.Keys.outputs``)."""
    remote: str
    """The key of the remote settings (``manifest.Keys.remote``)."""

    def stood(self) -> Path:
        """Return where the shard's output folder stood, seen from the folder the merge runs
        in (the build's, where both run from one checkout's top)."""
        return Path(os.path.normpath(Path.cwd().resolve() / self.folder))

    @classmethod
    def from_json(cls, data: object) -> Built:
        """Return what ``built_json`` kept; raises ``ValueError`` for anything else."""
        fields = json_object(data, ("folder", "outputs", "remote"))
        outputs = fields["outputs"]
        if not isinstance(outputs, dict):
            raise ValueError(f"not an object: {outputs!r}")
        keys = {json_text(name): json_text(key) for name, key in outputs.items()}
        return cls(json_text(fields["folder"]), keys, json_text(fields["remote"]))


def built_json(output: Path, keys: Keys) -> dict[str, JSON]:
    """Return what a shard records of where its ``output`` folder stood and of its ``keys``."""
    folder = os.path.relpath(output.resolve(), Path.cwd().resolve())
    return {
        "folder": Path(folder).as_posix(),
        "outputs": dict(keys.outputs),
        "remote": keys.remote,
    }


@dataclass(frozen=True)
class Handed:
    """A shard's manifest entries, as ``merge`` joins them."""

    lessons: Mapping[str, JSON]
    """Its entries by name, as its manifest file holds them."""
    built: Built | None
    """Where it was built (``None``: a shard of an earlier version, which does not say: its
    entries are kept as they are)."""
    path: Path
    """Its manifest file, for messages."""


def join_manifests(handed: list[Handed], output: Path, results: list[Result]) -> Manifest:
    """Return ``output``'s manifest with the shards' entries made relative to it, and without
    the lessons that failed (not yet saved: ``batch.tidy`` tells of its stale outputs, removes
    them if asked, and saves it).

    Raises ``UsageError`` naming a shard's manifest whose entry cannot be read.
    """
    manifest = Manifest.load(output)
    roots = {manifest.name(result.job): result.job.root for result in results}
    astray = 0
    for shard in handed:
        seen = seen_from_here(shard)
        for name, data in shard.lessons.items():
            moved = rebased(data, shard.built if seen else None, manifest, roots.get(name))
            if shard.built is not None and not seen and not found_from(manifest.real, data):
                astray += 1  # kept as it is: its lesson is not where its paths say
            entry = entry_from_json(name, moved)
            if entry is None:
                raise UsageError(f"{shard.path}: damaged shard manifest: its entry {name!r}")
            manifest.lessons[name] = entry
            manifest.changed = True
    failed = [result.job for result in results if result.status is Status.FAILED]
    for job in failed:  # as a build forgets a lesson that fails
        if manifest.lessons.pop(manifest.name(job), None) is not None:
            manifest.changed = True
    if astray:
        manifest.problem = (
            f"the lessons of {astray} manifest entr{'y' if astray == 1 else 'ies'} are not "
            "where the shards were built, seen from this folder (run merge from the folder "
            "the shards' builds ran in); the next build into it exports those lessons again"
        )
    return manifest


def seen_from_here(shard: Handed) -> bool:
    """Return whether the merge runs in the folder the shard was built from (the top of one
    checkout, as CI builds and merges): some lesson of the shard is where its entry says,
    from where the shard's folder stood. Merged from another folder, its entries are kept as
    it wrote them, right where its folder and the merge's are at one depth."""
    if shard.built is None:
        return False
    base = shard.built.stood()
    return any(found_from(base, data) for data in shard.lessons.values())


def found_from(folder: Path, data: JSON) -> bool:
    """Return whether the lesson of the manifest entry ``data`` is where it says, from
    ``folder``."""
    source = data.get("source") if isinstance(data, dict) else None
    return isinstance(source, str) and (folder / source).is_file()


def rebased(data: JSON, built: Built | None, manifest: Manifest, root: Path | None) -> JSON:
    """Return the entry ``data`` a shard built as ``built`` says kept, its paths relative to
    ``manifest``'s folder, and its outputs' keys with the course ``root`` as seen from it
    (an output whose key is not the one ``built`` gives, from an earlier build of other
    options, keeps its own: it is made again if it is asked for). Its paths start where the
    shard's folder stood when it was built, seen from the folder the merge runs in."""
    if built is None or not isinstance(data, dict):
        return data
    base = built.stood()
    if base == manifest.real:
        return data

    def moved(path: JSON) -> JSON:
        if not isinstance(path, str):
            return path
        return manifest.relative(os.path.normpath(base / path))

    entry = dict(data)
    entry["source"], entry["resolved"] = moved(entry.get("source")), moved(entry.get("resolved"))
    images = entry.get("images")
    if isinstance(images, dict):
        entry["images"] = {
            src: {**image, "file": moved(image.get("file"))} if isinstance(image, dict) else image
            for src, image in images.items()
        }
    outputs = entry.get("outputs")
    if isinstance(outputs, dict) and root is not None:
        entry["outputs"] = rekeyed(outputs, built, remote(images), root, base, manifest)
    return entry


def rekeyed(
    outputs: dict[str, JSON], built: Built, remote: bool, root: Path, base: Path, into: Manifest
) -> dict[str, JSON]:
    """Return ``outputs`` with each key made again with the course root seen from ``into``'s
    folder, where it is the key ``built`` gives with the root seen from ``base``."""
    real = root.resolve()
    before = Path(os.path.relpath(real, base)).as_posix()
    after = into.relative(real)
    extra = built.remote if remote else ""
    found: dict[str, JSON] = {}
    for name, output in outputs.items():
        key = built.outputs.get(name, "")
        made = isinstance(output, dict) and output.get("key") == digest(
            f"{key}\0{before}\0{extra}".encode()
        )
        if made and isinstance(output, dict):
            output = {**output, "key": digest(f"{key}\0{after}\0{extra}".encode())}
        found[name] = output
    return found


def remote(images: object) -> bool:
    """Return whether an entry's ``images`` show a remote one (its outputs' keys then hold
    the remote settings)."""
    from exporter.resources import is_remote

    return isinstance(images, dict) and any(is_remote(str(src)) for src in images)


def read_handed(path: Path, built: Built | None) -> Handed | None:
    """Return the entries of the shard manifest at ``path`` (``None``: there is none, as a
    shard whose every lesson failed keeps none).

    Raises ``UsageError`` naming it when it cannot be read.
    """
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_bytes())
        fields = json_object(data, ("schema", "tool", "lessons"))
        if fields["schema"] != SCHEMA:
            raise ValueError(f"it is of another version ({fields['schema']!r})")
        lessons = fields["lessons"]
        if not isinstance(lessons, dict):
            raise ValueError(f"not an object: {type(lessons).__name__}")
        return Handed({json_text(key): value for key, value in lessons.items()}, built, path)
    except (OSError, ValueError, RecursionError) as exc:
        raise UsageError(f"{path}: damaged shard manifest: {exc}") from exc
