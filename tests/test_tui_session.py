"""The real app, driven by Textual's Pilot: a whole session, and the database after each step."""

from __future__ import annotations

import stat
from pathlib import Path

from textual.widgets import DataTable, Static
from tui_helpers import make_app, settle

from studytool.tui.screens.browse import BrowseScreen
from studytool.tui.screens.deck_list import DeckListScreen
from studytool.tui.screens.help import HelpScreen
from studytool.tui.screens.message import MessageScreen
from studytool.tui.screens.stats import StatsScreen
from studytool.tui.screens.study import StudyScreen
from studytool.tui.screens.summary import SummaryScreen


def reviews(app) -> list[dict]:  # type: ignore[no-untyped-def, type-arg]
    return list(app.store.db.query("SELECT card_id, quality, kind FROM reviews ORDER BY id"))


def text_of(app, selector: str) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one(selector, Static).render())


async def test_a_whole_session_reaches_the_database(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DeckListScreen)
        assert app.screen.query_one("#decks", DataTable).row_count == 1
        # One card a muscle a day: 7 muscles and 2 free cards.
        assert "Today: 0 to review, 9 new" in text_of(app, "#deck-status")

        await pilot.press("enter")
        assert isinstance(app.screen, StudyScreen)
        assert "Muscle 1: where does it originate?" in text_of(app, "#card-front")
        assert not app.screen.query_one("#card-back").display

        await pilot.press("5")  # grading before the reveal does nothing
        assert reviews(app) == []
        await pilot.press("space")
        assert app.screen.query_one("#card-back").display
        assert "Origin of Muscle 1" in text_of(app, "#card-back")
        assert "good" in text_of(app, "#grade-4")
        assert "1d" in text_of(app, "#grade-4")
        assert "in 3 cards" in text_of(app, "#grade-1")  # what a miss really does
        await pilot.press("space")  # after the reveal, Space means 4
        assert reviews(app) == [
            {"card_id": "test-deck/muscle-1/origin", "quality": 4, "kind": "new"}
        ]
        # The next muscle, from another side: not muscle 1's insertion a moment later.
        assert "Muscle 2: where does it insert?" in text_of(app, "#card-front")

        await pilot.press("space", "1")  # a slip...
        assert [r["quality"] for r in reviews(app)] == [4, 1]
        await pilot.press("u")  # ...undone
        assert [r["quality"] for r in reviews(app)] == [4]
        assert "Muscle 2: where does it insert?" in text_of(app, "#card-front")

        await pilot.press("space", "enter")  # Enter after the reveal is 4 too
        await pilot.press("b")  # bury muscle 3's actions card
        await pilot.press("s")  # suspend muscle 4's innervation card, by mistake...
        (state,) = app.store.db.query(
            "SELECT buried_until FROM card_state WHERE card_id = 'test-deck/muscle-3/actions'"
        )
        assert state["buried_until"] == "2026-03-03"
        innervation = (
            "SELECT suspended FROM card_state WHERE card_id = 'test-deck/muscle-4/innervation'"
        )
        assert app.store.query(innervation) == [{"suspended": 1}]
        await pilot.press("u")  # ...so the suspend is undone, not the grade before it
        assert app.store.query(innervation) == [{"suspended": 0}]
        assert [r["quality"] for r in reviews(app)] == [4, 4]
        assert "Muscle 4" in text_of(app, "#card-front")

        await pilot.press("space", "0")  # wrong: it comes back within the session
        assert "1 learning" in text_of(app, "#remaining")
        assert "which muscle runs" in text_of(app, "#card-front").lower()

        await pilot.press("escape")
        assert isinstance(app.screen, SummaryScreen)
        summary = text_of(app, "#summary-body")
        assert "Cards studied   3" in summary
        assert "Answers         3" in summary
        assert "Passed          67%" in summary
        await pilot.press("enter")
        assert isinstance(app.screen, DeckListScreen)
        await settle(pilot)
        table = app.screen.query_one("#decks", DataTable)
        # New: muscles 5, 6, 7, the free cards, and muscle 3 (its buried card's sibling).
        assert [str(cell) for cell in table.get_row_at(0)][1:4] == ["6", "1", "0"]
        assert [r["quality"] for r in reviews(app)] == [4, 4, 0]


async def test_finishing_every_card_shows_the_summary(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("enter")
        for _ in range(9):  # one card of each muscle, and the two free cards
            await pilot.press("space", "5")
        assert isinstance(app.screen, SummaryScreen)
        assert "Due tomorrow    9" in text_of(app, "#summary-body")
        assert len(reviews(app)) == 9


async def test_a_broken_deck_is_listed_and_its_errors_are_one_key_away(tmp_path: Path) -> None:
    app = make_app(tmp_path, broken=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#decks", DataTable)
        assert table.row_count == 2
        assert "broken" in str(table.get_row_at(1)[5])
        await pilot.press("x")
        assert isinstance(app.screen, MessageScreen)
        body = text_of(app, "#message-body")
        assert body.endswith("shoulder.yaml:7:5: unknown key 'orgin' (did you mean 'origin'?)")
        await pilot.press("escape")
        assert isinstance(app.screen, DeckListScreen)
        await pilot.press("down", "enter")  # Enter on the broken deck shows its errors too
        assert isinstance(app.screen, MessageScreen)


async def test_browse_stats_and_help_open_and_close(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)  # searches run in a worker
        assert isinstance(app.screen, BrowseScreen)
        assert app.screen.query_one("#results", DataTable).row_count == 41
        await pilot.click("#search")
        await pilot.press(*"kind:cue")
        await settle(pilot)
        assert app.screen.query_one("#results", DataTable).row_count == 4
        assert "test-deck/muscle-7/cue/runners-lunge" in text_of(app, "#detail-body")
        await pilot.press("escape")
        assert isinstance(app.screen, DeckListScreen)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
        assert "Retention, last 30 days: no answers yet" in text_of(app, "#stats-summary")
        await pilot.press("escape", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, DeckListScreen)


async def test_edit_opens_the_deck_file_at_the_card_line_and_resyncs(tmp_path: Path) -> None:
    # A stand-in editor, named as one that takes +LINE, that records its arguments and
    # fixes a typo in the file.
    editor = tmp_path / "vim"
    editor.write_text(
        "#!/bin/sh\n"
        f'echo "$@" > {tmp_path / "editor-args"}\n'
        'sed -i "s/Origin of Muscle 1/Corrected origin/" "$2"\n',
        encoding="utf-8",
    )
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    app = make_app(tmp_path, editor=str(editor))
    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("enter", "space")
        await pilot.press("e")
        args = (tmp_path / "editor-args").read_text(encoding="utf-8").split()
        assert args == ["+6", str((tmp_path / "decks" / "test-deck.yaml").resolve())]
        screen = app.screen
        assert isinstance(screen, StudyScreen)
        assert screen.session.current is not None
        assert screen.session.current.back == "Corrected origin"
        assert "Muscle 1: where does it originate?" in text_of(app, "#card-front")
        assert reviews(app) == []  # editing answers nothing


async def test_a_database_that_cannot_be_opened_is_a_message_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "study.db").write_text("not a database", encoding="utf-8")
    app = make_app(tmp_path)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MessageScreen)
        assert "not a studytool database" in text_of(app, "#message-body")
        await pilot.press("escape")
    assert (tmp_path / "study.db").read_text(encoding="utf-8") == "not a database"


async def test_the_command_palette_offers_the_apps_actions(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test() as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for title in ("Study all decks", "Browse cards", "Statistics", "Reload decks", "Help"):
            assert title in titles
        await pilot.press("ctrl+p")
        await pilot.press(*"study all")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)


async def test_export_from_the_deck_list_writes_an_apkg(tmp_path: Path) -> None:
    import zipfile

    from textual.widgets import Input

    from studytool.tui.screens.export import ExportScreen

    app = make_app(tmp_path)
    target = tmp_path / "phone.apkg"
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        assert isinstance(app.screen, ExportScreen)
        field = app.screen.query_one("#export-path", Input)
        field.value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        assert "Wrote 41 notes to" in text_of(app, "#export-report")
        assert "41 new, 0 changed" in text_of(app, "#export-report")
        await pilot.press("escape")
        assert isinstance(app.screen, DeckListScreen)
    assert "collection.anki2" in zipfile.ZipFile(target).namelist()


async def test_clicking_a_grade_key_grades_as_its_key_does(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "space")
        await pilot.click("#grade-5")
        assert reviews(app) == [
            {"card_id": "test-deck/muscle-1/origin", "quality": 5, "kind": "new"}
        ]
        assert "Muscle 2: where does it insert?" in text_of(app, "#card-front")


async def test_reload_after_fixing_a_broken_deck_lists_it_with_its_counts(tmp_path: Path) -> None:
    from sample_decks import seven_muscle_deck

    app = make_app(tmp_path, broken=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#decks", DataTable)
        assert "broken" in str(table.get_row_at(1)[5])
        fixed = seven_muscle_deck().replace("id: test-deck", "id: shoulder")
        (tmp_path / "decks" / "shoulder.yaml").write_text(fixed, encoding="utf-8")
        await pilot.press("r")
        await settle(pilot)
        rows = [[str(cell) for cell in table.get_row_at(index)] for index in range(table.row_count)]
        assert [row[0] for row in rows] == ["Test deck", "Test deck"]
        assert all("broken" not in row[5] for row in rows)
        assert "Today: 0 to review, 18 new" in text_of(app, "#deck-status")
        assert "errors" not in text_of(app, "#deck-status")


async def test_suspend_in_browse_twice_brings_the_card_back(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        await pilot.press("ctrl+s")
        (state,) = app.store.db.query(
            "SELECT suspended FROM card_state WHERE card_id = 'test-deck/muscle-1/origin'"
        )
        assert state["suspended"] == 1
        await pilot.press("ctrl+s")  # at once, before the search has run again
        await settle(pilot)
        (state,) = app.store.db.query(
            "SELECT suspended FROM card_state WHERE card_id = 'test-deck/muscle-1/origin'"
        )
        assert state["suspended"] == 0
        table = app.screen.query_one("#results", DataTable)
        assert str(table.get_row_at(0)[4]) == "new"
