"""Card generation: counts, stable ids and what each card shows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from sample_decks import seven_muscle_deck

from studytool.core.card import CardKind
from studytool.core.deck_validation import LoadedDeck
from studytool.core.slugs import slugify


def test_seven_muscles_four_cues_two_free_cards_make_41_cards(
    load_text: Callable[[str], LoadedDeck],
) -> None:
    result = load_text(seven_muscle_deck())
    assert result.ok, result.errors
    kinds = Counter(card.kind for card in result.cards)
    assert len(result.cards) == 41
    assert kinds == {
        CardKind.ORIGIN: 7,
        CardKind.INSERTION: 7,
        CardKind.ACTIONS: 7,
        CardKind.INNERVATION: 7,
        CardKind.IDENTIFY: 7,
        CardKind.CUE: 4,
        CardKind.CARD: 2,
    }


def test_innervation_card_only_when_innervation_is_given(
    load_text: Callable[[str], LoadedDeck],
) -> None:
    result = load_text(
        """\
        id: d
        title: D
        muscles:
          - id: m
            name: M
            region: hip
            origin: o
            insertion: i
            actions: [a]
        """
    )
    assert [card.kind for card in result.cards] == [
        CardKind.ORIGIN,
        CardKind.INSERTION,
        CardKind.ACTIONS,
        CardKind.IDENTIFY,
    ]


def test_card_ids_follow_deck_muscle_kind(load_text: Callable[[str], LoadedDeck]) -> None:
    ids = [card.id for card in load_text(seven_muscle_deck()).cards]
    assert ids[:5] == [
        "test-deck/muscle-1/origin",
        "test-deck/muscle-1/insertion",
        "test-deck/muscle-1/actions",
        "test-deck/muscle-1/innervation",
        "test-deck/muscle-1/identify",
    ]
    assert "test-deck/muscle-7/cue/runners-lunge" in ids
    assert ids[-2:] == ["test-deck/card/free-one", "test-deck/card/free-two"]
    assert len(set(ids)) == len(ids)


def test_editing_text_keeps_every_card_id(load_text: Callable[[str], LoadedDeck]) -> None:
    original = seven_muscle_deck()
    edited = (
        original.replace("Origin of Muscle 3", "Corrected origin of muscle three")
        .replace("Press through the heels.", "Press down through both heels.")
        .replace("Answer two.", "A better answer.")
    )
    before = load_text(original).cards
    after = load_text(edited).cards
    assert [c.id for c in before] == [c.id for c in after]
    assert [c.front for c in before] != [c.front for c in after]


def test_cards_record_the_line_of_their_muscle_cue_or_card(
    load_text: Callable[[str], LoadedDeck],
) -> None:
    text = seven_muscle_deck()
    lines = text.splitlines()
    cards = {card.id: card for card in load_text(text).cards}
    assert lines[cards["test-deck/muscle-2/origin"].line - 1] == "  - id: muscle-2"
    assert lines[cards["test-deck/muscle-7/cue/bridge"].line - 1] == "      - pose: Bridge"
    assert lines[cards["test-deck/card/free-two"].line - 1] == "  - id: free-two"


def test_card_sides_carry_the_facts(load_text: Callable[[str], LoadedDeck]) -> None:
    cards = {card.id: card for card in load_text(seven_muscle_deck()).cards}
    origin = cards["test-deck/muscle-1/origin"]
    assert origin.front == "Muscle 1: where does it originate?"
    assert origin.back == "Origin of Muscle 1"
    assert origin.region == "hip"
    assert origin.tags == ("hips",)
    actions = cards["test-deck/muscle-1/actions"]
    assert actions.back == "• Flexes the hip\n• Rotates the thigh"
    identify = cards["test-deck/muscle-1/identify"]
    assert "Origin of Muscle 1" in identify.front
    assert "Insertion of Muscle 1" in identify.front
    assert identify.back == "Muscle 1"
    cue = cards["test-deck/muscle-7/cue/bridge"]
    assert cue.front == ("Bridge — muscle 7: what does the pose do to it, and what would you cue?")
    assert cue.back == "Strengthens it.\nCue: Press through the heels."
    free = cards["test-deck/card/free-one"]
    assert (free.front, free.back, free.tags) == ("Question one?", "Answer one.", ("hips", "extra"))


def test_slugify_makes_pose_ids() -> None:
    assert slugify("Runner's lunge") == "runners-lunge"
    assert slugify("Crescent lunge (overhead reach)") == "crescent-lunge-overhead-reach"
    assert slugify("Ustrāsana") == "ustrasana"
    assert slugify("!!!") == ""
