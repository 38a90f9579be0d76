"""The `studytool` command line, driven through click's CliRunner."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from sample_decks import seven_muscle_deck

from studytool.cli import cli
from studytool.core.deck_loading import load_deck

TYPO_DECK = """\
id: typo-deck
title: Typos
muscles:
  - id: psoas-major
    name: Psoas major
    region: hip
    orgin: T12-L4
    insertion: Lesser trochanter
    actions: [Flexes the hip]
"""


pytestmark = pytest.mark.usefixtures("isolated_user_dir")


def test_validate_prints_a_summary_per_valid_deck(
    runner: CliRunner, write_deck: Callable[..., Path]
) -> None:
    path = write_deck(seven_muscle_deck())
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "test-deck: 7 muscles, 41 cards\n"


def test_validate_reports_errors_like_a_compiler_and_exits_1(
    runner: CliRunner, write_deck: Callable[..., Path]
) -> None:
    good = write_deck(seven_muscle_deck(), "good.yaml")
    bad = write_deck(TYPO_DECK, "bad.yaml")
    result = runner.invoke(cli, ["validate", str(good), str(bad)])
    assert result.exit_code == 1
    assert result.stdout == "test-deck: 7 muscles, 41 cards\n"
    assert result.stderr.splitlines() == [
        f"{bad}:7:5: unknown key 'orgin' (did you mean 'origin'?)",
        "1 error in 1 deck; 1 deck ok",
    ]


def test_validate_a_folder_finds_decks_recursively(
    runner: CliRunner, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    write_deck(seven_muscle_deck(), "decks/a.yaml")
    write_deck(seven_muscle_deck().replace("id: test-deck", "id: other"), "decks/sub/b.yml")
    write_deck("not: a deck", "decks/.hidden/c.yaml")
    (tmp_path / "decks" / "notes.txt").write_text("ignored")
    result = runner.invoke(cli, ["validate", str(tmp_path / "decks")])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "test-deck: 7 muscles, 41 cards",
        "other: 7 muscles, 41 cards",
    ]


def test_validate_json_has_the_documented_shape(
    runner: CliRunner, write_deck: Callable[..., Path]
) -> None:
    good = write_deck(seven_muscle_deck(), "good.yaml")
    bad = write_deck(TYPO_DECK, "bad.yaml")
    result = runner.invoke(cli, ["validate", "--json", str(good), str(bad)])
    assert result.exit_code == 1
    assert json.loads(result.stdout) == {
        "decks": [
            {"path": str(good), "id": "test-deck", "cards": 41, "errors": [], "warnings": []},
            {
                "path": str(bad),
                "id": "typo-deck",
                "cards": 0,
                "errors": [
                    {
                        "line": 7,
                        "column": 5,
                        "message": "unknown key 'orgin' (did you mean 'origin'?)",
                    },
                ],
                "warnings": [],
            },
        ]
    }


def test_validate_json_exits_0_when_all_decks_are_valid(
    runner: CliRunner, write_deck: Callable[..., Path]
) -> None:
    result = runner.invoke(cli, ["validate", "--json", str(write_deck(seven_muscle_deck()))])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["decks"][0]["cards"] == 41


def test_validate_without_paths_checks_bundled_and_user_decks(
    runner: CliRunner, isolated_user_dir: Path
) -> None:
    user_decks = isolated_user_dir / "studytool" / "decks"
    user_decks.mkdir(parents=True)
    (user_decks / "mine.yaml").write_text(TYPO_DECK, encoding="utf-8")
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 1
    assert "psoas-and-deep-core: 8 muscles," in result.stdout
    assert "hip-and-pelvis: " in result.stdout
    assert f"{user_decks / 'mine.yaml'}:7:5: unknown key 'orgin'" in result.stderr


def test_validate_bundled_decks_alone_succeeds(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_validate_rejects_a_path_that_does_not_exist(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["validate", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


def test_validate_an_empty_folder_says_so(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["validate", str(tmp_path)])
    assert result.exit_code == 1
    assert "no deck files (*.yaml, *.yml) found" in result.stderr


def test_schema_is_printed_and_written(runner: CliRunner, tmp_path: Path) -> None:
    printed = runner.invoke(cli, ["schema"])
    assert printed.exit_code == 0
    schema = json.loads(printed.stdout)
    assert schema["title"] == "studytool deck"
    assert set(schema["required"]) == {"id", "title"}
    target = tmp_path / "deck.schema.json"
    written = runner.invoke(cli, ["schema", "-o", str(target)])
    assert written.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8")) == schema


def test_new_deck_writes_a_starter_that_validates(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["new-deck", "shoulder-girdle"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "shoulder-girdle.yaml"
    loaded = load_deck(path)
    assert loaded.ok, loaded.errors
    assert loaded.deck is not None
    assert loaded.deck.id == "shoulder-girdle"
    assert loaded.deck.title == "Shoulder girdle"
    assert "# yaml-language-server: $schema=" in path.read_text(encoding="utf-8")
    checked = runner.invoke(cli, ["validate", str(path)])
    assert checked.stdout == "shoulder-girdle: 1 muscle, 8 cards\n"


def test_new_deck_never_overwrites_without_force(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "mine.yaml"
    target.write_text("my precious work", encoding="utf-8")
    refused = runner.invoke(cli, ["new-deck", "mine", "-o", str(target)])
    assert refused.exit_code == 1
    assert "already exists; use --force" in refused.stderr
    assert target.read_text(encoding="utf-8") == "my precious work"
    forced = runner.invoke(cli, ["new-deck", "mine", "-o", str(target), "--force"])
    assert forced.exit_code == 0
    assert load_deck(target).ok


def test_new_deck_rejects_an_id_that_is_not_a_slug(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["new-deck", "My Deck", "-o", str(tmp_path / "x.yaml")])
    assert result.exit_code == 2
    assert "lowercase letters, digits and single hyphens" in result.stderr
    assert not (tmp_path / "x.yaml").exists()


def test_new_deck_into_a_missing_folder_is_a_clear_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["new-deck", "x", "-o", str(tmp_path / "no" / "x.yaml")])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: cannot write")
    assert "Traceback" not in result.output


def test_cards_shows_what_a_deck_turns_into(
    runner: CliRunner, write_deck: Callable[..., Path]
) -> None:
    path = write_deck(seven_muscle_deck())
    result = runner.invoke(cli, ["cards", str(path), "--kind", "cue"])
    assert result.exit_code == 0
    assert result.stdout.count("[cue, line") == 4
    assert "Q: Bridge — muscle 7: what does the pose do to it" in result.stdout
    assert "A: Strengthens it.\n   Cue: Press through the heels." in result.stdout


def test_no_subcommand_shows_decks_and_help(runner: CliRunner) -> None:
    result = runner.invoke(cli, [])
    assert result.exit_code == 0
    assert "psoas-and-deep-core: 8 muscles" in result.stdout
    assert "Commands:" in result.stdout


def _commands() -> list[str]:
    return sorted(cli.commands)


@pytest.mark.parametrize("command", _commands())
def test_every_command_has_help(runner: CliRunner, command: str) -> None:
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert isinstance(cli.commands[command], click.Command)
    help_text = cli.commands[command].help
    assert help_text
    assert help_text.splitlines()[0] in result.stdout


def test_validate_survives_a_symlink_loop_and_counts_each_file_once(
    runner: CliRunner, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    write_deck(seven_muscle_deck(), "decks/a.yaml")
    (tmp_path / "decks" / "loop").symlink_to(tmp_path / "decks")
    result = runner.invoke(
        cli, ["validate", str(tmp_path / "decks"), str(tmp_path / "decks" / "a.yaml")]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "test-deck: 7 muscles, 41 cards\n"


def test_due_syncs_decks_into_the_database_named_by_db(
    runner: CliRunner, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    deck = write_deck(seven_muscle_deck())
    database = tmp_path / "mine.db"
    result = runner.invoke(cli, ["--db", str(database), "due", "--decks", str(deck)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "deck         new  learning    due   cards",
        "Test deck      9         0      0      41",  # one card a muscle a day: 7 + 2 free
    ]
    assert database.exists()


def test_studytool_db_environment_variable_picks_the_database(
    runner: CliRunner, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    database = tmp_path / "from-env.db"
    deck = write_deck(seven_muscle_deck())
    result = runner.invoke(cli, ["due", "--decks", str(deck)], env={"STUDYTOOL_DB": str(database)})
    assert result.exit_code == 0, result.output
    assert database.exists()
    assert f"database: {database}" in result.stderr


def test_default_database_lives_in_the_user_data_folder(
    runner: CliRunner, write_deck: Callable[..., Path], isolated_user_dir: Path
) -> None:
    result = runner.invoke(cli, ["due", "--decks", str(write_deck(seven_muscle_deck()))])
    assert result.exit_code == 0, result.output
    assert (isolated_user_dir / "studytool" / "studytool.db").exists()


def test_a_file_that_is_not_a_database_is_an_error_without_traceback(
    runner: CliRunner, tmp_path: Path
) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes", encoding="utf-8")
    result = runner.invoke(cli, ["--db", str(notes), "leeches"])
    assert result.exit_code == 1
    assert "is not a studytool database" in result.stderr
    assert "Traceback" not in result.output
    assert notes.read_text(encoding="utf-8") == "my notes"


def test_leeches_lists_suspended_leeches(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(cli, ["--db", str(tmp_path / "s.db"), "leeches"])
    assert result.exit_code == 0
    assert result.stdout == "no leeches\n"


def test_an_interrupted_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    from studytool.fileio import replacing

    target = tmp_path / "deck.schema.json"
    target.write_text("the old schema", encoding="utf-8")

    def write_half_then_stop() -> None:
        with replacing(target) as temporary:
            temporary.write_text("half of the new", encoding="utf-8")
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_half_then_stop()
    assert target.read_text(encoding="utf-8") == "the old schema"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.schema.json"]


def test_written_files_get_ordinary_permissions(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "new.yaml"
    assert runner.invoke(cli, ["new-deck", "new", "-o", str(target)]).exit_code == 0
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    import os

    current = os.umask(0)
    os.umask(current)
    return current


def test_due_shows_the_decks_again_on_a_second_run(
    runner: CliRunner, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    deck = write_deck(seven_muscle_deck())
    arguments = ["--db", str(tmp_path / "d.db"), "due", "--decks", str(deck)]
    first = runner.invoke(cli, arguments)
    second = runner.invoke(cli, arguments)
    assert first.stdout == second.stdout
    assert "Test deck" in second.stdout
