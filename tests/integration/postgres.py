"""PostgreSQL clusters of a test's own, so the shared server is never stopped or changed:
initdb and pg_ctl on a free port in a temporary folder, as the postgres user when the tests run
as root (initdb refuses root). A streaming replica is a ``pg_basebackup -R`` of a primary."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.integration.conftest import free_port

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))

from cluster import postgres_bin  # scripts/cluster.py: the newest PostgreSQL installed

__all__ = ["FAST", "PrivateCluster", "postgres_bin"]

FAST = "-c fsync=off -c full_page_writes=off -c synchronous_commit=off"


class PrivateCluster:
    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="portal-pg-"))
        self.data = self.root / "data"
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.root, user="postgres", group="postgres")

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "--no-sync")

    def replicate(self, primary: PrivateCluster) -> None:
        """Make this cluster a streaming replica of ``primary`` (standby.signal and
        primary_conninfo written by ``-R``)."""
        self._run(
            "pg_basebackup",
            "-h", "127.0.0.1",
            "-p", str(primary.port),
            "-U", "postgres",
            "-D", str(self.data),
            "-R",
            "-X", "stream",
            "--no-sync",
            "-c", "fast",
        )  # fmt: skip

    def start(self) -> None:
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 {FAST}"
        log = str(self.root / "server.log")
        self._run("pg_ctl", "-D", str(self.data), "-l", log, "-o", options, "-w", "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop")

    def url(self, database: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def remove(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
            self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)
