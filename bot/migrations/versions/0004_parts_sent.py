"""How many parts of a split reply (Telegram, 4,096 characters a message) were already sent.

A retry that takes over an interrupted delivery sends only the rest, not the whole answer again.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("processed_events") as batch:
        batch.add_column(sa.Column("parts_sent", sa.Integer(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("processed_events") as batch:
        batch.drop_column("parts_sent")
