"""Deck texts that several test files use."""

from __future__ import annotations

MUSCLE = """\
  - id: {id}
    name: {name}
    region: hip
    origin: Origin of {name}
    insertion: Insertion of {name}
    actions: [Flexes the hip, Rotates the thigh]
    innervation: Nerve of {name}
"""


#: One valid muscle entry, for decks written inline in tests.
PSOAS_MUSCLE = """\
  - id: psoas-major
    name: Psoas major
    region: hip
    origin: T12-L4 vertebral bodies
    insertion: Lesser trochanter
    actions: [Flexes the hip]
"""


def seven_muscle_deck() -> str:
    """7 muscles, all with innervation, 4 cues and 2 free cards: exactly 41 cards."""
    muscles = "".join(MUSCLE.format(id=f"muscle-{n}", name=f"Muscle {n}") for n in range(1, 8))
    cues = """\
    cues:
      - pose: Runner's lunge
        cue: Step back and tuck the tail.
        effect: lengthens
      - pose: Bridge
        cue: Press through the heels.
        effect: strengthens
      - pose: Tree pose
        cue: Keep the hip points level.
        effect: stabilizes
      - pose: Pigeon
        cue: Square the hips.
        effect: releases
"""
    return (
        "id: test-deck\ntitle: Test deck\nversion: 2\ntags: [hips]\nmuscles:\n"
        + muscles
        + cues
        + """\
cards:
  - id: free-one
    front: Question one?
    back: Answer one.
    tags: [extra]
  - id: free-two
    front: Question two?
    back: Answer two.
"""
    )


def bundled_card_count(deck_id: str) -> int:
    """How many cards a bundled deck makes (its notes in an export), as it is today."""
    from studytool.core.deck_loading import load_deck
    from studytool.paths import bundled_decks_dir

    return len(load_deck(bundled_decks_dir() / f"{deck_id}.yaml").cards)
