"""Each schema in the shape of its way: what a client sends apart from what the server answers.

Client generators type a component as one thing. The committed document gives a schema that goes
both ways a request shape (``ContactCreate``, ``ContactUpdate``) and an answer shape
(``Contact``), so a generated client neither has to test server-set fields for ``undefined`` nor
has to send fields that have defaults (tests/web/test_openapi_clients.py compiles such a client).
"""

from __future__ import annotations

import pytest

from service.web.shapes import split_by_direction
from tests.factories import committed_spec, operations

SPEC = committed_spec()
SCHEMAS = SPEC["components"]["schemas"]
REF = "#/components/schemas/"

# The members of a problem document that not every error has: a 422's errors, and the path that
# the errors answered by the server in front of the API (nginx, gunicorn) leave out; a meeting's
# contact, embedded when the request asks `expand=contact`.
SENT_WHEN_APPLIES = {"Problem": {"errors", "instance"}, "Meeting": {"contact"}}


def refs(node) -> set[str]:
    if isinstance(node, dict):
        found = {node["$ref"].removeprefix(REF)} if isinstance(node.get("$ref"), str) else set()
        return found.union(*(refs(value) for key, value in node.items() if key != "$ref"))
    if isinstance(node, list):
        return set().union(*(refs(value) for value in node))
    return set()


def reachable(roots: set[str]) -> set[str]:
    found: set[str] = set()
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in SCHEMAS and name not in found:
            found.add(name)
            pending.extend(refs(SCHEMAS[name]))
    return found


def object_schemas(schema: dict):
    """``schema`` and the object schemas written inline in it."""
    if "$ref" in schema:
        return
    yield schema
    for prop in schema.get("properties", {}).values():
        yield from object_schemas(prop)
    if isinstance(schema.get("items"), dict):
        yield from object_schemas(schema["items"])


REQUEST_SHAPES = reachable(refs([op.get("requestBody", {}) for _, op in operations(SPEC)]))
ANSWER_SHAPES = reachable(
    refs([op["responses"] for _, op in operations(SPEC)]) | refs(SPEC["components"].get("responses", {}))
)


def body_of(operation: str, status: str | None = None) -> str:
    method, path = operation.split(" ")
    op = SPEC["paths"][path][method.lower()]
    content = op["responses"][status]["content"] if status else op["requestBody"]["content"]
    return content["application/json"]["schema"]["$ref"].removeprefix(REF)


def test_no_schema_is_both_a_request_shape_and_an_answer_shape_unless_the_two_are_the_same():
    for name in REQUEST_SHAPES & ANSWER_SHAPES:
        schema = SCHEMAS[name]
        assert not any(prop.get("readOnly") or "default" in prop for prop in schema.get("properties", {}).values())
        assert set(schema.get("required", [])) == set(schema.get("properties", {})), name


@pytest.mark.parametrize("name", sorted(ANSWER_SHAPES))
def test_every_field_the_server_always_sends_is_required_in_its_answer(name):
    for schema in object_schemas(SCHEMAS[name]):
        properties = set(schema.get("properties", {}))
        assert properties - set(schema.get("required", [])) == SENT_WHEN_APPLIES.get(name, set()) & properties
        assert not any(prop.get("writeOnly") for prop in schema.get("properties", {}).values())


@pytest.mark.parametrize("name", sorted(REQUEST_SHAPES))
def test_a_request_shape_has_no_server_set_field_and_no_default(name):
    # A generator makes a property with a default required: the description names the default.
    for schema in object_schemas(SCHEMAS[name]):
        for field, prop in schema.get("properties", {}).items():
            assert not prop.get("readOnly"), f"{name}.{field}"
            assert "default" not in prop, f"{name}.{field}"


def test_a_contact_is_created_from_its_name_alone_patched_field_by_field_and_answered_in_full():
    assert body_of("POST /api/v1/contacts") == "ContactCreate"
    assert body_of("PATCH /api/v1/contacts/{contact_id}") == "ContactUpdate"
    assert body_of("POST /api/v1/contacts", "201") == body_of("GET /api/v1/contacts/{contact_id}", "200") == "Contact"

    create, update, contact = SCHEMAS["ContactCreate"], SCHEMAS["ContactUpdate"], SCHEMAS["Contact"]
    assert create["required"] == ["name"]
    assert "required" not in update
    assert {"id", "source_meeting_id", "created_at", "updated_at"}.isdisjoint(create["properties"])
    assert set(update["properties"]) == set(create["properties"])
    assert set(contact["required"]) == set(contact["properties"]) >= {"id", "name", "tags", "created_at"}
    assert contact["properties"]["id"]["readOnly"] is True


def test_a_meeting_is_created_from_its_contact_purpose_and_start_and_says_its_defaults():
    create = SCHEMAS["MeetingCreate"]
    assert sorted(create["required"]) == ["contact_id", "purpose", "starts_at"]
    assert "Default when left out: `planned`." in create["properties"]["status"]["description"]
    assert "Default when left out: `false`." in create["properties"]["two_way"]["description"]
    assert {"status", "two_way", "duration_minutes", "title"} <= set(SCHEMAS["Meeting"]["required"])


def test_an_answer_is_nullable_exactly_where_the_server_may_send_null():
    meeting = SCHEMAS["Meeting"]["properties"]
    assert meeting["location"].get("nullable") is True and meeting["completed_at"].get("nullable") is True
    assert not any(meeting[field].get("nullable") for field in ("id", "title", "status", "starts_at", "uid"))


def test_a_schema_used_one_way_keeps_its_name():
    assert {"Login", "Register", "PlanQuestion"} <= REQUEST_SHAPES - ANSWER_SHAPES
    assert {"User", "TokenPair", "Readiness"} <= ANSWER_SHAPES - REQUEST_SHAPES


def document(schemas: dict, request: str, answer: str) -> dict:
    return {
        "paths": {
            "/things": {
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": {"$ref": REF + request}}}},
                    "responses": {"201": {"content": {"application/json": {"schema": {"$ref": REF + answer}}}}},
                }
            }
        },
        "components": {"schemas": schemas},
    }


THING = {
    "type": "object",
    "properties": {
        "id": {"type": "integer", "readOnly": True},
        "name": {"type": "string"},
        "colour": {"type": "string", "default": "blue", "description": "Its colour."},
        "part": {"$ref": REF + "Part"},
    },
    "required": ["name"],
}
PART = {"type": "object", "properties": {"size": {"type": "integer", "default": 1}}}


def test_a_schema_both_sent_and_answered_gets_a_create_shape_and_so_do_the_schemas_in_it():
    shaped = split_by_direction(document({"Thing": THING, "Part": PART}, "Thing", "Thing"))
    schemas = shaped["components"]["schemas"]

    assert list(schemas) == ["Thing", "ThingCreate", "Part", "PartCreate"]
    assert schemas["Thing"]["required"] == ["id", "name", "colour", "part"]
    assert schemas["ThingCreate"] == {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "colour": {"type": "string", "description": "Its colour. Default when left out: `blue`."},
            "part": {"$ref": REF + "PartCreate"},
        },
        "required": ["name"],
    }
    assert schemas["PartCreate"]["properties"]["size"] == {
        "type": "integer",
        "description": "Default when left out: `1`.",
    }
    body = shaped["paths"]["/things"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    assert body == {"$ref": REF + "ThingCreate"}


def test_a_schema_only_answered_keeps_its_name_and_a_write_only_field_leaves_the_answer():
    secret = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "password": {"type": "string", "writeOnly": True}},
    }
    shaped = split_by_direction(
        document({"In": {"type": "object", "properties": {}}, "Secret": secret}, "In", "Secret")
    )

    assert shaped["components"]["schemas"]["Secret"] == {
        "type": "object",
        "properties": {"name": {"type": "string"}},
        "required": ["name"],
    }
