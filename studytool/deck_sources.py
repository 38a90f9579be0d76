"""Which deck files studytool works on, for the command line and the app alike.

Without `--decks`, the bundled decks and the user's own decks folder; deck arguments
(to `export`, say) may be files, folders, or ids of decks found in those places.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from studytool.core.deck_discovery import find_deck_files
from studytool.paths import default_deck_paths

if TYPE_CHECKING:
    from studytool.core.deck_validation import LoadedDeck

__all__ = ["UnknownDeckError", "deck_paths", "load_decks_in", "resolve_deck_arguments"]


class UnknownDeckError(ValueError):
    """A deck argument that is neither a file or folder nor a known deck id."""

    def __init__(self, argument: str, known: Sequence[str]) -> None:
        listed = ", ".join(sorted(known)) or "none"
        super().__init__(f"'{argument}' is neither a file nor a known deck id (known: {listed})")
        self.argument = argument
        self.known = tuple(known)


def deck_paths(given: Sequence[Path] = ()) -> list[Path]:
    """The deck files and folders in use: those given, else the default places."""
    return list(given) or default_deck_paths()


def resolve_deck_arguments(arguments: Sequence[str]) -> list[Path]:
    """Deck files, folders, or ids of decks found in the default places; none means
    the default places themselves. Raises UnknownDeckError for anything else."""
    if not arguments:
        return default_deck_paths()
    by_id: dict[str, Path] | None = None
    paths: list[Path] = []
    for argument in arguments:
        path = Path(argument)
        if path.exists():
            paths.append(path)
            continue
        if by_id is None:
            by_id = {p.stem: p for p in find_deck_files(default_deck_paths())}
        if argument not in by_id:
            raise UnknownDeckError(argument, list(by_id))
        paths.append(by_id[argument])
    return paths


def load_decks_in(paths: Sequence[Path]) -> list[LoadedDeck]:
    """Every deck file under `paths`, read and validated."""
    from studytool.core.deck_loading import load_decks  # the validator loads on demand

    return load_decks(find_deck_files(paths))
