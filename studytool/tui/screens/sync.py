"""Sync with the trainee's Anki account from the app (`y` on the deck list, as in Anki).

It uses the login kept by `studytool sync --user` (a password is never typed into the
app). The sync runs in a worker thread, which reports back only by messages (a step
begun, finished): widgets are touched on the app's own thread. Its report quotes a
server's address and errors, so control characters in them are shown escaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import ProgressBar, Static

from studytool.core.terminal_text import printable
from studytool.deck_sources import load_decks_in
from studytool.paths import anki_login_file
from studytool.storage import StoreError
from studytool.tui.screens.base import UsesStudyApp

#: What to do when no login is kept.
LOG_IN_FIRST = (
    "Log in once from a terminal:\n"
    "  studytool sync --user NAME [--endpoint URL]\n"
    "then sync from here with y."
)


class SyncScreen(UsesStudyApp, ModalScreen[bool]):
    """One sync with the Anki account; dismissed with whether anything was synced."""

    BINDINGS = [Binding("escape", "close", "Close")]

    @dataclass
    class Step(Message):
        """The sync began step `name`, of `steps`."""

        name: str
        steps: int

    @dataclass
    class Finished(Message):
        """The sync is over: what it did, or why it did nothing."""

        report: str
        synced: bool

    def compose(self) -> ComposeResult:
        self.bar = ProgressBar(show_eta=False, id="sync-progress")
        self.step = Static("", id="sync-step", markup=False)
        self.report = Static("", id="sync-report", markup=False)
        with Vertical(id="sync", classes="dialog"):
            yield Static("Sync with Anki", classes="dialog-title")
            yield self.bar
            yield self.step
            yield self.report
            yield Static("Esc to close", classes="dialog-hint")

    def on_mount(self) -> None:
        from studytool.anki.account import load_login

        self.synced = False
        self.running = False
        login = load_login(anki_login_file())
        if login is None:
            self.bar.display = False
            self.report.update(LOG_IN_FIRST)
            return
        self.running = True
        self.sync()

    @work(thread=True, exclusive=True)
    def sync(self) -> None:
        from studytool.anki.account import load_login
        from studytool.anki.device import collection_path
        from studytool.anki.engine import SyncProblem
        from studytool.anki.syncing import STEPS, sync_account

        app = self.study_app
        login = load_login(anki_login_file())
        if login is None:
            self.post_message(self.Finished(LOG_IN_FIRST, False))
            return
        valid = [deck for deck in load_decks_in(app.config.deck_paths) if deck.ok]
        if not valid:
            self.post_message(self.Finished("No valid deck to sync.", False))
            return

        def begun(name: str) -> None:
            self.post_message(self.Step(name, len(STEPS)))

        try:
            report = sync_account(
                app.store,
                valid,
                login,
                collection_path(app.config.database),
                app.now(),
                progress=begun,
            )
        except (SyncProblem, StoreError) as problem:
            self.post_message(self.Finished(f"Nothing was synced: {problem}", False))
            return
        except Exception as error:  # a last resort: the app stays up, and says why
            self.post_message(self.Finished(f"The sync stopped: {error}", False))
            return
        where = login.endpoint or "AnkiWeb"
        self.post_message(self.Finished("\n".join([f"Synced with {where}", *report.lines()]), True))

    @on(Step)
    def _step(self, message: Step) -> None:
        if self.bar.total is None:
            self.bar.update(total=message.steps, progress=0)
        elif self.step.content:  # the step before is done
            self.bar.advance(1)
        self.step.update(message.name + "…")

    @on(Finished)
    def _finished(self, message: Finished) -> None:
        self.running = False
        self.synced = message.synced
        if message.synced:
            self.bar.update(progress=self.bar.total or 0)
        self.step.update("")
        self.report.update(printable(message.report))

    def action_close(self) -> None:
        if not self.running:  # a sync under way finishes first: half a sync helps no one
            self.dismiss(self.synced)
