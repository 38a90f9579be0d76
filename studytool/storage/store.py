"""`Store`: the study database's one face. Each job lives in a module of its own.

opening         refusing files that are not ours, schema steps, WAL
deck_sync       deck files -> cards, progress kept by card id
study_queue     today's queue, what falls due later
answers         answer, undo, bury, suspend, leeches
browsing        search, a card's answers, a deck's file
export_records  what was exported to Anki, and note times
progress        the named queries behind the deck list and the stats
studyable       the SQL for "what can be studied today", used by all of them
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studytool.core.daily_limits import (
    DEFAULT_NEW_PER_DAY,
    DEFAULT_REVIEWS_PER_DAY,
    DailyLimits,
)
from studytool.core.deck_discovery import find_deck_files
from studytool.core.schedulers.fsrs import FSRSMemory
from studytool.core.scheduling import Scheduling
from studytool.core.set_aside import SetAside
from studytool.core.study_days import DEFAULT_ROLLOVER_HOUR
from studytool.storage import (
    answers,
    browsing,
    deck_sync,
    export_records,
    progress,
    scheduler_choice,
    set_aside_sync,
    study_queue,
    synced_answers,
)
from studytool.storage.connection import Connection
from studytool.storage.opening import BUSY_TIMEOUT_SECONDS, connect
from studytool.storage.records import Answer, DeckSync, StudyCard
from studytool.storage.rows import read_cards

if TYPE_CHECKING:
    from sqlite_utils import Database

    from studytool.core.search_syntax import Query

__all__ = ["Store"]


class Store(Connection):
    """One studytool database. Open it with `Store.open(path, zone=...)`.

    Every answer is one transaction (the new state and its review row together),
    committed before the caller moves on. The file is in WAL mode with a busy timeout,
    so a second studytool process waits for the first instead of failing, and with
    `synchronous=FULL`, so an answer that was confirmed survives a crash. Times are
    stored in UTC (ISO 8601); due dates and study days as `YYYY-MM-DD`.
    """

    _sqlite_utils: Database | None = None
    #: The resolved paths of the deck files in use, or None for every deck recorded.
    _deck_files: tuple[str, ...] | None = None

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        zone: tzinfo,
        rollover_hour: int = DEFAULT_ROLLOVER_HOUR,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
    ) -> Store:
        """Open (creating if needed) and migrate the database at `path`.

        Raises StoreError (or a subclass) with a readable message when the file is not a
        database, is damaged, is read-only, is busy, or comes from a newer studytool.
        A file that is not ours is never written to.
        """
        path = Path(path)
        return cls(connect(path, busy_timeout), path, zone, rollover_hour)

    @property
    def db(self) -> Database:
        """The same connection as a sqlite-utils Database, for ad-hoc queries and tools."""
        if self._sqlite_utils is None:
            from sqlite_utils import Database

            self._sqlite_utils = Database(self.conn, execute_plugins=False)
        return self._sqlite_utils

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- deck files

    def sync(self, paths: Sequence[Path], now: datetime) -> list[DeckSync]:
        """Bring the cards of the deck files under `paths` into the database, and use
        those decks from now on (see `use_deck_files`).

        New cards become new; changed text keeps its schedule; cards gone from a file
        are retired with their history; cards that come back resume their schedule.
        A deck whose file is gone, or whose file now declares another id, is retired
        the same way. When no file changed, none is read; otherwise only changed decks
        are written. Broken decks change nothing.
        """
        files = find_deck_files(paths)
        self._deck_files = deck_sync.resolved(files)
        return deck_sync.sync_deck_files(self, files, now)

    def use_deck_files(self, paths: Sequence[Path]) -> None:
        """Show, count and study only the decks declared by the deck files under
        `paths`, as recorded at the last sync (nothing is read or written).

        Until this or `sync` is called, every deck in the database is in use.
        """
        self._deck_files = deck_sync.resolved(find_deck_files(paths))

    def decks_in_use(self) -> list[str] | None:
        """The ids of the decks in use, in id order; None when every deck is."""
        if self._deck_files is None:
            return None
        return deck_sync.decks_declared_by(self, self._deck_files)

    def _decks(self, decks: Sequence[str] | None) -> Sequence[str] | None:
        """The decks a query covers: those asked for, else the decks in use."""
        return decks if decks is not None else self.decks_in_use()

    def deck_path(self, deck_id: str) -> Path | None:
        """Where the deck file was found at the last sync."""
        return browsing.deck_path(self, deck_id)

    # -- studying

    def queue(
        self,
        now: datetime,
        decks: Sequence[str] | None = None,
        *,
        new_per_day: int = DEFAULT_NEW_PER_DAY,
        reviews_per_day: int = DEFAULT_REVIEWS_PER_DAY,
        bury_siblings: bool = False,
    ) -> list[StudyCard]:
        """Today's cards: due reviews (most overdue first), then new cards (in
        introduction order: `core/new_card_order.py`), then repeats.

        Each deck offers at most `new_per_day` new cards and `reviews_per_day` reviews
        per study day, counted across sessions, as the deck list counts them. With
        `bury_siblings` (the trainee's default, see StudySession), a muscle gives at
        most one card a study day.
        """
        limits = DailyLimits(new_per_day, reviews_per_day)
        return study_queue.queue(
            self, self.today(now), self._decks(decks), limits, bury_siblings=bury_siblings
        )

    def offered_today(
        self, today: date, limits: DailyLimits, *, bury_siblings: bool
    ) -> dict[str, tuple[int, int]]:
        """Per deck in use, how many (new cards, reviews) today's queue offers."""
        plans = study_queue.plan(
            self, today, self.decks_in_use(), limits, bury_siblings=bury_siblings
        )
        return {deck: (len(p.new), len(p.due)) for deck, p in plans.items()}

    def cards(self, card_ids: Sequence[str], *, active_only: bool = False) -> list[StudyCard]:
        """The cards with these ids, in the order given; with `active_only`, only those
        not retired (still in a deck file in use)."""
        return read_cards(self, card_ids, active_only=active_only)

    def due_count(self, day: date, decks: Sequence[str] | None = None) -> int:
        """Reviews that will be due on study day `day` (overdue ones included)."""
        return study_queue.count_due(self, day, self._decks(decks))

    def answer(
        self,
        card_id: str,
        quality: int,
        now: datetime,
        duration_ms: int = 0,
        *,
        cram: bool = False,
    ) -> Answer:
        """Record one answer and the schedule it gives, in one committed transaction;
        a crammed answer (custom study) is logged as such and moves no schedule."""
        return answers.answer(self, card_id, quality, now, duration_ms, cram=cram)

    def undo_last(self, expected_review: int | None = None) -> str | None:
        """Take back the most recent answer (only `expected_review`, when given);
        returns its card's id, or None when there is nothing to undo."""
        return answers.undo_last(self, expected_review)

    def bury(self, card_id: str, now: datetime) -> None:
        """Hide a card until the next study day."""
        answers.bury(self, card_id, self.today(now))

    def restore_set_aside(
        self, card_id: str, buried_until: date | None, suspended: bool, leech: bool
    ) -> None:
        """Put back a card's burying, suspension and leech mark exactly (to undo a bury
        or a suspend)."""
        answers.restore_set_aside(self, card_id, buried_until, suspended, leech)

    def suspend(self, card_id: str) -> None:
        answers.set_suspended(self, card_id, True)

    def unsuspend(self, card_id: str) -> None:
        """Back into the queues; a leech stops being one (it is caught again if it keeps
        lapsing)."""
        answers.set_suspended(self, card_id, False)

    def leeches(self, decks: Sequence[str] | None = None) -> list[StudyCard]:
        """Cards that lapsed often enough to be suspended as leeches, most lapses first."""
        return answers.leeches(self, self._decks(decks))

    # -- the scheduler

    def scheduling(self) -> Scheduling:
        """The scheduler this database uses (SM-2 until switched)."""
        with self.reading() as conn:
            return scheduler_choice.read_scheduling(conn)

    def switch_scheduler(
        self,
        scheduling: Scheduling,
        progress: scheduler_choice.Progress | None = None,
        *,
        fit: dict[str, Any] | None = None,
    ) -> int:
        """Schedule with `scheduling` from now on: every answered card is replayed
        through it, in one transaction. Returns how many cards were replayed."""
        return scheduler_choice.switch(self, scheduling, progress, fit=fit)

    def fit_report(self) -> dict[str, Any] | None:
        """How FSRS's kept parameters fit this database's answers, if fitted here."""
        return scheduler_choice.fit_report(self)

    def answer_days(self) -> list[list[tuple[int, date]]]:
        """Each answered card's answers (quality, study day), to fit FSRS to."""
        return scheduler_choice.answer_days(self)

    # -- answers that cross with the trainee's Anki account

    def record_answers_elsewhere(self, answers: Iterable[synced_answers.AnswerElsewhere]) -> int:
        """Record answers given on another device, each once, and replay the cards they
        touch (`storage/synced_answers.py`); how many were new."""
        return synced_answers.record_answers(self, answers)

    def unsent_answers(self) -> list[synced_answers.AnswerToSend]:
        """Answers given here that the other device has not had yet, oldest first."""
        return synced_answers.unsent_answers(self)

    def answered_cards(self) -> list[str]:
        """Every card answered on either side (crams aside), by id."""
        return synced_answers.answered_cards(self)

    def mark_sent(self, sent: Mapping[int, int]) -> None:
        """Note each answer's id on the other device (review id -> id there)."""
        synced_answers.mark_sent(self, sent)

    def set_aside_here(self, today: date, card_ids: Iterable[str]) -> dict[str, SetAside]:
        """These cards' suspension and burying here, on study day `today`."""
        return set_aside_sync.set_aside_here(self, today, card_ids)

    def set_aside_agreed(self) -> dict[str, SetAside]:
        """Each card's suspension and burying as the two sides last agreed."""
        return set_aside_sync.last_agreed(self)

    def apply_set_aside(
        self, agreed: Mapping[str, SetAside], here: Mapping[str, SetAside], today: date
    ) -> int:
        """Make cards here as agreed; how many changed."""
        return set_aside_sync.apply_here(self, agreed, here, today)

    def remember_set_aside(self, agreed: Mapping[str, SetAside]) -> None:
        """Keep the agreement for the next sync."""
        set_aside_sync.remember_agreed(self, agreed)

    # -- browsing

    def search(self, query: Query, now: datetime, limit: int = 500) -> list[StudyCard]:
        """Cards of the decks in use matching a browse query (see
        `core/search_syntax.py`), in deck order."""
        return browsing.search(self, query, self.today(now), limit, self.decks_in_use())

    def history(self, card_id: str) -> list[dict[str, Any]]:
        """Every answer a card has had, oldest first."""
        return browsing.card_history(self, card_id)

    # -- progress, for the deck list and the statistics

    def deck_figures(self, today: date) -> list[progress.DeckFigures]:
        """The cards of each deck in use on study day `today`, before daily limits, in
        course order (`order:`), then by title."""
        return progress.deck_figures(self, today, self.decks_in_use())

    def answers_per_day(self, first: date, last: date) -> dict[date, int]:
        """Answers on each study day from `first` to `last` (days without any left out)."""
        return progress.answers_per_day(self, first, last)

    def due_per_day(self, today: date, last: date) -> dict[date, int]:
        """Cards falling due on each study day to `last`; today includes overdue ones."""
        return progress.due_per_day(self, today, last, self.decks_in_use())

    def first_answers(self, after: date, last: date, passing: int) -> tuple[int, int]:
        """First answers of the day after `after` up to `last`: how many, and how many
        were graded `passing` or more."""
        return progress.first_answers(self, after, last, passing)

    def muscle_lapses(self, limit: int = 10) -> list[progress.MuscleLapses]:
        """The muscles whose cards lapsed most: a trainee's weakest muscles."""
        return progress.muscle_lapses(self, limit, self.decks_in_use())

    def memories(self) -> list[FSRSMemory]:
        """FSRS's memory of each answered card in use, not suspended (none under SM-2)."""
        return progress.memories(self, self.decks_in_use())

    def study_days(self, last: date) -> list[date]:
        """Study days up to `last` with answers, newest first."""
        return progress.study_days(self, last)

    # -- Anki exports

    def exported_hashes(self, decks: Sequence[str]) -> dict[str, str]:
        """Card id -> content hash at the last export, for every card of these decks."""
        return export_records.exported_hashes(self, decks)

    def exported_notes(self, decks: Sequence[str]) -> dict[str, tuple[str, int]]:
        """Card id -> (content hash, note time) at its last export, for these decks."""
        return export_records.exported_notes(self, decks)

    def next_note_time(self, now: datetime) -> int:
        """A note modification time (whole seconds) later than every earlier export's."""
        return export_records.next_note_time(self, now)

    def record_export(
        self,
        hashes: dict[str, dict[str, str]],
        path: Path,
        now: datetime,
        note_time: int,
        note_times: dict[str, int] | None = None,
    ) -> None:
        """Remember an export: per deck, card id -> content hash; each card's note time
        (`note_times`, else the export's `note_time`); and the export's note time."""
        export_records.record_export(self, hashes, path, now, note_time, note_times)
