"""`moves:` in the deck format: a closed vocabulary of joint movements, checked with a
did-you-mean at FILE:LINE:COL, and listed in the JSON Schema for editors."""

from __future__ import annotations

import json
from collections.abc import Callable

from sample_decks import PSOAS_MUSCLE

from studytool.core.deck_loading import deck_schema
from studytool.core.deck_validation import LoadedDeck
from studytool.core.movements import JOINT_MOVEMENTS, MOVES, suggest_move


def deck_with_moves(moves: str) -> str:
    return f"id: d\ntitle: D\nmuscles:\n{PSOAS_MUSCLE}    moves: {moves}\n"


def test_the_vocabulary_has_every_joint_and_movement_a_course_needs() -> None:
    wanted = {
        "spine": {"flexion", "extension", "lateral flexion", "rotation"},
        "neck": {"flexion", "extension", "lateral flexion", "rotation"},
        "scapula": {
            "elevation",
            "depression",
            "protraction",
            "retraction",
            "upward rotation",
            "downward rotation",
        },
        "shoulder": {
            "flexion",
            "extension",
            "abduction",
            "adduction",
            "medial rotation",
            "lateral rotation",
            "horizontal abduction",
            "horizontal adduction",
        },
        "elbow": {"flexion", "extension"},
        "forearm": {"pronation", "supination"},
        "wrist": {"flexion", "extension", "radial deviation", "ulnar deviation"},
        "hip": {
            "flexion",
            "extension",
            "abduction",
            "adduction",
            "medial rotation",
            "lateral rotation",
        },
        "pelvis": {"anterior tilt", "posterior tilt"},
        "knee": {"flexion", "extension", "medial rotation", "lateral rotation"},
        "ankle": {"dorsiflexion", "plantarflexion"},
        "foot": {"inversion", "eversion"},
        "toes": {"flexion", "extension"},
    }
    assert {joint: set(moves) for joint, moves in JOINT_MOVEMENTS.items()} == wanted
    assert {
        "hip flexion",
        "spine lateral flexion",
        "scapula upward rotation",
        "inhalation",
        "exhalation",
    } <= set(MOVES)
    assert len(MOVES) == len(set(MOVES))


def test_moves_are_optional_and_valid_ones_load(load_text: Callable[[str], LoadedDeck]) -> None:
    result = load_text(deck_with_moves("[hip flexion, spine lateral flexion, exhalation]"))
    assert result.ok, result.errors
    assert result.deck is not None
    assert result.deck.muscles[0].moves == ["hip flexion", "spine lateral flexion", "exhalation"]
    assert load_text(f"id: d\ntitle: D\nmuscles:\n{PSOAS_MUSCLE}").ok


def test_an_unknown_move_is_named_where_it_is_with_a_guess(
    load_text: Callable[[str], LoadedDeck],
) -> None:
    result = load_text(deck_with_moves("[hip flexion, hip flexon]"))
    (error,) = result.errors
    assert (error.line, error.column) == (10, 26)
    assert error.message.startswith("unknown move 'hip flexon' (did you mean 'hip flexion'?)")


def test_a_move_guess_needs_a_close_match() -> None:
    assert suggest_move("Knee  Extention") == "knee extension"
    assert suggest_move("juggling") is None


def test_the_json_schema_lists_the_moves_for_editors() -> None:
    schema = json.dumps(deck_schema())
    for move in ("hip flexion", "scapula downward rotation", "toes extension", "inhalation"):
        assert f'"{move}"' in schema


def test_pose_and_move_are_no_muscle_ids(load_text: Callable[[str], LoadedDeck]) -> None:
    from studytool.core.card import muscle_in_card_id

    for reserved in ("pose", "move"):
        result = load_text(
            f"id: d\ntitle: D\nmuscles:\n{PSOAS_MUSCLE.replace('psoas-major', reserved)}"
        )
        assert any("is reserved" in error.message for error in result.errors)
    assert muscle_in_card_id("d/pose/bridge/strengthens") is None
    assert muscle_in_card_id("d/move/hip-flexion") is None
    assert muscle_in_card_id("d/psoas-major/origin") == "psoas-major"
