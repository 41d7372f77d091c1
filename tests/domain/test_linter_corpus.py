"""The question linter against a corpus of real questions, each labelled with the codes it should get.

The corpus (``tests/fixtures/questions``, described in its README) holds the questions career-centre
guides suggest, the ones the article and hiring-side posts warn against, and many good ones. A
linter that nags about a good question gets ignored, so good questions must pass clean; a linter
that misses the usual phrasings of a job request or a self-pitch does not help, so each code has a
recall floor. Failure messages print precision and recall per code and every question labelled
differently (``python -m tests.domain.linter_corpus`` prints the same).
"""

from __future__ import annotations

import pytest

from tests.domain.linter_corpus import SCORED, corpus, found, report, scores

ROWS = corpus()

# The share of the questions labelled with a code that the linter must flag with it.
RECALL_FLOOR = {"researchable": 0.9, "closed": 0.99, "job_request": 0.9, "self_pitch": 0.9}


def test_the_corpus_is_large_labelled_and_sourced():
    assert len(ROWS) >= 150
    assert len({row.question for row in ROWS}) == len(ROWS), "a question is in the corpus twice"
    assert sum(row.good for row in ROWS) >= 100
    assert all(row.codes <= set(SCORED) and row.source and row.category for row in ROWS)
    good_categories = {row.category for row in ROWS if row.good}
    assert {"culture", "role", "industry", "career_path", "advice", "next_steps"} <= good_categories
    for code in SCORED:
        assert sum(code in row.codes for row in ROWS) >= 20, code


def test_no_good_question_gets_a_warning():
    flagged = [row for row in ROWS if row.good and found(row)]
    assert not flagged, report(flagged)


@pytest.mark.parametrize("code", SCORED)
def test_the_linter_finds_most_questions_labelled_with_each_code(code):
    assert scores(ROWS)[code].recall >= RECALL_FLOOR[code], report(ROWS)
