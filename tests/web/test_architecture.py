"""The floors of the house, read from the code: the rules of the README's "Layout" that import-linter cannot state.

The import contracts themselves (floors, no circle, views apart, no Flask below the web layer)
are in pyproject.toml and run by `lint-imports` in `make lint`, `make check` and `make test`.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.factories import ROOT

SERVICE = ROOT / "service"
MODULES = sorted(SERVICE.rglob("*.py"))
# A lazy import is fine where start-up cost is the reason, said in a comment on its line.
LAZY_IMPORT_MARK = "# lazy:"


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def name(path: Path) -> str:
    return str(path.relative_to(SERVICE.parent))


@pytest.mark.parametrize("path", MODULES, ids=name)
def test_no_module_imports_inside_a_function_to_dodge_a_circle(path):
    lines = path.read_text().splitlines()
    deferred = [
        f"{name(path)}:{node.lineno}"
        for function in ast.walk(tree(path))
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(function)
        if isinstance(node, ast.Import | ast.ImportFrom) and LAZY_IMPORT_MARK not in lines[node.lineno - 1]
    ]
    assert not deferred, f"imports inside functions: {deferred}; import at the top, or fix the floor plan"


@pytest.mark.parametrize("path", MODULES, ids=name)
def test_no_listener_is_registered_by_importing_a_module(path):
    registered = [
        f"{name(path)}:{node.lineno}"
        for node in tree(path).body
        for call in ast.walk(node)
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)
        and isinstance(call, ast.Call)
        and isinstance(call.func, ast.Attribute)
        and call.func.attr in {"listen", "listens_for"}
    ] + [
        f"{name(path)}:{function.lineno}"
        for function in tree(path).body
        if isinstance(function, ast.FunctionDef)
        for decorator in function.decorator_list
        if isinstance(decorator, ast.Call)
        and isinstance(decorator.func, ast.Attribute)
        and decorator.func.attr == "listens_for"
    ]
    assert not registered, f"listeners registered at import time: {registered}; register them from create_app"
