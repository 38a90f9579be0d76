"""Home: every deck with what is new, learning and due today."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Header, Static

from studytool import stats
from studytool.core.terminal_text import printable
from studytool.core.wording import plural
from studytool.storage import DeckSync, StoreError
from studytool.tui.screens.base import UsesStudyApp
from studytool.tui.widgets.deck_table import BROKEN, DeckTable, has_work
from studytool.tui.widgets.key_footer import KeyFooter


class DeckListScreen(UsesStudyApp, Screen[None]):
    """The deck list. Enter studies the highlighted deck; `a` studies them all."""

    BINDINGS = [
        Binding("enter", "study", "Study", priority=True),
        Binding("a", "study_all", "Study all"),
        Binding("b", "browse", "Browse"),
        Binding("s", "stats", "Stats"),
        Binding("e", "export", "Export"),
        Binding("y", "sync", "Sync"),
        Binding("c", "cram", "Cram"),
        Binding("x", "errors", "Errors"),
        Binding("r", "reload", "Reload", show=False),  # in help and the palette
    ]

    @dataclass
    class Loaded(Message):
        """What a loading worker found: today's counts per deck (`lines`), what syncing
        each deck file did (`reports`), or what failed. `done` ends the load."""

        lines: list[stats.DeckCounts] | None = None
        reports: list[DeckSync] | None = None
        problem: str | None = None
        done: bool = True

    def __init__(self) -> None:
        super().__init__()
        self.broken: dict[str, DeckSync] = {}
        self.lines: list[stats.DeckCounts] = []
        # A worker is syncing or counting. (Not `loading`: Textual draws a spinner for that.)
        self.load_under_way = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Your decks", id="deck-heading", classes="heading")
        self.table = DeckTable(id="decks")
        yield self.table
        self.status = Static("Loading decks…", id="deck-status", markup=False)
        yield self.status
        yield KeyFooter()

    def on_mount(self) -> None:
        self.action_reload()

    def on_screen_resume(self) -> None:
        if not self.load_under_way:  # back from studying: the counts have moved
            self.load(sync=False)

    # -- loading

    def action_reload(self) -> None:
        self.status.update("Loading decks…")
        self.load(sync=True)

    def load(self, sync: bool) -> None:
        """Count today's cards (and first sync the deck files, when `sync`) in a worker."""
        self.load_under_way = True
        self._load(sync)

    @work(thread=True, group="decks")
    def _load(self, sync: bool) -> None:
        """Off the UI thread, so the screen draws meanwhile: the counts as the database
        has them, then, when syncing, the deck files' reports and (if a file changed
        anything) the counts again."""
        app = self.study_app
        try:
            self.post_message(self.Loaded(self._count(), done=not sync))
            if not sync:
                return
            reports = app.sync_decks()
            changed = any(r.added or r.updated or r.retired or r.restored for r in reports)
            self.post_message(self.Loaded(self._count() if changed else None, reports))
        except StoreError as error:
            self.post_message(self.Loaded(problem=str(error)))

    def _count(self) -> list[stats.DeckCounts]:
        app = self.study_app
        config = app.config
        return stats.deck_counts(
            app.store,
            app.now(),
            config.new_per_day,
            config.reviews_per_day,
            bury_siblings=config.bury_siblings,
        )

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.load_under_way = not message.done
        if message.problem is not None:
            problem = printable(message.problem)
            self.notify(problem, severity="error", timeout=10, markup=False)
            self.status.update(f"Could not read your decks: {problem} (r to retry)")
            return
        was_broken = {path: report.errors for path, report in self.broken.items()}
        if message.reports is not None:
            broken = [report for report in message.reports if report.loaded and report.errors]
            self.broken = {str(report.path): report for report in broken}
        now_broken = {path: report.errors for path, report in self.broken.items()}
        if message.lines is not None:
            self.lines = message.lines
        elif now_broken == was_broken:
            return  # the sync changed nothing that the list shows
        self.table.show(self.lines, list(self.broken.values()), self.study_app.config.zone)
        due = sum(line.due + line.learning for line in self.lines)
        new = sum(line.new for line in self.lines)
        status = f"Today: {due} to review, {new} new"
        if self.broken:
            decks = plural(len(self.broken), "deck")
            status += f" · {decks} with errors: press x to see them"
        self.status.update(status)

    # -- actions

    @on(DataTable.RowSelected, "#decks")
    def _row_selected(self) -> None:
        self.action_study()

    def action_study(self) -> None:
        key = self.table.selected_key
        if key is None:
            return
        if key.startswith(BROKEN):
            self.action_errors()
            return
        self._start([key])

    def action_study_all(self) -> None:
        self._start(None)

    def _start(self, decks: list[str] | None) -> None:
        from studytool.study_session import StudySession
        from studytool.tui.screens.study import StudyScreen

        app = self.study_app
        session = StudySession.start(
            app.store,
            app.now(),
            decks,
            new_per_day=app.config.new_per_day,
            reviews_per_day=app.config.reviews_per_day,
            bury_siblings=app.config.bury_siblings,
        )
        if session.finished:
            self._nothing_to_study(decks)
            return
        app.push_screen(StudyScreen(session))

    def _nothing_to_study(self, decks: list[str] | None) -> None:
        """Say that these decks (None: every deck) have nothing left today, and point to
        a deck that still has work, with the cursor on it."""
        elsewhere = [
            line for line in self.lines if has_work(line) and decks and line.deck not in decks
        ]
        if not elsewhere:
            where = "any deck" if decks is None or len(self.lines) > 1 else "this deck"
            self.notify(
                f"Nothing left to study in {where} today. Come back tomorrow!", title="All done"
            )
            return
        here = {line.deck: line.title for line in self.lines}.get(decks[0] if decks else "")
        other = elsewhere[0]
        count = other.new + other.learning + other.due
        cards = plural(count, "card")
        self.table.select(other.deck)
        self.notify(
            printable(
                f"Nothing to study in {here or 'this deck'} today. "
                f"{other.title} still has {cards} for today: Enter studies it."
            ),
            title="Done here",
            markup=False,
        )

    def action_errors(self) -> None:
        from studytool.tui.screens.message import MessageScreen

        key = self.table.selected_key
        reports = (
            [self.broken[key.removeprefix(BROKEN)]]
            if key and key.startswith(BROKEN)
            else list(self.broken.values())
        )
        if not reports:
            self.notify("Every deck loaded without errors.")
            return
        lines = [error for report in reports for error in report.errors]
        self.app.push_screen(MessageScreen("Deck errors", "\n".join(lines)))

    def action_cram(self) -> None:
        """Custom study before an exam: the highlighted deck's cards, or any search."""
        from studytool.tui.screens.cram import CramScreen

        key = self.table.selected_key
        query = f"deck:{key}" if key and not key.startswith(BROKEN) else ""
        self.app.push_screen(CramScreen(query))

    def action_browse(self) -> None:
        from studytool.tui.screens.browse import BrowseScreen

        self.app.push_screen(BrowseScreen())

    def action_export(self) -> None:
        from studytool.tui.screens.export import ExportScreen

        self.app.push_screen(ExportScreen(Path.home() / "studytool.apkg"))

    def action_sync(self) -> None:
        from studytool.tui.screens.sync import SyncScreen

        def synced(changed: bool | None) -> None:
            if changed:
                self.action_reload()  # answers from the phone change today's counts

        self.app.push_screen(SyncScreen(), synced)

    def action_stats(self) -> None:
        from studytool.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen())
