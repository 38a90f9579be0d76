"""The settings screen, driven by Pilot: what saving changes (the file, the running app,
the deck list's counts), what Esc and a value not allowed leave alone, the theme, and
the command palette."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from pathlib import Path
from typing import cast

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static, Switch
from tui_helpers import make_app, settle

from studytool.core.settings import Settings
from studytool.settings_file import database_key, load_settings
from studytool.tui.app import StudyApp, open_app, theme_names
from studytool.tui.screens.browse import BrowseScreen
from studytool.tui.screens.deck_list import DeckListScreen
from studytool.tui.screens.settings import SettingsScreen
from studytool.tui.screens.study import StudyScreen

SIZE = (100, 34)


@pytest.fixture(autouse=True)
def user_folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's config and data folders, inside the test's own folder: nothing here
    reads or writes the real ones."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    return tmp_path / "config-home"


def settings_app(folder: Path, **config: object) -> StudyApp:
    """The sample app, saving its settings to `folder`/settings.toml, with changes to
    its configuration."""
    sample = cast(StudyApp, make_app(folder))
    sample.store.close()
    changed = replace(sample.config, settings_file=folder / "settings.toml", **config)
    return cast(StudyApp, open_app(changed))


def saved(folder: Path) -> dict[str, object]:
    text = (folder / "settings.toml").read_text(encoding="utf-8")
    document = tomllib.loads(text)
    return cast(dict[str, object], document["databases"][database_key(folder / "study.db")])


def notices(app: StudyApp) -> list[str]:
    """The notices the app has shown (drawn, in tests run with `notifications=True`)."""
    return [f"{n.title}: {n.message}" for n in app._notifications]


def hint(app: StudyApp, key: str) -> Static:
    return app.screen.query_one(f"#{key}-hint", Static)


def status(app: StudyApp) -> str:
    return str(app.screen.query_one("#deck-status", Static).render())


async def open_settings(pilot: Pilot[None]) -> SettingsScreen:
    await settle(pilot)
    await pilot.press("comma")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen


async def test_saving_new_cards_per_day_writes_the_file_and_the_deck_list_counts_with_it(
    tmp_path: Path,
) -> None:
    app = settings_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        before = status(app)
        assert before.startswith("Today: 0 to review, ")
        assert before != "Today: 0 to review, 3 new"
        screen = await open_settings(pilot)
        field = screen.query_one("#new-per-day", Input)
        assert screen.focused is field
        assert field.value == "20"
        await pilot.press("3")  # the value is selected on focus: typing replaces it
        assert field.value == "3"
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert isinstance(app.screen, DeckListScreen)
        assert saved(tmp_path)["new_per_day"] == 3
        assert app.config.new_per_day == 3
        assert status(app) == "Today: 0 to review, 3 new"

        await pilot.press("a")  # and the next session
        await settle(pilot)
        assert isinstance(app.screen, StudyScreen)
        assert len(app.screen.session.queue) == 3


async def test_every_setting_is_saved_and_used_at_once(tmp_path: Path) -> None:
    app = settings_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#reviews-per-day", Input).value = "80"
        screen.query_one("#rollover-hour", Input).value = "2"
        await pilot.press("down", "down", "down")  # to the sibling switch
        assert screen.focused is screen.query_one("#bury-siblings", Switch)
        await pilot.press("space")
        await pilot.press("enter")  # Enter on the switch toggles it back...
        await pilot.press("space")  # ...and Space again
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert saved(tmp_path) == {
            "new_per_day": 20,
            "reviews_per_day": 80,
            "rollover_hour": 2,
            "bury_siblings": False,
        }
        assert app.config.settings() == Settings(20, 80, 2, False)
        assert app.store.rollover_hour == 2
        assert load_settings(tmp_path / "settings.toml", tmp_path / "study.db") == (
            Settings(20, 80, 2, False),
            [],
        )


async def test_enter_in_a_number_saves(tmp_path: Path) -> None:
    app = settings_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await pilot.press("down", "4", "0", "enter")
        await settle(pilot)
        assert isinstance(app.screen, DeckListScreen)
        assert saved(tmp_path)["reviews_per_day"] == 40


async def test_a_value_not_allowed_is_explained_under_its_field_and_nothing_is_saved(
    tmp_path: Path,
) -> None:
    app = settings_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#new-per-day", Input).value = "10"
        await pilot.press("down", *"lots", "down", "2", "4", "ctrl+s")
        await settle(pilot)

        assert app.screen is screen
        assert str(hint(app, "reviews-per-day").render()) == (
            "Must be a whole number from 0 to 9999, not 'lots'"
        )
        assert str(hint(app, "rollover-hour").render()) == (
            "Must be a whole number from 0 to 23, not '24'"
        )
        assert hint(app, "reviews-per-day").has_class("problem")
        assert not hint(app, "new-per-day").has_class("problem")
        assert screen.focused is screen.query_one("#reviews-per-day", Input)  # the first bad one
        assert not (tmp_path / "settings.toml").exists()
        assert app.config.settings() == Settings()

        field = screen.query_one("#reviews-per-day", Input)
        field.value = ""
        await pilot.press("ctrl+s")
        assert str(hint(app, "reviews-per-day").render()) == ("Type a whole number from 0 to 9999")
        await pilot.press("9")  # put right: the explanation goes as it is typed
        await pilot.pause()
        assert str(hint(app, "reviews-per-day").render()) == "0 to 9999; default 200"
        assert not hint(app, "reviews-per-day").has_class("problem")


async def test_escape_goes_back_without_saving(tmp_path: Path) -> None:
    app = settings_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        await pilot.press("5", "down", "down", "down", "space")
        assert screen.query_one("#new-per-day", Input).value == "5"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DeckListScreen)
        assert not (tmp_path / "settings.toml").exists()
        assert app.config.settings() == Settings()

        screen = await open_settings(pilot)  # opened again, it shows what is in force
        assert screen.query_one("#new-per-day", Input).value == "20"
        assert screen.query_one("#bury-siblings", Switch).value is True


async def test_the_theme_changes_as_it_is_chosen_and_esc_puts_it_back(tmp_path: Path) -> None:
    app = settings_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        assert app.theme == "textual-dark"
        await pilot.press("down", "down", "down", "down", "down", "down")
        assert screen.focused is screen.query_one("#theme", Select)
        await pilot.press("enter", "down", "enter")  # open the list, the next theme, pick
        await settle(pilot)
        assert app.theme == theme_names()[1] == "textual-light"
        assert app.screen is screen
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DeckListScreen)
        assert app.theme == "textual-dark"
        assert not (tmp_path / "settings.toml").exists()


async def test_a_saved_theme_stays_and_is_written(tmp_path: Path) -> None:
    app = settings_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_settings(pilot)
        screen.query_one("#theme", Select).value = "nord"
        await settle(pilot)
        assert app.theme == "nord"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.theme == app.config.theme == "nord"
        text = (tmp_path / "settings.toml").read_text(encoding="utf-8")
        assert tomllib.loads(text)["theme"] == "nord"


async def test_the_app_starts_in_the_configured_theme(tmp_path: Path) -> None:
    app = settings_app(tmp_path, theme="gruvbox")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "gruvbox"
        assert app.current_theme.name == "gruvbox"


async def test_the_store_opens_with_the_databases_rollover_hour(tmp_path: Path) -> None:
    app = settings_app(tmp_path, rollover_hour=2)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.store.rollover_hour == 2


async def test_a_theme_textual_does_not_have_leaves_textuals_default(tmp_path: Path) -> None:
    app = settings_app(tmp_path, theme="no-such-theme")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"


async def test_a_hand_edited_mistake_is_a_notice_and_the_app_starts_with_the_defaults(
    tmp_path: Path,
) -> None:
    path = tmp_path / "settings.toml"
    database = tmp_path / "study.db"
    path.write_text(
        f'theme = "nrod"\n[databases."{database_key(database)}"]\nnew_per_day = "lots"\n',
        encoding="utf-8",
    )
    settings, problems = load_settings(path, database, themes=theme_names())
    assert len(problems) == 2
    app = settings_app(tmp_path, settings_problems=tuple(problems))
    app.apply_settings(settings)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DeckListScreen)
        assert app.theme == "textual-dark"
        assert status(app).startswith("Today: 0 to review,")
        toasts = notices(app)
        assert toasts == ["Settings file: " + "\n".join(problems)]
        assert "new_per_day must be a whole number from 0 to 9999, not 'lots'" in toasts[0]


async def test_saving_over_a_file_that_cannot_be_parsed_says_why_and_writes_nothing(
    tmp_path: Path,
) -> None:
    (tmp_path / "settings.toml").write_text("theme = \n", encoding="utf-8")
    app = settings_app(tmp_path)
    async with app.run_test(size=(160, 40), notifications=True) as pilot:
        screen = await open_settings(pilot)
        await pilot.press("7", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        assert app.config.new_per_day == 20
        assert (tmp_path / "settings.toml").read_text(encoding="utf-8") == "theme = \n"
        toasts = notices(app)
        assert toasts == [
            f"Settings not saved: {tmp_path / 'settings.toml'} is not valid TOML: Invalid value"
            " (at line 1, column 9)"
        ]


async def test_without_a_settings_file_changes_last_until_quitting(
    tmp_path: Path, user_folders: Path
) -> None:
    app = cast(StudyApp, make_app(tmp_path))  # as tests build it: no settings file
    async with app.run_test(size=SIZE) as pilot:
        await open_settings(pilot)
        await pilot.press("4", "ctrl+s")
        await settle(pilot)
        assert app.config.new_per_day == 4
        assert status(app) == "Today: 0 to review, 4 new"
    assert not user_folders.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["decks", "study.db"]


async def test_f2_and_the_palette_open_the_settings(tmp_path: Path) -> None:
    app = settings_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        assert isinstance(app.screen, SettingsScreen)
        await pilot.press("f2", "comma")  # not a second one on top
        assert len(app.screen_stack) == 2
        await pilot.press("escape")
        (command,) = [c for c in app.get_system_commands(app.screen) if c.title == "Settings"]
        command.callback()
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)


async def test_a_comma_typed_in_a_search_is_a_comma(tmp_path: Path) -> None:
    app = settings_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert isinstance(app.screen, BrowseScreen)
        await pilot.press("a", "comma", "b")
        assert isinstance(app.screen, BrowseScreen)
        assert app.screen.query_one(Input).value == "a,b"


async def test_the_palette_lists_the_apps_commands_not_textuals_screenshot_or_maximize(
    tmp_path: Path,
) -> None:
    app = settings_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#decks", DataTable)
        table.focus()
        await pilot.pause()
        assert table.allow_maximize  # Textual would offer "Maximize" here
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert {"Quit", "Help", "Settings", "Study all decks"} <= set(titles)
        assert not {"Screenshot", "Maximize", "Minimize", "Theme"} & set(titles)

        app.screen.maximize(table)
        await pilot.pause()
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert "Minimize" not in titles

        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"screenshot")
        await settle(pilot)
        shown = " ".join(str(option.prompt) for option in app.screen.query("Option"))
        assert "Screenshot" not in shown


async def test_settings_wait_until_the_session_is_finished(tmp_path: Path) -> None:
    """A session counts its study day and limits from its start: no change midway."""
    app = make_app(tmp_path)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("enter", "comma")
        assert isinstance(app.screen, StudyScreen)
        assert any("Finish the session first" in n.message for n in app._notifications)


async def test_the_scheduler_is_switched_in_the_settings_and_every_answer_replayed(
    tmp_path: Path,
) -> None:
    from tui_helpers import NOW

    from studytool.core.scheduling import SchedulerName

    app = settings_app(tmp_path)
    card = "test-deck/muscle-1/origin"
    app.store.sync(list(app.config.deck_paths), NOW)
    app.store.answer(card, 4, NOW)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        screen = await open_settings(pilot)
        assert screen.query_one("#scheduler", Select).value == "sm2"
        screen.query_one("#scheduler", Select).value = "fsrs"
        screen.query_one("#desired-retention", Input).value = "1.5"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen  # not a retention FSRS allows: nothing changed
        assert str(hint(app, "desired-retention").render()) == (
            "Must be a number from 0.7 to 0.99, not '1.5'"
        )
        assert app.store.scheduling().name is SchedulerName.SM2

        screen.query_one("#desired-retention", Input).value = "85%"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, DeckListScreen)
        scheduling = app.store.scheduling()
        assert scheduling.name is SchedulerName.FSRS
        assert scheduling.fsrs.desired_retention == 0.85
        (answered,) = app.store.cards([card])
        assert answered.schedule.memory is not None  # replayed through FSRS
        assert any("1 answered card rescheduled" in notice for notice in notices(app))

        screen = await open_settings(pilot)  # and back
        screen.query_one("#scheduler", Select).value = "sm2"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.store.scheduling().name is SchedulerName.SM2
        assert app.store.cards([card])[0].schedule.memory is None
