"""`studytool sync`: the trainee's progress and Anki's, brought together through the
account's own sync server (AnkiWeb, or a self-hosted one)."""

from __future__ import annotations

import sys
from datetime import UTC, datetime

import click

from studytool.cli.common import Invocation, Problem, chosen_decks, echo_err, opened_store
from studytool.cli.group import cli
from studytool.core.terminal_text import printable
from studytool.paths import anki_login_file, settings_file


@cli.command()
@click.argument("decks", nargs=-1)
@click.option("--endpoint", help="A self-hosted sync server's address (default: AnkiWeb).")
@click.option("--user", help="Log in as this Anki user (asks for the password).")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input (for scripts)."
)
@click.option("--logout", is_flag=True, help="Forget the kept login, and sync nothing.")
@click.pass_obj
def sync(
    invocation: Invocation,
    decks: tuple[str, ...],
    endpoint: str | None,
    user: str | None,
    password_stdin: bool,
    logout: bool,
) -> None:
    """Sync your progress with your Anki account, both ways.

    Answers given in Anki (on your phone) come here, answers given here go to Anki, and
    each card is scheduled by replaying all its answers in time order. DECKS are as for
    `export` (without them, every deck in use). The first time, log in with --user (and
    --endpoint for a self-hosted server); only the login key is kept, until --logout.
    """
    from studytool.anki.account import forget_login, load_login, log_in, save_login
    from studytool.anki.device import collection_path
    from studytool.anki.engine import SyncProblem
    from studytool.anki.syncing import sync_account
    from studytool.settings_file import load_settings

    kept = anki_login_file()
    if logout:
        click.echo("logged out" if forget_login(kept) else "there was no login to forget")
        return
    results = chosen_decks(invocation, decks, verb="sync", done="synced")
    collection = collection_path(invocation.database)
    try:
        login = load_login(kept)
        if user is not None or login is None or (endpoint and endpoint != login.endpoint):
            if user is None and login is not None:
                kept_at = login.endpoint or "AnkiWeb"
                raise SyncProblem(
                    f"the kept login is for {kept_at}; log in to {endpoint} with --user"
                )
            if user is None:
                raise SyncProblem("log in first: studytool sync --user NAME [--endpoint URL]")
            password = _password(password_stdin)
            login = log_in(collection, user, password, endpoint)
            try:
                save_login(kept, login)
            except OSError as error:
                raise SyncProblem(f"cannot keep the login in {kept}: {error.strerror}") from None
        now = datetime.now(UTC)
        settings, problems = load_settings(settings_file(), invocation.database)
        for problem in problems:  # the defaults stand in for what is wrong
            echo_err(printable(problem))
        with opened_store(invocation.database, settings.rollover_hour) as store:
            store.sync(invocation.deck_paths(), now)
            report = sync_account(store, results, login, collection, now)
    except SyncProblem as problem:
        raise Problem(str(problem)) from None
    where = printable(login.endpoint or "AnkiWeb")
    click.echo(f"synced with {where}: " + "; ".join(report.lines()))


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    if not sys.stdin.isatty():
        echo_err("no terminal to ask for the password on; use --password-stdin")
        raise click.exceptions.Exit(1)
    return str(click.prompt("Password", hide_input=True))
