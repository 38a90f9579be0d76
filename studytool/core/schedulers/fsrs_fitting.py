"""Fitting FSRS's 21 parameters to a trainee's own answers, with fsrs-rs (Anki's optimizer).

Pure: the answers come in as arguments; nothing here reads the clock or a database.
The optimizer is the `fsrs-rs-python` package, imported only when a fit runs.

FSRS learns from *reviews*: answers given on a later study day than the card's previous
answer. Each becomes one training item, as Anki builds them: the card's answers so far
(its first answer included), each with the whole study days since the answer before it
(0 for the first answer and for answers on the same study day), the last one being the
review whose outcome (pass, or Again) the model must predict. An item whose review is
the card's first on a later day teaches FSRS how well a new card is remembered (its four
initial stabilities); later ones teach it how memory grows and decays. Items go to the
optimizer in the order their reviews were given, because fsrs-rs counts recent reviews
more than old ones.

How much history is enough: see `MIN_REVIEWS`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from studytool.core.schedulers.fsrs import (
    DEFAULT_PARAMETERS,
    RATINGS,
    RELEARNING_STEPS,
    within_bounds,
)

if TYPE_CHECKING:
    import fsrs_rs_python

__all__ = [
    "MIN_REVIEWS",
    "Fit",
    "NotEnoughAnswers",
    "PastAnswer",
    "fit_parameters",
    "review_count",
    "training_items",
]

#: The fewest reviews (answers on a later study day than the card's previous answer)
#: a fit accepts. fsrs-rs itself quietly hands back the default parameters when fewer
#: than 8 such reviews are left once it has set outliers aside, and below 64 fits only
#: the four initial stabilities. Anki's backend leaves its callers to check for 400 (its
#: deck options once asked for 1,000), and a fit on less follows the noise of a few
#: cards. The real review history the benchmarks replay has 6,372 reviews in 190 days,
#: so 400 reviews is about two weeks of study.
MIN_REVIEWS = 400


@dataclass(frozen=True, slots=True)
class PastAnswer:
    """One answer of a card's history, as fitting needs it: the rating and its study day."""

    rating: int  # Anki's 1 Again, 2 Hard, 3 Good, 4 Easy
    study_day: date

    def __post_init__(self) -> None:
        whole = isinstance(self.rating, int) and not isinstance(self.rating, bool)
        if not whole or self.rating not in RATINGS:
            raise ValueError(f"an FSRS rating is 1, 2, 3 or 4, not {self.rating!r}")


@dataclass(frozen=True, slots=True)
class Fit:
    """Fitted parameters, what they were fitted on, and how well they predict it.

    The log losses and RMSEs are fsrs-rs's own `evaluate` on the very reviews fitted
    (so they flatter the fit: it saw those outcomes): recent reviews weigh more, and RMSE
    (bins) groups reviews by interval, review count and lapses, as srs-benchmark does.
    Anki keeps a trainee's old parameters unless the fit's RMSE (bins) is lower; a caller
    can do the same with `rmse_bins` and `default_rmse_bins`.
    """

    parameters: tuple[float, ...]  # FSRS-6's 21 numbers, ready for FSRSConfig
    answers: int  # every answer in the history given
    cards: int  # cards with at least one answer
    reviews: int  # training items: answers on a later study day than the card's previous one
    default_log_loss: float
    default_rmse_bins: float
    log_loss: float
    rmse_bins: float


class NotEnoughAnswers(ValueError):
    """The history is too small for FSRS to learn this trainee's parameters from."""

    def __init__(self, found: int, answers: int, *, alike_too_few: bool = False) -> None:
        self.needed = MIN_REVIEWS
        self.found = found
        if alike_too_few:
            problem = (
                f"among these {found:,} reviews ({answers:,} answers), too few can teach it"
                " how memory grows: it sets aside cards unlike the others (a first rating"
                " and a first gap few cards share), and learns growth only from a card's"
                " second review on"
            )
        else:
            problem = (
                f"it needs at least {MIN_REVIEWS:,} reviews (answers on a later day than"
                f" the card's previous answer), and this history has {found:,}, among"
                f" {answers:,} answers"
            )
        super().__init__(
            f"FSRS cannot fit its parameters yet: {problem}. Keep studying, and try again later."
        )


def review_count(histories: Sequence[Sequence[PastAnswer]]) -> int:
    """How many reviews the histories hold: answers on a later study day than the
    card's previous answer (the items a fit learns from)."""
    return sum(1 for history in histories for days in _days_between(history) if days > 0)


def fit_parameters(histories: Sequence[Sequence[PastAnswer]]) -> Fit:
    """FSRS-6's parameters fitted to `histories`: one list of answers per card, each in the
    order given (study days never going back).

    Raises NotEnoughAnswers below MIN_REVIEWS reviews, and when fsrs-rs, once it has set
    outliers aside, has too few reviews left to learn from: it then either fails or
    quietly hands back the default parameters, which would pass for a fit.
    """
    items = training_items(histories)
    answers = sum(len(history) for history in histories)
    if len(items) < MIN_REVIEWS:
        raise NotEnoughAnswers(len(items), answers)
    from fsrs_rs_python import FSRS

    try:
        fitted = FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(
            items, num_relearning_steps=len(RELEARNING_STEPS)
        )
    except ValueError as error:
        # fsrs-rs's NotEnoughData: no group of alike cards was left to estimate the initial
        # stabilities from. Items built here carry each card's first review, so fsrs-rs
        # drops the rest of a card with it and falls back on the defaults instead (below);
        # this is kept for any other way there.
        if str(error) != "NotEnoughData":
            raise
        raise NotEnoughAnswers(len(items), answers, alike_too_few=True) from error
    if _learned_nothing(fitted):
        raise NotEnoughAnswers(len(items), answers, alike_too_few=True)
    parameters = within_bounds(fitted)
    before = FSRS(list(DEFAULT_PARAMETERS)).evaluate(items)
    after = FSRS(list(parameters)).evaluate(items)
    return Fit(
        parameters=parameters,
        answers=answers,
        cards=sum(1 for history in histories if history),
        reviews=len(items),
        default_log_loss=before.log_loss,
        default_rmse_bins=before.rmse_bins,
        log_loss=after.log_loss,
        rmse_bins=after.rmse_bins,
    )


def _learned_nothing(fitted: Sequence[float]) -> bool:
    """Whether fsrs-rs handed back the defaults for all but (perhaps) the four initial
    stabilities, as it does, without an error, when fewer than 8 (or 64) reviews are left
    once it has set the outliers aside."""
    return all(
        math.isclose(value, default, rel_tol=1e-6, abs_tol=1e-9)
        for value, default in zip(fitted[4:], DEFAULT_PARAMETERS[4:], strict=True)
    )


def training_items(
    histories: Sequence[Sequence[PastAnswer]],
) -> list[fsrs_rs_python.FSRSItem]:
    """fsrs-rs's training items for `histories`, oldest review first (see the module)."""
    from fsrs_rs_python import FSRSItem, FSRSReview

    dated: list[tuple[date, int, FSRSItem]] = []
    for history in histories:
        gaps = _days_between(history)
        reviews = [
            FSRSReview(answer.rating, days) for answer, days in zip(history, gaps, strict=True)
        ]
        for index, days in enumerate(gaps):
            if days > 0:
                item = FSRSItem(reviews[: index + 1])
                dated.append((history[index].study_day, len(dated), item))
    dated.sort(key=lambda entry: entry[:2])  # by study day; within a day, as given
    return [item for _, _, item in dated]


def _days_between(history: Sequence[PastAnswer]) -> list[int]:
    """The whole study days from each answer's predecessor to it (0 for the first)."""
    gaps = [0] * len(history)
    for index in range(1, len(history)):
        gaps[index] = (history[index].study_day - history[index - 1].study_day).days
        if gaps[index] < 0:
            raise ValueError(
                f"a card's answers must be in time order: {history[index].study_day}"
                f" comes after {history[index - 1].study_day}"
            )
    return gaps
