"""A throwaway PostgreSQL server on 127.0.0.1 for the tests and benchmarks that need a real one.

Debian's PostgreSQL binaries (the newest ``/usr/lib/postgresql/N/bin``, PostgreSQL 15 on Debian 12) are run
from a fresh data folder; ``initdb`` refuses to run as root, so as root every server command runs as the
``postgres`` user through ``runuser``.
The server listens on loopback only (``listen_addresses=127.0.0.1``, its socket in the data folder) and trusts
local connections; durability is traded for speed (``fsync=off``), as befits data that lives one test run.
Each store gets a schema of its own (:meth:`LocalPostgres.new_url`), so stores are isolated without the cost
of creating a database for each.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

def _newest_bin() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else Path("/usr/lib/postgresql/15/bin")


BIN = Path(os.environ.get("NEWSWEAVE_PG_BIN") or _newest_bin())
USER = "newsweave"


def unavailable() -> str | None:
    """Why no server can be started here, or None when one can."""
    if not (BIN / "initdb").exists():
        return f"PostgreSQL is not installed ({BIN}/initdb is missing; make test installs Debian's postgresql)"
    if os.geteuid() == 0 and not shutil.which("runuser"):
        return "running as root without runuser: initdb refuses root"
    if importlib.util.find_spec("psycopg") is None:
        return "psycopg is not installed (pip install -r requirements.lock)"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LocalPostgres:
    """One server in a folder of its own: :meth:`start`, :meth:`new_url` per store, :meth:`restart`, :meth:`stop`."""

    def __init__(self, root: Path | None = None):
        self.root = Path(root or tempfile.mkdtemp(prefix="newsweave-pg-"))
        self.data = self.root / "data"
        self.port = _free_port()
        self.log = self.root / "server.log"

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(BIN / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    def start(self) -> "LocalPostgres":
        if not self.data.exists():
            self.root.mkdir(parents=True, exist_ok=True)
            if os.geteuid() == 0:
                shutil.chown(self.root, "postgres", "postgres")
            self._run("initdb", "-D", str(self.data), "-U", USER, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", "start", "-o",
                  f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data} -c fsync=off "
                  "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100")
        return self

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop", check=False)

    def restart(self) -> None:
        """Stop the server (dropping every connection) and start it again on the same port."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        self.start()

    def cleanup(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/postgres"

    def new_url(self, name: str | None = None) -> str:
        """The URL of a new, empty schema: a store of its own."""
        import psycopg

        schema = name or f"t_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"')
        return f"{self.url}?options=-csearch_path%3D{schema}"
