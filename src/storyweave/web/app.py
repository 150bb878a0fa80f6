"""The local web app over a store (``storyweave serve``): Starlette, server-rendered Jinja2
pages that need no JavaScript, each with a JSON twin under ``/api``.

    /                      stories, the latest first: search, days, entity, outlet, pages
    /stories/{id}          a story's dossier (the offline page, woven from the store and
                           kept until the story changes); /download: the same, as a file
    /articles/{id}         an article: clean text, removed lines with reasons, its names,
                           its story and the report it copies
    /api/stories, /api/stories/{id} (the dossier in its schema), /api/articles/{id}

Reads go through read-only connections, one per request, so they never block an ingest
writing to the store; a story's dossier, once woven, is kept in the store by one writer
connection (a lock keeps it single). Searches are stopped after ``QUERY_SECONDS``. Every
response carries a Content-Security-Policy without ``unsafe-inline`` (the dossier page's own
style and script are allowed by their hashes) and ``frame-ancestors 'none'``; a request that
would change anything (any method but GET and HEAD) from another site is refused
(``Sec-Fetch-Site`` and ``Origin`` checked), the way Datasette does.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from ..codec import to_plain
from ..labels import Label
from ..model import StoryOverview
from ..store import Store, StoreError
from ..wording import plural

log = logging.getLogger(__name__)

PAGE_SIZE = 25  # stories per page
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
    return env


class WebApp:
    """The pages over the store at ``path`` (see the module's docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        with Store(self.path) as store:  # fails here for a file that is not a store;
            store.group()                # migrates an older one and places its articles
        self.templates = _environment()
        self._writer: Store | None = None
        self._lock = threading.Lock()
        self.css = (files("storyweave") / "web" / "templates" / "web.css").read_text("utf-8")

    # --- connections --------------------------------------------------------------------

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """A read-only store for one request; queries past ``QUERY_SECONDS`` are stopped."""
        store = Store(self.path, readonly=True)
        deadline = time.monotonic() + QUERY_SECONDS
        store.db.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        try:
            yield store
        except sqlite3.OperationalError as e:
            if "interrupted" in str(e):
                raise QueryTimeout() from None
            raise
        finally:
            store.close()

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
            found = store.stories(**filters, limit=PAGE_SIZE + 1,
                                  offset=(number - 1) * PAGE_SIZE)
            total = len(store)
        more = len(found) > PAGE_SIZE
        found = found[:PAGE_SIZE]
        if request.url.path.startswith("/api/"):
            return JSONResponse({"page": number, "more": more, "filters": filters,
                                 "stories": [_story_plain(s) for s in found]})
        shown = {k: v for k, v in filters.items() if v}
        return self.page(request, "stories.html.j2", stories=found, filters=filters,
                         page=number, more=more, articles=total,
                         next_query=urlencode({**shown, "page": number + 1}),
                         previous_query=urlencode({**shown, "page": number - 1}))

    def story(self, request: Request) -> Response:
        story_id = request.path_params["story"]
        with self.reading() as store:
            try:
                story = store.story(story_id)
            except KeyError:
                raise HTTPException(404, f"no story {story_id!r} in this store") from None
        suffix = request.url.path.rsplit("/", 1)[-1]
        if story.id != story_id:  # an alias: the story it was merged into
            target = request.url.path.replace(story_id, story.id, 1)
            return RedirectResponse(target, status_code=301)
        body = self.dossier_json(story.id)
        if request.url.path.startswith("/api/"):
            return Response(body, media_type="application/json")
        from ..render import to_html
        from ..render.html import assets
        from ..render.json import dossier_from_json

        html = to_html(dossier_from_json(body))
        headers = {"Content-Security-Policy": f"{assets().csp}; frame-ancestors 'none'"}
        if suffix == "download":
            headers["Content-Disposition"] = f'attachment; filename="story-{story.id}.html"'
        else:  # a way back to the list; no script or style touched (their hashes hold)
            html = html.replace("<body>", '<body>\n<p class="controls"><a href="/">All '
                                f"stories</a> · {len(story.articles)} articles · "
                                f'<a href="/stories/{story.id}/download">download this page'
                                "</a></p>", 1)
        return HTMLResponse(html, headers=headers)

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
        return self.page(request, "article.html.j2", article=a, story=story, placed=placed,
                         copies=copies, names=sorted(names.items(), key=lambda x: -x[1]))

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
    try:
        number = int(q.get("page") or 1)
    except ValueError:
        raise HTTPException(400, "page: a whole number from 1") from None
    if number < 1 or number > 100_000:
        raise HTTPException(400, "page: a whole number from 1")
    return out, number


def _story_plain(s: StoryOverview) -> dict[str, Any]:
    return {**to_plain(s), "sources": s.sources, "copies": s.copies}


# --- security, errors, the app -------------------------------------------------------------

Handler = Callable[[Request], Awaitable[Response]]


def _cross_site(request: Request) -> bool:
    """A browser says where a request comes from: refuse any change asked from elsewhere."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site not in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None:
        return False  # not a browser's cross-site form or fetch (those send Origin)
    return urlsplit(origin).netloc != request.headers.get("host")


def create_app(path: str | Path) -> Starlette:
    """The app over the store at ``path`` (raises ``StoreError`` if it is not one)."""
    if not Path(path).is_file():
        raise StoreError(f"{path}: no such store (run `storyweave ingest ... --db {path}` "
                         "to make one)")
    web = WebApp(Path(path))

    async def guard(request: Request, call_next: Handler) -> Response:
        if request.method not in SAFE_METHODS and _cross_site(request):
            response: Response = JSONResponse({"error": "cross-site request refused"}, 403)
        else:
            response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

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
        Route("/articles/{article}", web.article), Route("/api/articles/{article}", web.article),
        Route("/static/web.css", web.stylesheet),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: error,
                                                       QueryTimeout: error},
                    middleware=[Middleware(BaseHTTPMiddleware, dispatch=guard)])
    app.state.web = web
    return app

