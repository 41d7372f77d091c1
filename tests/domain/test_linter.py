"""The question linter: which interview questions it flags, and why.

Each row of ``CASES`` is a question as people really write them and the set of warning
codes it should get in an informational meeting. Clean rows matter as much as flagged
ones: a linter that nags about good questions gets ignored.
"""

from __future__ import annotations

import pytest

from service.interview.linter import CODES, lint, lint_within, normalize

CASES = [
    # Phrasings from career-office lists of questions, checked after the first table was written.
    ("Who are your main competitors?", {"researchable"}),
    ("Could you refer me to the hiring manager?", {"job_request"}),
    ("Could you put me in touch with a recruiter?", {"job_request"}),
    ("I've been a software engineer for 5 years, do you think I'd fit in?", {"self_pitch"}),
    ("Here is my resume, what do you think?", {"self_pitch"}),
    ("What does a hiring manager look for in a junior analyst?", set()),
    ("Who are your mentors?", set()),
    ("How long have you been working here?", set()),
    ("Could you introduce me to someone on the data team?", set()),
    # researchable: a web search answers these.
    ("How many employees does Acme have?", {"researchable"}),
    ("What's the company's headcount?", {"researchable"}),
    ("How big is your company?", {"researchable"}),
    ("How many people work at Globex these days?", {"researchable"}),
    ("When was Acme founded?", {"researchable"}),
    ("How old is the company?", {"researchable"}),
    ("What does your company do?", {"researchable"}),
    ("What does Acme do, exactly?", {"researchable"}),
    ("What products does Initech sell?", {"researchable"}),
    ("What is the company's business model?", {"researchable"}),
    ("Who are the company's main competitors?", {"researchable"}),
    ("Where is Acme headquartered?", {"researchable"}),
    ("Where are your offices located?", {"researchable"}),
    ("How many offices does the firm have?", {"researchable"}),
    ("What's your stock price doing lately?", {"researchable"}),
    ("What was Acme's revenue last year?", {"researchable"}),
    ("How much funding has the startup raised?", {"researchable"}),
    ("Who is the CEO?", {"researchable"}),
    ("Who founded Acme?", {"researchable"}),
    ("Is the company publicly traded?", {"closed", "researchable"}),
    ("Does Acme have an office in Berlin?", {"closed", "researchable"}),
    ("WHAT IS THE COMPANY'S HEADCOUNT??", {"researchable"}),
    # closed: a yes or no ends the story before it starts.
    ("Do you like your job?", {"closed"}),
    ("Is the culture good?", {"closed"}),
    ("Would you recommend this career?", {"closed"}),
    ("Did you always want to work in design?", {"closed"}),
    ("Have you ever thought about leaving the industry?", {"closed"}),
    ("Can you work remotely?", {"closed"}),
    ("Isn't the pay low in publishing?", {"closed"}),
    ("Don't you get tired of travelling?", {"closed"}),
    ("So, do you enjoy managing people?", {"closed"}),
    ("Are there many women in leadership here?", {"closed"}),
    ("Should I get an MBA?", {"closed"}),
    ("Is there anything else I should have asked?", {"closed"}),
    ("Do you have any advice for someone starting out?", {"closed"}),
    ("I read your post on pricing. Was it hard to convince your boss?", {"closed"}),
    ("do you travel a lot", {"closed"}),
    # job_request: asking for a job in a meeting offered as a chance to learn.
    ("Are you hiring right now?", {"closed", "job_request"}),
    ("Is your team hiring?", {"closed", "job_request"}),
    ("Are there any openings on your team?", {"closed", "job_request"}),
    ("What positions are available at Acme?", {"job_request"}),
    ("What vacancies do you have at the moment?", {"job_request"}),
    ("Any job openings you know of?", {"job_request"}),
    ("Who is hiring in this field right now?", {"job_request"}),
    ("Could you refer me for a role on your team?", {"job_request"}),
    ("Could you put in a good word for me with the hiring manager?", {"closed", "job_request"}),
    ("Can you pass my résumé to the recruiter?", {"closed", "job_request"}),
    ("Can you get me an interview with your manager?", {"closed", "job_request"}),
    ("Will you hire me?", {"closed", "job_request"}),
    # self_pitch: about the asker instead of the person asked.
    ("Let me tell you about my experience.", {"self_pitch"}),
    ("I have 5 years of marketing experience, where would I fit in?", {"self_pitch"}),
    ("Would I be a good fit for your team?", {"closed", "self_pitch"}),
    ("What do you think of my résumé?", {"self_pitch"}),
    ("What's your opinion of my background?", {"self_pitch"}),
    ("Can I show you my portfolio?", {"closed", "self_pitch"}),
    ("Do you think I'm qualified for a role like yours?", {"closed", "self_pitch"}),
    ("Am I a good fit for product management?", {"closed", "self_pitch"}),
    ("My skills are in Python and SQL; how would they fit here?", {"self_pitch"}),
    ("I'm a fast learner and a team player, so what else do you look for?", {"self_pitch"}),
    # Several problems at once.
    ("Is Acme hiring? I've got 10 years in sales.", {"closed", "job_request", "self_pitch"}),
    # Clean: open questions about the person, their work, their world.
    ("What approaches does your group take to find new ideas?", set()),
    ("What happens when an idea is obviously a failure?", set()),
    ("What's the top skill admired in your team today?", set()),
    ("Who else should I talk to?", set()),
    ("What does a typical week look like for you?", set()),
    ("How did you get into this field?", set()),
    ("What does a typical day look like for you?", set()),
    ("What does your team do differently from other teams?", set()),
    ("What does your company do to support new parents?", set()),
    ("How many people are on your team?", set()),
    ("What do you enjoy most about your work?", set()),
    ("Why did you choose this company over the others?", set()),
    ("When did you know this career was right for you?", set()),
    ("Where do you see this industry going in five years?", set()),
    ("Which skills matter most for success in your role?", set()),
    ("How has the culture changed since the founders left?", set()),
    ("How does your work affect the company's revenue?", set()),
    ("Tell me about the biggest challenge in your role.", set()),
    ("Describe how your team handles disagreements.", set()),
    ("Walk me through how a product idea becomes a launch.", set()),
    ("Could you tell me how you got your first role?", set()),
    ("Can you tell me about a project you're proud of?", set()),
    ("Could you walk me through a recent decision your team made?", set()),
    ("Would you mind sharing what surprised you most when you joined?", set()),
    ("Could you introduce me to someone in product management?", set()),
    ("What is the hiring process like on your team?", set()),
    ("How did you get hired here?", set()),
    ("How important are referrals in your industry?", set()),
    ("What advice would you give someone like me starting out?", set()),
    ("How can I improve my skills in data analysis?", set()),
    ("What would you do in my position?", set()),
    ("I'm new to this field: what should I read first?", set()),
    ("What’s something about your job that would surprise an outsider?", set()),
    ("  what happens   when an idea is obviously a FAILURE  ", set()),
]


@pytest.mark.parametrize(("question", "expected"), CASES, ids=[question for question, _ in CASES])
def test_flags_exactly_the_expected_problems(question, expected):
    assert {warning.code for warning in lint(question)} == expected


def test_the_table_covers_every_code_and_plenty_of_clean_questions():
    flagged = set().union(*(expected for _, expected in CASES))
    assert flagged | {"duplicate"} == set(CODES)
    assert sum(1 for _, expected in CASES if not expected) >= 20


def test_warnings_come_in_codes_order_one_per_code():
    question = "Are you hiring? Are there any openings? I have 5 years of experience."
    warnings = lint(question, others=["are you hiring  are there any openings  i have 5 years of experience"])
    assert [warning.code for warning in warnings] == ["closed", "job_request", "self_pitch", "duplicate"]


@pytest.mark.parametrize(
    "question",
    ["Are there any openings on your team?", "What positions are available at Acme?", "Could you refer me?"],
)
def test_asking_about_jobs_is_fine_when_the_meeting_is_a_job_search(question):
    codes = {warning.code for warning in lint(question, purpose="job_search")}
    assert "job_request" not in codes


@pytest.mark.parametrize("purpose", [None, "informational"])
def test_asking_about_jobs_is_flagged_when_the_meeting_is_informational(purpose):
    codes = {warning.code for warning in lint("What positions are available at Acme?", purpose=purpose)}
    assert codes == {"job_request"}


def test_purpose_does_not_excuse_other_problems():
    codes = {warning.code for warning in lint("Are you hiring right now?", purpose="job_search")}
    assert codes == {"closed"}


def test_duplicates_ignore_case_whitespace_and_punctuation():
    others = ["What’s the TOP skill   admired in your team, today?", "How did you get into this field?"]
    warnings = lint("what's the top skill admired in your team today", others=others)
    assert [warning.code for warning in warnings] == ["duplicate"]


def test_a_question_is_not_a_duplicate_of_different_questions():
    others = ["What is the top skill admired in your team today?", "What's the top skill admired in your field?"]
    assert lint("What's the top skill admired in your team today?", others=others) == []


def test_others_may_be_any_iterable():
    others = (question for question in ["Who else should I talk to?"])
    assert [warning.code for warning in lint("Who else should I talk to", others=others)] == ["duplicate"]


def test_punctuation_only_text_is_not_a_duplicate_of_other_punctuation():
    assert lint("???", others=["!!!"]) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("What's   the PLAN?", "whats the plan"),
        ("  Who else should I talk to?  ", "who else should i talk to"),
        ("Culture/values: how do they show?", "culture values how do they show"),
        ("What’s next?", "whats next"),
    ],
)
def test_normalize_casefolds_collapses_whitespace_and_drops_punctuation(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_blank_text_has_no_warnings(text):
    assert lint(text, others=["", "  "]) == []


def test_each_code_has_its_own_actionable_message():
    examples = {
        "researchable": lint("How many employees does Acme have?"),
        "closed": lint("Do you like your job?"),
        "job_request": lint("What vacancies do you have at the moment?"),
        "self_pitch": lint("What do you think of my résumé?"),
        "duplicate": lint("Who else should I talk to?", others=["who else should I talk to"]),
    }
    messages = {}
    for code, warnings in examples.items():
        assert [warning.code for warning in warnings] == [code]
        messages[code] = warnings[0].message
    assert set(messages) == set(CODES)
    assert len(set(messages.values())) == len(CODES)
    for message in messages.values():
        assert message.strip() and message.endswith(".")


def test_researchable_message_names_what_a_search_would_answer():
    (warning,) = lint("How many employees does Acme have?")
    assert "company size" in warning.message


def test_lint_within_flags_each_repeated_question_of_a_collection():
    texts = ["What does a typical week look like for you?", "what does a typical week look like for you"]
    collection = [*texts, "Who else should I talk to?"]
    assert [[w.code for w in found] for found in lint_within(texts, collection)] == [["duplicate"], ["duplicate"]]
    assert lint_within(["Who else should I talk to?"], collection) == [[]]


@pytest.mark.parametrize(
    "question",
    [
        "What kinds of jobs are available in this field?",
        "How do people in your industry usually hear about openings?",
        "Where are openings in this profession usually posted?",
    ],
)
def test_openings_asked_of_a_field_or_of_how_people_find_them_are_not_a_job_request(question):
    assert lint(question) == []


def test_openings_asked_of_their_team_are_a_job_request_even_beside_a_field_question():
    question = "What kinds of roles exist in this field? And are there openings on your team?"
    assert [warning.code for warning in lint(question)] == ["closed", "job_request"]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("I led a student newspaper in college; how did your writing help you?", []),
        ("I led three product launches last year; what do you look for in a PM?", ["self_pitch"]),
        ("I doubled our newsletter's readers; which skills does your team value?", ["self_pitch"]),
    ],
)
def test_an_achievement_is_a_pitch_with_its_scale_and_context_without_it(question, expected):
    assert [warning.code for warning in lint(question)] == expected


@pytest.mark.parametrize(
    "question",
    [
        "If a role opens up, would you let me know?",
        "In your experience, is an MBA worth it?",
        "Looking back, was it worth it?",
    ],
)
def test_a_leading_clause_does_not_hide_a_closed_question(question):
    assert "closed" in {warning.code for warning in lint(question)}


@pytest.mark.parametrize(
    "question",
    ["How did you get hired here?", "How can I get a job in this field?", "What does a hiring manager want?"],
)
def test_getting_hired_is_a_request_only_when_the_asker_asks_it_of_their_employer(question):
    assert "job_request" not in {warning.code for warning in lint(question)}
