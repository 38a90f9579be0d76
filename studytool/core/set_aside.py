"""Which cards are set aside (suspended, buried) when two devices disagree.

Each device says, per card, whether it is suspended and whether it is buried; the last
sync's agreement is remembered. Flag by flag: where the two agree, so be it; where only
one side changed since the last sync, its change wins; where both changed (or there
was no last sync), the card stays set aside, since bringing it back is the one slip
that would put a card the trainee meant to rest in front of them.

Pure: no storage, no Anki.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

__all__ = ["SetAside", "agree"]


class SetAside(NamedTuple):
    """A card's suspension and burying."""

    suspended: bool = False
    buried: bool = False


def agree(
    here: Mapping[str, SetAside], there: Mapping[str, SetAside], last: Mapping[str, SetAside]
) -> dict[str, SetAside]:
    """The agreed state of every card either side knows (see the module's rule)."""
    return {
        card: SetAside(
            *(
                _flag(mine, theirs, before)
                for mine, theirs, before in zip(
                    here.get(card, SetAside()),
                    there.get(card, SetAside()),
                    last.get(card, (None, None)),
                    strict=True,
                )
            )
        )
        for card in here.keys() | there.keys()
    }


def _flag(mine: bool, theirs: bool, before: bool | None) -> bool:
    if mine == theirs:
        return mine
    if before is not None and mine == before:
        return theirs  # only the other side changed
    if before is not None and theirs == before:
        return mine  # only this side changed
    return True  # both changed, or never agreed: keep it set aside
