"""Access logs without query values: a token sent as `?access_token=...` is never written.

uvicorn writes each request's target, query string and all, to its access log. A client that
puts a credential in the query string (refused: tokens go in the Authorization header) would
leave it in every log store the lines reach. No list of credential names can be complete, so
every value is redacted and the names kept: `GET /orders?user_id=***&limit=***`.
"""

import logging
import re

# The logger uvicorn writes one line per request to, with the arguments
# (client address, method, target, HTTP version, status).
ACCESS_LOGGER = "uvicorn.access"
TARGET = 2
REDACTED = "***"
# A parameter's name is kept only if it has a value and looks like a name: anything else (a
# token sent as the whole query, `?eyJhbGciOi...`) is redacted like a value.
NAME = re.compile(r"[A-Za-z0-9_.\-\[\]]{1,64}")


def without_query_values(target: str) -> str:
    """The request target with each query value (and any odd-looking name) replaced by ***."""
    path, question_mark, query = target.partition("?")
    if not question_mark:
        return target
    redacted = []
    for parameter in query.split("&"):
        name, equals, _ = parameter.partition("=")
        redacted.append(f"{name}={REDACTED}" if equals and NAME.fullmatch(name) else REDACTED)
    return f"{path}?{'&'.join(redacted)}"


class QueryValuesRedacted(logging.Filter):
    """Rewrites the target of each access-log record; keeps every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) > TARGET and isinstance(args[TARGET], str):
            record.args = (*args[:TARGET], without_query_values(args[TARGET]), *args[TARGET + 1 :])
        return True


def redact_query_values() -> None:
    """Put the filter on uvicorn's access logger, once however many apps are made."""
    access = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, QueryValuesRedacted) for f in access.filters):
        access.addFilter(QueryValuesRedacted())
