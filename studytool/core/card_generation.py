"""Turn a validated deck into flashcards with stable ids.

Per muscle: origin, insertion, actions, innervation (when given) and identify cards,
and one card per cue, which names its muscle so it has one right answer. Then the cards
that join muscles: one per pose and effect that two or more muscles share, and one per
move that two or more muscles share, each answered with every such muscle. Last, one
card per free card.

Ids are `DECK/MUSCLE/KIND`; cue cards `DECK/MUSCLE/cue/POSE-SLUG` (the pose and its
side, if given); pose cards `DECK/pose/POSE-SLUG/EFFECT`, move cards
`DECK/move/JOINT-MOVEMENT`, free cards `DECK/card/ID`. Progress belongs to the id, so
fixing a typo keeps a card's schedule while renaming an id makes a new card.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from studytool.core.card import Card, CardKind
from studytool.core.deck_format import Cue, Deck, Muscle
from studytool.core.movements import move_verb
from studytool.core.slugs import slugify
from studytool.core.yaml_reader import Document

__all__ = ["card_id", "cue_key", "generate_cards", "in_sentence"]

#: What a pose does to one muscle, on the back of its cue card.
_EFFECT_ANSWERS = {
    "lengthens": "Lengthens it",
    "strengthens": "Strengthens it",
    "stabilizes": "It works as a stabilizer",
    "releases": "Releases it",
    "activates": "Activates it",
}
#: The question of a pose card, after the pose's name.
_POSE_QUESTIONS = {
    "lengthens": "which muscles does it lengthen?",
    "strengthens": "which muscles does it strengthen?",
    "stabilizes": "which muscles work to stabilize it?",
    "releases": "which muscles does it release?",
    "activates": "which muscles does it activate?",
}

Line = Callable[..., int]


def card_id(deck: str, muscle: str | None, kind: CardKind, pose: str | None = None) -> str:
    """The stable id of a muscle's card (for a cue, `pose` is its `cue_key`)."""
    if kind is CardKind.CUE:
        return f"{deck}/{muscle}/cue/{pose}"
    return f"{deck}/{muscle}/{kind.value}"


def cue_key(pose: str, side: str | None) -> str:
    """The last part of a cue card's id, from the slug of its pose and its side as
    written: `warrior-iii` and `lifted leg` give `warrior-iii-lifted-leg`, the slug the
    pose written as `Warrior III (lifted leg)` had, so moving a side out of the pose's
    name keeps the card and its progress. The validator keeps these unique per muscle.
    """
    return f"{pose}-{slugify(side)}" if side else pose


def in_sentence(name: str) -> str:
    """A muscle's name inside a sentence: `Psoas major` -> `psoas major`, but `TFL`
    and `Tensor fasciae latae (TFL)` keep the capitals of what is written in them."""
    if len(name) > 1 and name[0].isupper() and not name[1].isupper():
        return name[0].lower() + name[1:]
    return name


def generate_cards(deck: Deck, document: Document | None = None) -> list[Card]:
    """Every card of `deck`: muscles in file order, then pose, move and free cards.

    `document` supplies source lines."""

    def line(*path: str | int) -> int:
        return document.position(path)[0] if document is not None else 0

    cards: list[Card] = []
    poses: list[list[str]] = []  # each muscle's cues' pose slugs, made once
    for index, muscle in enumerate(deck.muscles):
        cards.extend(_muscle_cards(deck, muscle, line("muscles", index)))
        slugs = [slugify(cue.pose) for cue in muscle.cues]
        poses.append(slugs)
        for cue_index, (cue, pose) in enumerate(zip(muscle.cues, slugs, strict=True)):
            where = line("muscles", index, "cues", cue_index)
            cards.append(_cue_card(deck, muscle, cue, pose, where))
    cards.extend(_pose_cards(deck, poses, line))
    cards.extend(_move_cards(deck, line))
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


def _pose_with_side(cue: Cue) -> str:
    return f"{cue.pose} ({cue.side})" if cue.side else cue.pose


def _cue_card(deck: Deck, muscle: Muscle, cue: Cue, pose: str, line: int) -> Card:
    return Card(
        id=card_id(deck.id, muscle.id, CardKind.CUE, cue_key(pose, cue.side)),
        deck=deck.id,
        kind=CardKind.CUE,
        front=(
            f"{_pose_with_side(cue)} — {in_sentence(muscle.name)}: "
            "what does the pose do to it, and what would you cue?"
        ),
        back=f"{_EFFECT_ANSWERS[cue.effect]}.\nCue: {cue.cue}",
        line=line,
        muscle=muscle.id,
        muscle_name=muscle.name,
        region=muscle.region,
        notes=muscle.notes,
        image=muscle.image,
        tags=tuple(deck.tags),
    )


@dataclass
class _Shared:
    """Muscles that share a pose and effect, or a move: one joining card's content."""

    title: str  # the pose as first written, or the move
    where: tuple[str | int, ...]  # the path to where it is first written
    members: dict[str, tuple[Muscle, list[str]]]  # muscle id -> the muscle, its sides

    def add(self, muscle: Muscle, side: str | None = None) -> None:
        """Count `muscle` in (once, with every side it is cued on)."""
        _, sides = self.members.setdefault(muscle.id, (muscle, []))
        if side and side not in sides:
            sides.append(side)

    def answers(self) -> list[str]:
        """How the answer names each muscle: `Psoas major (back leg, front leg)`."""
        return [
            f"{muscle.name} ({', '.join(sides)})" if sides else muscle.name
            for muscle, sides in self.members.values()
        ]


def _pose_cards(deck: Deck, poses: list[list[str]], line: Line) -> list[Card]:
    shared: dict[tuple[str, str], _Shared] = {}
    for index, (muscle, slugs) in enumerate(zip(deck.muscles, poses, strict=True)):
        for cue_index, (cue, pose) in enumerate(zip(muscle.cues, slugs, strict=True)):
            key = (pose, cue.effect)
            group = shared.get(key)
            if group is None:
                group = shared[key] = _Shared(cue.pose, ("muscles", index, "cues", cue_index), {})
            group.add(muscle, cue.side)
    return [
        _joining_card(
            deck,
            f"{deck.id}/pose/{pose}/{effect}",
            CardKind.POSE,
            f"{group.title}: {_POSE_QUESTIONS[effect]}",
            group,
            line,
        )
        for (pose, effect), group in shared.items()
        if len(group.members) > 1
    ]


def _move_cards(deck: Deck, line: Line) -> list[Card]:
    shared: dict[str, _Shared] = {}
    for index, muscle in enumerate(deck.muscles):
        for move_index, move in enumerate(muscle.moves):
            group = shared.get(move)
            if group is None:
                group = shared[move] = _Shared(move, ("muscles", index, "moves", move_index), {})
            group.add(muscle)
    return [
        _joining_card(
            deck,
            f"{deck.id}/move/{slugify(move)}",
            CardKind.MOVE,
            f"Which muscles in this deck {move_verb(move)}?",
            group,
            line,
        )
        for move, group in shared.items()
        if len(group.members) > 1
    ]


def _joining_card(
    deck: Deck, id_: str, kind: CardKind, front: str, group: _Shared, line: Line
) -> Card:
    # The line is looked up only here: most poses belong to one muscle and make no card.
    regions = {muscle.region for muscle, _ in group.members.values()}
    return Card(
        id=id_,
        deck=deck.id,
        kind=kind,
        front=front,
        back=_bullets(group.answers()),
        line=line(*group.where),
        region=regions.pop() if len(regions) == 1 else None,
        tags=tuple(deck.tags),
        members=tuple(group.members),
    )


def _bullets(items: Iterable[str]) -> str:
    return "\n".join(f"• {item}" for item in items)
