"""Every kind of authoring mistake is reported at its line and column, all at once."""

from __future__ import annotations

import os
import textwrap
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

import pytest
from sample_decks import PSOAS_MUSCLE

from studytool.core.deck_loading import load_deck, load_decks, parse_deck
from studytool.core.deck_validation import LoadedDeck

GOOD_MUSCLE = PSOAS_MUSCLE


def errors_of(result: LoadedDeck) -> list[tuple[int, int, str]]:
    return [(e.line, e.column, e.message) for e in result.errors]


def only_error(result: LoadedDeck) -> tuple[int, int, str]:
    errors = errors_of(result)
    assert len(errors) == 1, errors
    return errors[0]


def test_valid_deck_has_no_errors(load_text: Callable[[str], LoadedDeck]) -> None:
    result = load_text("id: d\ntitle: D\nmuscles:\n" + GOOD_MUSCLE)
    assert result.ok
    assert errors_of(result) == []


def test_yaml_syntax_error_points_at_the_problem(load_text: Callable[[str], LoadedDeck]) -> None:
    line, column, message = only_error(
        load_text("id: d\ntitle: D\nmuscles:\n  - id: [psoas\n    name: x\n")
    )
    assert (line, column) == (5, 9)
    assert message.startswith("YAML syntax error:")
    assert "started on line 4" in message


def test_tab_indentation_is_named(load_text: Callable[[str], LoadedDeck]) -> None:
    assert only_error(load_text("id: d\ntitle: D\nmuscles:\n\t- id: x\n")) == (
        4,
        1,
        "tab character: indent YAML with spaces, not tabs",
    )


@pytest.mark.parametrize(
    ("text", "described"),
    [("- a\n- b\n", "a list"), ("just words\n", "text"), ("42\n", "a number")],
)
def test_top_level_must_be_a_mapping(
    load_text: Callable[[str], LoadedDeck], text: str, described: str
) -> None:
    line, column, message = only_error(load_text(text))
    assert (line, column) == (1, 1)
    assert message.startswith("a deck file must be a mapping of keys")
    assert described in message


def test_empty_file_is_reported(load_text: Callable[[str], LoadedDeck]) -> None:
    assert only_error(load_text("# nothing here\n"))[:2] == (1, 1)


def test_unknown_key_suggests_the_nearest(load_text: Callable[[str], LoadedDeck]) -> None:
    text = "id: d\ntitle: D\nmuscles:\n" + GOOD_MUSCLE.replace("    origin:", "    orgin:")
    # One error says it all: the missing 'origin' is the key the suggestion names.
    assert only_error(load_text(text)) == (7, 5, "unknown key 'orgin' (did you mean 'origin'?)")


def test_a_synonym_for_a_missing_key_is_one_error(load_text: Callable[[str], LoadedDeck]) -> None:
    text = "id: d\ntitle: D\ncards:\n  - id: c\n    question: Q?\n    back: A\n"
    assert only_error(load_text(text)) == (5, 5, "unknown key 'question' (did you mean 'front'?)")


def test_a_missing_key_no_suggestion_names_is_still_reported(
    load_text: Callable[[str], LoadedDeck],
) -> None:
    # 'orgin' suggests 'origin', which is missing from the first muscle only: the second
    # muscle, and the missing 'insertion' beside the typo, are still reported.
    second = GOOD_MUSCLE.replace("psoas-major", "iliacus").replace(
        "    origin: T12-L4 vertebral bodies\n", ""
    )
    first = GOOD_MUSCLE.replace("    origin:", "    orgin:").replace(
        "    insertion: Lesser trochanter\n", ""
    )
    errors = errors_of(load_text("id: d\ntitle: D\nmuscles:\n" + first + second))
    assert errors == [
        (4, 5, "muscle 'psoas-major' is missing required key 'insertion'"),
        (7, 5, "unknown key 'orgin' (did you mean 'origin'?)"),
        (9, 5, "muscle 'iliacus' is missing required key 'origin'"),
    ]


def test_unknown_key_without_a_near_match_lists_allowed_keys(
    load_text: Callable[[str], LoadedDeck],
) -> None:
    line, column, message = only_error(
        load_text("id: d\ntitle: D\nzebra: 1\nmuscles:\n" + GOOD_MUSCLE)
    )
    assert (line, column) == (3, 1)
    assert message.startswith("unknown key 'zebra' (allowed here: id, title, description")


def test_missing_required_deck_keys_are_reported_at_the_deck(
    load_text: Callable[[str], LoadedDeck],
) -> None:
    errors = errors_of(load_text("# a deck\nmuscles:\n" + GOOD_MUSCLE))
    assert errors == [
        (2, 1, "deck is missing required key 'id'"),
        (2, 1, "deck is missing required key 'title'"),
    ]


def test_missing_key_in_a_cue_is_reported_at_the_cue(
    load_text: Callable[[str], LoadedDeck],
) -> None:
    text = (
        "id: d\ntitle: D\nmuscles:\n"
        + GOOD_MUSCLE
        + "    cues:\n      - pose: Bridge\n        cue: Lift.\n"
    )
    assert only_error(load_text(text)) == (11, 9, "cue is missing required key 'effect'")


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        (
            "title: D",
            "title: 5",
            (2, 8, "'title' should be text, not a number (5); put it in quotes if it is text"),
        ),
        (
            "    region: hip",
            "    region: no",
            (7, 13, "'region' should be text, not true/false (false); put the text in quotes"),
        ),
        (
            "actions: [Flexes the hip]",
            "actions: Flexes the hip",
            (10, 14, "'actions' should be a list (one '- ' entry per line), not text"),
        ),
        (
            "actions: [Flexes the hip]",
            "actions: [Flexes the hip, 3]",
            (
                10,
                31,
                "each entry of 'actions' should be text, not a number (3); put it in quotes if it is text",
            ),
        ),
        (
            "actions: [Flexes the hip]",
            "actions: []",
            (10, 14, "'actions' needs at least one entry"),
        ),
        ("version: 1", "version: two", (3, 10, "'version' should be a whole number, not text")),
        ("version: 1", "version: 0", (3, 10, "'version' must be 1 or more")),
        (
            "    region: hip",
            "    region:",
            (7, 12, "'region' is empty; write its text after the colon"),
        ),
        ("    region: hip", '    region: "  "', (7, 13, "'region' is empty")),
        (
            "muscles:\n  - id",
            "muscles:\n  - just text\n  - id",
            (5, 5, "each muscle should be a mapping of keys, not text"),
        ),
    ],
)
def test_wrong_types_are_reported_at_the_value(
    load_text: Callable[[str], LoadedDeck],
    replace: str,
    by: str,
    expected: tuple[int, int, str],
) -> None:
    text = "id: d\ntitle: D\nversion: 1\nmuscles:\n" + GOOD_MUSCLE
    assert replace in text
    assert only_error(load_text(text.replace(replace, by, 1))) == expected


def test_duplicate_ids_are_reported_at_the_duplicate(
    load_text: Callable[[str], LoadedDeck],
) -> None:
    text = (
        "id: d\ntitle: D\nmuscles:\n"
        + GOOD_MUSCLE
        + GOOD_MUSCLE
        + "cards:\n  - {id: c, front: q, back: a}\n  - {id: c, front: q, back: a}\n"
    )
    assert errors_of(load_text(text)) == [
        (10, 9, "duplicate muscle id 'psoas-major' (first used on line 4)"),
        (18, 10, "duplicate card id 'c' (first used on line 17)"),
    ]


def test_duplicate_keys_are_reported(load_text: Callable[[str], LoadedDeck]) -> None:
    text = "id: d\ntitle: D\ntitle: E\nmuscles:\n" + GOOD_MUSCLE
    assert only_error(load_text(text)) == (3, 1, "duplicate key 'title' (first given on line 2)")


def test_the_same_pose_twice_on_a_muscle_is_a_duplicate(
    load_text: Callable[[str], LoadedDeck],
) -> None:
    cues = (
        "    cues:\n"
        "      - {pose: Runner's lunge, cue: a, effect: lengthens}\n"
        "      - {pose: runners lunge, cue: b, effect: lengthens}\n"
    )
    line, column, message = only_error(
        load_text("id: d\ntitle: D\nmuscles:\n" + GOOD_MUSCLE + cues)
    )
    assert (line, column) == (12, 16)
    assert message == (
        "this muscle already has a cue for pose 'Runner's lunge' (line 11), which makes the"
        " same card (.../cue/runners-lunge); each pose may appear once per muscle and side"
    )


@pytest.mark.parametrize(
    ("replace", "by", "expected"),
    [
        (
            "id: d\n",
            "id: Psoas Deck\n",
            (
                1,
                5,
                "id 'Psoas Deck' is not a valid slug: use lowercase letters, digits and single hyphens, e.g. 'psoas-deck'",
            ),
        ),
        (
            "  - id: psoas-major",
            "  - id: psoas_major",
            (
                4,
                9,
                "id 'psoas_major' is not a valid slug: use lowercase letters, digits and single hyphens, e.g. 'psoas-major'",
            ),
        ),
        (
            "  - id: psoas-major",
            "  - id: card",
            (
                4,
                9,
                "muscle id 'card' is reserved (card ids DECK/card/..., DECK/pose/... and"
                " DECK/move/... name no muscle)",
            ),
        ),
    ],
)
def test_ids_must_be_slugs(
    load_text: Callable[[str], LoadedDeck],
    replace: str,
    by: str,
    expected: tuple[int, int, str],
) -> None:
    text = "id: d\ntitle: D\nmuscles:\n" + GOOD_MUSCLE
    assert only_error(load_text(text.replace(replace, by, 1))) == expected


def test_unknown_effect_names_the_allowed_values(load_text: Callable[[str], LoadedDeck]) -> None:
    cues = "    cues:\n      - pose: Bridge\n        cue: Lift.\n        effect: stretches\n"
    assert only_error(load_text("id: d\ntitle: D\nmuscles:\n" + GOOD_MUSCLE + cues)) == (
        13,
        17,
        "unknown effect 'stretches' (did you mean 'lengthens'?); use one of: "
        "lengthens, strengthens, stabilizes, releases, activates",
    )


def test_images_must_exist_and_stay_inside_the_deck_folder(
    write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    (tmp_path / "decks" / "images").mkdir(parents=True)
    (tmp_path / "decks" / "images" / "psoas.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / "secret.png").write_bytes(b"\x89PNG\r\n")
    text = (
        "id: d\ntitle: D\nmuscles:\n"
        + GOOD_MUSCLE
        + "    image: images/psoas.png\n"
        + GOOD_MUSCLE.replace("psoas-major", "m2")
        + "    image: images/missing.png\n"
        + GOOD_MUSCLE.replace("psoas-major", "m3")
        + "    image: ../secret.png\n"
        + GOOD_MUSCLE.replace("psoas-major", "m4")
        + "    image: /etc/hostname\n"
        + "cards:\n  - {id: c, front: q, back: a, image: images/notes.txt}\n"
    )
    result = load_deck(write_deck(text, "decks/deck.yaml"))
    assert errors_of(result) == [
        (17, 12, "image file 'images/missing.png' not found next to the deck"),
        (24, 12, "image '../secret.png' points outside the deck's folder"),
        (31, 12, "image '/etc/hostname' must be a path relative to the deck file"),
        (
            33,
            39,
            "image 'images/notes.txt' is not a picture (use .png, .jpg, .jpeg, .gif, .svg, .webp)",
        ),
    ]


def test_symlinked_image_leading_outside_is_refused(
    write_deck: Callable[..., Path], tmp_path: Path
) -> None:
    (tmp_path / "outside.png").write_bytes(b"\x89PNG\r\n")
    (tmp_path / "decks").mkdir()
    (tmp_path / "decks" / "link.png").symlink_to(tmp_path / "outside.png")
    text = "id: d\ntitle: D\nmuscles:\n" + GOOD_MUSCLE + "    image: link.png\n"
    result = load_deck(write_deck(text, "decks/deck.yaml"))
    assert only_error(result)[2] == "image 'link.png' points outside the deck's folder"


def test_non_utf8_file_reports_the_bad_byte(tmp_path: Path) -> None:
    path = tmp_path / "latin1.yaml"
    path.write_bytes(
        b"id: d\ntitle: Muscles du bassin\nmuscles:\n  - name: Fessier\n"
        + "    notes: très\n".encode("latin-1")
    )
    line, column, message = only_error(load_deck(path))
    assert (line, column) == (5, 14)
    assert message == "not UTF-8 text (byte 0xE8 here); save the file as UTF-8"


def test_utf16_file_is_named_as_such(tmp_path: Path) -> None:
    path = tmp_path / "utf16.yaml"
    path.write_text("id: d\ntitle: D\n", encoding="utf-16")
    assert only_error(load_deck(path)) == (1, 1, "file is UTF-16 encoded; save it as UTF-8")


def test_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + ("id: d\ntitle: D\nmuscles:\n" + GOOD_MUSCLE).encode())
    assert load_deck(path).ok


def test_billion_laughs_is_refused_quickly_and_without_memory(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 10)
        lines.append(f"a{level}: &a{level} [{refs}]")
    path = tmp_path / "bomb.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tracemalloc.start()
    started = time.perf_counter()
    result = load_deck(path)
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    line, _column, message = only_error(result)
    assert message == "aliases expand this document past 2,000,000 values"
    assert line == 7  # a6, the first level whose expansion crosses the limit
    assert elapsed < 1.0
    assert peak < 20 * 2**20


def test_alias_cycle_is_refused(load_text: Callable[[str], LoadedDeck]) -> None:
    assert only_error(load_text("id: d\ntitle: D\nmuscles: &m [*m]\n"))[2] == (
        "alias '*m' refers to a value that contains it"
    )


def test_aliases_and_merge_keys_work_within_limits(load_text: Callable[[str], LoadedDeck]) -> None:
    text = """\
    id: d
    title: D
    muscles:
      - &psoas
        id: psoas-major
        name: Psoas major
        region: hip
        origin: T12-L4
        insertion: Lesser trochanter
        actions: &flex [Flexes the hip]
      - <<: *psoas
        id: iliacus
        name: Iliacus
        origin: Iliac fossa
    """
    result = load_text(text)
    assert result.ok, result.errors
    assert result.deck is not None
    iliacus = result.deck.muscles[1]
    assert (iliacus.id, iliacus.insertion, iliacus.actions) == (
        "iliacus",
        "Lesser trochanter",
        ["Flexes the hip"],
    )


@pytest.mark.parametrize(
    "text",
    [
        "[" * 100_000 + "]" * 100_000,
        "- " * 100_000 + "x",
        "a:\n" + "".join(" " * n + "b:\n" for n in range(1, 2000)),
    ],
)
def test_deep_nesting_is_an_error_not_a_crash(tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    assert "nested more than 64 levels deep" in only_error(load_deck(path))[2]


def test_python_tags_are_never_constructed(load_text: Callable[[str], LoadedDeck]) -> None:
    text = "id: d\ntitle: !!python/object/apply:os.system ['echo hacked']\nmuscles:\n" + GOOD_MUSCLE
    errors = errors_of(load_text(text))
    assert (
        2,
        8,
        "unsupported YAML tag '!!python/object/apply:os.system'; write a list without it",
    ) in errors


def test_more_than_one_document_is_an_error(load_text: Callable[[str], LoadedDeck]) -> None:
    assert only_error(load_text("id: d\ntitle: D\n---\nid: e\n")) == (
        3,
        1,
        "a deck file holds one YAML document; remove the '---'",
    )


def test_all_errors_come_at_once_in_file_order(load_text: Callable[[str], LoadedDeck]) -> None:
    text = textwrap.dedent(
        """\
        id: Bad Deck
        title: 5
        muscles:
          - id: psoas-major
            name: Psoas major
            region: hip
            orgin: T12-L4
            insertion: Lesser trochanter
            actions: [Flexes the hip]
            cues:
              - {pose: Bridge, cue: Lift, effect: strech}
          - id: psoas-major
            name: Again
            region: hip
            origin: o
            insertion: i
            actions: [a]
        """
    )
    lines = [line for line, _column, _message in errors_of(load_text(text))]
    assert lines == [1, 2, 7, 11, 12]


def test_a_deck_id_used_by_two_files_is_an_error_at_the_second(
    write_deck: Callable[..., Path],
) -> None:
    text = "id: d\ntitle: D\nmuscles:\n" + GOOD_MUSCLE
    first = write_deck(text, "a.yaml")
    second = write_deck("# copy\n" + text, "b.yaml")
    results = load_decks([first, second])
    assert results[0].ok
    assert errors_of(results[1]) == [(2, 5, f"deck id 'd' is already used by {first}")]


def test_oversized_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:
        stream.truncate(21 * 2**20)
    line, column, message = only_error(load_deck(path))
    assert (line, column) == (1, 1)
    assert message.startswith("file is too large (21.0 MiB)")


def test_unreadable_paths_are_errors_not_exceptions(tmp_path: Path) -> None:
    assert only_error(load_deck(tmp_path / "missing.yaml"))[2] == "no such file"
    assert only_error(load_deck(tmp_path))[2] == "is a folder, not a deck file"
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    assert only_error(load_deck(fifo))[2] == "is not a regular file"


def test_control_characters_are_reported(tmp_path: Path) -> None:
    result = parse_deck(b"id: d\ntitle: a\x01b\n", tmp_path / "x.yaml")
    assert only_error(result) == (2, 9, "unreadable character: control characters are not allowed")


def test_non_text_mistakes_get_no_quoting_hint(load_text: Callable[[str], LoadedDeck]) -> None:
    text = (
        "id: d\ntitle: D\nauthors: 5\nmuscles:\n"
        + GOOD_MUSCLE
        + "    cues:\n      - 5\n      - {pose: Bridge, cue: Lift, effect: 3}\n"
    )
    assert errors_of(load_text(text)) == [
        (3, 10, "'authors' should be a list (one '- ' entry per line), not a number (5)"),
        (12, 9, "each cue should be a mapping of keys, not a number (5)"),
        (
            13,
            43,
            "'effect' should be one of lengthens, strengthens, stabilizes, releases, activates, not a number (3)",
        ),
    ]


def test_a_list_key_left_empty_says_what_belongs_there(
    load_text: Callable[[str], LoadedDeck],
) -> None:
    assert only_error(load_text("id: d\ntitle: D\nmuscles:\n")) == (
        3,
        9,
        "'muscles' has no value; it should be a list (one '- ' entry per line)",
    )


def test_a_deck_without_muscles_or_cards_is_an_error(
    load_text: Callable[[str], LoadedDeck],
) -> None:
    assert only_error(load_text("id: d\ntitle: D\n")) == (
        1,
        1,
        "the deck has no muscles and no cards",
    )


def test_a_pose_without_letters_cannot_make_a_card_id(
    load_text: Callable[[str], LoadedDeck],
) -> None:
    cues = "    cues:\n      - {pose: '!!!', cue: c, effect: activates}\n"
    assert only_error(load_text("id: d\ntitle: D\nmuscles:\n" + GOOD_MUSCLE + cues)) == (
        11,
        16,
        "pose '!!!' needs at least one letter or digit",
    )


def test_unusual_line_breaks_do_not_shift_line_numbers(
    load_text: Callable[[str], LoadedDeck],
) -> None:
    # NEL and LINE SEPARATOR are line breaks to YAML but not to editors.
    text = "id: d\ntitle: A\x85B\u2028C\nmuscles:\n" + GOOD_MUSCLE.replace(
        "    origin:", "    orgin:"
    )
    errors = errors_of(load_text(text))
    assert (7, 5, "unknown key 'orgin' (did you mean 'origin'?)") in errors
