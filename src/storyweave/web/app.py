"""The local web app over a store (``storyweave serve``): Starlette, server-rendered Jinja2
pages that need no JavaScript, each with a JSON twin under ``/api``.

    /                      stories, the latest first: search, days, entity, outlet, pages
    /stories/{id}          a story's dossier (the offline page, woven from the store and
                           kept until the story changes); /download: the same, as a file
    /articles/{id}         an article: clean text, removed lines with reasons, its names,
                           its story and the report it copies
    /entities/{name}       the stories naming a person, organisation or place, and its quotes
    /outlets/{name}        an outlet's articles, their stories, whom it quotes
    /ingest                add reports: upload files (a form), then follow the job
    /api/stories, /api/stories/{id} (the dossier in its schema), /api/articles/{id},
    /api/entities/{name}, /api/outlets/{name},
    POST /api/articles (JSON articles to add), /api/jobs/{id}

Reads go through read-only connections, one per request, so they never block an ingest
writing to the store; a story's dossier, once woven, is kept in the store by one writer
connection (a lock keeps it single). Searches are stopped after ``QUERY_SECONDS``. Every
response carries a Content-Security-Policy without ``unsafe-inline`` (the dossier page's own
style and script are allowed by their hashes) and ``frame-ancestors 'none'``; a request that
would change anything (any method but GET and HEAD) from another site is refused
(``Sec-Fetch-Site`` and ``Origin`` checked), the way Datasette does.
"""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
import threading
import time
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..codec import to_plain
from ..labels import Label
from ..model import StoryOverview
from ..store import Store, StoreError
from ..wording import plural
from .marking import marked
from .uploads import MAX_FILES, MAX_UPLOAD_BYTES, Uploads, new_folder, safe_name

log = logging.getLogger(__name__)

PAGE_SIZE = 25  # stories per page
ICON = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><path d="M2 4h12M2 8h12M2 '
        '12h8" stroke="#1a4f8b" stroke-width="2"/></svg>')  # browsers ask for one
SEEN_COOKIE = "sw_seen"
LIVE_SECONDS = 10  # how often a story page asks whether its story changed
RENDERED_PAGES = 64  # story pages kept rendered in memory
QUERY_SECONDS = 2.0  # a search running longer is stopped (503)
MAX_QUERY_CHARS = 500
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")
SAFE_METHODS = frozenset({"GET", "HEAD"})


class QueryTimeout(Exception):
    """A query ran past ``QUERY_SECONDS``."""


def _environment() -> Environment:
    env = Environment(loader=PackageLoader("storyweave", "web/templates"), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["plural"] = plural
    env.globals["urlencode"] = urlencode
    env.filters["segment"] = lambda value: quote(str(value), safe="")  # one path segment
    return env


class WebApp:
    """The pages over the store at ``path`` (see the module's docstring)."""

    def __init__(self, path: Path, *, max_upload: int = MAX_UPLOAD_BYTES) -> None:
        self.path = Path(path)
        self.max_upload = max_upload
        self.uploads = Uploads(self.path)
        with Store(self.path) as store:  # fails here for a file that is not a store;
            store.group()                # migrates an older one and places its articles
        self.templates = _environment()
        self._writer: Store | None = None
        self._local = threading.local()  # each server thread's read-only connection
        self._lock = threading.Lock()
        # the pages of the stories read last, by (id, version, JSON?): a story that changes
        # gets a new version, so a kept page is never stale
        self._rendered: OrderedDict[tuple[str, int, bool], str] = OrderedDict()
        here = files("storyweave") / "web" / "templates"
        self.css = (here / "web.css").read_text("utf-8")
        self.js = (here / "live.js").read_text("utf-8")

    # --- connections --------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """A read-only store for one request, kept open for the next request this thread
        serves (each query reads the store as committed when it starts); queries past
        ``QUERY_SECONDS`` are stopped."""
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store(self.path, readonly=True)
        deadline = time.monotonic() + QUERY_SECONDS
        store.db.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        try:
            yield store
        except sqlite3.OperationalError as e:
            if "interrupted" in str(e):
                raise QueryTimeout() from None
            raise
        finally:
            store.db.set_progress_handler(None, 0)

    def dossier_json(self, story_id: str) -> str:
        """The story's dossier as JSON, woven once and kept in the store until it changes."""
        from ..api import story_dossier
        from ..render.json import dumps

        with self._lock:
            if self._writer is None:
                self._writer = Store(self.path)
            result, _ = story_dossier(self._writer, story_id)
            return dumps(result)

    # --- pages --------------------------------------------------------------------------

    def page(self, request: Request, template: str, status: int = 200,
             **context: Any) -> HTMLResponse:
        body = self.templates.get_template(template).render(request=request, **context)
        return HTMLResponse(body, status_code=status)

    def stories(self, request: Request) -> Response:
        filters, number = _story_filters(request)
        with self.reading() as store:
            found = store.stories(since=filters["since"], until=filters["until"],
                                  entity=filters["entity"], outlet=filters["outlet"],
                                  query=filters["query"], sort=filters["sort"] or "latest",
                                  limit=PAGE_SIZE + 1, offset=(number - 1) * PAGE_SIZE)
            # articles placed so far: the store's grouping order runs 0, 1, 2... (indexed)
            placed = store.db.execute("SELECT coalesce(max(n) + 1, 0) FROM members"
                                      ).fetchone()[0]
        more = len(found) > PAGE_SIZE
        found = found[:PAGE_SIZE]
        if request.url.path.startswith("/api/"):
            return JSONResponse({"page": number, "more": more, "filters": filters,
                                 "stories": [_story_plain(s) for s in found]})
        shown = {k: v for k, v in filters.items() if v}
        seen = _last_visit(request)
        response = self.page(request, "stories.html.j2", stories=found, filters=filters,
                             page=number, more=more, articles=placed, seen=seen,
                             next_query=urlencode({**shown, "page": number + 1}),
                             previous_query=urlencode({**shown, "page": number - 1}))
        # "new since your last visit": what had been placed when this browser last looked
        response.set_cookie(SEEN_COOKIE, str(placed), max_age=365 * 24 * 3600,
                            httponly=True, samesite="strict")
        return response

    def _story(self, story_id: str) -> StoryOverview:
        """The story with this id (or the one it was merged into); 404 if none."""
        with self.reading() as store:
            try:
                return store.story(story_id)
            except KeyError:
                raise HTTPException(404, f"no story {story_id!r} in this store") from None

    def story_version(self, request: Request) -> Response:
        """``/api/stories/{id}/version``: what a story page polls to offer a reload."""
        story = self._story(request.path_params["story"])
        return JSONResponse({"id": story.id, "version": story.version,
                             "articles": len(story.articles)})

    def story(self, request: Request) -> Response:
        story_id = request.path_params["story"]
        story = self._story(story_id)
        suffix = request.url.path.rsplit("/", 1)[-1]
        if story.id != story_id:  # an alias: the story it was merged into
            target = request.url.path.replace(story_id, story.id, 1)
            return RedirectResponse(target, status_code=301)
        api = request.url.path.startswith("/api/")
        key = (story.id, story.version, api)
        with self._lock:
            kept = self._rendered.get(key)
            if kept is not None:
                self._rendered.move_to_end(key)
        if kept is None:
            kept = self.dossier_json(story.id)
            if not api:
                from ..render import to_html
                from ..render.json import dossier_from_json

                kept = to_html(dossier_from_json(kept))
            with self._lock:
                self._rendered[key] = kept
                while len(self._rendered) > RENDERED_PAGES:
                    self._rendered.popitem(last=False)
        if api:
            return Response(kept, media_type="application/json")
        from ..render.html import assets

        html = kept
        csp = f"{assets().csp}; frame-ancestors 'none'"
        if suffix == "download":
            return HTMLResponse(html, headers={
                "Content-Security-Policy": csp,
                "Content-Disposition": f'attachment; filename="story-{story.id}.html"'})
        # the app's bar (a way back, the articles' pages, a notice when the story changes)
        # and its one script, from this server; the page's own style and script are not
        # touched (their hashes hold)
        bar = self.templates.get_template("_story_bar.html.j2").render(
            story=story, every=LIVE_SECONDS, seen=_last_visit(request))
        own = str(assets().csp)  # a plain str: Markup.replace would escape the quotes
        served = own.replace("script-src ", "script-src 'self' ", 1) + "; connect-src 'self'"
        html = html.replace("<body>", "<body>\n" + bar, 1).replace(
            "</body>", '<script src="/static/live.js" defer></script>\n</body>', 1)
        # the page's own policy (a meta element) would still block the script: it says the
        # same as the header now (frame-ancestors only counts in a header)
        html = html.replace(f'content="{own}"', f'content="{served}"', 1)
        return HTMLResponse(html, headers={
            "Content-Security-Policy": f"{served}; frame-ancestors 'none'"})

    def article(self, request: Request) -> Response:
        article_id = request.path_params["article"]
        with self.reading() as store:
            try:
                a = store.get(article_id)
            except KeyError:
                raise HTTPException(404, f"no article {article_id!r} in this store") from None
            story = store.story(store.story_of(article_id))
        placed = next(x for x in story.articles if x.id == a.id)
        copies = [x for x in story.articles if x.copy_of == a.id]
        if request.url.path.startswith("/api/"):
            return JSONResponse({"article": to_plain(a), "story": story.id,
                                 "copy_of": placed.copy_of,
                                 "copies": [x.id for x in copies]})
        names: dict[tuple[str, str], int] = {}
        for s in a.spans_of(Label.ENTITY):
            key = (str(s.attrs.get("type", "")), a.text[s.start:s.end])
            names[key] = names.get(key, 0) + 1
        paragraphs, kinds = marked(a)
        return self.page(request, "article.html.j2", article=a, story=story, placed=placed,
                         copies=copies, names=sorted(names.items(), key=lambda x: -x[1]),
                         paragraphs=paragraphs, kinds=kinds)

    def entity(self, request: Request) -> Response:
        """A person, organisation or place across the store: the stories that name it and
        the quotes attributed to it."""
        name = request.path_params["name"].strip()
        if not name or len(name) > MAX_QUERY_CHARS:
            raise HTTPException(400, f"a name of 1 to {MAX_QUERY_CHARS} characters")
        with self.reading() as store:
            found = store.stories(entity=name, limit=PAGE_SIZE * 4)
            quotes = store.quotes_by(name)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"name": name, "stories": [_story_plain(x) for x in found],
                                 "quotes": quotes})
        return self.page(request, "entity.html.j2", name=name, stories=found, quotes=quotes)

    def outlet(self, request: Request) -> Response:
        """One outlet: its articles with their stories, and whom it quotes."""
        name = request.path_params["name"].strip()
        if not name or len(name) > MAX_QUERY_CHARS:
            raise HTTPException(400, f"a name of 1 to {MAX_QUERY_CHARS} characters")
        with self.reading() as store:
            found = store.outlet(name)
            heads = {x.id: x.headline for x in store.stories(outlet=name, limit=500)}
            if not found["articles"]:
                raise HTTPException(404, f"no article from an outlet named {name!r}")
            woven = store.db.execute(
                f"SELECT story, body FROM dossiers WHERE story IN "
                f"({','.join('?' * len(heads))})", list(heads)).fetchall() if heads else []
        mine = {a["id"] for a in found["articles"]}
        exclusives = [x for sid, body in woven for x in _exclusives(sid, body, mine)]
        extra: dict[str, Any] = {"exclusives": exclusives, "stories_woven": len(woven),
                                 "stories": len(heads)}
        if request.url.path.startswith("/api/"):
            return JSONResponse({"name": name, **found, **extra})
        return self.page(request, "outlet.html.j2", name=name, headlines=heads, **found,
                         **extra)

    # --- adding reports -----------------------------------------------------------------

    def ingest_form(self, request: Request) -> Response:
        jobs = list(self.uploads.jobs.values())[::-1][:20]
        return self.page(request, "ingest.html.j2", jobs=jobs, limit=self.max_upload,
                         max_files=MAX_FILES)

    def _body_size(self, request: Request) -> None:
        """Refuse a body over the limit before reading it (411 when its size is not said)."""
        length = request.headers.get("content-length")
        if length is None or not length.isdigit():
            raise HTTPException(411, "say the body's size (Content-Length)")
        if int(length) > self.max_upload:
            raise HTTPException(413, f"at most {self.max_upload:,} bytes per request; "
                                "send the reports in several requests")

    async def upload(self, request: Request) -> Response:
        """The form's files, saved and queued for ingest: 303 to the job's page."""
        self._body_size(request)
        folder, names, size = new_folder(), [], 0
        try:
            async with request.form(max_files=MAX_FILES, max_fields=10) as form:
                for n, item in enumerate(form.getlist("files")):
                    if isinstance(item, str) or not item.filename:
                        continue
                    target = folder / safe_name(item.filename, n)
                    with target.open("wb") as out:
                        while chunk := await item.read(1 << 16):
                            size += len(chunk)
                            if size > self.max_upload:
                                raise HTTPException(413, f"at most {self.max_upload:,} bytes")
                            out.write(chunk)
                    names.append(item.filename)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        if not names:
            shutil.rmtree(folder, ignore_errors=True)
            raise HTTPException(400, "choose at least one file to add")
        job = self.uploads.submit(folder, names)
        return RedirectResponse(f"/ingest/{job.id}", status_code=303)

    async def post_articles(self, request: Request) -> Response:
        """``POST /api/articles``: one article or a list, each ``{"text"|"html", "url",
        "title", "outlet", "author", "published"}`` as ``storyweave`` reads JSONL. 202 with
        the job; 400 saying what is wrong with the body, before anything is written."""
        self._body_size(request)
        try:
            body = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError) as e:
            raise HTTPException(400, f"the body is not JSON: {e}") from None
        items = body if isinstance(body, list) else [body]
        if not items:
            raise HTTPException(400, "no article given")
        for n, item in enumerate(items):
            if not isinstance(item, dict) or not any(isinstance(item.get(k), str) and
                                                     item[k].strip() for k in ("text", "html")):
                raise HTTPException(400, f"article {n + 1}: an object with \"text\" or "
                                    "\"html\"")
        folder = new_folder()
        (folder / "posted.jsonl").write_text(
            "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), "utf-8")
        job = self.uploads.submit(folder, [f"posted article {n + 1}" for n in range(len(items))])
        return JSONResponse({"job": job.id, "status": f"/api/jobs/{job.id}"}, 202)

    def job(self, request: Request) -> Response:
        found = self.uploads.jobs.get(request.path_params["job"])
        if found is None:
            raise HTTPException(404, "no such job (jobs are kept while the server runs)")
        if request.url.path.startswith("/api/"):
            return JSONResponse(found.plain())
        return self.page(request, "job.html.j2", job=found)

    def icon(self, request: Request) -> Response:
        return Response(ICON, media_type="image/svg+xml",
                        headers={"Cache-Control": "max-age=86400"})

    def script(self, request: Request) -> Response:
        return Response(self.js, media_type="text/javascript",
                        headers={"Cache-Control": "max-age=3600"})

    def stylesheet(self, request: Request) -> Response:
        return Response(self.css, media_type="text/css",
                        headers={"Cache-Control": "max-age=3600"})


def _story_filters(request: Request) -> tuple[dict[str, str | None], int]:
    """The list's filters from the query string; a bad one is a 400 saying which."""
    q = request.query_params
    out: dict[str, str | None] = {}
    for name in ("query", "entity", "outlet"):
        value = (q.get(name) or "").strip()
        if len(value) > MAX_QUERY_CHARS:
            raise HTTPException(400, f"{name}: at most {MAX_QUERY_CHARS} characters")
        out[name] = value or None
    for name in ("since", "until"):
        value = (q.get(name) or "").strip()
        try:
            out[name] = date.fromisoformat(value).isoformat() if value else None
        except ValueError:
            raise HTTPException(400, f"{name}: a day as YYYY-MM-DD") from None
    sort = q.get("sort") or "latest"
    if sort not in ("latest", "outlets"):
        raise HTTPException(400, "sort: latest or outlets")
    out["sort"] = None if sort == "latest" else sort
    try:
        number = int(q.get("page") or 1)
    except ValueError:
        raise HTTPException(400, "page: a whole number from 1") from None
    if number < 1 or number > 100_000:
        raise HTTPException(400, "page: a whole number from 1")
    return out, number


def _exclusives(story: str, body: str, articles: set[str], *,
                most: int = 5) -> list[dict[str, Any]]:
    """What only the outlet's articles say in a story's woven dossier (its JSON)."""
    dossier = json.loads(body)
    numbers = {s["number"] for s in dossier.get("sources", [])
               if articles & set(s.get("articles", []))}
    claims = {c["id"]: c for c in dossier.get("claims", [])}
    out: list[dict[str, Any]] = []
    for entry in dossier.get("exclusives", []):
        if entry.get("source") in numbers:
            out.extend({"story": story, "claim": cid, "text": claims[cid]["text"]}
                       for cid in entry.get("claims", [])[:most] if cid in claims)
    return out


def _last_visit(request: Request) -> int | None:
    """The articles placed when this browser last saw the list (None: its first visit)."""
    value = request.cookies.get(SEEN_COOKIE, "")
    return int(value) if value.isdigit() and len(value) < 12 else None


def _story_plain(s: StoryOverview) -> dict[str, Any]:
    return {**to_plain(s), "sources": s.sources, "copies": s.copies}


# --- security, errors, the app -------------------------------------------------------------

def _cross_site(request: Request) -> bool:
    """A browser says where a request comes from: refuse any change asked from elsewhere."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site not in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return False  # not a browser's cross-site form or fetch (those send Origin)
    return urlsplit(origin).netloc != request.headers.get("host")


HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
           (b"x-frame-options", b"DENY")]


class Guard:
    """Every response gets the security headers (the app's CSP unless the page set its
    own); a change asked from another site is refused before the app sees it. Plain ASGI:
    it costs a header list per response, not a task per request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] not in SAFE_METHODS and _cross_site(Request(scope)):
            response = JSONResponse({"error": "cross-site request refused"}, 403)
            await response(scope, receive, self._send_with_headers(send))
            return
        await self.app(scope, receive, self._send_with_headers(send))

    @staticmethod
    def _send_with_headers(send: Send) -> Send:
        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(k.lower() == b"content-security-policy" for k, _ in headers):
                    headers.append((b"content-security-policy", CSP.encode()))
                message = {**message, "headers": headers + HEADERS}
            await send(message)

        return sending


def create_app(path: str | Path, *, max_upload: int = MAX_UPLOAD_BYTES) -> Starlette:
    """The app over the store at ``path`` (raises ``StoreError`` if it is not one);
    ``max_upload``: the bytes one request may add."""
    if not Path(path).is_file():
        raise StoreError(f"{path}: no such store (run `storyweave ingest ... --db {path}` "
                         "to make one)")
    web = WebApp(Path(path), max_upload=max_upload)

    async def error(request: Request, exc: Exception) -> Response:
        status = exc.status_code if isinstance(exc, HTTPException) else 503
        detail = exc.detail if isinstance(exc, HTTPException) else (
            f"the search took longer than {QUERY_SECONDS:g} s; narrow it")
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": detail}, status_code=status)
        return web.page(request, "error.html.j2", status=status, status_code=status,
                        detail=detail)

    routes = [
        Route("/", web.stories), Route("/api/stories", web.stories),
        Route("/stories/{story}", web.story), Route("/stories/{story}/download", web.story),
        Route("/api/stories/{story}", web.story),
        Route("/api/stories/{story}/version", web.story_version),
        Route("/articles/{article}", web.article), Route("/api/articles/{article}", web.article),
        Route("/entities/{name:path}", web.entity),
        Route("/api/entities/{name:path}", web.entity),
        Route("/outlets/{name:path}", web.outlet),
        Route("/api/outlets/{name:path}", web.outlet),
        Route("/static/web.css", web.stylesheet), Route("/static/live.js", web.script),
        Route("/favicon.ico", web.icon),
        Route("/ingest", web.ingest_form), Route("/ingest", web.upload, methods=["POST"]),
        Route("/ingest/{job}", web.job), Route("/api/jobs/{job}", web.job),
        Route("/api/articles", web.post_articles, methods=["POST"]),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: error,
                                                       QueryTimeout: error},
                    middleware=[Middleware(Guard)])
    app.state.web = web
    return app

