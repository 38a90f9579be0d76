"""Two-way progress through Anki's own sync, against a real sync server with a second
collection as the phone: the phone's answers reach studytool, studytool's reach the
phone with the schedule SM-2 gave them, and syncing again moves nothing."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from anki.collection import Collection
from anki.scheduler.v3 import CardAnswer
from anki.sync import SyncAuth
from anki_sync_server import SyncServer, new_phone, phone_sync
from conftest import at
from sample_decks import seven_muscle_deck
from test_anki_device import login_for

from studytool.anki.account import Login
from studytool.anki.account import auth_for as auth_of
from studytool.anki.answers import anki_card_ids, card_ids_by_guid
from studytool.anki.device import collection_path
from studytool.anki.engine import SyncProblem
from studytool.anki.notes import note_guid
from studytool.anki.syncing import SyncReport, sync_account
from studytool.core.deck_loading import LoadedDeck, load_decks
from studytool.core.scheduling import SchedulerName, Scheduling
from studytool.storage import Store


def answer_on_phone(phone: Collection, rating: object) -> str:
    """Answer the phone's next card; the studytool card id of its note."""
    phone.decks.set_current(phone.decks.id_for_name("studytool::Test deck"))
    queued = phone.sched.get_queued_cards(fetch_limit=1).cards[0]
    card = phone.get_card(queued.card.id)
    card.start_timer()
    phone.sched.answer_card(
        phone.sched.build_answer(card=card, states=queued.states, rating=rating)
    )
    return card.note().guid


@pytest.fixture
def deck_file(tmp_path: Path) -> Path:
    deck = tmp_path / "decks" / "test-deck.yaml"
    deck.parent.mkdir()
    deck.write_text(seven_muscle_deck(), "utf-8")
    return deck


@dataclass
class Linked:
    """A study database on the test deck, synced once with the test account."""

    store: Store
    decks: list[LoadedDeck]
    login: Login
    database: Path
    first: SyncReport  # the first sync's report

    @property
    def auth(self) -> SyncAuth:
        return auth_of(self.login)

    def sync(self, now: datetime) -> SyncReport:
        return sync_account(self.store, self.decks, self.login, collection_path(self.database), now)

    def card_of_guid(self, guid: str) -> str:
        """The studytool card whose note has this GUID (a card answered on the phone)."""
        rows = self.store.query("SELECT card_id FROM card_state")
        return next(row["card_id"] for row in rows if note_guid(row["card_id"]) == guid)


@contextmanager
def linked(
    server: SyncServer, tmp_path: Path, deck_file: Path, scheduling: Scheduling | None = None
) -> Iterator[Linked]:
    """The study database synced once (after switching to `scheduling`, if given)."""
    login = login_for(server, tmp_path)
    database = tmp_path / "study.db"
    with Store.open(database, zone=UTC) as store:
        store.sync([deck_file], at(1))
        if scheduling is not None:
            store.switch_scheduler(scheduling)
        decks = load_decks([deck_file])
        first = sync_account(store, decks, login, collection_path(database), at(1))
        yield Linked(store, decks, login, database, first)


def test_answers_cross_both_ways_exactly_once(
    server: SyncServer, tmp_path: Path, deck_file: Path
) -> None:
    with linked(server, tmp_path, deck_file) as link:
        store, auth, first = link.store, link.auth, link.first
        assert (first.whole.value, first.notes.new) == ("uploaded", 41)  # the account was empty

        phone = new_phone(tmp_path, auth)
        try:
            assert phone.note_count() == 41
            guid = answer_on_phone(phone, CardAnswer.EASY)
            phone_sync(phone, auth)

            # The terminal studies a card of its own, then syncs.
            here = "test-deck/muscle-5/insertion"
            store.answer(here, 5, at(1, 14))
            report = link.sync(at(1, 15))
            assert (report.answers_in, report.answers_out) == (1, 1)
            phone_card = link.card_of_guid(guid)
            (row,) = store.db.query(
                "SELECT quality, source FROM reviews WHERE card_id = ?", [phone_card]
            )
            assert (row["quality"], row["source"]) == (5, "anki")
            (card,) = store.cards([phone_card])
            assert card.schedule.due is not None  # the phone's answer moved its schedule here

            # The phone sees the terminal's answer and the card due when SM-2 says.
            phone_sync(phone, auth)
            theirs = anki_card(phone, here)
            assert phone.db.scalar("SELECT count() FROM revlog WHERE cid = ?", theirs) == 1
            (mine,) = store.cards([here])
            phone_view = phone.get_card(theirs)
            assert (phone_view.queue, phone_view.ivl) == (2, mine.schedule.state.interval)
            assert mine.schedule.due is not None
            today = store.today(at(1, 15))
            assert phone_view.due == phone.sched.today + (mine.schedule.due - today).days

            # Syncing again moves nothing.
            again = link.sync(at(1, 16))
            assert (again.answers_in, again.answers_out, again.notes.new) == (0, 0, 0)
            assert again.cards_scheduled == 0
            assert store.db.execute("SELECT count(*) FROM reviews").fetchone()[0] == 2
            phone_sync(phone, auth)
            assert phone.db.scalar("SELECT count() FROM revlog") == 2
        finally:
            phone.close()


def anki_card(col: Collection, card_id: str) -> int:
    """The Anki card of a studytool card, found as a sync finds it."""
    return anki_card_ids(col, card_ids_by_guid([card_id]))[card_id]


def test_a_card_answered_on_both_sides_while_apart_keeps_both_answers(
    server: SyncServer, tmp_path: Path, deck_file: Path
) -> None:
    with linked(server, tmp_path, deck_file) as link:
        store, auth = link.store, link.auth
        phone = new_phone(tmp_path, auth)
        try:
            guid = answer_on_phone(phone, CardAnswer.GOOD)
            phone_sync(phone, auth)
            card_id = link.card_of_guid(guid)
            store.answer(card_id, 2, at(1, 9))  # the same card, here, before the sync
            report = link.sync(at(1, 10))
            assert (report.answers_in, report.answers_out) == (1, 1)
            rows = store.db.query(
                "SELECT source, quality FROM reviews WHERE card_id = ? ORDER BY answered_at",
                [card_id],
            )
            assert [(row["source"], row["quality"]) for row in rows] == [
                ("studytool", 2),
                ("anki", 4),
            ]
            phone_sync(phone, auth)
            theirs = anki_card(phone, card_id)
            assert phone.db.scalar("SELECT count() FROM revlog WHERE cid = ?", theirs) == 2
        finally:
            phone.close()


def test_a_server_killed_mid_sync_and_the_next_sync_completes_without_doubles(
    server: SyncServer, tmp_path: Path, deck_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studytool.anki import device

    with linked(server, tmp_path, deck_file) as link:
        store, auth = link.store, link.auth
        here = "test-deck/muscle-4/actions"
        store.answer(here, 4, at(1, 9))
        real_sync = device.sync
        calls = []

        def server_killed_before_the_second_exchange(col: object, auth: object) -> device.SyncKind:
            calls.append(1)
            if len(calls) == 2:
                server.stop()  # our answers are written locally; the server is gone
            return real_sync(col, auth)  # type: ignore[arg-type]

        monkeypatch.setattr(device, "sync", server_killed_before_the_second_exchange)
        with pytest.raises(SyncProblem, match="cannot reach"):
            link.sync(at(1, 10))
        assert len(store.unsent_answers()) == 1  # not noted as sent: it did not get there
        monkeypatch.setattr(device, "sync", real_sync)
        server.start()  # back, on the same address
        report = link.sync(at(1, 11))
        assert report.answers_out == 1
        assert store.unsent_answers() == []
        phone = new_phone(tmp_path, auth)
        try:
            assert phone.db.scalar("SELECT count() FROM revlog") == 1  # once, not twice
        finally:
            phone.close()


def test_suspensions_and_buries_cross_both_ways(
    server: SyncServer, tmp_path: Path, deck_file: Path
) -> None:
    with linked(server, tmp_path, deck_file) as link:
        store, auth = link.store, link.auth
        phone = new_phone(tmp_path, auth)
        try:
            on_phone, here = "test-deck/muscle-1/origin", "test-deck/muscle-2/origin"
            phone.sched.suspend_cards([anki_card(phone, on_phone)])  # type: ignore[list-item]
            phone_sync(phone, auth)
            store.bury(here, at(1, 9))
            report = link.sync(at(1, 10))
            assert report.set_aside_in_anki == 1
            (suspended,) = store.cards([on_phone])
            assert suspended.schedule.suspended
            phone_sync(phone, auth)
            assert phone.get_card(anki_card(phone, here)).queue == -3  # buried on the phone too

            # Brought back on the phone: only Anki changed since, so it comes back here.
            phone.sched.unsuspend_cards([anki_card(phone, on_phone)])  # type: ignore[list-item]
            phone_sync(phone, auth)
            link.sync(at(1, 11))
            (back,) = store.cards([on_phone])
            assert not back.schedule.suspended
        finally:
            phone.close()


def test_under_fsrs_the_phones_answers_replay_through_fsrs(
    server: SyncServer, tmp_path: Path, deck_file: Path
) -> None:
    fsrs = Scheduling(SchedulerName.FSRS)
    with linked(server, tmp_path, deck_file, fsrs) as link:
        store, auth = link.store, link.auth
        phone = new_phone(tmp_path, auth)
        try:
            guid = answer_on_phone(phone, CardAnswer.HARD)
            phone_sync(phone, auth)
            here = "test-deck/muscle-5/insertion"
            store.answer(here, 4, at(1, 14))  # Good, on the four-button screen
            report = link.sync(at(1, 15))
            assert (report.answers_in, report.answers_out) == (1, 1)
            phone_card = link.card_of_guid(guid)
            (row,) = store.query("SELECT quality FROM reviews WHERE card_id = ?", [phone_card])
            assert row["quality"] == 3  # Hard, kept as the log keeps it
            with Store.open(tmp_path / "reference.db", zone=UTC) as reference:
                reference.sync([deck_file], at(1))
                reference.switch_scheduler(fsrs)
                (answered_at,) = store.query(
                    "SELECT answered_at FROM reviews WHERE card_id = ?", [phone_card]
                )
                reference.answer(phone_card, 3, datetime.fromisoformat(answered_at["answered_at"]))
                assert (
                    store.cards([phone_card])[0].schedule
                    == reference.cards([phone_card])[0].schedule
                )
            assert store.cards([phone_card])[0].schedule.memory is not None

            phone_sync(phone, auth)
            theirs = anki_card(phone, here)
            assert phone.db.scalar("SELECT ease FROM revlog WHERE cid = ?", theirs) == 3  # Good
            (mine,) = store.cards([here])
            assert mine.schedule.due is not None
            today = store.today(at(1, 15))
            phone_view = phone.get_card(theirs)
            assert phone_view.due == phone.sched.today + (mine.schedule.due - today).days
            # Anki's own FSRS goes on from studytool's memory of the card.
            assert mine.schedule.memory is not None
            assert phone_view.memory_state is not None
            assert phone_view.memory_state.stability == pytest.approx(
                mine.schedule.memory.stability, abs=1e-3
            )
            assert phone_view.memory_state.difficulty == pytest.approx(
                mine.schedule.memory.difficulty, abs=1e-3
            )
            again = link.sync(at(1, 16))
            assert (again.answers_in, again.answers_out, again.cards_scheduled) == (0, 0, 0)
        finally:
            phone.close()
