"""What the commands share: the group's options as an `Invocation`, the study database
opened for one command, and the way errors, counts and files are written.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import click

from studytool.core.study_days import DEFAULT_ROLLOVER_HOUR
from studytool.core.terminal_text import printable
from studytool.core.wording import plural
from studytool.deck_sources import deck_paths
from studytool.paths import local_zone

if TYPE_CHECKING:
    from studytool.core.deck_validation import DeckError, LoadedDeck
    from studytool.storage import Store

EXISTING_PATHS = click.Path(exists=True, path_type=Path)

#: A deck id given on the command line is at most this long, as in the deck format.
MAX_ID_LENGTH = 64


@dataclass(frozen=True)
class Invocation:
    """What the group's options say, for every subcommand."""

    database: Path
    decks: tuple[Path, ...]  # the group's --decks; empty for the default places

    def deck_paths(self, given: Sequence[Path] = ()) -> list[Path]:
        """A command's own deck arguments, else the group's --decks, else the defaults."""
        return deck_paths(tuple(given) or self.decks)


def summary(result: LoadedDeck) -> str:
    assert result.deck is not None
    return (
        f"{printable(result.deck.id)}: {plural(len(result.deck.muscles), 'muscle')}, "
        f"{plural(len(result.cards), 'card')}"
    )


def echo_err(text: str) -> None:
    """A line on standard error, after whatever standard output holds, so that the two
    never run into each other when both go to one terminal or file."""
    sys.stdout.flush()
    click.echo(text, err=True)


class Problem(click.ClickException):
    """A one-line error whose text may quote files or paths: shown escaped."""

    def format_message(self) -> str:
        return printable(self.message)


@contextmanager
def opened_store(database: Path, rollover_hour: int = DEFAULT_ROLLOVER_HOUR) -> Iterator[Store]:
    """The study database for one command; its problems become a one-line error."""
    from studytool.storage import Store, StoreError

    try:
        with Store.open(database, zone=local_zone(), rollover_hour=rollover_hour) as store:
            yield store
    except StoreError as error:
        raise Problem(str(error)) from None


def echo_errors(result: LoadedDeck) -> bool:
    """Print a deck's errors as FILE:LINE:COL: message (the location bold on a terminal).

    Returns whether there were any.
    """
    echo_locations(result.errors)
    return bool(result.errors)


def echo_locations(errors: Sequence[DeckError]) -> None:
    """Print errors or warnings as FILE:LINE:COL: message, on standard error."""
    for error in errors:
        where = click.style(f"{printable(str(error.path))}:{error.line}:{error.column}:", bold=True)
        echo_err(f"{where} {printable(error.message)}")


def indent(label: str, text: str) -> str:
    pad = " " * len(label)
    lines = text.splitlines() or [""]
    return "\n".join([label + lines[0], *(pad + line for line in lines[1:])])


def write(target: Path, text: str) -> None:
    from studytool.fileio import write_text_atomic

    try:
        write_text_atomic(target, text)
    except OSError as error:
        raise Problem(f"cannot write {target}: {error.strerror or error}") from None


def chosen_decks(
    invocation: Invocation, decks: Sequence[str], *, verb: str, done: str
) -> list[LoadedDeck]:
    """The decks a command works on (DECKS as files, folders or ids; none: every deck in
    use), refusing unknown ids and broken decks with their errors shown. `verb` and
    `done` word the refusals: "no decks to export", "nothing was written"."""
    from studytool.deck_sources import UnknownDeckError, select_decks

    try:
        results = select_decks(decks, invocation.deck_paths())
    except UnknownDeckError as error:
        raise click.BadParameter(str(error), param_hint="DECKS") from None
    broken = [result for result in results if not result.ok]
    for result in broken:
        echo_errors(result)
    if broken:
        raise click.ClickException(f"fix the errors above first; nothing was {done}")
    if not results:
        raise click.ClickException(f"no decks to {verb}")
    return results
