"""meetings, question banks, goals, outcomes and follow-ups

Revision ID: 876e8274463d
Revises: a577377c7dee
Create Date: 2026-11-26 14:57:22.414720

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "876e8274463d"
down_revision = "a577377c7dee"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("company", sa.String(length=200), nullable=True),
        sa.Column("industry", sa.String(length=200), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("achieved_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_goals_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_goals")),
    )
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.create_index("ix_goals_user_id_created_at_id", ["user_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_goals_user_id_updated_at", ["user_id", "updated_at"], unique=False)

    op.create_table(
        "question_banks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("copied_from_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["copied_from_id"],
            ["question_banks.id"],
            name=op.f("fk_question_banks_copied_from_id_question_banks"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_question_banks_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_question_banks")),
    )
    with op.batch_alter_table("question_banks", schema=None) as batch_op:
        batch_op.create_index("ix_question_banks_user_id_created_at_id", ["user_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_question_banks_user_id_updated_at", ["user_id", "updated_at"], unique=False)

    op.create_table(
        "meetings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("duration_minutes", sa.Integer(), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("location", sa.String(length=200), nullable=True),
        sa.Column("video_url", sa.String(length=500), nullable=True),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("agenda", sa.Text(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("debrief", sa.Text(), nullable=True),
        sa.Column("two_way", sa.Boolean(), nullable=False),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_meetings_contact_id_contacts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_meetings_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meetings")),
    )
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meetings_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index("ix_meetings_user_id_starts_at_id", ["user_id", "starts_at", "id"], unique=False)
        batch_op.create_index("ix_meetings_user_id_updated_at", ["user_id", "updated_at"], unique=False)

    op.create_table(
        "questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("bank_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["bank_id"], ["question_banks.id"], name=op.f("fk_questions_bank_id_question_banks"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_questions_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questions")),
    )
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.create_index("ix_questions_bank_id_created_at_id", ["bank_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_questions_user_id_updated_at", ["user_id", "updated_at"], unique=False)

    op.create_table(
        "follow_ups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_follow_ups_contact_id_contacts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_follow_ups_meeting_id_meetings"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_follow_ups_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_follow_ups")),
    )
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_follow_ups_contact_id"), ["contact_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_follow_ups_meeting_id"), ["meeting_id"], unique=False)
        batch_op.create_index("ix_follow_ups_user_id_due_at_id", ["user_id", "due_at", "id"], unique=False)
        batch_op.create_index("ix_follow_ups_user_id_updated_at", ["user_id", "updated_at"], unique=False)

    op.create_table(
        "meeting_goals",
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["goal_id"], ["goals.id"], name=op.f("fk_meeting_goals_goal_id_goals"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_goals_meeting_id_meetings"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("meeting_id", "goal_id", name=op.f("pk_meeting_goals")),
    )
    with op.batch_alter_table("meeting_goals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_goals_goal_id"), ["goal_id"], unique=False)

    op.create_table(
        "meeting_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.String(length=1000), nullable=False),
        sa.Column("category", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("asked", sa.Boolean(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_meeting_questions_meeting_id_meetings"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["questions.id"],
            name=op.f("fk_meeting_questions_question_id_questions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_meeting_questions_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_meeting_questions")),
    )
    with op.batch_alter_table("meeting_questions", schema=None) as batch_op:
        batch_op.create_index(
            "ix_meeting_questions_meeting_id_position_id", ["meeting_id", "position", "id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_meeting_questions_question_id"), ["question_id"], unique=False)
        batch_op.create_index("ix_meeting_questions_user_id_updated_at", ["user_id", "updated_at"], unique=False)

    op.create_table(
        "outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("goal_id", sa.Integer(), nullable=False),
        sa.Column("result", sa.String(length=20), nullable=False),
        sa.Column("notes", sa.Text(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["goal_id"], ["goals.id"], name=op.f("fk_outcomes_goal_id_goals"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(
            ["meeting_id"], ["meetings.id"], name=op.f("fk_outcomes_meeting_id_meetings"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_outcomes_user_id_users"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outcomes")),
    )
    with op.batch_alter_table("outcomes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_outcomes_goal_id"), ["goal_id"], unique=False)
        batch_op.create_index("ix_outcomes_meeting_id_created_at_id", ["meeting_id", "created_at", "id"], unique=False)
        batch_op.create_index("ix_outcomes_user_id_updated_at", ["user_id", "updated_at"], unique=False)

    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_meeting_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_contacts_source_meeting_id"), ["source_meeting_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_contacts_source_meeting_id_meetings"),
            "meetings",
            ["source_meeting_id"],
            ["id"],
            ondelete="SET NULL",
            use_alter=True,
        )


def downgrade():
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_contacts_source_meeting_id_meetings"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_contacts_source_meeting_id"))
        batch_op.drop_column("source_meeting_id")

    with op.batch_alter_table("outcomes", schema=None) as batch_op:
        batch_op.drop_index("ix_outcomes_user_id_updated_at")
        batch_op.drop_index("ix_outcomes_meeting_id_created_at_id")
        batch_op.drop_index(batch_op.f("ix_outcomes_goal_id"))

    op.drop_table("outcomes")
    with op.batch_alter_table("meeting_questions", schema=None) as batch_op:
        batch_op.drop_index("ix_meeting_questions_user_id_updated_at")
        batch_op.drop_index(batch_op.f("ix_meeting_questions_question_id"))
        batch_op.drop_index("ix_meeting_questions_meeting_id_position_id")

    op.drop_table("meeting_questions")
    with op.batch_alter_table("meeting_goals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_goals_goal_id"))

    op.drop_table("meeting_goals")
    with op.batch_alter_table("follow_ups", schema=None) as batch_op:
        batch_op.drop_index("ix_follow_ups_user_id_updated_at")
        batch_op.drop_index("ix_follow_ups_user_id_due_at_id")
        batch_op.drop_index(batch_op.f("ix_follow_ups_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_follow_ups_contact_id"))

    op.drop_table("follow_ups")
    with op.batch_alter_table("questions", schema=None) as batch_op:
        batch_op.drop_index("ix_questions_user_id_updated_at")
        batch_op.drop_index("ix_questions_bank_id_created_at_id")

    op.drop_table("questions")
    with op.batch_alter_table("meetings", schema=None) as batch_op:
        batch_op.drop_index("ix_meetings_user_id_updated_at")
        batch_op.drop_index("ix_meetings_user_id_starts_at_id")
        batch_op.drop_index(batch_op.f("ix_meetings_contact_id"))

    op.drop_table("meetings")
    with op.batch_alter_table("question_banks", schema=None) as batch_op:
        batch_op.drop_index("ix_question_banks_user_id_updated_at")
        batch_op.drop_index("ix_question_banks_user_id_created_at_id")

    op.drop_table("question_banks")
    with op.batch_alter_table("goals", schema=None) as batch_op:
        batch_op.drop_index("ix_goals_user_id_updated_at")
        batch_op.drop_index("ix_goals_user_id_created_at_id")

    op.drop_table("goals")
