"""The instructor's commands: validate, schema, new-deck and cards."""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from studytool.cli.common import (
    EXISTING_PATHS,
    MAX_ID_LENGTH,
    Invocation,
    Problem,
    echo_err,
    echo_errors,
    echo_locations,
    indent,
    summary,
    write,
)
from studytool.cli.group import cli
from studytool.core.card import Card, CardKind
from studytool.core.slugs import SLUG_PATTERN
from studytool.core.terminal_text import printable
from studytool.core.wording import plural
from studytool.deck_sources import load_decks_in

if TYPE_CHECKING:
    from studytool.core.deck_validation import DeckError, LoadedDeck


@cli.command()
@click.argument("paths", nargs=-1, type=EXISTING_PATHS)
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.pass_obj
def validate(invocation: Invocation, paths: tuple[Path, ...], as_json: bool) -> None:
    """Check deck files and report every mistake as FILE:LINE:COL: message.

    PATHS are deck files or folders of decks; without them, the decks in use are
    checked (the group's --decks, else the bundled decks and your own decks folder).
    Questions a trainee could answer rightly and be marked wrong (one muscle asked
    for where several fit, the same question twice) are shown as warnings. Exits 1 if
    any deck has an error; warnings alone exit 0.
    """
    from studytool.core.question_check import deck_warnings

    results = load_decks_in(invocation.deck_paths(paths))
    if not results:
        raise click.ClickException("no deck files (*.yaml, *.yml) found")
    failed = [result for result in results if not result.ok]
    warnings = {result.path: deck_warnings(result) for result in results}
    if as_json:
        decks = [_as_json(result, warnings[result.path]) for result in results]
        click.echo(json.dumps({"decks": decks}, indent=2))
    else:
        for result in results:
            echo_errors(result)
            echo_locations(warnings[result.path])
            if result.ok:
                found = len(warnings[result.path])
                click.echo(summary(result) + (f", {plural(found, 'warning')}" if found else ""))
        if failed:
            count = sum(len(result.errors) for result in failed)
            echo_err(
                f"{plural(count, 'error')} in {plural(len(failed), 'deck')}; "
                f"{plural(len(results) - len(failed), 'deck')} ok"
            )
    sys.exit(1 if failed else 0)


def _as_json(result: LoadedDeck, warnings: list[DeckError]) -> dict[str, object]:
    return {
        "path": str(result.path),
        "id": result.id,
        "cards": len(result.cards),
        "errors": [_located(error) for error in result.errors],
        "warnings": [_located(warning) for warning in warnings],
    }


def _located(error: DeckError) -> dict[str, object]:
    return {"line": error.line, "column": error.column, "message": error.message}


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
    write(output, text)
    echo_err(f"wrote {printable(str(output))}")


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

    if not re.fullmatch(SLUG_PATTERN, deck_id) or len(deck_id) > MAX_ID_LENGTH:
        raise click.BadParameter(
            f"use up to {MAX_ID_LENGTH} lowercase letters, digits and single hyphens,"
            " e.g. 'shoulder-girdle'",
            param_hint="DECK_ID",
        )
    target = output or Path(f"{deck_id}.yaml")
    if os.path.lexists(target) and not force:
        raise Problem(f"{target} already exists; use --force to overwrite it")
    write(target, starter_deck(deck_id))
    shown = printable(str(target))
    click.echo(f"wrote {shown}; check it with: studytool validate {shown}")


@cli.command()
@click.argument("paths", nargs=-1, type=EXISTING_PATHS)
@click.option(
    "--kind",
    type=click.Choice([kind.value for kind in CardKind]),
    multiple=True,
    help="Show only cards of this kind (repeatable).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the cards as JSON.")
@click.pass_obj
def cards(
    invocation: Invocation, paths: tuple[Path, ...], kind: tuple[str, ...], as_json: bool
) -> None:
    """Show the cards that decks turn into, as a learner will see them.

    PATHS are deck files or folders; without them, the decks in use. With --json, the
    cards are printed as {"cards": [{"id", "deck", "kind", "muscle", "front", "back",
    ...}]} and mistakes still go to standard error.
    """
    broken = False
    shown: list[Card] = []
    for result in load_decks_in(invocation.deck_paths(paths)):
        broken = echo_errors(result) or broken
        shown.extend(card for card in result.cards if not kind or card.kind.value in kind)
    if as_json:
        click.echo(json.dumps({"cards": [_card_json(card) for card in shown]}, indent=2))
    else:
        for card in shown:
            heading = f"{printable(card.id)}  [{card.kind.value}, line {card.line}]"
            click.secho(heading, bold=True)
            click.echo(indent("Q: ", printable(card.front)))
            click.echo(indent("A: ", printable(card.back)))
            click.echo()
    sys.exit(1 if broken else 0)


def _card_json(card: Card) -> dict[str, object]:
    return {
        "id": card.id,
        "deck": card.deck,
        "kind": card.kind.value,
        "muscle": card.muscle,
        "muscles": list(card.members) if card.members else [card.muscle] if card.muscle else [],
        "front": card.front,
        "back": card.back,
        "line": card.line,
        "region": card.region,
        "notes": card.notes,
        "image": card.image,
        "tags": list(card.tags),
    }
