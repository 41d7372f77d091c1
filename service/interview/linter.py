"""Question linter: flags questions that waste an informational interview.

An informational interview is a conversation to learn from someone's experience. The
rules below catch the usual ways a prepared question works against that: it could be
answered by a web search, it invites a bare yes or no, it asks for a job in a meeting
set up to learn, it is about the asker rather than the person asked, or it repeats
another question. Each rule is a regular expression with a comment saying why it
exists; the linter is a heuristic that helps people rewrite, not a gate.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

CODES = ("researchable", "closed", "job_request", "self_pitch", "duplicate")

# Purpose of a meeting in which asking about openings is honest rather than a bait and switch.
JOB_SEARCH = "job_search"


@dataclass(frozen=True)
class LintWarning:
    """One problem with a question: a code from ``CODES`` and a sentence saying what to do instead."""

    code: str
    message: str


@dataclass(frozen=True)
class Rule:
    """A pattern that, found in a question, earns a warning; ``topic`` names what a search would answer."""

    code: str
    pattern: re.Pattern[str]
    topic: str | None = None


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# The company as the subject of a question: "the company", "your firm", or a capitalised
# name such as "Acme" or "Acme Labs" (matched case-sensitively, so "a typical day" is not a name;
# "I" is never one).
_COMPANY = (
    r"(?:(?:the|your|this|that|their|its|our)\s+"
    r"(?:company|firm|business|organi[sz]ation|employer|startup|corporation|agency)"
    r"|(?-i:(?!I\b)[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)*))"
)
_COMPANY_POSS = rf"{_COMPANY}(?:'s?)?"

# Auxiliary verbs that open a yes/no question.
_AUXILIARY = (
    r"(?:do|does|did|is|are|am|was|were|can|could|would|will|should|shall|have|has|had|may|might|must"
    r"|isn't|aren't|wasn't|weren't|don't|doesn't|didn't|can't|couldn't|won't|wouldn't|shouldn't"
    r"|haven't|hasn't|hadn't)"
)
# "Could you tell me...", "Would you mind sharing...": requests for a story, open despite the auxiliary.
_POLITE_REQUEST = (
    r"(?:can|could|would|will)\s+you\s+(?:please\s+)?(?:mind\s+)?"
    r"(?:tell|describe|walk|share|explain|talk|give|expand|elaborate|outline|take\s+me\s+through"
    r"|introduce|refer|connect|put\s+me\s+in\s+touch|point\s+me|help\s+me\s+understand|suggest|name|list"
    r"|telling|describing|walking|sharing|explaining|talking|giving|expanding|elaborating|outlining)\b"
)

# Where a sentence starts: a question after a lead-in statement still counts as a question.
_SENTENCE_START = r"(?:^|(?<=[.!?;:])\s+)"
# Where a clause ends, so "What does Acme do?" matches but "What does Acme do to support parents?" doesn't.
_CLAUSE_END = r"(?=\s*(?:[?.!,;]|$))"

RULES: tuple[Rule, ...] = (
    # --- researchable: the company's website, LinkedIn page or a news search answers these,
    # and asking them tells the contact you did not prepare. Questions about the person's own
    # team or experience ("How many people are on your team?") are not researchable.
    Rule(
        "researchable",
        _rx(
            r"\bhow\s+many\s+(?:employees|staff|workers)\b"
            r"|\bhow\s+many\s+people\s+(?:work|are\s+employed)\s+(?:at|for)\s+(?!you\b|your\s+(?:team|group|department|unit)\b)"
            r"|\bhead\s?count\b|\bnumber\s+of\s+(?:employees|staff)\b"
            rf"|\b(?:company|firm|organi[sz]ation)(?:'s)?\s+size\b|\bsize\s+of\s+{_COMPANY}"
            rf"|\bhow\s+(?:big|large)\s+is\s+{_COMPANY}(?!')"
        ),
        topic="company size",
    ),
    Rule(
        "researchable",
        _rx(
            r"\bwhen\s+(?:was|were)\s+[^?.!]{0,40}\bfounded\b|\bfounding\s+(?:date|year)\b"
            rf"|\bwhen\s+(?:was|were)\s+{_COMPANY}\s+(?:first\s+)?(?:established|incorporated|started|set\s+up|created)\b"
            r"|\bwhat\s+year\s+was\b[^?.!]{0,40}\b(?:founded|established|started)\b"
            rf"|\bhow\s+old\s+is\s+{_COMPANY}(?!')"
            rf"|\bwhen\s+did\s+{_COMPANY}\s+(?:start|begin|launch|get\s+started)\b"
        ),
        topic="when the company was founded",
    ),
    Rule(
        "researchable",
        _rx(
            # Only the general question: "What does your company do?", not "...do to support new parents?"
            rf"\bwhat\s+(?:does|do)\s+{_COMPANY}\s+(?:do|sell|make|offer|produce|manufacture|build)"
            rf"(?:\s+(?:exactly|as\s+a\s+(?:company|business)))?{_CLAUSE_END}"
            r"|\bwhat\s+(?:kinds?\s+of\s+|types?\s+of\s+|main\s+)?(?:products|services)\s+(?:does|do)\s+"
            rf"{_COMPANY}\s+(?:sell|offer|make|provide|have|build)\b"
            rf"|\bwhat(?:'s|\s+is|\s+are)\s+{_COMPANY_POSS}\s+(?:main\s+)?(?:products?|services|core\s+business"
            r"|mission(?:\s+statement)?)\b"
            r"|\bbusiness\s+model\b"
            rf"|\bwho\s+are\s+(?:{_COMPANY_POSS}|its)\s+(?:main\s+|biggest\s+|key\s+)?(?:customers|clients|competitors)\b"
            # "your" here is the company: a person has no competitors of their own.
            r"|\bwho\s+are\s+(?:your|their)\s+(?:main\s+|biggest\s+|key\s+)?competitors\b"
        ),
        topic="what the company does",
    ),
    Rule(
        "researchable",
        _rx(
            r"\bheadquarter(?:s|ed)\b|\bhq\b"
            rf"|\bwhere\s+(?:is|are)\s+{_COMPANY}\s+(?:based|located)\b"
            rf"|\bwhere\s+(?:is|are)\s+(?:the\s+|your\s+|its\s+|{_COMPANY_POSS}\s+)?(?:main\s+|head\s+)?offices?\b"
            r"|\bhow\s+many\s+(?:offices|locations)\b|\bnumber\s+of\s+(?:offices|locations)\b"
            rf"|\b{_COMPANY}\s+(?:have|has)\s+(?:an?\s+|any\s+)?offices?\b"
        ),
        topic="where the company is based",
    ),
    Rule(
        "researchable",
        _rx(
            r"\b(?:stock|share)\s+price\b|\bmarket\s+cap(?:itali[sz]ation)?\b|\bpublicly\s+(?:traded|listed)\b"
            r"|\bpublic\s+company\b"
            r"|\b(?:what(?:'s|\s+is|\s+was|\s+are|\s+were)|how\s+much\s+(?:is|was))\s+"
            rf"(?:the\s+|your\s+|its\s+|their\s+|{_COMPANY_POSS}\s+)?(?:company's\s+)?"
            r"(?:annual\s+|yearly\s+|total\s+|current\s+|latest\s+)?(?:revenue|turnover|valuation|profits?)\b"
            rf"|\bhow\s+much\s+(?:revenue|profit|money)\s+(?:does|did)\s+{_COMPANY}\s+(?:make|earn|bring)\b"
            r"|\bhow\s+much\s+(?:money\s+|funding\s+|capital\s+)?(?:has|have|did)\b[^?.!]{0,40}\braised?\b"
            r"|\bhow\s+much\s+funding\b"
        ),
        topic="the company's finances",
    ),
    Rule(
        "researchable",
        _rx(
            r"\bwho(?:'s|\s+is|\s+are|\s+was|\s+were)\s+"
            rf"(?:the\s+|your\s+|its\s+|{_COMPANY_POSS}\s+)?(?:current\s+)?"
            r"(?:ceo|chief\s+executive|(?:co-?)?founders?|chair(?:man|woman|person)?)\b"
            rf"|\bwho\s+(?:founded|started|runs|owns)\s+{_COMPANY}"
        ),
        topic="who leads the company",
    ),
    # --- closed: a sentence opening with an auxiliary verb ("Do you...", "Is it...") invites
    # "yes" and a pause; an informational interview needs stories. "Could you tell me..." and
    # "Would you mind sharing..." are polite requests for a story and pass.
    Rule(
        "closed",
        _rx(
            rf"{_SENTENCE_START}(?:(?:so|and|but|also|ok|okay|well|now)\b[,\s]+)?"
            rf"(?!{_POLITE_REQUEST}|(?:would|could)\s+love\b){_AUXILIARY}\s+\w"
        ),
    ),
    # --- job_request: asking for a job in a meeting offered as "just information" makes the
    # contact feel tricked; it is honest only when the meeting was set up as a job search.
    # Asking how hiring works, or who else to talk to, is not asking for a job.
    Rule(
        "job_request",
        _rx(
            r"\b(?:job\s+|role\s+|position\s+)?openings\b|\b(?:job|role|position|any)\s+opening\b|\bvacanc(?:y|ies)\b"
            r"|\b(?:positions?|roles?|jobs?)\s+(?:are\s+|is\s+)?(?:currently\s+)?(?:available|open)\b(?!\s+to\b)"
            r"|\bopen\s+(?:positions?|roles?|jobs?|reqs?)\b|\bany\s+(?:jobs|positions|open\s+roles)\b"
            r"|\b(?:are|is)\s+(?:\w+\s+){0,3}?(?:currently\s+|still\s+|actively\s+)?hiring"
            r"(?=\s*(?:[?.!,;]|$|\s+(?:now|right|at|for|in|on|this|next|anyone|people|someone|more|again|soon|currently)\b))"
            r"|\bhiring\s+(?:right\s+)?now\b"
            r"|\bhire\s+me\b|\b(?:give|offer)\s+me\s+a\s+(?:job|role|position)\b"
            r"|\brefer\s+me\s+(?:for|to)\s+(?:a|an|the|this|that|any|your)?\s*(?:\w+\s+)?(?:job|role|position|opening|opportunit)"
            rf"|\brefer\s+me{_CLAUSE_END}|\b(?:give|get|make)\s+me\s+a\s+referral\b"
            r"|\bput\s+in\s+a\s+(?:good\s+)?word\b"
            r"|\b(?:pass|forward|send|hand)\s+(?:on\s+|along\s+)?my\s+(?:r[ée]sum[ée]|cv)\b"
            r"|\bget\s+me\s+(?:an\s+)?interview\b"
            r"|\b(?:refer|introduce|connect)\s+me\s+(?:to|with)\s+(?:the\s+|a\s+|your\s+)?(?:hiring\s+managers?|recruiters?|hr)\b"
            r"|\bput\s+me\s+in\s+touch\s+with\s+(?:the\s+|a\s+|your\s+)?(?:hiring\s+managers?|recruiters?|hr)\b"
        ),
    ),
    # --- self_pitch: the asker selling themselves. You are interviewing them; if they want to
    # hear about you, they will ask. Asking advice "for someone like me" is not a pitch.
    Rule(
        "self_pitch",
        _rx(
            r"\b(?:let\s+me|allow\s+me\s+to|i'd\s+like\s+to|i\s+want\s+to)\s+(?:tell|show)\s+you\s+(?:about\s+)?(?:me|myself|my)\b"
            rf"|{_SENTENCE_START}i(?:\s+have|'ve)(?:\s+got)?\s+(?:over\s+|more\s+than\s+|almost\s+|nearly\s+)?"
            r"(?:\d+|a\s+few|several|many|one|two|three|four|five|six|seven|eight|nine|ten)\+?\s+years?\b"
            r"|\b(?:would|could)\s+i\s+(?:be|make)\s+(?:a\s+)?(?:good\s+|great\s+|strong\s+|right\s+)?(?:fit|candidate|match|hire)\b"
            r"|\bam\s+i\s+(?:a\s+)?(?:good\s+|great\s+|strong\s+|right\s+)?(?:fit|qualified|candidate|match)\b"
            r"|\bthink\s+i(?:'m|\s+am|\s+would\s+be|'d\s+be|\s+could\s+be)?\s+(?:qualified|a\s+(?:good\s+|great\s+|strong\s+)?"
            r"(?:fit|candidate|match)|right\s+for|good\s+enough)\b"
            r"|\b(?:what\s+do\s+you\s+think\s+(?:of|about)|thoughts\s+on|feedback\s+on|opinion\s+(?:of|on)"
            r"|(?:could|can|would)\s+you\s+(?:look\s+(?:at|over)|review|check|read))\s+my\s+"
            r"(?:r[ée]sum[ée]|cv|portfolio|background|experience|profile|linkedin|work|skills|qualifications|cover\s+letter)\b"
            r"|\b(?:can|could|may)\s+i\s+(?:show|send|give|email)\s+you\s+(?:my|a\s+copy\s+of\s+my)\b"
            r"|\bmy\s+(?:skills|strengths|experience|background|qualifications)\s+"
            r"(?:are|is|include|includes|would|could|will|make|makes|match|matches|fit|fits)\b"
            r"|\bi(?:'ve|\s+have)\s+been\s+(?:an?\s+|working\s+)[^?.!]{0,60}?\bfor\s+(?:over\s+|more\s+than\s+)?"
            r"(?:\d+|a\s+few|several|many|two|three|four|five|six|seven|eight|nine|ten)\+?\s+years?\b"
            r"|\bi(?:'d|\s+would)\s+fit\s+in\b"
            r"|\bhere(?:'s|\s+is|\s+are)\s+my\s+(?:r[ée]sum[ée]|cv|portfolio)\b"
            r"|\bi(?:'m|\s+am)\s+(?:really\s+|very\s+)?(?:a\s+(?:fast|quick)\s+learner|a\s+team\s+player|a\s+hard\s+worker"
            r"|(?:great|excellent|good)\s+at)\b"
        ),
    ),
)

MESSAGES = {
    "researchable": (
        "A quick web search answers this ({topic}). Ask what they can tell you that the website can't, "
        "such as how it looks from the inside."
    ),
    "closed": (
        "This can be answered with a plain yes or no. Start with What, How or Why, or with "
        "'Tell me about', so they tell you a story."
    ),
    "job_request": (
        "This asks for a job in a meeting offered as a chance to learn. Ask for advice or who else to talk to "
        "instead, or tell them up front that you are job hunting."
    ),
    "self_pitch": (
        "This is about you rather than them. Ask about their experience instead; if they want to hear about you, "
        "they will ask."
    ),
    "duplicate": "You already have this question. Remove the copy or replace it with a new question.",
}

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})


def _clean(text: str) -> str:
    """Straight apostrophes and single spaces, so patterns need not allow for typography."""
    return " ".join(text.translate(_APOSTROPHES).split())


def normalize(text: str) -> str:
    """The form of a question compared for duplicates: case, spacing and punctuation ignored.

    Apostrophes are dropped ("What's" becomes "whats") and other punctuation becomes a
    space, so "What's the plan?" and "  what's THE plan " are equal; "What is" stays
    different from "What's".
    """
    text = text.translate(_APOSTROPHES).casefold().replace("'", "")
    text = re.sub(r"[\W_]+", " ", text)
    return text.strip()


def lint(text: str, *, purpose: str | None = None, others: Iterable[str] = ()) -> list[LintWarning]:
    """Warnings for one interview question, in ``CODES`` order and at most one per code.

    ``purpose`` is the meeting's purpose; asking about openings is only flagged when it is
    not ``"job_search"`` (``None`` counts as informational). ``others`` are the other
    questions of the same bank or plan, for duplicate detection; not the question itself.
    """
    question = _clean(text)
    if not question:
        return []
    found: dict[str, LintWarning] = {}
    for rule in RULES:
        if rule.code in found or not rule.pattern.search(question):
            continue
        if rule.code == "job_request" and purpose == JOB_SEARCH:
            continue
        found[rule.code] = LintWarning(rule.code, MESSAGES[rule.code].format(topic=rule.topic))
    key = normalize(question)
    if key and any(normalize(other) == key for other in others):
        found["duplicate"] = LintWarning("duplicate", MESSAGES["duplicate"])
    return [found[code] for code in CODES if code in found]


def lint_within(
    texts: Sequence[str], collection: Iterable[str], *, purpose: str | None = None
) -> list[list[LintWarning]]:
    """Warnings for each of ``texts``, questions of one bank or plan whose texts are ``collection``.

    ``collection`` holds ``texts`` themselves too: a text is a duplicate when its normal
    form occurs more than once there. Counting once makes a bank of n questions cost n
    normalizations, not n squared.
    """
    counts = Counter(normalize(text) for text in collection)
    return [lint(text, purpose=purpose, others=[text] if counts[normalize(text)] > 1 else ()) for text in texts]


def lint_among(items: Sequence, collection: Iterable[str], *, purpose: str | None = None) -> Sequence:
    """Give each item (a question with a ``text``) its ``warnings``, duplicates counted within ``collection``."""
    for item, warnings in zip(
        items, lint_within([item.text for item in items], collection, purpose=purpose), strict=True
    ):
        item.warnings = warnings
    return items
