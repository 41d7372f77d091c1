"""The OpenAPI document as YAML, and human docs (Swagger UI) served from local assets."""

from __future__ import annotations

import yaml
from flask import Blueprint, Flask, Response
from flask_swagger_ui import get_swaggerui_blueprint

from service.web.api import api


class _NoAliasDumper(yaml.SafeDumper):
    """Writes a value used twice out twice, not as a YAML anchor (``&id001``) and alias."""

    def ignore_aliases(self, data):
        return True


TOP_LEVEL_ORDER = ("openapi", "info", "servers", "tags", "paths", "components")


def spec_dict() -> dict:
    """The OpenAPI document, in reading order: metadata first; in a path, its operations, then its
    parameters; in an operation, responses by status code."""
    spec = api.document()
    for item in spec.get("paths", {}).values():
        for operation in item.values():
            if isinstance(operation, dict) and "responses" in operation:
                operation["responses"] = dict(sorted(operation["responses"].items(), key=lambda kv: str(kv[0])))
        if "parameters" in item:
            # One view function per operation: the path's parameters arrive with the first.
            item["parameters"] = item.pop("parameters")
    return {key: spec[key] for key in TOP_LEVEL_ORDER if key in spec} | spec


def spec_yaml() -> str:
    """The OpenAPI document, as committed in ``openapi.yaml``."""
    return yaml.dump(spec_dict(), Dumper=_NoAliasDumper, sort_keys=False, allow_unicode=True)


def register_docs(app: Flask) -> None:
    spec = Blueprint("openapi_yaml", __name__)

    @spec.get("/openapi.yaml")
    def openapi_yaml():
        return Response(spec_yaml(), mimetype="application/yaml")

    app.register_blueprint(spec)
    app.register_blueprint(
        get_swaggerui_blueprint(
            "/docs", "/openapi.json", config={"app_name": "coffeechat API", "persistAuthorization": True}
        )
    )
