"""A key or list item out of line is named, with how its siblings are indented."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from studytool.cli import cli
from studytool.core import yaml_reader
from studytool.core.deck_loading import load_deck, parse_deck

DECK = """\
id: d
title: D
muscles:
  - id: psoas-major
    name: Psoas major
    region: hip
    origin: T12-L4 vertebral bodies
    insertion: Lesser trochanter
    actions: [Flexes the hip]
  - id: iliacus
    name: Iliacus
    region: hip
    origin: Iliac fossa
    insertion: Lesser trochanter
    actions:
      - Flexes the hip
      - Tilts the pelvis
    cues:
      - pose: Bridge
        cue: Press through the heels.
        effect: strengthens
      - pose: Tree pose
        cue: Keep the hip points level.
        effect: stabilizes
cards:
  - id: c
    front: Question?
    back: Answer.
"""


@pytest.fixture(params=["libyaml", "pure Python"])
def parser(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both of PyYAML's parsers word these errors differently: the message is the same."""
    if request.param == "pure Python":
        monkeypatch.setattr(yaml_reader, "_SafeLoader", yaml.SafeLoader)
    return str(request.param)


def shifted(line: int, by: int, text: str = DECK) -> str:
    """The deck with one (1-based) line moved `by` spaces right (left if negative)."""
    lines = text.splitlines(keepends=True)
    target = lines[line - 1]
    if by < 0:
        assert target.startswith(" " * -by)
        lines[line - 1] = target[-by:]
    else:
        lines[line - 1] = " " * by + target
    return "".join(lines)


def only_error(text: str) -> tuple[int, int, str]:
    result = parse_deck(text, Path("decks/x.yaml"))
    errors = [(e.line, e.column, e.message) for e in result.errors]
    assert len(errors) == 1, errors
    return errors[0]


def test_the_deck_itself_is_valid() -> None:
    assert parse_deck(DECK, Path("decks/x.yaml")).ok


@pytest.mark.parametrize(
    ("line", "by", "expected"),
    [
        # A key one space too far left inside a muscle: libyaml's "did not find
        # expected '-' indicator (while parsing a block collection ...)".
        (
            7,
            -1,
            (
                7,
                4,
                "'origin' is indented 3 spaces, but the other keys of this muscle are indented 4; line it up with them",
            ),
        ),
        # ... and too far right: "mapping values are not allowed here".
        (
            8,
            1,
            (
                8,
                6,
                "'insertion' is indented 5 spaces, but the other keys of this muscle are indented 4; line it up with them",
            ),
        ),
        (
            5,
            2,
            (
                5,
                7,
                "'name' is indented 6 spaces, but the other keys of this muscle are indented 4; line it up with them",
            ),
        ),
        # A key at the column of the list items above it: "did not find expected key".
        (
            18,
            2,
            (
                18,
                7,
                "'cues' is indented 6 spaces, but the other keys of this muscle are indented 4; line it up with them",
            ),
        ),
        (
            20,
            -1,
            (
                20,
                8,
                "'cue' is indented 7 spaces, but the other keys of this cue are indented 8; line it up with them",
            ),
        ),
        (
            28,
            1,
            (
                28,
                6,
                "'back' is indented 5 spaces, but the other keys of this card are indented 4; line it up with them",
            ),
        ),
        (
            2,
            1,
            (
                2,
                2,
                "'title' is indented 1 space, but the other top-level keys are not indented; line it up with them",
            ),
        ),
    ],
)
def test_a_key_out_of_line_is_named_with_its_siblings_indentation(
    parser: str, line: int, by: int, expected: tuple[int, int, str]
) -> None:
    assert only_error(shifted(line, by)) == expected


def test_a_key_two_spaces_left_names_both_levels_it_falls_between(parser: str) -> None:
    assert only_error(shifted(13, -2)) == (
        13,
        3,
        "'origin' is indented 2 spaces, but the keys of this muscle are indented 4 and the "
        "top-level keys are not indented; line it up with the ones it belongs with",
    )


@pytest.mark.parametrize(
    ("line", "by", "expected"),
    [
        (
            10,
            1,
            (
                10,
                4,
                "this item of 'muscles' is indented 3 spaces, but the one on line 4 is indented 2 spaces; line them up",
            ),
        ),
        (
            10,
            -2,
            (
                10,
                1,
                "this item of 'muscles' is not indented, but the one on line 4 is indented 2 spaces; line them up",
            ),
        ),
        (
            22,
            2,
            (
                22,
                9,
                "this item of 'cues' is indented 8 spaces, but the one on line 19 is indented 6 spaces; line them up",
            ),
        ),
        (
            17,
            -1,
            (
                17,
                6,
                "this item of 'actions' is indented 5 spaces, but the one on line 16 is indented 6 spaces; line them up",
            ),
        ),
    ],
)
def test_a_list_item_out_of_line_is_named(
    parser: str, line: int, by: int, expected: tuple[int, int, str]
) -> None:
    assert only_error(shifted(line, by)) == expected


def test_items_are_compared_with_all_the_items_before_them(parser: str) -> None:
    three = DECK.replace(
        "      - Tilts the pelvis\n", "      - Tilts the pelvis\n      - Rotates the thigh\n"
    )
    assert only_error(shifted(18, -1, three)) == (
        18,
        6,
        "this item of 'actions' is indented 5 spaces, but the others are indented 6; line its "
        "'-' up with theirs",
    )


@pytest.mark.parametrize(
    ("line", "by", "expected"),
    [
        # The first item's '-' out of line: the parser stops on the key after it.
        (
            4,
            1,
            (
                4,
                4,
                "this muscle's '-' is indented 3 spaces, which puts 'id' at 5, but its other keys are indented 4; indent the '-' 2 spaces",
            ),
        ),
        (
            4,
            -2,
            (
                4,
                1,
                "this muscle's '-' is not indented, which puts 'id' at 2, but its other keys are indented 4; indent the '-' 2 spaces",
            ),
        ),
        (
            19,
            -1,
            (
                19,
                6,
                "this cue's '-' is indented 5 spaces, which puts 'pose' at 7, but its other keys are indented 8; indent the '-' 6 spaces",
            ),
        ),
    ],
)
def test_a_first_items_dash_out_of_line_is_named(
    parser: str, line: int, by: int, expected: tuple[int, int, str]
) -> None:
    assert only_error(shifted(line, by)) == expected


def test_a_key_after_the_first_one_of_a_short_item_names_that_one() -> None:
    text = "id: d\ntitle: D\ncards:\n  - id: c\n     front: Q?\n    back: A.\n"
    assert only_error(text) == (
        5,
        6,
        "'front' is indented 5 spaces, but the other keys of this card are indented 4; "
        "line it up with them",
    )
    text = "id: d\ntitle: D\ncards:\n  - id: c\n     front: Q?\n"
    assert only_error(text) == (
        5,
        6,
        "'front' is indented 5 spaces, but 'id' on line 4 is indented 4 spaces (after its "
        "'-'); line them up",
    )


def test_a_list_written_across_lines_is_not_read_as_keys(parser: str) -> None:
    text = DECK.replace(
        "    actions: [Flexes the hip]\n", "    actions: [Flexes the hip,\n  tilts: the pelvis]\n"
    )
    text = shifted(12, 1, text)  # `name: Iliacus`
    assert only_error(text) == (
        12,
        6,
        "'name' is indented 5 spaces, but the other keys of this muscle are indented 4; line it up with them",
    )


def test_a_block_of_text_is_not_read_as_keys(parser: str) -> None:
    text = DECK.replace(
        "    insertion: Lesser trochanter\n    actions:\n",
        "    insertion: Lesser trochanter\n    notes: >-\n      Tip: press it\n\n"
        "      - gently\n     actions:\n",
    )
    assert only_error(text) == (
        19,
        6,
        "'actions' is indented 5 spaces, but the other keys of this muscle are indented 4; "
        "line it up with them",
    )


@pytest.mark.parametrize(
    "text",
    [
        # A colon inside a value, not an indentation.
        DECK.replace("origin: Iliac fossa", "origin: Iliac fossa: the inner face"),
        # Too far out to say which keys it belongs with.
        shifted(7, 4),
        # Unclosed brackets.
        "id: d\ntitle: D\nmuscles:\n  - id: [psoas\n    name: x\n",
    ],
)
def test_other_syntax_errors_keep_the_parsers_words(parser: str, text: str) -> None:
    message = only_error(text)[2]
    assert message.startswith("YAML syntax error:")


def test_validate_prints_the_key_out_of_line(tmp_path: Path) -> None:
    deck = tmp_path / "x.yaml"
    deck.write_text(shifted(7, -1), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "s.db"), "validate", str(deck)])
    assert result.exit_code == 1
    assert (
        f"{deck}:7:4: 'origin' is indented 3 spaces, but the other keys of this muscle are "
        "indented 4; line it up with them"
    ) in result.stderr


def test_a_colon_in_the_text_on_a_following_line_is_not_called_a_misplaced_key(
    tmp_path: Path,
) -> None:
    """Notes going on to a line with "Tip: ..." are text, not a key out of line."""
    deck = tmp_path / "deck.yaml"
    deck.write_text(
        "id: d\ntitle: D\nmuscles:\n  - id: psoas-major\n    name: Psoas major\n"
        "    region: hip\n    origin: T12-L4\n    insertion: Lesser trochanter\n"
        "    actions: [Flexes the hip]\n    notes: The psoas is deep.\n"
        "      Tip: feel it in a lunge.\n",
        encoding="utf-8",
    )
    (error,) = load_deck(deck).errors
    assert (error.line, error.column) == (11, 7)
    assert "put that text in quotes" in error.message
    assert "the other keys of this muscle" not in error.message
