"""Logging in to an Anki account, against a real sync server: only the login key is
kept, in a file its owner alone may read; a wrong password or an unreachable server
is one clear message and keeps nothing."""

from __future__ import annotations

import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from anki_sync_server import SyncServer, sync_server

from studytool.anki import engine
from studytool.anki.account import Login, forget_login, load_login, log_in, save_login
from studytool.anki.engine import SyncProblem


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SyncServer]:
    with sync_server(tmp_path_factory.mktemp("sync")) as running:
        yield running


def test_a_login_keeps_the_key_not_the_password(server: SyncServer, tmp_path: Path) -> None:
    login = log_in(
        tmp_path / "anki" / "collection.anki2", server.user, server.password, server.endpoint
    )
    assert (login.user, login.endpoint) == (server.user, server.endpoint)
    assert login.key
    assert server.password not in login.key
    kept = tmp_path / "login.json"
    save_login(kept, login)
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert server.password not in kept.read_text("utf-8")
    assert load_login(kept) == login
    assert forget_login(kept)
    assert load_login(kept) is None
    assert not forget_login(kept)


def test_a_kept_key_is_private_even_over_a_readable_file(tmp_path: Path) -> None:
    kept = tmp_path / "login.json"
    kept.write_text("{}", "utf-8")
    kept.chmod(0o644)
    save_login(kept, Login("t", None, "key"))
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600


def test_a_wrong_password_is_one_clear_message(server: SyncServer, tmp_path: Path) -> None:
    with pytest.raises(SyncProblem) as problem:
        log_in(tmp_path / "c.anki2", server.user, "not it", server.endpoint)
    assert str(problem.value) == (
        f"{server.endpoint} did not accept that user name and password; nothing was changed"
    )


def test_an_unreachable_server_is_one_clear_message(tmp_path: Path) -> None:
    with pytest.raises(SyncProblem) as problem:
        log_in(tmp_path / "c.anki2", "trainee", "pw", "http://127.0.0.1:9/")
    assert str(problem.value).startswith("cannot reach http://127.0.0.1:9/;")


def test_a_kept_login_that_is_not_ours_is_no_login(tmp_path: Path) -> None:
    kept = tmp_path / "login.json"
    for text in ("not json", "[]", '{"user": "t"}'):
        kept.write_text(text, "utf-8")
        assert load_login(kept) is None


def test_without_the_anki_engine_the_message_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "anki.collection", None)  # as if not installed
    with pytest.raises(SyncProblem) as problem:
        log_in(tmp_path / "c.anki2", "t", "p", None)
    assert str(problem.value) == engine.INSTALL_HINT
    assert "pip install 'studytool[anki]'" in engine.INSTALL_HINT
