"""Command line: a thin layer over the Python API (``storyweave.ingest``, ``storyweave.weave``).

The library never prints; this module draws the progress bars (from the library's
``progress`` callbacks) and prints errors and summaries on stderr.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click
from tqdm import tqdm

from .api import ingest
from .ingestion import DEFAULT_MAX_BYTES
from .model import Article, Failure
from .render import article_report

PROGRESS_MIN_ITEMS = 4  # a bar for two files is noise

_UNITS = {"reading": "file", "sentences": "article", "entities": "para", "embedding": "sent"}


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


def _ingest(paths: tuple[str, ...], max_bytes: int, *, checkpoint: Path | None = None,
            resume: bool = False) -> tuple[list[Article], list[Failure]]:
    """``ingest`` with a progress bar, errors printed as they happen and, with
    ``checkpoint``, every cleaned article appended to it at once: a killed run loses
    nothing, and ``resume`` skips the files already done."""
    already: list[Article] = []
    if checkpoint and resume and checkpoint.exists():
        for line in checkpoint.read_text("utf-8").splitlines():
            try:
                already.append(Article.from_dict(json.loads(line)))
            except (ValueError, KeyError):
                continue  # the line the kill cut short
        click.echo(f"resuming: {len(already)} articles already in {checkpoint}", err=True)
    elif checkpoint and checkpoint.exists():
        checkpoint.unlink()
    sink = checkpoint.open("a", encoding="utf-8") if checkpoint else None

    def on_results(results: list[Article | Failure]) -> None:
        for r in results:
            if isinstance(r, Failure):
                tqdm.write(_red(f"error: {r}"), file=sys.stderr)
            elif sink:
                sink.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
        if sink:
            sink.flush()

    bars = Bars()
    try:
        return ingest(paths, max_bytes=max_bytes, already=already, on_results=on_results,
                      progress=bars)
    finally:
        bars.close()
        if sink:
            sink.close()


def _red(text: str) -> str:
    """Colour only for a terminal: a redirected log must not fill with escape codes."""
    return click.style(text, fg="red") if sys.stderr.isatty() else text


def _summary(articles: list[Article], failures: list[Failure]) -> None:
    cut = sum(len(a.removed) for a in articles)
    msg = (f"{len(articles)} articles cleaned ({cut} lines cut, see `storyweave inspect`), "
           f"{len(failures)} failed")
    click.echo(click.style(msg, fg="red" if failures else "green"), err=True)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


max_bytes_option = click.option(
    "--max-bytes", type=int, default=DEFAULT_MAX_BYTES, show_default=True,
    help="Refuse inputs larger than this (per file, or per JSONL line).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="storyweave")
def main() -> None:
    """storyweave: many outlets' reports of one event in, a cited story dossier out."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write JSON lines here (default: stdout).")
@click.option("--resume", is_flag=True,
              help="Continue a killed run: keep the articles already in OUTPUT.partial.")
@max_bytes_option
def extract(paths: tuple[str, ...], output: Path | None, resume: bool, max_bytes: int) -> None:
    """Clean every article under PATHS (files, directories, - for stdin) into JSON lines.

    Reads .txt, .html/.htm, .html.gz and .jsonl (one article per line, with `text` or `html`
    and optional url/title/outlet/author/published). Exit status 1 if any input failed.
    """
    checkpoint = output.with_name(output.name + ".partial") if output else None
    articles, failures = _ingest(paths, max_bytes, checkpoint=checkpoint, resume=resume)
    lines = "".join(json.dumps(a.to_dict(), ensure_ascii=False) + "\n" for a in articles)
    if output:
        _write_atomic(output, lines)
        if checkpoint and checkpoint.exists():
            checkpoint.unlink()
    else:
        sys.stdout.write(lines)
    _summary(articles, failures)
    sys.exit(1 if failures or not articles else 0)


@main.command()
@click.argument("path")
@click.option("--json", "as_json", is_flag=True, help="Print the article record as JSON.")
@click.option("--text/--no-text", default=True, show_default=True, help="Show the clean text.")
@max_bytes_option
def inspect(path: str, as_json: bool, text: bool, max_bytes: int) -> None:
    """Show what the cleaner made of one input: metadata and where each value came from,
    every removed line with its reason, and the clean text."""
    articles, failures = ingest([path], max_bytes=max_bytes)  # exactly what extract does
    results: list[Article | Failure] = [*failures, *articles]
    failed = False
    for r in results:
        if isinstance(r, Failure):
            click.echo(click.style(f"error: {r}", fg="red"), err=True)
            failed = True
        elif as_json:  # one article: indented; several (JSONL): one per line, as `extract`
            click.echo(json.dumps(r.to_dict(), ensure_ascii=False,
                                  indent=2 if len(articles) == 1 else None))
        else:
            click.echo(article_report(r, with_text=text, style=click.style))
    sys.exit(1 if failed or not results else 0)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-f", "--format", "fmt", type=click.Choice(["md", "json"]), default="md",
              show_default=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the dossier here (default: stdout).")
@click.option("-n", "--sentences", type=click.IntRange(1), default=6, show_default=True,
              help="Summary length in sentences.")
@click.option("-w", "--words", type=click.IntRange(1), default=None,
              help="Summary length in words (stops at whichever limit comes first).")
@max_bytes_option
def dossier(paths: tuple[str, ...], fmt: str, output: Path | None, sentences: int,
            words: int | None, max_bytes: int) -> None:
    """Write the dossier of one story from the reports under PATHS: a summary whose every
    sentence cites its sources, the facts aligned across outlets, and each outlet's
    exclusives. Inputs that fail are reported and left out; exit status 1 if any did."""
    from .api import weave
    from .render import to_json, to_markdown

    articles, failures = _ingest(paths, max_bytes)
    _summary(articles, failures)
    if not articles:
        raise click.ClickException("no article could be read; nothing to weave")
    click.echo(f"weaving {len(articles)} articles (loading models on first use)...", err=True)
    bars = Bars(leave=False)
    try:
        result = weave(articles, sentences=sentences, words=words, progress=bars)
    finally:
        bars.close()
    text = to_json(result) + "\n" if fmt == "json" else to_markdown(result)
    if output:
        output.parent.mkdir(parents=True, exist_ok=True)
        _write_atomic(output, text)
        click.echo(f"wrote {output}: {len(result.summary)} summary sentences, "
                   f"{len(result.claims)} claims", err=True)
    else:
        sys.stdout.write(text)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
