"""Project-wide flask-smorest classes: the home of every cross-cutting API convention.

- Errors are documented as RFC 9457 problem documents (``application/problem+json``).
- Request bodies must be JSON (415 otherwise); malformed or too deeply nested JSON is a 400.
- Text containing U+0000 is a 422 in every location (PostgreSQL cannot store it).
- ETags: ``If-None-Match`` gives 304 (weak comparison), ``If-Match`` is optional and gives
  412 when stale (flask-smorest alone would demand it with 428); both also accept the ETag of a
  compressed answer (``service.compression``). A GET's ETag depends on its query too.
- ``Blueprint.login_required`` guards a view with a login's JWT or a personal access token, locks
  the caller's row for writes, makes POSTs idempotent with ``Idempotency-Key``, and documents it.
"""

from __future__ import annotations

import functools
import http
import json
import re
from collections.abc import Mapping

import flask_smorest
import marshmallow as ma
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.openapi import OpenAPIConverter
from flask import current_app, request
from flask_smorest.etag import _get_etag_ctx
from flask_smorest.exceptions import NotModified, PreconditionFailed
from flask_smorest.utils import prepare_response, resolve_schema_instance
from webargs import core
from webargs.flaskparser import FlaskParser, abort

from service.compression import encoded_etags
from service.schemas.problem import ProblemSchema

PROBLEM_CONTENT_TYPE = "application/problem+json"
WRITING_METHODS = frozenset({"post", "put", "patch", "delete"})
BEARER_SECURITY = [{"bearerAuth": []}]


def _schema_name_resolver(schema) -> str | None:
    """Name components after their class, dropping the ``Schema`` suffix."""
    cls = schema if isinstance(schema, type) else type(schema)
    name = cls.__name__
    name = name.removesuffix("Schema") or name
    if isinstance(schema, type):
        return name
    if schema.only or schema.exclude or (schema.partial and schema.partial is not True):
        return None  # inline one-off variants instead of clashing names
    return f"{name}Patch" if schema.partial is True else name


class Converter(OpenAPIConverter):
    """apispec's converter, minus the defaults of PATCH (partial) schemas.

    A default there is wrong: a field left out of a PATCH keeps its value instead of
    taking the default, and client generators would send the default on every PATCH,
    resetting the field.
    """

    def schema2jsonschema(self, schema):
        jsonschema = super().schema2jsonschema(schema)
        if getattr(schema, "partial", None) is True:
            for field in jsonschema.get("properties", {}).values():
                field.pop("default", None)
        return jsonschema


class Plugin(MarshmallowPlugin):
    Converter = Converter


NUL_MESSAGE = (
    "Text cannot contain the NUL character (U+0000) or an unpaired surrogate (U+D800 to U+DFFF, "
    "such as a lone \\ud800 escape in JSON)."
)
# Neither can be stored: PostgreSQL refuses U+0000, and a lone surrogate cannot be encoded as UTF-8.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _contains_nul(value) -> bool:
    """Whether a parsed JSON value or parameter holds a string that cannot be stored (iterative: bodies nest deeply)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _UNSTORABLE.search(item):
                return True
        elif isinstance(item, Mapping):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _requires_fields(schema) -> bool:
    schema = schema() if isinstance(schema, type) else schema
    if schema.partial is True:
        return False
    partial = set(schema.partial or ())
    return any(field.required and name not in partial for name, field in schema.load_fields.items())


class JSONBodyParser(FlaskParser):
    """webargs parser that insists on JSON bodies and survives hostile JSON."""

    def _raw_load_json(self, req):
        body = req.get_data(cache=True)  # reading enforces MAX_CONTENT_LENGTH (413)
        if not core.is_json(req.mimetype):
            if not body:
                return core.missing
            abort(
                415,
                messages=None,
                message=f"Send the body as application/json (got {req.mimetype or 'no Content-Type'}).",
            )
        try:
            return core.parse_json(body)
        except RecursionError:
            abort(400, message="The JSON body is nested too deeply.")
        except json.JSONDecodeError:
            raise  # webargs answers it through _handle_invalid_json_error
        except ValueError:  # an integer literal longer than Python converts (4300 digits)
            abort(400, message="The JSON body has a number too long to read.")

    def pre_load(self, location_data, *, schema, req, location):
        # PostgreSQL cannot store U+0000 in text: refuse it here instead of failing with a 500.
        if isinstance(location_data, Mapping):
            fields = sorted(str(key) for key, value in location_data.items() if _contains_nul([key, value]))
            if fields:
                abort(422, messages={location: {field: [NUL_MESSAGE] for field in fields}})
        return location_data

    def _handle_invalid_json_error(self, error, req, *args, **kwargs):
        abort(400, exc=error, message=f"The body is not valid JSON: {error}.")


IF_NONE_MATCH_PARAMETER = {
    "name": "If-None-Match",
    "in": "header",
    "required": False,
    "description": "The ETag of the copy you have: 304 while it is current.",
    "schema": {"type": "string"},
}

ETAG_HEADER = {
    "description": (
        "This version's tag: send it back as If-None-Match (304 while current) or If-Match (412 when stale). "
        "A compressed answer's tag ends in its coding (`:br`, `:gzip`); both forms are accepted."
    ),
    "schema": {"type": "string"},
}

# If-Match is optional here (flask-smorest documents it as required).
IF_MATCH_PARAMETER = {
    "name": "If-Match",
    "in": "header",
    "required": False,
    "description": "The ETag you last read; a stale one gives 412 instead of overwriting a newer change.",
    "schema": {"type": "string"},
}


class Api(flask_smorest.Api):
    ERROR_SCHEMA = ProblemSchema

    def init_app(self, app, *, spec_kwargs=None):
        spec_kwargs = dict(spec_kwargs or {})
        spec_kwargs.setdefault("marshmallow_plugin", Plugin(schema_name_resolver=_schema_name_resolver))
        super().init_app(app, spec_kwargs=spec_kwargs)
        # apispec says "url", which no OpenAPI tool knows; the standard format is "uri".
        self.register_field(ma.fields.URL, "string", "uri")
        self.spec.components.security_scheme(
            "bearerAuth",
            {
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": "JWT or cc_pat_ token",
                "description": (
                    "An access token from `POST /api/v1/auth/login` (a JWT), or a personal access token "
                    "(`cc_pat_...`) from `POST /api/v1/tokens`. A token with only the `read` scope gets a 403 "
                    "on writes."
                ),
            },
        )

    def _openapi_json(self):
        """The OpenAPI document, with an ETag like every JSON GET: 304 while a client's copy is current."""
        response = super()._openapi_json()
        response.add_etag()
        return response.make_conditional(request)

    def _register_error_handlers(self):
        """Error handlers live in ``service.errors``, registered by the app factory."""

    def _register_pagination_header(self):
        """Lists carry their cursor in the body; flask-smorest's X-Pagination header is unused."""

    def _register_etag_headers(self):
        self.spec.components.parameter("IF_NONE_MATCH", "header", IF_NONE_MATCH_PARAMETER, lazy=True)
        self.spec.components.parameter("IF_MATCH", "header", IF_MATCH_PARAMETER, lazy=True)
        self.spec.components.header("ETAG", ETAG_HEADER, lazy=True)
        from service.idempotency import PARAMETER  # it imports the extensions, which import this module

        self.spec.components.parameter("IDEMPOTENCY_KEY", "header", PARAMETER, lazy=True)

    def _register_responses(self):
        for status in http.HTTPStatus:
            response: dict = {"description": status.phrase}
            content_type = self.DEFAULT_RESPONSE_CONTENT_TYPE
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
                content_type = PROBLEM_CONTENT_TYPE
            prepare_response(response, self.spec, content_type)
            if status == http.HTTPStatus.TOO_MANY_REQUESTS:
                response["description"] = "Over a rate limit: retry after `Retry-After` seconds."
                response["headers"] = RATE_LIMITED_HEADERS
            self.spec.components.response(status.name, response, lazy=True)
        response = {
            "description": "Any other error (500 unexpected, 503 database unavailable), as a problem document.",
            "schema": self.ERROR_SCHEMA,
        }
        prepare_response(response, self.spec, PROBLEM_CONTENT_TYPE)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)


def _integer_header(description: str) -> dict:
    return {"description": description, "schema": {"type": "integer", "minimum": 0}}


RATE_LIMITED_HEADERS = {
    "Retry-After": _integer_header("Seconds to wait before trying again."),
    "RateLimit-Limit": _integer_header("Requests the breached limit allows in its window."),
    "RateLimit-Remaining": _integer_header("Requests left in the window: 0."),
    "RateLimit-Reset": _integer_header("Seconds until the window ends."),
    "RateLimit-Policy": {
        "description": "The breached limit: requests `;w=` window in seconds.",
        "schema": {"type": "string", "example": "300;w=60"},
    },
    "X-RateLimit-Limit": _integer_header("As `RateLimit-Limit`."),
    "X-RateLimit-Remaining": _integer_header("As `RateLimit-Remaining`."),
    "X-RateLimit-Reset": _integer_header("When the window ends, in Unix time."),
}


# The requestBody content of an upload sent as a form's file (a browser's, `curl -F file=@...`).
FORM_FILE_CONTENT = {
    "multipart/form-data": {
        "schema": {
            "type": "object",
            "properties": {"file": {"type": "string", "format": "binary"}},
            "required": ["file"],
        }
    }
}


def form_file(what: str) -> bytes:
    """The file of a multipart/form-data request: its field `file`, else its first file.

    A form without a file is a 422 that asks for ``what`` ("the .ics file") in a field named `file`.
    """
    from service.errors import Problem  # it imports this module

    upload = request.files.get("file") or next(iter(request.files.values()), None)
    if upload is None:
        message = f"The form has no file: send {what} in a field named `file`."
        raise Problem(422, message, code="no_file", errors={"file": [message]})
    return upload.read()


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = JSONBodyParser()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._prepare_doc_cbks.insert(0, self._prepare_login_doc)

    def arguments(self, schema, *, location="json", **kwargs):
        if location == "json":
            # An absent body reads as {}, so it is optional exactly when no field is required.
            kwargs.setdefault("required", _requires_fields(schema))
        decorator = super().arguments(schema, location=location, **kwargs)
        if location != "json":
            return decorator

        def with_body_errors(func):
            func = decorator(func)
            for status in (400, 413, 415):
                func = self.alt_response(status, response=http.HTTPStatus(status).name)(func)
            return func

        return with_body_errors

    def login_required(self, func):
        """Require a login's access token or a personal access token; document both and their errors.

        A writing request locks the caller's row before anything else: one user's writes run
        one at a time (change numbers and idempotency keys rely on it), and as every writer takes
        that lock first, writers cannot deadlock. A POST may carry an ``Idempotency-Key``.
        """
        # Imported here: they import the extensions, which import this module.
        from service import auth, idempotency
        from service.ownership import lock_owner

        def sign_in() -> int:
            auth.authenticate()
            if request.method not in auth.READ_ONLY_METHODS:
                lock_owner()
            return auth.current_user.id

        @functools.wraps(func)
        def guarded(*args, **kwargs):
            key = idempotency.requested_key()
            if key is None:
                sign_in()
                return func(*args, **kwargs)
            return idempotency.run_once(key, sign_in, lambda: func(*args, **kwargs))

        guarded._apidoc = {**getattr(guarded, "_apidoc", {}), "login_required": True}
        return self.doc(security=BEARER_SECURITY)(guarded)

    @staticmethod
    def _prepare_login_doc(doc, doc_info, *, method, **kwargs):
        """Document what ``login_required`` adds, by the operation's method: 401; 429 (the per-user rate
        limit, ``service.rate_limits``); 403 for writes; for a POST, the Idempotency-Key header and its 422."""
        if not doc_info.get("login_required"):
            return doc
        responses = doc_info.setdefault("response", {}).setdefault("responses", {})
        responses.setdefault(401, []).append("UNAUTHORIZED")
        responses.setdefault(429, []).append("TOO_MANY_REQUESTS")
        if method in WRITING_METHODS:
            responses.setdefault(403, []).append("FORBIDDEN")
        if method == "post":
            responses.setdefault(400, []).append("BAD_REQUEST")
            responses.setdefault(422, []).append("UNPROCESSABLE_ENTITY")
            doc.setdefault("parameters", []).append("IDEMPOTENCY_KEY")
        return doc

    def login_session_required(self, func):
        """Like ``login_required``, but refuse personal access tokens: for managing logins and tokens."""
        from service import auth

        @functools.wraps(func)
        def in_a_login(*args, **kwargs):
            auth.require_login_session()
            return func(*args, **kwargs)

        return self.alt_response(403, response="FORBIDDEN")(self.login_required(in_a_login))

    def takes_files(self, *views) -> None:
        """Let these views' requests be as large as ``IMPORT_MAX_CONTENT_LENGTH``: files exported by
        other apps (an address book with photos, a whole account) outgrow ``MAX_CONTENT_LENGTH``."""
        endpoints = {f"{self.name}.{view}" for view in views}

        @self.before_request
        def _room_for_files() -> None:
            if request.endpoint in endpoints:
                request.max_content_length = current_app.config["IMPORT_MAX_CONTENT_LENGTH"]

    # --- ETags: If-Match is optional; If-None-Match compares weakly --------------------
    def _check_precondition(self):
        pass

    def check_etag(self, etag_data, etag_schema=None):
        _get_etag_ctx()["etag_checked"] = True
        if not request.if_match:
            return
        if etag_schema is not None:
            etag_data = resolve_schema_instance(etag_schema).dump(etag_data)
        etag = self._generate_etag(etag_data)
        # A compressed answer carried the same version's ETag with its coding appended ("<etag>:br").
        if not any(tag in request.if_match for tag in (etag, *encoded_etags(etag))):
            raise PreconditionFailed

    def _generate_etag(self, etag_data, extra_data=None):
        # A GET's ETag also hashes its query (filters, cursor, limit): two queries never share an
        # ETag, even when their pages look alike (both empty, say).
        if request.method in self.METHODS_CHECKING_NOT_MODIFIED and request.args:
            extra_data = (*(extra_data or ()), ("query", sorted(request.args.items(multi=True))))
        return super()._generate_etag(etag_data, extra_data)

    def _check_not_modified(self, etag):
        if request.method in self.METHODS_CHECKING_NOT_MODIFIED and request.if_none_match.contains_weak(etag):
            # A 304 must carry the ETag a 200 would have (RFC 9110, 15.4.5).
            not_modified = current_app.response_class(status=304)
            not_modified.set_etag(etag)
            raise NotModified(response=not_modified)

    def _prepare_etag_doc(self, doc, doc_info, **kwargs):
        doc = super()._prepare_etag_doc(doc, doc_info, **kwargs)
        doc.get("responses", {}).pop(428, None)
        return doc
