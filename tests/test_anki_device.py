"""studytool's own Anki collection as a device of the account, against a real sync
server with a second collection as the phone: the first sync never overwrites the
phone's progress, studytool's notes are the export's (no duplicates), and a
collection in use is one clear message."""

from __future__ import annotations

from datetime import UTC
from pathlib import Path

import pytest
from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.sync import SyncAuth
from anki_sync_server import SyncServer, new_phone, phone_sync
from conftest import at
from sample_decks import seven_muscle_deck

from studytool.anki.account import Login, log_in
from studytool.anki.device import SyncKind, collection_path, put_notes, sync
from studytool.anki.engine import SyncProblem, opened
from studytool.anki.export import export_plan
from studytool.anki.notes import plan_export
from studytool.core.deck_loading import load_decks
from studytool.storage import Store


@pytest.fixture
def deck(tmp_path: Path) -> Path:
    path = tmp_path / "decks" / "test-deck.yaml"
    path.parent.mkdir()
    path.write_text(seven_muscle_deck(), "utf-8")
    return path


def login_for(server: SyncServer, folder: Path) -> Login:
    return log_in(
        folder / "login" / "collection.anki2", server.user, server.password, server.endpoint
    )


def auth_for(server: SyncServer, folder: Path) -> SyncAuth:
    login = log_in(
        folder / "login" / "collection.anki2", server.user, server.password, server.endpoint
    )
    return SyncAuth(hkey=login.key, endpoint=login.endpoint)


def test_a_first_sync_to_an_empty_server_uploads_the_notes(
    server: SyncServer, deck: Path, tmp_path: Path
) -> None:
    auth = auth_for(server, tmp_path)
    with Store.open(tmp_path / "study.db", zone=UTC) as store:
        store.sync([deck], at(1))
        plan = plan_export(load_decks([deck]))
        with opened(collection_path(tmp_path / "study.db")) as col:
            written = put_notes(store, plan, col, at(1))
            assert (written.new, written.updated) == (41, 0)
            assert sync(col, auth) is SyncKind.UPLOADED
            assert sync(col, auth) is SyncKind.INCREMENTAL  # and then nothing to do
    phone = new_phone(tmp_path)
    try:
        phone_sync(phone, auth)
        assert phone.note_count() == 41
        assert "studytool::Test deck" in {d.name for d in phone.decks.all_names_and_ids()}
    finally:
        phone.close()


def test_a_first_sync_downloads_the_phones_collection_and_adds_no_duplicates(
    server: SyncServer, deck: Path, tmp_path: Path
) -> None:
    auth = auth_for(server, tmp_path)
    package = tmp_path / "export.apkg"
    with Store.open(tmp_path / "study.db", zone=UTC) as store:
        store.sync([deck], at(1))
        plan = plan_export(load_decks([deck]))
        export_plan(store, plan, package, at(1))  # the trainee imported an export earlier
        phone = new_phone(tmp_path)
        try:
            phone.import_anki_package(
                ImportAnkiPackageRequest(
                    package_path=str(package), options=ImportAnkiPackageOptions()
                )
            )
            phone_sync(phone, auth)  # the phone's collection goes up first
            with opened(collection_path(tmp_path / "study.db")) as col:
                assert sync(col, auth) is SyncKind.DOWNLOADED
                assert col.note_count() == 41
                written = put_notes(store, plan, col, at(2))
                assert (written.new, written.updated, written.unchanged) == (0, 0, 41)
                assert sync(col, auth) is SyncKind.INCREMENTAL
            phone_sync(phone, auth)
            assert phone.note_count() == 41
        finally:
            phone.close()


def test_a_collection_open_elsewhere_is_one_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "anki" / "collection.anki2"
    with opened(path), pytest.raises(SyncProblem) as problem, opened(path):
        pass
    assert "open in another program" in str(problem.value)


def test_a_lost_server_during_sync_is_one_clear_message(tmp_path: Path) -> None:
    auth = SyncAuth(hkey="key", endpoint="http://127.0.0.1:9/")
    with (
        opened(tmp_path / "anki" / "collection.anki2") as col,
        pytest.raises(SyncProblem) as problem,
    ):
        sync(col, auth)
    assert str(problem.value).startswith("cannot reach http://127.0.0.1:9/;")


def test_when_both_sides_have_notes_the_phones_progress_wins_the_full_sync(
    server: SyncServer, deck: Path, tmp_path: Path
) -> None:
    from anki.scheduler.v3 import CardAnswer

    auth = auth_for(server, tmp_path)
    package = tmp_path / "export.apkg"
    with Store.open(tmp_path / "study.db", zone=UTC) as store:
        store.sync([deck], at(1))
        plan = plan_export(load_decks([deck]))
        export_plan(store, plan, package, at(1))
        phone = new_phone(tmp_path)
        try:
            phone.import_anki_package(
                ImportAnkiPackageRequest(
                    package_path=str(package), options=ImportAnkiPackageOptions()
                )
            )
            phone.decks.set_current(phone.decks.id_for_name("studytool::Test deck"))
            queued = phone.sched.get_queued_cards(fetch_limit=1).cards[0]
            card = phone.get_card(queued.card.id)
            card.start_timer()
            phone.sched.answer_card(
                phone.sched.build_answer(card=card, states=queued.states, rating=CardAnswer.GOOD)
            )
            phone_sync(phone, auth)
            with opened(collection_path(tmp_path / "study.db")) as col:
                put_notes(
                    store, plan, col, at(2)
                )  # this side has notes too: Anki wants a full sync
                assert sync(col, auth) is SyncKind.DOWNLOADED  # never an upload over the phone
                assert col.db.scalar("SELECT count() FROM revlog") == 1
                written = put_notes(store, plan, col, at(2))
                assert written.new == 0
                assert sync(col, auth) is SyncKind.INCREMENTAL
        finally:
            phone.close()
