"""Command line: a thin layer over the Python API (``storyweave.ingest``, ``storyweave.weave``).

The library never prints; this module draws the progress bars (from the library's
``progress`` callbacks) and prints errors and summaries on stderr.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click
from tqdm import tqdm

from .api import ingest
from .clioutput import output_option, output_target, why_unwritable, write_output
from .clistore import opened_store as _opened_store
from .clistore import serve, stories
from .codec import to_plain
from .ingestion import DEFAULT_MAX_BYTES
from .ingestion.batch import Record
from .ingestion.budget import DEFAULT_TIME_LIMIT
from .model import Article, Dossier, Failure
from .render import article_report
from .render.terminal import shown
from .store.intake import BATCH
from .wording import plural

if TYPE_CHECKING:
    pass

PROGRESS_MIN_ITEMS = 4  # a bar for two files is noise

_UNITS = {"reading": "file", "sentences": "article", "parse": "para", "embedding": "sent",
          "pair features": "unit", "annotating": "article"}


class Bars:
    """The library's ``progress(stage, done, total)`` calls as tqdm bars on stderr, one per
    stage; a stage with fewer than ``PROGRESS_MIN_ITEMS`` items gets none."""

    def __init__(self, *, leave: bool = True) -> None:
        self.bars: dict[str, tqdm] = {}
        self.leave = leave

    def __call__(self, stage: str, done: int, total: int) -> None:
        bar = self.bars.get(stage)
        if bar is None:
            bar = self.bars[stage] = tqdm(
                total=total, desc=stage, unit=_UNITS.get(stage, "it"), file=sys.stderr,
                leave=self.leave, disable=True if total < PROGRESS_MIN_ITEMS else None)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


def _ingest(paths: tuple[str, ...], max_bytes: int, time_limit: float, *,
            done: Iterable[Record] = (),
            checkpoint: TextIO | None = None) -> tuple[list[Article], list[Failure]]:
    """``ingest`` with a progress bar, errors printed as they happen and, with
    ``checkpoint``, every record appended to it at once (see ``_save``)."""
    bars = Bars()
    try:
        return ingest(paths, max_bytes=max_bytes, time_limit=time_limit or None, done=done,
                      progress=bars,
                      on_record=(lambda r: _save(checkpoint, r)) if checkpoint else None,
                      on_failure=lambda f: tqdm.write(_red(f"error: {shown(str(f))}"),
                                                      file=sys.stderr))
    finally:
        bars.close()


def _red(text: str) -> str:
    """Colour only for a terminal: a redirected log must not fill with escape codes."""
    return click.style(text, fg="red") if sys.stderr.isatty() else text


def _summary(articles: list[Article], failures: list[Failure]) -> None:
    cut = sum(len(a.removed) for a in articles)
    msg = (f"{plural(len(articles), 'article')} cleaned ({plural(cut, 'line')} cut, see "
           "`storyweave inspect`), "
           f"{len(failures)} failed")
    click.echo(click.style(msg, fg="red" if failures else "green"), err=True)


# --- the checkpoint: OUTPUT.partial ---------------------------------------------------------
# Its first line says what it is and how it was made; every other line is one Record (an
# input's real path, the result's place in that input, whether it was the input's last, and
# the article as cleaned before the template pass, or the failure). Lines are only ever
# appended and flushed one by one, so a kill at any moment leaves whole lines plus at most one
# cut short, which resuming drops (its record is read again).

_CHECKPOINT = "storyweave extract checkpoint"
_CHECKPOINT_VERSION = 1


def _checkpoint_path(output: Path | None, resume: bool) -> Path | None:
    """Where ``extract -o OUTPUT`` keeps its checkpoint: beside a regular output file only (a
    FIFO or a device cannot be resumed into). Refuses, before any work, ``--resume`` without
    such an output and a checkpoint left by a killed run when ``--resume`` is missing."""
    if output is None or (output.exists() and not output.is_file()):
        if resume:
            raise click.UsageError("--resume needs -o FILE: the run's checkpoint is kept as "
                                   "FILE.partial beside a regular output file")
        return None
    partial = output.with_name(output.name + ".partial")
    if partial.exists() and not resume:  # only asked under the lock: no live run is behind it
        raise click.UsageError(f"{shown(str(partial))} exists: a killed run's checkpoint. Pass "
                               f"--resume to continue that run, or delete it to start over.")
    return partial


@contextlib.contextmanager
def _locked(output: Path | None) -> Iterator[None]:
    """Hold ``OUTPUT.lock`` for the run, so that a second ``extract -o OUTPUT`` while one is
    live is refused instead of appending to the same checkpoint (or taking it for a killed
    run's). ``flock`` is safe when a run dies: the lock belongs to the open file, which the
    kernel closes however the process ends (SIGKILL too), so no stale lock is ever left, only
    at most a lock file that the next run locks and reuses. The file is removed at the end
    while still locked; a run that locked a file removed meanwhile (its inode no longer at the
    path) starts over on the new one, so two runs never hold two different lock files."""
    if output is None or (output.exists() and not output.is_file()):
        yield  # no checkpoint, nothing to share
        return
    lock = output.with_name(output.name + ".lock")
    while True:
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as e:
            raise click.ClickException(f"cannot write {shown(str(lock))}: "
                                       f"{e.strerror or e}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            os.close(fd)
            raise click.UsageError(
                f"another storyweave extract (pid {holder or '?'}) is writing "
                f"{shown(str(output))} right now: wait for it to end, or use another -o"
            ) from None
        try:
            same = os.stat(lock).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        lock.unlink(missing_ok=True)
        os.close(fd)


def _resume_from(partial: Path, max_bytes: int) -> list[Record]:
    """The records a killed run saved in ``partial``. The line a kill cut short (no newline
    yet) is cut off the file, so that appending starts on a fresh line."""
    data = partial.read_bytes()
    whole = data[:data.rfind(b"\n") + 1]
    lines = whole.splitlines()
    if lines:  # none: killed before even the first line was whole
        _check_header(lines[0], partial, max_bytes)
    if len(whole) < len(data):
        os.truncate(partial, len(whole))
    records = []
    for line in lines[1:]:
        try:
            records.append(Record.from_plain(json.loads(line)))
        except (ValueError, KeyError, TypeError, AttributeError):
            continue  # damaged: its record is read again
    return records


def _check_header(line: bytes, partial: Path, max_bytes: int) -> None:
    """Refuse a checkpoint this version did not write, or one made with another --max-bytes
    (which changes what fails, so the resumed run would match no uninterrupted one)."""
    try:
        header = json.loads(line)
        ours = header.get("checkpoint") == _CHECKPOINT and (
            header.get("version") == _CHECKPOINT_VERSION)
    except (ValueError, AttributeError):
        ours = False
    if not ours:
        raise click.UsageError(f"{partial} is not a checkpoint this version of storyweave can "
                               f"resume; delete it to start over.")
    if header.get("max_bytes") != max_bytes:
        raise click.UsageError(f"{partial} was made with --max-bytes {header.get('max_bytes')}"
                               f": resume with the same value, or delete it to start over.")


def _open_checkpoint(partial: Path, max_bytes: int) -> TextIO:
    """``partial`` open for appending, its header written first if it is new (or was empty)."""
    # backslashreplace: a name that is not UTF-8 is saved as JSON's \\udcXX escape (_utf8)
    sink = partial.open("a", encoding="utf-8", errors="backslashreplace")
    if sink.tell() == 0:
        header = {"checkpoint": _CHECKPOINT, "version": _CHECKPOINT_VERSION,
                  "max_bytes": max_bytes}
        sink.write(json.dumps(header) + "\n")
        sink.flush()
    return sink


def _save(sink: TextIO, record: Record) -> None:
    # flushed at once: a kill loses nothing already handed to the kernel
    try:
        sink.write(json.dumps(record.to_plain(), ensure_ascii=False) + "\n")
        sink.flush()
    except OSError as e:  # a full disk, a file size limit: the run cannot go on saving
        raise _CheckpointFailed(e) from None


class _CheckpointFailed(Exception):
    """A checkpoint write failed; ``extract`` says so in one line (see ``_extract_into``)."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or str(error))


max_bytes_option = click.option(
    "--max-bytes", type=int, default=DEFAULT_MAX_BYTES, show_default=True,
    help="Refuse inputs larger than this (per file, or per JSONL line).")
time_limit_option = click.option(
    "--time-limit", type=click.FloatRange(0), default=DEFAULT_TIME_LIMIT, show_default=True,
    metavar="SECONDS",
    help="Most seconds one input may take to read and clean; past it, the input is one error "
         "line and the rest goes on (0: no limit).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="storyweave")
def main() -> None:
    """storyweave: many outlets' reports of one event in, a cited story dossier out."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@output_option("Write JSON lines here (default, or -: stdout).")
@click.option("--resume", is_flag=True,
              help="Continue a killed run from its checkpoint, OUTPUT.partial.")
@max_bytes_option
@time_limit_option
def extract(paths: tuple[str, ...], output: Path | None, resume: bool, max_bytes: int,
            time_limit: float) -> None:
    """Clean every article under PATHS (files, directories, - for stdin) into JSON lines.

    Reads .txt, .html/.htm, .html.gz and .jsonl (one article per line, with `text` or `html`
    and optional url/title/outlet/author/published). Exit status 1 if any input failed.
    With -o FILE, every article is saved in FILE.partial as soon as it is clean; after a
    kill, the same command with --resume goes on from there.
    """
    with _locked(output):
        partial = _checkpoint_path(output, resume)
        articles, failures = _extract_into(partial, paths, max_bytes, time_limit, resume)
        if not articles and partial is not None:
            # an output that every input failed for would be empty: keep what is there (a
            # good earlier run's articles, say), as dossier does; the checkpoint has nothing
            # worth resuming either. (A FIFO or a device still gets its empty write: a reader
            # waiting on it must see the end.)
            partial.unlink(missing_ok=True)
            _summary(articles, failures)
            raise click.ClickException(f"no article could be read; {shown(str(output))} was "
                                       "not written")
        write_output(output, "".join(json.dumps(to_plain(a), ensure_ascii=False) + "\n"
                                      for a in articles))
        if partial:
            partial.unlink(missing_ok=True)
    _summary(articles, failures)
    sys.exit(1 if failures or not articles else 0)


def _extract_into(partial: Path | None, paths: tuple[str, ...], max_bytes: int, time_limit: float,
                  resume: bool) -> tuple[list[Article], list[Failure]]:
    """``_ingest`` checkpointed into ``partial`` (if any), resuming from it if asked."""
    if partial is None:
        return _ingest(paths, max_bytes, time_limit)
    done: list[Record] = []
    if resume and partial.exists():
        done = _resume_from(partial, max_bytes)
        failed = sum(isinstance(r.result, Failure) for r in done)
        click.echo(f"resuming: {len(done) - failed} articles and {failed} failures already "
                   f"in {shown(str(partial))}", err=True)
    elif resume:
        click.echo(f"nothing to resume ({shown(str(partial))} does not exist): starting afresh",
                   err=True)
    try:
        sink = _open_checkpoint(partial, max_bytes)
    except OSError as e:  # its header could not be saved
        raise _cannot_checkpoint(partial, e.strerror or str(e)) from None
    try:
        return _ingest(paths, max_bytes, time_limit, done=done, checkpoint=sink)
    except KeyboardInterrupt:
        click.echo(f"\ninterrupted: {shown(str(partial))} keeps what was done; the same "
                   f"command with --resume goes on from there", err=True)
        raise
    except _CheckpointFailed as e:
        raise _cannot_checkpoint(partial, str(e)) from None
    finally:
        with contextlib.suppress(OSError):  # a failed write's bytes cannot be flushed either
            sink.close()


def _cannot_checkpoint(partial: Path, reason: str) -> click.ClickException:
    """One line for a checkpoint that cannot be written (exit status 1, as for the output at
    the end): the whole lines already in it are kept, so --resume goes on from them."""
    return click.ClickException(
        f"cannot write {shown(str(partial))}: {reason}. The output was left as it was; once "
        "there is room, the same command with --resume goes on from what was saved")


@main.command()
@click.argument("path")
@click.option("--json", "as_json", is_flag=True, help="Print the article record as JSON.")
@click.option("--text/--no-text", default=True, show_default=True, help="Show the clean text.")
@max_bytes_option
@time_limit_option
def inspect(path: str, as_json: bool, text: bool, max_bytes: int, time_limit: float) -> None:
    """Show what the cleaner made of one input: metadata and where each value came from,
    every removed line with its reason, and the clean text."""
    # exactly what extract does
    articles, failures = ingest([path], max_bytes=max_bytes, time_limit=time_limit or None)
    results: list[Article | Failure] = [*failures, *articles]
    failed = False
    for r in results:
        if isinstance(r, Failure):
            click.echo(click.style(f"error: {shown(str(r))}", fg="red"), err=True)
            failed = True
        elif as_json:  # one article: indented; several (JSONL): one per line, as `extract`
            write_output(None, json.dumps(to_plain(r), ensure_ascii=False,
                                           indent=2 if len(articles) == 1 else None) + "\n")
        else:
            click.echo(article_report(r, with_text=text, style=click.style))
    sys.exit(1 if failed or not results else 0)


FORMATS = ("md", "json", "html")


def _formats(ctx: click.Context, param: click.Parameter, value: str) -> list[str]:
    """``-f md`` or several at once, ``-f md,json,html``: one weave, several files."""
    chosen = list(dict.fromkeys(v.strip() for v in value.split(",") if v.strip()))
    wrong = [v for v in chosen if v not in FORMATS]
    if wrong or not chosen:
        raise click.BadParameter(f"{shown(value)}: choose from {', '.join(FORMATS)} (several: "
                                 "md,json,html)", ctx=ctx, param=param)
    return chosen


@main.command()
@click.argument("paths", nargs=-1)
@click.option("-f", "--format", "fmts", default="md", show_default=True, callback=_formats,
              help="md, json or html (one self-contained page, no network), or several "
                   "separated by commas: then -o is a folder that gets dossier.md, "
                   "dossier.json, dossier.html from one weave.")
@click.option("-o", "--output", type=click.Path(allow_dash=True, path_type=Path),
              help="Write the dossier here (default, or -: stdout); a folder for several "
                   "formats.")
@click.option("--db", type=click.Path(dir_okay=False, path_type=Path),
              help="A store (see `storyweave ingest`): articles it holds are not annotated "
                   "again, and those under PATHS it lacks are added to it.")
@click.option("--article", "article_ids", multiple=True, metavar="ID",
              help="Weave these stored articles (repeat the option; needs --db), with or "
                   "instead of PATHS.")
@click.option("--story", "story_id", metavar="ID",
              help="Weave this stored story (see `storyweave stories`; needs --db), from its "
                   "stored annotations; kept in the store until the story changes.")
@click.option("-n", "--sentences", type=click.IntRange(1), default=6, show_default=True,
              help="Summary length in sentences.")
@click.option("-w", "--words", type=click.IntRange(1), default=None,
              help="Summary length in words (stops at whichever limit comes first).")
@click.option("--explain", is_flag=True,
              help="Show, for each claim, why its passages were joined: each passage's scores "
                   "against the representative and the strongest signals. Markdown only: the "
                   "JSON always carries them (claims' `support`), so it is the same with or "
                   "without this flag.")
@max_bytes_option
@time_limit_option
def dossier(paths: tuple[str, ...], fmts: list[str], output: Path | None, db: Path | None,
            article_ids: tuple[str, ...], story_id: str | None, sentences: int,
            words: int | None, explain: bool, max_bytes: int, time_limit: float) -> None:
    """Write the dossier of one story from the reports under PATHS (or stored articles): a
    summary whose every sentence cites its sources, the facts aligned across outlets, and
    each outlet's exclusives. Inputs that fail are reported and left out; exit status 1 if
    any did."""
    from .api import weave
    from .weaving import NothingToWeave

    if story_id is not None:
        if db is None:
            raise click.UsageError("--story reads a store: give it with --db FILE")
        if paths or article_ids:
            raise click.UsageError("--story weaves a stored story: give no PATHS or --article")
        _story_dossier(db, story_id, _dossier_targets(output, fmts), sentences, words, explain)
        return
    if not paths and not article_ids:
        raise click.UsageError("give PATHS to read, or --db FILE with --article ID or --story ID")
    if article_ids and db is None:
        raise click.UsageError("--article reads a store: give it with --db FILE")
    targets = _dossier_targets(output, fmts)
    with _opened_store(db) as store:
        articles, failures = _ingest(paths, max_bytes, time_limit) if paths else ([], [])
        if paths:
            _summary(articles, failures)
        if store is not None and article_ids:
            try:
                articles += store.get(article_ids)
            except KeyError as e:
                raise click.ClickException(shown(str(e.args[0]))) from None
        if not articles:
            raise click.ClickException("no article could be read; nothing to weave")
        if store is not None and not store.readonly:
            # as ingest says it: a new pipeline version annotates stored articles again
            stale = sum(1 for s in store.status(a.id for a in articles).values()
                        if s == "stale")
            if stale:
                from .nlp.annotation import PIPELINE_VERSION

                click.echo(f"re-annotating {plural(stale, 'stored article')} that another "
                           f"pipeline version annotated (this is {PIPELINE_VERSION})", err=True)
        click.echo(f"weaving {plural(len(articles), 'article')}"
                   + (" (loading models on first use)..." if store is None else
                      f" (annotations kept in {shown(str(db))})..."), err=True)
        bars = Bars(leave=False)
        try:
            result = weave(articles, sentences=sentences, words=words, progress=bars,
                           store=store)
        except NothingToWeave as e:  # e.g. every article in a language the models cannot read
            raise click.ClickException(shown(str(e))) from None
        finally:
            bars.close()
    _write_dossier(result, targets, explain)
    sys.exit(1 if failures else 0)


def _write_dossier(result: Dossier, targets: list[tuple[str, Path | None]],
                   explain: bool) -> None:
    for w in result.warnings:  # the dossier says it at its top too; a pipeline reads stderr
        click.echo(_red(f"warning: {shown(w.message)}"), err=True)
    for fmt, target in targets:
        write_output(target, _rendered(result, fmt, explain))
        if target:
            click.echo(f"wrote {shown(str(target))}: "
                       f"{plural(len(result.summary), 'summary sentence')}, "
                       f"{plural(len(result.claims), 'claim')}", err=True)


def _story_dossier(db: Path, story_id: str, targets: list[tuple[str, Path | None]],
                   sentences: int, words: int | None, explain: bool) -> None:
    from .api import story_dossier
    from .weaving import NothingToWeave

    with _opened_store(db, create=False) as store:
        assert store is not None
        try:
            story = store.story(story_id)
        except KeyError as e:
            raise click.ClickException(shown(str(e.args[0])) + " (see `storyweave stories "
                                       f"--db {shown(str(db))}`)") from None
        if story.id != story_id:
            click.echo(f"note: story {story_id} was merged into {story.id}", err=True)
        click.echo(f"weaving story {story.id}: {plural(len(story.articles), 'article')} "
                   f"({story.copies} of them copies)...", err=True)
        bars = Bars(leave=False)
        try:
            result, cached = story_dossier(store, story.id, sentences=sentences, words=words,
                                           progress=bars)
        except NothingToWeave as e:
            raise click.ClickException(shown(str(e))) from None
        finally:
            bars.close()
        if cached:
            click.echo("(kept in the store since the story last changed)", err=True)
    _write_dossier(result, targets, explain)


def _rendered(result: Dossier, fmt: str, explain: bool) -> str:
    from .render import to_html, to_json, to_markdown

    if fmt == "html":
        return to_html(result)
    return to_json(result) + "\n" if fmt == "json" else to_markdown(result, explain=explain)


def _dossier_targets(output: Path | None, fmts: list[str]) -> list[tuple[str, Path | None]]:
    """Where each format goes: ``-o`` itself for one format (None: stdout), ``-o
    DIR/dossier.FORMAT`` for several. Checked before any work."""
    if len(fmts) == 1:
        return [(fmts[0], output_target(click.get_current_context(), _param("output"),
                                         output))]
    if output is None or str(output) == "-":
        raise click.UsageError("several formats need -o FOLDER (each goes to its own file)")
    folder = Path(os.path.realpath(output))
    if folder.exists() and not folder.is_dir():
        raise click.BadParameter(shown(f"{output}: not a folder (several formats go to "
                                       "FOLDER/dossier.md, .json, .html)"), param_hint="-o")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise click.ClickException(f"cannot make {shown(str(output))}: {e.strerror or e}"
                                   ) from None
    out: list[tuple[str, Path | None]] = []
    for fmt in fmts:
        target = folder / f"dossier.{fmt}"
        if problem := why_unwritable(target):
            raise click.BadParameter(shown(f"{target}: {problem}"), param_hint="-o")
        out.append((fmt, target))
    return out


def _param(name: str) -> click.Parameter:
    return next(p for p in click.get_current_context().command.params if p.name == name)


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The store (one SQLite file; made if missing).")
@click.option("-j", "--jobs", type=click.IntRange(1), default=None,
              help="Worker processes annotating (default: the cores this process may use).")
@click.option("--dask", "dask_address", is_flag=False, flag_value="local", default=None,
              metavar="[ADDRESS]",
              help="Read and annotate on a Dask cluster: the scheduler at ADDRESS "
                   "(tcp://host:8786; the inputs must be readable by its workers), or "
                   "a local one of --jobs workers when no address is given (needs "
                   "`pip install storyweave[dask]`).")
@click.option("--batch", type=click.IntRange(1), default=BATCH, show_default=True,
              help="Articles per task and per transaction: a killed ingest loses at most the "
                   "batches in flight, and the same command run again stores them.")
@max_bytes_option
@time_limit_option
def ingest_into_store(paths: tuple[str, ...], db: Path, jobs: int | None,
                      dask_address: str | None, batch: int, max_bytes: int,
                      time_limit: float) -> None:
    """Read, clean, annotate and store every article under PATHS, once: an article the store
    holds already is skipped, so a killed ingest run again picks up where it stopped. Each
    failure is one line (and kept in the store); exit status 1 if any input failed."""
    import importlib.util

    from .store import ingest_into

    if dask_address is not None and importlib.util.find_spec("distributed") is None:
        raise click.ClickException("--dask needs Dask: pip install 'storyweave[dask]'")

    def failed(f: Failure) -> None:
        tqdm.write(_red(f"error: {shown(str(f))}"), file=sys.stderr)

    def note(text: str) -> None:
        tqdm.write(f"note: {shown(text)}", file=sys.stderr)

    with _opened_store(db) as store:
        assert store is not None
        t0 = time.perf_counter()
        bars = Bars()
        try:
            done = ingest_into(store, paths, jobs=jobs, batch=batch, max_bytes=max_bytes,
                               time_limit=time_limit or None, progress=bars, on_failure=failed,
                               on_note=note, dask=dask_address)
        finally:
            bars.close()
        seconds = time.perf_counter() - t0
        held = len(store)
    annotated = done.added + done.reannotated
    rate = f" ({annotated / seconds:.2f} articles/s)" if annotated and seconds else ""
    msg = (f"{plural(done.added, 'article')} added, {done.reannotated} re-annotated, "
           f"{done.skipped} already stored, {len(done.failures)} failed in {seconds:.1f} s"
           f"{rate}; {shown(str(db))} holds {plural(held, 'article')}")
    if done.stories_started or done.joined:
        msg += (f"\n{plural(done.stories_started, 'new story', 'new stories')}, "
                f"{plural(done.joined, 'article')} joined a story"
                + (f" ({plural(done.near_copies, 'copy', 'copies')} of another report)"
                   if done.near_copies else "")
                + (f", {plural(done.merged, 'story', 'stories')} merged into another"
                   if done.merged else "")
                + (f", {plural(done.split, 'story', 'stories')} split from another"
                   if done.split else "")
                + f"; see `storyweave stories --db {shown(str(db))}`")
    click.echo(click.style(msg, fg="red" if done.failures else "green"), err=True)
    sys.exit(1 if done.failures else 0)


main.add_command(stories)
main.add_command(serve)


if __name__ == "__main__":
    main()
