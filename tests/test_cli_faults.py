"""Faults found when the command line was tried as an attacker and as a new user would:
`--decks` for every command, deck ids for export, text that could drive the terminal,
odd databases and ids, closed pipes, and the small papercuts."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

import pytest
from click.testing import CliRunner
from sample_decks import MUSCLE, bundled_card_count, seven_muscle_deck

from studytool.cli import cli
from studytool.paths import bundled_decks_dir
from studytool.storage import Store

ESCAPE = "\x1b]0;pwned\x07"


pytestmark = pytest.mark.usefixtures("isolated_user_dir")


def course(write_deck: Callable[..., Path]) -> Path:
    """A folder holding one deck of a course, `course-deck`, titled "Course"."""
    text = seven_muscle_deck().replace("id: test-deck", "id: course-deck", 1)
    return write_deck(text.replace("title: Test deck", "title: Course", 1), "course/c.yaml").parent


# -- --decks, given to the group, is honoured by every command


def test_group_decks_are_the_decks_of_due(
    runner: CliRunner, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    database = tmp_path / "course.db"
    result = runner.invoke(cli, ["--db", str(database), "--decks", str(course(write_deck)), "due"])
    assert result.exit_code == 0, result.output
    assert [line.split()[0] for line in result.stdout.splitlines()] == ["deck", "Course"]
    with Store.open(database, zone=UTC) as store:
        assert [row["id"] for row in store.db.execute("SELECT id FROM decks")] == ["course-deck"]


def test_a_deck_used_once_with_decks_leaves_the_plain_list(
    runner: CliRunner, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    database = str(tmp_path / "s.db")
    runner.invoke(cli, ["--db", database, "due", "--decks", str(course(write_deck))])
    plain = runner.invoke(cli, ["--db", database, "due"])
    assert plain.exit_code == 0, plain.output
    assert "Course" not in plain.stdout
    assert "Hip and pelvis" in plain.stdout


@pytest.mark.parametrize("command", ["validate", "cards"])
def test_group_decks_are_what_validate_and_cards_read(
    runner: CliRunner, write_deck: Callable[..., Path], command: str
) -> None:
    result = runner.invoke(cli, ["--decks", str(course(write_deck)), command])
    assert result.exit_code == 0, result.output
    assert "course-deck" in result.stdout
    assert "hip-and-pelvis" not in result.stdout


def test_group_decks_are_what_export_writes(
    runner: CliRunner, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    arguments = ["--db", str(tmp_path / "s.db"), "--decks", str(course(write_deck))]
    result = runner.invoke(cli, [*arguments, "export", "-o", str(tmp_path / "x.apkg"), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "studytool::Course: 41 notes (first export)"
    assert "Hip and pelvis" not in result.stdout


def test_leeches_are_those_of_the_decks_in_use(
    runner: CliRunner, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    from conftest import at

    folder = course(write_deck)
    database = tmp_path / "s.db"
    with Store.open(database, zone=at(1).tzinfo) as store:  # type: ignore[arg-type]
        store.sync([folder], at(1))
        card = "course-deck/muscle-1/origin"
        store.conn.execute(
            "UPDATE card_state SET leech = 1, suspended = 1 WHERE card_id = ?", [card]
        )
        store.conn.commit()
    assert (
        "course-deck"
        in runner.invoke(cli, ["--db", str(database), "--decks", str(folder), "leeches"]).stdout
    )
    assert runner.invoke(cli, ["--db", str(database), "leeches"]).stdout == "no leeches\n"


# -- export names decks by their id, never by their file name


def test_export_resolves_a_deck_id_not_a_file_name(
    runner: CliRunner, write_deck: Callable[..., Path], isolated_user_dir: Path, tmp_path: Path
) -> None:
    mine = seven_muscle_deck().replace("id: test-deck", "id: my-hips", 1)
    write_deck(mine, "data-home/studytool/decks/hip-and-pelvis.yaml")
    out = str(tmp_path / "x.apkg")
    arguments = ["--db", str(tmp_path / "s.db"), "export", "-o", out, "--dry-run"]
    bundled = runner.invoke(cli, [*arguments, "hip-and-pelvis"])
    assert bundled.exit_code == 0, bundled.output
    assert bundled.stdout.startswith(
        f"studytool::Hip and pelvis: {bundled_card_count('hip-and-pelvis')} notes"
    )
    user = runner.invoke(cli, [*arguments, "my-hips"])
    assert user.exit_code == 0, user.output
    assert user.stdout.startswith("studytool::Test deck: 41 notes")


def test_a_deck_named_by_its_file_and_its_id_is_a_duplicate_not_two_decks(
    runner: CliRunner, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    copy = write_deck(seven_muscle_deck(), "elsewhere/copy.yaml")
    folder = write_deck(seven_muscle_deck(), "decks/deck.yaml").parent
    out = tmp_path / "x.apkg"
    result = runner.invoke(
        cli, ["--decks", str(folder), "export", "test-deck", str(copy), "-o", str(out)]
    )
    assert result.exit_code == 1
    assert "deck id 'test-deck' is already used by" in result.stderr
    assert not out.exists()


def test_a_folder_without_decks_named_like_a_deck_id_is_that_deck(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "hip-and-pelvis" / "images").mkdir(parents=True)  # the deck's pictures
    arguments = ["--db", "s.db", "export", "hip-and-pelvis", "-o", "x.apkg", "--dry-run"]
    result = runner.invoke(cli, arguments)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        f"studytool::Hip and pelvis: {bundled_card_count('hip-and-pelvis')} notes"
    )


def test_an_unknown_deck_id_lists_the_known_ones(
    runner: CliRunner, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    write_deck(seven_muscle_deck(), "data-home/studytool/decks/my-file-name.yaml")
    result = runner.invoke(cli, ["export", "no-such-deck", "-o", str(tmp_path / "x.apkg")])
    assert result.exit_code == 2
    bundled = sorted(path.stem for path in bundled_decks_dir().glob("*.yaml"))
    assert f"known: {', '.join(sorted([*bundled, 'test-deck']))})" in result.stderr


def test_export_dry_run_says_nothing_was_written(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "x.apkg"
    result = runner.invoke(
        cli, ["--db", str(tmp_path / "s.db"), "export", "-o", str(target), "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == f"dry run: nothing was written to {target}"
    assert not target.exists()


# -- nothing read from a file or a path reaches the terminal raw


def test_a_path_with_escape_codes_is_shown_escaped(
    runner: CliRunner, write_deck: Callable[..., Path]
) -> None:
    bad = write_deck("id: x\ntitle: [\n", f"evil{ESCAPE}.yaml")
    result = runner.invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "\x1b" not in result.output
    assert "\x07" not in result.output
    assert "evil\\x1b]0;pwned\\x07.yaml:" in result.stderr


def test_a_title_in_the_database_is_shown_escaped_by_due(
    runner: CliRunner, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    folder = course(write_deck)
    database = tmp_path / "s.db"
    runner.invoke(cli, ["--db", str(database), "--decks", str(folder), "due"])
    with sqlite3.connect(database) as conn:  # as an older studytool could have stored it
        conn.execute("UPDATE decks SET title = ?", [f"T{ESCAPE}\u202e"])
        conn.execute("UPDATE decks SET file_stamp = file_stamp")  # keep the fast path
    conn.close()
    result = runner.invoke(cli, ["--db", str(database), "--decks", str(folder), "due"])
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output
    assert "\u202e" not in result.output
    assert "T\\x1b]0;pwned\\x07\\u202e" in result.stdout


def test_a_database_path_with_escape_codes_is_shown_escaped(
    runner: CliRunner, tmp_path: Path
) -> None:
    notes = tmp_path / f"n{ESCAPE}.db"
    notes.write_text("not a database", encoding="utf-8")
    result = runner.invoke(cli, ["--db", str(notes), "leeches"])
    assert result.exit_code == 1
    assert "\x1b" not in result.output
    assert "n\\x1b]0;pwned\\x07.db is not a studytool database" in result.stderr


# -- databases and ids


def test_an_empty_db_option_means_the_default_database(
    runner: CliRunner, isolated_user_dir: Path
) -> None:
    for arguments, env in ((["--db", ""], {}), ([], {"STUDYTOOL_DB": ""})):
        result = runner.invoke(cli, [*arguments, "leeches"], env=env)
        assert result.exit_code == 0, result.output
    assert (isolated_user_dir / "studytool" / "studytool.db").exists()


def test_a_database_named_like_an_sqlite_uri_is_that_file(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["--db", "file:new.db", "leeches"])
    assert result.exit_code == 0, result.output
    assert sorted(path.name for path in tmp_path.iterdir() if path.suffix == ".db") == [
        "file:new.db"
    ]


def test_new_deck_refuses_an_overlong_id_without_a_traceback(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(cli, ["new-deck", "a" * 300])
    assert result.exit_code == 2
    assert "up to 64" in result.stderr
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert list(tmp_path.iterdir()) == []


def test_new_deck_with_an_overlong_file_name_is_a_clear_error(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(cli, ["new-deck", "x", "-o", str(tmp_path / ("a" * 300 + ".yaml"))])
    assert result.exit_code == 1
    assert "cannot write" in result.stderr
    assert isinstance(result.exception, SystemExit)


# -- papercuts


def _big_deck() -> str:
    muscles = "".join(MUSCLE.format(id=f"muscle-{n}", name=f"Muscle {n}") for n in range(400))
    return "id: big\ntitle: Big\nmuscles:\n" + muscles


def test_a_closed_pipe_ends_quietly_as_unix_tools_do(write_deck: Callable[..., Path]) -> None:
    """`studytool cards | head -1`: no traceback, the status of a tool a pipe closed on."""
    deck = write_deck(_big_deck())
    command = [sys.executable, "-c", "from studytool.cli import main; main()", "cards", str(deck)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None
    assert process.stderr is not None
    first = process.stdout.readline()
    process.stdout.close()
    errors = process.stderr.read()
    assert process.wait(timeout=60) == 141
    assert first.startswith(b"big/muscle-0/origin")
    assert errors == b""


def test_schema_help_keeps_the_editor_line_whole(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["schema", "--help"], terminal_width=60)
    assert "\n  # yaml-language-server: $schema=deck.schema.json\n" in result.stdout


def test_due_ends_its_table_before_the_database_line(
    write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    """Standard output and error both go to one file: neither runs into the other."""
    folder = tmp_path / "many"
    for number in range(150):  # more table than one write buffer holds
        text = seven_muscle_deck().replace("id: test-deck", f"id: deck-{number}", 1)
        write_deck(text.replace("Test deck", f"Deck number {number}"), f"many/d{number}.yaml")
    command = [sys.executable, "-c", "from studytool.cli import main; main()"]
    command += ["--db", str(tmp_path / "s.db"), "--decks", str(folder), "due"]
    output = subprocess.run(
        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, check=True, timeout=120
    ).stdout.decode()
    lines = output.splitlines()
    assert lines[-1] == f"database: {tmp_path / 's.db'}"
    assert len(lines) == 152
    assert all(line.startswith(("deck ", "Deck number")) for line in lines[:-1])


def test_a_symlink_loop_among_deck_files_is_an_error_not_a_traceback(
    runner: CliRunner, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    folder = write_deck(seven_muscle_deck(), "d/good.yaml").parent
    (folder / "l1.yaml").symlink_to("l2.yaml")
    (folder / "l2.yaml").symlink_to("l1.yaml")
    database = str(tmp_path / "s.db")
    for command in (["due"], ["validate"], ["leeches"], ["cards"]):
        result = runner.invoke(cli, ["--db", database, "--decks", str(folder), *command])
        assert not isinstance(result.exception, RuntimeError), command
        assert "Traceback" not in result.output
        assert result.exit_code in (0, 1), (command, result.output)
    validated = runner.invoke(cli, ["--decks", str(folder), "validate"])
    assert "l1.yaml:1:1:" in validated.stderr


def test_an_image_that_is_a_symlink_loop_is_an_error_not_a_traceback(
    runner: CliRunner, write_deck: Callable[..., Path]
) -> None:
    text = seven_muscle_deck().replace(
        "    innervation: Nerve of Muscle 1\n",
        "    innervation: Nerve of Muscle 1\n    image: loop.png\n",
        1,
    )
    deck = write_deck(text)
    (deck.parent / "loop.png").symlink_to("loop.png")
    result = runner.invoke(cli, ["validate", str(deck)])
    assert result.exit_code == 1
    assert not isinstance(result.exception, RuntimeError)
    assert "loop.png" in result.stderr


def test_leeches_syncs_the_decks_in_use_first(
    runner: CliRunner, write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    """One deck in two folders: the folder used last holds it until the other syncs."""
    here = write_deck(seven_muscle_deck(), "here/deck.yaml").parent
    there = write_deck(seven_muscle_deck(), "there/deck.yaml").parent
    database = tmp_path / "s.db"
    runner.invoke(cli, ["--db", str(database), "--decks", str(here), "due"])
    with sqlite3.connect(database) as conn:
        conn.execute(
            "UPDATE card_state SET leech = 1, suspended = 1 WHERE card_id LIKE '%/muscle-1/origin'"
        )
    conn.close()
    runner.invoke(cli, ["--db", str(database), "--decks", str(there), "due"])
    result = runner.invoke(cli, ["--db", str(database), "--decks", str(here), "leeches"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("test-deck/muscle-1/origin")


@pytest.mark.parametrize("arguments", [["--help"], ["--version"], ["schema", "--help"]])
def test_help_into_a_closed_pipe_ends_quietly(arguments: list[str]) -> None:
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before anything is written
    command = [sys.executable, "-c", "from studytool.cli import main; main()", *arguments]
    try:
        done = subprocess.run(command, stdout=writer, stderr=subprocess.PIPE, timeout=60)
    finally:
        os.close(writer)
    assert (done.returncode, done.stderr) == (141, b"")


@pytest.mark.parametrize(
    ("given", "written"),
    [
        ("deck.apkg", "deck.apkg"),
        ("deck.APKG", "deck.APKG"),
        ("deck", "deck.apkg"),
        ("course.v2", "course.v2.apkg"),
    ],
)
def test_export_adds_the_apkg_ending_without_dropping_the_name(given: str, written: str) -> None:
    from studytool.anki.export import apkg_path

    assert apkg_path(Path(given)) == Path(written)


def test_export_to_a_folder_is_refused_not_written_beside_it(
    runner: CliRunner, tmp_path: Path
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    result = runner.invoke(cli, ["--db", str(tmp_path / "s.db"), "export", "-o", str(folder)])
    assert result.exit_code == 2
    assert "is a directory" in result.stderr
    assert list(tmp_path.glob("out*")) == [folder]


def test_an_image_gone_before_the_export_is_named_not_the_package(
    runner: CliRunner,
    write_deck: Callable[..., Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import studytool.anki.notes as notes

    text = seven_muscle_deck().replace(
        "    innervation: Nerve of Muscle 1\n",
        "    innervation: Nerve of Muscle 1\n    image: psoas.png\n",
        1,
    )
    deck = write_deck(text)
    image = deck.parent / "psoas.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 32)
    planned = notes.plan_export

    def plan_then_lose_the_image(decks):  # type: ignore[no-untyped-def]
        plan = planned(decks)
        image.unlink()  # as if deleted while the export ran
        return plan

    monkeypatch.setattr(notes, "plan_export", plan_then_lose_the_image)
    out = tmp_path / "x.apkg"
    result = runner.invoke(
        cli, ["--db", str(tmp_path / "s.db"), "export", str(deck), "-o", str(out)]
    )
    assert result.exit_code == 1
    assert f"cannot read {image}" in result.stderr
    assert "nothing was written" in result.stderr
    assert not out.exists()
