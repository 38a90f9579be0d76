"""Home: every deck with what is new, learning and due today."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from studytool import stats
from studytool.storage import DeckSync, StoreError
from studytool.study_session import StudySession
from studytool.tui.screens.base import UsesStudyApp

_BROKEN = "broken:"


class DeckListScreen(UsesStudyApp, Screen[None]):
    """The deck list. Enter studies the highlighted deck; `a` studies them all."""

    BINDINGS = [
        Binding("enter", "study", "Study", priority=True),
        Binding("a", "study_all", "Study all"),
        Binding("b", "browse", "Browse"),
        Binding("s", "stats", "Stats"),
        Binding("e", "export", "Export"),
        Binding("x", "errors", "Errors"),
        Binding("r", "reload", "Reload", show=False),  # in help and the palette
    ]

    def __init__(self) -> None:
        super().__init__()
        self.broken: dict[str, DeckSync] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Your decks", id="deck-heading", classes="heading")
        table: DataTable[str | Text] = DataTable(id="decks", cursor_type="row", zebra_stripes=True)
        table.add_column("Deck", key="deck")
        for label in ("New", "Learning", "Due", "Cards"):
            table.add_column(label, key=label.lower())
        table.add_column("Last studied", key="last")
        yield table
        yield Static("Loading decks…", id="deck-status")
        yield Footer()

    def on_mount(self) -> None:
        self.action_reload()

    def on_screen_resume(self) -> None:
        if self.study_app.store is not None and self.is_mounted:
            self.refresh_counts()

    # -- loading

    def action_reload(self) -> None:
        self.query_one("#deck-status", Static).update("Loading decks…")
        self.sync_decks()

    @work(thread=True, exclusive=True, group="sync")
    def sync_decks(self) -> None:
        """Sync the deck files off the UI thread; the list fills in when it is done."""
        app = self.study_app
        store = app.store
        if store is None:
            return
        try:
            reports = store.sync(list(app.config.deck_paths), app.now())
        except StoreError as error:
            app.call_from_thread(self.notify, str(error), severity="error", timeout=10)
            return
        app.call_from_thread(self._synced, reports)

    def _synced(self, reports: list[DeckSync]) -> None:
        self.broken = {
            str(report.path): report for report in reports if report.loaded and report.errors
        }
        self.refresh_counts()

    def refresh_counts(self) -> None:
        app = self.study_app
        store = app.store
        if store is None:
            return
        now = app.now()
        lines = stats.deck_counts(store, now, app.config.new_per_day, app.config.reviews_per_day)
        table = self.query_one("#decks", DataTable)
        selected = self._selected_key()
        table.clear()
        for line in lines:
            last = line.last_studied.astimezone(app.config.zone) if line.last_studied else None
            table.add_row(
                line.title,
                _count(line.new, "new"),
                _count(line.learning, "learning"),
                _count(line.due, "due"),
                str(line.total),
                last.strftime("%d %b %Y") if last else "never",
                key=line.deck,
            )
        for path, report in self.broken.items():
            table.add_row(
                Text(f"⚠ {report.deck or report.path.name}", style="bold red"),
                "",
                "",
                "",
                "",
                Text(f"broken: {len(report.errors)} errors (x)", style="red"),
                key=_BROKEN + path,
            )
        if selected is not None:
            keys = [row.value for row in table.rows]
            if selected in keys:
                table.move_cursor(row=keys.index(selected))
        due = sum(line.due + line.learning for line in lines)
        new = sum(line.new for line in lines)
        status = f"Today: {due} to review, {new} new"
        if self.broken:
            status += f" · {len(self.broken)} deck(s) with errors: press x to see them"
        self.query_one("#deck-status", Static).update(status)

    def _selected_key(self) -> str | None:
        table = self.query_one("#decks", DataTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    # -- actions

    @on(DataTable.RowSelected, "#decks")
    def _row_selected(self) -> None:
        self.action_study()

    def action_study(self) -> None:
        key = self._selected_key()
        if key is None:
            return
        if key.startswith(_BROKEN):
            self.action_errors()
            return
        self._start([key])

    def action_study_all(self) -> None:
        self._start(None)

    def _start(self, decks: list[str] | None) -> None:
        from studytool.tui.screens.study import StudyScreen

        app = self.study_app
        if app.store is None:
            return
        session = StudySession.start(
            app.store,
            app.now(),
            decks,
            new_per_day=app.config.new_per_day,
            reviews_per_day=app.config.reviews_per_day,
        )
        if session.finished:
            self.notify("Nothing to study here today. Come back tomorrow!", title="All done")
            return
        app.push_screen(StudyScreen(session))

    def action_errors(self) -> None:
        from studytool.tui.screens.message import MessageScreen

        key = self._selected_key()
        reports = (
            [self.broken[key.removeprefix(_BROKEN)]]
            if key and key.startswith(_BROKEN)
            else list(self.broken.values())
        )
        if not reports:
            self.notify("Every deck loaded without errors.")
            return
        lines = [error for report in reports for error in report.errors]
        self.app.push_screen(MessageScreen("Deck errors", "\n".join(lines)))

    def action_browse(self) -> None:
        from studytool.tui.screens.browse import BrowseScreen

        self.app.push_screen(BrowseScreen())

    def action_export(self) -> None:
        from pathlib import Path

        from studytool.tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(Path.home() / "studytool.apkg"))

    def action_stats(self) -> None:
        from studytool.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())


_COUNT_STYLES = {"new": "bold blue", "learning": "bold red", "due": "bold green"}


def _count(value: int, kind: str) -> Text:
    """A count coloured as Anki colours it (new blue, learning red, due green); 0 dimmed."""
    return Text(str(value), style=_COUNT_STYLES[kind] if value else "dim")
