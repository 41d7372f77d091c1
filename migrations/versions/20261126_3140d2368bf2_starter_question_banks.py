"""starter question banks

The built-in banks every user reads (``user_id`` NULL): good questions for each category,
the culture questions the product grew from among them. The data lives here, not in
application code, so that this migration always inserts what it inserted the first time.

Revision ID: 3140d2368bf2
Revises: 876e8274463d
Create Date: 2026-11-26 15:02:29.551406

"""

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "3140d2368bf2"
down_revision = "876e8274463d"
branch_labels = None
depends_on = None


SHIPPED_AT = datetime(2026, 11, 26, tzinfo=UTC)

question_banks = sa.table(
    "question_banks",
    sa.column("id", sa.Integer),
    sa.column("user_id", sa.Integer),
    sa.column("name", sa.String),
    sa.column("description", sa.Text),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)
questions = sa.table(
    "questions",
    sa.column("bank_id", sa.Integer),
    sa.column("user_id", sa.Integer),
    sa.column("text", sa.String),
    sa.column("category", sa.String),
    sa.column("tags", sa.JSON),
    sa.column("created_at", sa.DateTime(timezone=True)),
    sa.column("updated_at", sa.DateTime(timezone=True)),
)

# Each bank: name, description and questions as (text, category, tags).
STARTER_BANKS = [
    {
        "name": "Culture and ways of working",
        "description": "How the team really works: ideas, failure, feedback and what gets admired. Things no "
        "careers page tells you.",
        "questions": [
            ("What approaches does your group take to find new ideas?", "culture", ["ideas", "innovation"]),
            ("What happens when an idea is obviously a failure?", "culture", ["failure", "learning"]),
            ("What's the top skill admired in your team today?", "culture", ["skills", "team"]),
            ("How does your team celebrate a success?", "culture", ["team", "recognition"]),
            ("What kind of behaviour gets someone noticed here in a good way?", "culture", ["recognition"]),
            ("How do people on your team give each other feedback?", "culture", ["feedback", "team"]),
            ("What would a newcomer find surprising about how your team works?", "culture", ["onboarding", "team"]),
            ("How do people here disagree without it turning personal?", "culture", ["conflict"]),
            ("How does your team decide what not to work on?", "culture", ["priorities"]),
            ("How are decisions made here when teams disagree?", "company", ["decisions", "conflict"]),
            ("What does the company value that doesn't show up on its website?", "company", ["values"]),
            ("How has the company changed since you joined?", "company", ["change"]),
        ],
    },
    {
        "name": "Career paths",
        "description": "How they got where they are, what they would repeat and what they would skip.",
        "questions": [
            ("How did you get into this field?", "career_path", ["origins"]),
            ("What did your path to this role look like?", "career_path", ["path"]),
            (
                "What was the hardest career decision you've made, and how did you make it?",
                "career_path",
                ["decisions"],
            ),
            ("Which earlier job prepared you best for what you do now?", "career_path", ["experience"]),
            ("Where do people in your role usually go next?", "career_path", ["growth"]),
            ("Which skills did you have to learn on the job?", "career_path", ["skills", "learning"]),
            ("How did you know it was time to change roles?", "career_path", ["change"]),
            ("Who has had the biggest influence on your career, and how?", "career_path", ["mentors"]),
            ("If you were starting your career again, what would you do differently?", "career_path", ["hindsight"]),
            ("What's something you changed your mind about in the last year?", "other", ["reflection"]),
        ],
    },
    {
        "name": "The role day to day",
        "description": "What the work is actually like: the weeks, the people, the good and the tedious parts.",
        "questions": [
            ("What does a typical week look like for you?", "role", ["routine"]),
            ("Which part of your work gives you the most energy?", "role", ["motivation"]),
            ("Which tasks take up more of your time than outsiders expect?", "role", ["routine"]),
            ("How do you know you've done your job well?", "role", ["success"]),
            ("What problems are you trying to solve right now?", "role", ["problems"]),
            ("Who do you work with most closely, and how?", "role", ["collaboration"]),
            ("What's the most frustrating part of the job?", "role", ["challenges"]),
            ("What does a hard week look like, and what makes it hard?", "role", ["challenges"]),
            ("What's something about your job that would surprise an outsider?", "role", ["misconceptions"]),
            ("What question do you wish people asked you about your work?", "other", ["reflection"]),
        ],
    },
    {
        "name": "Industry and company outlook",
        "description": "Where the field is heading and how the company looks from the inside.",
        "questions": [
            ("Where do you see this industry going in the next five years?", "industry", ["trends", "future"]),
            ("Which changes in the field worry you most?", "industry", ["risks"]),
            ("Which skills will matter more in this industry five years from now?", "industry", ["skills", "future"]),
            ("What do outsiders misunderstand about this industry?", "industry", ["misconceptions"]),
            ("How is new technology changing the work in your field?", "industry", ["technology", "trends"]),
            ("Which organisations in this field do people admire, and why?", "industry", ["reputation"]),
            ("How does the company treat people who try something new and it fails?", "company", ["risk", "failure"]),
            ("How has the company's strategy changed what your team works on?", "company", ["strategy"]),
            ("What kind of person tends to struggle here?", "company", ["fit"]),
            ("What do leaders here pay attention to that an outsider wouldn't guess?", "company", ["leadership"]),
        ],
    },
    {
        "name": "Advice and next steps",
        "description": "Their advice for someone in your position, and who to talk to next.",
        "questions": [
            ("What advice would you give someone like me starting out?", "advice", ["starting"]),
            (
                "What should I read, follow or listen to in order to learn more about this field?",
                "advice",
                ["learning"],
            ),
            ("Which experiences would best prepare someone for a role like yours?", "advice", ["preparation"]),
            ("What mistakes do newcomers to this field commonly make?", "advice", ["mistakes"]),
            ("Which early career choices matter less than people think?", "advice", ["priorities"]),
            ("What's one thing I could try this month to test whether this work suits me?", "advice", ["experiments"]),
            ("What would you do in my position?", "advice", []),
            ("Who else should I talk to?", "next_steps", ["introductions"]),
            (
                "Who else would you suggest I speak with to see another side of this field?",
                "next_steps",
                ["introductions"],
            ),
            ("Which professional groups or events are worth my time?", "next_steps", ["community", "events"]),
            ("What's the best way to keep in touch with you?", "next_steps", ["contact"]),
            ("What question should I have asked you but didn't?", "other", []),
        ],
    },
]


def _stamp(when: datetime) -> datetime:
    # SQLite stores UTC times without an offset (as the app's UTCDateTime type does).
    return when.replace(tzinfo=None) if op.get_bind().dialect.name == "sqlite" else when


def upgrade():
    connection = op.get_bind()
    for bank_number, bank in enumerate(STARTER_BANKS):
        # Distinct creation times keep the banks in this order, oldest first, when listed.
        created = _stamp(SHIPPED_AT.replace(second=bank_number))
        bank_id = connection.execute(
            question_banks.insert()
            .values(
                user_id=None, name=bank["name"], description=bank["description"], created_at=created, updated_at=created
            )
            .returning(question_banks.c.id)
        ).scalar_one()
        op.bulk_insert(
            questions,
            [
                {
                    "bank_id": bank_id,
                    "user_id": None,
                    "text": text,
                    "category": category,
                    "tags": tags,
                    "created_at": created,
                    "updated_at": created,
                }
                for text, category, tags in bank["questions"]
            ],
        )


def downgrade():
    connection = op.get_bind()
    builtin_banks = sa.select(question_banks.c.id).where(question_banks.c.user_id.is_(None))
    connection.execute(questions.delete().where(questions.c.bank_id.in_(builtin_banks)))
    connection.execute(question_banks.delete().where(question_banks.c.user_id.is_(None)))
