"""Answers survive a killed process, and two processes share one database safely."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC
from pathlib import Path

from sample_decks import seven_muscle_deck

from studytool.storage import Store

# A child process that answers every card of the deck, one line per confirmed answer.
ANSWERING_CHILD = textwrap.dedent(
    """
    import sys, time
    from datetime import UTC, datetime, timedelta
    from pathlib import Path
    from studytool.storage import Store

    db, deck, pause, grade = sys.argv[1], Path(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    store = Store.open(db, zone=UTC)
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    (report,) = store.sync([deck], now)
    for card in store.queue(now, [report.deck], new_per_day=1000):
        answer = store.answer(card.id, grade, now, duration_ms=100)
        print(answer.review_id, card.id, flush=True)
        time.sleep(pause)
    print("done", flush=True)
    """
)


def start_child(db: Path, deck: Path, pause: float, grade: int = 5) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", ANSWERING_CHILD, str(db), str(deck), str(pause), str(grade)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_answers_confirmed_before_a_sigkill_are_all_kept(tmp_path: Path) -> None:
    db, deck = tmp_path / "study.db", tmp_path / "deck.yaml"
    deck.write_text(seven_muscle_deck(), "utf-8")
    child = start_child(db, deck, pause=0.05)
    assert child.stdout is not None
    confirmed = [child.stdout.readline().split() for _ in range(5)]
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=10)
    assert child.returncode == -signal.SIGKILL
    with Store.open(db, zone=UTC) as store:
        rows = {(r["id"], r["card_id"]) for r in store.db.query("SELECT id, card_id FROM reviews")}
        for review_id, card_id in confirmed:
            assert (int(review_id), card_id) in rows
        # Nothing half-written: every review row has the card state it produced.
        for row in store.db.query(
            "SELECT r.repetitions_after, s.repetitions FROM reviews r"
            " JOIN card_state s ON s.card_id = r.card_id"
        ):
            assert row["repetitions_after"] == row["repetitions"]


def test_two_processes_answering_at_once_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "study.db"
    first_deck, second_deck = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first_deck.write_text(seven_muscle_deck(), "utf-8")
    second_deck.write_text(seven_muscle_deck().replace("id: test-deck", "id: other"), "utf-8")
    Store.open(db, zone=UTC).close()
    children = [start_child(db, first_deck, 0.0), start_child(db, second_deck, 0.0)]
    outputs = []
    deadline = time.monotonic() + 60
    for child in children:
        out, err = child.communicate(timeout=max(1.0, deadline - time.monotonic()))
        assert child.returncode == 0, err
        assert "Traceback" not in err
        outputs.append(out.splitlines())
    answered = [line for lines in outputs for line in lines if line != "done"]
    assert all(lines[-1] == "done" for lines in outputs)
    assert len(answered) == 82
    with Store.open(db, zone=UTC) as store:
        assert store.db["reviews"].count == len(answered)
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
