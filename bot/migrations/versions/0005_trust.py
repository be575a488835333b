"""Who spoke and who started, events tied to their conversation, grants tied to the code, and
counters for wrong access codes and refusals.

- ``turns.user_key``: who wrote each turn, so that forgetting a user finds every conversation
  they wrote in (not only those they spoke in last).
- ``conversations.started_by``: who may forget a conversation and answer its questions
  (existing rows: their latest speaker).
- ``processed_events.conversation_key``: forgetting a conversation also drops the replies its
  events still hold.
- ``access_grants.code_fingerprint`` / ``last_seen_at``: a new access code invalidates old grants;
  grants unused for the retention period are purged.
- ``access_failures``: wrong access codes per user (a lock-out every worker agrees on).
- ``refusal_counts``: refused messages per user per window, instead of one row per message.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("turns") as batch:
        batch.add_column(sa.Column("user_key", sa.String(255), nullable=False, server_default=""))
        batch.create_index("ix_turns_user_key", ["user_key"])
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("started_by", sa.String(255), nullable=False, server_default=""))
    # Earlier rows do not know their starter: their latest speaker is the best guess (most cases
    # have one clinician), and stricter than leaving them open to anyone.
    op.execute("UPDATE conversations SET started_by = user_key")
    with op.batch_alter_table("processed_events") as batch:
        batch.add_column(sa.Column("conversation_key", sa.String(255), nullable=True))
        batch.create_index("ix_processed_events_conversation_key", ["conversation_key"])
    with op.batch_alter_table("access_grants") as batch:
        batch.add_column(sa.Column("code_fingerprint", sa.String(64), nullable=False, server_default=""))
        batch.add_column(sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "access_failures",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("user_key", sa.String(255), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("window_start", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("platform", "user_key", name="uq_access_failure"),
    )
    op.create_table(
        "refusal_counts",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("platform", sa.String(32), nullable=False),
        sa.Column("user_key", sa.String(255), nullable=False),
        sa.Column("window_index", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.UniqueConstraint("platform", "user_key", "window_index", name="uq_refusal_count"),
    )
    op.create_index("ix_refusal_counts_window_index", "refusal_counts", ["window_index"])


def downgrade() -> None:
    op.drop_table("refusal_counts")
    op.drop_table("access_failures")
    with op.batch_alter_table("access_grants") as batch:
        batch.drop_column("last_seen_at")
        batch.drop_column("code_fingerprint")
    with op.batch_alter_table("processed_events") as batch:
        batch.drop_index("ix_processed_events_conversation_key")
        batch.drop_column("conversation_key")
    with op.batch_alter_table("conversations") as batch:
        batch.drop_column("started_by")
    with op.batch_alter_table("turns") as batch:
        batch.drop_index("ix_turns_user_key")
        batch.drop_column("user_key")
