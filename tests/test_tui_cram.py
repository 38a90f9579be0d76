"""Cramming from the app: `c` on the deck list, a search, a session that moves nothing."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static
from tui_helpers import make_app, settle

from studytool.tui.screens.cram import CramScreen
from studytool.tui.screens.deck_list import DeckListScreen
from studytool.tui.screens.study import StudyScreen


async def test_cram_drills_the_chosen_cards_and_changes_no_schedule(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        before = app.store.query("SELECT * FROM card_state ORDER BY card_id")
        await pilot.press("c")
        assert isinstance(app.screen, CramScreen)
        query = app.screen.query_one("#cram-query", Input)
        assert query.value == "deck:test-deck"
        query.value = "deck:test-deck kind:origin"
        await pilot.press("enter")
        assert isinstance(app.screen, StudyScreen)
        assert app.screen.session.cramming
        assert len(app.screen.session.queue) == 7
        assert any("Cramming 7 cards" in n.message for n in app._notifications)
        await pilot.press("space")
        assert "done" in str(app.screen.query_one("#grade-4", Static).render())
        await pilot.press("4", "space", "1")
        assert app.store.query("SELECT kind, quality FROM reviews ORDER BY id") == [
            {"kind": "cram", "quality": 4},
            {"kind": "cram", "quality": 1},
        ]
        assert app.store.query("SELECT * FROM card_state ORDER BY card_id") == before
        await pilot.press("escape", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DeckListScreen)
        assert "9 new" in str(app.screen.query_one("#deck-status", Static).render())


async def test_a_cram_search_that_finds_nothing_says_so(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        app.screen.query_one("#cram-query", Input).value = "state:failed"
        await pilot.press("enter")
        assert isinstance(app.screen, CramScreen)
        problem = str(app.screen.query_one("#cram-problem", Static).render())
        assert "No cards match" in problem
        app.screen.query_one("#cram-query", Input).value = "state:nonsense"
        await pilot.press("enter")
        assert "state must be one of" in str(app.screen.query_one("#cram-problem", Static).render())
        await pilot.press("escape")
        assert isinstance(app.screen, DeckListScreen)
