"""Browse's side pane: one card's text, its schedule, and its latest answers.

The card's text is shown as typed, control characters escaped.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from studytool.core.answer_rules import CardSchedule
from studytool.core.scheduling import SM2, Scheduling
from studytool.core.terminal_text import printable
from studytool.storage import StudyCard
from studytool.tui.deck_text import rich_text

_SHOWN_ANSWERS = 12


class CardDetail(VerticalScroll):
    """Shows a card with its history, or that nothing matched."""

    def compose(self) -> ComposeResult:
        self._body = Static(id="detail-body")
        yield self._body

    def show(
        self,
        card: StudyCard | None,
        history: list[dict[str, Any]],
        today: date,
        scheduling: Scheduling = SM2,
    ) -> None:
        """A card (or that nothing matched) as of study day `today`; under FSRS, its
        memory and its chance of recall that day."""
        if card is None:
            self._body.update(Text("No cards match.", style="dim"))
            return
        s = card.schedule
        text = Text()
        region = printable(card.region or "-", newlines=False)
        text.append(f"{printable(card.id, newlines=False)}\n", style="bold")
        text.append(f"{card.kind.value} · {region} · line {card.line}\n\n", style="dim")
        text.append_text(rich_text(printable(card.front)))
        text.append("\n\n")
        text.append_text(rich_text(printable(card.back)))
        text.append("\n\nSchedule\n", style="bold underline")
        memory = _memory(s, today, scheduling)
        text.append(f"state {card_state(s, today)} · due {due_date(s)} · {memory}")
        text.append(f"lapses {s.state.lapses}" + (" · LEECH" if s.leech else "") + "\n")
        text.append(f"\nHistory ({len(history)} answers)\n", style="bold underline")
        for row in history[-_SHOWN_ANSWERS:]:
            quality = row["quality"]
            answer = scheduling.answer_word(quality) if scheduling.is_fsrs else f"grade {quality}"
            days = row["interval_after"]
            after = f"{days}d" if days else "today"  # a same-day repeat, or an FSRS step
            text.append(f"{row['study_day']}  {answer}  {row['kind']:<6}  → {after}\n")
        self._body.update(text)


def _memory(schedule: CardSchedule, today: date, scheduling: Scheduling) -> str:
    """What the scheduler keeps of a card: SM-2's easiness and repetitions, or FSRS's
    stability, difficulty and the chance of recalling it now."""
    interval = f"interval {schedule.state.interval}d · "
    memory = schedule.memory
    if not scheduling.is_fsrs:
        state = schedule.state
        return f"easiness {state.easiness:.2f} · {interval}repetitions {state.repetitions} · "
    if memory is None:
        return ""
    recall = scheduling.recall(memory, today)
    shown = f" · recall today {recall:.0%}" if recall is not None else ""
    return (
        f"stability {memory.stability:.1f}d · difficulty {memory.difficulty:.1f}{shown} · "
        f"{interval}"
    )


def recall_text(schedule: CardSchedule, today: date, scheduling: Scheduling) -> str:
    """The chance of recalling a card on study day `today`, as browse's Recall column
    shows it."""
    recall = scheduling.recall(schedule.memory, today)
    return "-" if recall is None else f"{recall:.0%}"


def card_state(schedule: CardSchedule, today: date) -> str:
    """A card's state on study day `today` in a word, in the words of browse's `state:`
    filters: leech, suspended, buried, new, learning (failed today, coming back), due
    (today or overdue), or review (scheduled for a later day)."""
    if schedule.leech:
        return "leech"
    if schedule.suspended:
        return "suspended"
    if schedule.buried_until is not None and schedule.buried_until > today:
        return "buried"
    if schedule.is_new:
        return "new"
    if schedule.repeating_on(today):
        return "learning"
    return "due" if schedule.is_due(today) else "review"


def due_date(schedule: CardSchedule) -> str:
    """The day a card is due next, or "-" while it is new."""
    return schedule.due.isoformat() if schedule.due else "-"
