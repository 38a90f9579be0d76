"""The cards a deck becomes: plain frozen data, light to import.

Pure core. Kept apart from the pydantic deck models in `deck_format.py` so that the study
app and the store can start without importing the deck validator.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = ["FREE_CARD_SEGMENT", "NOT_MUSCLES", "Card", "CardKind", "muscle_in_card_id"]

#: The second segment of a free card's id (`DECK/card/ID`); never a muscle id.
FREE_CARD_SEGMENT = "card"
#: Second segments of card ids that name no muscle: free cards, and the pose and
#: movement cards that join several muscles (`DECK/pose/...`, `DECK/move/...`).
NOT_MUSCLES = frozenset({FREE_CARD_SEGMENT, "pose", "move"})


def muscle_in_card_id(card_id: str) -> str | None:
    """The muscle a card id names (`DECK/MUSCLE/KIND...`), or None for a free card.

    Ids own progress and never change shape, so the store can tell a card's muscle from
    its id alone, without reading the card.
    """
    parts = card_id.split("/", 2)
    if len(parts) < 3 or parts[1] in NOT_MUSCLES:
        return None
    return parts[1]


class CardKind(enum.StrEnum):
    """What a card asks about."""

    ORIGIN = "origin"
    INSERTION = "insertion"
    ACTIONS = "actions"
    INNERVATION = "innervation"
    IDENTIFY = "identify"
    CUE = "cue"
    POSE = "pose"  # the muscles that share a pose and effect
    MOVE = "move"  # the muscles that share a movement
    CARD = "card"


@dataclass(frozen=True, slots=True)
class Card:
    """One flashcard generated from a deck. Progress belongs to `id`, not to the text."""

    id: str
    deck: str
    kind: CardKind
    front: str
    back: str
    line: int  # where its muscle, cue or free card starts in the deck file
    muscle: str | None = None
    muscle_name: str | None = None
    region: str | None = None
    notes: str | None = None
    image: str | None = None  # as written in the deck, relative to the deck file
    tags: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # a pose or move card: the muscles its answer names
