"""The studytool app: deck list, study, browse, stats and help screens.

The app holds no scheduling rules: it asks the session and the store, and shows what
they say. Time comes from `AppConfig.clock`, so tests (and snapshots) can freeze it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from studytool.storage import DEFAULT_NEW_PER_DAY, DEFAULT_REVIEWS_PER_DAY, Store, StoreError


def _system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class AppConfig:
    """Everything the app needs from outside; tests build one with a fixed clock."""

    database: Path
    deck_paths: tuple[Path, ...]
    zone: tzinfo
    clock: Callable[[], datetime] = field(default=_system_clock)
    new_per_day: int = DEFAULT_NEW_PER_DAY
    reviews_per_day: int = DEFAULT_REVIEWS_PER_DAY
    editor: str = "vi"


class StudyApp(App[None]):
    """Drill anatomy flashcards, keyboard first."""

    CSS_PATH = "app.tcss"
    TITLE = "studytool"
    SUB_TITLE = "anatomy flashcards"
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("f1", "help", "Help", show=False),
    ]

    def __init__(self, config: AppConfig) -> None:
        super().__init__()
        self.config = config
        self.store: Store | None = None

    def now(self) -> datetime:
        return self.config.clock()

    def on_mount(self) -> None:
        from studytool.tui.screens.deck_list import DeckListScreen
        from studytool.tui.screens.message import MessageScreen

        try:
            self.store = Store.open(self.config.database, zone=self.config.zone)
        except StoreError as error:
            self.push_screen(MessageScreen("Cannot open your study database", str(error)))
            return
        self.push_screen(DeckListScreen())

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

    def action_help(self) -> None:
        from studytool.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Help", "Every key, and what the grades mean", self.action_help)
        from studytool.tui.screens.deck_list import DeckListScreen

        if isinstance(screen, DeckListScreen):
            yield SystemCommand(
                "Study all decks", "Today's cards from every deck", screen.action_study_all
            )
            yield SystemCommand(
                "Browse cards", "Search and filter every card", screen.action_browse
            )
            yield SystemCommand(
                "Statistics", "Reviews, forecast, retention, weakest muscles", screen.action_stats
            )
            yield SystemCommand("Reload decks", "Sync the deck files again", screen.action_reload)
            yield SystemCommand(
                "Export to Anki", "Write every deck to an .apkg file", screen.action_export
            )
