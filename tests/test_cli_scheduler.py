"""`studytool scheduler`: showing the scheduler, switching (every answer replayed), the
desired retention, and fitting FSRS to the trainee's own answers."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sample_decks import seven_muscle_deck

from benchmarks.gendeck import synthetic_deck
from studytool.cli import cli
from studytool.core.schedulers.fsrs import DEFAULT_PARAMETERS, QUALITY_OF_RATING
from studytool.core.scheduling import SchedulerName
from studytool.storage import Store

START = datetime(2026, 1, 5, 18, tzinfo=UTC)


def scheduler(runner: CliRunner, database: Path, *args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, ["--db", str(database), "scheduler", *args])
    return result.exit_code, result.stdout, result.stderr


def studied(database: Path, deck: Path, cards: int, days: int, seed: int = 11) -> None:
    """A trainee's months: each card learnt with Good, then reviewed when due, passing
    with chance 0.9 ** (days late / stability), a memory weaker than FSRS expects."""
    rng = random.Random(seed)
    with Store.open(database, zone=UTC) as store:
        store.sync([deck], START)
        ids = [row["card_id"] for row in store.query("SELECT card_id FROM card_state")][:cards]
        for index, card in enumerate(ids):
            day = START + timedelta(days=index % 7)
            store.answer(card, QUALITY_OF_RATING[3], day)
            stability, gap = 0.6, 1
            while (day - START).days < days:
                day += timedelta(days=gap)
                passed = rng.random() < 0.9 ** (gap / stability)
                store.answer(card, QUALITY_OF_RATING[3 if passed else 1], day)
                stability = stability * 2.5 if passed else max(0.3, stability / 2)
                gap = max(1, round(stability))


@pytest.fixture
def small(tmp_path: Path) -> Path:
    deck = tmp_path / "deck.yaml"
    deck.write_text(seven_muscle_deck(), encoding="utf-8")
    database = tmp_path / "study.db"
    studied(database, deck, cards=6, days=20)
    return database


def test_the_scheduler_is_shown_and_switched(runner: CliRunner, small: Path) -> None:
    assert scheduler(runner, small)[:2] == (0, "scheduler: SM-2\n")
    code, out, err = scheduler(runner, small, "fsrs", "--retention", "0.85")
    assert code == 0, err
    assert out.splitlines() == [
        "scheduler: FSRS (desired retention 0.85), default parameters",
        "rescheduled 6 answered cards from their answers",
    ]
    assert scheduler(runner, small)[1] == (
        "scheduler: FSRS (desired retention 0.85), default parameters\n"
    )
    code, out, _ = scheduler(runner, small, "sm2")
    assert out.splitlines()[0] == "scheduler: SM-2"
    with Store.open(small, zone=UTC) as store:
        assert store.scheduling().name is SchedulerName.SM2
        assert store.scheduling().fsrs.desired_retention == 0.85  # kept for FSRS


def test_fsrs_settings_need_fsrs(runner: CliRunner, small: Path) -> None:
    code, _, err = scheduler(runner, small, "sm2", "--retention", "0.8")
    assert code == 1
    assert (
        "--retention is a setting of FSRS: use `studytool scheduler fsrs --retention 0.85`" in err
    )
    code, _, err = scheduler(runner, small, "fsrs", "--retention", "1.2")
    assert code == 2
    assert "0.7<=x<=0.99" in err
    code, _, err = scheduler(runner, small, "fsrs", "--optimize", "--default-parameters")
    assert code == 1
    assert "cannot go together" in err


def test_too_few_answers_to_fit_is_said_and_changes_nothing(runner: CliRunner, small: Path) -> None:
    code, out, err = scheduler(runner, small, "fsrs", "--optimize")
    assert code == 1
    assert out == ""
    assert "FSRS cannot fit its parameters yet: it needs at least 400 reviews" in err
    assert "Nothing was changed." in err
    with Store.open(small, zone=UTC) as store:
        assert store.scheduling().name is SchedulerName.SM2


def test_fsrs_is_fitted_to_the_trainees_answers_and_kept(runner: CliRunner, tmp_path: Path) -> None:
    deck = tmp_path / "deck.yaml"
    deck.write_text(synthetic_deck(15, 1), encoding="utf-8")
    database = tmp_path / "study.db"
    studied(database, deck, cards=75, days=60)

    code, out, err = scheduler(runner, database, "fsrs", "--optimize")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("fitted FSRS to ")
    assert "log loss" in lines[0]
    assert "RMSE (bins)" in lines[0]
    assert lines[1].startswith("scheduler: FSRS (desired retention 0.9), parameters fitted to")
    assert lines[2] == "rescheduled 75 answered cards from their answers"
    with Store.open(database, zone=UTC) as store:
        fitted = store.scheduling().fsrs.parameters
        report = store.fit_report()
    assert fitted != DEFAULT_PARAMETERS
    assert report is not None
    assert report["log_loss"] < report["default_log_loss"]

    # Switching away and back keeps the fitted parameters; they go only on request.
    scheduler(runner, database, "sm2")
    assert scheduler(runner, database, "fsrs")[1].startswith(
        "scheduler: FSRS (desired retention 0.9), parameters fitted to"
    )
    code, out, _ = scheduler(runner, database, "fsrs", "--default-parameters")
    assert out.splitlines()[0] == "scheduler: FSRS (desired retention 0.9), default parameters"
    with Store.open(database, zone=UTC) as store:
        assert store.scheduling().fsrs.parameters == DEFAULT_PARAMETERS
        assert store.fit_report() is None


def test_answers_put_on_an_earlier_study_day_do_not_stop_a_fit(
    runner: CliRunner, tmp_path: Path
) -> None:
    """A changed rollover hour (or time zone) can record a later answer on an earlier
    study day; the fit counts it as the same day as the one before."""
    deck = tmp_path / "deck.yaml"
    deck.write_text(synthetic_deck(15, 1), encoding="utf-8")
    database = tmp_path / "study.db"
    studied(database, deck, cards=75, days=60)
    with Store.open(database, zone=UTC, rollover_hour=0) as store:
        card = store.query("SELECT card_id FROM reviews ORDER BY id DESC LIMIT 1")[0]["card_id"]
        last = store.query("SELECT max(answered_at) AS at FROM reviews WHERE card_id = ?", [card])[
            0
        ]["at"]
        moment = datetime.fromisoformat(last) + timedelta(minutes=5)
        store.answer(card, 4, moment)
        with store.write() as conn:  # as a rollover hour moved later would record it
            conn.execute(
                "UPDATE reviews SET study_day = date(study_day, '-1 day')"
                " WHERE id = (SELECT max(id) FROM reviews)"
            )
    code, out, err = scheduler(runner, database, "fsrs", "--optimize")
    assert code == 0, err
    assert out.startswith("fitted FSRS to ")


def test_a_fit_report_edited_by_hand_only_loses_its_description(
    runner: CliRunner, small: Path
) -> None:
    scheduler(runner, small, "fsrs")
    parameters = list(DEFAULT_PARAMETERS)
    parameters[0] = 0.3
    with Store.open(small, zone=UTC) as store, store.write() as conn:
        conn.execute("UPDATE scheduler SET parameters = ?, fit = '{not json'", [str(parameters)])
    code, out, err = scheduler(runner, small)
    assert code == 0, err
    assert out == "scheduler: FSRS (desired retention 0.9), parameters set by hand\n"
