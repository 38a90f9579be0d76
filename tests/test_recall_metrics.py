"""The scheduling benchmark's metrics (log loss, RMSE (bins), AUC) on hand-worked numbers,
and how it picks, predicts and splits the answers it scores."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from pathlib import Path

import pytest

from benchmarks import scheduling
from benchmarks.recall_metrics import auc, log_loss, recall_bin, rmse_bins, score
from benchmarks.scheduling import (
    FSRS_DEFAULT,
    FSRS_FITTED,
    LATER,
    SM2,
    WHOLE,
    Answer,
    fitting_histories,
    fsrs_predictions,
    read_history,
    scored_indexes,
    sm2_predictions,
    split_moment,
)
from studytool.core.schedulers.fsrs import DEFAULT_PARAMETERS, FSRSConfig
from studytool.core.schedulers.fsrs_fitting import Fit, PastAnswer
from studytool.core.study_days import study_day

# Five answers, worked by hand below.
FIVE = [(0.9, True), (0.9, False), (0.6, True), (0.3, False), (0.99, True)]


def test_log_loss_by_hand() -> None:
    # -(ln 0.9 + ln 0.1 + ln 0.6 + ln 0.7 + ln 0.99) / 5
    # = (0.1053605 + 2.3025851 + 0.5108256 + 0.3566749 + 0.0100503) / 5
    # = 3.2854964 / 5 = 0.6570993
    assert log_loss(FIVE) == pytest.approx(0.6570993, abs=1e-7)


def test_rmse_bins_by_hand() -> None:
    # Bins floor(21 ** p) - 1: 0.9 -> floor(15.49) - 1 = 14, 0.6 -> floor(6.21) - 1 = 5,
    # 0.3 -> floor(2.49) - 1 = 1, 0.99 -> floor(20.37) - 1 = 19.
    # Bin 14: two answers, mean prediction 0.9, one passed (0.5): 2 * 0.4^2 = 0.32
    # Bin 5: 1 * (0.6 - 1)^2 = 0.16; bin 1: 1 * (0.3 - 0)^2 = 0.09; bin 19: 1 * 0.01^2 = 0.0001
    # sqrt((0.32 + 0.16 + 0.09 + 0.0001) / 5) = sqrt(0.11402) = 0.3376685
    assert [recall_bin(p) for p, _ in FIVE] == [14, 14, 5, 1, 19]
    assert rmse_bins(FIVE) == pytest.approx(0.3376685, abs=1e-7)


def test_auc_by_hand_with_a_tie() -> None:
    # Passed 0.9, 0.6, 0.99 against failed 0.9, 0.3: of the 6 pairs the passed answer
    # ranks higher in 4 (0.9>0.3, 0.6>0.3, 0.99>0.9, 0.99>0.3), ties in 1 (0.9=0.9),
    # lower in 1 (0.6<0.9): (4 + 0.5) / 6 = 0.75.
    assert auc(FIVE) == pytest.approx(0.75)


def test_score_gathers_the_three() -> None:
    scores = score(FIVE)
    assert scores.answers == 5
    assert (scores.log_loss, scores.rmse_bins, scores.auc) == (
        log_loss(FIVE),
        rmse_bins(FIVE),
        auc(FIVE),
    )


def test_a_perfect_ranking_and_an_inverted_one() -> None:
    assert auc([(0.2, False), (0.8, True)]) == 1.0
    assert auc([(0.8, False), (0.2, True)]) == 0.0
    assert auc([(0.5, False), (0.5, True)]) == 0.5


def test_a_certain_prediction_that_fails_costs_a_clipped_log() -> None:
    # -ln(1e-15) = 34.539, not infinity; a certain prediction that holds costs ~0.
    assert log_loss([(1.0, False)]) == pytest.approx(-math.log(1e-15), rel=1e-4)
    assert log_loss([(0.0, True)]) == pytest.approx(-math.log(1e-15), rel=1e-4)
    assert log_loss([(1.0, True)]) < 1e-14


def test_the_bin_edges() -> None:
    edge = math.log(2) / math.log(21)  # 21 ** p reaches 2 here: bin 0 ends
    assert recall_bin(0.0) == 0
    assert recall_bin(edge - 1e-9) == 0
    assert recall_bin(edge + 1e-9) == 1
    assert recall_bin(0.5) == 3
    assert recall_bin(1.0) == 19


@pytest.mark.parametrize("metric", [log_loss, rmse_bins, auc])
def test_nothing_or_nonsense_is_refused(metric: object) -> None:
    assert callable(metric)
    with pytest.raises(ValueError, match="no predictions"):
        metric([])
    with pytest.raises(ValueError, match="from 0 to 1"):
        metric([(1.2, True), (0.5, False)])
    with pytest.raises(ValueError, match="from 0 to 1"):
        metric([(math.nan, True), (0.5, False)])


def test_auc_needs_both_outcomes() -> None:
    with pytest.raises(ValueError, match="one passed and one failed"):
        auc([(0.9, True), (0.8, True)])


# -- the benchmark: which answers are scored, SM-2's prediction, the split --------------


def answer(rating: int, when: str) -> Answer:
    """An answer at `when` (UTC, "2024-03-04 17:00"), on its study day in the benchmark's zone."""
    moment = datetime.fromisoformat(when).replace(tzinfo=UTC)
    return Answer(rating, moment, study_day(moment, scheduling.ZONE))


# 17:00 UTC is 10:00 in UTC-7: each answer's study day is its UTC date.
CARD = [
    answer(3, "2024-03-01 17:00"),  # first answer: not scored (SM-2: Good, interval 1)
    answer(1, "2024-03-01 17:10"),  # same day: not scored, moves nothing
    answer(3, "2024-03-04 17:00"),  # scored: 3 days on an interval of 1 (next: 6)
    answer(1, "2024-03-10 17:00"),  # scored: 6 days on 6 (a lapse: next interval 1)
    answer(3, "2024-03-10 17:15"),  # same day: not scored
    answer(3, "2024-03-11 17:00"),  # scored: 1 day on 1
]


def test_scored_answers_are_those_on_a_later_study_day() -> None:
    assert scored_indexes(CARD) == [2, 3, 5]
    assert scored_indexes(CARD[:1]) == []


def test_sm2_predicts_point_nine_to_the_days_over_its_interval() -> None:
    predictions = sm2_predictions(CARD)
    # 0.9 ** (3 / 1) = 0.729; 0.9 ** (6 / 6) = 0.9; 0.9 ** (1 / 1) = 0.9
    assert [p.probability for p in predictions] == pytest.approx([0.729, 0.9, 0.9])
    assert [p.passed for p in predictions] == [True, False, True]
    assert [p.moment for p in predictions] == [CARD[2].moment, CARD[3].moment, CARD[5].moment]


def test_fsrs_counts_the_days_between_answers_in_study_days() -> None:
    # 21:00 and 09:00 local: two study days, 12 hours apart. The package alone counts
    # whole 24-hour periods and would predict certain recall; studytool's FSRS counts a
    # day, as Anki does.
    card = [answer(3, "2024-03-02 04:00"), answer(1, "2024-03-02 16:00")]
    assert card[0].study_day < card[1].study_day
    (prediction,) = fsrs_predictions(card, FSRSConfig())
    assert 0.5 < prediction.probability < 1.0


# Three cards; answers at distinct minutes. The median (7th of 12) answer is card 2's on
# March 4, so the first half is the six answers before it.
CARDS = [
    [
        answer(3, "2024-03-01 17:00"),
        answer(3, "2024-03-02 17:00"),
        answer(1, "2024-03-05 17:00"),
        answer(3, "2024-03-06 17:00"),
    ],
    [
        answer(3, "2024-03-01 17:01"),
        answer(1, "2024-03-03 17:01"),
        answer(3, "2024-03-04 17:01"),
        answer(3, "2024-03-08 17:01"),
    ],
    [
        answer(1, "2024-03-02 17:02"),
        answer(3, "2024-03-02 17:12"),
        answer(3, "2024-03-04 17:02"),
        answer(1, "2024-03-09 17:02"),
    ],
]


def past(rating: int, day: int) -> PastAnswer:
    return PastAnswer(rating, datetime(2024, 3, day).date())


FIRST_HALF = [
    [past(3, 1), past(3, 2)],
    [past(3, 1), past(1, 3)],
    [past(1, 2), past(3, 2)],
]


def test_the_split_falls_at_the_median_answer_and_fitting_sees_only_what_came_before() -> None:
    split = split_moment(CARDS)
    assert split == CARDS[1][2].moment
    assert fitting_histories(CARDS, split) == FIRST_HALF


def test_the_fitted_model_is_fitted_on_the_first_half_and_scored_on_the_second(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fitted_on: list[list[list[PastAnswer]]] = []

    def fake_fit(histories: list[list[PastAnswer]]) -> Fit:
        fitted_on.append(histories)
        return Fit(DEFAULT_PARAMETERS, 6, 3, 3, 0.5, 0.1, 0.5, 0.1)

    monkeypatch.setattr(scheduling, "fit_parameters", fake_fit)
    comparison = scheduling.compare(CARDS)
    assert fitted_on == [FIRST_HALF]
    # Scored: card 1 on March 2, 5, 6; card 2 on March 3, 4, 8; card 3 on March 4, 9.
    # From the split on: card 2's March 4 and 8, card 3's March 4 and 9, card 1's 5 and 6.
    for model in (SM2, FSRS_DEFAULT):
        assert comparison.scores(WHOLE, model).answers == 8
    for model in (SM2, FSRS_DEFAULT, FSRS_FITTED):
        assert comparison.scores(LATER, model).answers == 6
    assert not any(
        model.startswith(FSRS_FITTED) for answers, model, _ in comparison.rows if answers == WHOLE
    )
    # Fitted with the default parameters here, so it must predict exactly as the default.
    assert comparison.scores(LATER, FSRS_FITTED) == comparison.scores(LATER, FSRS_DEFAULT)
    assert comparison.met == (
        comparison.scores(LATER, FSRS_FITTED).log_loss < comparison.scores(LATER, SM2).log_loss
    )


def test_the_history_is_read_per_card_in_time_order(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text(
        "card_id,review_rating,review_time,review_duration\n"
        "7,3,2024-03-02T17:00:00+00:00,900\n"
        "5,1,2024-03-01T18:00:00+00:00,900\n"
        "7,1,2024-03-01T17:00:00+00:00,900\n",
        encoding="utf-8",
    )
    cards = read_history(log)
    assert [[(a.rating, a.study_day.isoformat()) for a in card] for card in cards] == [
        [(1, "2024-03-01"), (3, "2024-03-02")],
        [(1, "2024-03-01")],
    ]
    assert not cards[0][0].passed
    assert cards[0][1].passed
