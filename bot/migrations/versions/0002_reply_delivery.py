"""Processed events keep their reply until it is delivered.

A worker that dies between storing a turn and posting its reply leaves the reply here; the
platform's retry of that delivery sends it (``Store.take_over``) instead of dropping it.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("processed_events") as batch:
        batch.add_column(sa.Column("reply", sa.String(), nullable=True))
        batch.add_column(sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("processed_events") as batch:
        batch.drop_column("delivered_at")
        batch.drop_column("reply")
