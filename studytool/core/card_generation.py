"""Turn a validated deck into flashcards with stable ids.

Per muscle: origin, insertion, actions, innervation (when given) and identify cards;
one card per cue and one per free card. Ids are `DECK/MUSCLE/KIND`, cue cards
`DECK/MUSCLE/cue/POSE-SLUG` and free cards `DECK/card/ID`: progress belongs to the id,
so fixing a typo keeps a card's schedule while renaming an id makes a new card.
"""

from __future__ import annotations

from studytool.core.card import Card, CardKind
from studytool.core.deck_format import Cue, Deck, Muscle
from studytool.core.slugs import slugify
from studytool.core.yaml_reader import Document

__all__ = ["card_id", "generate_cards"]

_EFFECT_QUESTIONS = {
    "lengthens": "which muscle does it lengthen?",
    "strengthens": "which muscle does it strengthen?",
    "stabilizes": "which muscle works to stabilize?",
    "releases": "which muscle does it release?",
    "activates": "which muscle does it activate?",
}


def card_id(deck: str, muscle: str | None, kind: CardKind, pose: str | None = None) -> str:
    """The stable id of a generated card."""
    if kind is CardKind.CUE:
        return f"{deck}/{muscle}/cue/{slugify(pose or '')}"
    return f"{deck}/{muscle}/{kind.value}"


def generate_cards(deck: Deck, document: Document | None = None) -> list[Card]:
    """Every card of `deck`, in file order. `document` supplies source lines."""

    def line(*path: str | int) -> int:
        return document.position(path)[0] if document is not None else 0

    cards: list[Card] = []
    for index, muscle in enumerate(deck.muscles):
        cards.extend(_muscle_cards(deck, muscle, line("muscles", index)))
        for cue_index, cue in enumerate(muscle.cues):
            cards.append(_cue_card(deck, muscle, cue, line("muscles", index, "cues", cue_index)))
    for index, free in enumerate(deck.cards):
        cards.append(
            Card(
                id=f"{deck.id}/card/{free.id}",
                deck=deck.id,
                kind=CardKind.CARD,
                front=free.front,
                back=free.back,
                line=line("cards", index),
                image=free.image,
                tags=(*deck.tags, *free.tags),
            )
        )
    return cards


def _muscle_cards(deck: Deck, muscle: Muscle, line: int) -> list[Card]:
    name = muscle.name
    actions = muscle.actions
    sides: list[tuple[CardKind, str, str]] = [
        (CardKind.ORIGIN, f"{name}: where does it originate?", muscle.origin),
        (CardKind.INSERTION, f"{name}: where does it insert?", muscle.insertion),
        (
            CardKind.ACTIONS,
            f"{name}: what are its actions?" if len(actions) > 1 else f"{name}: what does it do?",
            "\n".join(f"• {a}" for a in actions) if len(actions) > 1 else actions[0],
        ),
    ]
    if muscle.innervation is not None:
        sides.append(
            (CardKind.INNERVATION, f"{name}: which nerve supplies it?", muscle.innervation)
        )
    sides.append(
        (
            CardKind.IDENTIFY,
            f"Which muscle runs\nfrom: {muscle.origin}\nto: {muscle.insertion}?",
            name,
        )
    )
    return [
        Card(
            id=card_id(deck.id, muscle.id, kind),
            deck=deck.id,
            kind=kind,
            front=front,
            back=back,
            line=line,
            muscle=muscle.id,
            muscle_name=name,
            region=muscle.region,
            notes=muscle.notes,
            image=muscle.image,
            tags=tuple(deck.tags),
        )
        for kind, front, back in sides
    ]


def _cue_card(deck: Deck, muscle: Muscle, cue: Cue, line: int) -> Card:
    return Card(
        id=card_id(deck.id, muscle.id, CardKind.CUE, cue.pose),
        deck=deck.id,
        kind=CardKind.CUE,
        front=f"{cue.pose}: {_EFFECT_QUESTIONS[cue.effect]}\nAnd what would you cue?",
        back=f"{muscle.name}\nCue: {cue.cue}",
        line=line,
        muscle=muscle.id,
        muscle_name=muscle.name,
        region=muscle.region,
        notes=muscle.notes,
        image=muscle.image,
        tags=tuple(deck.tags),
    )
