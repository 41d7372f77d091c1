"""The project's flask-smorest ``Api``: the OpenAPI document's shared parts, and the ``api`` every blueprint joins.

- Schemas are components named after their class without ``Schema``; a PATCH (partial) variant is
  ``<Name>Update`` and documents no defaults. A schema that goes both ways has a request shape
  and an answer shape (``service.web.shapes``).
- Every status has a response component; errors are RFC 9457 problem documents.
- The header parameters every resource shares (``If-None-Match``, ``If-Match``, ``Idempotency-Key``)
  and the ``ETag`` header are components too, and ``bearerAuth`` the one security scheme.
"""

from __future__ import annotations

import http

import flask_smorest
import marshmallow as ma
from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.openapi import OpenAPIConverter
from flask import current_app, request
from flask_smorest.utils import prepare_response

from service.errors import PROBLEM_CONTENT_TYPE
from service.schemas.problem import ProblemSchema
from service.web import idempotency
from service.web.rate_limits import RATE_LIMITED_HEADERS, RateLimitDocs
from service.web.shapes import UPDATE_SUFFIX, split_by_direction


def _schema_name_resolver(schema) -> str | None:
    """Name components after their class, dropping the ``Schema`` suffix."""
    cls = schema if isinstance(schema, type) else type(schema)
    name = cls.__name__
    name = name.removesuffix("Schema") or name
    if isinstance(schema, type):
        return name
    if schema.only or schema.exclude or (schema.partial and schema.partial is not True):
        return None  # inline one-off variants instead of clashing names
    return f"{name}{UPDATE_SUFFIX}" if schema.partial is True else name


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

BEARER_AUTH = {
    "type": "http",
    "scheme": "bearer",
    "bearerFormat": "JWT or cc_pat_ token",
    "description": (
        "An access token from `POST /api/v1/auth/login` (a JWT), or a personal access token "
        "(`cc_pat_...`) from `POST /api/v1/tokens`. A token with only the `read` scope gets a 403 "
        "on writes."
    ),
}

REFRESH_COOKIE_AUTH = {
    "type": "apiKey",
    "in": "cookie",
    "name": "refresh_token_cookie",
    "description": (
        "The web login's refresh token: an `HttpOnly; Secure; SameSite=Strict` cookie scoped to "
        "/api/v1/auth/web, set by POST /api/v1/auth/web/login. Send the `csrf_refresh_token` cookie's "
        "value as `X-CSRF-TOKEN` with it (double submit)."
    ),
}


class Api(flask_smorest.Api):
    ERROR_SCHEMA = ProblemSchema

    def init_app(self, app, *, spec_kwargs=None):
        spec_kwargs = dict(spec_kwargs or {})
        spec_kwargs.setdefault("marshmallow_plugin", Plugin(schema_name_resolver=_schema_name_resolver))
        super().init_app(app, spec_kwargs=spec_kwargs)
        # apispec says "url", which no OpenAPI tool knows; the standard format is "uri".
        self.register_field(ma.fields.URL, "string", "uri")
        self.spec.components.security_scheme("bearerAuth", BEARER_AUTH)
        self.spec.components.security_scheme("refreshCookie", REFRESH_COOKIE_AUTH)

    def document(self) -> dict:
        """The OpenAPI document: apispec's, with each schema in its request and its answer shape."""
        return split_by_direction(self.spec.to_dict())

    def _openapi_json(self):
        """The OpenAPI document, with an ETag like every JSON GET: 304 while a client's copy is current."""
        response = current_app.response_class(
            current_app.json.dumps(self.document(), indent=2, sort_keys=False), mimetype="application/json"
        )
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
        self.spec.components.parameter("IDEMPOTENCY_KEY", "header", idempotency.PARAMETER, lazy=True)

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


# Bound to the app by create_app; every resource blueprint of service.api is registered on it.
api = Api(spec_kwargs={"extra_plugins": [RateLimitDocs()]})
