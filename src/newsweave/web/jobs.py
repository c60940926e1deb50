"""Ingest from the web: uploaded files and pasted URLs go through :meth:`Corpus.ingest` in a background thread,
with progress a page can poll.

Uploads are kept beside the database (``<db>.uploads/<when>-<n>/<name>``), so the source an article names
stays a real file, and each is cut off one byte past the ingest size limit while it is written: the reader
then refuses it with the same one-line reason as ``newsweave ingest`` would, and no upload fills the disk.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from .. import open as open_corpus
from ..errors import InputError
from ..settings import MAX_DOCUMENT_BYTES, Options

# Bytes read from an upload at a time.
CHUNK = 1 << 16
# Files in one upload, at most.
MAX_FILES = 200
# A name an upload is stored under: its own name's last part, letters, digits and ._- only.
_UNSAFE = re.compile(r"[^\w.\-]+")


@dataclass
class Job:
    """One ingest run started from the web, and how far it has got."""

    id: int
    inputs: list[str]
    state: str = "queued"            # queued, running, done, failed
    started: str | None = None
    finished: str | None = None
    files_done: int = 0
    added: list[int] = field(default_factory=list)
    existing: list[int] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "state": self.state, "inputs": len(self.inputs), "files_done": self.files_done,
                "started": self.started, "finished": self.finished, "added": self.added,
                "existing": self.existing, "failed": self.failed, "skipped": self.skipped, "error": self.error}


def safe_name(name: str, n: int) -> str:
    """The name an uploaded file is stored under (never a path; its extension kept, since readers go by it)."""
    base = _UNSAFE.sub("_", Path(name.replace("\\", "/")).name).strip("._") or f"upload-{n}"
    return base[:120]


def save_upload(stream: BinaryIO, target: Path, limit: int) -> int:
    """Copy an upload to ``target``, at most ``limit + 1`` bytes (one more than ingest accepts, so the reader
    reports it as too large). Returns the bytes written."""
    written = 0
    with target.open("wb") as out:
        while written <= limit:
            chunk = stream.read(min(CHUNK, limit + 1 - written))
            if not chunk:
                break
            out.write(chunk)
            written += len(chunk)
    return written


class Jobs:
    """The ingest jobs of one app, run one at a time (one writer) in a background thread each; after a job that
    added articles, the same thread analyses ahead the large stories and storylines it changed."""

    def __init__(self, db: str, max_bytes: int = MAX_DOCUMENT_BYTES):
        self.db = db
        self.max_bytes = max_bytes
        self.uploads = Path(f"{db}.uploads")
        self._jobs: dict[int, Job] = {}
        self._ids = itertools.count(1)
        self._one_writer = threading.Lock()

    def folder(self) -> Path:
        """A new folder for one upload's files."""
        stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
        for n in itertools.count(1):
            folder = self.uploads / f"{stamp}-{n}"
            try:
                folder.mkdir(parents=True)
                return folder
            except FileExistsError:
                continue
        raise AssertionError("unreachable")

    def start(self, inputs: list[str], outlet: str | None = None) -> Job:
        job = Job(next(self._ids), inputs)
        self._jobs[job.id] = job
        threading.Thread(target=self._run, args=(job, outlet), name=f"ingest-{job.id}", daemon=True).start()
        return job

    def get(self, job_id: int) -> Job | None:
        return self._jobs.get(job_id)

    def recent(self, n: int = 10) -> list[Job]:
        return sorted(self._jobs.values(), key=lambda j: -j.id)[:n]

    def _run(self, job: Job, outlet: str | None) -> None:
        def progress(what: str, item) -> None:
            if what == "input":
                job.files_done += 1
            elif isinstance(item, InputError):
                (job.skipped if what == "skipped" else job.failed).append(
                    {"source": item.source, "code": item.code, "reason": item.reason})

        with self._one_writer:
            job.state, job.started = "running", _now()
            try:
                with open_corpus(self.db) as corpus:
                    report = corpus.ingest(job.inputs, outlet=outlet or None, progress=progress,
                                           options=Options(max_bytes=self.max_bytes))
                job.added, job.existing = report.added, report.existing
                job.state = "done"
            except Exception as e:  # the store itself failed (locked, disk full): say so on the page
                job.state, job.error = "failed", f"{type(e).__name__}: {e}"
            job.files_done = max(job.files_done, len(job.inputs))
            job.finished = _now()
        if job.state == "done" and job.added:
            _analyse(self.db)


def _analyse(db: str) -> None:
    """Analyse ahead the large stories and storylines an upload changed (:meth:`Corpus.analyse`), after its job
    is done. A failure is logged, never raised: the pages compute what they show when opened."""
    try:
        with open_corpus(db) as corpus:
            corpus.analyse()
    except Exception:
        logging.getLogger(__name__).exception("analysing the stories an upload changed failed")


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")
