"""The app tried as an attacker would: hostile searches, editor settings and text.

Each test drives the real app with Pilot on a real database file; notices are shown
(`notifications=True`), so a notice that cannot be drawn fails the test too.
"""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import DataTable, Input, Static
from tui_helpers import make_app, settle

from studytool.core.search_syntax import SearchTooLong, parse_query
from studytool.tui.screens.browse import BrowseScreen
from studytool.tui.screens.deck_list import DeckListScreen
from studytool.tui.screens.message import MessageScreen
from studytool.tui.screens.study import StudyScreen

TITLE_ESCAPE = "\x1b]0;pwned\x07"  # would retitle the terminal window


def text_of(app: App[None], selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def errors(app: App[None]) -> list[str]:
    """The error notices the app has shown."""
    return [n.message for n in app._notifications if n.severity == "error"]


def write_sql(app: App[None], sql: str, params: tuple[object, ...] = ()) -> None:
    """Change the database behind the app's back, as an old or tampered file would be."""
    with app.store.write() as conn:  # type: ignore[attr-defined]
        conn.execute(sql, params)


# -- browse


def test_a_search_at_the_limits_runs_and_one_over_is_refused() -> None:
    assert len(parse_query(" ".join(["psoas"] * 30)).words) == 30
    assert parse_query("x" * 500).words == ("x" * 500,)
    with pytest.raises(SearchTooLong, match="at most 30 words, 500 characters"):
        parse_query(" ".join(["psoas"] * 31))
    with pytest.raises(SearchTooLong):
        parse_query("x" * 501)
    with pytest.raises(SearchTooLong):  # filters count as words
        parse_query(" ".join(["kind:cue"] * 31))


@pytest.mark.parametrize(
    "search",
    [" ".join(["psoas"] * 1000), "x" * 50_000],
    ids=["a-thousand-words", "one-50000-character-word"],
)
async def test_an_over_long_search_is_refused_politely(tmp_path: Path, search: str) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        app.screen.query_one("#search", Input).value = search
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        hint = text_of(app, "#search-hint")
        assert hint == "Search is too long: at most 30 words, 500 characters"
        assert "Search failed" not in hint  # refused before it reached the database
        assert app.screen.query_one("#results", DataTable).row_count == 0
        assert "No cards match" in text_of(app, "#detail-body")
        app.screen.query_one("#search", Input).value = "kind:cue"
        await settle(pilot)
        assert app.screen.query_one("#results", DataTable).row_count == 4
        assert "Search is too long" not in text_of(app, "#search-hint")


async def test_a_search_the_database_refuses_is_a_notice(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        write_sql(app, "ALTER TABLE cards RENAME TO cards_gone")
        await pilot.click("#search")
        await pilot.press(*"psoas")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert "Search failed" in text_of(app, "#search-hint")
        assert app.screen.query_one("#results", DataTable).row_count == 0
        failures = [notice for notice in errors(app) if notice.startswith("Search failed")]
        assert len(failures) == 1  # told once, not at every key typed
        assert "no such table: cards" in failures[0]


# -- the editor key


@pytest.mark.parametrize("setting", ['vim "', 'vim "[/]', "  "])
async def test_an_editor_setting_that_is_no_command_is_a_notice(
    tmp_path: Path, setting: str
) -> None:
    app = make_app(tmp_path, editor=setting)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter", "e")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        assert "Muscle 1: where does it originate?" in text_of(app, "#card-front")
        (notice,) = errors(app)
        assert notice.startswith("Could not start the editor: ")
        assert "cannot be read" in notice or "no editor is set" in notice
        await pilot.press("space", "4")  # the session goes on
        assert "Muscle 2: where does it insert?" in text_of(app, "#card-front")


@pytest.mark.parametrize(
    ("editor", "says"),
    [
        # Under Pilot the app cannot suspend: the branch that runs the editor without it.
        ("no-such-editor --wait", "Could not start the editor: there is no program"),
        ("editor.txt", "is not a program you can run"),
    ],
    ids=["missing-while-the-app-cannot-suspend", "not-a-program"],
)
async def test_an_editor_that_cannot_start_is_a_notice(
    tmp_path: Path, editor: str, says: str
) -> None:
    (tmp_path / "editor.txt").write_text("not a program\n", encoding="utf-8")
    app = make_app(tmp_path, editor=str(tmp_path / editor))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter", "e")
        await pilot.pause()
        assert isinstance(app.screen, StudyScreen)
        (notice,) = errors(app)
        assert says in notice
        assert editor.split()[0] in notice


async def test_an_editor_that_does_not_take_plus_line_gets_the_file_alone(tmp_path: Path) -> None:
    editor = tmp_path / "plain-editor"
    editor.write_text(f'#!/bin/sh\necho "$@" > {tmp_path / "args"}\n', encoding="utf-8")
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    app = make_app(tmp_path, editor=str(editor))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter", "e")
        await pilot.pause()
        assert errors(app) == []
    args = (tmp_path / "args").read_text(encoding="utf-8").split()
    assert args == [str((tmp_path / "decks" / "test-deck.yaml").resolve())]


async def test_an_edit_that_breaks_the_deck_says_how_many_errors_in_words(tmp_path: Path) -> None:
    editor = tmp_path / "vim"  # named as vim, so it is given +LINE FILE
    editor.write_text('#!/bin/sh\necho "colour: red" >> "$2"\n', encoding="utf-8")
    editor.chmod(editor.stat().st_mode | stat.S_IXUSR)
    app = make_app(tmp_path, editor=str(editor))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter", "e")
        await pilot.pause()
        (notice,) = errors(app)
        assert notice.startswith("The deck has 1 error; nothing changed. First: ")
        assert "colour" in notice


# -- text from files and paths


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        (f"Evil{TITLE_ESCAPE}deck", "Evil\\x1b]0;pwned\\x07deck"),
        ("Hips [draft] [/]\nand more", "Hips [draft] [/]\\nand more"),  # no markup either
    ],
)
async def test_a_deck_title_is_shown_as_typed_with_control_characters_escaped(
    tmp_path: Path, title: str, shown: str
) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        write_sql(app, "UPDATE decks SET title = ?", (title,))
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, DeckListScreen)
        cell = app.screen.query_one("#decks", DataTable).get_row_at(0)[0]
        assert str(cell) == shown
        assert "\x1b" not in app.export_screenshot()


async def test_card_text_from_an_old_database_is_shown_escaped(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        write_sql(
            app,
            "UPDATE cards SET front = ?, back = ?, region = ? WHERE id = ?",
            ("Clear\x1b[2J?", "Back\u202eward", "hip\x1b[31m", "test-deck/muscle-1/origin"),
        )
        await pilot.press("enter", "space")
        assert "Clear\\x1b[2J?" in text_of(app, "#card-front")
        assert "Back\\u202eward" in text_of(app, "#card-back")
        assert "hip\\x1b[31m" in text_of(app, "#card-meta")
        await pilot.press("escape", "enter")  # the summary, then back to the deck list
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        assert str(app.screen.query_one("#results", DataTable).get_row_at(0)[0]) == (
            "Clear\\x1b[2J?"
        )
        detail = text_of(app, "#detail-body")
        assert "Clear\\x1b[2J?" in detail
        assert "hip\\x1b[31m" in detail
        assert "\x1b" not in detail


async def test_a_broken_deck_file_is_named_escaped_and_counted_in_words(tmp_path: Path) -> None:
    app = make_app(tmp_path)
    # Not YAML at all, so the deck has no id and its row is named by its file.
    (tmp_path / "decks" / f"bad{TITLE_ESCAPE}.yaml").write_text("id: [\n", encoding="utf-8")
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        row = app.screen.query_one("#decks", DataTable).get_row_at(1)
        assert str(row[0]) == "⚠ bad\\x1b]0;pwned\\x07.yaml"
        assert str(row[5]) == "broken: 1 error (x)"
        status = text_of(app, "#deck-status")
        assert status.endswith(" · 1 deck with errors: press x to see them")
        await pilot.press("x")
        assert isinstance(app.screen, MessageScreen)
        assert "\x1b" not in text_of(app, "#message-body")
        assert "\x1b" not in app.export_screenshot()


async def test_a_database_message_quoting_a_hostile_path_is_shown_escaped(tmp_path: Path) -> None:
    folder = tmp_path / f"evil{TITLE_ESCAPE}"
    folder.mkdir()
    (folder / "study.db").write_text("not a database", encoding="utf-8")
    app = make_app(folder)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, MessageScreen)
        body = text_of(app, "#message-body")
        assert "not a studytool database" in body
        assert "evil\\x1b]0;pwned\\x07" in body
        assert "\x1b" not in body


async def test_export_reports_quote_paths_escaped_and_count_in_words(tmp_path: Path) -> None:
    from studytool.tui.screens.export import ExportScreen

    app = make_app(tmp_path, broken=True)
    target = tmp_path / f"phone{TITLE_ESCAPE}.apkg"
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("e")
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.press("enter")
        await settle(pilot)
        report = text_of(app, "#export-report")
        assert "phone\\x1b]0;pwned\\x07.apkg" in report
        assert "\x1b" not in report
        assert "1 deck with errors was left out" in report
    assert target.exists()


async def test_weakest_muscles_are_shown_as_typed_with_control_characters_escaped(
    tmp_path: Path,
) -> None:
    from studytool.tui.screens.stats import StatsScreen

    app = make_app(tmp_path)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        write_sql(
            app,
            "UPDATE cards SET muscle_name = ? WHERE muscle = 'muscle-1'",
            (f"Evil{TITLE_ESCAPE} [/] muscle",),
        )
        write_sql(app, "UPDATE card_state SET lapses = 3 WHERE card_id LIKE '%/muscle-1/%'")
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StatsScreen)
        table = app.screen.query_one("#weakest", DataTable)
        assert str(table.get_row_at(0)[0]) == "Evil\\x1b]0;pwned\\x07 [/] muscle"
        assert errors(app) == []
