"""Shared fixtures: deck files written to a temporary folder."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from anki_sync_server import SyncServer, sync_server
from click.testing import CliRunner
from hypothesis import settings

from studytool.core.deck_loading import load_deck
from studytool.core.deck_validation import LoadedDeck
from studytool.storage import Store


@pytest.fixture
def write_deck(tmp_path: Path) -> Callable[..., Path]:
    """Write deck text (dedented) to a file in a temporary folder and return its path."""

    def write(text: str, name: str = "deck.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def load_text(write_deck: Callable[..., Path]) -> Callable[[str], LoadedDeck]:
    """Write deck text to a file and load it."""

    def load(text: str) -> LoadedDeck:
        return load_deck(write_deck(text))

    return load


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    """A real database file in a temporary folder; study days roll over at 04:00 UTC."""
    opened = Store.open(tmp_path / "study.db", zone=UTC)
    yield opened
    opened.close()


@pytest.fixture(autouse=True)
def isolated_config(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """No test reads or writes the real user's settings (the platformdirs config folder)."""
    home = tmp_path_factory.mktemp("config-home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home


@pytest.fixture
def runner() -> CliRunner:
    """Runs the `studytool` command in-process, as click's tests do."""
    return CliRunner()


@pytest.fixture
def isolated_user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep the user's real decks folder and database out of a test."""
    home = tmp_path / "data-home"
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    monkeypatch.delenv("STUDYTOOL_DB", raising=False)
    return home


def at(day: int, hour: int = 12, month: int = 3) -> datetime:
    """A moment in March 2026 (UTC): at(2, 9) is 2 March, 09:00."""
    return datetime(2026, month, day, hour, tzinfo=UTC)


# Hypothesis: thorough by default, lighter in CI so the suite stays well within budget.
settings.register_profile("dev", max_examples=300)
settings.register_profile("ci", max_examples=100)
settings.register_profile("thorough", max_examples=5000)
settings.load_profile("ci" if os.environ.get("CI") else os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[SyncServer]:
    """A real Anki sync server on 127.0.0.1, its data in the test's folder."""
    with sync_server(tmp_path) as running:
        yield running
