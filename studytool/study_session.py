"""One sitting of study: the order cards come in, what is left, undo, and the summary.

The rules of one answer live in `core/answer_rules.py` and the records in `storage/`;
this keeps the running order for one session, so the study screen only shows and
forwards keys.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from studytool.core.daily_limits import DEFAULT_NEW_PER_DAY, DEFAULT_REVIEWS_PER_DAY
from studytool.storage import Answer, Store, StoreError, StudyCard

__all__ = ["REQUEUE_GAP", "Remaining", "StudySession", "Summary"]

#: A card graded below 4 comes back after this many other cards (or at the end).
REQUEUE_GAP = 3


@dataclass(frozen=True, slots=True)
class Remaining:
    """Cards left in the session, as Anki shows them: new, learning, review."""

    new: int
    learning: int
    review: int

    @property
    def total(self) -> int:
        return self.new + self.learning + self.review


@dataclass(frozen=True, slots=True)
class Summary:
    """The end-of-session report."""

    answers: int
    cards: int
    correct: int  # answers graded 3 or more
    seconds: float
    due_tomorrow: int

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.answers if self.answers else None


@dataclass
class _Step:
    """One answer, remembered so it can be undone."""

    answer: Answer
    card: StudyCard  # the card as it was shown
    category: str  # how it was counted: new, learning or review
    requeued: bool


@dataclass
class StudySession:
    """Today's queue for some decks, worked through one answer at a time."""

    store: Store
    decks: list[str] | None
    started: datetime
    queue: list[StudyCard] = field(default_factory=list)
    steps: list[_Step] = field(default_factory=list)
    # Each queued card's category, and the count per category, kept up to date on every
    # change: counting a queue of thousands of cards per answer would cost the study
    # screen its frame. A card's category is fixed when it is queued, so a session that
    # runs past the 04:00 rollover keeps counting consistently.
    _kinds: dict[str, str] = field(default_factory=dict, init=False, repr=False)
    _left: Counter[str] = field(default_factory=Counter, init=False, repr=False)

    def __post_init__(self) -> None:
        self._day = self.store.today(self.started)
        self._kinds = {card.id: self._category(card) for card in self.queue}
        self._left = Counter(self._kinds.values())

    @classmethod
    def start(
        cls,
        store: Store,
        now: datetime,
        decks: list[str] | None = None,
        *,
        new_per_day: int = DEFAULT_NEW_PER_DAY,
        reviews_per_day: int = DEFAULT_REVIEWS_PER_DAY,
    ) -> StudySession:
        queue = store.queue(now, decks, new_per_day=new_per_day, reviews_per_day=reviews_per_day)
        return cls(store, decks, now, queue)

    def today(self, now: datetime) -> date:
        """The study day `now` falls in (what a grade's interval counts from)."""
        return self.store.today(now)

    def deck_path(self, card: StudyCard) -> Path | None:
        """The deck file a card comes from, as found at the last sync."""
        return self.store.deck_path(card.deck)

    @property
    def current(self) -> StudyCard | None:
        return self.queue[0] if self.queue else None

    @property
    def finished(self) -> bool:
        return not self.queue

    def remaining(self) -> Remaining:
        """Cards left in the queue: new, learning (repeats today) and review."""
        return Remaining(self._left["new"], self._left["learning"], self._left["review"])

    def _category(self, card: StudyCard) -> str:
        schedule = card.schedule
        if schedule.repeating_on(self._day):
            return "learning"
        return "new" if schedule.is_new else "review"

    def _take(self, index: int) -> tuple[StudyCard, str]:
        card = self.queue.pop(index)
        category = self._kinds.pop(card.id)
        self._left[category] -= 1
        return card, category

    def _put(self, index: int, card: StudyCard, category: str) -> None:
        self.queue.insert(index, card)
        self._kinds[card.id] = category
        self._left[category] += 1

    @property
    def progress(self) -> tuple[int, int]:
        """(answers given, answers given + cards still queued), for a progress bar."""
        return len(self.steps), len(self.steps) + len(self.queue)

    def answer(self, quality: int, now: datetime, duration_ms: int = 0) -> Answer:
        """Grade the current card; a card graded below 4 comes back a few cards later."""
        card = self._current()
        result = self.store.answer(card.id, quality, now, duration_ms)
        _, category = self._take(0)
        if result.repeat_today:
            # The answer says what the card's schedule now is: no need to read it again.
            again = replace(card, schedule=result.schedule)
            self._put(min(REQUEUE_GAP, len(self.queue)), again, "learning")
        self.steps.append(_Step(result, card, category, result.repeat_today))
        return result

    def undo(self) -> StudyCard | None:
        """Take back this session's last answer; its card is shown again. None if none."""
        if not self.steps:
            return None
        step = self.steps[-1]
        undone = self.store.undo_last(expected_review=step.answer.review_id)
        if undone is None:
            return None
        self.steps.pop()
        # Its repeat may have left the queue since (buried or suspended): fine.
        index = next((i for i, c in enumerate(self.queue) if c.id == step.card.id), None)
        if index is not None:
            self._take(index)
        self._put(0, step.card, step.category)
        return step.card

    def bury(self, now: datetime) -> None:
        """Put the current card away until the next study day."""
        self.store.bury(self._current().id, now)
        self._take(0)

    def suspend(self) -> None:
        """Suspend the current card: it stays out of every queue until unsuspended."""
        self.store.suspend(self._current().id)
        self._take(0)

    def refresh(self) -> None:
        """Reload the queued cards' text (after their deck file was edited and synced);
        cards the edit retired (removed, or their deck renamed) leave the queue."""
        queued = [card.id for card in self.queue]
        fresh = {card.id: card for card in self.store.cards(queued, active_only=True)}
        self.queue = [fresh[card.id] for card in self.queue if card.id in fresh]
        self._kinds = {card.id: self._kinds[card.id] for card in self.queue}
        self._left = Counter(self._kinds.values())

    def summary(self, now: datetime) -> Summary:
        answers = [step.answer for step in self.steps]
        tomorrow = self.store.today(now) + timedelta(days=1)
        return Summary(
            answers=len(answers),
            cards=len({answer.card_id for answer in answers}),
            correct=sum(1 for step in self.steps if step.answer.quality >= 3),
            seconds=max(0.0, (now - self.started).total_seconds()),
            due_tomorrow=self.store.due_count(tomorrow, self.decks),
        )

    def _current(self) -> StudyCard:
        if not self.queue:
            raise StoreError("the session has no card left")
        return self.queue[0]
