"""Export to Anki from the app: choose a file, watch the notes being written.

The export runs in a worker thread, which reports back only by messages (notes
written, finished): widgets are touched on the app's own thread. The report quotes
paths and errors, so control characters in them are shown escaped.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, ProgressBar, Static

from studytool.anki.export import apkg_path, export_plan
from studytool.core.terminal_text import printable
from studytool.deck_sources import load_decks_in
from studytool.storage import StoreError
from studytool.tui.screens.base import UsesStudyApp


class ExportScreen(UsesStudyApp, ModalScreen[None]):
    """Every deck the app studies, written to one .apkg for Anki, AnkiDroid or AnkiMobile."""

    BINDINGS = [Binding("escape", "dismiss", "Close")]

    @dataclass
    class Started(Message):
        """The notes are planned; `total` of them will be written."""

        total: int

    @dataclass
    class Progress(Message):
        """`written` more notes are in the package."""

        written: int

    @dataclass
    class Finished(Message):
        """The export is over: what it did, or why nothing was written."""

        report: str

    def __init__(self, default_path: Path) -> None:
        super().__init__()
        self.default_path = default_path

    def compose(self) -> ComposeResult:
        self.path_input = Input(str(self.default_path), id="export-path")
        self.bar = ProgressBar(show_eta=False, id="export-progress")
        self.report = Static("", id="export-report", markup=False)
        with Vertical(id="export", classes="dialog"):
            yield Static("Export to Anki", classes="dialog-title")
            yield Static("Write every deck to this file, then import it on your phone:")
            yield self.path_input
            yield self.bar
            yield self.report
            yield Static("Enter to export · Esc to close", classes="dialog-hint")

    def on_mount(self) -> None:
        self.bar.display = False

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        target = Path(event.value.strip()).expanduser()
        if not target.name or target.is_dir():
            self.report.update("Give a file name, e.g. studytool.apkg")
            return
        self.path_input.disabled = True
        self.bar.display = True
        self.export(apkg_path(target))

    @work(thread=True, exclusive=True)
    def export(self, target: Path) -> None:
        from studytool.anki.notes import plan_export

        app = self.study_app
        loaded = load_decks_in(app.config.deck_paths)
        valid = [deck for deck in loaded if deck.ok]
        if not valid:
            self.post_message(self.Finished("No valid deck to export."))
            return
        plan = plan_export(valid)
        self.post_message(self.Started(len(plan.notes)))

        def written(notes: int) -> None:
            self.post_message(self.Progress(notes))

        try:
            before = app.store.exported_hashes(list(plan.decks))
            export_plan(
                app.store,
                plan,
                target,
                app.now(),
                progress=written,
            )
        except (OSError, StoreError, ValueError) as error:
            self.post_message(self.Finished(f"Not written: {error}"))
            return
        counts = plan.changes(before).values()
        new = sum(c.new for c in counts)
        changed = sum(c.changed for c in counts)
        lines = [f"Wrote {len(plan.notes)} notes to {target}", f"{new} new, {changed} changed"]
        skipped = len(loaded) - len(valid)
        if skipped == 1:
            lines.append("1 deck with errors was left out")
        elif skipped:
            lines.append(f"{skipped} decks with errors were left out")
        self.post_message(self.Finished("\n".join(lines)))

    @on(Started)
    def _started(self, message: Started) -> None:
        self.bar.update(total=message.total, progress=0)

    @on(Progress)
    def _progress(self, message: Progress) -> None:
        self.bar.advance(message.written)

    @on(Finished)
    def _finished(self, message: Finished) -> None:
        self.report.update(printable(message.report))
        self.path_input.disabled = False
