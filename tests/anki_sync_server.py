"""A real Anki sync server for tests: `python -m anki.syncserver` from the `anki`
package, on 127.0.0.1 only, its data in a temporary folder, one account."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

USER, PASSWORD = "trainee", "pass:word with spaces"


@dataclass(frozen=True)
class SyncServer:
    endpoint: str
    user: str = USER
    password: str = PASSWORD


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def sync_server(folder: Path) -> Iterator[SyncServer]:
    """A running sync server with the account USER/PASSWORD; stopped afterwards."""
    port = _free_port()
    environment = {
        **os.environ,
        "SYNC_USER1": f"{USER}:{PASSWORD}",
        "SYNC_BASE": str(folder / "server"),
        "SYNC_HOST": "127.0.0.1",  # the server listens on every address by default
        "SYNC_PORT": str(port),
        "NO_PROXY": "127.0.0.1,localhost",
    }
    endpoint = f"http://127.0.0.1:{port}/"
    with (folder / "server.log").open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "anki.syncserver"],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=folder,  # not inside the anki package, whose types.py would shadow the stdlib's
        )
        try:
            _wait_until_ready(server, endpoint)
            yield SyncServer(endpoint)
        finally:
            server.terminate()
            server.wait(10)


def _wait_until_ready(server: subprocess.Popen[bytes], endpoint: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the sync server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(endpoint + "health", timeout=1) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the sync server did not start within 20 s")
