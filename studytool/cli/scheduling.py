"""`studytool scheduler`: which scheduler the study database uses, and switching it."""

from __future__ import annotations

import sys
from dataclasses import replace

import click

from studytool.cli.common import Invocation, Problem, echo_err, opened_store
from studytool.cli.group import cli
from studytool.core.schedulers.fsrs import DEFAULT_PARAMETERS, MAX_RETENTION, MIN_RETENTION
from studytool.core.scheduling import SchedulerName, Scheduling
from studytool.core.terminal_text import printable
from studytool.core.wording import plural
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
@click.pass_obj
def scheduler(
    invocation: Invocation, name: str | None, retention: float | None, optimize: bool
) -> None:
    """Show the scheduler, or switch it: sm2 (the default) or fsrs.

    A switch works out every card's schedule again by replaying all its answers through
    the new scheduler: nothing is lost, and switching back gives the schedules the
    other one had. FSRS asks for Anki's four answers (Again, Hard, Good, Easy) and
    schedules for a desired retention (--retention, 0.9 unless set); --optimize fits
    its parameters to your answers.
    """
    if name != "fsrs" and (retention is not None or optimize):
        option = "--retention" if retention is not None else "--optimize"
        raise Problem(f"{option} is a setting of FSRS: use `studytool scheduler fsrs {option}`")
    with opened_store(invocation.database) as store:
        current = store.scheduling()
        if name is None:
            click.echo(f"scheduler: {_described(store, current)}")
            return
        chosen = Scheduling(SchedulerName(name), current.fsrs)
        if retention is not None:
            chosen = replace(chosen, fsrs=replace(chosen.fsrs, desired_retention=retention))
        fit = None
        if optimize:
            chosen, fit = _fitted(store, chosen)
        replayed = _switch(store, chosen, fit)
        click.echo(f"scheduler: {_described(store, chosen)}")
        if replayed:
            click.echo(f"rescheduled {plural(replayed, 'answered card')} from their answers")
    echo_err(f"database: {printable(str(invocation.database))}")


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
    return f"{scheduling.title}, parameters fitted to {plural(int(report['answers']), 'answer')}"


def _fitted(store: Store, chosen: Scheduling) -> tuple[Scheduling, dict[str, object]]:
    raise Problem("not yet")
