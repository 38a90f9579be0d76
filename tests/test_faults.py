"""Faults and hostile input: full disks, injection-looking text, busy databases."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import at
from sample_decks import seven_muscle_deck
from textual.widgets import Static
from tui_helpers import make_app, settle

from studytool.core.deck_loading import load_deck
from studytool.storage import Store, StoreError
from studytool.tui.deck_text import rich_text
from studytool.tui.screens.study import StudyScreen

HOSTILE = "'); DROP TABLE cards; -- <script>alert('x')</script> [bold red]loud[/] &amp;"


def fill_the_disk(store: Store) -> None:
    """Let the database grow no further and use up its free space, as on a full disk."""
    conn = store.conn
    conn.execute("CREATE TABLE IF NOT EXISTS ballast (filler BLOB)")
    conn.commit()
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")
    for size in (4000, 500, 50, 1):
        while True:
            try:
                conn.execute("INSERT INTO ballast VALUES (randomblob(?))", (size,))
                conn.commit()
            except sqlite3.OperationalError:
                conn.rollback()
                break


def test_a_full_disk_fails_the_answer_cleanly_and_keeps_the_earlier_ones(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    store.sync([write_deck(seven_muscle_deck())], at(1))
    card = "test-deck/muscle-1/origin"
    store.answer(card, 5, at(1))
    fill_the_disk(store)
    saved = 1
    failure: StoreError | None = None
    for _ in range(10_000):
        try:
            store.answer(card, 4, at(1))
        except StoreError as error:
            failure = error
            break
        saved += 1
    assert failure is not None
    assert "is full; nothing was saved" in str(failure)
    rows = store.query("SELECT count(*) AS n FROM reviews")[0]["n"]
    assert rows == saved  # every confirmed answer kept, the failed one not half-written
    (state,) = store.query("SELECT repetitions FROM card_state WHERE card_id = ?", [card])
    last = store.query("SELECT repetitions_after FROM reviews ORDER BY id DESC LIMIT 1")[0]
    assert state["repetitions"] == last["repetitions_after"]
    store.conn.execute("PRAGMA max_page_count = 1073741823")
    store.answer(card, 4, at(1))  # usable again once there is room
    assert store.query("SELECT count(*) AS n FROM reviews")[0]["n"] == saved + 1


async def test_the_app_stays_usable_when_an_answer_cannot_be_saved(tmp_path: Path) -> None:
    app = make_app(tmp_path, new_per_day=41, bury_siblings=False)  # every card today
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert app.store is not None
        for _ in range(3):
            await pilot.press("space", "5")
        front = str(screen.query_one("#card-front", Static).render())
        fill_the_disk(app.store)
        saved = app.store.query("SELECT count(*) AS n FROM reviews")[0]["n"]
        for _ in range(37):  # the reviews table's pages may still hold a few dozen rows
            front = str(screen.query_one("#card-front", Static).render())
            await pilot.press("space", "4")
            if app.store.query("SELECT count(*) AS n FROM reviews")[0]["n"] == saved:
                break
            saved += 1
        else:
            pytest.fail("the database never filled up")
        assert app.screen is screen  # no crash, same session
        assert str(screen.query_one("#card-front", Static).render()) == front  # not skipped
        app.store.conn.execute("PRAGMA max_page_count = 1073741823")
        await pilot.press("4")  # the answer is still revealed: grade it again
        assert app.store.query("SELECT count(*) AS n FROM reviews")[0]["n"] == saved + 1


def test_injection_looking_text_is_stored_and_shown_as_plain_text(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    text = seven_muscle_deck().replace("Answer one.", f'"{HOSTILE}"')
    store.sync([write_deck(text)], at(1))
    (row,) = store.query("SELECT back FROM cards WHERE id = 'test-deck/card/free-one'")
    assert row["back"] == HOSTILE
    assert {"cards", "card_state", "reviews", "decks"} <= {
        r["name"] for r in store.query("SELECT name FROM sqlite_master WHERE type = 'table'")
    }
    shown = rich_text(HOSTILE)
    assert shown.plain == HOSTILE  # Rich markup is not interpreted
    assert not shown.spans


def test_injection_looking_text_is_escaped_in_anki(tmp_path: Path) -> None:
    from studytool.anki.notes import plan_export

    deck = tmp_path / "deck.yaml"
    deck.write_text(seven_muscle_deck().replace("Answer one.", f'"{HOSTILE}"'), "utf-8")
    plan = plan_export([load_deck(deck)])
    (note,) = [n for n in plan.notes if n.card_id == "test-deck/card/free-one"]
    assert note.fields[1] == (
        "'); DROP TABLE cards; -- &lt;script&gt;alert('x')&lt;/script&gt; "
        "[bold red]loud[/] &amp;amp;"
    )


def test_a_database_held_by_another_writer_is_reported_busy(
    tmp_path: Path, write_deck: Callable[..., Path]
) -> None:
    path = tmp_path / "busy.db"
    with Store.open(path, zone=at(1).tzinfo, busy_timeout=0.2) as store:  # type: ignore[arg-type]
        store.sync([write_deck(seven_muscle_deck())], at(1))
        other = sqlite3.connect(path)
        other.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(StoreError, match="busy: another studytool is writing"):
                store.answer("test-deck/muscle-1/origin", 5, at(1))
        finally:
            other.rollback()
            other.close()
        store.answer("test-deck/muscle-1/origin", 5, at(1))
        assert store.query("SELECT count(*) AS n FROM reviews")[0]["n"] == 1


# Answers for SECONDS seconds, re-answering its deck's cards, printing each confirmed one.
WRITER = textwrap.dedent(
    """
    import sys, time
    from datetime import UTC, datetime
    from pathlib import Path
    from studytool.storage import Store

    db, deck, seconds = sys.argv[1], Path(sys.argv[2]), float(sys.argv[3])
    now = datetime(2026, 3, 1, 12, tzinfo=UTC)
    with Store.open(db, zone=UTC, busy_timeout=10) as store:
        (report,) = store.sync([deck], now)
        cards = [c.id for c in store.queue(now, [report.deck], new_per_day=1000)]
        stop, answered = time.monotonic() + seconds, 0
        while time.monotonic() < stop:
            store.answer(cards[answered % len(cards)], 4, now)
            answered += 1
            time.sleep(0.001)  # even a fast thumb leaves the other process a turn
        print(answered)
    """
)


def test_two_processes_answering_for_seconds_lose_nothing(tmp_path: Path) -> None:
    db = tmp_path / "shared.db"
    decks = []
    for name in ("a", "b"):
        deck = tmp_path / f"{name}.yaml"
        deck.write_text(seven_muscle_deck().replace("id: test-deck", f"id: deck-{name}"), "utf-8")
        decks.append(deck)
    Store.open(db, zone=at(1).tzinfo).close()  # type: ignore[arg-type]
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db), str(deck), "3"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for deck in decks
    ]
    counts = []
    for writer in writers:
        out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err
        assert err == ""
        counts.append(int(out))
    with Store.open(db, zone=at(1).tzinfo) as store:  # type: ignore[arg-type]
        assert store.query("SELECT count(*) AS n FROM reviews")[0]["n"] == sum(counts)
        assert store.query("PRAGMA integrity_check")[0]["integrity_check"] == "ok"
    assert min(counts) > 10  # both really wrote, at the same time
