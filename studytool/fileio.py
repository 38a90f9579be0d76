"""Writing files so that an interrupted write never leaves half a file behind.

A file is written under a temporary name beside its target (`.NAME.XXXXXXXX.tmp`),
flushed to disk, renamed onto the target, and the folder flushed after the rename.
A symlink is written through: the file it leads to is replaced and the link is kept.
Folders, devices, FIFOs and sockets are refused with `NotAFileError`. A temporary
file left by a write that was killed is removed by a later write to the same target
once it is an hour old: no write takes that long, so a file that old belongs to no
writer still running (and if one were, its rename would fail; nothing is lost).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
import time
from collections.abc import Iterator
from pathlib import Path

__all__ = ["STALE_AFTER_SECONDS", "NotAFileError", "replacing", "write_text_atomic"]

#: Temporary files beside a target older than this are left from a killed write.
STALE_AFTER_SECONDS = 3600

#: The random part of a temporary name: 8 characters, ours (hex) or an older
#: studytool's (`tempfile.mkstemp`: lowercase letters, digits, underscore).
_RANDOM_PART = r"[a-z0-9_]{8}"

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
)


class NotAFileError(OSError):
    """The target exists and is not a regular file: a folder, device, FIFO or socket.

    `strerror` says what it is, `filename` is the path as given.
    """

    def __init__(self, path: Path, what: str) -> None:
        code = errno.EISDIR if what == "a folder" else errno.EINVAL
        super().__init__(code, f"it is {what}, not a file", str(path))

    def __str__(self) -> str:
        return f"{self.filename}: {self.strerror}"


@contextlib.contextmanager
def replacing(path: Path, *, private: bool = False) -> Iterator[Path]:
    """A temporary path beside `path`'s target; when the block succeeds it replaces it.

    The target is `path`, or the file its symlinks lead to. If the block fails, the
    temporary file is removed and the target is left as it was. The new file gets the
    old one's permissions, or the usual ones for a new file (`private`: readable and
    writable by the user alone, whatever the old file allowed), and is on disk (fsync)
    before it is renamed into place.
    """
    path = Path(path)
    target = _target_of(path)
    _remove_stale_temporaries(target)
    temporary, mode = _create_temporary(target, private=private)
    try:
        yield temporary
        _flush(temporary, mode)
        _refuse_non_file(path, target)  # nothing but a file may have appeared meanwhile
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _flush_folder(target.parent)


def write_text_atomic(path: Path, text: str, *, private: bool = False) -> None:
    """Write `text` to a temporary file beside `path`, flush it to disk, then rename it
    (`private`: a file only its owner may read, such as a login key)."""
    with (
        replacing(path, private=private) as temporary,
        temporary.open("w", encoding="utf-8", newline="\n") as out,
    ):
        out.write(text)


def _target_of(path: Path) -> Path:
    """The file a write to `path` replaces: `path`, or where its symlinks lead (a dangling
    link's missing file included, if its folder exists)."""
    target = Path(os.path.realpath(path))
    if target.is_symlink():  # realpath stops at a loop
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path))
    _refuse_non_file(path, target)
    if not target.parent.is_dir():
        raise FileNotFoundError(errno.ENOENT, f"there is no folder {target.parent}", str(path))
    return target


def _refuse_non_file(path: Path, target: Path) -> None:
    """Raise NotAFileError if `target` exists and is not a regular file (or a symlink)."""
    try:
        mode = target.lstat().st_mode
    except FileNotFoundError:
        return
    for test, what in _KINDS:
        if test(mode):
            raise NotAFileError(path, what)


def _create_temporary(target: Path, *, private: bool = False) -> tuple[Path, int | None]:
    """A new empty file beside `target`, and the mode to give it once written (None: the
    mode it was created with, 0666 less the umask, is the usual one for a new file)."""
    try:
        mode: int | None = 0o600 if private else target.stat().st_mode & 0o777
    except FileNotFoundError:
        mode = None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            # An existing file's content stays private until it gets that file's mode.
            os.close(os.open(temporary, flags, 0o666 if mode is None else 0o600))
        except FileExistsError:
            continue
        return temporary, mode


def _flush(temporary: Path, mode: int | None) -> None:
    """Give the written file its mode and put it on disk, whoever wrote it."""
    handle = os.open(temporary, os.O_RDWR | getattr(os, "O_BINARY", 0))
    try:
        if mode is not None:
            os.chmod(temporary, mode)
        os.fsync(handle)
    finally:
        os.close(handle)


def _flush_folder(folder: Path) -> None:
    """Put a rename in `folder` on disk, where the system lets a folder be opened and
    flushed (not on Windows, nor on some network file systems)."""
    if os.name == "nt":
        return
    try:
        handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(handle)
    finally:
        os.close(handle)


def _remove_stale_temporaries(target: Path) -> None:
    """Remove our own temporary files for `target` that a killed write left behind:
    regular files named exactly as ours, owned by this user, an hour old or more."""
    pattern = re.compile(re.escape(f".{target.name}.") + _RANDOM_PART + r"\.tmp")
    oldest = time.time() - STALE_AFTER_SECONDS
    user = os.geteuid() if hasattr(os, "geteuid") else None
    try:
        with os.scandir(target.parent) as scan:
            entries = list(scan)
    except OSError:
        return
    for entry in entries:
        if not pattern.fullmatch(entry.name):
            continue
        with contextlib.suppress(OSError):
            info = entry.stat(follow_symlinks=False)
            mine = user is None or info.st_uid == user
            if stat.S_ISREG(info.st_mode) and mine and info.st_mtime <= oldest:
                os.unlink(entry.path)
