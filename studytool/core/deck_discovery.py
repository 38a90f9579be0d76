"""Finding deck files on disk: files as given, folders searched for *.yaml and *.yml.

Pure core and light to import: the store uses it to check for changed decks at every
start without loading the validator.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = ["DECK_SUFFIXES", "find_deck_files", "real_path"]

DECK_SUFFIXES = (".yaml", ".yml")


def real_path(path: Path) -> Path:
    """`path` with its symlinks followed, made absolute. Unlike `Path.resolve` on Python
    3.11, a symlink loop does not raise: the path comes back as far as it resolved, and
    reading it then fails with a message like any unreadable file."""
    return Path(os.path.realpath(path))


def find_deck_files(paths: Iterable[Path]) -> list[Path]:
    """Deck files named by `paths`: files as given, folders searched for *.yaml/*.yml.

    Folders are searched recursively in name order, skipping hidden folders, so a deck
    may keep its images in a folder of its own.
    """
    unique: dict[Path, Path] = {}  # one entry per real file, however it was named
    for path in paths:
        for found in _deck_files_below(path, set()) if path.is_dir() else [path]:
            unique.setdefault(real_path(found), found)
    return list(unique.values())


def _deck_files_below(folder: Path, seen: set[Path]) -> Iterator[Path]:
    real = real_path(folder)
    if real in seen:  # a symlink back up the tree
        return
    seen.add(real)
    try:
        children = sorted(folder.iterdir())
    except OSError:
        return
    for child in children:
        if child.name.startswith("."):
            continue
        if child.is_dir():
            yield from _deck_files_below(child, seen)
        elif child.suffix.lower() in DECK_SUFFIXES:
            yield child
