"""Fitting FSRS's parameters with fsrs-rs: the items it learns from, a fit, and too little history."""

from __future__ import annotations

import math
import random
import re
from datetime import date, timedelta

import pytest

from studytool.core.schedulers.fsrs import DEFAULT_PARAMETERS, FSRSConfig, review
from studytool.core.schedulers.fsrs_fitting import (
    MIN_REVIEWS,
    NotEnoughAnswers,
    PastAnswer,
    fit_parameters,
    review_count,
    training_items,
)

DAY = date(2024, 3, 1)


def history(*answers: tuple[int, int]) -> list[PastAnswer]:
    """A card's answers from (rating, days after DAY) pairs."""
    return [PastAnswer(rating, DAY + timedelta(days=days)) for rating, days in answers]


def reviews_of(item: object) -> list[tuple[int, int]]:
    """(rating, delta_t) of each review in an fsrs-rs item, read from its repr (the
    package's reviews have no attributes)."""
    found = re.findall(r"rating: (\d+), delta_t: (\d+)", repr(item))
    return [(int(rating), int(days)) for rating, days in found]


def synthetic_histories(
    cards: int = 100, reviews: int = 5, seed: int = 7
) -> list[list[PastAnswer]]:
    """Cards learned with Good, then reviewed at growing gaps, passing with chance
    0.9 ** (gap / stability): a memory much weaker than FSRS's defaults expect."""
    rng = random.Random(seed)
    histories = []
    for card in range(cards):
        day = DAY + timedelta(days=card % 10)
        answers = [PastAnswer(3, day)]
        stability, gap = 0.5, 1
        for _ in range(reviews):
            day += timedelta(days=gap)
            passed = rng.random() < 0.9 ** (gap / stability)
            answers.append(PastAnswer(3 if passed else 1, day))
            stability = stability * 3 if passed else max(0.3, stability / 2)
            gap = max(1, round(stability))
        histories.append(answers)
    return histories


def test_an_item_per_review_with_whole_study_days_between_answers() -> None:
    # Learned on day 0 (Again, then Good the same day), reviewed on days 2 and 7, and
    # again on day 7: the same-day answers are history, never items of their own.
    card = history((1, 0), (3, 0), (3, 2), (1, 7), (3, 7))
    items = training_items([card])
    assert [reviews_of(item) for item in items] == [
        [(1, 0), (3, 0), (3, 2)],
        [(1, 0), (3, 0), (3, 2), (1, 5)],
    ]
    assert review_count([card]) == 2


def test_items_go_to_the_optimizer_oldest_review_first() -> None:
    # fsrs-rs counts recent reviews more, so the order across cards is the review order.
    late = history((3, 0), (3, 9))
    early = history((4, 0), (3, 3))
    items = training_items([late, early])
    assert [reviews_of(item)[-1] for item in items] == [(3, 3), (3, 9)]


def test_a_card_answered_on_one_day_only_gives_no_item() -> None:
    assert training_items([history((1, 0), (3, 0)), []]) == []


def test_answers_out_of_time_order_are_refused() -> None:
    with pytest.raises(ValueError, match="time order"):
        training_items([history((3, 4), (3, 1))])


@pytest.mark.parametrize("rating", [0, 5, True, 3.0])
def test_a_rating_is_one_of_anki_s_four(rating: object) -> None:
    with pytest.raises(ValueError, match="1, 2, 3 or 4"):
        PastAnswer(rating, DAY)  # type: ignore[arg-type]


def test_a_fit_on_a_few_hundred_answers_learns_its_own_parameters() -> None:
    histories = synthetic_histories()
    fit = fit_parameters(histories)
    assert (fit.answers, fit.cards, fit.reviews) == (600, 100, 500)
    assert len(fit.parameters) == len(DEFAULT_PARAMETERS) == 21
    assert all(isinstance(value, float) and math.isfinite(value) for value in fit.parameters)
    moved = [
        index
        for index, (fitted, default) in enumerate(
            zip(fit.parameters, DEFAULT_PARAMETERS, strict=True)
        )
        if abs(fitted - default) > 1e-3
    ]
    assert len(moved) >= 10, moved
    # These cards are forgotten much sooner than the defaults expect after a first Good.
    assert fit.parameters[2] < DEFAULT_PARAMETERS[2]
    assert fit.log_loss < fit.default_log_loss
    assert fit.rmse_bins < fit.default_rmse_bins
    # The fitted parameters run the studytool scheduler.
    config = FSRSConfig(fit.parameters)
    memory, wait = review(None, 3, DAY, config)
    assert memory.stability == pytest.approx(fit.parameters[2], rel=1e-6)
    assert wait > timedelta(0)


def test_a_small_history_is_not_enough_and_says_how_much_is() -> None:
    histories = synthetic_histories(cards=40)  # 200 reviews, 240 answers
    with pytest.raises(NotEnoughAnswers) as raised:
        fit_parameters(histories)
    assert (raised.value.needed, raised.value.found) == (MIN_REVIEWS, 200)
    message = str(raised.value)
    assert f"at least {MIN_REVIEWS:,} reviews" in message
    assert "has 200, among 240 answers" in message


def test_an_empty_history_is_not_enough() -> None:
    with pytest.raises(NotEnoughAnswers, match="has 0, among 0 answers"):
        fit_parameters([])


def test_enough_reviews_but_no_cards_alike_is_not_a_fit() -> None:
    # 450 cards, each reviewed once after its own number of days: fsrs-rs sets every
    # card aside as an outlier and would quietly hand back its default parameters.
    histories = [history((3, 0), (3, days)) for days in range(1, 451)]
    with pytest.raises(NotEnoughAnswers, match="too few can teach it how memory grows"):
        fit_parameters(histories)


def test_fitted_parameters_are_kept_within_the_bounds_fsrs_allows() -> None:
    from studytool.core.schedulers.fsrs import within_bounds

    # fsrs-rs clips as 32-bit floats: a parameter fitted to its bound of 0.8 came back
    # as 0.800000011920929, which the package refuses.
    above = list(DEFAULT_PARAMETERS)
    above[20] = 0.800000011920929
    assert within_bounds(above)[20] == 0.8
    assert within_bounds(DEFAULT_PARAMETERS) == DEFAULT_PARAMETERS
    with pytest.raises(ValueError, match="outside the bounds"):
        FSRSConfig(tuple(above))
    FSRSConfig(within_bounds(above))  # accepted
