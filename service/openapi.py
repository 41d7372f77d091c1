"""Project-wide flask-smorest classes: the home of every cross-cutting API convention.

- Errors are documented as RFC 9457 problem documents (``application/problem+json``).
- Request bodies must be JSON (415 otherwise); malformed or too deeply nested JSON is a 400.
- Text containing U+0000 is a 422 in every location (PostgreSQL cannot store it).
- ETags: ``If-None-Match`` gives 304 (weak comparison), ``If-Match`` is optional and gives
  412 when stale (flask-smorest alone would demand it with 428).
- ``Blueprint.login_required`` guards a view with a JWT and documents it.
"""

from __future__ import annotations

import http
import json
from collections.abc import Mapping

import flask_smorest
import marshmallow as ma
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.openapi import OpenAPIConverter
from flask import current_app, request
from flask_jwt_extended import jwt_required
from flask_smorest.etag import ETAG_HEADER, IF_NONE_MATCH_HEADER, _get_etag_ctx
from flask_smorest.exceptions import NotModified
from flask_smorest.utils import prepare_response
from webargs import core
from webargs.flaskparser import FlaskParser, abort

from service.schemas.problem import ProblemSchema

PROBLEM_CONTENT_TYPE = "application/problem+json"
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


NUL_MESSAGE = "Text cannot contain the NUL character (U+0000)."


def _contains_nul(value) -> bool:
    """Whether a parsed JSON value or parameter holds a string with U+0000 (iterative: bodies nest deeply)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
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
                "bearerFormat": "JWT",
                "description": "An access token from `POST /api/v1/auth/login`.",
            },
        )

    def _register_error_handlers(self):
        """Error handlers live in ``service.errors``, registered by the app factory."""

    def _register_pagination_header(self):
        """Lists carry their cursor in the body; flask-smorest's X-Pagination header is unused."""

    def _register_etag_headers(self):
        self.spec.components.parameter("IF_NONE_MATCH", "header", IF_NONE_MATCH_HEADER, lazy=True)
        self.spec.components.parameter("IF_MATCH", "header", IF_MATCH_PARAMETER, lazy=True)
        self.spec.components.header("ETAG", ETAG_HEADER, lazy=True)

    def _register_responses(self):
        for status in http.HTTPStatus:
            response: dict = {"description": status.phrase}
            content_type = self.DEFAULT_RESPONSE_CONTENT_TYPE
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
                content_type = PROBLEM_CONTENT_TYPE
            prepare_response(response, self.spec, content_type)
            self.spec.components.response(status.name, response, lazy=True)
        response = {
            "description": "Any other error (500 unexpected, 503 database unavailable), as a problem document.",
            "schema": self.ERROR_SCHEMA,
        }
        prepare_response(response, self.spec, PROBLEM_CONTENT_TYPE)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = JSONBodyParser()

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
        """Require a valid access token and document the bearer scheme and the 401."""
        guarded = jwt_required()(func)
        guarded = self.alt_response(401, response="UNAUTHORIZED")(guarded)
        return self.doc(security=BEARER_SECURITY)(guarded)

    # --- ETags: If-Match is optional; If-None-Match compares weakly --------------------
    def _check_precondition(self):
        pass

    def check_etag(self, etag_data, etag_schema=None):
        if not request.if_match:
            _get_etag_ctx()["etag_checked"] = True
            return
        super().check_etag(etag_data, etag_schema)

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
