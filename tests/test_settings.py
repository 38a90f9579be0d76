"""Settings: the rules (defaults, allowed values, one table per database), the file in
the user's config folder, and the CLI reading it."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sample_decks import seven_muscle_deck

from studytool.cli import cli
from studytool.cli import common as cli_common
from studytool.cli import group as cli_group
from studytool.core.daily_limits import DailyLimits
from studytool.core.settings import Settings, parse_number, settings_from, with_settings
from studytool.core.study_days import DEFAULT_ROLLOVER_HOUR
from studytool.paths import settings_file
from studytool.settings_file import (
    SettingsFileError,
    database_key,
    load_settings,
    save_settings,
)
from studytool.tui.app import AppConfig, theme_names

DB = "/home/trainee/anatomy.db"


@pytest.fixture
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's config and data folders, inside the test's own folder."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config-home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data-home"))
    monkeypatch.delenv("STUDYTOOL_DB", raising=False)
    return tmp_path / "config-home"


# -- the rules


def test_the_defaults_are_studytools_behaviour_before_settings() -> None:
    settings = Settings()
    assert (settings.new_per_day, settings.reviews_per_day) == (
        DailyLimits().new_per_day,
        DailyLimits().reviews_per_day,
    )
    assert settings.rollover_hour == DEFAULT_ROLLOVER_HOUR == 4
    assert settings.bury_siblings is True
    assert settings.theme == "textual-dark"
    assert settings_from({}, DB) == (Settings(), [])
    config = AppConfig(database=Path("s.db"), deck_paths=(), zone=__import__("datetime").UTC)
    assert config.settings() == Settings()


def test_a_database_table_sets_that_databases_values() -> None:
    document = {
        "theme": "nord",
        "databases": {
            DB: {
                "new_per_day": 5,
                "reviews_per_day": 50,
                "rollover_hour": 0,
                "bury_siblings": False,
            }
        },
    }
    assert settings_from(document, DB, themes=theme_names()) == (
        Settings(5, 50, 0, False, "nord"),
        [],
    )


def test_each_database_has_its_own_limits_and_shares_the_theme() -> None:
    document = {
        "theme": "gruvbox",
        "databases": {
            "/courses/anatomy.db": {"new_per_day": 5},
            "/courses/kinesiology.db": {"new_per_day": 40, "rollover_hour": 2},
        },
    }
    anatomy, _ = settings_from(document, "/courses/anatomy.db")
    kinesiology, _ = settings_from(document, "/courses/kinesiology.db")
    other, _ = settings_from(document, "/courses/new.db")
    assert (anatomy.new_per_day, anatomy.rollover_hour, anatomy.theme) == (5, 4, "gruvbox")
    assert (kinesiology.new_per_day, kinesiology.rollover_hour) == (40, 2)
    assert other == Settings(theme="gruvbox")


TABLE = '[databases."/home/trainee/anatomy.db"]'


@pytest.mark.parametrize(
    ("document", "message"),
    [
        pytest.param(
            {"databases": {DB: {"new_per_day": "lots"}}},
            f"settings.toml: in {TABLE}, new_per_day must be a whole number from 0 to 9999,"
            " not 'lots'; using 20",
            id="new_per_day-text",
        ),
        pytest.param(
            {"databases": {DB: {"new_per_day": -1}}},
            f"settings.toml: in {TABLE}, new_per_day must be a whole number from 0 to 9999,"
            " not -1; using 20",
            id="new_per_day-negative",
        ),
        pytest.param(
            {"databases": {DB: {"reviews_per_day": 10000}}},
            f"settings.toml: in {TABLE}, reviews_per_day must be a whole number from 0 to 9999,"
            " not 10000; using 200",
            id="reviews_per_day-too-many",
        ),
        pytest.param(
            {"databases": {DB: {"reviews_per_day": 2.5}}},
            f"settings.toml: in {TABLE}, reviews_per_day must be a whole number from 0 to 9999,"
            " not 2.5; using 200",
            id="reviews_per_day-fraction",
        ),
        pytest.param(
            {"databases": {DB: {"rollover_hour": 24}}},
            f"settings.toml: in {TABLE}, rollover_hour must be a whole number from 0 to 23,"
            " not 24; using 4",
            id="rollover_hour-24",
        ),
        pytest.param(
            {"databases": {DB: {"rollover_hour": True}}},
            f"settings.toml: in {TABLE}, rollover_hour must be a whole number from 0 to 23,"
            " not true; using 4",
            id="rollover_hour-bool",
        ),
        pytest.param(
            {"databases": {DB: {"bury_siblings": "yes"}}},
            f"settings.toml: in {TABLE}, bury_siblings must be true or false, not 'yes';"
            " using true",
            id="bury_siblings-text",
        ),
        pytest.param(
            {"databases": {DB: {"new_perday": 5}}},
            f"settings.toml: in {TABLE}, 'new_perday' is not a setting (did you mean"
            " 'new_per_day'? the settings here are new_per_day, reviews_per_day,"
            " rollover_hour, bury_siblings); ignored",
            id="unknown-database-key",
        ),
        pytest.param(
            {"databases": {DB: 20}},
            f"settings.toml: in {TABLE}, the settings must be a table, not 20",
            id="database-not-a-table",
        ),
        pytest.param(
            {"databases": "all"},
            "settings.toml: databases must hold a table per database, such as"
            f" {TABLE}, not 'all'; using the defaults",
            id="databases-not-a-table",
        ),
        pytest.param(
            {"new_per_day": 5},
            f"settings.toml: new_per_day belongs in a database's table, such as {TABLE}; ignored",
            id="database-key-at-the-top",
        ),
        pytest.param(
            {"thme": "nord"},
            "settings.toml: 'thme' is not a setting (did you mean 'theme'? the settings"
            " here are theme, databases); ignored",
            id="unknown-top-level-key",
        ),
        pytest.param(
            {"theme": 3},
            "settings.toml: theme must be the name of a theme, such as 'textual-dark',"
            " not 3; using textual-dark",
            id="theme-not-a-name",
        ),
        pytest.param(
            {"theme": "nrod"},
            "settings.toml: theme must be one of the app's themes, not 'nrod'"
            " (did you mean 'nord'?); using textual-dark",
            id="theme-misspelt",
        ),
        pytest.param(
            {"theme": "my own"},
            f"settings.toml: theme must be one of the app's themes ({', '.join(theme_names())}),"
            " not 'my own'; using textual-dark",
            id="theme-unknown",
        ),
    ],
)
def test_each_value_not_allowed_is_named_and_keeps_its_default(
    document: dict[str, Any], message: str
) -> None:
    settings, problems = settings_from(document, DB, themes=theme_names())
    assert problems == [message]
    assert settings == Settings()


def test_good_values_are_kept_beside_bad_ones() -> None:
    document = {"databases": {DB: {"new_per_day": "lots", "reviews_per_day": 80}}}
    settings, problems = settings_from(document, DB)
    assert (settings.new_per_day, settings.reviews_per_day) == (20, 80)
    assert len(problems) == 1


def test_another_databases_mistakes_are_not_this_ones() -> None:
    document = {"databases": {"/other.db": {"new_per_day": "lots"}, DB: {"new_per_day": 9}}}
    assert settings_from(document, DB) == (Settings(new_per_day=9), [])


def test_without_a_list_of_themes_any_name_is_taken() -> None:
    assert settings_from({"theme": "mine"}, DB) == (Settings(theme="mine"), [])


@pytest.mark.parametrize(
    ("key", "text", "value"),
    [
        ("new_per_day", "30", 30),
        ("new_per_day", " 0 ", 0),
        ("new_per_day", "9999", 9999),
        ("new_per_day", "10000", None),
        ("new_per_day", "lots", None),
        ("new_per_day", "", None),
        ("new_per_day", "-3", None),
        ("new_per_day", "2.5", None),
        ("new_per_day", "٣", None),  # an Arabic-Indic digit is not typed as a number here
        ("rollover_hour", "23", 23),
        ("rollover_hour", "24", None),
    ],
)
def test_a_typed_number_is_read_only_when_allowed(key: str, text: str, value: int | None) -> None:
    assert parse_number(key, text) == value


def test_saving_changes_one_databases_table_and_keeps_the_rest() -> None:
    document = {
        "theme": "nord",
        "future_setting": 1,
        "databases": {"/other.db": {"new_per_day": 3}, DB: {"new_per_day": 5, "mine": "x"}},
    }
    saved = with_settings(document, DB, Settings(new_per_day=7, theme="gruvbox"))
    assert saved == {
        "theme": "gruvbox",
        "future_setting": 1,
        "databases": {
            "/other.db": {"new_per_day": 3},
            DB: {
                "new_per_day": 7,
                "reviews_per_day": 200,
                "rollover_hour": 4,
                "bury_siblings": True,
                "mine": "x",
            },
        },
    }


# -- the file


def test_the_settings_file_is_in_the_users_config_folder(config_home: Path) -> None:
    assert settings_file() == config_home / "studytool" / "settings.toml"


def test_no_file_means_the_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "settings.toml", tmp_path / "s.db") == (Settings(), [])


def test_a_saved_file_reads_back_and_explains_itself(tmp_path: Path) -> None:
    path = tmp_path / "config" / "studytool" / "settings.toml"  # folders made as needed
    database = tmp_path / "s.db"
    settings = Settings(new_per_day=12, reviews_per_day=99, rollover_hour=3, bury_siblings=False)
    save_settings(path, database, settings)
    assert load_settings(path, database) == (settings, [])
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# studytool's settings.")
    assert "#   new_per_day      new cards a day, per deck (0-9999, default 20)" in text
    assert f'[databases."{database_key(database)}"]\nnew_per_day = 12\n' in text
    assert tomllib.loads(text)["theme"] == "textual-dark"


def test_two_databases_keep_their_own_limits_in_one_file(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    anatomy, kinesiology = tmp_path / "anatomy.db", tmp_path / "kinesiology.db"
    save_settings(path, anatomy, Settings(new_per_day=5))
    save_settings(path, kinesiology, Settings(new_per_day=40, theme="nord"))
    assert load_settings(path, anatomy)[0] == Settings(new_per_day=5, theme="nord")
    assert load_settings(path, kinesiology)[0] == Settings(new_per_day=40, theme="nord")


def test_one_database_named_two_ways_has_one_table(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "courses").mkdir()
    (tmp_path / "link").symlink_to(tmp_path / "courses")
    path = tmp_path / "settings.toml"
    save_settings(path, tmp_path / "courses" / "s.db", Settings(new_per_day=6))
    monkeypatch.chdir(tmp_path)
    assert load_settings(path, Path("link/s.db"))[0].new_per_day == 6


def test_a_hand_edited_mistake_names_the_file_and_keeps_the_other_values(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    database = tmp_path / "s.db"
    path.write_text(
        f'[databases."{database_key(database)}"]\nnew_per_day = "lots"\nreviews_per_day = 80\n',
        encoding="utf-8",
    )
    settings, problems = load_settings(path, database)
    assert settings == Settings(reviews_per_day=80)
    assert problems == [
        f'{path}: in [databases."{database_key(database)}"], new_per_day must be a whole'
        " number from 0 to 9999, not 'lots'; using 20"
    ]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        pytest.param(
            b"new_per_day = = 3\n",
            "is not valid TOML: Invalid value (at line 1, column 15); using the default settings",
            id="not-toml",
        ),
        pytest.param(
            b'theme = "\xff"\n',
            "is not UTF-8 text; using the default settings",
            id="not-utf8",
        ),
    ],
)
def test_a_file_that_cannot_be_parsed_gives_the_defaults(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes(content)
    assert load_settings(path, tmp_path / "s.db") == (Settings(), [f"{path} {problem}"])


@pytest.mark.parametrize("make", [Path.mkdir, os.mkfifo], ids=["folder", "fifo"])
def test_something_else_in_place_of_the_file_gives_the_defaults(
    tmp_path: Path, make: Callable[[Path], None]
) -> None:
    path = tmp_path / "settings.toml"
    make(path)
    settings, problems = load_settings(path, tmp_path / "s.db")  # a FIFO is not waited on
    assert settings == Settings()
    assert problems == [f"cannot read {path}: it is not a file; using the default settings"]


def test_an_unreadable_file_gives_the_defaults(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("theme = 'nord'\n", encoding="utf-8")

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "open", refuse)
    settings, problems = load_settings(path, tmp_path / "s.db")
    assert settings == Settings()
    assert problems == [f"cannot read {path}: Permission denied; using the default settings"]


def test_saving_over_a_file_that_cannot_be_parsed_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("my notes, not TOML\n", encoding="utf-8")
    with pytest.raises(SettingsFileError, match="is not valid TOML"):
        save_settings(path, tmp_path / "s.db", Settings(new_per_day=3))
    assert path.read_text(encoding="utf-8") == "my notes, not TOML\n"


# -- the CLI


def _write_settings(database: Path, text: str) -> None:
    path = settings_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'[databases."{database_key(database)}"]\n{text}', encoding="utf-8")


def _new_today(runner: CliRunner, database: Path, deck: Path) -> int:
    """The `new` column of `due`'s one deck line."""
    result = runner.invoke(cli, ["--db", str(database), "due", "--decks", str(deck)])
    assert result.exit_code == 0, result.output
    header, line = result.stdout.splitlines()
    assert header.split() == ["deck", "new", "learning", "due", "cards"]
    return int(line.split()[-4])


@pytest.mark.usefixtures("config_home")
def test_due_counts_with_the_databases_limits(
    runner: CliRunner, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    deck = write_deck(seven_muscle_deck())
    anatomy, other = tmp_path / "anatomy.db", tmp_path / "other.db"
    before = _new_today(runner, anatomy, deck)
    assert before > 3
    _write_settings(anatomy, "new_per_day = 3\n")
    assert _new_today(runner, anatomy, deck) == 3
    assert _new_today(runner, other, deck) == before


@pytest.mark.usefixtures("config_home")
def test_due_counts_siblings_as_the_database_says(
    runner: CliRunner, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    deck = write_deck(seven_muscle_deck())
    buried, not_buried = tmp_path / "buried.db", tmp_path / "not-buried.db"
    _write_settings(not_buried, "bury_siblings = false\n")
    # 7 muscles and 2 free cards: one card a muscle, or the day's 20 new cards
    assert (_new_today(runner, buried, deck), _new_today(runner, not_buried, deck)) == (9, 20)


@pytest.mark.usefixtures("config_home")
def test_due_opens_the_store_with_the_databases_rollover_hour(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studytool.storage import Store

    database = tmp_path / "s.db"
    _write_settings(database, "rollover_hour = 2\n")
    opened: list[int] = []
    real_open = Store.open

    def spy(path: Path, **options: Any) -> Store:
        store = real_open(path, **options)
        opened.append(store.rollover_hour)
        return store

    monkeypatch.setattr(Store, "open", spy)
    result = runner.invoke(cli, ["--db", str(database), "due", "--decks", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert opened == [2]


@pytest.mark.usefixtures("config_home")
def test_due_with_a_bad_settings_file_says_so_and_uses_the_defaults(
    runner: CliRunner, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    deck = write_deck(seven_muscle_deck())
    database = tmp_path / "s.db"
    default = _new_today(runner, tmp_path / "default.db", deck)
    _write_settings(database, 'new_per_day = "lots"\nreviews_per_day = 80\n')
    result = runner.invoke(cli, ["--db", str(database), "due", "--decks", str(deck)])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert _new_today(runner, database, deck) == default
    assert (
        f'{settings_file()}: in [databases."{database_key(database)}"], new_per_day must be'
        " a whole number from 0 to 9999, not 'lots'; using 20\n"
    ) in result.stderr


@pytest.mark.usefixtures("config_home")
def test_due_with_a_broken_settings_file_still_runs(
    runner: CliRunner, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    settings_file().parent.mkdir(parents=True)
    settings_file().write_text("[databases\n", encoding="utf-8")
    deck = write_deck(seven_muscle_deck())
    result = runner.invoke(cli, ["--db", str(tmp_path / "s.db"), "due", "--decks", str(deck)])
    assert result.exit_code == 0, result.output
    assert f"{settings_file()} is not valid TOML" in result.stderr
    assert "Traceback" not in result.output


def test_a_control_character_in_the_file_is_shown_escaped(
    runner: CliRunner, tmp_path: Path, config_home: Path
) -> None:
    settings_file().parent.mkdir(parents=True)
    settings_file().write_text('theme = 1\n"\\u001b]0;owned\\u0007" = 2\n', encoding="utf-8")
    result = runner.invoke(cli, ["--db", str(tmp_path / "s.db"), "due", "--decks", str(tmp_path)])
    assert "\x1b" not in result.stderr
    assert "'\\x1b]0;owned\\x07' is not a setting" in result.stderr


def test_the_app_starts_with_the_databases_settings_and_their_problems(
    tmp_path: Path, config_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "s.db"
    path = settings_file()
    path.parent.mkdir(parents=True)
    path.write_text(
        f'theme = "nord"\n[databases."{database_key(database)}"]\n'
        "new_per_day = 9\nreviews_per_day = 90\nrollover_hour = 1\nbury_siblings = false\n"
        '[databases."/elsewhere.db"]\nnew_per_day = 1\n',
        encoding="utf-8",
    )
    started: list[AppConfig] = []

    class Started:
        def run(self) -> None:
            pass

    def fake_open_app(config: AppConfig) -> Started:
        started.append(config)
        return Started()

    monkeypatch.setattr("studytool.tui.app.open_app", fake_open_app)
    cli_group._run_app(cli_common.Invocation(database, (tmp_path,)))
    (config,) = started
    assert config.settings() == Settings(9, 90, 1, False, "nord")
    assert config.settings_file == path
    assert config.settings_problems == ()

    path.write_text('theme = "nrod"\n', encoding="utf-8")
    cli_group._run_app(cli_common.Invocation(database, (tmp_path,)))
    assert started[-1].settings() == Settings()
    (problem,) = started[-1].settings_problems
    assert problem == (
        f"{path}: theme must be one of the app's themes, not 'nrod' (did you mean 'nord'?);"
        " using textual-dark"
    )


def test_the_readmes_example_is_a_good_settings_file() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("### Settings", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    document = tomllib.loads(example)
    (database,) = document["databases"]
    settings, problems = settings_from(document, database, themes=theme_names())
    assert problems == []
    assert settings == Settings(10, 100, 4, True, "nord")
