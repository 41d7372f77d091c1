"""Question linter: flags questions that waste an informational interview.

An informational interview is a conversation to learn from someone's experience. The
rules below catch the usual ways a prepared question works against that: it could be
answered by a web search, it invites a bare yes or no, it asks for a job in a meeting
set up to learn, it is about the asker rather than the person asked, or it repeats
another question. Each rule is a regular expression with a comment saying why it
exists; the linter is a heuristic that helps people rewrite, not a gate. The rules are
measured against a labelled corpus of real questions (``tests/fixtures/questions``; run
``python -m tests.domain.linter_corpus``): grow a rule's pattern to a family of phrasings
there, never to one sentence, and keep the good questions clean.
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
    """A pattern that, found in a question, earns a warning; ``topic`` names what a search would answer.

    ``unless`` excuses a match when it is found in the same sentence: "openings" asks for a job in
    "Are there openings on your team?" but not in "How do people in your field hear about openings?".
    """

    code: str
    pattern: re.Pattern[str]
    topic: str | None = None
    unless: re.Pattern[str] | None = None


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
# Where they work, as a place to be hired into: the company, or their team or group in it.
_EMPLOYER = rf"(?:{_COMPANY}|(?:your|this|the|their)\s+(?:team|group|department|office|division|unit|lab|practice))"

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
# A leading clause before the question proper, which still opens with its auxiliary:
# "If a role opens up, would you...", "In your experience, is it...", "Looking back, would you...".
_LEADING_CLAUSE = (
    r"(?:(?:if|when|once|since|before|after|while|given|now\s+that|in\s+your\s+(?:experience|opinion|view)"
    r"|from\s+your\s+experience|looking\s+back|out\s+of\s+curiosity|just\s+curious|honestly|personally)\b"
    r"[^.!?;:,]{0,80},\s+)"
)
# Where a clause ends, so "What does Acme do?" matches but "What does Acme do to support parents?" doesn't.
_CLAUSE_END = r"(?=\s*(?:[?.!,;]|$))"

# The asker speaking of themselves: "I'm", "I am", "I was", "I've (always) been", "...and have always been".
_I_AM = (
    r"(?:\bi(?:'m|\s+am|\s+was|'ve\s+(?:always\s+)?been|\s+have\s+(?:always\s+)?been)"
    r"|\band\s+(?:have\s+)?always\s+been)\s+"
)
# What a résumé holds, as the asker names it.
_MY_PAPERS = (
    r"(?:r[ée]sum[ée]|cv|portfolio|background|experience|profile|linkedin|work|skills|qualifications"
    r"|cover\s+letter|designs?|writing|code|github|website|pitch)"
)

RULES: tuple[Rule, ...] = (
    # --- researchable: the company's website, LinkedIn page or a news search answers these,
    # and asking them tells the contact you did not prepare. Questions about the person's own
    # team or experience ("How many people are on your team?") are not researchable.
    Rule(
        "researchable",
        _rx(
            r"\bhow\s+many\s+(?:employees|staff|workers)\b"
            rf"|\bhow\s+many\s+people\s+(?:does|do)\s+{_COMPANY}\s+employ\b"
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
            rf"|\bwhat\s+year\s+did\s+{_COMPANY}\s+(?:open|start|launch|begin|get\s+started)\b"
            rf"|\bhow\s+old\s+is\s+{_COMPANY}(?!')"
            rf"|\bwhen\s+did\s+{_COMPANY}\s+(?:start|begin|launch|get\s+started)\b"
            rf"|\bhow\s+long\s+(?:has|have)\s+{_COMPANY}\s+been\s+"
            r"(?:around|in\s+business|operating|in\s+existence|trading)\b"
        ),
        topic="when the company was founded",
    ),
    Rule(
        "researchable",
        _rx(
            # Only the general question: "What does your company do?", not "...do to support new parents?"
            rf"\bwhat\s+(?:exactly\s+)?(?:does|do)\s+{_COMPANY}\s+(?:actually\s+|really\s+|exactly\s+)?"
            r"(?:do|sell|make|offer|produce|manufacture|build)"
            rf"(?:\s+(?:exactly|as\s+a\s+(?:company|business)))?{_CLAUSE_END}"
            r"|\bwhat\s+(?:kinds?\s+of\s+|types?\s+of\s+|main\s+)?(?:products|services)\s+(?:does|do)\s+"
            rf"{_COMPANY}\s+(?:sell|offer|make|provide|have|build)\b"
            rf"|\bwhat(?:'s|\s+is|\s+are)\s+{_COMPANY_POSS}\s+(?:main\s+)?(?:products?|services|core\s+business"
            rf"|mission(?:\s+statement)?|(?:core\s+)?values{_CLAUSE_END})"
            r"|\bbusiness\s+model\b"
            rf"|\b(?:does|do)\s+{_COMPANY}\s+(?:also\s+)?(?:make|sell|manufacture|produce)\b"
            rf"|\bwho\s+are\s+(?:{_COMPANY_POSS}|its)\s+(?:main\s+|biggest\s+|key\s+)?(?:customers|clients|competitors)\b"
            # "your" here is the company: a person has no competitors of their own.
            r"|\bwho\s+are\s+(?:your|their)\s+(?:main\s+|biggest\s+|key\s+)?competitors\b"
        ),
        topic="what the company does",
    ),
    Rule(
        "researchable",
        _rx(
            # The company's own customers, markets and shops, not the person's clients ("How many
            # clients do you have?" is about their work).
            r"\bhow\s+many\s+(?:countries|markets|regions|customers|clients|users|stores|shops|branches|restaurants"
            rf"|sites|plants|factories|subsidiaries|brands|products|apps)\s+(?:does|do|is|are|has|have)\s+{_COMPANY}"
            r"|\b(?:what|which)\s+(?:industry|industries|sectors?|markets?|countries|regions)\s+(?:is|are|does|do)\s+"
            rf"{_COMPANY}\s+(?:in|serve|operate\s+in|sell\s+(?:in|to|into)|target|work\s+in"
            r"|(?:active|present)\s+in)\b"
        ),
        topic="whom and where the company sells",
    ),
    Rule(
        "researchable",
        _rx(
            r"\bheadquarter(?:s|ed)\b|\bhq\b|\bhead\s+office\b|\boffice\s+address\b"
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
            r"|\bpublic\s+company\b|\bprivately\s+(?:held|owned)\b"
            r"|\b(?:what(?:'s|\s+is)|how\s+(?:big|large)\s+is)\s+"
            rf"(?:the\s+|its\s+|{_COMPANY_POSS}\s+)?market\s+share\b"
            r"|\b(?:public|private)\s+or\s+(?:a\s+)?(?:public|private)\s+(?:company|firm|business|corporation)\b"
            rf"|\bwhen\s+did\s+{_COMPANY}\s+(?:go\s+public|ipo|list)\b|\bipo\s+date\b"
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
            rf"|\bwhen\s+(?:was|were)\s+{_COMPANY}\s+(?:acquired|bought|sold|taken\s+over|merged|rebranded)\b"
            rf"|\bwho\s+(?:acquired|bought|took\s+over)\s+{_COMPANY}|\bparent\s+company\b"
        ),
        topic="who owns and leads the company",
    ),
    # --- closed: a sentence opening with an auxiliary verb ("Do you...", "Is it...", also after a
    # leading clause: "If a role opens up, would you...") invites "yes" and a pause; an
    # informational interview needs stories. "Could you tell me..." and "Would you mind
    # sharing..." are polite requests for a story and pass.
    Rule(
        "closed",
        _rx(
            rf"{_SENTENCE_START}{_LEADING_CLAUSE}?(?:(?:so|and|but|also|ok|okay|well|now)\b[,\s]+)?"
            rf"(?!{_POLITE_REQUEST}|(?:would|could)\s+love\b){_AUXILIARY}\s+\w"
        ),
    ),
    # --- job_request: asking for a job in a meeting offered as "just information" makes the
    # contact feel tricked; it is honest only when the meeting was set up as a job search.
    # Asking how hiring works, or who else to talk to, is not asking for a job.
    #
    # Openings, vacancies, open roles, a spot that opens up, job leads: asked of them, a request;
    # asked of a field ("What kinds of jobs are available in this field?") or of how people find
    # them ("How do people hear about openings?"), information.
    Rule(
        "job_request",
        _rx(
            r"\b(?:job\s+|role\s+|position\s+)?openings\b|\b(?:job|role|position|any)\s+opening\b"
            r"|\bvacanc(?:y|ies)\b"
            r"|\b(?:positions?|roles?|jobs?|internships?|placements?|spots?|anything|something)\s+"
            r"(?:are\s+|is\s+)?(?:currently\s+|still\s+|becomes?\s+|comes?\s+)?(?:available|open)\b(?!\s+to\b)"
            r"|\bopen\s+(?:positions?|roles?|jobs?|reqs?|internships?)\b"
            r"|\bany\s+(?:jobs|positions|open\s+roles|internships)\b"
            r"|\bany\s+(?:[\w-]+\s+){0,2}?(?:positions|roles|jobs|internships|vacancies)\s+"
            rf"(?:going\b|(?:\w+\s+){{0,2}}?(?:at|on|in|with)\s+{_EMPLOYER}|(?:right\s+)?now\b|at\s+the\s+moment\b"
            r"|currently\b)"
            r"|\bjob\s+leads?\b|\bany\s+(?:freelance|contract|consulting)\s+(?:work|projects?|gigs?)\b"
            r"|\b(?:positions?|roles?|jobs?|spots?|openings?|vacanc(?:y|ies)|seats?|headcount|anything|something)\s+"
            r"(?:\w+\s+){0,2}?(?:to\s+)?(?:opens?|opened|opening)\s+up\b"
        ),
        unless=_rx(
            r"\b(?:kinds?|types?|sorts?)\s+of\b"
            r"|\b(?:in|across|within)\s+(?:this|the|your|that|my)\s+"
            r"(?:field|industry|profession|sector|line\s+of\s+work|area|market|space)\b"
            r"|\bhow\s+(?:\w+\s+){0,6}?(?:find|hear|learn|search|look|come\s+across|spot|track)\b"
            r"|\bwhere\s+(?:\w+\s+){0,6}?(?:posted|advertised|listed|find|look)\b"
        ),
    ),
    # Are they hiring? "hiring" or "recruiting" as a verb with a subject ("Is your team hiring?",
    # "what roles you're hiring for", "Who's hiring?", "Are you looking to hire?"), not as a noun
    # ("the hiring process", "How is hiring in this field?").
    Rule(
        "job_request",
        _rx(
            r"(?:\b(?:are|is)\s+(?:\w+\s+){1,3}?|\bwho(?:'s|\s+is|\s+are)\s+(?:\w+\s+)?|\b\w+'(?:re|s)\s+(?:\w+\s+){0,2}?)"
            r"(?:currently\s+|still\s+|actively\s+)?(?:hiring|recruiting)"
            r"(?=\s*(?:[?.!,;]|$|\s+(?:now|right|at|for|in|on|this|next|anyone|people|someone|more|again|soon"
            r"|currently|new|junior|juniors|summer|interns?|grads?|graduates|analysts?|engineers?|developers?"
            r"|designers?|associates?)\b))"
            r"|\bhiring\s+(?:right\s+)?now\b"
            r"|\b(?:are|is)\s+(?:\w+\s+){1,3}?(?:looking|planning|hoping|going)\s+to\s+(?:hire|recruit|bring\s+on)\b"
            rf"|\b(?:are|is)\s+{_EMPLOYER}\s+(?:still\s+|currently\s+)?looking\s+for\s+"
            r"(?:an?|someone|people|more|new)\b"
            r"|\b(?:are|is)\s+(?:\w+\s+){1,3}?taking\s+on\s+(?:any\s+|new\s+|more\s+)?"
            r"(?:interns?|grads?|graduates|juniors?|hires|staff|people|analysts?|trainees|apprentices)\b"
        ),
    ),
    # A favour for the asker's application: hire, consider, refer, recommend, vouch for or
    # remember me; tell the hiring manager about me; a referral for me.
    Rule(
        "job_request",
        _rx(
            r"\bhir(?:e|ing)\s+(?:me|someone\s+like\s+me|people\s+like\s+me)\b"
            r"|\b(?:give|offer)\s+me\s+a\s+(?:job|role|position|place|spot)\b"
            r"|\bi\s+(?:really\s+|just\s+)?need\s+(?:a\s+job|work|an?\s+internship|a\s+role)\b"
            r"|\b(?:refer|referring|recommend|recommending|nominate|nominating|endorse|endorsing|consider|considering)"
            r"\s+me\s+(?:for\b|(?:\w+\s+){1,4}?for\s+(?:the|a|an|this|that|your|any)\s+(?:\w+\s+)?"
            r"(?:opening|vacancy|position|role|job|internship)\b)"
            rf"|\brefer(?:ring)?\s+me(?:\s+(?:internally|directly|there|in))?{_CLAUSE_END}"
            r"|\b(?:give|get|make|write)\s+me\s+a\s+referral\b"
            r"|\b(?:i'd|i\s+would|can\s+i|could\s+i|may\s+i)\s+(?:love|like|appreciate|get|have|ask\s+for)\s+"
            r"(?:a|your)\s+referral\b"
            r"|\b(?:refer|introduce|connect|recommend)\s+me\s+(?:to|with)\s+"
            r"(?:the\s+|a\s+|an\s+|your\s+|this\s+|that\s+|any\s+)?(?:\w+\s+)?"
            r"(?:job|role|position|opening|opportunit\w*|hiring\s+managers?|recruiters?|hr|boss"
            r"|whoever\s+(?:is\s+)?hir\w*|(?:person|people)\s+hiring)\b"
            r"|\bput\s+me\s+in\s+touch\s+with\s+(?:the\s+|a\s+|your\s+)?(?:hiring\s+managers?|recruiters?|hr)\b"
            r"|\b(?:let|tell)\s+(?:the\s+|your\s+)?(?:hiring\s+managers?|recruiters?|recruiting\s+team|hr|boss)\s+know\b"
            r"|\b(?:tell|talk\s+to|speak\s+to|mention\s+me\s+to)\s+(?:the\s+|your\s+)?"
            r"(?:hiring\s+managers?|recruiters?|hr|boss)\s+about\s+me\b"
            r"|\bkeep\s+me\s+in\s+mind\b|\b(?:think\s+of|remember)\s+me\s+(?:for|when|if)\b"
            r"|\bvouch(?:ing)?\s+for\s+me\b|\bput\s+in\s+a\s+(?:good\s+)?word\b"
            r"|\bput\s+(?:my\s+name|me)\s+(?:forward|up|in\s+front\s+of)\b|\bput\s+my\s+name\s+in\b"
        ),
    ),
    # The asker's papers passed on or application pushed: "pass my résumé to", "flag my
    # application", "mention your name when I apply", "apply through you".
    Rule(
        "job_request",
        _rx(
            r"\b(?:pass(?:ing)?|forward(?:ing)?|send(?:ing)?|hand(?:ing)?|submit(?:ting)?)\s+(?:on\s+|along\s+)?"
            r"my\s+(?:r[ée]sum[ée]|cv|portfolio|application|details|profile)\b"
            r"|\b(?:flag|check\s+on|check\s+in\s+on|look\s+into|push|fast-?track|expedite|follow\s+up\s+on|move"
            r"|sponsor|support|back|endorse)\s+my\s+(?:job\s+)?(?:application|candidacy)\b"
            r"|\b(?:mention|use|drop|list|put)\s+your\s+name\b[^.?!]{0,30}\b(?:apply|applying|application)\b"
            r"|\bapply\s+(?:directly\s+)?(?:through|via)\s+you\b"
        ),
    ),
    # A place for the asker at their employer: "get me an interview", "How do I get hired here?",
    # "help me get a job at your company", "a job for me", "room on your team for someone like me",
    # "When could I start?". A job "in this field" is advice, not a request.
    Rule(
        "job_request",
        _rx(
            r"\bget\s+me\s+(?:into\s+|in\s+for\s+)?(?:an?\s+|the\s+)?(?:formal\s+|job\s+|first\s+)?"
            r"(?:job|role|position|internship|interview|offer)\b"
            r"|\bget\s+me\s+in\s+(?:front\s+of|to\s+see)\b"
            r"|(?:\b(?:i|me)\b[^.?!;]{0,40}?|\bwhat\s+would\s+it\s+take\s+to\s+)"
            r"\b(?:get(?:ting)?|land(?:ing)?|scor(?:e|ing)|receiv(?:e|ing))\s+"
            r"(?:a\s+job|a\s+role|a\s+position|an?\s+(?:offer|internship|interview)|hired"
            r"|(?:my|a)\s+foot\s+in(?:\s+(?:the\s+)?door)?)\s+"
            rf"(?:(?:at|with|on|in|into|from)\s+{_EMPLOYER}|here\b)"
            r"|\b(?:chance|chances|possibility|way|shot)\s+of\s+(?:getting\s+|landing\s+)?(?:an?\s+)?"
            r"(?:internship|job|role|position|placement|offer|interview)\b"
            rf"|\bopportunit(?:y|ies)\s+(?:for\s+me\b|to\s+(?:join|intern\s+(?:at|with|on)|work\s+(?:at|for))\s+{_EMPLOYER})"
            r"|\b(?:anything|something|an?\s+(?:job|role|position|place|spot|opening|internship))\s+"
            r"(?:available\s+|open\s+)?for\s+me\b"
            r"|\broom\s+(?:(?:on|in)\s+(?:\w+\s+){1,3})?for\s+"
            r"(?:me|someone\s+like\s+me|another|one\s+more|an?\s+(?:new|extra|additional))\b"
            r"|\blooking\s+(?:to\s+hire\s+|for\s+)(?:people|someone|anyone|candidates|interns|graduates)\s+"
            r"(?:like\s+me|with\s+my)\b"
            r"|\b(?:need|want|use|take\s+on)\s+(?:someone|people|anyone)\s+(?:like\s+me|with\s+my)\b"
            r"|\b(?:work|projects?|gigs?)\s+(?:that\s+)?i\s+could\s+(?:pick\s+up|take\s+on|do)\b"
            r"|\b(?:how\s+soon|when)\s+(?:could|can|would|might)\s+i\s+start\b"
        ),
    ),
    # --- self_pitch: the asker selling themselves. You are interviewing them; if they want to
    # hear about you, they will ask. Asking advice "for someone like me", or giving your
    # background as context for a question, is not a pitch.
    #
    # Offering to present myself: "Let me walk you through my background", "Can I tell you a bit
    # about myself?", "Would you like to see my portfolio?", "Here's my résumé", "I've attached my CV".
    Rule(
        "self_pitch",
        _rx(
            r"\b(?:let\s+me|allow\s+me\s+to|i'd\s+like\s+to|i\s+would\s+like\s+to|i\s+want\s+to"
            r"|can\s+i|could\s+i|may\s+i)\s+(?:quickly\s+|briefly\s+|first\s+)?"
            r"(?:tell|show|walk|take|give|run)\s+you\s+(?:through\s+)?"
            r"(?:(?:a\s+)?(?:bit|little|quick\s+overview|rundown)\s+)?(?:about\s+|of\s+)?"
            r"(?:me|myself|my|what\s+i|how\s+i|why\s+i|(?:all\s+)?(?:the\s+)?\w+\s+i(?:'ve|\s+have)?)\b"
            r"|\b(?:do|would)\s+you\s+(?:want|like|care)\s+to\s+(?:see|hear|look\s+at|read|have)\s+"
            r"(?:more\s+)?(?:about\s+)?(?:some\s+of\s+|a\s+few\s+of\s+)?(?:me|myself|my)\b"
            r"|\b(?:can|could|may)\s+i\s+(?:show|send|give|email)\s+you\s+(?:my|a\s+copy\s+of\s+my)\b"
            r"|\b(?:show|walk|run|take)\s+you\s+(?:through\s+)?(?:some\s+of\s+|a\s+few\s+of\s+)?my\b"
            r"|\bshare\s+my\s+(?:screen|portfolio|work|r[ée]sum[ée]|cv|deck)\b"
            r"|\bhere(?:'s|\s+is|\s+are)\s+(?:a\s+link\s+to\s+|a\s+copy\s+of\s+)?my\s+"
            r"(?:r[ée]sum[ée]|cv|portfolio|work|website|profile|github|deck|cover\s+letter|writing\s+samples?)\b"
            r"|\b(?:attached|enclosed|included|brought)\s+(?:a\s+copy\s+of\s+)?my\s+"
            r"(?:r[ée]sum[ée]|cv|portfolio|cover\s+letter)\b"
        ),
    ),
    # Asking them to judge me or my papers: "What do you think of my résumé?", "Would you mind
    # taking a look at my CV?", "How does my experience compare...?", "Would I fit in here?".
    Rule(
        "self_pitch",
        _rx(
            r"\b(?:what\s+do\s+you\s+think\s+(?:of|about)|thoughts\s+on|feedback\s+on|opinion\s+(?:of|on)"
            r"|you\s+(?:mind\s+)?(?:please\s+)?(?:look(?:ing)?\s+(?:at|over)"
            r"|(?:take|taking|have|having)\s+a\s+(?:quick\s+|brief\s+)?look\s+(?:at|over)"
            r"|glanc(?:e|ing)\s+(?:at|over)|go(?:ing)?\s+(?:over|through)|review(?:ing)?|check(?:ing)?"
            r"|read(?:ing)?(?:\s+(?:through|over))?|critiqu(?:e|ing)|rat(?:e|ing)|evaluat(?:e|ing)|assess(?:ing)?))"
            rf"\s+my\s+(?:\w+\s+)?{_MY_PAPERS}\b"
            rf"|\bhow\s+(?:impressive|strong|good|competitive|attractive)\s+(?:is|are)\s+my\s+(?:\w+\s+)?{_MY_PAPERS}\b"
            r"|\bhow\s+(?:do|does|would|might|will)\s+(?:i|my\s+(?:\w+\s+){1,3}?)"
            r"(?:compare|stack\s+up|measure\s+up|rank)(?=\s+(?:to|with|against|among)\b|\s*[?.!,;]|\s*$)"
            r"|\b(?:do|would|could)\s+i\s+(?:stand\s+a\s+chance|stack\s+up|measure\s+up)\b"
            r"|\b(?:would|could)\s+i\s+(?:be|make)\s+(?:a\s+)?(?:good\s+|great\s+|strong\s+|right\s+)?"
            r"(?:fit|candidate|match|hire)\b"
            r"|\bam\s+i\s+(?:a\s+)?(?:good\s+|great\s+|strong\s+|right\s+)?(?:fit|qualified|candidate|match)\b"
            r"|\b(?:would|could|will)\s+i\s+(?:\w+\s+)?fit\s+(?:in|into|well|here|on|with)\b"
            r"|\bi(?:'d|\s+would|\s+could)\s+(?:\w+\s+)?fit\s+(?:in|into|well|here|on|with)\b"
            r"|\bthink\s+i(?:'m|\s+am|\s+would\s+be|'d\s+be|\s+could\s+be)?\s+"
            r"(?:qualified|a\s+(?:good\s+|great\s+|strong\s+)?(?:fit|candidate|match)|right\s+for|good\s+enough)\b"
        ),
    ),
    # Credentials and achievements: years of experience, what I led, grew or won (with its scale),
    # a company I built, a top school, my greatest strength, top of my class.
    Rule(
        "self_pitch",
        _rx(
            rf"{_SENTENCE_START}i(?:\s+have|'ve)(?:\s+got)?\s+(?:over\s+|more\s+than\s+|almost\s+|nearly\s+)?"
            r"(?:\d+|a\s+few|several|many|one|two|three|four|five|six|seven|eight|nine|ten)\+?\s+years?\b"
            r"|\bi(?:'ve|\s+have)\s+been\s+(?:an?\s+|working\s+)[^?.!]{0,60}?\bfor\s+(?:over\s+|more\s+than\s+)?"
            r"(?:\d+|a\s+few|several|many|two|three|four|five|six|seven|eight|nine|ten)\+?\s+years?\b"
            # An achievement with its scale ("I've led three launches", "I increased sales by 30%"), or
            # one that is a boast by itself ("I doubled..."); "I led a student newspaper" is context.
            r"|\bi(?:'ve|\s+have)?\s+(?:also\s+|already\s+|successfully\s+|single-handedly\s+|personally\s+)?"
            r"(?:(?:led|ran|managed(?!\s+to\b)|oversaw|supervised|headed|directed|trained|mentored|hired|launched"
            r"|grew(?!\s+up\b)|increased|delivered|won(?!')|generated|achieved|built|saved|raised|cut|reduced"
            r"|boosted|published|sold|closed|signed)\b[^.?!;]{0,40}?"
            r"(?:\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|fifty|dozens?"
            r"|hundreds?|thousands?|millions?|several|multiple)\b)"
            r"|(?:doubled|tripled|quadrupled|exceeded|outperformed|spearheaded)\b)"
            r"|\b(?:a|my)\s+proven\s+(?:track\s+)?record\b"
            r"|\bi(?:'ve|\s+have)?\s+(?:built|founded|started|grew|scaled)\s+(?:my\s+own|a|an)\s+(?:\w+\s+)?"
            r"(?:company|business|startup|agency)\b"
            r"|\bfrom\s+(?:a\s+|the\s+)?(?:top|top-tier|leading|prestigious|elite|ivy\s+league|best)\s+"
            r"(?:\w+\s+)?(?:school|university|college|program|programme|firm)\b"
            r"|\bi\s+speak\s+(?:\d+|two|three|four|five|six|seven|several|multiple)\s+languages\b"
            r"|\bgraduated\s+(?:at\s+the\s+)?"
            r"(?:top|first|with\s+(?:honou?rs|distinction)|summa|magna|cum\s+laude|valedictorian)\b"
            r"|\bmy\s+(?:greatest|biggest|main|key|best|top)\s+"
            r"(?:strengths?|skills?|assets?|qualit(?:y|ies)|accomplishments?|achievements?)\b"
            r"|\bmy\s+(?:skills|strengths|experience|background|qualifications)\s+"
            r"(?:are|is|include|includes|would|could|will|make|makes|match|matches|fit|fits)\b"
        ),
    ),
    # Praising myself: "I'm a natural leader", "I'm highly motivated", "As an award-winning...",
    # "I'd be a great addition", "I'd excel", "I'm the perfect candidate", "I'm confident I could".
    Rule(
        "self_pitch",
        _rx(
            rf"{_I_AM}(?:also\s+|always\s+)?(?:an?\s+|the\s+)?"
            r"(?:(?:really|very|highly|extremely|incredibly|truly|super)\s+)?"
            r"(?:self-starter|go-getter|team\s+player|hard[\s-]?worker|hard[\s-]?working"
            r"|(?:fast|quick)\s+(?:learner|study)|people\s+person|problem[\s-]solver|self-motivated"
            r"|detail-oriented|results-(?:driven|oriented)|qualified"
            r"|(?:natural|born|great|excellent|strong|exceptional|outstanding|gifted|talented|skilled|proven|top"
            r"|best|perfect|ideal)\s+(?!believer\b|fan\b|admirer\b)\w+"
            r"|(?:great|excellent|good|amazing|exceptional)\s+at)\b"
            rf"|{_I_AM}(?:really|very|highly|extremely|incredibly|truly|super)\s+"
            r"(?:motivated|driven|organi[sz]ed|accomplished|experienced|successful|productive|creative|adaptable"
            r"|reliable|skilled)\b"
            rf"|(?:{_I_AM}|\bas\s+)(?:an?\s+)?"
            r"(?:award-winning|top-(?:ranked|rated|performing)|best-selling|world-class"
            r"|highly-(?:rated|regarded|skilled)|seasoned|accomplished|certified\s+\w+)\b"
            r"|\bover-?qualified\b|\bi(?:'m|\s+am)\s+known\s+(?:for|as)\b"
            r"|\bi(?:'m|\s+am)\s+(?:confident|sure|certain|convinced)\s+(?:that\s+)?"
            r"i(?:'d|'ll|\s+would|\s+could|\s+can|\s+will)\b"
            r"|\bi(?:'d|\s+would|\s+will|'ll|\s+could)\s+(?:really\s+|definitely\s+|easily\s+)?"
            r"(?:excel|thrive|shine|be\s+(?:great|excellent|amazing)\s+(?:at|in))\b"
            r"|\bi(?:'d|\s+would|'ll|\s+will|\s+could)\s+(?:really\s+|definitely\s+)?(?:be|make)\s+(?:a|an)\s+"
            r"(?:(?:\w+\s+)?(?:asset|addition|fit|hire|candidate|match|contributor)"
            r"|(?:great|excellent|strong|perfect|ideal|good|valuable|natural|fantastic|terrific)\s+\w+)\b"
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


def _sentence_around(text: str, index: int) -> str:
    """The sentence of ``text`` that holds the character at ``index``."""
    start = max(text.rfind(mark, 0, index) for mark in ".!?;") + 1
    ends = [end for mark in ".!?;" if (end := text.find(mark, index)) != -1]
    return text[start : min(ends, default=len(text))]


def _applies(rule: Rule, question: str) -> bool:
    """Whether ``rule`` flags ``question``: a match that its ``unless`` does not excuse in the same sentence."""
    return any(
        rule.unless is None or not rule.unless.search(_sentence_around(question, match.start()))
        for match in rule.pattern.finditer(question)
    )


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
        if rule.code in found or not _applies(rule, question):
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
