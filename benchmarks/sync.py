"""Syncing with Anki at scale: 10,000 answers each way on the 28,000-card generated deck.

- Pull: reading 10,000 phone answers out of the local Anki collection's review log and
  recording them in the study database (each once, every card they touch replayed),
  beside the Anki engine's own work on the same collection: reading those rows with
  their notes through its database layer.
- Push: writing 10,000 answers given here into the review log (each once) and giving
  their cards studytool's schedule, beside the Anki engine inserting the same 10,000
  review-log rows.

No server: the exchange with it is Anki's own and measured by Anki. No target is set
yet; the ratios say what studytool adds to Anki's work.
"""

from __future__ import annotations

import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.gendeck import synthetic_deck
from benchmarks.harness import Row
from studytool.anki.answers import (
    anki_card_ids,
    card_ids_by_guid,
    phone_answers,
    set_schedules,
    write_answers,
)
from studytool.anki.device import put_notes
from studytool.anki.engine import opened
from studytool.anki.notes import plan_export
from studytool.core.deck_loading import load_deck
from studytool.storage import Store

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
ANSWERS = 10_000


def _timed(action: object) -> float:
    started = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - started


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        deck = folder / "big.yaml"
        deck.write_text(synthetic_deck(muscles=4000), encoding="utf-8")
        loaded = load_deck(deck)
        with (
            Store.open(folder / "study.db", zone=UTC) as store,
            opened(folder / "anki" / "collection.anki2") as col,
        ):
            store.sync([deck], NOW)
            plan = plan_export([loaded])
            put_notes(store, plan, col, NOW)
            cards = card_ids_by_guid(note.card_id for note in plan.notes)
            anki_ids = anki_card_ids(col, cards)
            assert col.db is not None
            chosen = sorted(anki_ids)[: ANSWERS * 2]
            phone_cards, here_cards = chosen[:ANSWERS], chosen[ANSWERS:]
            start = int((NOW - timedelta(days=30)).timestamp() * 1000)
            rows = [
                (start + index * 1000, anki_ids[card], -1, 3, 1, 0, 2500, 6000, 0)
                for index, card in enumerate(phone_cards)
            ]
            col.db.executemany(
                "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                rows,
            )
            floor_pull = _timed(
                lambda: col.db.all(  # type: ignore[union-attr]
                    "SELECT r.id, r.ease, r.time, n.guid FROM revlog AS r"
                    " JOIN cards AS c ON c.id = r.cid JOIN notes AS n ON n.id = c.nid"
                )
            )
            pull = _timed(lambda: store.record_answers_elsewhere(phone_answers(col, cards)))

            for index, card in enumerate(here_cards):
                store.answer(card, 4, NOW - timedelta(days=20, seconds=-index))
            unsent = store.unsent_answers()
            copies = [
                (start + 10**9 + index, anki_ids[card], -1, 3, 1, 0, 2500, 6000, 0)
                for index, card in enumerate(here_cards)
            ]
            floor_push = _timed(
                lambda: col.db.executemany(  # type: ignore[union-attr]
                    "INSERT INTO revlog (id, cid, usn, ease, ivl, lastIvl, factor, time, type)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    copies,
                )
            )
            schedules = {anki_ids[c.id]: c.schedule for c in store.cards(here_cards)}

            def push() -> None:
                write_answers(col, unsent, anki_ids)
                set_schedules(col, schedules, store.today(NOW))

            pushed = _timed(push)
    return [
        Row(
            "sync: pull 10,000 phone answers (read, record once, replay)",
            pull,
            "Anki engine reading those rows",
            floor_pull,
        ),
        Row(
            "sync: push 10,000 answers (review log once, cards scheduled)",
            pushed,
            "Anki engine inserting those rows",
            floor_push,
        ),
    ]


if __name__ == "__main__":
    from benchmarks.harness import table

    print(table(run()))
