"""Which deck files studytool works on, for the command line and the app alike.

Without `--decks`, the bundled decks and the user's own decks folder; deck arguments
(to `export`, say) may be files, folders, or the ids of the decks in use.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from studytool.core.deck_discovery import find_deck_files
from studytool.core.terminal_text import printable
from studytool.paths import default_deck_paths

if TYPE_CHECKING:
    from studytool.core.deck_validation import LoadedDeck

__all__ = ["UnknownDeckError", "deck_paths", "load_decks_in", "select_decks"]


class UnknownDeckError(ValueError):
    """A deck argument that is neither a file or folder nor a known deck id."""

    def __init__(self, argument: str, known: Sequence[str]) -> None:
        listed = ", ".join(sorted(known)) or "none"
        super().__init__(
            f"'{printable(argument)}' is neither a file nor a known deck id (known: {listed})"
        )
        self.argument = argument
        self.known = tuple(known)


def deck_paths(given: Sequence[Path] = ()) -> list[Path]:
    """The deck files and folders in use: those given, else the default places."""
    return list(given) or default_deck_paths()


def select_decks(arguments: Sequence[str], in_use: Sequence[Path]) -> list[LoadedDeck]:
    """The decks that deck arguments name, read and validated together (so a deck named
    twice, by a file and by its id, is reported once as a duplicate).

    An argument is a deck file, a folder of decks, or the `id:` of a deck under the
    paths `in_use` (never a file name: `my-hips.yaml` may declare any id). A folder with
    no deck in it may still be a deck id (a deck keeping its images in a folder of its
    own name). No argument means every deck in use. Raises UnknownDeckError for
    anything else.
    """
    if not arguments:
        return load_decks_in(in_use)
    paths: list[Path] = []
    ids: list[str] = []
    for argument in arguments:
        path = Path(argument)
        if path.is_file() or (path.is_dir() and find_deck_files([path])):
            paths.append(path)
        else:
            ids.append(argument)
    if ids:
        by_id: dict[str, Path] = {}
        for deck in load_decks_in(in_use):
            if deck.id is not None:
                by_id.setdefault(deck.id, deck.path)
        for deck_id in ids:
            if deck_id not in by_id:
                raise UnknownDeckError(deck_id, list(by_id))
        paths += [by_id[deck_id] for deck_id in ids]
    return load_decks_in(paths)


def load_decks_in(paths: Sequence[Path]) -> list[LoadedDeck]:
    """Every deck file under `paths`, read and validated."""
    from studytool.core.deck_loading import load_decks  # the validator loads on demand

    return load_decks(find_deck_files(paths))
