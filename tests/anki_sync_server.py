"""A real Anki sync server for tests: `python -m anki.syncserver` from the `anki`
package, on 127.0.0.1 only, its data in a temporary folder, one account. It can be
stopped and started again on the same address, as a server that went away."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from anki.collection import Collection
    from anki.sync import SyncAuth

USER, PASSWORD = "trainee", "pass:word with spaces"


class SyncServer:
    """A sync server process and the account on it."""

    user = USER
    password = PASSWORD

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.port = _free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}/"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        environment = {
            **os.environ,
            "SYNC_USER1": f"{USER}:{PASSWORD}",
            "SYNC_BASE": str(self.folder / "server"),
            "SYNC_HOST": "127.0.0.1",  # the server listens on every address by default
            "SYNC_PORT": str(self.port),
            "NO_PROXY": "127.0.0.1,localhost",
        }
        with (self.folder / "server.log").open("a") as log:
            self._process = subprocess.Popen(
                [sys.executable, "-m", "anki.syncserver"],
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.folder,  # not inside the anki package, whose types.py shadows the stdlib's
            )
        self._wait_until_ready()

    def stop(self) -> None:
        """Kill the server at once, as a server that went away mid-sync."""
        if self._process is not None:
            self._process.kill()
            self._process.wait(10)
            self._process = None

    def _wait_until_ready(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"the sync server exited with {self._process.returncode}")
            try:
                with urllib.request.urlopen(self.endpoint + "health", timeout=1) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the sync server did not start within 20 s")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def sync_server(folder: Path) -> Iterator[SyncServer]:
    """A running sync server with the account USER/PASSWORD; stopped afterwards."""
    server = SyncServer(folder)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def phone_sync(phone: Collection, auth: SyncAuth) -> None:
    """What a phone does: sync, taking a full download or upload when Anki asks."""
    output = phone.sync_collection(auth, False)
    if output.required > output.NORMAL_SYNC:
        phone.close_for_full_sync()
        phone.full_upload_or_download(
            auth=auth, server_usn=None, upload=output.required == output.FULL_UPLOAD
        )
        phone.reopen(after_full_sync=True)


def new_phone(folder: Path, auth: SyncAuth | None = None) -> Collection:
    """A phone's collection in `folder/phone`, synced with the account if `auth` is given."""
    from anki.collection import Collection

    (folder / "phone").mkdir()
    phone = Collection(str(folder / "phone" / "collection.anki2"))
    if auth is not None:
        phone_sync(phone, auth)
    return phone
