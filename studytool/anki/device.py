"""studytool as one device of the trainee's Anki account: its own Anki collection
beside the study database, synced with the account's server, holding the same notes as
the `.apkg` export.

The local collection is a cache of two truths: the server holds what the phones did,
the study database what the terminal did. So when Anki asks for a full sync (this side
and the server changed apart, or never synced together), this side downloads, never
uploading over the phone's progress, and studytool's notes are written into it again.
It uploads only to a server that has no collection yet.

The `anki` engine is imported only here and in `account`, and only when used.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from studytool.anki.account import Login
from studytool.anki.engine import SyncProblem, problem
from studytool.anki.export import export_plan
from studytool.anki.notes import ExportPlan
from studytool.storage import Store

if TYPE_CHECKING:
    from anki.collection import Collection
    from anki.sync import SyncAuth

__all__ = [
    "NotesWritten",
    "SyncKind",
    "claim",
    "collection_path",
    "put_notes",
    "sync",
]


class SyncKind(enum.StrEnum):
    """What a sync with the server did."""

    INCREMENTAL = "incremental"  # changes went both ways (or there were none)
    DOWNLOADED = "downloaded"  # this side took the server's collection whole
    UPLOADED = "uploaded"  # the server, which had nothing, took this side's


@dataclass(frozen=True)
class NotesWritten:
    """What writing studytool's notes into the collection did."""

    new: int
    updated: int
    unchanged: int


def collection_path(database: Path) -> Path:
    """Where the Anki collection of the study database `database` lives: beside it."""
    return database.with_name(f"{database.name}.anki") / "collection.anki2"


def claim(collection: Path, login: Login) -> None:
    """Tie the collection at `collection` to the account of `login` the first time, and
    refuse another account afterwards: its answers were noted as sent to this one, and
    its collection must never be uploaded to another."""
    import json

    owner = collection.with_name("account.json")
    account = {"user": login.user, "endpoint": login.endpoint}
    try:
        known = json.loads(owner.read_text("utf-8"))
    except FileNotFoundError:
        owner.parent.mkdir(parents=True, exist_ok=True)
        owner.write_text(json.dumps(account) + "\n", "utf-8")
        return
    except (OSError, ValueError) as error:
        raise SyncProblem(f"cannot read which account this database syncs with: {error}") from None
    if known != account:
        where = known.get("endpoint") or "AnkiWeb" if isinstance(known, dict) else "?"
        who = known.get("user") if isinstance(known, dict) else "?"
        raise SyncProblem(
            f"this study database syncs with {who} at {where}; another account needs a"
            " study database of its own (--db)"
        )


def sync(col: Collection, auth: SyncAuth) -> SyncKind:
    """Sync `col` with the server: incrementally when Anki can; else download the
    server's collection, or upload to a server that has none."""
    from anki.errors import AnkiException
    from anki.sync_pb2 import SyncCollectionResponse

    required = SyncCollectionResponse.ChangesRequired
    try:
        output = col.sync_collection(auth, False)
        if output.required in (required.NO_CHANGES, required.NORMAL_SYNC):
            return SyncKind.INCREMENTAL
        upload = output.required == required.FULL_UPLOAD  # the server has no collection
        if output.new_endpoint:  # AnkiWeb names the server that holds this account
            from anki.sync import SyncAuth

            auth = SyncAuth(hkey=auth.hkey, endpoint=output.new_endpoint)
        col.close_for_full_sync()
        try:
            col.full_upload_or_download(auth=auth, server_usn=None, upload=upload)
        finally:
            col.reopen(after_full_sync=True)
    except AnkiException as error:
        raise problem(
            error,
            auth.endpoint,
            doing="sync",
            refused="no longer accepts the kept login; log in again (--user)",
        ) from None
    return SyncKind.UPLOADED if upload else SyncKind.DOWNLOADED


def put_notes(store: Store, plan: ExportPlan, col: Collection, now: datetime) -> NotesWritten:
    """Write `plan`'s notes into `col` as the `.apkg` export writes them (same note type
    and GUIDs, a note's time moving only when its content changes), so notes a trainee
    imported from an export are updated in place, never duplicated."""
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest

    package = Path(col.path).with_name("studytool-notes.apkg")
    export_plan(store, plan, package, now)
    try:
        log = col.import_anki_package(
            ImportAnkiPackageRequest(
                package_path=str(package),
                options=ImportAnkiPackageOptions(with_scheduling=False),
            )
        ).log
    finally:
        package.unlink(missing_ok=True)
    return NotesWritten(len(log.new), len(log.updated), len(log.duplicate))
