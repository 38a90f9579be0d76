"""Syncing from the app: `y` on the deck list, against a real sync server, with the
login kept by the command; without one, it says how to log in."""

from __future__ import annotations

from pathlib import Path

from anki_sync_server import SyncServer
from textual.widgets import ProgressBar, Static
from tui_helpers import make_app, settle

from studytool.anki.account import log_in, save_login
from studytool.paths import anki_login_file
from studytool.tui.screens.deck_list import DeckListScreen
from studytool.tui.screens.sync import LOG_IN_FIRST, SyncScreen


async def wait_for_report(pilot: object, screen: SyncScreen) -> str:
    for _ in range(200):
        await settle(pilot)  # type: ignore[arg-type]
        if not screen.running:
            break
    return str(screen.query_one("#sync-report", Static).content)


async def test_y_syncs_with_the_kept_login_and_shows_the_report(
    server: SyncServer, tmp_path: Path, isolated_user_dir: Path
) -> None:
    save_login(
        anki_login_file(),
        log_in(tmp_path / "login.anki2", server.user, server.password, server.endpoint),
    )
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("y")
        screen = app.screen
        assert isinstance(screen, SyncScreen)
        report = await wait_for_report(pilot, screen)
        assert report.splitlines() == [
            f"Synced with {server.endpoint}",
            "sent this collection to the account, which had none",
            "41 new notes, 0 updated",
            "0 answers from Anki, 0 sent",
            "0 cards rescheduled in Anki",
        ]
        bar = screen.query_one(ProgressBar)
        assert bar.progress == bar.total == 5
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DeckListScreen)


async def test_without_a_kept_login_the_app_says_how_to_log_in(
    tmp_path: Path, isolated_user_dir: Path
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("y")
        screen = app.screen
        assert isinstance(screen, SyncScreen)
        assert str(screen.query_one("#sync-report", Static).content) == LOG_IN_FIRST
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DeckListScreen)
