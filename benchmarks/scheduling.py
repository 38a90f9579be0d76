"""Scheduling: how well SM-2 and FSRS predict a trainee's real answers, and what an answer costs.

`python -m benchmarks.scheduling` reads the real review history in ../shared/data
(12,580 answers on 1,205 cards) and scores each model's predicted chance that an answer
is a pass (rating 2-4; 1 is Again) with log loss, RMSE (bins) and AUC
(`benchmarks/recall_metrics.py`). It exits 1 unless FSRS fitted on the first half of the
history predicts the second half better (lower log loss) than SM-2.

- Scored answers: an answer on a later study day than the card's previous answer, as in
  srs-benchmark: not a card's first answer (nothing to predict from), not a same-day
  repeat. Study days start at 04:00 in UTC-7 (`ZONE`).
- SM-2: the answers replayed with `replay_answers` (ratings as SM-2 qualities through
  QUALITY_OF_RATING); an answer's chance is 0.9 ** (days / interval), the interval being
  SM-2's after the card's previous move and the days counted from that move (srs-benchmark:
  SM-2's interval is taken as the day recall falls to 90%).
- FSRS: each card's answers replayed through `studytool.core.schedulers.fsrs.review` on
  their study days, as studytool schedules them; an answer's chance is `retrievability` of
  the memory before it, on its study day.
- Fitted: `fit_parameters` on the answers given before the median answer's time; those
  parameters predict only answers from that time on, each card's memory replayed from all
  its earlier answers. SM-2 and default FSRS are scored on that later half too.

`run()` (for `python -m benchmarks`) times one FSRS answer against one SM-2 answer: the
scheduler's own work, and an answer recorded in a study database.
"""

from __future__ import annotations

import csv
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from functools import partial
from pathlib import Path
from typing import NamedTuple

from benchmarks.harness import Row, interleaved_medians, table
from benchmarks.recall_metrics import Scores, score
from studytool.core.answer_rules import (
    AnswerKind,
    CardSchedule,
    LoggedAnswer,
    apply_answer,
    replay_answers,
)
from studytool.core.schedulers.fsrs import (
    QUALITY_OF_RATING,
    FSRSConfig,
    FSRSMemory,
    retrievability,
    review,
)
from studytool.core.schedulers.fsrs_fitting import Fit, PastAnswer, fit_parameters
from studytool.core.schedulers.sm2 import SM2State
from studytool.core.scheduling import SchedulerName, Scheduling
from studytool.core.study_days import study_day

HISTORY = Path(__file__).resolve().parents[2] / "shared" / "data" / "review-log-py-fsrs.csv"
#: The history's times are UTC and it has no answer from 06:00 to 15:00 UTC. Counted in
#: UTC-7, a study day starts at 11:00 UTC, inside that gap, so no evening's answers are
#: cut into two study days (at UTC, 04:00 falls in the middle of the evenings).
ZONE = timezone(timedelta(hours=-7), "UTC-07:00")
#: One FSRS answer's schedule may cost this many times one SM-2 answer's.
TARGET = 6.0
#: Recorded in a database, where the write is most of an answer's cost.
STORED_TARGET = 1.5

SM2 = "SM-2"
FSRS_DEFAULT = "FSRS-6, default parameters"
FSRS_FITTED = "FSRS-6, fitted on the first half"
WHOLE = "whole history"
LATER = "second half"


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer of the review history."""

    rating: int  # Anki's 1-4
    moment: datetime  # UTC
    study_day: date

    @property
    def passed(self) -> bool:
        return self.rating >= 2


class ScoredAnswer(NamedTuple):
    """A model's predicted chance of a pass for one scored answer, and what happened."""

    probability: float
    passed: bool
    moment: datetime


@dataclass(frozen=True)
class Comparison:
    """Every model scored, and what the fitted model was fitted on."""

    split: datetime  # answers before it fit FSRS; scored answers from it on test it
    fit: Fit
    answers: int
    cards: int
    rows: list[tuple[str, str, Scores]]  # (answers scored, model, scores)

    def scores(self, answers: str, model: str) -> Scores:
        return next(s for scored, name, s in self.rows if (scored, name) == (answers, model))

    @property
    def met(self) -> bool:
        """Fitted FSRS predicts the second half better than SM-2 (lower log loss)."""
        return self.scores(LATER, FSRS_FITTED).log_loss < self.scores(LATER, SM2).log_loss


def read_history(path: Path = HISTORY, zone: timezone = ZONE) -> list[list[Answer]]:
    """The history's answers, one list per card in time order (cards by first answer)."""
    with path.open(encoding="utf-8", newline="") as stream:
        rows = [
            (datetime.fromisoformat(row["review_time"]).astimezone(UTC), row)
            for row in csv.DictReader(stream)
        ]
    rows.sort(key=lambda timed: timed[0])
    cards: dict[str, list[Answer]] = {}
    for moment, row in rows:
        answer = Answer(int(row["review_rating"]), moment, study_day(moment, zone))
        cards.setdefault(row["card_id"], []).append(answer)
    return list(cards.values())


def scored_indexes(card: Sequence[Answer]) -> list[int]:
    """Which of a card's answers are scored: those on a later study day than the answer
    before them."""
    return [i for i in range(1, len(card)) if card[i].study_day > card[i - 1].study_day]


def split_moment(cards: Sequence[Sequence[Answer]]) -> datetime:
    """The time of the median answer: the first half of the answers comes before it."""
    moments = sorted(answer.moment for card in cards for answer in card)
    return moments[len(moments) // 2]


def fitting_histories(cards: Sequence[Sequence[Answer]], split: datetime) -> list[list[PastAnswer]]:
    """What FSRS is fitted on: each card's answers before `split`, nothing later."""
    histories = [
        [PastAnswer(answer.rating, answer.study_day) for answer in card if answer.moment < split]
        for card in cards
    ]
    return [history for history in histories if history]


def sm2_predictions(card: Sequence[Answer]) -> list[ScoredAnswer]:
    """SM-2's chance for each scored answer: 0.9 ** (days since its last move / interval)."""
    steps = replay_answers([LoggedAnswer(QUALITY_OF_RATING[a.rating], a.study_day) for a in card])
    scored = set(scored_indexes(card))
    predictions = []
    moved_on: date | None = None  # the study day of the answer that last moved SM-2
    for index, (answer, (before, _, kind)) in enumerate(zip(card, steps, strict=True)):
        if index in scored:
            assert moved_on is not None  # a scored answer is never a card's first
            days = (answer.study_day - moved_on).days
            chance = 0.9 ** (days / before.state.interval)
            predictions.append(ScoredAnswer(chance, answer.passed, answer.moment))
        if kind in (AnswerKind.NEW, AnswerKind.REVIEW):
            moved_on = answer.study_day
    return predictions


def fsrs_predictions(card: Sequence[Answer], config: FSRSConfig) -> list[ScoredAnswer]:
    """FSRS's chance for each scored answer: the retrievability, on the answer's study
    day, of the memory left by the card's earlier answers."""
    scored = set(scored_indexes(card))
    predictions = []
    memory: FSRSMemory | None = None
    for index, answer in enumerate(card):
        if index in scored:
            chance = retrievability(memory, answer.study_day, config)
            predictions.append(ScoredAnswer(chance, answer.passed, answer.moment))
        memory, _ = review(memory, answer.rating, answer.study_day, config)
    return predictions


def compare(cards: Sequence[Sequence[Answer]]) -> Comparison:
    """Fit FSRS on the first half of `cards`' answers and score every model."""
    split = split_moment(cards)
    fit = fit_parameters(fitting_histories(cards, split))
    default, fitted = FSRSConfig(), FSRSConfig(fit.parameters)
    later_cards = [card for card in cards if card[-1].moment >= split]
    predictions = {
        SM2: _each(cards, sm2_predictions),
        FSRS_DEFAULT: _each(cards, partial(fsrs_predictions, config=default)),
        FSRS_FITTED: _each(later_cards, partial(fsrs_predictions, config=fitted)),
    }
    rows = [
        (WHOLE, name, score([(p.probability, p.passed) for p in scored]))
        for name, scored in predictions.items()
        if not name.startswith(FSRS_FITTED)
    ]
    rows += [
        (LATER, name, score([(p.probability, p.passed) for p in scored if p.moment >= split]))
        for name, scored in predictions.items()
    ]
    return Comparison(
        split=split,
        fit=fit,
        answers=sum(len(card) for card in cards),
        cards=len(cards),
        rows=rows,
    )


def _each(
    cards: Sequence[Sequence[Answer]], predict: Callable[[Sequence[Answer]], list[ScoredAnswer]]
) -> list[ScoredAnswer]:
    return [prediction for card in cards for prediction in predict(card)]


def report(comparison: Comparison) -> str:
    """The comparison as Markdown: a line on the data, the table, and the target."""
    fit, later = comparison.fit, comparison.scores(LATER, SM2).answers
    lines = [
        f"{comparison.answers:,} answers on {comparison.cards:,} cards; an answer is scored on a"
        f" later study day than the card's previous answer "
        f"({comparison.scores(WHOLE, SM2).answers:,} answers). FSRS fitted on the"
        f" {fit.answers:,} answers before {comparison.split:%Y-%m-%d %H:%M} UTC"
        f" ({fit.cards:,} cards, {fit.reviews:,} reviews; fsrs-rs's own log loss on them"
        f" {fit.default_log_loss:.4f} with the default parameters, {fit.log_loss:.4f} fitted)"
        f" and tested on the {later:,} scored answers from then on.",
        "",
        "| answers scored | model | answers | log loss | RMSE (bins) | AUC |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for answers, model, s in comparison.rows:
        lines.append(
            f"| {answers} | {model} | {s.answers:,} | {s.log_loss:.4f} | {s.rmse_bins:.4f}"
            f" | {s.auc:.4f} |"
        )
    lines += [
        "",
        f"Target: fitted FSRS below SM-2 in log loss on the second half:"
        f" {'met' if comparison.met else 'NOT met'}.",
    ]
    return "\n".join(lines)


def accuracy() -> int:
    """Print the accuracy report; 0 if the target is met, else 1."""
    comparison = compare(read_history())
    print(report(comparison))
    return 0 if comparison.met else 1


def run(runs: int = 50, calls: int = 20) -> list[Row]:
    """One answer under FSRS against one under SM-2: the scheduler's own work
    (`apply_answer`), and an answer recorded in a study database (`Store.answer`)."""
    return [_core_answer(runs, calls), _stored_answer(runs, calls)]


def _core_answer(runs: int, calls: int) -> Row:
    today = date(2026, 6, 1)
    fsrs = Scheduling(SchedulerName.FSRS)
    schedule = CardSchedule()
    for rating in (3, 3, 3, 1, 3):  # a card in review after a lapse, answered days apart
        schedule, _ = apply_answer(schedule, QUALITY_OF_RATING[rating], today, scheduling=fsrs)
        today += timedelta(days=5)
    sm2_schedule = CardSchedule(SM2State(2.36, 3, 14, 1), due=today)

    def fsrs_answers() -> None:
        for _ in range(calls):
            apply_answer(schedule, 4, today, scheduling=fsrs)

    def sm2_answers() -> None:
        for _ in range(calls):
            apply_answer(sm2_schedule, 4, today)

    ours, floor = interleaved_medians(fsrs_answers, sm2_answers, runs)
    return Row(
        "FSRS: one answer's schedule (`apply_answer`)",
        ours / calls,
        "SM-2: one answer's schedule",
        floor / calls,
        TARGET,
    )


def _stored_answer(runs: int, calls: int) -> Row:
    from benchmarks.gendeck import synthetic_deck
    from studytool.core.deck_loading import load_deck
    from studytool.storage import Store

    start = datetime(2026, 6, 1, 12, tzinfo=UTC)
    with tempfile.TemporaryDirectory() as folder:
        deck = Path(folder) / "deck.yaml"
        deck.write_text(synthetic_deck(200), encoding="utf-8")
        assert load_deck(deck).ok
        stores = []
        for name in ("fsrs", "sm2"):
            store = Store.open(Path(folder) / f"{name}.db", zone=UTC)
            store.sync([deck], start)
            store.switch_scheduler(Scheduling(SchedulerName(name)))
            stores.append(store)
        cards = [row["card_id"] for row in stores[0].query("SELECT card_id FROM card_state")]
        moments = {"fsrs": 0, "sm2": 0}

        def answers(store: Store, name: str) -> Callable[[], None]:
            def answer() -> None:
                for _ in range(calls):
                    index = moments[name]
                    moments[name] += 1
                    moment = start + timedelta(days=index // len(cards))
                    store.answer(cards[index % len(cards)], 4, moment)

            return answer

        ours, floor = interleaved_medians(
            answers(stores[0], "fsrs"), answers(stores[1], "sm2"), runs
        )
        for store in stores:
            store.close()
    return Row(
        "FSRS: one answer recorded (`Store.answer`)",
        ours / calls,
        "SM-2: one answer recorded",
        floor / calls,
        STORED_TARGET,
    )


if __name__ == "__main__":
    if "--timing" in sys.argv[1:]:
        rows = run()
        print(table(rows))
        sys.exit(0 if all(row.met for row in rows) else 1)
    sys.exit(accuracy())
