"""A bounded number of queries: a contacts import takes as many for three rows as for thirty, creating
contacts or updating them.
"""

from __future__ import annotations

from tests.factories import (
    card,
)
from tests.factories import import_counts as counts
from tests.factories import imported_contacts as imported

# --- a bounded number of queries -------------------------------------------------------


def _new_people(count: int, offset: int = 0) -> str:
    return "".join(
        card(f"FN:Person {i}", f"EMAIL:person{i}@example.org", "ORG:Example Corp", "CATEGORIES:imported,batch")
        for i in range(offset, offset + count)
    )


def test_creating_contacts_takes_as_many_queries_for_three_rows_as_for_thirty(alice, queries):
    imported(alice, _new_people(3))
    few = queries.count
    queries.statements.clear()

    imported(alice, _new_people(30, offset=100))

    assert queries.count == few


def test_updating_contacts_takes_as_many_queries_for_three_rows_as_for_thirty(alice, queries):
    imported(alice, "".join(card(f"FN:Person {i}", f"EMAIL:person{i}@example.org") for i in range(40)))
    queries.statements.clear()
    imported(alice, "".join(card(f"FN:Person {i}", f"EMAIL:person{i}@example.org", "TITLE:CTO") for i in range(3)))
    few = queries.count
    queries.statements.clear()

    report = imported(
        alice, "".join(card(f"FN:Person {i}", f"EMAIL:person{i}@example.org", "TITLE:CTO") for i in range(3, 33))
    )

    assert counts(report) == (0, 30, 0)
    assert queries.count == few
