"""The trainee's Anki account: logging in to AnkiWeb or a self-hosted sync server.

studytool becomes one more device of the account (the sync itself is in the making).
Only the login key the server hands out is kept, never the password: a small JSON file
that only its owner may read, reused until `forget_login`. The `anki` engine is an
optional extra (`studytool[anki]`), imported only when a login is made, so trainees who
never sync need not install it.

Every failure becomes one `SyncProblem` with a message in the trainee's terms.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from studytool.anki.engine import SyncProblem, anki_engine, opened, problem
from studytool.fileio import write_text_atomic

if TYPE_CHECKING:
    from anki.sync import SyncAuth

__all__ = [
    "Login",
    "auth_for",
    "forget_login",
    "load_login",
    "log_in",
    "save_login",
]


@dataclass(frozen=True)
class Login:
    """A login to keep: who, where (None: AnkiWeb) and the key the server gave."""

    user: str
    endpoint: str | None
    key: str


def log_in(collection: Path, user: str, password: str, endpoint: str | None) -> Login:
    """Log in with `user` and `password` (through the Anki collection at `collection`,
    created if missing, as every Anki device does) and return the key to keep."""
    if not user.strip():
        raise SyncProblem("give the account's user name (--user)")
    from anki.errors import AnkiException

    with opened(collection) as col:
        try:
            auth = col.sync_login(user, password, endpoint)
        except AnkiException as error:
            raise problem(
                error,
                endpoint,
                doing="login",
                refused="did not accept that user name and password; nothing was changed",
            ) from None
    return Login(user, endpoint, auth.hkey)


def auth_for(login: Login) -> SyncAuth:
    """What Anki's sync needs of a kept login."""
    anki_engine()
    from anki.sync import SyncAuth

    return SyncAuth(hkey=login.key, endpoint=login.endpoint)


def save_login(path: Path, login: Login) -> None:
    """Keep `login` in `path`, readable and writable by its owner alone."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, json.dumps(asdict(login), indent=2) + "\n", private=True)


def load_login(path: Path) -> Login | None:
    """The login kept in `path`, or None if there is none (or it is not one of ours)."""
    try:
        data: Any = json.loads(path.read_text("utf-8"))
        return Login(str(data["user"]), data["endpoint"], str(data["key"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def forget_login(path: Path) -> bool:
    """Remove the kept login; whether there was one."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    return True
