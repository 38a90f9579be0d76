"""How well predicted chances of recall match what really happened: log loss, RMSE (bins), AUC.

A prediction is a pair: the chance a model gave that the trainee would pass an answer
(0 to 1), and whether they did. Pure Python, no numpy:

- *Log loss* (binary cross-entropy): the mean of -ln(p) over passed answers and
  -ln(1 - p) over failed ones. Lower is better; always predicting the average pass rate
  scores about 0.6 at a 70% pass rate. A prediction of exactly 0 or 1 that turns out wrong
  would cost infinity, so predictions are first clipped to [1e-15, 1 - 1e-15] (as
  scikit-learn did): such a miss costs about 34.5.
- *RMSE (bins)*: calibration. Predictions are put in 20 bins by the predicted chance p,
  bin = min(19, max(0, floor(21 ** p) - 1)), fsrs-rs's binning of predictions (its
  `get_bin`): narrow bins near 1, where most predictions of a spaced-repetition model lie
  (p from 0.9 up spreads over bins 14-19, p below 0.5 over bins 0-3). In each bin, the
  mean prediction is compared with the share of answers passed; RMSE (bins) is the square
  root of the mean squared difference, each bin weighted by its number of answers.
  srs-benchmark, and fsrs-rs's `evaluate` since it followed it, bin instead by interval,
  review count and lapses (and fsrs-rs weights recent reviews more), so their RMSE (bins)
  is a different number from this one: compare models with one definition only.
- *AUC*: discrimination. The chance that a passed answer, picked at random, was given a
  higher prediction than a failed one picked at random (ties count half): 0.5 is no
  better than a coin, 1 is perfect. Computed from ranks (the Mann-Whitney U statistic),
  tied predictions sharing their average rank.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = [
    "BINS",
    "CLIP",
    "Prediction",
    "Scores",
    "auc",
    "log_loss",
    "recall_bin",
    "rmse_bins",
    "score",
]

#: One scored answer: the predicted chance of a pass, and whether it was a pass.
Prediction = tuple[float, bool]
#: How many bins RMSE (bins) uses, as fsrs-rs does.
BINS = 20
#: Predictions are clipped this far from 0 and 1 before taking logarithms.
CLIP = 1e-15


@dataclass(frozen=True)
class Scores:
    """The three figures for one model on one set of answers."""

    answers: int
    log_loss: float
    rmse_bins: float
    auc: float


def score(predictions: Sequence[Prediction]) -> Scores:
    """Log loss, RMSE (bins) and AUC of `predictions`, with how many there are."""
    return Scores(len(predictions), log_loss(predictions), rmse_bins(predictions), auc(predictions))


def log_loss(predictions: Sequence[Prediction]) -> float:
    """The mean of -ln(chance given to what happened), predictions clipped to [CLIP, 1 - CLIP]."""
    _check(predictions)
    total = 0.0
    for probability, passed in predictions:
        clipped = min(max(probability, CLIP), 1 - CLIP)
        total -= math.log(clipped if passed else 1 - clipped)
    return total / len(predictions)


def recall_bin(probability: float, bins: int = BINS) -> int:
    """The bin (0 to bins - 1) a predicted chance falls in: floor((bins + 1) ** p) - 1."""
    return min(bins - 1, max(0, math.floor(math.pow(bins + 1, probability)) - 1))


def rmse_bins(predictions: Sequence[Prediction], bins: int = BINS) -> float:
    """Root of the count-weighted mean, over bins, of (mean prediction - pass rate) squared."""
    _check(predictions)
    sums: dict[int, list[float]] = {}  # bin -> [answers, sum of predictions, passes]
    for probability, passed in predictions:
        tally = sums.setdefault(recall_bin(probability, bins), [0.0, 0.0, 0.0])
        tally[0] += 1
        tally[1] += probability
        tally[2] += passed
    squared = sum(
        count * (predicted / count - passes / count) ** 2
        for count, predicted, passes in sums.values()
    )
    return math.sqrt(squared / len(predictions))


def auc(predictions: Sequence[Prediction]) -> float:
    """The area under the ROC curve, from average ranks (ties share their rank)."""
    _check(predictions)
    passes = sum(passed for _, passed in predictions)
    fails = len(predictions) - passes
    if passes == 0 or fails == 0:
        raise ValueError("AUC needs at least one passed and one failed answer")
    rank_sum = sum(
        rank for rank, (_, passed) in zip(_ranks(predictions), predictions, strict=True) if passed
    )
    return (rank_sum - passes * (passes + 1) / 2) / (passes * fails)


def _ranks(predictions: Sequence[Prediction]) -> list[float]:
    """Each prediction's rank among all (1 = lowest), tied predictions sharing the average."""
    order = sorted(range(len(predictions)), key=lambda index: predictions[index][0])
    ranks = [0.0] * len(predictions)
    start = 0
    while start < len(order):
        end = start
        value = predictions[order[start]][0]
        while end + 1 < len(order) and predictions[order[end + 1]][0] == value:
            end += 1
        shared = (start + end) / 2 + 1  # ranks start+1 .. end+1, averaged
        for position in range(start, end + 1):
            ranks[order[position]] = shared
        start = end + 1
    return ranks


def _check(predictions: Iterable[Prediction]) -> None:
    empty = True
    for probability, _ in predictions:
        empty = False
        if not 0.0 <= probability <= 1.0:  # also refuses NaN
            raise ValueError(f"a predicted chance must be from 0 to 1, not {probability!r}")
    if empty:
        raise ValueError("there are no predictions to score")
