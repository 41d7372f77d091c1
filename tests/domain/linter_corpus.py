"""The labelled question corpus in ``tests/fixtures/questions`` and how well the linter scores on it.

``python -m tests.domain.linter_corpus`` prints precision and recall per warning code, and each
question the linter gets wrong.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from service.interview.linter import CODES, lint

FOLDER = Path(__file__).parent.parent / "fixtures" / "questions"
# Codes a single question can earn; a duplicate needs a second question.
SCORED = tuple(code for code in CODES if code != "duplicate")


@dataclass(frozen=True)
class Labelled:
    question: str
    codes: frozenset[str]
    category: str
    source: str
    file: str

    @property
    def good(self) -> bool:
        return not self.codes


@dataclass(frozen=True)
class Score:
    code: str
    true_positives: int
    false_positives: int
    false_negatives: int

    @property
    def precision(self) -> float:
        flagged = self.true_positives + self.false_positives
        return self.true_positives / flagged if flagged else 1.0

    @property
    def recall(self) -> float:
        labelled = self.true_positives + self.false_negatives
        return self.true_positives / labelled if labelled else 1.0


def corpus() -> list[Labelled]:
    """Every labelled question of every CSV file in the fixture folder."""
    rows = []
    for path in sorted(FOLDER.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as file:
            rows += [
                Labelled(row["question"], frozenset(row["codes"].split()), row["category"], row["source"], path.name)
                for row in csv.DictReader(file)
            ]
    return rows


def found(question: Labelled) -> frozenset[str]:
    """The codes the linter gives the question in an informational meeting."""
    return frozenset(warning.code for warning in lint(question.question))


def scores(rows: list[Labelled]) -> dict[str, Score]:
    counts = {code: [0, 0, 0] for code in SCORED}
    for row in rows:
        got = found(row)
        for code in SCORED:
            if code in got:
                counts[code][0 if code in row.codes else 1] += 1
            elif code in row.codes:
                counts[code][2] += 1
    return {code: Score(code, *numbers) for code, numbers in counts.items()}


def report(rows: list[Labelled]) -> str:
    """A table of precision and recall per code, then every question the linter labels differently."""
    lines = [f"{'code':<14}{'precision':>10}{'recall':>8}{'tp':>5}{'fp':>5}{'fn':>5}"]
    for s in scores(rows).values():
        lines.append(
            f"{s.code:<14}{s.precision:>10.2f}{s.recall:>8.2f}"
            f"{s.true_positives:>5}{s.false_positives:>5}{s.false_negatives:>5}"
        )
    for row in rows:
        got = found(row)
        if got != row.codes:
            lines.append(f"  {row.question!r}: labelled {sorted(row.codes)}, linter {sorted(got)} ({row.file})")
    return "\n".join(lines)


if __name__ == "__main__":
    rows = corpus()
    print(f"{len(rows)} questions, {sum(row.good for row in rows)} good")
    print(report(rows))
