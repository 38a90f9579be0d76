"""The order a deck's new cards are introduced in: muscle by muscle, kinds varied.

A deck file lists each muscle's cards together (origin, insertion, actions, nerve,
identify, cues). Studied in that order, the identify card ("which muscle runs from ...
to ...?") comes a minute after the origin card that answers it. Instead, every muscle
gives one card per round, and each muscle starts its rounds at a different kind (the
first muscle with its origin, the second with its insertion, ...), so a day of new
cards meets many muscles from varied sides. Free cards stand alone: each is a group of
one, so they come in the first round, after the muscles' first cards. Pose and movement
cards ask about several muscles at once, so they come last, once those muscles have
been met.

Pure: the store keeps the rank as each card's queue position (`card_state.position`).
"""

from __future__ import annotations

from collections.abc import Sequence

from studytool.core.card import Card

__all__ = ["introduction_ranks"]


def introduction_ranks(cards: Sequence[Card]) -> list[int]:
    """For each card, in the order given, its rank among the deck's new cards (0 first)."""
    groups: dict[str, list[int]] = {}  # a muscle's (or a free card's) card indexes
    joining: list[int] = []  # pose and move cards
    for index, card in enumerate(cards):
        if card.members:
            joining.append(index)
            continue
        key = f"muscle:{card.muscle}" if card.muscle is not None else f"card:{index}"
        groups.setdefault(key, []).append(index)
    count = len(groups)
    ranks = [0] * len(cards)
    for group_index, members in enumerate(groups.values()):
        shift = group_index % len(members)
        for round_index, index in enumerate(members[shift:] + members[:shift]):
            ranks[index] = round_index * count + group_index
    after = max(ranks, default=-1) + 1
    for offset, index in enumerate(joining):
        ranks[index] = after + offset
    return ranks
