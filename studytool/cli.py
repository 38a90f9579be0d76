"""The `studytool` command. Thin: parses arguments, calls the layers below, prints.

What a command works on comes from `deck_sources`; what it does lives in the core, the
storage and the Anki export. Heavy parts load inside the commands that need them, so
starting the app does not pay for the deck validator or the Anki writer.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from studytool import __version__
from studytool.core.card import CardKind
from studytool.core.slugs import SLUG_PATTERN
from studytool.core.study_days import DEFAULT_ROLLOVER_HOUR
from studytool.core.terminal_text import printable
from studytool.deck_sources import UnknownDeckError, deck_paths, load_decks_in, select_decks
from studytool.paths import (
    bundled_decks_dir,
    default_database,
    local_zone,
    settings_file,
    user_decks_dir,
)

if TYPE_CHECKING:
    from studytool.anki.notes import ExportPlan
    from studytool.core.deck_validation import LoadedDeck
    from studytool.storage import Store

_EXISTING_PATHS = click.Path(exists=True, path_type=Path)

#: A deck id given on the command line is at most this long, as in the deck format.
_MAX_ID_LENGTH = 64


@dataclass(frozen=True)
class Invocation:
    """What the group's options say, for every subcommand."""

    database: Path
    decks: tuple[Path, ...]  # the group's --decks; empty for the default places

    def deck_paths(self, given: Sequence[Path] = ()) -> list[Path]:
        """A command's own deck arguments, else the group's --decks, else the defaults."""
        return deck_paths(tuple(given) or self.decks)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _summary(result: LoadedDeck) -> str:
    assert result.deck is not None
    return (
        f"{printable(result.deck.id)}: {_plural(len(result.deck.muscles), 'muscle')}, "
        f"{_plural(len(result.cards), 'card')}"
    )


def _echo_err(text: str) -> None:
    """A line on standard error, after whatever standard output holds, so that the two
    never run into each other when both go to one terminal or file."""
    sys.stdout.flush()
    click.echo(text, err=True)


class _Problem(click.ClickException):
    """A one-line error whose text may quote files or paths: shown escaped."""

    def format_message(self) -> str:
        return printable(self.message)


@contextmanager
def _opened_store(database: Path, rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> Iterator[Store]:
    """The study database for one command; its problems become a one-line error."""
    from studytool.storage import Store, StoreError

    try:
        with Store.open(database, zone=local_zone(), rollover_hour=rollover_hour) as store:
            yield store
    except StoreError as error:
        raise _Problem(str(error)) from None


def _database_option(
    _ctx: click.Context, _param: click.Parameter, value: str | None
) -> Path | None:
    """`--db`/STUDYTOOL_DB; an empty value means the default, as for an unset one."""
    return Path(value) if value else None


class _Commands(click.Group):
    """The group of commands, ending quietly when the reader of their output goes away:
    `studytool cards | head -1` stops as the Unix tools do when a pipe closes, with the
    status a shell reports for them (128 + SIGPIPE), and so do `--help` and `--version`."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:  # the group's own --help and --version print while its options are read
            return super().make_context(info_name, args, parent, **extra)
        except BrokenPipeError:
            raise _closed_pipe() from None

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except BrokenPipeError:
            raise _closed_pipe() from None


def _closed_pipe() -> click.exceptions.Exit:
    """The exit for a closed pipe. Output still buffered goes nowhere, so exiting
    cannot fail on the pipe again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    return click.exceptions.Exit(128 + getattr(signal, "SIGPIPE", 13))


@click.group(
    cls=_Commands,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, prog_name="studytool")
@click.option(
    "--db",
    "database",
    type=click.Path(dir_okay=False),
    callback=_database_option,
    envvar="STUDYTOOL_DB",
    show_envvar=True,
    help="The study database (default: studytool.db in your data folder).",
)
@click.option(
    "--decks",
    "given_decks",
    multiple=True,
    type=_EXISTING_PATHS,
    help="Use only these deck files or folders (repeatable), in the app and in every "
    "command: studytool --decks PATH due.",
)
@click.pass_context
def cli(ctx: click.Context, database: Path | None, given_decks: tuple[Path, ...]) -> None:
    """Anatomy flashcards for movement and yoga teacher-trainees.

    Run without a command to study in the full-screen app. Decks are YAML files written
    by instructors; studytool checks them and turns each muscle into cards on its origin,
    insertion, actions, nerve supply and teaching cues.
    """
    invocation = Invocation(database or default_database(), given_decks)
    ctx.obj = invocation
    if ctx.invoked_subcommand is not None:
        return
    if sys.stdin.isatty() and sys.stdout.isatty():
        _run_app(invocation)
        return
    click.echo(f"studytool {__version__}")
    for result in load_decks_in(invocation.deck_paths()):
        if result.ok:
            click.echo(f"  {_summary(result)}")
        else:
            name = printable(result.id or str(result.path))
            click.echo(f"  {name}: {_plural(len(result.errors), 'error')}")
    if given_decks:
        shown = ", ".join(printable(str(path)) for path in given_decks)
        click.echo(f"Decks in use: {shown}\n")
    else:
        user = user_decks_dir()
        missing = "" if user.is_dir() else "  (create it to add your own decks)"
        click.echo(
            f"Bundled decks: {printable(str(bundled_decks_dir()))}\n"
            f"Your decks:    {printable(str(user))}{missing}\n"
        )
    click.echo(ctx.get_help())


@cli.command()
@click.argument("paths", nargs=-1, type=_EXISTING_PATHS)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.pass_obj
def validate(invocation: Invocation, paths: tuple[Path, ...], as_json: bool) -> None:
    """Check deck files and report every mistake as FILE:LINE:COL: message.

    PATHS are deck files or folders of decks; without them, the decks in use are
    checked (the group's --decks, else the bundled decks and your own decks folder).
    Exits 1 if any deck has an error.
    """
    results = load_decks_in(invocation.deck_paths(paths))
    if not results:
        raise click.ClickException("no deck files (*.yaml, *.yml) found")
    failed = [result for result in results if not result.ok]
    if as_json:
        click.echo(json.dumps({"decks": [_as_json(result) for result in results]}, indent=2))
    else:
        for result in results:
            _echo_errors(result)
            if result.ok:
                click.echo(_summary(result))
        if failed:
            count = sum(len(result.errors) for result in failed)
            _echo_err(
                f"{_plural(count, 'error')} in {_plural(len(failed), 'deck')}; "
                f"{_plural(len(results) - len(failed), 'deck')} ok"
            )
    sys.exit(1 if failed else 0)


def _as_json(result: LoadedDeck) -> dict[str, object]:
    return {
        "path": str(result.path),
        "id": result.id,
        "cards": len(result.cards),
        "errors": [
            {"line": error.line, "column": error.column, "message": error.message}
            for error in result.errors
        ],
    }


@cli.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Write the schema to this file instead of printing it.",
)
def schema(output: Path | None) -> None:
    """Print the deck JSON Schema, for completion and checking in editors.

    Point your editor at it with a first line in the deck file such as:

    \b
    # yaml-language-server: $schema=deck.schema.json
    """
    from studytool.core.deck_loading import deck_schema

    text = json.dumps(deck_schema(), indent=2) + "\n"
    if output is None:
        click.echo(text, nl=False)
        return
    _write(output, text)
    _echo_err(f"wrote {printable(str(output))}")


@cli.command("new-deck")
@click.argument("deck_id")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the deck (default: DECK_ID.yaml in the current folder).",
)
@click.option("--force", is_flag=True, help="Overwrite the file if it exists.")
def new_deck(deck_id: str, output: Path | None, force: bool) -> None:
    """Write a commented starter deck, ready to edit, that validates as it is."""
    from studytool.core.starter_deck import starter_deck

    if not re.fullmatch(SLUG_PATTERN, deck_id) or len(deck_id) > _MAX_ID_LENGTH:
        raise click.BadParameter(
            f"use up to {_MAX_ID_LENGTH} lowercase letters, digits and single hyphens,"
            " e.g. 'shoulder-girdle'",
            param_hint="DECK_ID",
        )
    target = output or Path(f"{deck_id}.yaml")
    if os.path.lexists(target) and not force:
        raise _Problem(f"{target} already exists; use --force to overwrite it")
    _write(target, starter_deck(deck_id))
    shown = printable(str(target))
    click.echo(f"wrote {shown}; check it with: studytool validate {shown}")


@cli.command()
@click.argument("paths", nargs=-1, type=_EXISTING_PATHS)
@click.option(
    "--kind",
    type=click.Choice([kind.value for kind in CardKind]),
    multiple=True,
    help="Show only cards of this kind (repeatable).",
)
@click.pass_obj
def cards(invocation: Invocation, paths: tuple[Path, ...], kind: tuple[str, ...]) -> None:
    """Show the cards that decks turn into, as a learner will see them.

    PATHS are deck files or folders; without them, the decks in use.
    """
    broken = False
    for result in load_decks_in(invocation.deck_paths(paths)):
        broken = _echo_errors(result) or broken
        for card in result.cards:
            if kind and card.kind.value not in kind:
                continue
            heading = f"{printable(card.id)}  [{card.kind.value}, line {card.line}]"
            click.secho(heading, bold=True)
            click.echo(_indent("Q: ", printable(card.front)))
            click.echo(_indent("A: ", printable(card.back)))
            click.echo()
    sys.exit(1 if broken else 0)


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

    try:
        results = select_decks(decks, invocation.deck_paths())
    except UnknownDeckError as error:
        raise click.BadParameter(str(error), param_hint="DECKS") from None
    broken = [result for result in results if not result.ok]
    for result in broken:
        _echo_errors(result)
    if broken:
        raise click.ClickException("fix the errors above first; nothing was written")
    if not results:
        raise click.ClickException("no decks to export")
    plan = plan_export(results)
    now = datetime.now(UTC)
    target = apkg_path(output)
    with _opened_store(invocation.database) as store:
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
            raise _Problem(_export_failure(target, error)) from None
    shown = printable(str(target))
    click.echo(f"wrote {shown}: {_plural(len(plan.notes), 'note')}; import it into Anki")


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
        line = f"{printable(plan.decks[deck_id], newlines=False)}: {_plural(total, 'note')}"
        if counts.first_export:
            line += " (first export)"
        else:
            line += f" ({counts.new} new, {counts.changed} changed, {counts.unchanged} unchanged)"
        click.echo(line)


def _run_app(invocation: Invocation) -> None:
    from studytool.settings_file import load_settings
    from studytool.tui.app import AppConfig, open_app, theme_names

    path = settings_file()
    settings, problems = load_settings(path, invocation.database, themes=theme_names())
    config = AppConfig(
        database=invocation.database,
        deck_paths=tuple(invocation.deck_paths()),
        zone=local_zone(),
        editor=os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi",
        settings_file=path,
        settings_problems=tuple(problems),
    ).with_settings(settings)
    open_app(config).run()


def _echo_errors(result: LoadedDeck) -> bool:
    """Print a deck's errors as FILE:LINE:COL: message (the location bold on a terminal).

    Returns whether there were any.
    """
    for error in result.errors:
        where = click.style(f"{printable(str(error.path))}:{error.line}:{error.column}:", bold=True)
        _echo_err(f"{where} {printable(error.message)}")
    return bool(result.errors)


@cli.command()
@click.option(
    "--decks",
    "given_decks",
    multiple=True,
    type=_EXISTING_PATHS,
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
        _echo_err(printable(problem))
    with _opened_store(invocation.database, settings.rollover_hour) as store:
        reports = store.sync(invocation.deck_paths(given_decks), now)
        lines = stats.deck_counts(
            store, now, settings.new_per_day, settings.reviews_per_day, settings.bury_siblings
        )
    for report in reports:
        if report.loaded is not None:
            _echo_errors(report.loaded)
    titles = [printable(line.title, newlines=False) for line in lines]
    width = max([len(title) for title in titles] + [4])
    click.echo(f"{'deck':<{width}}  {'new':>5}  {'learning':>8}  {'due':>5}  {'cards':>6}")
    for title, line in zip(titles, lines, strict=True):
        click.echo(
            f"{title:<{width}}  {line.new:>5}  {line.learning:>8}  {line.due:>5}  {line.total:>6}"
        )
    _echo_err(f"database: {printable(str(invocation.database))}")


@cli.command()
@click.pass_obj
def leeches(invocation: Invocation) -> None:
    """List cards suspended as leeches (forgotten 8 times), in the decks in use.

    The decks are synced first, as for `due`. A leech is worth rewriting, or studying
    apart with a mnemonic; unsuspend it when ready.
    """
    with _opened_store(invocation.database) as store:
        reports = store.sync(invocation.deck_paths(), datetime.now(UTC))
        cards = store.leeches()
    for report in reports:
        if report.loaded is not None:
            _echo_errors(report.loaded)
    if not cards:
        click.echo("no leeches")
    for card in cards:
        click.echo(f"{printable(card.id)}  ({_plural(card.schedule.state.lapses, 'lapse')})")
        click.echo(_indent("   Q: ", printable(card.front)))


def _indent(label: str, text: str) -> str:
    pad = " " * len(label)
    lines = text.splitlines() or [""]
    return "\n".join([label + lines[0], *(pad + line for line in lines[1:])])


def _write(target: Path, text: str) -> None:
    from studytool.fileio import write_text_atomic

    try:
        write_text_atomic(target, text)
    except OSError as error:
        raise _Problem(f"cannot write {target}: {error.strerror or error}") from None


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the `studytool` command."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="studytool")
