"""Writing an export plan as an .apkg file that Anki, AnkiDroid and AnkiMobile import.

genanki writes the notes into the package's collection; each note (and its card)
carries the modification time it is given. Anki updates a note it already has only if
the incoming one is newer, even by a second, and then reports it updated whether or not
anything changed: so a changed note gets a time later than any earlier export's, and an
unchanged one the time it was written with before (`ExportPlan.note_times`). The collection
is built in memory and zipped here, with the media read from where they are: genanki's
own `write_to_file` builds it in a temporary file that it never removes. The package is
written beside its target and renamed into place (`fileio.replacing`), so an
interrupted export leaves the old file whole.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
import zipfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import genanki

from studytool.anki.note_type import (
    ANSWER_TEMPLATE,
    CSS,
    FIELDS,
    NOTE_TYPE_ID,
    NOTE_TYPE_NAME,
    QUESTION_TEMPLATE,
)
from studytool.anki.notes import ExportPlan, cyclic_gc_paused, deck_id_for
from studytool.fileio import replacing

__all__ = ["NOTE_TYPE", "write_package"]

NOTE_TYPE = genanki.Model(
    NOTE_TYPE_ID,
    NOTE_TYPE_NAME,
    fields=[{"name": name} for name in FIELDS],
    templates=[{"name": "Card", "qfmt": QUESTION_TEMPLATE, "afmt": ANSWER_TEMPLATE}],
    css=CSS,
)


_PROGRESS_STEP = 250
_WRITING_PASS = 2


class _TimedNote(genanki.Note):  # type: ignore[misc]
    """A note written with its own modification time, and its card with the same.

    genanki (0.13) writes every note and card of a package with the one time given to
    `write_to_db`; a note passes it on to its cards, so one override covers both.
    """

    def __init__(self, mod: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mod = mod

    def write_to_db(self, cursor: Any, timestamp: float, deck_id: int, id_gen: Any) -> None:
        super().write_to_db(cursor, self.mod, deck_id, id_gen)


class _ProgressNotes(list[Any]):
    """A deck's notes that report, in batches, as genanki writes them.

    genanki (0.13) goes through `deck.notes` twice: first to collect note types, then
    to write each note; only the second pass is progress. Batches, because a callback
    per note would make the progress bar cost more than the notes.
    """

    def __init__(self, notes: list[Any], report: Callable[[int], None]) -> None:
        super().__init__(notes)
        self._report = report
        self._passes = 0

    def __iter__(self) -> Iterator[Any]:
        self._passes += 1
        if self._passes != _WRITING_PASS:
            yield from super().__iter__()
            return
        pending = 0
        for note in super().__iter__():
            yield note
            pending += 1
            if pending == _PROGRESS_STEP:
                self._report(pending)
                pending = 0
        if pending:
            self._report(pending)


def write_package(
    plan: ExportPlan,
    target: Path,
    timestamp: float,
    progress: Callable[[int], None] | None = None,
    note_times: Mapping[str, int] | None = None,
) -> None:
    """Write the plan as an .apkg at `target`, atomically (a temporary file, renamed).

    Each note's modification time is its card id's in `note_times`, else `timestamp`
    (which also dates the note type and the decks). `progress(n)` is called as notes
    are written, n at a time.
    """
    report = progress or (lambda _n: None)
    times = note_times or {}
    default_time = int(timestamp)
    notes: dict[str, list[Any]] = {deck_id: [] for deck_id in plan.decks}
    with cyclic_gc_paused():
        media: dict[str, Path] = {}  # name in Anki -> file on disk
        for note in plan.notes:
            for name, source in note.media:
                media.setdefault(name, source)
            notes[note.deck].append(
                _TimedNote(
                    times.get(note.card_id, default_time),
                    model=NOTE_TYPE,
                    fields=list(note.fields),
                    tags=list(note.tags),
                    guid=note.guid,
                )
            )
        decks = []
        for deck_id, name in plan.decks.items():
            deck = genanki.Deck(deck_id_for(deck_id), name)
            deck.notes = _ProgressNotes(notes[deck_id], report)
            decks.append(deck)
        with replacing(target) as temporary:  # a target that is no file is refused first
            _write_apkg(temporary, _collection(genanki.Package(decks), timestamp), media)


def _collection(package: Any, timestamp: float) -> bytes:
    """The package's Anki collection as the bytes of an SQLite file, built in memory."""
    conn = sqlite3.connect(":memory:")
    try:
        package.write_to_db(conn.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
        conn.commit()
        return conn.serialize()
    finally:
        conn.close()


def _write_apkg(path: Path, collection: bytes, media: Mapping[str, Path]) -> None:
    """An .apkg as genanki 0.13 writes one: the collection, a `media` index naming each
    numbered media file, and the files (uncompressed, like genanki's)."""
    numbered = dict(enumerate(media))
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("collection.anki2", collection)
        archive.writestr("media", json.dumps({str(n): name for n, name in numbered.items()}))
        for number, name in numbered.items():
            archive.write(media[name], str(number))
