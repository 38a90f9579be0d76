"""Export to Anki from the app: choose a file, watch the notes being written."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, ProgressBar, Static

from studytool.anki.export import apkg_path, export_plan
from studytool.storage import StoreError
from studytool.tui.screens.base import UsesStudyApp


class ExportScreen(UsesStudyApp, ModalScreen[None]):
    """Every deck the app studies, written to one .apkg for Anki, AnkiDroid or AnkiMobile."""

    BINDINGS = [Binding("escape", "dismiss", "Close")]

    def __init__(self, default_path: Path) -> None:
        super().__init__()
        self.default_path = default_path

    def compose(self) -> ComposeResult:
        with Vertical(id="export", classes="dialog"):
            yield Static("Export to Anki", classes="dialog-title")
            yield Static("Write every deck to this file, then import it on your phone:")
            yield Input(str(self.default_path), id="export-path")
            yield ProgressBar(show_eta=False, id="export-progress")
            yield Static("", id="export-report", markup=False)
            yield Static("Enter to export · Esc to close", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one("#export-progress").display = False

    @on(Input.Submitted, "#export-path")
    def _submitted(self, event: Input.Submitted) -> None:
        target = Path(event.value.strip()).expanduser()
        if not target.name or target.is_dir():
            self.query_one("#export-report", Static).update("Give a file name, e.g. studytool.apkg")
            return
        target = apkg_path(target)
        self.query_one("#export-path", Input).disabled = True
        self.query_one("#export-progress").display = True
        self.export(target)

    @work(thread=True, exclusive=True)
    def export(self, target: Path) -> None:
        from studytool.anki.notes import plan_export
        from studytool.core.deck_discovery import find_deck_files
        from studytool.core.deck_loading import load_decks

        app = self.study_app
        store = app.store
        if store is None:
            return
        loaded = load_decks(find_deck_files(app.config.deck_paths))
        valid = [deck for deck in loaded if deck.ok]
        if not valid:
            app.call_from_thread(self._done, "No valid deck to export.")
            return
        plan = plan_export(valid)
        bar = self.query_one("#export-progress", ProgressBar)
        app.call_from_thread(bar.update, total=len(plan.notes), progress=0)
        try:
            before = store.exported_hashes(list(plan.decks))
            export_plan(
                store,
                plan,
                target,
                app.now(),
                progress=lambda n: app.call_from_thread(bar.advance, n),
            )
        except (OSError, StoreError, ValueError) as error:
            app.call_from_thread(self._done, f"Not written: {error}")
            return
        counts = plan.changes(before).values()
        new = sum(c.new for c in counts)
        changed = sum(c.changed for c in counts)
        lines = [f"Wrote {len(plan.notes)} notes to {target}", f"{new} new, {changed} changed"]
        skipped = len(loaded) - len(valid)
        if skipped:
            lines.append(f"{skipped} deck(s) with errors were left out")
        app.call_from_thread(self._done, "\n".join(lines))

    def _done(self, report: str) -> None:
        self.query_one("#export-report", Static).update(report)
        self.query_one("#export-path", Input).disabled = False
