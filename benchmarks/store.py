"""The study store at scale: 100,000 cards and 1,000,000 review rows.

Each figure is a median over many runs beside floors measured in the same run:
- a bare sqlite3 single-row INSERT + COMMIT on the same file (the floor for answering);
- for the queue, counts and stats, the issue's time budgets, with the bare insert
  shown for scale.
A second workload replays the real review history in ../shared/data through `answer`.
"""

from __future__ import annotations

import csv
import random
import sqlite3
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from benchmarks.gendeck import synthetic_deck
from benchmarks.harness import Row, interleaved_medians, median_seconds
from studytool import stats
from studytool.storage import Store

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
HISTORY = Path(__file__).resolve().parents[2] / "shared" / "data" / "review-log-py-fsrs.csv"
# Anki's ratings on SM-2's scale: again -> wrong but remembered, hard, good, easy.
ANKI_TO_SM2 = {1: 1, 2: 3, 3: 4, 4: 5}


def build(folder: Path, cards: int = 100_000, reviews: int = 1_000_000) -> Store:
    """A database with `cards` cards (synced from a real deck file) and `reviews` answers."""
    deck = folder / "big.yaml"
    deck.write_text(synthetic_deck(muscles=-(-cards // 7)), encoding="utf-8")
    store = Store.open(folder / "study.db", zone=UTC)
    store.sync([deck], NOW)
    rng = random.Random(7)
    today = store.today(NOW)
    ids = [row["card_id"] for row in store.query("SELECT card_id FROM card_state")]
    seen = ids[: int(len(ids) * 0.7)]  # 70% studied, 30% still new
    conn = store.db.conn
    with conn:
        conn.executemany(
            "UPDATE card_state SET repetitions = ?, interval = ?, lapses = ?, due = ?,"
            " easiness = ? WHERE card_id = ?",
            [
                (
                    rng.randint(1, 8),
                    rng.randint(1, 120),
                    rng.choice([0, 0, 0, 1, 2, 5]),
                    (today + timedelta(days=rng.randint(-10, 60))).isoformat(),
                    rng.randint(130, 300),
                    card_id,
                )
                for card_id in seen
            ],
        )
        conn.executemany(
            "INSERT INTO reviews (card_id, deck, quality, kind, answered_at, study_day,"
            " duration_ms, easiness_before, repetitions_before, interval_before, lapses_before,"
            " suspended_before, leech_before, easiness_after, repetitions_after,"
            " interval_after, lapses_after) VALUES (?, 'benchmark-deck', ?, 'review', ?, ?,"
            " ?, 250, 1, 1, 0, 0, 0, 250, 2, 6, 0)",
            (_review(rng, seen, today) for _ in range(reviews)),
        )
    conn.execute("ANALYZE")
    return store


def _review(rng: random.Random, seen: list[str], today: date) -> tuple[object, ...]:
    day = today - timedelta(days=rng.randint(0, 364))
    moment = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    return (rng.choice(seen), rng.randint(0, 5), moment.isoformat(), day.isoformat(), 4000)


class BareInsert:
    """The floor: a single-row INSERT + COMMIT through a plain sqlite3 connection."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path)
        self.conn.execute("CREATE TABLE IF NOT EXISTS floor (id INTEGER PRIMARY KEY, value TEXT)")
        self.conn.commit()

    def __call__(self) -> None:
        self.conn.execute("INSERT INTO floor (value) VALUES ('x')")
        self.conn.commit()

    def close(self) -> None:
        self.conn.execute("DROP TABLE floor")
        self.conn.commit()
        self.conn.close()


def run(runs: int = 50) -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        store = build(Path(folder))
        insert = BareInsert(store.path)
        queue = store.queue(NOW, new_per_day=10_000, reviews_per_day=10_000_000)
        answers = iter(queue)
        floor, answer = interleaved_medians(
            insert, lambda: store.answer(next(answers).id, 4, NOW), runs * 4
        )
        insert.close()
        rows = [
            Row(
                "answer one card (state + review row + commit)",
                answer,
                "sqlite3 insert+commit",
                floor,
                target_ratio=3.0,
            ),
            Row(
                "build today's queue (siblings buried, as the app does)",
                median_seconds(lambda: store.queue(NOW, bury_siblings=True), runs),
                "sqlite3 insert+commit",
                floor,
                target_seconds=0.050,
            ),
            Row(
                "deck counts",
                median_seconds(lambda: stats.deck_counts(store, NOW), runs),
                "sqlite3 insert+commit",
                floor,
                target_seconds=0.050,
            ),
        ]
        for name, action in [
            ("stats: reviews per day (365 days)", lambda: stats.reviews_per_day(store, NOW, 365)),
            ("stats: 30-day due forecast", lambda: stats.due_forecast(store, NOW)),
            ("stats: 30-day retention", lambda: stats.retention(store, NOW)),
            ("stats: weakest muscles", lambda: stats.muscle_lapses(store)),
        ]:
            rows.append(
                Row(
                    name,
                    median_seconds(action, runs // 5),
                    "sqlite3 insert+commit",
                    floor,
                    target_seconds=0.200,
                )
            )
        store.close()
    rows.append(replay_history())
    return rows


def replay_history() -> Row:
    """Replay the real review log (12,580 answers on 1,205 cards) through `answer`."""
    with HISTORY.open(encoding="utf-8") as stream:
        log = sorted(csv.DictReader(stream), key=lambda r: r["review_time"])
    cards = sorted({row["card_id"] for row in log})
    with tempfile.TemporaryDirectory() as folder:
        deck = Path(folder) / "history.yaml"
        deck.write_text(synthetic_deck(muscles=-(-len(cards) // 7)), encoding="utf-8")
        store = Store.open(Path(folder) / "study.db", zone=UTC)
        store.sync([deck], NOW)
        ids = [row["card_id"] for row in store.query("SELECT card_id FROM card_state")]
        card_for = dict(zip(cards, ids, strict=False))
        insert = BareInsert(store.path)
        floor = median_seconds(insert, 200)
        insert.close()
        times = []
        for row in log:
            moment = datetime.fromisoformat(row["review_time"])
            started = time.perf_counter()
            store.answer(
                card_for[row["card_id"]],
                ANKI_TO_SM2[int(row["review_rating"])],
                moment,
                int(float(row["review_duration"])),
            )
            times.append(time.perf_counter() - started)
        count = store.db["reviews"].count
        store.close()
    if count != len(log):
        raise RuntimeError(f"replay lost answers: {count} of {len(log)}")
    return Row(
        f"replay {len(log):,} real answers (median per answer)",
        statistics.median(times),
        "sqlite3 insert+commit",
        floor,
        target_ratio=3.0,
    )


if __name__ == "__main__":
    from benchmarks.harness import table

    print(table(run()))
