"""Settings: the daily limits, when a study day starts, sibling burying, the
scheduler (SM-2 or FSRS, and FSRS's desired retention), the theme.

A keyboard-first form. Ctrl+S (or Enter in a number) checks every field and, when all
are allowed, writes the settings file and puts the new values to use at once: the next
count of the deck list, the next study session, the study day, the theme. The
scheduler is kept in the study database itself: a new one (or a new retention)
reschedules every answered card from its answers. A value that is not allowed is
explained under its field and nothing is saved. Esc goes back without saving; the
theme, which changes as it is chosen, goes back to what it was.
"""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Label, Select, Static, Switch

from studytool.core.schedulers.fsrs import DEFAULT_RETENTION, MAX_RETENTION, MIN_RETENTION
from studytool.core.scheduling import SchedulerName, Scheduling
from studytool.core.settings import NUMBERS, Settings, parse_number
from studytool.core.terminal_text import printable
from studytool.core.wording import plural
from studytool.settings_file import SettingsFileError, save_settings
from studytool.storage import StoreError
from studytool.tui.screens.base import UsesStudyApp

#: The number fields: setting, label, and what the line under the field says.
_NUMBER_FIELDS = (
    ("new_per_day", "New cards a day, per deck", "{allowed}; default {default}"),
    ("reviews_per_day", "Reviews a day, per deck", "{allowed}; default {default}"),
    ("rollover_hour", "Study day starts at hour", "{allowed}; default {default} ({default:02}:00)"),
)


_RETENTION_HINT = (
    f"FSRS's recall when due: {MIN_RETENTION} to {MAX_RETENTION}; default {DEFAULT_RETENTION}"
)
_SCHEDULERS = [("SM-2 (grades 0-5)", "sm2"), ("FSRS (answers 1-4)", "fsrs")]


class _FormSelect(Select[str], inherit_bindings=False):
    """A choice in the form: Enter or Space opens its list; the arrow keys move between
    fields, as they do everywhere else on the form (Textual's own Select opens on them,
    which trapped a trainee moving down the form on the first choice)."""

    BINDINGS = [Binding("enter,space", "show_overlay", "Show menu", show=False)]


def _field_id(key: str) -> str:
    return key.replace("_", "-")


def _retention(text: str) -> float | None:
    """The desired retention typed, or None when it is not one FSRS allows."""
    try:
        value = float(text.strip().rstrip("%"))
    except ValueError:
        return None
    if text.strip().endswith("%") or value > 1:
        value /= 100  # 90% or 90 mean 0.9
    return value if MIN_RETENTION <= value <= MAX_RETENTION else None


class SettingsScreen(UsesStudyApp, Screen[None]):
    """The settings form; it changes nothing until saved."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save"),
        Binding("escape", "discard", "Back"),
        Binding("down", "app.focus_next", "Next", show=False),
        Binding("up", "app.focus_previous", "Previous", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._settings_at_open = Settings()
        self._theme_at_open = ""
        self._scheduling_at_open = Scheduling()

    def compose(self) -> ComposeResult:
        app = self.study_app
        config = app.config
        current = config.settings()
        self._settings_at_open = current
        self._theme_at_open = app.theme
        database = printable(config.database.name, newlines=False)
        yield Header()
        with VerticalScroll(id="settings"):
            yield Static("Settings", classes="heading")
            yield Static(f"This study database ({database})", classes="settings-group")
            for key, label, _template in _NUMBER_FIELDS:
                with Horizontal(classes="settings-row"):
                    yield Label(label, classes="settings-label")
                    yield Input(
                        str(getattr(current, key)),
                        id=_field_id(key),
                        compact=True,
                        max_length=12,
                        select_on_focus=True,
                    )
                yield Static(
                    _hint(key),
                    id=f"{_field_id(key)}-hint",
                    classes="settings-hint",
                    markup=False,
                )
            with Horizontal(classes="settings-row"):
                yield Label("One card per muscle a day", classes="settings-label")
                yield Switch(current.bury_siblings, id="bury-siblings")
            yield Static("on: the others wait a day", classes="settings-hint")
            yield from self._scheduler_fields()
            yield Static("Every database", classes="settings-group")
            with Horizontal(classes="settings-row"):
                yield Label("Theme", classes="settings-label")
                yield _FormSelect(
                    [(name, name) for name in app.available_themes],
                    value=app.theme,
                    allow_blank=False,
                    compact=True,
                    id="theme",
                )
            yield Static(self._where_saved(), id="settings-file", markup=False)
        yield Footer()

    def _scheduler_fields(self) -> ComposeResult:
        try:
            scheduling = self.study_app.store.scheduling()
        except StoreError:
            scheduling = Scheduling()
        self._scheduling_at_open = scheduling
        with Horizontal(classes="settings-row"):
            yield Label("Scheduler", classes="settings-label")
            yield _FormSelect(
                _SCHEDULERS,
                value=scheduling.name.value,
                allow_blank=False,
                compact=True,
                id="scheduler",
            )
        yield Static(
            "a change replays every answer through it",
            classes="settings-hint",
        )
        with Horizontal(classes="settings-row"):
            yield Label("Desired retention", classes="settings-label")
            yield Input(
                f"{scheduling.fsrs.desired_retention:g}",
                id="desired-retention",
                compact=True,
                max_length=12,
                select_on_focus=True,
            )
        yield Static(
            _RETENTION_HINT, id="desired-retention-hint", classes="settings-hint", markup=False
        )

    def _where_saved(self) -> str:
        config = self.study_app.config
        if config.settings_file is None:
            return "Changes last until you quit: there is no settings file."
        return f"Ctrl+S saves to {printable(str(config.settings_file))}"

    def on_mount(self) -> None:
        self.query_one(f"#{_field_id(_NUMBER_FIELDS[0][0])}", Input).focus()

    # -- the theme changes as it is chosen

    @on(Select.Changed, "#theme")
    def _theme_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.study_app.use_theme(event.value)

    # -- a field's problem goes once it is put right

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        key = event.input.id.replace("-", "_") if event.input.id else ""
        if key in NUMBERS and parse_number(key, event.value) is not None:
            self._show_problem(key, None)
        if key == "desired_retention" and _retention(event.value) is not None:
            self._show_retention_problem(None)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    # -- saving and going back

    def action_save(self) -> None:
        settings = self._form_settings()
        scheduling = self._form_scheduling(focus_problem=settings is not None)
        if settings is None or scheduling is None:
            return
        app = self.study_app
        config = app.config
        if config.settings_file is not None:
            try:
                save_settings(config.settings_file, config.database, settings)
            except SettingsFileError as error:  # nothing was changed
                self._failed("Settings not saved", str(error))
                return
        app.apply_settings(settings)
        if config.settings_file is None:
            self.notify("Settings changed until you quit.")
        else:
            self.notify("Settings saved.")
        if self._switched(scheduling):
            self.dismiss()

    def _switched(self, scheduling: Scheduling) -> bool:
        """Put the scheduler on the form to use (a notice says how many cards it
        rescheduled); False, with the reason, when the database refused."""
        if scheduling == self._scheduling_at_open:
            return True
        try:
            replayed = self.study_app.store.switch_scheduler(scheduling)
        except StoreError as error:
            self._failed("Scheduler not changed", str(error))
            return False
        if replayed:
            self.notify(
                f"{scheduling.title}: {plural(replayed, 'answered card')} rescheduled"
                " from their answers.",
                timeout=6,
            )
        return True

    def _failed(self, title: str, problem: str) -> None:
        """An error notice; it may quote a path, so it is shown as typed."""
        self.notify(printable(problem), title=title, severity="error", timeout=15, markup=False)

    def _form_scheduling(self, *, focus_problem: bool) -> Scheduling | None:
        """The scheduler on the form, or None (its problem shown, and focused unless an
        earlier field has one) when the retention typed is not one FSRS allows."""
        field = self.query_one("#desired-retention", Input)
        retention = _retention(field.value)
        if retention is None:
            typed = printable(repr(field.value.strip()))
            self._show_retention_problem(
                f"Must be a number from {MIN_RETENTION} to {MAX_RETENTION}, not {typed}"
            )
            if focus_problem:
                field.focus()
            return None
        self._show_retention_problem(None)
        name = self.query_one("#scheduler", Select).value
        current = self._scheduling_at_open
        chosen = SchedulerName(name) if isinstance(name, str) else current.name
        fsrs = replace(current.fsrs, desired_retention=retention)
        return Scheduling(chosen, fsrs)

    def _show_retention_problem(self, problem: str | None) -> None:
        line = self.query_one("#desired-retention-hint", Static)
        line.update(problem or _RETENTION_HINT)
        line.set_class(problem is not None, "problem")

    def action_discard(self) -> None:
        self.study_app.use_theme(self._theme_at_open)
        self.dismiss()

    def _form_settings(self) -> Settings | None:
        """The settings on the form, or None (each problem shown under its field, the
        first bad field focused) when a value is not allowed."""
        numbers: dict[str, int] = {}
        first_bad: Input | None = None
        for key, _label, _hint in _NUMBER_FIELDS:
            field = self.query_one(f"#{_field_id(key)}", Input)
            value = parse_number(key, field.value)
            if value is None:
                typed = field.value.strip()
                allowed = NUMBERS[key].allowed()
                self._show_problem(
                    key,
                    f"Must be {allowed}, not {printable(repr(typed))}"
                    if typed
                    else f"Type {allowed}",
                )
                first_bad = first_bad or field
            else:
                self._show_problem(key, None)
                numbers[key] = value
        if first_bad is not None:
            first_bad.focus()
            return None
        theme = self.query_one("#theme", Select).value
        return Settings(
            new_per_day=numbers["new_per_day"],
            reviews_per_day=numbers["reviews_per_day"],
            rollover_hour=numbers["rollover_hour"],
            bury_siblings=self.query_one("#bury-siblings", Switch).value,
            theme=theme if isinstance(theme, str) else self._settings_at_open.theme,
        )

    def _show_problem(self, key: str, problem: str | None) -> None:
        """The line under a number field: its problem, or (None) what it allows."""
        line = self.query_one(f"#{_field_id(key)}-hint", Static)
        line.update(problem or _hint(key))
        line.set_class(problem is not None, "problem")


def _range(key: str) -> str:
    rule = NUMBERS[key]
    return f"{rule.low} to {rule.high}"


def _hint(key: str) -> str:
    """What a number field allows, and its default."""
    hint = next(hint for name, _label, hint in _NUMBER_FIELDS if name == key)
    return hint.format(allowed=_range(key), default=getattr(Settings(), key))
