"""Reports added through the web app: uploaded files or posted articles are saved to a
temporary folder and ingested into the store (``store.ingest_into``) by one worker thread,
one job after another: the store has one writer, and readers keep reading while it writes
(WAL). Each job's progress and outcome are kept in memory for its status page.

Annotation runs in worker processes (``ingest_into`` with two or more jobs; a batch of
up to 16 articles is annotated in the server's process), which load the models for each job
(a few seconds). Uploads are limited in size before anything is read (``Content-Length``)
and while it is read (a body that runs past its announced length is cut and refused).
"""

from __future__ import annotations

import logging
import queue
import shutil
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Failure
from ..store import Store, ingest_into

log = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 20 * 1024 * 1024  # one request's body
MAX_FILES = 200
NICENESS = 10  # the annotation workers yield the cores to the pages
KEEP_JOBS = 100  # finished jobs remembered for their status pages


@dataclass(slots=True)
class Job:
    """One ingest asked for through the web app."""

    id: str
    inputs: list[str]  # the names given (files uploaded, or "posted article N")
    state: str = "queued"  # queued, running, done, failed
    stage: str = ""
    done: int = 0
    total: int = 0
    added: int = 0
    skipped: int = 0
    stories_started: int = 0
    joined: int = 0
    copies: int = 0
    failures: list[str] = field(default_factory=list)
    error: str | None = None
    started: float = 0.0
    seconds: float = 0.0

    def plain(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__slots__}


class Uploads:
    """The queue of ingest jobs over the store at ``path`` and their one worker."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.jobs: dict[str, Job] = {}
        self._queue: queue.Queue[tuple[Job, Path]] = queue.Queue()
        self._worker: threading.Thread | None = None
        self._lock = threading.Lock()

    def submit(self, folder: Path, inputs: list[str]) -> Job:
        """Ingest what ``folder`` holds (this object deletes it afterwards)."""
        job = Job(uuid.uuid4().hex[:12], inputs)
        with self._lock:
            self.jobs[job.id] = job
            finished = [j for j in self.jobs.values() if j.state in ("done", "failed")]
            for old in finished[:-KEEP_JOBS]:
                del self.jobs[old.id]
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(target=self._work, name="storyweave-ingest",
                                                daemon=True)
                self._worker.start()
        self._queue.put((job, folder))
        return job

    def _work(self) -> None:
        while True:
            job, folder = self._queue.get()
            try:
                self._run(job, folder)
            finally:
                shutil.rmtree(folder, ignore_errors=True)
                self._queue.task_done()

    def _run(self, job: Job, folder: Path) -> None:
        job.state, job.started = "running", time.time()

        def progress(stage: str, done: int, total: int) -> None:
            job.stage, job.done, job.total = stage, done, total

        def failed(f: Failure) -> None:
            job.failures.append(f"{Path(f.source).name}: {f.reason}")

        try:
            prefix = str(folder) + "/"

            def name(source: str) -> str:  # as uploaded, not where it waited
                return f"upload/{job.id}/" + source.removeprefix(prefix)

            from ..nlp.models import cores

            # annotation in worker processes (at least one): the server's own process only
            # reads and writes, so its pages keep answering while the models run
            with Store(self.path) as store:
                out = ingest_into(store, [folder], jobs=max(2, cores()), progress=progress,
                                  on_failure=failed, name_source=name, niceness=NICENESS)
        except Exception as e:  # the job fails, the server goes on
            log.exception("ingest job %s failed", job.id)
            job.state, job.error = "failed", f"{type(e).__name__}: {e}"
        else:
            job.state = "done"
            job.added, job.skipped = out.added + out.reannotated, out.skipped
            job.stories_started, job.joined = out.stories_started, out.joined
            job.copies = out.near_copies
        job.seconds = round(time.time() - job.started, 1)


def new_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="storyweave-upload-"))


def safe_name(name: str, n: int) -> str:
    """A file name that stays inside the upload folder, keeping its extension (the readers
    use it to break ties between formats)."""
    base = Path(name.replace("\\", "/")).name.strip(". ") or f"upload-{n}"
    keep = "".join(c if c.isalnum() or c in "-_." else "_" for c in base)[:120]
    return f"{n:04d}-{keep}"
