"""Read-only Cypher: a lexer that blanks comments and strings, the write check, and running a query with bound parameters."""

from __future__ import annotations

import re

from ..errors import InputError
from ..stores import QueryResult
from .connection import driver as open_driver
from .connection import first_line, neo4j_errors, service_error, with_retries
from .values import plain

READ_ONLY_REASON = "Cypher writes are not allowed: read-only"
WRITE_CLAUSE = re.compile(
    r"(?<![\w.$:`])(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|FOREACH|GRANT|REVOKE|DENY|"
    r"ALTER|RENAME|LOAD\s+CSV|TERMINATE\s+TRANSACTIONS?|(?:START|STOP)\s+DATABASE|"
    r"(?:ENABLE|DEALLOCATE|REALLOCATE)\s+SERVERS?)\b(?!\s*:)",
    re.I,
)
PROCEDURE_CALL = re.compile(r"(?<![\w.$])CALL\s+([A-Za-z_][\w]*(?:\s*\.\s*[A-Za-z_][\w]*)*)", re.I)
WRITE_PROCEDURE_SEGMENT = re.compile(
    r"^(create|drop|delete|remove|set|merge|add|clear|checkpoint|kill|"
    r"terminate|upgrade|reset|load|import|refactor|periodic|write|mutate|"
    r"update|rename|run|cypher|do|trigger|tx|execute)",
    re.I,
)
WRITE_PROCEDURE_ROOTS = {"apoc", "gds", "n10s"}


def _sanitize(query: str, keep_backticks: bool) -> str:
    """The query with comments and string literals blanked (and backticked names kept or blanked)."""
    out: list[str] = []
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if query.startswith("//", i):
            j = query.find("\n", i)
            i = n if j < 0 else j
            out.append(" ")
        elif query.startswith("/*", i):
            j = query.find("*/", i + 2)
            i = n if j < 0 else j + 2
            out.append(" ")
        elif c in "'\"":
            j = i + 1
            while j < n and query[j] != c:
                j += 2 if query[j] == "\\" else 1
            i = j + 1
            out.append(" '' ")
        elif c == "`":
            j = query.find("`", i + 1)
            while j >= 0 and query.startswith("``", j):  # `` escapes a backtick inside a name
                j = query.find("`", j + 2)
            name = query[i + 1 : (n if j < 0 else j)]
            i = n if j < 0 else j + 1
            out.append(name.replace("``", "") if keep_backticks else " x ")
        else:
            out.append(c)
            i += 1
    return "".join(out)


def check_read_only(query: str) -> None:
    """Reject write clauses and write procedures before the query is sent (the server, in READ
    access mode, refuses writes too; this catches them early and names the reason)."""
    names = _sanitize(query, keep_backticks=True)
    for m in PROCEDURE_CALL.finditer(names):
        procedure = re.sub(r"\s+", "", m.group(1))
        segments = procedure.split(".")
        if segments[0].lower() in WRITE_PROCEDURE_ROOTS or any(
            WRITE_PROCEDURE_SEGMENT.match(s) for s in segments[1:]
        ):
            raise InputError("<cypher>", f"{READ_ONLY_REASON} (procedure {procedure} may write)")
    m = WRITE_CLAUSE.search(_sanitize(query, keep_backticks=False))
    if m:
        raise InputError("<cypher>", f"{READ_ONLY_REASON} ({m.group(1).upper()} clause)")


def run_cypher(
    query: str,
    params: dict | None,
    uri: str,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
    timeout: float = 60.0,
    *,
    _precheck: bool = True,
) -> QueryResult:
    """Run read-only Cypher with bound parameters; writes raise InputError, server trouble ServiceError."""
    from neo4j import READ_ACCESS, Query
    from neo4j.exceptions import ClientError, ServiceUnavailable, SessionExpired, TransientError

    if not query or not query.strip():
        raise InputError("<cypher>", "empty query")
    if _precheck:
        check_read_only(query)
    params = dict(params or {})
    for key in params:
        if not isinstance(key, str) or not re.match(r"^[A-Za-z_][A-Za-z0-9_]*$", key):
            raise InputError("--param", f"not a parameter name: {key!r}")
    driver = open_driver(uri, user, password)
    try:

        def work() -> QueryResult:
            kwargs = {"default_access_mode": READ_ACCESS}
            if database:
                kwargs["database"] = database
            with driver.session(**kwargs) as session:
                result = session.run(Query(query, timeout=timeout), params)
                columns = list(result.keys())
                rows = [[plain(v) for v in record.values()] for record in result]
                return QueryResult(columns, rows)

        try:
            return with_retries(work)
        except ClientError as exc:
            code = exc.code or ""
            if (
                "AccessMode" in code
                or "ForbiddenOnReadOnlyDatabase" in code
                or "read access mode" in str(exc)
            ):
                raise InputError("<cypher>", READ_ONLY_REASON) from None
            if "Security" in code and "Unauthorized" in code or "AuthenticationRateLimit" in code:
                raise service_error(exc, uri) from None
            raise InputError("<cypher>", f"Cypher error: {first_line(exc)}") from None
        except (ServiceUnavailable, SessionExpired, TransientError) as exc:
            raise service_error(exc, uri) from None
        except neo4j_errors() as exc:
            raise service_error(exc, uri) from None
    finally:
        driver.close()
