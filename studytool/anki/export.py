"""One export to Anki, start to finish: the steps the CLI and the app share.

It joins the package writer and the study database, which keeps each card's content and
note time at its last export: a note that changed since is written newer than any
earlier export's, one that did not with its earlier time, so Anki updates only what
changed.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from studytool.anki.notes import ExportPlan
from studytool.anki.package import write_package
from studytool.storage import Store

__all__ = ["apkg_path", "export_plan"]


def apkg_path(path: Path) -> Path:
    """`path` with the .apkg ending Anki expects added (`course.v2` -> `course.v2.apkg`).

    A path that is there and is no file (a folder, a device) is kept as given, so the
    writer refuses it with its reason instead of writing a file beside it.
    """
    if path.suffix.lower() == ".apkg" or (path.exists() and not path.is_file()):
        return path
    return path.with_name(path.name + ".apkg")


def export_plan(
    store: Store,
    plan: ExportPlan,
    target: Path,
    now: datetime,
    progress: Callable[[int], None] | None = None,
) -> None:
    """Write `plan` to `target`, each changed or new note with a time later than any
    earlier export's and each unchanged one with the time it had, then record the
    export so the next one can tell what changed."""
    note_time = store.next_note_time(now)
    note_times = plan.note_times(store.exported_notes(list(plan.decks)), note_time)
    write_package(plan, target, note_time, progress=progress, note_times=note_times)
    store.record_export(plan.hashes(), target, now, note_time, note_times)
