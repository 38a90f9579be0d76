"""What the store hands back: a card with its schedule, an answer's outcome, a deck sync."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from studytool.core.answer_rules import AnswerKind, CardSchedule
from studytool.core.card import CardKind

if TYPE_CHECKING:
    from studytool.core.deck_validation import LoadedDeck

__all__ = ["Answer", "DeckSync", "StudyCard"]


@dataclass(frozen=True, slots=True)
class StudyCard:
    """A card as the study screen needs it: its text and its schedule."""

    id: str
    deck: str
    kind: CardKind
    front: str
    back: str
    muscle: str | None
    muscle_name: str | None
    region: str | None
    notes: str | None
    image: str | None
    line: int
    schedule: CardSchedule


@dataclass(frozen=True, slots=True)
class Answer:
    """What recording one answer did."""

    review_id: int
    card_id: str
    quality: int
    kind: AnswerKind
    schedule: CardSchedule  # the card's schedule after the answer
    became_leech: bool

    @property
    def repeat_today(self) -> bool:
        """The card comes back in this session (graded below 4 today)."""
        return self.schedule.learning_day is not None


@dataclass(frozen=True, slots=True)
class DeckSync:
    """What syncing one deck file did."""

    path: Path
    deck: str | None
    added: int = 0
    updated: int = 0
    retired: int = 0
    restored: int = 0
    skipped: bool = False  # unchanged since the last sync
    removed: bool = False  # the file is gone: the deck was retired
    loaded: LoadedDeck | None = field(default=None, repr=False)

    @property
    def errors(self) -> tuple[str, ...]:
        return tuple(str(e) for e in self.loaded.errors) if self.loaded else ()
