"""The commented starter deck that `studytool new-deck` writes."""

from __future__ import annotations

__all__ = ["starter_deck"]

_TEMPLATE = """\
# A studytool deck. Check it with:  studytool validate {deck_id}.yaml
# For completion and checking in your editor, write the schema once with
#   studytool schema -o deck.schema.json
# and keep the next line (the YAML language server reads it):
# yaml-language-server: $schema=deck.schema.json

id: {deck_id}                  # lowercase, digits and hyphens; never change it once shared
title: {title}
description: What this deck covers, in a sentence or two.
version: 1                     # bump it each time you share a new release
authors: [Your Name]
tags: [anatomy]

muscles:
  # Each muscle becomes five cards: origin, insertion, actions, innervation, identify.
  # Card ids come from the deck id and the muscle id, so fixing a typo in the text
  # keeps a learner's progress; renaming an id starts the card afresh.
  - id: gluteus-medius         # unique in this deck
    name: Gluteus medius
    region: hip
    origin: Outer surface of the ilium, between the anterior and posterior gluteal lines
    insertion: Lateral surface of the greater trochanter of the femur
    actions:
      - Abducts the hip
      - Its anterior fibres rotate the thigh medially
      - Holds the pelvis level when standing on one leg
    innervation: Superior gluteal nerve (L4–S1)   # optional
    notes: A weak gluteus medius lets the pelvis drop on the unsupported side.  # optional
    # Optional: joint and movement, from a fixed list (the schema completes them). A move
    # two muscles of the deck share becomes a card: "Which muscles ... abduct the hip?"
    moves: [hip abduction, hip medial rotation]
    # image: images/gluteus-medius.png   # optional, relative to this file
    # Optional; each cue becomes a card. A pose and effect two muscles of the deck
    # share becomes a card too: "Tree pose: which muscles work to stabilize it?"
    cues:
      - pose: Tree pose
        side: standing leg      # optional
        cue: Press the standing foot down and keep both hip points level.
        effect: stabilizes      # lengthens | strengthens | stabilizes | releases | activates
      - pose: Side-lying leg lift
        cue: Lead with the heel and lift the top leg without rolling back.
        effect: strengthens

cards:
  # Free cards: any question and answer. Text may use *italic* and **bold**.
  - id: hip-abductors
    front: Which two gluteal muscles abduct the hip?
    back: Gluteus **medius** and gluteus **minimus**.
    tags: [hip]
"""


def starter_deck(deck_id: str) -> str:
    """A starter deck with the given id that validates as written."""
    title = deck_id.replace("-", " ").capitalize()
    return _TEMPLATE.format(deck_id=deck_id, title=title)
