"""The `studytool` command. Thin: parses arguments, calls the layers below, prints.

What a command works on comes from `deck_sources`; what it does lives in the core, the
storage and the Anki export. Heavy parts load inside the commands that need them, so
starting the app does not pay for the deck validator or the Anki writer.

`group` is the command group and its entry point, `common` what the commands share;
the commands are in `authoring` (the instructor's), `studying` (the trainee's),
`scheduling` (SM-2 or FSRS) and `syncing` (the Anki account).
"""

from __future__ import annotations

from studytool.cli import authoring, scheduling, studying, syncing
from studytool.cli.group import cli, main

__all__ = ["authoring", "cli", "main", "scheduling", "studying", "syncing"]
