"""The trainee's commands: export, due and leeches."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from studytool.cli.common import (
    EXISTING_PATHS,
    Invocation,
    Problem,
    chosen_decks,
    echo_err,
    echo_errors,
    indent,
    opened_store,
)
from studytool.cli.group import cli
from studytool.core.terminal_text import printable
from studytool.core.wording import plural
from studytool.paths import settings_file

if TYPE_CHECKING:
    from studytool.anki.notes import ExportPlan


@cli.command()
@click.argument("decks", nargs=-1)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The .apkg file to write.",
)
@click.option("--dry-run", is_flag=True, help="Report what would change, write nothing.")
@click.pass_obj
def export(invocation: Invocation, decks: tuple[str, ...], output: Path, dry_run: bool) -> None:
    """Export decks to an Anki package (.apkg) for Anki, AnkiDroid or AnkiMobile.

    DECKS are deck files, folders of decks or the ids of decks in use (the id: a deck
    declares, not its file name); without them, every deck in use is exported (the
    group's --decks, else the bundled decks and your own). Importing a newer export
    updates the same notes in Anki: no duplicates, and your progress there is kept.
    """
    from studytool.anki.export import apkg_path, export_plan
    from studytool.anki.notes import plan_export

    results = chosen_decks(invocation, decks, verb="export", done="written")
    plan = plan_export(results)
    now = datetime.now(UTC)
    target = apkg_path(output)
    with opened_store(invocation.database) as store:
        _echo_export_report(plan, store.exported_hashes(list(plan.decks)))
        if dry_run:
            click.echo(f"dry run: nothing was written to {printable(str(target))}")
            return
        try:
            with click.progressbar(
                length=len(plan.notes), label="Writing notes", show_pos=True, file=sys.stderr
            ) as bar:
                export_plan(store, plan, target, now, progress=bar.update)
        except OSError as error:
            raise Problem(_export_failure(target, error)) from None
    shown = printable(str(target))
    click.echo(f"wrote {shown}: {plural(len(plan.notes), 'note')}; import it into Anki")


def _export_failure(target: Path, error: OSError) -> str:
    """Why an export failed, naming the file at fault: the package, or a deck's image."""
    reason = error.strerror or str(error)
    culprit = Path(error.filename) if isinstance(error.filename, str) else None
    if culprit is not None and target.name not in culprit.name:  # not ours or our temporary
        return f"cannot read {culprit}: {reason}; nothing was written"
    return f"cannot write {target}: {reason}"


def _echo_export_report(plan: ExportPlan, before: dict[str, str]) -> None:
    """Notes per deck, and what changed since the last recorded export of them."""
    for deck_id, counts in plan.changes(before).items():
        total = counts.new + counts.changed + counts.unchanged
        line = f"{printable(plan.decks[deck_id], newlines=False)}: {plural(total, 'note')}"
        if counts.first_export:
            line += " (first export)"
        else:
            line += f" ({counts.new} new, {counts.changed} changed, {counts.unchanged} unchanged)"
        click.echo(line)


@cli.command()
@click.option(
    "--decks",
    "given_decks",
    multiple=True,
    type=EXISTING_PATHS,
    help="Deck file or folder to use (repeatable; the same as the group's --decks).",
)
@click.pass_obj
def due(invocation: Invocation, given_decks: tuple[Path, ...]) -> None:
    """Sync the decks in use into your study database and show what is due today."""
    from studytool import stats
    from studytool.settings_file import load_settings

    now = datetime.now(UTC)
    settings, problems = load_settings(settings_file(), invocation.database)
    for problem in problems:  # the defaults stand in for what is wrong
        echo_err(printable(problem))
    with opened_store(invocation.database, settings.rollover_hour) as store:
        reports = store.sync(invocation.deck_paths(given_decks), now)
        lines = stats.deck_counts(
            store, now, settings.new_per_day, settings.reviews_per_day, settings.bury_siblings
        )
    for report in reports:
        if report.loaded is not None:
            echo_errors(report.loaded)
    titles = [printable(line.title, newlines=False) for line in lines]
    width = max([len(title) for title in titles] + [4])
    click.echo(f"{'deck':<{width}}  {'new':>5}  {'learning':>8}  {'due':>5}  {'cards':>6}")
    for title, line in zip(titles, lines, strict=True):
        click.echo(
            f"{title:<{width}}  {line.new:>5}  {line.learning:>8}  {line.due:>5}  {line.total:>6}"
        )
    echo_err(f"database: {printable(str(invocation.database))}")


@cli.command()
@click.pass_obj
def leeches(invocation: Invocation) -> None:
    """List cards suspended as leeches (forgotten 8 times), in the decks in use.

    The decks are synced first, as for `due`. A leech is worth rewriting, or studying
    apart with a mnemonic; unsuspend it when ready.
    """
    with opened_store(invocation.database) as store:
        reports = store.sync(invocation.deck_paths(), datetime.now(UTC))
        cards = store.leeches()
    for report in reports:
        if report.loaded is not None:
            echo_errors(report.loaded)
    if not cards:
        click.echo("no leeches")
    for card in cards:
        click.echo(f"{printable(card.id)}  ({plural(card.schedule.state.lapses, 'lapse')})")
        click.echo(indent("   Q: ", printable(card.front)))
