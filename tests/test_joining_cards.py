"""Cards that join muscles: cue cards naming their muscle, pose cards for a pose and
effect two muscles share, movement cards for a shared move; the card count rule; the
JSON listing; and the pedagogy warnings of `validate`."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from conftest import at
from sample_decks import seven_muscle_deck

from studytool.cli import cli
from studytool.core.card import CardKind
from studytool.core.deck_validation import LoadedDeck
from studytool.core.new_card_order import introduction_ranks
from studytool.core.slugs import slugify
from studytool.paths import bundled_decks_dir
from studytool.storage import Store

FOUR_MUSCLES = """\
id: hips
title: Hips
muscles:
  - id: psoas-major
    name: Psoas major
    region: hip
    origin: Lumbar vertebrae
    insertion: Lesser trochanter
    actions: [Flexes the hip]
    innervation: Lumbar plexus (L1-L3)
    moves: [hip flexion, spine lateral flexion]
    cues:
      - pose: Runner's lunge
        side: back leg
        cue: Tuck the tail and sink the hips.
        effect: lengthens
  - id: iliacus
    name: Iliacus
    region: hip
    origin: Iliac fossa
    insertion: Lesser trochanter
    actions: [Flexes the hip]
    moves: [hip flexion]
    cues:
      - pose: Runners Lunge
        side: back leg
        cue: Lift the front of the pelvis.
        effect: lengthens
  - id: gluteus-maximus
    name: Gluteus maximus
    region: hip
    origin: Ilium, sacrum and coccyx
    insertion: Iliotibial tract and gluteal tuberosity
    actions: [Extends the hip, Laterally rotates the hip]
    innervation: Inferior gluteal nerve (L5-S2)
    moves: [hip extension, hip lateral rotation]
    cues:
      - pose: Bridge
        cue: Press through the heels.
        effect: strengthens
      - pose: Pigeon pose
        cue: Square the hips.
        effect: lengthens
  - id: hamstrings
    name: Hamstrings
    region: thigh
    origin: Ischial tuberosity
    insertion: Tibia and fibula
    actions: [Extends the hip, Flexes the knee]
    moves: [hip extension, knee flexion]
    cues:
      - pose: Bridge
        cue: Keep the heels under the knees.
        effect: strengthens
      - pose: Runner's lunge
        side: front leg
        cue: Straighten the front leg and fold forward.
        effect: lengthens
cards:
  - id: sacrum
    front: Which bone forms the back of the pelvis?
    back: The sacrum
"""


def by_id(result: LoadedDeck) -> dict[str, object]:
    return {card.id: card for card in result.cards}


def test_four_muscles_yield_exactly_the_cards_of_the_count_rule(
    load_text: Callable[[str], LoadedDeck],
) -> None:
    result = load_text(FOUR_MUSCLES)
    assert result.ok, result.errors
    kinds = Counter(card.kind for card in result.cards)
    assert kinds == {
        CardKind.ORIGIN: 4,
        CardKind.INSERTION: 4,
        CardKind.ACTIONS: 4,
        CardKind.INNERVATION: 2,
        CardKind.IDENTIFY: 4,
        CardKind.CUE: 6,
        CardKind.POSE: 2,  # Runner's lunge lengthens 3, Bridge strengthens 2; Pigeon only 1
        CardKind.MOVE: 2,  # hip flexion and hip extension; the others belong to one muscle
        CardKind.CARD: 1,
    }
    joining = [card.id for card in result.cards if card.kind in (CardKind.POSE, CardKind.MOVE)]
    assert joining == [
        "hips/pose/runners-lunge/lengthens",
        "hips/pose/bridge/strengthens",
        "hips/move/hip-flexion",
        "hips/move/hip-extension",
    ]
    assert result.cards[-1].id == "hips/card/sacrum"


def test_pose_cards_name_every_muscle_that_shares_the_pose_and_effect(
    load_text: Callable[[str], LoadedDeck],
) -> None:
    cards = {card.id: card for card in load_text(FOUR_MUSCLES).cards}
    lunge = cards["hips/pose/runners-lunge/lengthens"]
    # Spelling variants of one pose meet by slug; the first spelling is the title.
    assert lunge.front == "Runner's lunge: which muscles does it lengthen?"
    assert lunge.back == (
        "• Psoas major (back leg)\n• Iliacus (back leg)\n• Hamstrings (front leg)"
    )
    assert lunge.members == ("psoas-major", "iliacus", "hamstrings")
    assert lunge.muscle is None
    assert lunge.region is None  # hip and thigh
    bridge = cards["hips/pose/bridge/strengthens"]
    assert bridge.front == "Bridge: which muscles does it strengthen?"
    assert bridge.back == "• Gluteus maximus\n• Hamstrings"


def test_movement_cards_name_every_muscle_that_shares_the_move(
    load_text: Callable[[str], LoadedDeck],
) -> None:
    cards = {card.id: card for card in load_text(FOUR_MUSCLES).cards}
    flexion = cards["hips/move/hip-flexion"]
    assert flexion.front == "Which muscles in this deck flex the hip?"
    assert flexion.back == "• Psoas major\n• Iliacus"
    assert flexion.region == "hip"
    assert cards["hips/move/hip-extension"].back == "• Gluteus maximus\n• Hamstrings"


def test_cue_cards_name_their_muscle_and_side(load_text: Callable[[str], LoadedDeck]) -> None:
    cards = {card.id: card for card in load_text(FOUR_MUSCLES).cards}
    cue = cards["hips/psoas-major/cue/runners-lunge-back-leg"]
    assert cue.front == (
        "Runner's lunge (back leg) — psoas major: what does the pose do to it,"
        " and what would you cue?"
    )
    assert cue.back == "Lengthens it.\nCue: Tuck the tail and sink the hips."
    assert "hips/hamstrings/cue/runners-lunge-front-leg" in cards


def test_a_deck_without_shared_poses_or_moves_keeps_its_old_cards(
    load_text: Callable[[str], LoadedDeck],
) -> None:
    cards = load_text(seven_muscle_deck()).cards
    assert len(cards) == 41
    assert not [card for card in cards if card.kind in (CardKind.POSE, CardKind.MOVE)]
    assert [card.id for card in cards if card.kind is CardKind.CUE] == [
        "test-deck/muscle-7/cue/runners-lunge",
        "test-deck/muscle-7/cue/bridge",
        "test-deck/muscle-7/cue/tree-pose",
        "test-deck/muscle-7/cue/pigeon",
    ]


def test_a_move_listed_twice_is_a_mistake(load_text: Callable[[str], LoadedDeck]) -> None:
    text = FOUR_MUSCLES.replace("[hip flexion]", "[hip flexion, hip flexion]")
    (error,) = load_text(text).errors
    assert (error.line, error.column, error.message) == (
        23,
        26,
        "move 'hip flexion' is listed twice",
    )


def test_a_muscle_cued_in_one_pose_on_two_sides_is_named_once_with_both(
    load_text: Callable[[str], LoadedDeck],
) -> None:
    both = FOUR_MUSCLES.replace(
        "        side: back leg\n        cue: Tuck the tail and sink the hips.\n"
        "        effect: lengthens\n",
        "        side: back leg\n        cue: Tuck the tail and sink the hips.\n"
        "        effect: lengthens\n      - pose: Runner's lunge\n        side: front leg\n"
        "        cue: Lengthen the front of the hip.\n        effect: lengthens\n",
    )
    cards = {card.id: card for card in load_text(both).cards}
    lunge = cards["hips/pose/runners-lunge/lengthens"]
    assert lunge.back == (
        "• Psoas major (back leg, front leg)\n• Iliacus (back leg)\n• Hamstrings (front leg)"
    )
    assert lunge.members == ("psoas-major", "iliacus", "hamstrings")


def test_joining_cards_are_introduced_after_their_muscles(
    load_text: Callable[[str], LoadedDeck],
) -> None:
    cards = load_text(FOUR_MUSCLES).cards
    ranks = dict(zip((card.id for card in cards), introduction_ranks(cards), strict=True))
    joining = [ranks[card.id] for card in cards if card.members]
    others = [ranks[card.id] for card in cards if not card.members]
    assert min(joining) > max(others)
    assert len(set(ranks.values())) == len(cards)


def test_moving_a_side_out_of_the_pose_name_keeps_the_card_and_its_progress(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    old = FOUR_MUSCLES.replace(
        "      - pose: Runner's lunge\n        side: back leg\n",
        "      - pose: Runner's lunge (back leg)\n",
        1,
    )
    path = write_deck(old)
    store.sync([path], at(1))
    card_id = "hips/psoas-major/cue/runners-lunge-back-leg"
    store.answer(card_id, 5, at(1))
    (before,) = store.cards([card_id])
    path.write_text(FOUR_MUSCLES, "utf-8")
    (report,) = store.sync([path], at(2))
    assert report.retired == 0
    (after,) = store.cards([card_id])
    assert after.schedule == before.schedule
    assert after.front.startswith("Runner's lunge (back leg) — psoas major")


def test_the_same_pose_on_one_muscle_needs_different_sides(
    load_text: Callable[[str], LoadedDeck],
) -> None:
    twice = FOUR_MUSCLES.replace("        side: front leg\n", "        side: Front leg\n").replace(
        "      - pose: Bridge\n        cue: Keep",
        "      - pose: Runner's lunge\n        side: front  leg\n        cue: Again.\n"
        "        effect: lengthens\n      - pose: Bridge\n        cue: Keep",
    )
    result = load_text(twice)
    (error,) = result.errors
    assert (
        "already has a cue for pose 'Runner's lunge' on side 'front  leg' (line 52)"
        in error.message
    )
    assert "once per muscle and side" in error.message


def test_cards_json_lists_every_card_for_tools(
    runner: CliRunner, write_deck: Callable[..., Path]
) -> None:
    path = write_deck(FOUR_MUSCLES)
    result = runner.invoke(cli, ["cards", str(path), "--json", "--kind", "pose"])
    assert result.exit_code == 0, result.output
    cards = json.loads(result.stdout)["cards"]
    assert [card["id"] for card in cards] == [
        "hips/pose/runners-lunge/lengthens",
        "hips/pose/bridge/strengthens",
    ]
    first = cards[0]
    assert first["deck"] == "hips"
    assert first["kind"] == "pose"
    assert first["muscle"] is None
    assert first["muscles"] == ["psoas-major", "iliacus", "hamstrings"]
    assert first["front"] == "Runner's lunge: which muscles does it lengthen?"
    assert first["back"].startswith("• Psoas major (back leg)")
    every = json.loads(runner.invoke(cli, ["cards", str(path), "--json"]).stdout)["cards"]
    assert len(every) == 29
    origin = next(card for card in every if card["id"] == "hips/iliacus/origin")
    assert (origin["muscle"], origin["muscles"], origin["kind"]) == (
        "iliacus",
        ["iliacus"],
        "origin",
    )


def test_validate_warns_of_questions_with_more_than_one_right_answer(
    runner: CliRunner, write_deck: Callable[..., Path]
) -> None:
    """An instructor's session: a misspelled move and an ambiguous question, fixed."""
    ambiguous = FOUR_MUSCLES.replace("[hip flexion]", "[hip flexon]") + (
        "  - id: flexor\n"
        "    front: Which muscle flexes the hip?\n"
        "    back: Psoas major\n"
        "  - id: bridge\n"
        '    front: "Bridge: which muscle does it strengthen?"\n'
        "    back: Gluteus maximus\n"
        "  - id: again\n"
        "    front: Which  bone forms the back of the pelvis?\n"
        "    back: The sacrum\n"
    )
    path = write_deck(ambiguous)
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 1
    assert f"{path}:23:13: unknown move 'hip flexon' (did you mean 'hip flexion'?)" in (
        result.stderr
    )
    fixed = ambiguous.replace("[hip flexon]", "[hip flexion]")
    path.write_text(fixed, "utf-8")
    result = runner.invoke(cli, ["validate", str(path)])
    assert result.exit_code == 0  # warnings do not fail
    warnings = [line for line in result.stderr.splitlines() if "warning:" in line]
    assert warnings == [
        f"{path}:64:12: warning: card 'flexor' asks for one muscle, but 2 muscles of this deck"
        " flex the hip (psoas major, iliacus); ask 'which muscles' and name them all in the"
        " answer, or name the muscle in the question",
        f"{path}:67:12: warning: card 'bridge' asks for one muscle, but Bridge strengthens 2"
        " muscles of this deck (gluteus maximus, hamstrings); ask 'which muscles' and name"
        " them all in the answer, or name the muscle in the question",
        f"{path}:70:12: warning: card 'hips/card/again' asks the same question as"
        " 'hips/card/sacrum' (line 60); a trainee cannot tell which answer is wanted",
    ]
    assert "hips: 4 muscles, 32 cards, 3 warnings" in result.stdout
    reworded = (
        fixed.replace("Which muscle flexes", "Which muscles flex")
        .replace("Bridge: which muscle does it strengthen", "Bridge: which muscles lift the hips")
        .replace("Which  bone forms", "Which bone lies at")
    )
    path.write_text(reworded, "utf-8")
    result = runner.invoke(cli, ["validate", str(path), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["decks"][0]["warnings"] == []


def test_a_cue_without_side_beside_one_with_a_side_is_ambiguous(
    runner: CliRunner, write_deck: Callable[..., Path]
) -> None:
    text = FOUR_MUSCLES.replace(
        "      - pose: Pigeon pose\n",
        "      - pose: Bridge\n        side: left leg\n        cue: Lift.\n"
        "        effect: strengthens\n      - pose: Pigeon pose\n",
    )
    path = write_deck(text)
    result = runner.invoke(cli, ["validate", str(path), "--json"])
    (warning,) = json.loads(result.stdout)["decks"][0]["warnings"]
    assert warning["message"].startswith(
        "warning: gluteus maximus has cues for 'Bridge' with a side and this one without"
    )
    assert warning["line"] == 38


# -- the bundled decks


def bundled() -> list[tuple[Path, dict[str, object]]]:
    return [
        (path, yaml.safe_load(path.read_text("utf-8")))
        for path in sorted(bundled_decks_dir().glob("*.yaml"))
    ]


def test_no_bundled_cue_card_asks_which_muscle_in_the_singular(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["cards", str(bundled_decks_dir()), "--json"])
    assert result.exit_code == 0
    cards = json.loads(result.stdout)["cards"]
    assert cards
    for card in cards:
        if card["kind"] in ("cue", "pose", "move"):
            assert "which muscle?" not in card["front"].lower(), card["id"]
            assert "which muscle does" not in card["front"].lower(), card["id"]


def test_every_bundled_pose_card_names_every_muscle_with_that_pose_and_effect(
    runner: CliRunner,
) -> None:
    result = runner.invoke(cli, ["cards", str(bundled_decks_dir()), "--json", "--kind", "pose"])
    shown = {card["id"]: card for card in json.loads(result.stdout)["cards"]}
    expected: dict[str, list[str]] = {}
    for _, deck in bundled():
        sharing: dict[tuple[str, str], list[str]] = {}
        for muscle in deck["muscles"]:  # type: ignore[attr-defined]
            for cue in muscle.get("cues", []):
                key = (slugify(cue["pose"]), cue["effect"])
                if muscle["id"] not in sharing.setdefault(key, []):
                    sharing[key].append(muscle["id"])
        for (pose, effect), muscles in sharing.items():
            if len(muscles) > 1:
                expected[f"{deck['id']}/pose/{pose}/{effect}"] = muscles
    assert {card_id: card["muscles"] for card_id, card in shown.items()} == expected
    names = {
        muscle["id"]: muscle["name"]
        for _, deck in bundled()
        for muscle in deck["muscles"]  # type: ignore[attr-defined]
    }
    for card_id, card in shown.items():
        for muscle in expected[card_id]:
            assert names[muscle] in card["back"], card_id


@pytest.mark.parametrize("bury_siblings", [True, False])
def test_a_pose_or_move_card_waits_until_its_muscles_have_been_met(
    store: Store, write_deck: Callable[..., Path], bury_siblings: bool
) -> None:
    store.sync([write_deck(FOUR_MUSCLES)], at(1))

    def offered(day: int) -> list[str]:
        cards = store.queue(at(day), new_per_day=1000, bury_siblings=bury_siblings)
        return [card.id for card in cards if card.kind in (CardKind.POSE, CardKind.MOVE)]

    assert offered(1) == []  # nothing met yet: every other new card, but none of these
    store.answer("hips/psoas-major/origin", 5, at(1))
    store.answer("hips/iliacus/insertion", 5, at(1))
    # Psoas major and iliacus are met: the card that joins just them comes today.
    assert offered(1) == ["hips/move/hip-flexion"]
    store.answer("hips/gluteus-maximus/origin", 5, at(2))
    store.answer("hips/hamstrings/origin", 5, at(2))
    assert offered(2) == [
        "hips/pose/runners-lunge/lengthens",
        "hips/pose/bridge/strengthens",
        "hips/move/hip-flexion",
        "hips/move/hip-extension",
    ]


def test_a_muscle_whose_new_cards_are_all_suspended_does_not_hold_its_cards_back(
    store: Store, write_deck: Callable[..., Path]
) -> None:
    store.sync([write_deck(FOUR_MUSCLES)], at(1))
    for kind in ("origin", "insertion", "actions", "identify", "cue/runners-lunge-back-leg"):
        store.suspend(f"hips/iliacus/{kind}")
    store.answer("hips/psoas-major/origin", 5, at(1))
    offered = [card.id for card in store.queue(at(1), new_per_day=1000)]
    assert "hips/move/hip-flexion" in offered


def test_a_pose_named_in_another_script_is_recognised_and_effect_words_are_whole(
    runner: CliRunner, write_deck: Callable[..., Path]
) -> None:
    text = FOUR_MUSCLES.replace("pose: Bridge", "pose: सेतु बन्ध") + (
        "  - id: setu\n"
        '    front: "सेतु बन्ध: which muscle does it strengthen?"\n'
        "    back: Gluteus maximus\n"
        "  - id: network\n"
        "    front: Which muscle does the network of nerves in सेतु बन्ध supply?\n"
        "    back: None\n"
    )
    result = runner.invoke(cli, ["validate", "--json", str(write_deck(text))])
    warnings = json.loads(result.stdout)["decks"][0]["warnings"]
    assert [warning["line"] for warning in warnings] == [64]
    assert "सेतु बन्ध strengthens 2 muscles of this deck" in warnings[0]["message"]
