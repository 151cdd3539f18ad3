"""The WSGI application of `dkg serve`: the SPARQL 1.1 Protocol (read-only), the query page, the views.

Routes:
- `/sparql` (and `/query`, the path `dkg … --store URL` and Fuseki clients use): SPARQL 1.1 Protocol
  query operation — GET `?query=`, POST form `query=`, POST `application/sparql-query` — with
  `default-graph-uri` / `named-graph-uri`, content negotiation (Accept or `format=`).
- `/update` and any update form: 403 with a body saying the endpoint is read-only.
- a query with `SERVICE` (federated): 400 with a body saying so, unless `allow_service` (--allow-service).
- `/`: the query page (YASGUI, vendored in assets/, no network), the named queries as examples.
- `/views/NAME`: the `dkg viz` views of the current generation (board, flow, hierarchy, coverage, units,
  trace), built once per generation; `/views/` lists them.
- `/assets/FILE`: the vendored editor.
- `/void` (also `/.well-known/void`): the VoID/DCAT description of the current generation (Turtle,
  or N-Triples / JSON-LD by Accept); `/context.jsonld`: the JSON-LD @context of the exports.

Without `default-graph-uri` the default graph is the union of the named graphs: the embedded store
materialises it at build time (stores/oxigraph.py), so a standard client's `SELECT … WHERE { ?s ?p ?o }` sees
the whole dataset, with no vendor-specific graph name.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..ontology.vocab import ROOT_MANDATE
from ..queries.guard import uses_service
from ..stores import OxigraphStore
from ..stores.base import UPDATE_WORDS
from .engine import Engine
from .examples import examples
from .worker import Reply

ASSETS = {
    "yasgui.min.js": "application/javascript; charset=utf-8",
    "yasgui.min.css": "text/css; charset=utf-8",
    "page.js": "application/javascript; charset=utf-8",
    "yasgui.LICENSE.txt": "text/plain; charset=utf-8",
}
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
MAX_BODY = 1024 * 1024  # a query, not a data upload
StartResponse = Callable[..., Any]


@dataclass
class Site:
    """What the application serves: the engine, the view options, whether to check the Host header."""

    engine: Engine
    corpus: list[Path] = field(default_factory=list)
    loopback_only: bool = True
    findings: bool = True
    allow_service: bool = False  # dkg serve --allow-service: let queries use SERVICE (federated)
    _views: dict[tuple[str, str, str], bytes] = field(default_factory=dict)
    _views_lock: threading.Lock = field(default_factory=threading.Lock)
    _void: dict[tuple[str, str], list] = field(default_factory=dict)


def _text(status: int, message: str, **headers: str) -> Reply:
    return Reply(status, body=(message.rstrip("\n") + "\n").encode("utf-8"), headers=headers)


STATUS = {
    200: "200 OK",
    303: "303 See Other",
    400: "400 Bad Request",
    403: "403 Forbidden",
    404: "404 Not Found",
    405: "405 Method Not Allowed",
    406: "406 Not Acceptable",
    413: "413 Content Too Large",
    415: "415 Unsupported Media Type",
    421: "421 Misdirected Request",
    500: "500 Internal Server Error",
    503: "503 Service Unavailable",
}
NO_SERVICE = (
    "SERVICE (a federated query, sent on to another server) is refused: this endpoint answers from its "
    "own store only (start it with dkg serve --allow-service to allow SERVICE)"
)
READ_ONLY = (
    "this SPARQL endpoint is read-only: updates are refused (dkg serve answers queries only; "
    "change the data with dkg build)"
)


def make_app(site: Site) -> Callable[[dict, StartResponse], Iterable[bytes]]:
    """The WSGI callable; every error is an HTTP answer with a one-line plain-text body."""

    def app(environ: dict, start_response: StartResponse) -> Iterable[bytes]:
        try:
            reply = _route(site, environ)
        except InputError as exc:
            reply = _text(503 if "no store" in exc.reason else 400, str(exc))
        except Exception as exc:  # noqa: BLE001 - the HTTP boundary: an answer, never a dropped connection
            reply = _text(500, f"unexpected: {type(exc).__name__}: {exc}")
        headers = [("Content-Type", reply.content_type), ("Content-Length", str(len(reply.body)))]
        headers += list(reply.headers.items())
        headers.append(("X-Content-Type-Options", "nosniff"))
        start_response(STATUS.get(reply.status, f"{reply.status} Error"), headers)
        return [b"" if environ["REQUEST_METHOD"] == "HEAD" else reply.body]

    return app


def _route(site: Site, environ: dict) -> Reply:
    if site.loopback_only:
        host = (
            environ.get("HTTP_HOST", "").rsplit(":", 1)[0]
            if "]" not in environ.get("HTTP_HOST", "")
            else environ.get("HTTP_HOST", "").split("]")[0] + "]"
        )
        if host and host not in LOOPBACK_HOSTS:
            # a page on another site must not reach this endpoint through a rebound DNS name
            return _text(421, f"this endpoint answers for 127.0.0.1/localhost only, not for {host!r}")
    path = environ.get("PATH_INFO", "/")
    method = environ["REQUEST_METHOD"]
    if path in ("/sparql", "/query"):
        return _sparql(site, environ, method)
    if path == "/update":
        return _text(403, READ_ONLY)
    if method not in ("GET", "HEAD"):
        return _text(405, f"{method} is not allowed on {path}", Allow="GET, HEAD")
    if path in ("/", "/index.html"):
        return Reply(200, "text/html; charset=utf-8", _page().encode("utf-8"))
    if path.startswith("/assets/") and path[8:] in ASSETS:
        body = resources.files(__package__).joinpath("assets", path[8:]).read_bytes()
        return Reply(200, ASSETS[path[8:]], body, headers={"Cache-Control": "max-age=3600"})
    if path in ("/void", "/.well-known/void"):
        return _void(site, environ)
    if path == "/context.jsonld":
        from ..ontology.void import jsonld_context

        body = json.dumps({"@context": jsonld_context()}, ensure_ascii=False, indent=1).encode("utf-8")
        return Reply(200, "application/ld+json; charset=utf-8", body)
    if path in ("/views", "/views/"):
        return Reply(200, "text/html; charset=utf-8", _views_index().encode("utf-8"))
    if path.startswith("/views/"):
        return _view(site, path[7:], _params(environ.get("QUERY_STRING", "")))
    return _text(404, f"no such page: {path} (the endpoint is /sparql, the query page /)")


def _params(qs: str) -> dict[str, list[str]]:
    return urllib.parse.parse_qs(qs, keep_blank_values=True)


def _read_body(environ: dict) -> bytes | Reply:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _text(400, "bad Content-Length")
    if length > MAX_BODY:
        return _text(
            413, f"the request body is over {MAX_BODY:,} bytes: this endpoint takes queries, not data"
        )
    return environ["wsgi.input"].read(length) if length else b""


def _sparql(site: Site, environ: dict, method: str) -> Reply:
    """The SPARQL 1.1 Protocol query operation (https://www.w3.org/TR/sparql11-protocol/)."""
    params = _params(environ.get("QUERY_STRING", ""))
    ctype = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if method == "POST":
        body = _read_body(environ)
        if isinstance(body, Reply):
            return body
        if ctype == "application/x-www-form-urlencoded":
            form = _params(body.decode("utf-8", "replace"))
            if "update" in form:
                return _text(403, READ_ONLY)
            for k, v in form.items():
                params.setdefault(k, []).extend(v)
        elif ctype == "application/sparql-query":
            params.setdefault("query", []).append(body.decode("utf-8", "replace"))
        elif ctype == "application/sparql-update":
            return _text(403, READ_ONLY)
        else:
            return _text(
                415,
                f"POST a query as application/x-www-form-urlencoded (query=…) or application/sparql-query,"
                f" not {ctype or 'no Content-Type'}",
            )
    elif method not in ("GET", "HEAD"):
        return _text(405, f"{method} is not part of the SPARQL protocol", Allow="GET, POST")
    if "update" in params:
        return _text(403, READ_ONLY)
    queries = params.get("query", [])
    if not queries:
        if "text/html" in environ.get("HTTP_ACCEPT", ""):
            return Reply(303, headers={"Location": "/"})
        return _text(400, "no query: give one query= parameter (SPARQL 1.1 Protocol)")
    if len(queries) > 1:
        return _text(400, "more than one query= parameter")
    query = queries[0]
    if UPDATE_WORDS.search(query):
        return _text(403, READ_ONLY)
    if not site.allow_service and uses_service(query):
        # the worker would connect to whatever address the query names: a request forgery from anyone
        # who can reach the endpoint
        return _text(400, NO_SERVICE, **{"X-DKG-Refused": "service"})
    fmt = (params.get("format") or params.get("output") or [None])[0]
    return site.engine.execute(
        query,
        params.get("default-graph-uri", []),
        params.get("named-graph-uri", []),
        environ.get("HTTP_ACCEPT"),
        fmt,
    )


# ------------------------------------------------------------------ views


VIEW_NAMES = ("board", "flow", "hierarchy", "coverage", "units", "trace")
MANDATE_VIEWS = ("flow", "trace")  # views of one mandate (?mandate=, default the root directive)


def _view(site: Site, name: str, params: dict[str, list[str]]) -> Reply:
    """A `dkg viz` page of the current generation, built once per generation and parameters."""
    if name not in VIEW_NAMES:
        return _text(404, f"no such view: {name} (the views are: {', '.join(VIEW_NAMES)})")
    mandate = (params.get("mandate") or [""])[0].strip() if name in MANDATE_VIEWS else ""
    if name in MANDATE_VIEWS and not mandate:
        mandate = ROOT_MANDATE
    day = None
    if name == "board":
        as_of = (params.get("as-of") or [""])[0].strip()
        try:
            day = dt.date.fromisoformat(as_of) if as_of else dt.date.today()
        except ValueError:
            return _text(400, f"as-of: not an ISO date (YYYY-MM-DD): {as_of!r}")
    generation = site.engine.generation()
    key = (generation, name, mandate or (day.isoformat() if day else ""))
    with site._views_lock:  # one build at a time: a view is CPU-bound and cached per generation
        if key not in site._views:
            store = OxigraphStore(site.engine.path, generation=Path(generation).name)
            site._views = {k: v for k, v in site._views.items() if k[0] == generation}
            site._views[key] = _build_view(site, store, name, mandate, day).encode("utf-8")
        body = site._views[key]
    return Reply(200, "text/html; charset=utf-8", body)


def _build_view(site: Site, store: OxigraphStore, name: str, mandate: str, day: dt.date | None) -> str:
    """The page `dkg viz NAME` writes, from the same builders (viz/board.py, viz/flow.py, viz/)."""
    if name == "board":
        from ..viz.board import build_board

        return build_board(store, day)[0]
    if name == "flow":
        from ..viz.flow import build_flow

        return build_flow(store, mandate)[0]
    from ..viz import build_page

    return build_page(name, store, mandate or None, None, site.corpus, site.findings)[0]


def _void(site: Site, environ: dict) -> Reply:
    """The dataset's VoID/DCAT description, computed once per generation, in the negotiated RDF format."""
    from pyoxigraph import Triple

    from ..ontology.void import describe
    from .results import negotiate, write_graph

    requested = (_params(environ.get("QUERY_STRING", "")).get("format") or [None])[0]
    fmt = negotiate("graph", environ.get("HTTP_ACCEPT"), requested) or negotiate("graph", None)
    assert fmt is not None
    generation = site.engine.generation()
    endpoint = f"{environ.get('wsgi.url_scheme', 'http')}://{environ.get('HTTP_HOST', 'localhost')}/sparql"
    with site._views_lock:
        quads = site._void.get((generation, endpoint))
        if quads is None:
            store = OxigraphStore(site.engine.path, generation=Path(generation).name)
            quads = describe(store, endpoint)
            site._void = {(generation, endpoint): quads}
    body = write_graph(fmt, [Triple(q.subject, q.predicate, q.object) for q in quads])
    return Reply(200, f"{fmt.media_type}; charset=utf-8", body)


VIEW_TITLES = {
    "board": "bảng điều hành toàn quốc (board)",
    "flow": f"luồng thực hiện {ROOT_MANDATE} (flow)",
    "hierarchy": "hệ thống văn bản (hierarchy)",
    "coverage": "mức độ phủ (coverage)",
    "units": "đơn vị (units)",
    "trace": f"truy vết {ROOT_MANDATE} (trace)",
}


def _view_links() -> str:
    """One link per view; flow and trace of another mandate: ?mandate=03/NQ-CP#20; board: ?as-of=DATE."""
    return " · ".join(
        f'<a href="/views/{v}" target="_blank" title="{escape(VIEW_TITLES[v])}">{escape(v)}</a>'
        for v in VIEW_NAMES
    )


def _views_index() -> str:
    items = "".join(f'<li><a href="/views/{v}">{escape(VIEW_TITLES[v])}</a></li>' for v in VIEW_NAMES)
    hint = (
        "<p>flow, trace: any mandate with <code>?mandate=03/NQ-CP#20</code>; "
        "board: another quarter with <code>?as-of=2026-01-15</code>.</p>"
    )
    return (
        '<!doctype html><html lang="vi"><meta charset=utf-8><title>dkg views</title>'
        f"<h1>Views</h1><ul>{items}</ul>{hint}"
    )


# ------------------------------------------------------------------ the query page


def _page() -> str:
    template = resources.files(__package__).joinpath("assets", "page.html").read_text(encoding="utf-8")
    data = json.dumps(examples(), ensure_ascii=False).replace("</", "<\\/")
    return template.replace("{{EXAMPLES}}", data).replace("{{VIEWS}}", _view_links())
