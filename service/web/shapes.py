"""What a client sends and what the server answers, as two shapes of one schema in the OpenAPI document.

A marshmallow schema describes a resource both ways: the fields a client sends (load) and the
fields the server answers with (dump). A client generator reads one component as one type, so
one component for both makes server-set fields optional in answers (``id?: number``) and
defaulted fields required in requests. Where the two ways differ, the document gives each its
own component:

- ``Contact``, as the server sends it: every property is ``required`` (the server always sends
  it, with ``null`` where it is ``nullable``), except those a field marks ``SENT_WHEN_APPLIES``;
  server-set properties stay, ``readOnly``; write-only ones (a password) are left out.
- ``ContactCreate``, as a client sends it to make one: without the read-only properties, and
  without the ``default`` keyword, since generators make a property with a default required;
  the description says the default instead.
- ``ContactUpdate``, as a client sends it in a PATCH: every property optional, no defaults
  (``service.web.api`` names and converts partial schemas so).

A schema met one way only keeps its name and gets that way's shape. The split follows ``$ref``
from the operations' request bodies and answers through nested schemas, so a schema nested in a
request body gets its request shape too.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterable, Iterator

from service.schemas.fields import SENT_WHEN_APPLIES

SENT_WHEN_APPLIES_KEY = next(iter(SENT_WHEN_APPLIES))
SCHEMAS = "#/components/schemas/"
CREATE_SUFFIX = "Create"
UPDATE_SUFFIX = "Update"

Schema = dict
Transform = Callable[[Schema], Schema]


def split_by_direction(document: dict) -> dict:
    """``document`` (apispec's dict) with each schema in its request and its answer shape."""
    document = copy.deepcopy(document)
    schemas: dict[str, Schema] = document.get("components", {}).get("schemas", {})
    request_bodies = [operation["requestBody"] for operation in _operations(document) if "requestBody" in operation]
    answers = [operation.get("responses", {}) for operation in _operations(document)]
    answers.append(document.get("components", {}).get("responses", {}))

    requests = _reachable(schemas, _refs(request_bodies), as_request)
    responses = _reachable(schemas, _refs(answers), as_answer)

    renamed = {name: _request_name(name, schemas) for name in requests if name in responses}
    renamed = {name: new for name, new in renamed.items() if requests[name] != responses[name]}
    for schema in [*requests.values(), *request_bodies]:
        _rename_refs(schema, renamed)

    shaped: dict[str, Schema] = {}
    for name in schemas:
        if name in responses:
            shaped[name] = responses[name]
        if name in renamed:
            shaped[renamed[name]] = requests[name]
        elif name in requests:
            shaped[name] = requests[name]
        if name not in shaped:
            shaped[name] = schemas[name]  # referenced by nothing the document describes: kept as it is
    schemas.clear()
    schemas.update(shaped)
    return document


def as_request(schema: Schema) -> Schema:
    """The shape a client sends: no read-only properties, defaults said in words."""

    def shape(node: Schema) -> None:
        properties = node.get("properties", {})
        for name in [name for name, prop in properties.items() if prop.get("readOnly")]:
            del properties[name]
        if "required" in node:
            node["required"] = [name for name in node["required"] if name in properties]
            if not node["required"]:
                del node["required"]
        for prop in properties.values():
            prop.pop(SENT_WHEN_APPLIES_KEY, None)
            if "default" in prop:
                prop["description"] = _with_default(prop.get("description", ""), prop.pop("default"))

    return _shaped(schema, shape)


def as_answer(schema: Schema) -> Schema:
    """The shape the server sends: every property it always sends required, none write-only."""

    def shape(node: Schema) -> None:
        properties = node.get("properties", {})
        for name in [name for name, prop in properties.items() if prop.get("writeOnly")]:
            del properties[name]
        if properties:
            node["required"] = [name for name, prop in properties.items() if not prop.get(SENT_WHEN_APPLIES_KEY)]
            if not node["required"]:
                del node["required"]
        for prop in properties.values():
            prop.pop(SENT_WHEN_APPLIES_KEY, None)

    return _shaped(schema, shape)


def _shaped(schema: Schema, shape: Callable[[Schema], None]) -> Schema:
    """A copy of ``schema`` with ``shape`` applied to it and to every object schema written inside it."""
    schema = copy.deepcopy(schema)
    for node in _object_schemas(schema):
        shape(node)
    return schema


def _object_schemas(schema: Schema) -> Iterator[Schema]:
    """``schema`` and the schemas written inline in it (not those behind a ``$ref``), outermost first."""
    if not isinstance(schema, dict) or "$ref" in schema:
        return
    yield schema
    for prop in schema.get("properties", {}).values():
        yield from _object_schemas(prop)
    for key in ("items", "additionalProperties", "not"):
        if isinstance(schema.get(key), dict):
            yield from _object_schemas(schema[key])
    for key in ("allOf", "anyOf", "oneOf"):
        for part in schema.get(key, []):
            yield from _object_schemas(part)


def _with_default(description: str, default) -> str:
    shown = default if isinstance(default, str) else json.dumps(default)
    sentence = f"Default when left out: `{shown}`."
    return f"{description.rstrip()} {sentence}" if description else sentence


def _request_name(name: str, schemas: dict) -> str:
    new = name if name.endswith(UPDATE_SUFFIX) else f"{name}{CREATE_SUFFIX}"
    if new in schemas:
        raise ValueError(f"The request shape of schema {name!r} would be named {new!r}, which is taken.")
    return new


def _operations(document: dict) -> Iterator[dict]:
    for item in document.get("paths", {}).values():
        for operation in item.values():
            if isinstance(operation, dict) and "responses" in operation:
                yield operation


def _refs(node) -> Iterator[str]:
    """The names of the component schemas ``node`` refers to."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMAS):
            yield ref.removeprefix(SCHEMAS)
        for key, value in node.items():
            if key != "$ref":
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _reachable(schemas: dict[str, Schema], roots: Iterable[str], transform: Transform) -> dict[str, Schema]:
    """The schemas reachable from ``roots``, each transformed, following the refs of the transformed ones."""
    found: dict[str, Schema] = {}
    pending = list(roots)
    while pending:
        name = pending.pop()
        if name in found or name not in schemas:
            continue
        found[name] = transform(schemas[name])
        pending.extend(_refs(found[name]))
    return found


def _rename_refs(node, renamed: dict[str, str]) -> None:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.removeprefix(SCHEMAS) in renamed:
            node["$ref"] = SCHEMAS + renamed[ref.removeprefix(SCHEMAS)]
        for key, value in node.items():
            if key != "$ref":
                _rename_refs(value, renamed)
    elif isinstance(node, list):
        for value in node:
            _rename_refs(value, renamed)
