"""The project's flask-smorest ``Blueprint``: the home of every convention a resource's views share.

- A view is one function per operation; its ``operationId`` is its name in camelCase
  (``list_contacts`` -> ``listContacts``), and a route with an id in its path documents the 404
  of an id that names nothing of mine.
- Request bodies must be JSON (415 otherwise); malformed or too deeply nested JSON is a 400.
- Text containing U+0000 is a 422 in every location (PostgreSQL cannot store it).
- ETags: ``If-None-Match`` gives 304 (weak comparison), ``If-Match`` is optional and gives
  412 when stale (flask-smorest alone would demand it with 428); both also accept the ETag of a
  compressed answer (``service.web.compression``). A GET's ETag depends on its query too.
- ``Blueprint.login_required`` guards a view with a login's JWT or a personal access token, locks
  the caller's row for writes once the body is read and valid, makes POSTs idempotent with
  ``Idempotency-Key``, and documents it.
"""

from __future__ import annotations

import functools
import http
import json
import re
from collections.abc import Mapping

import flask_smorest
from flask import current_app, request
from flask.views import View
from flask_smorest.etag import _get_etag_ctx
from flask_smorest.exceptions import NotModified, PreconditionFailed
from flask_smorest.utils import resolve_schema_instance
from webargs import core
from webargs.flaskparser import FlaskParser, abort

from service.database import reading_only
from service.web import auth, idempotency
from service.web.compression import encoded_etags

WRITING_METHODS = frozenset({"post", "put", "patch", "delete"})
PARSES = "_coffeechat_parses"  # on a view: the arguments its decorators parse
PARSED = "coffeechat.parsed_arguments"  # in a request's environ: what was parsed, by argument
BEARER_SECURITY = [{"bearerAuth": []}]
REFRESH_COOKIE_SECURITY = [{"refreshCookie": []}]
# The double-submit token of the web login (flask-jwt-extended compares it with the refresh cookie's claim).
CSRF_PARAMETER = {
    "name": "X-CSRF-TOKEN",
    "in": "header",
    "required": True,
    "description": "The value of the `csrf_refresh_token` cookie, which a page of this origin can read.",
    "schema": {"type": "string", "maxLength": 100},
}


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
    """webargs parser that insists on JSON bodies and survives hostile JSON.

    ``parse_ahead`` parses a view's arguments before the view is called (``login_required`` does,
    before a write takes its lock); the view's own parse then takes the result kept in the request.
    """

    def use_args(self, argmap, req=None, *, location=None, **kwargs):
        decorate = super().use_args(argmap, req, location=location, **kwargs)

        def decorator(func):
            wrapper = decorate(func)
            # Every parse of the view, innermost first: what parse_ahead runs.
            wrapper.__dict__[PARSES] = (*getattr(func, PARSES, ()), (argmap, location, kwargs))
            return wrapper

        return decorator

    def parse(self, argmap, req=None, *, location=None, **kwargs):
        parsed = request.environ.setdefault(PARSED, {})
        key = (id(argmap), location)
        if key not in parsed:
            parsed[key] = super().parse(argmap, req, location=location, **kwargs)
        return parsed[key]

    def parse_ahead(self, view) -> None:
        """Parse and validate every argument ``view`` takes, now: a 400, 413, 415 or 422 is raised here."""
        for argmap, location, options in getattr(view, PARSES, ()):
            options = {name: value for name, value in options.items() if name not in {"as_kwargs", "arg_name"}}
            self.parse(argmap, location=location, **options)

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


def operation_id(view_name: str) -> str:
    """The operationId of a view: its name in camelCase, ``list_contacts`` -> ``listContacts``."""
    first, *rest = view_name.split("_")
    return first + "".join(word.capitalize() for word in rest)


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = JSONBodyParser()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # After flask-smorest's arguments callback, which replaces an operation's parameters.
        self._prepare_doc_cbks.insert(1, self._prepare_login_doc)

    def add_url_rule(self, rule, endpoint=None, view_func=None, provide_automatic_options=None, **options):
        """Register a view function, documenting what its name and its rule say about it.

        Its operationId comes from its name; a rule with a variable part (``<int:contact_id>``,
        in the rule or the blueprint's prefix) names something of mine, so it answers 404 too.
        """
        if isinstance(view_func, type) and issubclass(view_func, View):
            raise TypeError(f"{view_func.__name__}: one view function per operation, named after it (no MethodView)")
        super().add_url_rule(rule, endpoint, view_func, provide_automatic_options, **options)
        names_a_row = "<" in f"{self.url_prefix or ''}{rule}"
        endpoint = self._endpoints[-1]
        for method, doc in self._docs[endpoint].items():
            if method == "parameters":
                continue
            doc["manual_doc"] = {"operationId": operation_id(view_func.__name__), **doc.get("manual_doc", {})}
            if names_a_row:
                doc.setdefault("response", {}).setdefault("responses", {}).setdefault(404, ["NOT_FOUND"])

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

        A writing request first reads who is calling, taking no lock (``reading_only``); then reads
        its whole body and validates its arguments, holding nothing; and only then opens its write
        transaction by locking the caller's row, so a client that sends its body slowly keeps no
        one waiting. One user's writes run one at a time (change numbers and idempotency keys
        rely on it), and as every writer takes that lock first, writers cannot deadlock. A POST may
        carry an ``Idempotency-Key``: its stored answer is replayed without validating again.
        """

        @functools.wraps(func)
        def guarded(*args, **kwargs):
            key = idempotency.requested_key()
            if request.method in auth.READ_ONLY_METHODS:
                auth.authenticate()
                return func(*args, **kwargs)
            with reading_only():
                auth.authenticate()
            request.get_data(cache=True)  # the whole body, however slowly it comes (413 past the limit)
            if key is not None:
                return idempotency.run_once(key, auth.lock_caller, lambda: func(*args, **kwargs))
            self.ARGUMENTS_PARSER.parse_ahead(func)
            auth.lock_caller()
            return func(*args, **kwargs)

        guarded._apidoc = {**getattr(guarded, "_apidoc", {}), "login_required": True}
        return self.doc(security=BEARER_SECURITY)(guarded)

    @staticmethod
    def _prepare_login_doc(doc, doc_info, *, method, **kwargs):
        """Document what ``login_required`` adds, by the operation's method: 401; 429 (the per-user rate
        limit, ``service.rate_limits``); 403 for writes; for a POST, the Idempotency-Key header and its 422.
        An operation without it needs no credentials: ``security: []``."""
        if not doc_info.get("login_required"):
            # Said outright, so that no client generator or linter takes it for an oversight (a view
            # that checks a token of its own, such as the refresh, documents its security itself).
            doc.setdefault("security", [])
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
