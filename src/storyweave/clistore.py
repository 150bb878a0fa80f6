"""The command line's store commands: opening a store (one line of error for a file that is
not one), ``storyweave stories`` (the stories a store holds) and ``storyweave serve`` (the
local web app over it)."""

from __future__ import annotations

import contextlib
import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .clioutput import output_option, write_output
from .codec import to_plain
from .render.terminal import shown
from .wording import plural

if TYPE_CHECKING:
    from .model import StoryOverview
    from .store import Store


@contextlib.contextmanager
def opened_store(db: Path | None, *, create: bool = True) -> Iterator[Store | None]:
    """The store at ``db`` (made if missing, when ``create``), or None; a file that is not
    a store is one line of error."""
    if db is None:
        yield None
        return
    import sqlite3

    from .store import Store, StoreError

    try:
        if not create and not db.exists():
            raise StoreError(f"{db}: no such store (run `storyweave ingest ... --db {db}` to "
                             "make one)")
        store = Store(db)
    except StoreError as e:
        raise click.ClickException(shown(str(e))) from None
    try:
        yield store
    except sqlite3.DatabaseError as e:  # damage found past the header, while reading
        raise click.ClickException(shown(f"{db}: the store is damaged ({e}); nothing more "
                                         "was written to it")) from None
    finally:
        store.close()



def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{shown(value)}: a day as YYYY-MM-DD", ctx=ctx,
                                 param=param) from None


@click.command()
@click.option("--db", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The store (see `storyweave ingest`).")
@click.option("--since", callback=_day, metavar="DAY",
              help="Stories with a report on or after this day (YYYY-MM-DD).")
@click.option("--until", callback=_day, metavar="DAY",
              help="Stories with a report on or before this day (YYYY-MM-DD).")
@click.option("--entity", metavar="NAME",
              help="Stories whose reports name this person, place or organisation.")
@click.option("--outlet", metavar="NAME", help="Stories with a report from this outlet.")
@click.option("--query", metavar="TEXT",
              help="Stories with a report holding all these words.")
@click.option("-n", "--limit", type=click.IntRange(1), default=None,
              help="At most this many stories (the latest first).")
@click.option("-f", "--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True,
              help="table: one line per story; json: each story with its articles.")
@output_option("Write the list here (default, or -: stdout).")
def stories(db: Path, since: str | None, until: str | None, entity: str | None,
            outlet: str | None, query: str | None, limit: int | None, fmt: str,
            output: Path | None) -> None:
    """List the stories the store's articles were grouped into, the latest first: id,
    last day, reports (copies apart), outlets and headline. Weave one with `storyweave
    dossier --db FILE --story ID`."""
    with opened_store(db, create=False) as store:
        assert store is not None
        store.group()  # a store made before stories: its articles are placed now
        found = store.stories(since=since, until=until, entity=entity, outlet=outlet,
                              query=query, limit=limit)
        total = len(store.stories())
    if fmt == "json":
        body = json.dumps([_story_plain(s) for s in found], ensure_ascii=False, indent=1)
        write_output(output, body + "\n")
    else:
        write_output(output, _table(found))
    click.echo(f"{plural(len(found), 'story', 'stories')} of {total}", err=True)


def _story_plain(s: StoryOverview) -> dict[str, object]:
    plain = to_plain(s)
    return {**plain, "sources": s.sources, "copies": s.copies}


def _table(found: list[StoryOverview]) -> str:
    if not found:
        return ""
    width = shutil.get_terminal_size((120, 20)).columns
    lines = [f"{'story':<12} {'last day':<10} {'reports':>7}  {'outlets':<28} headline"]
    for s in found:
        outlets = ", ".join(s.outlets[:2]) + (f" +{len(s.outlets) - 2}"
                                               if len(s.outlets) > 2 else "")
        reports = f"{s.sources}" + (f"+{s.copies}c" if s.copies else "")
        line = (f"{s.id:<12} {s.last or '-':<10} {reports:>7}  {_cut(outlets, 28):<28} "
                f"{shown(s.headline)}")
        lines.append(_cut(line, max(width, 80)))
    return "\n".join(lines) + "\n"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


@click.command()
@click.option("--db", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The store (see `storyweave ingest`).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="The address to listen on: this machine only, unless you say otherwise.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
def serve(db: Path, host: str, port: int) -> None:
    """Browse the store in a web browser: stories (search, days, names, outlets), each
    story's dossier, each article; every page has a JSON twin under /api."""
    import uvicorn

    from .store import StoreError
    from .web import create_app

    try:
        app = create_app(db)
    except StoreError as e:
        raise click.ClickException(shown(str(e))) from None
    if host not in LOOPBACK:
        click.echo(click.style(f"warning: listening on {host}: other machines can read this "
                               "store", fg="red"), err=True)
    shown_host = f"[{host}]" if ":" in host else host
    click.echo(f"serving {shown(str(db))} at http://{shown_host}:{port}/ (Ctrl-C stops)",
               err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
