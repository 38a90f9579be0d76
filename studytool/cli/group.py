"""The `studytool` group: its options, the app when run without a command, and the
entry point. The commands themselves are in `authoring` and `studying`.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click

from studytool import __version__
from studytool.cli.common import EXISTING_PATHS, Invocation, summary
from studytool.core.terminal_text import printable
from studytool.core.wording import plural
from studytool.deck_sources import load_decks_in
from studytool.paths import (
    bundled_decks_dir,
    default_database,
    local_zone,
    settings_file,
    user_decks_dir,
)


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
    type=EXISTING_PATHS,
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
            click.echo(f"  {summary(result)}")
        else:
            name = printable(result.id or str(result.path))
            click.echo(f"  {name}: {plural(len(result.errors), 'error')}")
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


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the `studytool` command."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="studytool")
