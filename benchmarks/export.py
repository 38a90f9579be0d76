"""Exporting the 28,000-card generated deck to Anki.

Beside two floors measured in the same run: genanki writing the very same notes (fields,
tags, GUIDs already computed) with no studytool code around it, and, for scale, the
Anki engine's own import of the package studytool wrote. Target: within 1.3x the
genanki floor.
"""

from __future__ import annotations

import contextlib
import io
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import genanki
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from benchmarks.gendeck import synthetic_deck
from benchmarks.harness import Row, median_seconds
from studytool.anki.export import export_plan
from studytool.anki.notes import deck_id_for, plan_export
from studytool.anki.package import NOTE_TYPE
from studytool.cli import main as studytool_main
from studytool.core.deck_loading import load_deck
from studytool.storage import Store

TARGET = 1.3


def run(runs: int = 5) -> list[Row]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        deck = folder / "benchmark-deck.yaml"
        deck.write_text(synthetic_deck(), encoding="utf-8")
        loaded = load_deck(deck)
        ready = plan_export([loaded])  # the floor gets the fields ready-made
        if len(ready.notes) != 28_000:
            raise RuntimeError(f"expected 28,000 notes, planned {len(ready.notes)}")
        store = Store.open(folder / "study.db", zone=UTC)

        def bare_genanki() -> None:
            # What a script using genanki alone does: notes in, GUIDs from genanki, write.
            target = genanki.Deck(deck_id_for("benchmark-deck"), "studytool::Benchmark deck")
            for note in ready.notes:
                target.add_note(
                    genanki.Note(model=NOTE_TYPE, fields=list(note.fields), tags=list(note.tags))
                )
            genanki.Package(target).write_to_file(str(folder / "floor.apkg"), timestamp=1e9)

        def studytool_export() -> None:
            # Everything `studytool export` does once the deck is read and validated.
            plan = plan_export([loaded])
            plan.changes(store.exported_hashes(list(plan.decks)))
            export_plan(store, plan, folder / "ours.apkg", datetime.now(UTC))

        def studytool_command() -> None:
            try:
                studytool_main(
                    [
                        "--db",
                        str(folder / "study.db"),
                        "export",
                        str(deck),
                        "-o",
                        str(folder / "ours.apkg"),
                    ]
                )
            except SystemExit as done:
                if done.code:
                    raise

        floor = median_seconds(bare_genanki, runs)
        ours = median_seconds(studytool_export, runs)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            command = median_seconds(studytool_command, runs)
        store.close()

        (folder / "anki").mkdir()
        collection = Collection(str(folder / "anki" / "collection.anki2"))
        started = time.perf_counter()
        log = collection.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(folder / "ours.apkg"), options=ImportAnkiPackageOptions()
            )
        ).log
        anki_import = time.perf_counter() - started
        notes = collection.note_count()
        collection.close()
        if notes != 28_000 or log.conflicting:
            raise RuntimeError(f"Anki imported {notes} notes, {len(log.conflicting)} conflicts")
    floor_name = "genanki writing the same notes"
    return [
        Row(
            "export 28,000 notes (plan, escape, tag, write, record)",
            ours,
            floor_name,
            floor,
            target_ratio=TARGET,
        ),
        Row(
            "`studytool export` command, incl. reading and validating the YAML",
            command,
            floor_name,
            floor,
        ),
        Row("Anki engine importing that package", anki_import, floor_name, floor),
    ]


if __name__ == "__main__":
    from benchmarks.harness import table

    print(table(run()))
    sys.exit(0)
