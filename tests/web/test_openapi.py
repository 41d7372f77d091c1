"""The OpenAPI document: committed, generated from the code, valid, served, and complete."""

from __future__ import annotations

import difflib
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from openapi_spec_validator import validate

from service.docs import spec_yaml
from tests.factories import committed_spec, load_yaml, operations

# The subject has no database in it: PostgreSQL could not change the outcome.
pytestmark = pytest.mark.database_independent


@pytest.fixture(scope="module")
def committed() -> dict:
    return committed_spec()


@pytest.fixture
def generated(app) -> dict:
    with app.app_context():
        return load_yaml(spec_yaml())


def _dump(spec: dict) -> list[str]:
    return yaml.safe_dump(spec, sort_keys=True).splitlines(keepends=True)


def test_committed_spec_is_what_the_code_generates(committed, generated):
    diff = "".join(difflib.unified_diff(_dump(committed), _dump(generated), "openapi.yaml", "generated"))
    assert committed == generated, (
        "openapi.yaml is out of date with the code: run `make spec` and commit the result.\n" + diff[:4000]
    )


def test_committed_spec_is_valid_openapi(committed):
    validate(committed)


def test_openapi_json_is_served_and_equals_the_committed_spec(client, committed):
    response = client.get("/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.get_json() == committed


def test_openapi_yaml_is_served_and_equals_the_committed_spec(client, committed):
    response = client.get("/openapi.yaml")
    assert response.status_code == 200
    assert response.mimetype == "application/yaml"
    assert load_yaml(response.get_data(as_text=True)) == committed


class _AssetLinks(HTMLParser):
    """Collects the ``src`` of scripts and the ``href`` of links in a page."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and attrs.get("href"):
            self.urls.append(attrs["href"])


def _docs_assets(client) -> list[str]:
    response = client.get("/docs/")
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    parser = _AssetLinks()
    parser.feed(response.get_data(as_text=True))
    return parser.urls


def test_docs_page_references_no_remote_assets(client):
    urls = _docs_assets(client)
    assert any(url.endswith(".js") for url in urls)
    assert any(url.endswith(".css") for url in urls)
    remote = [url for url in urls if urlsplit(url).scheme or url.startswith("//")]
    assert remote == [], "the docs page must work offline"


def test_docs_page_assets_are_served_by_the_service(client):
    expected_types = {".js": "text/javascript", ".css": "text/css", ".png": "image/png"}
    for url in _docs_assets(client):
        with client.get(urljoin("/docs/", url)) as response:  # closes the asset file
            assert response.status_code == 200, url
            assert response.get_data(), url
        # The service sends nosniff, so a browser refuses assets of the wrong type.
        suffix = Path(urlsplit(url).path).suffix
        assert response.mimetype == expected_types[suffix], url


def test_every_operation_has_a_summary(committed):
    missing = [name for name, operation in operations(committed) if not operation.get("summary")]
    assert missing == []


def test_every_operation_has_a_unique_camel_case_operation_id(committed):
    # Client generators name their methods after operationId (listContacts, createContact...).
    ids = {name: operation.get("operationId") for name, operation in operations(committed)}
    assert [name for name, op_id in ids.items() if not op_id or not re.fullmatch(r"[a-z][A-Za-z]+", op_id)] == []
    assert len(set(ids.values())) == len(ids)


def test_every_operation_declares_its_error_responses(committed):
    undeclared = [
        name
        for name, operation in operations(committed)
        if not any(status == "default" or str(status).startswith("4") for status in operation["responses"])
    ]
    assert undeclared == []


def test_every_operation_with_security_declares_401(committed):
    secured = {name: operation for name, operation in operations(committed) if operation.get("security")}
    assert secured, "some operations need a token"
    assert [name for name, operation in secured.items() if "401" not in operation["responses"]] == []


def test_bearer_auth_is_declared_as_a_security_scheme(committed):
    scheme = committed["components"]["securitySchemes"]["bearerAuth"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    # Both credentials are named: a login's JWT and a personal access token.
    assert "JWT" in scheme["bearerFormat"] and "cc_pat_" in scheme["bearerFormat"]


def test_every_security_requirement_names_a_declared_scheme(committed):
    schemes = set(committed["components"]["securitySchemes"])
    used = {
        name
        for _, operation in operations(committed)
        for requirement in operation.get("security", [])
        for name in requirement
    }
    assert used <= schemes


def test_every_scalar_field_of_every_schema_has_an_example(committed):
    # Client developers read the examples first; Swagger UI builds request bodies from them.
    missing = [
        f"{schema_name}.{field}"
        for schema_name, schema in committed["components"]["schemas"].items()
        for field, spec in (schema.get("properties") or {}).items()
        if spec.get("type") in {"string", "integer", "number", "boolean"} and "example" not in spec
    ]
    assert missing == []
