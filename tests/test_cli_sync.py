"""`studytool sync` as a trainee runs it, against a real sync server: the first time
with --user, then with the kept login; --logout; and the mistakes a trainee makes,
each one clear message that changes nothing."""

from __future__ import annotations

import json
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from anki_sync_server import SyncServer
from click.testing import CliRunner, Result
from sample_decks import seven_muscle_deck

from studytool.cli import cli
from studytool.paths import anki_login_file


@pytest.fixture
def run(
    runner: CliRunner, write_deck: Callable[..., Path], tmp_path: Path, isolated_user_dir: Path
) -> Callable[..., Result]:
    folder = write_deck(seven_muscle_deck(), "decks/test-deck.yaml").parent
    base = ["--db", str(tmp_path / "study.db"), "--decks", str(folder), "sync"]

    def invoke(*arguments: str, password: str | None = None) -> Result:
        return runner.invoke(cli, [*base, *arguments], input=password)

    return invoke


def test_a_first_sync_logs_in_and_keeps_only_the_key(
    server: SyncServer, run: Callable[..., Result]
) -> None:
    result = run(
        "--endpoint",
        server.endpoint,
        "--user",
        server.user,
        "--password-stdin",
        password=server.password + "\n",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"synced with {server.endpoint}: sent this collection to the account, which had"
        " none; 41 new notes, 0 updated;"
        " 0 answers from Anki, 0 sent; 0 cards rescheduled in Anki\n"
    )
    kept = anki_login_file()
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert server.password not in kept.read_text("utf-8")
    assert json.loads(kept.read_text("utf-8"))["endpoint"] == server.endpoint
    again = run()  # the kept login is reused
    assert again.exit_code == 0, again.output
    assert "0 new notes" in again.stdout
    other = run("--endpoint", "http://127.0.0.1:1/")
    assert other.exit_code == 1
    assert other.stderr == (
        f"Error: the kept login is for {server.endpoint}; log in to http://127.0.0.1:1/"
        " with --user\n"
    )
    logout = run("--logout")
    assert logout.stdout == "logged out\n"
    assert not kept.exists()


def test_a_wrong_password_keeps_nothing(server: SyncServer, run: Callable[..., Result]) -> None:
    result = run(
        "--endpoint",
        server.endpoint,
        "--user",
        server.user,
        "--password-stdin",
        password="wrong\n",
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {server.endpoint} did not accept that user name and password;"
        " nothing was changed\n"
    )
    assert not anki_login_file().exists()


def test_syncing_without_a_login_says_how_to_log_in(run: Callable[..., Result]) -> None:
    result = run()
    assert result.exit_code == 1
    assert "log in first: studytool sync --user NAME" in result.stderr


def test_without_the_anki_engine_sync_says_how_to_install_it(
    run: Callable[..., Result], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "anki.collection", None)
    result = run("--user", "t", "--password-stdin", password="p\n")
    assert result.exit_code == 1
    assert "pip install 'studytool[anki]'" in result.stderr


def test_a_study_database_syncs_with_one_account(
    server: SyncServer, run: Callable[..., Result]
) -> None:
    first = run(
        "--endpoint",
        server.endpoint,
        "--user",
        server.user,
        "--password-stdin",
        password=server.password + "\n",
    )
    assert first.exit_code == 0, first.output
    kept = anki_login_file()
    other = json.loads(kept.read_text("utf-8"))
    other["user"] = "someone-else"  # as if logged in to another account since
    kept.write_text(json.dumps(other), "utf-8")
    result = run()
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: this study database syncs with {server.user} at {server.endpoint};"
        " another account needs a study database of its own (--db)\n"
    )
