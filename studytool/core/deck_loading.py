"""Reading deck files: bytes, encoding and size checks, then validation; and the checks
across decks loaded together (a deck id used twice).

Pure core: reads the files it is given, but imports no UI or storage and never reads
the clock or the environment.
"""

from __future__ import annotations

import codecs
import stat
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from studytool.core.deck_format import Deck
from studytool.core.deck_validation import DeckError, LoadedDeck, validate_deck_text
from studytool.core.terminal_text import printable

__all__ = [
    "MAX_DECK_BYTES",
    "check_decks",
    "deck_schema",
    "load_deck",
    "load_decks",
    "parse_deck",
    "read_deck_bytes",
]

MAX_DECK_BYTES = 20 * 1024 * 1024


def load_decks(paths: Sequence[Path]) -> list[LoadedDeck]:
    """Load every deck file in `paths`; a deck id used twice is an error at the second."""
    return check_decks([load_deck(path) for path in paths])


def check_decks(loaded: Sequence[LoadedDeck]) -> list[LoadedDeck]:
    """Checks across decks loaded together: a deck id used twice is an error at the second."""
    results = list(loaded)
    first_use: dict[str, LoadedDeck] = {}
    for index, result in enumerate(results):
        deck_id = result.id
        if deck_id is None:
            continue
        if deck_id not in first_use:
            first_use[deck_id] = result
            continue
        line, column = result.document.position(("id",)) if result.document else (1, 1)
        shown_id = printable(deck_id, newlines=False)
        first_path = printable(str(first_use[deck_id].path), newlines=False)
        error = DeckError(
            str(result.path), line, column, f"deck id '{shown_id}' is already used by {first_path}"
        )
        results[index] = replace(result, deck=None, errors=(*result.errors, error), cards=())
    return results


def load_deck(path: Path) -> LoadedDeck:
    """Read and validate one deck file. Never raises for bad input: errors are returned."""
    data = read_deck_bytes(path)
    if isinstance(data, str):
        return _failed(path, 1, 1, data)
    return parse_deck(data, path)


def read_deck_bytes(path: Path) -> bytes | str:
    """A deck file's bytes, or why they cannot be read (folders, pipes, huge files...)."""
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            return "is a folder, not a deck file"
        if not stat.S_ISREG(status.st_mode):  # a pipe or device could block the read forever
            return "is not a regular file"
        size = status.st_size
        if size > MAX_DECK_BYTES:
            return (
                f"file is too large ({size / 2**20:.1f} MiB); a deck may be at most "
                f"{MAX_DECK_BYTES // 2**20} MiB"
            )
        return path.read_bytes()
    except FileNotFoundError:
        return "no such file"
    except OSError as error:
        # str(error) may name the file, and a file's name may hold any character.
        return f"cannot read the file: {printable(str(error.strerror or error), newlines=False)}"


def parse_deck(data: bytes | str, path: Path) -> LoadedDeck:
    """Validate deck text as if it were read from `path` (images resolve next to it)."""
    if isinstance(data, bytes):
        if len(data) > MAX_DECK_BYTES:
            return _failed(path, 1, 1, f"file is too large; the limit is {MAX_DECK_BYTES} bytes")
        text = _decode(data)
        if isinstance(text, _DecodeFailure):
            return _failed(path, text.line, text.column, text.message)
    else:
        text = data
    return validate_deck_text(path, text)


def deck_schema() -> dict[str, Any]:
    """The JSON Schema of the deck format, derived from the models."""
    schema = Deck.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


# -- reading bytes ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _DecodeFailure:
    line: int
    column: int
    message: str


def _decode(data: bytes) -> str | _DecodeFailure:
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _DecodeFailure(1, 1, "file is UTF-16 encoded; save it as UTF-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = data.rfind(b"\n", 0, error.start) + 1
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode("utf-8", errors="replace")) + 1
        return _DecodeFailure(
            line,
            column,
            f"not UTF-8 text (byte 0x{data[error.start]:02X} here); save the file as UTF-8",
        )


def _failed(path: Path, line: int, column: int, message: str) -> LoadedDeck:
    return LoadedDeck(path, None, (DeckError(str(path), line, column, message),))
