"""A pedagogy check for instructors: questions a trainee could answer rightly and be
marked wrong.

`validate` shows these as warnings, never errors, because the deck is still valid:

- a free card asks for one muscle ("which muscle flexes the hip?", "Bridge: which muscle
  does it strengthen?") where two or more muscles of its deck share that move, or that
  pose and effect;
- a muscle has a cue for a pose with no side and another for the same pose with a side,
  so the question without the side fits both;
- two cards of a deck ask the same question (two free cards, or two muscles written
  with the same origin and insertion).

Pure core, and run only by `validate`: studying never pays for it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from studytool.core.card import Card, CardKind
from studytool.core.card_generation import in_sentence
from studytool.core.deck_format import Deck, FreeCard
from studytool.core.deck_validation import DeckError, LoadedDeck
from studytool.core.movements import move_verb
from studytool.core.slugs import slugify

__all__ = ["QuestionWarning", "deck_warnings", "question_warnings"]

#: A question that wants one muscle: "which muscle", "what single muscle", "name the
#: muscle" (not "which muscles").
_ONE_MUSCLE = re.compile(
    r"\b(?:which|what)\s+(?:single\s+|one\s+)?muscle\b(?!s)|\bname\s+the\s+muscle\b(?!s)",
    re.IGNORECASE,
)
#: How a question may say each effect of a pose.
_EFFECT_WORDS = {
    "lengthens": r"lengthen|stretch",
    "strengthens": r"strengthen|work|tone|build",
    "stabilizes": r"stabili[sz]|steady|steadies",
    "releases": r"release|relax",
    "activates": r"activat|engag|fire",
}


@dataclass(frozen=True, slots=True)
class QuestionWarning:
    """A question worth rewording, at a place in the deck's data (a path of keys)."""

    path: tuple[str | int, ...]
    message: str


def deck_warnings(loaded: LoadedDeck) -> list[DeckError]:
    """A valid deck's question warnings as FILE:LINE:COL, each message starting `warning:`."""
    if loaded.deck is None or loaded.errors:
        return []
    document = loaded.document
    located = [
        DeckError(
            str(loaded.path),
            *(document.position(warning.path) if document is not None else (1, 1)),
            f"warning: {warning.message}",
        )
        for warning in question_warnings(loaded.deck, loaded.cards)
    ]
    return sorted(located, key=lambda warning: (warning.line, warning.column))


def question_warnings(deck: Deck, cards: tuple[Card, ...] | list[Card]) -> list[QuestionWarning]:
    """Every question of `deck` (whose cards are `cards`) a trainee could answer rightly
    and be marked wrong, in file order."""
    warnings = [*_free_cards_asking_for_one(deck, cards), *_cues_without_side(deck)]
    warnings.extend(_same_questions(deck, cards))
    return warnings


def _free_cards_asking_for_one(
    deck: Deck, cards: tuple[Card, ...] | list[Card]
) -> Iterator[QuestionWarning]:
    shared = [
        card for card in cards if card.kind in (CardKind.POSE, CardKind.MOVE) and card.members
    ]
    names = {muscle.id: in_sentence(muscle.name) for muscle in deck.muscles}
    spellings: dict[str, set[str]] = {}  # pose slug -> the pose as written, casefolded
    for muscle in deck.muscles:
        for cue in muscle.cues:
            spellings.setdefault(slugify(cue.pose), set()).add(cue.pose.casefold())
    for index, free in enumerate(deck.cards):
        if not _ONE_MUSCLE.search(free.front):
            continue
        for card in shared:
            if _asks_about(free, card, spellings):
                muscles = ", ".join(names[member] for member in card.members)
                yield QuestionWarning(
                    ("cards", index, "front"),
                    f"card '{free.id}' asks for one muscle, but {_what_they_share(deck, card)}"
                    f" ({muscles}); ask 'which muscles' and name them all in the answer, or"
                    " name the muscle in the question",
                )
                break


def _what_they_share(deck: Deck, card: Card) -> str:
    """`2 muscles of this deck flex the hip`, `Bridge strengthens 3 muscles of this deck`."""
    count = f"{len(card.members)} muscles of this deck"
    _, kind, key = card.id.split("/", 2)
    if kind == "move":
        return f"{count} {move_verb(key.replace('-', ' '))}"
    pose, effect = key.rsplit("/", 1)
    title = next(
        cue.pose for muscle in deck.muscles for cue in muscle.cues if slugify(cue.pose) == pose
    )
    return f"{title} {effect} {count}"


def _asks_about(free: FreeCard, card: Card, spellings: dict[str, set[str]]) -> bool:
    """Whether `free`'s question is about the move or the pose and effect of `card`
    (a pose named by its slug, or as written, for names in other scripts)."""
    question = free.front.lower()
    _, kind, key = card.id.split("/", 2)
    if kind == "move":
        move = key.replace("-", " ")
        return any(re.search(pattern, question) for pattern in _move_patterns(move))
    pose, effect = key.rsplit("/", 1)
    named = f"-{pose}-" in f"-{slugify(free.front)}-" or any(
        spelling in free.front.casefold() for spelling in spellings.get(pose, ())
    )
    return named and bool(re.search(rf"\b(?:{_EFFECT_WORDS[effect]})", question))


def _move_patterns(move: str) -> list[str]:
    """Ways a question may name `move`: `hip flexion`, `hip flexor`, `flexes the hip`."""
    joint, _, movement = move.partition(" ")
    if not movement:  # inhalation, exhalation
        stem = move.removesuffix("ation")
        return [rf"\b{stem}\w*", r"\bbreath\w*\s+" + ("in" if move == "inhalation" else "out")]
    patterns = [rf"\b{joint}\s+{movement}\b", rf"\b{joint}\s+{movement.removesuffix('ion')}or"]
    verb = move_verb(move)
    if verb.endswith(f" the {joint}"):  # "flex the hip", "medially rotate the hip"
        *words, last = verb.removesuffix(f" the {joint}").split()
        stem = last.removesuffix("e")
        patterns.append(r"\b" + r"\s+".join([*words, stem + r"\w*"]) + rf"\s+(?:the\s+)?{joint}")
    return patterns


def _cues_without_side(deck: Deck) -> Iterator[QuestionWarning]:
    for index, muscle in enumerate(deck.muscles):
        if not any(cue.side for cue in muscle.cues):
            continue
        sided = {slugify(cue.pose) for cue in muscle.cues if cue.side}
        for cue_index, cue in enumerate(muscle.cues):
            if not cue.side and slugify(cue.pose) in sided:
                yield QuestionWarning(
                    ("muscles", index, "cues", cue_index, "pose"),
                    f"{in_sentence(muscle.name)} has cues for '{cue.pose}' with a side and"
                    " this one without: give it its side too, so each question has one answer",
                )


def _same_questions(deck: Deck, cards: tuple[Card, ...] | list[Card]) -> Iterator[QuestionWarning]:
    first: dict[str, Card] = {}
    for card in cards:
        question = card.front.lower()
        if "  " in question or "\n" in question or not question.isprintable():
            question = " ".join(question.split())  # most questions are spaced evenly
        earlier = first.setdefault(question, card)
        if earlier is not card:
            yield QuestionWarning(
                _card_path(deck, card),
                f"card '{card.id}' asks the same question as '{earlier.id}' (line"
                f" {earlier.line}); a trainee cannot tell which answer is wanted",
            )


def _card_path(deck: Deck, card: Card) -> tuple[str | int, ...]:
    """Where `card` is written: its free card's front, else its muscle's entry."""
    if card.kind is CardKind.CARD:
        free_id = card.id.rsplit("/", 1)[1]
        index = next(i for i, free in enumerate(deck.cards) if free.id == free_id)
        return ("cards", index, "front")
    index = next((i for i, muscle in enumerate(deck.muscles) if muscle.id == card.muscle), 0)
    return ("muscles", index)
