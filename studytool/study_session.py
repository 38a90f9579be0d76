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

from studytool.core.answer_rules import REQUEUE_GAP, grade_labels
from studytool.core.daily_limits import DEFAULT_NEW_PER_DAY, DEFAULT_REVIEWS_PER_DAY
from studytool.core.scheduling import SM2, Grade, Scheduling
from studytool.storage import Answer, Store, StoreError, StudyCard

__all__ = ["REQUEUE_GAP", "Remaining", "StudySession", "Summary"]


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
    correct: int  # passes: answers the scheduler counts as recalled
    seconds: float
    due_tomorrow: int
    pass_words: str = SM2.pass_words  # what counted as a pass

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
class _SetAside:
    """A card buried or suspended, remembered so it can be undone."""

    action: str  # "bury" or "suspend"
    card: StudyCard  # the card as it was shown, with its schedule before
    category: str


@dataclass
class StudySession:
    """Today's queue for some decks, worked through one answer at a time."""

    store: Store
    decks: list[str] | None
    started: datetime
    queue: list[StudyCard] = field(default_factory=list)
    steps: list[_Step] = field(default_factory=list)
    # Every action that undo can take back, the latest last: answers, buries, suspends.
    actions: list[_Step | _SetAside] = field(default_factory=list)
    #: What the last undo took back: "answer", "bury" or "suspend".
    undone: str | None = None
    #: Custom study: answers are logged as crams and move no schedule.
    cramming: bool = False
    #: The database's scheduler when the session started: its grades and its pass.
    scheduling: Scheduling = SM2
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
        bury_siblings: bool = True,
    ) -> StudySession:
        """Today's queue for `decks` (every deck in use when None). By default a muscle
        gives one card a day (its siblings wait for another day), as in Anki."""
        queue = store.queue(
            now,
            decks,
            new_per_day=new_per_day,
            reviews_per_day=reviews_per_day,
            bury_siblings=bury_siblings,
        )
        return cls(store, decks, now, queue, scheduling=store.scheduling())

    @classmethod
    def cram(cls, store: Store, now: datetime, cards: list[StudyCard]) -> StudySession:
        """Custom study of `cards` (a deck, a region, a kind, today's failures...), on
        demand and as often as wanted: the answers are logged as crams, the schedule
        stays as it is (SM-2's or FSRS's), and a card below a pass comes back until it passes."""
        return cls(store, None, now, list(cards), cramming=True, scheduling=store.scheduling())

    def today(self, now: datetime) -> date:
        """The study day `now` falls in (what a grade's interval counts from)."""
        return self.store.today(now)

    @property
    def grades(self) -> tuple[Grade, ...]:
        """The answers on offer: SM-2's six grades, or FSRS's four."""
        return self.scheduling.grades

    def grade_labels(self, now: datetime) -> dict[int, str]:
        """What each grade (by quality) would do to the current card answered at `now`,
        in this session (see `core.answer_rules.grade_labels`)."""
        card = self._current()
        return grade_labels(
            card.schedule,
            self.today(now),
            cards_left=len(self.queue) - 1,
            cram=self.cramming,
            scheduling=self.scheduling,
        )

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
        """Grade the current card; a card graded below a pass comes back a few cards
        later."""
        card = self._current()
        self._check_scheduler()
        result = self.store.answer(card.id, quality, now, duration_ms, cram=self.cramming)
        _, category = self._take(0)
        passed = quality >= self.scheduling.passing_quality
        comes_back = not passed if self.cramming else result.repeat_today
        if comes_back:
            # The answer says what the card's schedule now is: no need to read it again.
            again = replace(card, schedule=result.schedule)
            self._put(min(REQUEUE_GAP, len(self.queue)), again, "learning")
        step = _Step(result, card, category, comes_back)
        self.steps.append(step)
        self.actions.append(step)
        return result

    def _check_scheduler(self) -> None:
        """Refuse an answer when the database was switched to the other scheduler since
        the session began (from the command line, say): its keys would mean other
        grades. A new retention or new parameters are simply taken up."""
        current = self.store.scheduling()
        if current.name is not self.scheduling.name:
            raise StoreError(
                f"the scheduler was switched to {current.title} since this session began;"
                " nothing was saved: finish the session (Esc) and start it again"
            )
        self.scheduling = current

    def undo(self) -> StudyCard | None:
        """Take back this session's last action (an answer, a bury or a suspend) exactly;
        its card is shown again. None if there is nothing to undo."""
        if not self.actions:
            return None
        action = self.actions[-1]
        if isinstance(action, _Step):
            if self.store.undo_last(expected_review=action.answer.review_id) is None:
                return None
            self.steps.pop()
        else:
            schedule = action.card.schedule
            self.store.restore_set_aside(
                action.card.id, schedule.buried_until, schedule.suspended, schedule.leech
            )
        self.actions.pop()
        self.undone = "answer" if isinstance(action, _Step) else action.action
        # An answer's repeat may be queued (or may have left since): show the card once.
        index = next((i for i, c in enumerate(self.queue) if c.id == action.card.id), None)
        if index is not None:
            self._take(index)
        # The card as it now is: its deck file may have been edited since (or retired it).
        fresh = self.store.cards([action.card.id], active_only=True)
        if not fresh:
            return action.card  # undone, but no longer a card to study
        self._put(0, fresh[0], action.category)
        return fresh[0]

    def bury(self, now: datetime) -> None:
        """Put the current card away until the next study day."""
        card = self._current()
        self.store.bury(card.id, now)
        _, category = self._take(0)
        self.actions.append(_SetAside("bury", card, category))

    def suspend(self) -> None:
        """Suspend the current card: it stays out of every queue until unsuspended."""
        card = self._current()
        self.store.suspend(card.id)
        _, category = self._take(0)
        self.actions.append(_SetAside("suspend", card, category))

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
            correct=sum(
                1 for step in self.steps if step.answer.quality >= self.scheduling.passing_quality
            ),
            seconds=max(0.0, (now - self.started).total_seconds()),
            due_tomorrow=self.store.due_count(tomorrow, self.decks),
            pass_words=self.scheduling.pass_words,
        )

    def _current(self) -> StudyCard:
        if not self.queue:
            raise StoreError("the session has no card left")
        return self.queue[0]
