"""The Anki engine (`anki` from PyPI), an optional extra (`studytool[anki]`): importing
it only when a sync needs it, opening a collection, and its failures said once, as one
`SyncProblem` in the trainee's terms, for the login and the sync alike."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from studytool.core.terminal_text import printable

if TYPE_CHECKING:
    from types import ModuleType

    from anki.collection import Collection

__all__ = ["INSTALL_HINT", "SyncProblem", "anki_engine", "first_line", "opened", "problem"]

#: How to get the Anki engine, for a trainee who installed studytool without it.
INSTALL_HINT = "syncing needs the Anki engine: pip install 'studytool[anki]'"


class SyncProblem(Exception):
    """Why a login or a sync could not be done, in one line; nothing was changed."""


def anki_engine() -> ModuleType:
    """The `anki` package's collection module, or a `SyncProblem` saying how to get it."""
    try:
        import anki.collection
    except ImportError:
        raise SyncProblem(INSTALL_HINT) from None
    return anki.collection


@contextlib.contextmanager
def opened(path: Path) -> Iterator[Collection]:
    """The Anki collection at `path` (made if missing), closed afterwards."""
    engine = anki_engine()
    from anki.errors import AnkiException, DBError

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        col = engine.Collection(str(path))
    except DBError:
        raise SyncProblem(
            "the Anki collection is open in another program or sync; close it and try again"
        ) from None
    except (AnkiException, OSError) as error:
        raise SyncProblem(f"cannot open the Anki collection: {first_line(error)}") from None
    try:
        yield col
    finally:
        col.close()


def problem(error: Exception, endpoint: str | None, *, doing: str, refused: str) -> SyncProblem:
    """An Anki failure while `doing` (login, sync) with the server at `endpoint` (None or
    empty: AnkiWeb) as one message; `refused` says what a refused login means here."""
    from anki.errors import NetworkError, SyncError, SyncErrorKind

    where = endpoint or "AnkiWeb"
    if isinstance(error, SyncError) and error.kind == SyncErrorKind.AUTH:
        return SyncProblem(f"{where} {refused}")
    if isinstance(error, NetworkError):
        return SyncProblem(
            f"cannot reach {where}; check the address and your connection, then try again"
        )
    return SyncProblem(f"the {doing} with {where} failed: {first_line(error)}")


def first_line(error: BaseException) -> str:
    """An error's first line, safe to show on a terminal (its type if it says nothing)."""
    text = str(error)
    return printable(text.splitlines()[0] if text else type(error).__name__)
