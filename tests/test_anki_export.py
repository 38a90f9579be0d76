"""Exports imported by the real Anki engine: content, escaping, media, and updates in place."""

from __future__ import annotations

import html
import json
import os
import re
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import genanki
import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.latex import render_latex_returning_errors
from click.testing import CliRunner
from sample_decks import bundled_card_count, seven_muscle_deck

from studytool.anki.deck_names import anki_deck_names, deck_level
from studytool.anki.note_type import FIELDS, NOTE_TYPE_ID
from studytool.anki.notes import deck_id_for, note_guid, plan_export
from studytool.anki.package import NOTE_TYPE, write_package
from studytool.cli import cli

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

TRICKY = (
    seven_muscle_deck()
    .replace("Origin of Muscle 1", "Origin <script>alert(1)</script> & *deep* fibres of **T12**")
    .replace("tags: [extra]", "tags: [extra, hip flexors]")
)


@pytest.fixture
def deck_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "decks"
    (folder / "images").mkdir(parents=True)
    (folder / "images" / "one.png").write_bytes(PNG)
    text = TRICKY.replace(
        "    innervation: Nerve of Muscle 1\n",
        "    innervation: Nerve of Muscle 1\n    image: images/one.png\n",
    )
    (folder / "test-deck.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Collection]:
    (tmp_path / "anki").mkdir()
    col = Collection(str(tmp_path / "anki" / "collection.anki2"))
    yield col
    col.close()


def export(tmp_path: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "study.db"), "export", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def import_into(col: Collection, package: Path):  # type: ignore[no-untyped-def]
    request = ImportAnkiPackageRequest(
        package_path=str(package), options=ImportAnkiPackageOptions()
    )
    return col.import_anki_package(request).log


def export_and_import(tmp_path: Path, deck_folder: Path, collection: Collection) -> Path:
    """Export the deck folder with the CLI and import the package into the collection."""
    package = tmp_path / "out.apkg"
    export(tmp_path, str(deck_folder), "-o", str(package))
    import_into(collection, package)
    return package


def package_deck_ids(package: Path) -> set[int]:
    """The deck ids written inside an .apkg (Anki itself matches decks by name)."""
    with zipfile.ZipFile(package) as archive, tempfile.TemporaryDirectory() as scratch:
        archive.extract("collection.anki2", scratch)
        conn = sqlite3.connect(Path(scratch) / "collection.anki2")
        (decks,) = conn.execute("SELECT decks FROM col").fetchone()
        conn.close()
    return {int(deck_id) for deck_id in json.loads(decks)}


def test_anki_imports_every_card_into_named_subdecks(
    tmp_path: Path, deck_folder: Path, collection: Collection
) -> None:
    package = tmp_path / "out.apkg"
    export(tmp_path, str(deck_folder), "-o", str(package))
    log = import_into(collection, package)
    assert (len(log.new), len(log.updated), len(log.conflicting)) == (41, 0, 0)
    assert collection.note_count() == 41
    assert collection.card_count() == 41
    names = {d.name for d in collection.decks.all_names_and_ids()}
    assert {"studytool", "studytool::Test deck"} <= names
    assert package_deck_ids(package) >= {deck_id_for("test-deck")}
    note_types = [m for m in collection.models.all_names_and_ids() if m.name == "studytool card"]
    assert [m.id for m in note_types] == [NOTE_TYPE_ID]


def test_fields_tags_and_rendered_sides(
    tmp_path: Path, deck_folder: Path, collection: Collection
) -> None:
    export_and_import(tmp_path, deck_folder, collection)
    (note_id,) = collection.find_notes('"Front:Muscle 7: what are its actions?"')
    note = collection.get_note(note_id)
    assert note["Back"] == "• Flexes the hip<br>• Rotates the thigh"
    assert (note["Muscle"], note["Region"], note["Kind"], note["Deck"]) == (
        "Muscle 7",
        "hip",
        "actions",
        "Test deck",
    )
    assert sorted(note.tags) == ["actions", "hips", "muscle-7", "test-deck"]
    card = note.cards()[0]
    assert '<div class="front">Muscle 7: what are its actions?</div>' in card.question()
    assert "• Flexes the hip<br>• Rotates the thigh" in card.answer()
    assert "<script" not in card.question() + card.answer()
    (free_id,) = collection.find_notes('"Front:Question one?"')
    assert sorted(collection.get_note(free_id).tags) == [
        "card",
        "extra",
        "hip_flexors",
        "hips",
        "test-deck",
    ]


def test_text_is_escaped_and_emphasis_becomes_html(
    tmp_path: Path, deck_folder: Path, collection: Collection
) -> None:
    export_and_import(tmp_path, deck_folder, collection)
    (note_id,) = collection.find_notes('"Front:Muscle 1: where does it originate?"')
    note = collection.get_note(note_id)
    assert note["Back"] == (
        "Origin &lt;script&gt;alert(1)&lt;/script&gt; &amp; <i>deep</i> fibres of <b>T12</b>"
    )
    answer = note.cards()[0].answer()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; <i>deep</i>" in answer
    assert "<script>alert" not in answer


def test_images_travel_as_media(tmp_path: Path, deck_folder: Path, collection: Collection) -> None:
    export_and_import(tmp_path, deck_folder, collection)
    (note_id,) = collection.find_notes('"Front:Muscle 1: where does it insert?"')
    image_field = collection.get_note(note_id)["Image"]
    assert image_field.startswith('<img src="studytool-test-deck-')
    name = image_field.split('"')[1]
    media = Path(collection.media.dir()) / name
    assert media.read_bytes() == PNG


def test_media_names_cannot_collide_between_decks(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    for folder, deck, content in [(first, "alpha", b"A"), (second, "beta", b"B")]:
        (folder / "images").mkdir(parents=True)
        (folder / "images" / "psoas.png").write_bytes(PNG + content)
        (folder / f"{deck}.yaml").write_text(
            seven_muscle_deck()
            .replace("id: test-deck", f"id: {deck}")
            .replace(
                "    innervation: Nerve of Muscle 1\n",
                "    innervation: Nerve of Muscle 1\n    image: images/psoas.png\n",
            ),
            encoding="utf-8",
        )
    from studytool.core.deck_loading import load_decks

    plan = plan_export(load_decks([first / "alpha.yaml", second / "beta.yaml"]))
    names = {name for note in plan.notes for name, _ in note.media}
    assert len(names) == 2
    assert all(name.startswith(("studytool-alpha-", "studytool-beta-")) for name in names)


def test_an_edited_deck_updates_the_same_notes(
    tmp_path: Path, deck_folder: Path, collection: Collection
) -> None:
    package = tmp_path / "out.apkg"
    first = export(tmp_path, str(deck_folder), "-o", str(package))
    assert "studytool::Test deck: 41 notes (first export)" in first
    import_into(collection, package)
    models_before = len(collection.models.all_names_and_ids())
    deck_file = deck_folder / "test-deck.yaml"
    deck_file.write_text(
        deck_file.read_text(encoding="utf-8").replace("Nerve of Muscle 3", "Femoral nerve (L2–L4)"),
        encoding="utf-8",
    )
    # Exported again at once, within the same second: the edit must still win.
    second = export(tmp_path, str(deck_folder), "-o", str(package))
    assert "studytool::Test deck: 41 notes (0 new, 1 changed, 40 unchanged)" in second
    log = import_into(collection, package)
    assert len(log.new) == 0
    assert len(log.conflicting) == 0
    assert len(log.missing_notetype) == 0
    assert fronts(collection, log.updated) == ["Muscle 3: which nerve supplies it?"]
    assert collection.note_count() == 41
    assert len(collection.models.all_names_and_ids()) == models_before
    (note_id,) = collection.find_notes('"Front:Muscle 3: which nerve supplies it?"')
    assert collection.get_note(note_id)["Back"] == "Femoral nerve (L2–L4)"


def fronts(collection: Collection, notes: Any) -> list[str]:
    """The Front field of each note of an import log's list, as imported."""
    return sorted(collection.get_note(note.id.nid)["Front"] for note in notes)


def note_times(collection: Collection) -> dict[str, int]:
    """GUID -> modification time of every note in the collection."""
    return dict(collection.db.all("SELECT guid, mod FROM notes"))


def test_an_unchanged_re_export_updates_nothing_in_anki(
    tmp_path: Path, deck_folder: Path, collection: Collection
) -> None:
    export_and_import(tmp_path, deck_folder, collection)
    before = note_times(collection)
    # Again at once, and again later: an unchanged note keeps its time either way.
    for _ in range(2):
        package = tmp_path / "again.apkg"
        export(tmp_path, str(deck_folder), "-o", str(package))
        log = import_into(collection, package)
        assert (len(log.new), len(log.updated), len(log.duplicate)) == (0, 0, 41)
    assert note_times(collection) == before


def test_a_changed_card_updates_its_note_and_only_the_notes_that_show_it(
    tmp_path: Path, deck_folder: Path, collection: Collection
) -> None:
    export_and_import(tmp_path, deck_folder, collection)
    before = note_times(collection)
    deck_file = deck_folder / "test-deck.yaml"
    deck_file.write_text(
        deck_file.read_text(encoding="utf-8").replace(
            "origin: Origin of Muscle 4", "origin: Iliac crest"
        ),
        encoding="utf-8",
    )
    report = export(tmp_path, str(deck_folder), "-o", str(tmp_path / "second.apkg"))
    assert "(0 new, 2 changed, 39 unchanged)" in report
    log = import_into(collection, tmp_path / "second.apkg")
    # The identify card names the origin too.
    assert fronts(collection, log.updated) == [
        "Muscle 4: where does it originate?",
        "Which muscle runs<br>from: Iliac crest<br>to: Insertion of Muscle 4?",
    ]
    assert (len(log.new), len(log.duplicate)) == (0, 39)
    after = note_times(collection)
    changed = {note_guid("test-deck/muscle-4/origin"), note_guid("test-deck/muscle-4/identify")}
    assert {guid for guid in after if after[guid] != before[guid]} == changed
    assert all(after[guid] > max(before.values()) for guid in changed)
    # Exported again unchanged: the edited notes keep their new time too.
    export(tmp_path, str(deck_folder), "-o", str(tmp_path / "third.apkg"))
    log = import_into(collection, tmp_path / "third.apkg")
    assert (len(log.updated), len(log.duplicate)) == (0, 41)


def test_exports_recorded_before_note_times_were_kept_still_update_nothing(
    tmp_path: Path, deck_folder: Path, collection: Collection
) -> None:
    """An earlier studytool recorded card id -> hash, every note with its export's time."""
    from studytool.core.deck_loading import load_deck

    export_and_import(tmp_path, deck_folder, collection)
    (hashes,) = plan_export([load_deck(deck_folder / "test-deck.yaml")]).hashes().values()
    with sqlite3.connect(tmp_path / "study.db") as db:
        db.execute("UPDATE exported_decks SET hashes = ?", [json.dumps(hashes)])
    db.close()
    export(tmp_path, str(deck_folder), "-o", str(tmp_path / "again.apkg"))
    # Each note is written with the time that export gave it, as Anki keeps it.
    assert package_note_times(tmp_path / "again.apkg") == note_times(collection)
    log = import_into(collection, tmp_path / "again.apkg")
    assert (len(log.updated), len(log.duplicate)) == (0, 41)


def package_note_times(package: Path) -> dict[str, int]:
    """GUID -> modification time of every note written inside an .apkg."""
    with zipfile.ZipFile(package) as archive, tempfile.TemporaryDirectory() as scratch:
        archive.extract("collection.anki2", scratch)
        conn = sqlite3.connect(Path(scratch) / "collection.anki2")
        found = dict(conn.execute("SELECT guid, mod FROM notes").fetchall())
        card_times = {mod for (mod,) in conn.execute("SELECT DISTINCT mod FROM cards")}
        conn.close()
    assert card_times <= set(found.values())  # each card dated as its note
    return found


def test_a_muscles_notes_are_on_its_identify_note_only(
    tmp_path: Path, deck_folder: Path, collection: Collection
) -> None:
    deck_file = deck_folder / "test-deck.yaml"
    with_notes = deck_file.read_text(encoding="utf-8").replace(
        "    innervation: Nerve of Muscle 2\n",
        "    innervation: Nerve of Muscle 2\n    notes: Palpate it *deep* in the groin.\n"
        "    cues:\n      - pose: Boat\n        cue: Lift the legs.\n        effect: activates\n",
    )
    deck_file.write_text(with_notes, encoding="utf-8")
    export_and_import(tmp_path, deck_folder, collection)
    shown_notes = {
        note["Kind"]: note["Notes"]
        for note in map(collection.get_note, collection.find_notes('"Muscle:Muscle 2"'))
    }
    assert shown_notes == {
        "origin": "",
        "insertion": "",
        "actions": "",
        "innervation": "",
        "cue": "",
        "identify": "Palpate it <i>deep</i> in the groin.",
    }
    (identify,) = collection.find_notes('"Muscle:Muscle 2" Kind:identify')
    assert (
        "Palpate it <i>deep</i> in the groin." in collection.get_note(identify).cards()[0].answer()
    )
    # New notes text reaches Anki on the one note that shows it.
    deck_file.write_text(with_notes.replace("the groin.", "the groin, low."), encoding="utf-8")
    export(tmp_path, str(deck_folder), "-o", str(tmp_path / "second.apkg"))
    log = import_into(collection, tmp_path / "second.apkg")
    assert [note.id.nid for note in log.updated] == [identify]
    assert collection.get_note(identify)["Notes"] == "Palpate it <i>deep</i> in the groin, low."


def test_new_cards_in_a_later_export_are_added_not_duplicated(
    tmp_path: Path, deck_folder: Path, collection: Collection
) -> None:
    package = export_and_import(tmp_path, deck_folder, collection)
    deck_file = deck_folder / "test-deck.yaml"
    deck_file.write_text(
        deck_file.read_text(encoding="utf-8")
        + "  - id: free-three\n    front: Question three?\n    back: Answer three.\n",
        encoding="utf-8",
    )
    report = export(tmp_path, str(deck_folder), "-o", str(package))
    assert "(1 new, 0 changed, 41 unchanged)" in report
    log = import_into(collection, package)
    assert len(log.new) == 1
    assert collection.note_count() == 42


def test_a_broken_deck_writes_nothing(tmp_path: Path, deck_folder: Path) -> None:
    deck_file = deck_folder / "test-deck.yaml"
    deck_file.write_text(
        deck_file.read_text(encoding="utf-8").replace("    origin:", "    orgin:"), encoding="utf-8"
    )
    result = CliRunner().invoke(
        cli,
        [
            "--db",
            str(tmp_path / "s.db"),
            "export",
            str(deck_folder),
            "-o",
            str(tmp_path / "x.apkg"),
        ],
    )
    assert result.exit_code == 1
    assert "unknown key 'orgin'" in result.stderr
    assert "nothing was written" in result.stderr
    assert not (tmp_path / "x.apkg").exists()


def test_an_interrupted_write_leaves_no_half_package(
    tmp_path: Path, deck_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "out.apkg"
    export(tmp_path, str(deck_folder), "-o", str(package))
    good = package.read_bytes()

    write = zipfile.ZipFile.write

    def write_then_fill_the_disk(self: zipfile.ZipFile, *args: Any, **kwargs: Any) -> None:
        write(self, *args, **kwargs)  # half a zip is in the temporary file by now
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "write", write_then_fill_the_disk)
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "study.db"), "export", str(deck_folder), "-o", str(package)]
    )
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr
    assert package.read_bytes() == good
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.apkg")] == []


def test_export_by_bundled_deck_id_and_dry_run(tmp_path: Path) -> None:
    package = tmp_path / "psoas.apkg"
    output = export(tmp_path, "psoas-and-deep-core", "-o", str(package), "--dry-run")
    assert output == (
        f"studytool::Psoas and the deep core: {bundled_card_count('psoas-and-deep-core')} notes"
        " (first export)\n"
        f"dry run: nothing was written to {package}\n"
    )
    assert not package.exists()


def test_progress_counts_every_note_in_batches(tmp_path: Path, deck_folder: Path) -> None:
    from studytool.core.deck_loading import load_decks

    plan = plan_export(load_decks([deck_folder / "test-deck.yaml"]))
    reports: list[int] = []
    write_package(plan, tmp_path / "p.apkg", 1e9, progress=reports.append)
    assert sum(reports) == len(plan.notes) == 41
    assert len(reports) <= 1 + len(plan.notes) // 250


def test_note_guids_match_genanki_and_never_change() -> None:
    ids = ["psoas-and-deep-core/psoas-major/origin", "d/card/x", "hip/m/cue/runners-lunge", "é/ü"]
    for card_id in ids:
        assert note_guid(card_id) == genanki.guid_for("studytool", card_id)
    # Pinned values: a changed GUID or deck id would make every phone duplicate its notes.
    assert note_guid("psoas-and-deep-core/psoas-major/origin") == "FaVH{ylfsq"
    assert deck_id_for("psoas-and-deep-core") == 2299735323090166403
    assert NOTE_TYPE_ID == 1_742_583_104


def test_note_type_has_no_javascript_and_a_night_mode() -> None:
    model = NOTE_TYPE
    templates = " ".join(t["qfmt"] + t["afmt"] for t in model.templates)
    assert "<script" not in (templates + model.css).lower()
    assert "javascript:" not in (templates + model.css).lower()
    assert ".nightMode" in model.css
    assert ".night_mode" in model.css
    assert [field["name"] for field in model.fields] == list(FIELDS)


MARKUP_FRONT = "Hear [sound:x.mp3] or [sound:../../etc/passwd] and {{Front}}"
MARKUP_BACK = (
    r"[latex]\alpha[/latex], [$]x^2[/$], [$$]\int y[/$$], [LaTeX]z[/LaTeX], "
    "[anki:tts lang=en_US]hi[/anki:tts] and *[sound:y.mp3]*"
)


def shown(rendered: str) -> str:
    """What a rendered card side reads as: its text, without tags, entities decoded."""
    return html.unescape(re.sub(r"<[^>]*>", "", rendered))


def test_anki_markup_in_deck_text_is_shown_as_typed(tmp_path: Path, collection: Collection) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "test-deck.yaml").write_text(
        seven_muscle_deck()
        .replace("front: Question one?", f"front: '{MARKUP_FRONT}'")
        .replace("back: Answer one.", f"back: '{MARKUP_BACK}'"),
        encoding="utf-8",
    )
    export_and_import(tmp_path, folder, collection)
    guid = note_guid("test-deck/card/free-one")
    (note,) = [n for n in map(collection.get_note, collection.find_notes("")) if n.guid == guid]
    card = note.cards()[0]
    question, answer = card.question(), card.answer()
    assert MARKUP_FRONT in shown(question)
    assert MARKUP_BACK.replace("*", "") in shown(answer)
    assert card.question_av_tags() == []  # nothing to play or speak
    assert card.answer_av_tags() == []
    assert "[anki:play" not in question + answer
    assert "class=latex" not in question + answer  # no LaTeX image, nor an attempt at one
    for field in (note["Front"], note["Back"]):
        assert render_latex_returning_errors(field, note.note_type(), collection) == (field, [])
    assert list(Path(collection.media.dir()).iterdir()) == []


def write_titled_decks(folder: Path, titles: dict[str, str]) -> None:
    folder.mkdir()
    for deck_id, title in titles.items():
        (folder / f"{deck_id}.yaml").write_text(
            seven_muscle_deck()
            .replace("id: test-deck", f"id: {deck_id}")
            .replace("title: Test deck", f"title: {json.dumps(title)}"),
            encoding="utf-8",
        )


def test_deck_titles_become_one_distinct_deck_level_each(
    tmp_path: Path, collection: Collection
) -> None:
    titles = {
        "nested": "Hips::Leading",
        "leading": "::Leading",
        "trailing": "Trailing::",
        "many": "a :: b:::c",
        "same-a": "Same title",
        "same-b": "Same title",
        "same-c": "same TITLE",
        "test-deck": "Test deck",
        "colon": "Hips: the basics",
    }
    write_titled_decks(tmp_path / "decks", titles)
    export_and_import(tmp_path, tmp_path / "decks", collection)
    expected = {
        "nested": "studytool::Hips: Leading",
        "leading": "studytool::Leading",
        "trailing": "studytool::Trailing",
        "many": "studytool::a: b: c",
        "same-a": "studytool::Same title (same-a)",
        "same-b": "studytool::Same title (same-b)",
        "same-c": "studytool::same TITLE (same-c)",
        "test-deck": "studytool::Test deck",  # ordinary titles keep their names
        "colon": "studytool::Hips: the basics",
    }
    names = {d.name for d in collection.decks.all_names_and_ids()}
    assert names == {"Default", "studytool", *expected.values()}
    for deck_id, name in expected.items():
        deck = collection.decks.by_name(name)
        assert deck is not None
        cards = [collection.get_card(card_id) for card_id in collection.decks.cids(deck["id"])]
        assert len(cards) == 41
        assert {card.note().guid for card in cards} == {
            note_guid(card_id) for card_id in card_ids_of(tmp_path / "decks" / f"{deck_id}.yaml")
        }


def card_ids_of(deck_file: Path) -> set[str]:
    from studytool.core.deck_loading import load_deck

    return {card.id for card in load_deck(deck_file).cards}


def test_deck_names_are_the_same_whatever_the_order_of_the_decks() -> None:
    titles = {"b": "Hips", "a": "hips", "c": "Hips (a)", "d": "Knees"}
    names = anki_deck_names(titles)
    assert names == {
        "a": "studytool::hips (a)",
        "b": "studytool::Hips (b)",
        "c": "studytool::Hips (a) (c)",  # clashed with a's new name, so it is told apart too
        "d": "studytool::Knees",
    }
    assert anki_deck_names(dict(reversed(titles.items()))) == names
    assert list(names) == list(titles)


@pytest.mark.parametrize(
    ("title", "level"),
    [
        ("Psoas and the deep core", "Psoas and the deep core"),
        ("Hip  flexors", "Hip  flexors"),  # Anki keeps inner spaces: the name stays
        ("Hip\tflexors", "Hip flexors"),  # Anki would drop the tab: "Hipflexors"
        ("Hip \n\x01 flexors", "Hip flexors"),
        ("e\u0301paule", "\u00e9paule"),  # as Anki stores it (NFC)
        ("::", ""),
        (":-)", "-)"),  # Anki trims a level's colons
    ],
)
def test_a_title_becomes_one_level_as_anki_would_keep_it(title: str, level: str) -> None:
    assert deck_level(title) == level


def test_an_export_leaves_nothing_in_the_temporary_folder(
    tmp_path: Path, deck_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from studytool.core.deck_loading import load_deck

    system_temporary = tmp_path / "system-temp"
    system_temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temporary))
    plan = plan_export([load_deck(deck_folder / "test-deck.yaml")])
    write_package(plan, tmp_path / "out.apkg", 1e9)
    assert list(system_temporary.iterdir()) == []
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    with zipfile.ZipFile(tmp_path / "out.apkg") as archive:
        assert sorted(archive.namelist()) == ["0", "collection.anki2", "media"]
        (name,) = json.loads(archive.read("media")).values()
        assert name.startswith("studytool-test-deck-")
        assert archive.read("0") == PNG


def test_an_export_removes_what_a_killed_export_left(
    tmp_path: Path, deck_folder: Path, collection: Collection
) -> None:
    left = tmp_path / ".out.apkg.a1b2c3d4.tmp"
    left.write_bytes(b"PK half a zip")
    os.utime(left, (1e9, 1e9))
    running = tmp_path / ".out.apkg.e5f6a7b8.tmp"  # a few seconds old: may still be written
    running.write_bytes(b"PK")
    export_and_import(tmp_path, deck_folder, collection)
    assert not left.exists()
    assert running.exists()
    assert collection.note_count() == 41


def test_mathjax_delimiters_in_deck_text_are_not_typeset(
    tmp_path: Path, collection: Collection
) -> None:
    """The reviewers typeset \\( \\) and \\[ \\] from the text they show: a word joiner
    after the backslash keeps the text as typed, to the eye, and no delimiter."""
    folder = tmp_path / "decks"
    folder.mkdir()
    typed = r"Angle \(x^2\) and \[y\]"
    (folder / "test-deck.yaml").write_text(
        seven_muscle_deck().replace("front: Question one?", f"front: '{typed}'"),
        encoding="utf-8",
    )
    export_and_import(tmp_path, folder, collection)
    guid = note_guid("test-deck/card/free-one")
    (note,) = [n for n in map(collection.get_note, collection.find_notes("")) if n.guid == guid]
    text = shown(note.cards()[0].question())
    for delimiter in ("\\(", "\\)", "\\[", "\\]"):
        assert delimiter not in text
    assert typed in text.replace("\u2060", "")


def test_pose_and_move_cards_reach_anki_filed_under_their_kind_and_muscles(
    tmp_path: Path, collection: Collection
) -> None:
    from test_joining_cards import FOUR_MUSCLES

    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "hips.yaml").write_text(FOUR_MUSCLES, encoding="utf-8")
    export_and_import(tmp_path, folder, collection)
    assert collection.note_count() == 29
    assert len(collection.find_notes("tag:pose")) == 2
    (pose_id,) = collection.find_notes("tag:pose tag:gluteus-maximus")
    pose = collection.get_note(pose_id)
    assert sorted(pose.tags) == ["gluteus-maximus", "hamstrings", "hips", "pose"]
    assert pose["Muscle"] == ""
    card = pose.cards()[0]
    assert "Bridge: which muscles does it strengthen?" in card.question()
    assert "• Gluteus maximus<br>• Hamstrings" in card.answer()
    moves = collection.find_notes("tag:move")
    assert len(moves) == 2
    assert len(collection.find_notes("tag:move tag:psoas-major")) == 1
    # A muscle's own cards keep their tags: deck, muscle, kind.
    (origin_id,) = collection.find_notes('"Front:Iliacus: where does it originate?"')
    assert sorted(collection.get_note(origin_id).tags) == ["hips", "iliacus", "origin"]
