"""SM-2 as published: hand-worked vectors, properties, quality checks and study days."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studytool.core.schedulers.sm2 import (
    MAX_INTERVAL,
    SM2State,
    due_day,
    preview_intervals,
    review,
)
from studytool.core.study_days import study_day


def run(qualities: list[int]) -> list[SM2State]:
    states, state = [], SM2State()
    for quality in qualities:
        state = review(state, quality)
        states.append(state)
    return states


def test_a_new_state_starts_at_the_published_values() -> None:
    state = SM2State()
    assert (state.easiness, state.repetitions, state.interval, state.lapses) == (2.5, 0, 0, 0)


@pytest.mark.parametrize(
    ("qualities", "intervals", "easiness"),
    [
        ([5, 5, 5, 5], [1, 6, 17, 48], [2.6, 2.7, 2.8, 2.9]),
        ([5, 2, 4, 4, 5], [1, 1, 1, 6, 14], [2.6, 2.28, 2.28, 2.28, 2.38]),
        ([0, 5, 5], [1, 1, 6], [1.7, 1.8, 1.9]),
        ([4, 4, 4, 4, 4], [1, 6, 15, 38, 95], [2.5, 2.5, 2.5, 2.5, 2.5]),
        ([3, 3, 3, 3], [1, 6, 14, 30], [2.36, 2.22, 2.08, 1.94]),
        ([1, 1, 1, 1], [1, 1, 1, 1], [1.96, 1.42, 1.3, 1.3]),
    ],
)
def test_hand_worked_vectors(
    qualities: list[int], intervals: list[int], easiness: list[float]
) -> None:
    states = run(qualities)
    assert [s.interval for s in states] == intervals
    assert [s.easiness for s in states] == easiness


def test_interval_uses_the_easiness_from_before_the_answer() -> None:
    # After 5,5 the EF is 2.7; the third answer (q=0 would drop EF) is a 3: 6 * 2.7 -> 17.
    third = run([5, 5, 3])[-1]
    assert third.interval == 17
    assert third.easiness == 2.56


def test_easiness_stays_exact_where_floats_would_drift() -> None:
    # 2.5 + 0.1 * 3 is 2.8000000000000003 in floats; 6 * 2.8 must give 17, not 17 + 1 day.
    state = SM2State(easiness=2.8, repetitions=2, interval=6)
    assert review(state, 4).interval == 17
    drifted = SM2State(easiness=2.5 + 0.1 + 0.1 + 0.1, repetitions=2, interval=10)
    assert drifted.easiness == 2.8
    assert review(drifted, 4).interval == 28


def test_failures_reset_and_count_lapses() -> None:
    states = run([5, 5, 1, 4])
    assert [(s.repetitions, s.interval, s.lapses) for s in states] == [
        (1, 1, 0),
        (2, 6, 0),
        (0, 1, 1),
        (1, 1, 1),
    ]


@pytest.mark.parametrize("quality", [-1, 6, 2.5, "4", None, True])
def test_quality_must_be_an_integer_from_0_to_5(quality: object) -> None:
    with pytest.raises(ValueError, match="quality must be"):
        review(SM2State(), quality)  # type: ignore[arg-type]


def test_preview_gives_the_interval_for_every_grade() -> None:
    state = run([5, 5])[-1]  # EF 2.7, n 2, I 6
    assert preview_intervals(state) == {0: 1, 1: 1, 2: 1, 3: 17, 4: 17, 5: 17}
    assert preview_intervals(SM2State()) == {0: 1, 1: 1, 2: 1, 3: 1, 4: 1, 5: 1}


def test_states_normalise_to_hundredths() -> None:
    assert SM2State(easiness=2.6000000000000001) == SM2State(easiness=2.6)
    assert SM2State.from_hundredths(228).easiness == 2.28
    assert SM2State(easiness=2.28).easiness_hundredths == 228
    with pytest.raises(ValueError, match=r"at least 1\.3"):
        SM2State(easiness=1.2)


states = st.builds(
    SM2State.from_hundredths,
    st.integers(130, 400),
    st.integers(0, 30),
    st.integers(0, 3650),
    st.integers(0, 20),
)


@given(states, st.integers(0, 5))
def test_review_never_breaks_the_invariants(state: SM2State, quality: int) -> None:
    before = SM2State.from_hundredths(
        state.easiness_hundredths, state.repetitions, state.interval, state.lapses
    )
    after = review(state, quality)
    assert state == before  # the input is not changed
    assert after.easiness >= 1.3
    assert after.interval >= 1
    assert after.lapses in (state.lapses, state.lapses + 1)
    assert (after.repetitions == 0) == (quality < 3)


@given(st.lists(st.integers(0, 5), min_size=1, max_size=40))
def test_any_history_keeps_easiness_on_the_hundredths_grid(qualities: list[int]) -> None:
    for state in run(qualities):
        assert state.easiness >= 1.3
        assert state.easiness_hundredths / 100 == state.easiness
        assert 1 <= state.interval <= MAX_INTERVAL


def test_intervals_stop_at_a_hundred_years() -> None:
    states = run([5] * 40)
    assert states[-1].interval == MAX_INTERVAL == 36_500
    assert due_day(date(2026, 1, 1), states[-1]) == date(2125, 12, 8)


BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(
    ("utc", "expected"),
    [
        # Winter, UTC+1: 03:59 local still belongs to the day before; 04:00 starts a new one.
        (datetime(2026, 1, 15, 2, 59, tzinfo=UTC), date(2026, 1, 14)),
        (datetime(2026, 1, 15, 3, 0, tzinfo=UTC), date(2026, 1, 15)),
        # Just after local midnight is still yesterday's study day.
        (datetime(2026, 1, 14, 23, 30, tzinfo=UTC), date(2026, 1, 14)),
        # Summer, UTC+2.
        (datetime(2026, 7, 1, 1, 59, tzinfo=UTC), date(2026, 6, 30)),
        (datetime(2026, 7, 1, 2, 0, tzinfo=UTC), date(2026, 7, 1)),
        # 29 March 2026: clocks jump 02:00 -> 03:00; the day still starts at 04:00 local.
        (datetime(2026, 3, 29, 1, 59, tzinfo=UTC), date(2026, 3, 28)),  # 03:59 CEST
        (datetime(2026, 3, 29, 2, 0, tzinfo=UTC), date(2026, 3, 29)),  # 04:00 CEST
        # 25 October 2026: clocks fall back 03:00 -> 02:00; 04:00 local is 03:00 UTC.
        (datetime(2026, 10, 25, 2, 59, tzinfo=UTC), date(2026, 10, 24)),  # 03:59 CET
        (datetime(2026, 10, 25, 3, 0, tzinfo=UTC), date(2026, 10, 25)),  # 04:00 CET
    ],
)
def test_study_day_rolls_over_at_four_local_time(utc: datetime, expected: date) -> None:
    assert study_day(utc, BERLIN) == expected


def test_rollover_hour_is_configurable() -> None:
    moment = datetime(2026, 1, 15, 0, 30, tzinfo=UTC)  # 01:30 in Berlin
    assert study_day(moment, BERLIN, rollover_hour=0) == date(2026, 1, 15)
    assert study_day(moment, BERLIN, rollover_hour=2) == date(2026, 1, 14)
    with pytest.raises(ValueError, match="rollover hour"):
        study_day(moment, BERLIN, rollover_hour=24)


def test_study_day_refuses_a_naive_moment() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        study_day(datetime(2026, 1, 15, 12, 0), BERLIN)


def test_due_day_adds_the_interval() -> None:
    assert due_day(date(2026, 12, 30), run([5, 5])[-1]) == date(2027, 1, 5)


def test_the_first_published_import_path_still_works() -> None:
    """Code built on `studytool.scheduler` keeps working after the core moved."""
    from studytool.scheduler import SM2State as PublishedState
    from studytool.scheduler import review as published_review

    assert PublishedState is SM2State
    assert published_review(PublishedState(), 4) == review(SM2State(), 4)
