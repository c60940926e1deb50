"""The Ray engine (engine.RayPool): a real Ray cluster on 127.0.0.1, started by the tests; the same store as one
process gives, nothing listening beyond loopback, and a worker killed mid-batch restarted with its batch redone."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import newsweave
from newsweave.settings import Options

from .conftest import TODAY
from .helpers import article_text

# Ray reads this when imported: the cluster and this process stay on loopback (engine.RayPool sets it too)
os.environ.setdefault("RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER", "0")
os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
# The test cluster and its drivers agree on no token authentication (Ray 2.60's `ray start` turns it on when a
# token file exists in ~/.ray while ray.init() defaults to off); it listens on loopback only, checked below
os.environ.setdefault("RAY_AUTH_MODE", "disabled")
ray = pytest.importorskip("ray", reason="Ray is not installed (it is in requirements.lock: run make install)")
RAY_ENV = dict(os.environ)


def _records(n: int) -> list[dict]:
    return [{"id": f"r{i}", "outlet": ["Coast News", "Valley Gazette"][i % 2], "published": f"2025-03-0{1 + i % 5}",
             "text": article_text(i, f"Pier {i} in harbour {i % 7} opens to ferries")} for i in range(n)]


def _store(db: Path) -> tuple:
    with newsweave.open(db) as c:
        return ([(a.id, a.outlet, a.title, a.published) for a in c.articles()],
                [(q.article, q.content.text, q.speaker) for q in c.quotes()],
                [(s.id, [a.id for a in s.articles]) for s in c.stories()])


def _listeners() -> set[str]:
    """Local addresses with a listening TCP socket (ss -ltn)."""
    out = subprocess.run(["ss", "-ltnH"], capture_output=True, text=True, check=True).stdout
    return {line.split()[3] for line in out.splitlines() if line.strip()}


def _loopback(address: str) -> bool:
    host = address.rsplit(":", 1)[0].strip("[]").removeprefix("::ffff:")  # IPv4-mapped: [::ffff:127.0.0.1]
    return host.startswith("127.") or host == "::1"


def _watch_listeners(proc: subprocess.Popen, before: set[str]) -> set[str]:
    """Every new listening address seen while ``proc`` runs."""
    seen: set[str] = set()
    while proc.poll() is None:
        seen |= _listeners() - before
        time.sleep(0.2)
    return seen


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def ray_cluster():
    """A Ray head node on 127.0.0.1 with two CPUs, started here and stopped after the module's tests."""
    if shutil.which("ss") is None:
        pytest.skip("ss (iproute2) is needed to check what Ray listens on")
    ray_cli = Path(sys.executable).with_name("ray")
    port = _free_port()
    before = _listeners()
    subprocess.run([str(ray_cli), "start", "--head", "--node-ip-address=127.0.0.1", f"--port={port}",
                    "--num-cpus=2", "--include-dashboard=false", "--disable-usage-stats"],
                   env=RAY_ENV, check=True, capture_output=True, timeout=180)
    try:
        yield f"127.0.0.1:{port}", _listeners() - before
    finally:
        subprocess.run([str(ray_cli), "stop", "--force"], env=RAY_ENV, capture_output=True, timeout=120)


@pytest.mark.slow
def test_ray_cluster_listens_on_loopback_only_and_gives_the_same_store(ray_cluster, tmp_path):
    address, listening = ray_cluster
    assert listening and all(_loopback(a) for a in listening), f"Ray listens beyond loopback: {listening}"
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in _records(24)) + "\n")
    with newsweave.open(tmp_path / "local.db") as c:
        c.ingest([str(src)], options=Options(batch_size=5), today=TODAY, workers=1)
    with newsweave.open(tmp_path / "ray.db") as c:
        report = c.ingest([str(src)], options=Options(batch_size=5), today=TODAY, workers=2, engine="ray",
                          address=address)
        assert len(report.added) == 24 and not report.failed
        again = c.ingest([str(src)], options=Options(batch_size=5), today=TODAY, workers=2, engine="ray",
                         address=address)
        assert again.added == [] and len(again.existing) == 24
    assert _store(tmp_path / "ray.db") == _store(tmp_path / "local.db")
    assert ray.is_initialized() is False  # the run left the cluster; the cluster itself runs on
    status = subprocess.run([str(Path(sys.executable).with_name("ray")), "status", f"--address={address}"],
                            env=RAY_ENV, capture_output=True, text=True, timeout=60)
    assert status.returncode == 0


@pytest.mark.slow
def test_ray_worker_killed_mid_batch_is_restarted_and_its_batch_redone(ray_cluster, tmp_path):
    address, _ = ray_cluster
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in _records(60)) + "\n")
    killed: list[int] = []

    def kill_a_worker():  # the first actor seen preparing a batch is SIGKILLed
        deadline = time.time() + 120
        while not killed and time.time() < deadline:
            for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
                try:
                    if b"RayWorker.prepare" in cmdline.read_bytes():
                        pid = int(cmdline.parent.name)
                        os.kill(pid, signal.SIGKILL)
                        killed.append(pid)
                        break
                except (OSError, ValueError):
                    continue
            time.sleep(0.05)

    killer = threading.Thread(target=kill_a_worker, daemon=True)
    killer.start()
    with newsweave.open(tmp_path / "k.db") as c:
        report = c.ingest([str(src)], options=Options(batch_size=5), workers=2, engine="ray", address=address)
    killer.join(timeout=5)
    assert killed, "no Ray worker was seen at work"
    assert len(report.added) == 60 and not report.failed
    with newsweave.open(tmp_path / "k.db") as c:
        assert len(c) == 60 and len({a.content_hash for a in c.articles()}) == 60
        assert sum(len(s.articles) for s in c.stories()) == 60  # every article in exactly one story


@pytest.mark.slow
def test_cli_ray_engine_starts_its_own_cluster_on_loopback(tmp_path):
    if shutil.which("ss") is None:
        pytest.skip("ss (iproute2) is needed to check what Ray listens on")
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(json.dumps(r) for r in _records(12)) + "\n")
    before = _listeners()
    proc = subprocess.Popen([sys.executable, "-m", "newsweave.cli", "ingest", str(src), "--db", str(tmp_path / "r.db"),
                             "--engine", "ray", "--workers", "2", "--batch-size", "4", "--quiet"],
                            env={k: v for k, v in RAY_ENV.items() if k != "RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    seen = _watch_listeners(proc, before)
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert seen and all(_loopback(a) for a in seen), f"listening beyond loopback: {seen}"
    with newsweave.open(tmp_path / "r.db") as c:
        assert len(c) == 12
