"""The decks that ship with studytool: valid, complete, and right on the facts we promise."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from studytool.core.card import CardKind
from studytool.core.deck_discovery import find_deck_files
from studytool.core.deck_format import Deck
from studytool.core.deck_loading import load_deck, load_decks
from studytool.core.deck_validation import LoadedDeck
from studytool.paths import bundled_decks_dir

BUNDLED = find_deck_files([bundled_decks_dir()])


def deck(deck_id: str) -> Deck:
    (path,) = [p for p in BUNDLED if p.stem == deck_id]
    loaded = load_deck(path)
    assert loaded.deck is not None, loaded.errors
    return loaded.deck


def test_the_first_bundled_decks_still_ship() -> None:
    """The whole course is pinned in test_whole_body_decks; these two came first."""
    assert {"hip-and-pelvis", "psoas-and-deep-core"} <= {p.stem for p in BUNDLED}


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_bundled_deck_validates(path: Path) -> None:
    loaded = load_deck(path)
    assert loaded.errors == ()
    assert loaded.ok
    assert loaded.id == path.stem


def test_psoas_deck_covers_the_deep_core() -> None:
    muscles = [m.id for m in deck("psoas-and-deep-core").muscles]
    assert muscles == [
        "psoas-major",
        "psoas-minor",
        "iliacus",
        "quadratus-lumborum",
        "diaphragm",
        "transversus-abdominis",
        "multifidus",
        "levator-ani",
    ]


def test_hip_deck_covers_glutes_rotators_flexors_adductors_and_hamstrings() -> None:
    muscles = {m.id for m in deck("hip-and-pelvis").muscles}
    assert {
        "gluteus-maximus",
        "gluteus-medius",
        "gluteus-minimus",
        "piriformis",
        "tensor-fasciae-latae",
        "rectus-femoris",
        "sartorius",
        "adductor-longus",
        "adductor-brevis",
        "adductor-magnus",
        "gracilis",
        "biceps-femoris",
        "semitendinosus",
        "semimembranosus",
    } <= muscles


@pytest.mark.parametrize("deck_id", ["psoas-and-deep-core", "hip-and-pelvis"])
def test_every_bundled_muscle_has_innervation_and_cues(deck_id: str) -> None:
    for muscle in deck(deck_id).muscles:
        assert muscle.innervation, muscle.id
        assert muscle.cues, muscle.id


def test_the_seed_cues_are_in_the_psoas_deck() -> None:
    poses = {
        f"{cue.pose} ({cue.side})".lower() if cue.side else cue.pose.lower()
        for m in deck("psoas-and-deep-core").muscles
        for cue in m.cues
    }
    for expected in [
        "runner's lunge",
        "crescent lunge with overhead reach",
        "camel pose",
        "standing hip extension",
        "bridge",
        "cobra",
        "pigeon pose (back leg)",
        "monk walks",
        "leg stretch series on a block",
    ]:
        assert expected in poses
    hip_poses = {cue.pose.lower() for m in deck("hip-and-pelvis").muscles for cue in m.cues}
    assert {"standing adductor slides", "side-lying abductor lifts"} <= hip_poses


def test_psoas_arises_from_vertebrae_and_the_12th_rib_is_quadratus_lumborums() -> None:
    muscles = {m.id: m for m in deck("psoas-and-deep-core").muscles}
    psoas = muscles["psoas-major"]
    assert "T12–L5" in psoas.origin
    assert "rib" not in psoas.origin
    assert "Lesser trochanter" in psoas.insertion
    assert "12th rib" in muscles["quadratus-lumborum"].insertion
    assert muscles["diaphragm"].innervation == "Phrenic nerve (C3–C5)"


def test_psoas_deck_has_misconception_cards() -> None:
    free = deck("psoas-and-deep-core").cards
    misconceptions = [card for card in free if "misconception" in card.tags]
    assert any("12th rib" in card.front for card in misconceptions)
    assert len(misconceptions) >= 2


def test_cue_questions_have_one_answer_across_the_bundled_decks() -> None:
    """Studying all decks together, a cue question must not have two right muscles."""
    results: list[LoadedDeck] = load_decks(BUNDLED)
    fronts = Counter(
        card.front for result in results for card in result.cards if card.kind is CardKind.CUE
    )
    assert [front for front, count in fronts.items() if count > 1] == []


def test_every_effect_is_used() -> None:
    effects = {
        cue.effect
        for deck_id in ("psoas-and-deep-core", "hip-and-pelvis")
        for m in deck(deck_id).muscles
        for cue in m.cues
    }
    assert effects == {"lengthens", "strengthens", "stabilizes", "releases", "activates"}
