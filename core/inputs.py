"""Checks on untrusted input that every door shares: yes/no values, NUL characters and the shape of
JSON values.

PostgreSQL refuses U+0000 in any text, so a NUL that reaches a query or a row is a server error
rather than a clear answer; the request guard (config/guard.py) looks for one in the path, the
query string and the body before any view runs. The JSON walks here are iterative, so a value
nested 50,000 deep is measured, not a RecursionError.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpRequest, QueryDict
from django.http.multipartparser import MultiPartParserError

from core.errors import ServiceError, invalid, not_found

NUL = "\x00"
REQUEST_ATTRIBUTE = "input_error"  # where the guard leaves its finding for an API view to raise
# Request bodies the guard reads (JSON and forms); anything bigger is left to Django's own limits.
_BODY_TYPES = ("application/json", "application/x-www-form-urlencoded", "multipart/form-data")


# A whole number as the wire writes one: ASCII digits only. str.isdigit() and int() accept every
# script's digits (and isdigit() superscripts, which int() then refuses), so neither checks an id.
_WHOLE = re.compile(r"[0-9]{1,18}")


def whole_number(value: object) -> int | None:
    """`value` as a non-negative int when it is 1 to 18 ASCII digits (an int passes as is), else None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 <= value < 10**18 else None
    if isinstance(value, str) and _WHOLE.fullmatch(value):
        return int(value)
    return None


TRUE_WORDS = frozenset({"true", "1", "yes"})
FALSE_WORDS = frozenset({"false", "0", "no"})


def boolean(value: object, name: str, default: bool = False, *, code: str = "invalid_parameter") -> bool:
    """A yes/no value as a query string or a JSON body writes it: the one parser of every door.

    JSON true/false or 1/0, or the words true/false, 1/0, yes/no in any case; absent (None) or empty
    is `default`. Anything else is a 400 with `code`, naming `name`, never a silent guess.
    """
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    word = value.lower() if isinstance(value, str) else None
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise invalid(code, f"{name} must be true or false.", name)


@dataclass(frozen=True)
class Shape:
    depth: int  # 0 for a scalar, 1 for a flat object or array
    items: int  # keys and array items at every level


def _children(value: object) -> Iterator[tuple[str, object]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield str(key), item
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield f"[{index}]", item


def shape(value: object) -> Shape:
    """How deep and how big a JSON value is, without recursion."""
    depth = items = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        current, level = stack.pop()
        if isinstance(current, dict | list):
            level += 1
            depth = max(depth, level)
            items += len(current)
            stack.extend((child, level) for _, child in _children(current))
    return Shape(depth, items)


def nul_path(value: object, prefix: str = "") -> str | None:
    """The dotted path of the first key or string holding a NUL, or None when there is none."""
    stack: list[tuple[str, object]] = [(prefix, value)]
    while stack:
        path, current = stack.pop()
        if isinstance(current, str):
            if NUL in current:
                return path or "body"
            continue
        for name, child in _children(current):
            child_path = f"{path}{name}" if name.startswith("[") else (f"{path}.{name}" if path else name)
            if NUL in name:
                return child_path
            stack.append((child_path, child))
    return None


def _nul_error(where: str) -> ServiceError:
    return invalid(
        "invalid_characters",
        f"{where} contains the NUL character (U+0000), which no text field accepts.",
        where,
    )


def unreadable_request(exc: Exception | None) -> ServiceError:
    """Django's refusals of a request it cannot read (raised while reading the query string, the
    body or the headers, in a view or a middleware) as the one 400 or 413 every API path answers."""
    if isinstance(exc, TooManyFieldsSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        return ServiceError("too_many_fields", f"The request has more than {limit:,} parameters or form fields.", 400)
    if isinstance(exc, TooManyFilesSent):
        limit = settings.DATA_UPLOAD_MAX_NUMBER_FILES
        return ServiceError("too_many_files", f"The request has more than {limit:,} files.", 400)
    if isinstance(exc, RequestDataTooBig):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        return ServiceError("body_too_large", f"The request body is larger than {limit:,} bytes.", 413)
    return ServiceError("bad_request", "The request could not be read.", 400)


def _form_finding(request: HttpRequest) -> ServiceError | None:
    try:
        form = request.POST
    except (MultiPartParserError, RequestDataTooBig, TooManyFieldsSent, UnicodeDecodeError):
        return None  # a body Django cannot read: the view's own parsing answers it (400 or 415)
    return _query_finding(form)


def _query_finding(query: QueryDict) -> ServiceError | None:
    for name, values in query.lists():
        if NUL in name or any(NUL in value for value in values):
            return _nul_error(name.replace(NUL, "\\0"))
    return None


def _body_finding(request: HttpRequest) -> ServiceError | None:
    content_type = (request.content_type or "").lower()
    if request.method in ("GET", "HEAD", "OPTIONS") or not content_type.startswith(_BODY_TYPES):
        return None
    if content_type.startswith("multipart/"):
        return _form_finding(request)  # form fields; uploaded files are the importer's to read
    try:
        body = request.body
    except RequestDataTooBig as exc:
        return unreadable_request(exc)
    # Fast path: without a raw NUL, a JSON escape of one or a percent-encoded one, there is none.
    lowered = body.lower()
    if b"\x00" not in body and b"\\u0000" not in lowered and b"%00" not in lowered:
        return None
    if content_type.startswith("application/x-www-form-urlencoded"):
        return _form_finding(request)
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return None  # not JSON at all: the API's parser answers that itself
    where = nul_path(data)
    return _nul_error(where) if where else None


def request_finding(request: HttpRequest, view_kwargs: dict) -> ServiceError | None:
    """Why this request cannot be served as sent (a NUL in its path, query or body), or None.

    A NUL in the path names no object (404); elsewhere it is a field the caller can fix (400).
    """
    if NUL in request.path or any(isinstance(v, str) and NUL in v for v in view_kwargs.values()):
        return not_found("object")
    return _query_finding(request.GET) or _body_finding(request)
