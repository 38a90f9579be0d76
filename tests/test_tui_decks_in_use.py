"""The app shows, counts and studies only the decks of its deck paths (`--decks`)."""

from __future__ import annotations

from pathlib import Path

from sample_decks import seven_muscle_deck
from textual.widgets import DataTable
from tui_helpers import NOW, make_app, settle

from studytool.storage import Store
from studytool.tui.screens.study import StudyScreen


def _other_course(folder: Path) -> Path:
    """A second deck folder, synced into the same database by an earlier run."""
    other = folder / "other"
    other.mkdir()
    text = seven_muscle_deck().replace("id: test-deck", "id: other-deck", 1)
    (other / "other.yaml").write_text(text.replace("Test deck", "Other course"), "utf-8")
    with Store.open(folder / "study.db", zone=NOW.tzinfo) as store:  # type: ignore[arg-type]
        store.sync([other], NOW)
    return other


async def test_the_deck_list_and_study_all_keep_to_the_decks_in_use(tmp_path: Path) -> None:
    _other_course(tmp_path)
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#decks", DataTable)
        assert table.row_count == 1
        assert next(str(cell) for cell in table.get_row_at(0)) == "Test deck"
        await pilot.press("a")
        assert isinstance(app.screen, StudyScreen)
        assert {card.deck for card in app.screen.session.queue} == {"test-deck"}


async def test_a_deleted_deck_file_leaves_the_list_on_reload(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    extra = tmp_path / "decks" / "extra.yaml"
    text = seven_muscle_deck().replace("id: test-deck", "id: extra-deck", 1)
    extra.write_text(text.replace("Test deck", "Extra"), "utf-8")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#decks", DataTable)
        assert table.row_count == 2
        extra.unlink()
        await pilot.press("r")
        await settle(pilot)
        assert table.row_count == 1
