"""Writing an export plan as an .apkg file that Anki, AnkiDroid and AnkiMobile import.

genanki writes the package; every note carries the modification time it is given
(pass one later than any earlier export's: Anki keeps a note it already has unless the
incoming one is newer, even by a second). The file is written beside its target and
renamed into place, so an interrupted export leaves the old file whole.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterator
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
) -> None:
    """Write the plan as an .apkg at `target`, atomically (a temporary file, renamed).

    `timestamp` becomes every note's modification time: pass one later than any
    earlier export's. `progress(n)` is called as notes are written, n at a time.
    """
    report = progress or (lambda _n: None)
    notes: dict[str, list[Any]] = {deck_id: [] for deck_id in plan.decks}
    with (
        cyclic_gc_paused(),
        tempfile.TemporaryDirectory(prefix="studytool-export-") as scratch,
    ):
        media_files: dict[str, str] = {}
        for note in plan.notes:
            for name, source in note.media:
                if name not in media_files:
                    copy = Path(scratch) / name  # genanki names media after the file
                    shutil.copyfile(source, copy)
                    media_files[name] = str(copy)
            notes[note.deck].append(
                genanki.Note(
                    model=NOTE_TYPE, fields=list(note.fields), tags=list(note.tags), guid=note.guid
                )
            )
        decks = []
        for deck_id, name in plan.decks.items():
            deck = genanki.Deck(deck_id_for(deck_id), name)
            deck.notes = _ProgressNotes(notes[deck_id], report)
            decks.append(deck)
        package = genanki.Package(decks, media_files=list(media_files.values()))
        with replacing(target) as temporary:
            package.write_to_file(str(temporary), timestamp=timestamp)
