"""Running ``carbonnodes serve`` in a subprocess on a free loopback port, for the tests."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

START_TIMEOUT = 90.0


@dataclass(frozen=True)
class Server:
    url: str
    db: Path
    process: subprocess.Popen[bytes]

    def get(self, path: str, **params: object) -> httpx.Response:
        return httpx.get(self.url + path, params=params, timeout=60.0)  # type: ignore[arg-type]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(db: Path, log: Path) -> Server:
    """``carbonnodes serve`` on a free loopback port, once it answers."""
    port = _free_port()
    command = [str(Path(sys.executable).with_name("carbonnodes")), "serve", "--db", str(db),
               "--host", "127.0.0.1", "--port", str(port)]
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    server = Server(f"http://127.0.0.1:{port}", db, process)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {log.read_text(encoding='utf-8')}")
        try:
            if server.get("/api/regions").status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("server did not answer in time")
