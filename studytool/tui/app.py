"""The studytool app: deck list, study, browse, stats and help screens.

The app holds no scheduling rules: it asks the session and the store, and shows what
they say. Time comes from `AppConfig.clock`, so tests (and snapshots) can freeze it.
`open_app` opens the study database first: the study app always has its store, and a
database that cannot be opened gets an app that says why.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import BUILTIN_THEMES

from studytool.core.daily_limits import DEFAULT_NEW_PER_DAY, DEFAULT_REVIEWS_PER_DAY
from studytool.core.scheduling import SM2
from studytool.core.settings import DEFAULT_THEME, Settings
from studytool.core.study_days import DEFAULT_ROLLOVER_HOUR
from studytool.core.terminal_text import printable
from studytool.storage import DeckSync, Store, StoreError
from studytool.tui.screens.deck_list import DeckListScreen
from studytool.tui.screens.help import HelpScreen
from studytool.tui.screens.message import MessageScreen


def _show_theme(app: App[None], name: str) -> None:
    # Textual's own `theme`, set from outside the class: the architecture test keeps
    # our classes from defining names Textual already has.
    if name in app.available_themes:
        app.theme = name


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
    rollover_hour: int = DEFAULT_ROLLOVER_HOUR
    bury_siblings: bool = True
    theme: str = DEFAULT_THEME
    editor: str = "vi"
    #: Where the settings screen saves; None keeps its changes to this run (tests).
    settings_file: Path | None = None
    #: What was wrong in the settings file, shown as notices when the app starts.
    settings_problems: tuple[str, ...] = ()

    def settings(self) -> Settings:
        """The settings in force: this database's, and the theme."""
        return Settings(
            new_per_day=self.new_per_day,
            reviews_per_day=self.reviews_per_day,
            rollover_hour=self.rollover_hour,
            bury_siblings=self.bury_siblings,
            theme=self.theme,
        )

    def with_settings(self, settings: Settings) -> AppConfig:
        """This configuration with other settings in force."""
        return replace(
            self,
            new_per_day=settings.new_per_day,
            reviews_per_day=settings.reviews_per_day,
            rollover_hour=settings.rollover_hour,
            bury_siblings=settings.bury_siblings,
            theme=settings.theme,
        )


def theme_names() -> list[str]:
    """The themes the app offers, by name, Textual's default first."""
    return list(BUILTIN_THEMES)


def open_app(config: AppConfig) -> App[None]:
    """The study app on the configured database, or, when that database cannot be
    opened, an app that says why and changes nothing."""
    try:
        store = Store.open(config.database, zone=config.zone, rollover_hour=config.rollover_hour)
    except StoreError as error:
        return StartupProblemApp("Cannot open your study database", str(error))
    # Only the decks of the files in use, from the first count on, before any sync.
    store.use_deck_files(config.deck_paths)
    return StudyApp(config, store)


class StudyApp(App[None]):
    """Drill anatomy flashcards, keyboard first."""

    CSS_PATH = "app.tcss"
    TITLE = "studytool"
    SUB_TITLE = "anatomy flashcards"
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("f1", "help", "Help", show=False),
        Binding("comma", "settings", "Settings", key_display=","),
        Binding("f2", "settings", "Settings", show=False),
    ]

    #: Textual's palette entries that are not studytool's: the settings choose the theme.
    _TEXTUAL_COMMANDS_LEFT_OUT = frozenset({"Theme", "Maximize", "Minimize", "Screenshot"})

    def __init__(self, config: AppConfig, store: Store) -> None:
        super().__init__()
        self.config = config
        self.store = store
        self.use_theme(config.theme)

    def on_mount(self) -> None:
        if self.config.settings_problems:  # one notice, however many there are
            self.notify(
                printable("\n".join(self.config.settings_problems)),
                title="Settings file",
                severity="warning",
                timeout=20,
                markup=False,
            )

    def use_theme(self, name: str) -> None:
        """Show the app in the theme called `name`, if Textual has one by that name (a
        name from a hand-edited file may be wrong: it was reported when it was read)."""
        _show_theme(self, name)

    def apply_settings(self, settings: Settings) -> None:
        """Use `settings` from now on: the next count and session, the study day, the theme."""
        self.config = self.config.with_settings(settings)
        self.store.rollover_hour = settings.rollover_hour
        self.use_theme(settings.theme)

    def now(self) -> datetime:
        return self.config.clock()

    def sync_decks(self) -> list[DeckSync]:
        """Bring the deck files in use into the database (see `Store.sync`)."""
        return self.store.sync(list(self.config.deck_paths), self.now())

    def get_default_screen(self) -> Screen[None]:
        # The deck list is the app's first screen, not one pushed over an empty one.
        return DeckListScreen()

    def on_unmount(self) -> None:
        self.store.close()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            try:
                scheduling = self.store.scheduling()
            except StoreError:  # the keys are worth showing all the same
                scheduling = SM2
            self.push_screen(HelpScreen(scheduling))

    def action_settings(self) -> None:
        from studytool.tui.screens.settings import SettingsScreen  # loads when first used
        from studytool.tui.screens.study import StudyScreen

        if any(isinstance(screen, StudyScreen) for screen in self.screen_stack):
            # A session counts its day and limits from when it began: change them after.
            self.notify("Finish the session first (Esc), then change the settings.")
            return
        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        for command in super().get_system_commands(screen):
            if command.title not in self._TEXTUAL_COMMANDS_LEFT_OUT:
                yield command
        yield SystemCommand("Help", "Every key, and what the grades mean", self.action_help)
        yield SystemCommand(
            "Settings",
            "Daily limits, when a day starts, siblings, SM-2 or FSRS, theme",
            self.action_settings,
        )
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


class StartupProblemApp(App[None]):
    """Says why studytool could not start (an unreadable database, say); Esc quits."""

    CSS_PATH = "app.tcss"
    TITLE = "studytool"
    SUB_TITLE = "anatomy flashcards"

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.problem = (title, message)

    def on_mount(self) -> None:
        self.push_screen(MessageScreen(*self.problem, closing_quits=True))
