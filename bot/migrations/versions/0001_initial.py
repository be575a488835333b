"""Initial tables: conversations, turns, processed events, answer audit.

The schema ddxbot created with ``create_all`` before it had migrations; ``bot.schema_version``
adopts such a database by stamping it at this revision.

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "conversations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("key", sa.String(255), nullable=False),
        sa.Column("user_key", sa.String(255), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("findings", sa.String(), nullable=False),
        sa.Column("knowledge_version", sa.String(32), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
        sa.Column("updated_at", _TIME, nullable=False),
        sa.UniqueConstraint("platform", "key", name="uq_conversation_platform_key"),
    )
    op.create_index("ix_conversations_updated_at", "conversations", ["updated_at"])
    op.create_table(
        "processed_events",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("event_id", sa.String(255), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
        sa.UniqueConstraint("platform", "event_id", name="uq_processed_event"),
    )
    op.create_index("ix_processed_events_created_at", "processed_events", ["created_at"])
    op.create_table(
        "turns",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("conversation_id", sa.Integer(), sa.ForeignKey("conversations.id"), nullable=False),
        sa.Column("role", sa.String(8), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("outbound", sa.String(), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
    )
    op.create_index("ix_turns_conversation_id", "turns", ["conversation_id"])
    op.create_table(
        "answer_audit",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("conversation_id", sa.Integer(), sa.ForeignKey("conversations.id"), nullable=False),
        sa.Column("knowledge_version", sa.String(32), nullable=False),
        sa.Column("differential", sa.String(), nullable=False),
        sa.Column("created_at", _TIME, nullable=False),
    )
    op.create_index("ix_answer_audit_conversation_id", "answer_audit", ["conversation_id"])


def downgrade() -> None:
    for table in ("turns", "answer_audit", "processed_events", "conversations"):
        op.drop_table(table)
