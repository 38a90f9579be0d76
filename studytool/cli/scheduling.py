"""`studytool scheduler`: which scheduler the study database uses, and switching it."""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

import click

from studytool.cli.common import Invocation, Problem, echo_err, opened_store
from studytool.cli.group import cli
from studytool.core.schedulers.fsrs import (
    DEFAULT_PARAMETERS,
    MAX_RETENTION,
    MIN_RETENTION,
    rating_of_quality,
)
from studytool.core.scheduling import SchedulerName, Scheduling
from studytool.core.terminal_text import printable
from studytool.core.wording import plural

if TYPE_CHECKING:
    from studytool.storage import Store

#: Below this many cards a switch is over before a progress bar could be read.
_BAR_FROM = 200


@cli.command()
@click.argument("name", required=False, type=click.Choice(["sm2", "fsrs"]))
@click.option(
    "--retention",
    type=click.FloatRange(MIN_RETENTION, MAX_RETENTION),
    help=f"FSRS: the share of cards to recall when due ({MIN_RETENTION}-{MAX_RETENTION}).",
)
@click.option(
    "--optimize",
    is_flag=True,
    help="FSRS: fit its parameters to your own answers first.",
)
@click.option(
    "--default-parameters",
    "defaults",
    is_flag=True,
    help="FSRS: go back to its default parameters.",
)
@click.pass_obj
def scheduler(
    invocation: Invocation,
    name: str | None,
    retention: float | None,
    optimize: bool,
    defaults: bool,
) -> None:
    """Show the scheduler, or switch it: sm2 (the default) or fsrs.

    A switch works out every card's schedule again by replaying all its answers through
    the new scheduler: nothing is lost, and switching back gives the schedules the
    other one had. FSRS asks for Anki's four answers (Again, Hard, Good, Easy) and
    schedules for a desired retention (--retention, 0.9 unless set); --optimize fits
    its parameters to your answers (once there are a few hundred), and they are kept
    for FSRS until --optimize or --default-parameters.
    """
    given = [
        option
        for option, value in (
            ("--retention", retention is not None),
            ("--optimize", optimize),
            ("--default-parameters", defaults),
        )
        if value
    ]
    if given and name != "fsrs":
        example = {"--retention": "--retention 0.85"}.get(given[0], given[0])
        raise Problem(f"{given[0]} is a setting of FSRS: use `studytool scheduler fsrs {example}`")
    if optimize and defaults:
        raise Problem("--optimize and --default-parameters cannot go together: choose one")
    with opened_store(invocation.database) as store:
        if name is None:
            click.echo(f"scheduler: {_described(store, store.scheduling())}")
            return
        chosen = Scheduling(SchedulerName(name), _current_or_default(store).fsrs)
        if retention is not None:
            chosen = replace(chosen, fsrs=replace(chosen.fsrs, desired_retention=retention))
        fit = None
        if defaults:
            chosen = replace(chosen, fsrs=replace(chosen.fsrs, parameters=DEFAULT_PARAMETERS))
        if optimize:
            chosen, fit = _fitted(store, chosen)
        replayed = _switch(store, chosen, fit)
        click.echo(f"scheduler: {_described(store, chosen)}")
        if replayed:
            click.echo(f"rescheduled {plural(replayed, 'answered card')} from their answers")
    echo_err(f"database: {printable(str(invocation.database))}")


def _current_or_default(store: Store) -> Scheduling:
    """The scheduler in use, or the defaults when what was recorded cannot be used (a
    switch is how to put that right)."""
    from studytool.storage import StoreError

    try:
        return store.scheduling()
    except StoreError:
        return Scheduling()


def _switch(store: Store, chosen: Scheduling, fit: dict[str, object] | None) -> int:
    answered = len(store.answered_cards())
    if answered < _BAR_FROM:
        return store.switch_scheduler(chosen, fit=fit)
    with click.progressbar(
        length=answered, label="Rescheduling", show_pos=True, file=sys.stderr
    ) as bar:

        def step(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        return store.switch_scheduler(chosen, step, fit=fit)


def _described(store: Store, scheduling: Scheduling) -> str:
    """The scheduler, and for FSRS where its parameters come from."""
    if not scheduling.is_fsrs:
        return scheduling.title
    if scheduling.fsrs.parameters == DEFAULT_PARAMETERS:
        return f"{scheduling.title}, default parameters"
    report = store.fit_report()
    if report is None:
        return f"{scheduling.title}, parameters set by hand"
    reviews = plural(int(report["reviews"]), "review")
    return f"{scheduling.title}, parameters fitted to your {reviews} on {report['fitted_on']}"


def _fitted(store: Store, chosen: Scheduling) -> tuple[Scheduling, dict[str, object] | None]:
    """FSRS's parameters fitted to the database's answers, and the fit's report; the
    parameters in use are kept when the fit predicts the answers no better."""
    from studytool.core.schedulers.fsrs_fitting import (
        NotEnoughAnswers,
        PastAnswer,
        fit_parameters,
    )

    histories = [
        [PastAnswer(rating_of_quality(quality), day) for quality, day in card]
        for card in store.answer_days()
    ]
    try:
        fit = fit_parameters(histories)
    except NotEnoughAnswers as error:
        raise Problem(f"{error} Nothing was changed.") from None
    click.echo(
        f"fitted FSRS to {plural(fit.reviews, 'review')} ({plural(fit.answers, 'answer')}"
        f" on {plural(fit.cards, 'card')}): log loss {fit.log_loss:.3f} against"
        f" {fit.default_log_loss:.3f} with the default parameters, RMSE (bins)"
        f" {fit.rmse_bins:.3f} against {fit.default_rmse_bins:.3f}"
    )
    if fit.log_loss >= fit.default_log_loss:
        click.echo("the fit predicts your answers no better: the parameters in use are kept")
        return chosen, None
    report = {
        "fitted_on": date.today().isoformat(),
        "answers": fit.answers,
        "cards": fit.cards,
        "reviews": fit.reviews,
        "log_loss": fit.log_loss,
        "rmse_bins": fit.rmse_bins,
        "default_log_loss": fit.default_log_loss,
        "default_rmse_bins": fit.default_rmse_bins,
    }
    return replace(chosen, fsrs=replace(chosen.fsrs, parameters=fit.parameters)), report
