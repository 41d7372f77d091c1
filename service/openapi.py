"""Project-wide flask-smorest classes: the home of every cross-cutting API convention.

- Errors are documented as RFC 9457 problem documents (``application/problem+json``).
- Request bodies must be JSON (415 otherwise); malformed or too deeply nested JSON is a 400.
- ETags: ``If-None-Match`` gives 304 (weak comparison), ``If-Match`` is optional and gives
  412 when stale (flask-smorest alone would demand it with 428).
- ``Blueprint.login_required`` guards a view with a JWT and documents it.
"""

from __future__ import annotations

import http

import flask_smorest
from apispec.ext.marshmallow import MarshmallowPlugin
from flask import request
from flask_jwt_extended import jwt_required
from flask_smorest.etag import _get_etag_ctx
from flask_smorest.utils import prepare_response
from webargs import core
from webargs.flaskparser import FlaskParser, abort
from flask_smorest.exceptions import NotModified

from service.schemas.problem import ProblemSchema

PROBLEM_CONTENT_TYPE = "application/problem+json"
BEARER_SECURITY = [{"bearerAuth": []}]


def _schema_name_resolver(schema) -> str | None:
    """Name components after their class, dropping the ``Schema`` suffix."""
    cls = schema if isinstance(schema, type) else type(schema)
    name = cls.__name__
    name = name.removesuffix("Schema") or name
    if not isinstance(schema, type) and (schema.partial or schema.only or schema.exclude):
        return None  # inline variants instead of clashing names
    return name


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

    def _handle_invalid_json_error(self, error, req, *args, **kwargs):
        abort(400, exc=error, message=f"The body is not valid JSON: {error}.")


class Api(flask_smorest.Api):
    ERROR_SCHEMA = ProblemSchema

    def init_app(self, app, *, spec_kwargs=None):
        spec_kwargs = dict(spec_kwargs or {})
        spec_kwargs.setdefault(
            "marshmallow_plugin", MarshmallowPlugin(schema_name_resolver=_schema_name_resolver)
        )
        super().init_app(app, spec_kwargs=spec_kwargs)
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
            "description": "Any other error (500 unexpected, 503 database unavailable), "
            "as a problem document.",
            "schema": self.ERROR_SCHEMA,
        }
        prepare_response(response, self.spec, PROBLEM_CONTENT_TYPE)
        self.spec.components.response(self.DEFAULT_ERROR_RESPONSE_NAME, response, lazy=True)


class Blueprint(flask_smorest.Blueprint):
    ARGUMENTS_PARSER = JSONBodyParser()

    def arguments(self, schema, *, location="json", **kwargs):
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
        if request.method in self.METHODS_CHECKING_NOT_MODIFIED and request.if_none_match.contains_weak(
            etag
        ):
            raise NotModified

    def _prepare_etag_doc(self, doc, doc_info, **kwargs):
        doc = super()._prepare_etag_doc(doc, doc_info, **kwargs)
        doc.get("responses", {}).pop(428, None)
        return doc
