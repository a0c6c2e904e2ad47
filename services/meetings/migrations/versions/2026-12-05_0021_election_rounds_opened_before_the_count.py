"""MTG-26/28: an election round is opened with its lottery seed fixed (its hash shown) before it is counted
from the ballots of those taking part; a round two follows a round one; the executive committee is elected
proportionally without a demand.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05 10:00:00.000000
"""

import sqlalchemy as sa
from alembic import op

from folkevalgt_shared.types import UTCDateTime

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("election_round") as batch:
        batch.add_column(sa.Column("status", sa.String(length=20), nullable=False, server_default="counted"))
        batch.add_column(sa.Column("follows_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("elects_to_body_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("office", sa.String(length=20), nullable=False, server_default="members"))
        batch.add_column(sa.Column("witnesses", sa.JSON(), nullable=False, server_default="[]"))
        batch.add_column(sa.Column("lottery_seed", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("lottery_commitment", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("ballots", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("votes_cast", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("voters", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("taking_part", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("counted_at", UTCDateTime(), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_election_round_follows_id_election_round"), "election_round", ["follows_id"], ["id"]
        )
        batch.create_foreign_key(
            batch.f("fk_election_round_elects_to_body_id_body"), "body", ["elects_to_body_id"], ["id"]
        )
    with op.batch_alter_table("proportional_election") as batch:
        batch.alter_column("demanded_by", existing_type=sa.Uuid(), nullable=True)
        batch.add_column(sa.Column("elects_to_body_id", sa.Uuid(), nullable=True))
        batch.add_column(sa.Column("lottery_seed", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("lottery_commitment", sa.String(length=64), nullable=True))
        batch.create_foreign_key(
            batch.f("fk_proportional_election_elects_to_body_id_body"), "body", ["elects_to_body_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("proportional_election") as batch:
        batch.drop_constraint(batch.f("fk_proportional_election_elects_to_body_id_body"), type_="foreignkey")
        for column in ("lottery_commitment", "lottery_seed", "elects_to_body_id"):
            batch.drop_column(column)
        batch.alter_column("demanded_by", existing_type=sa.Uuid(), nullable=False)
    with op.batch_alter_table("election_round") as batch:
        batch.drop_constraint(batch.f("fk_election_round_elects_to_body_id_body"), type_="foreignkey")
        batch.drop_constraint(batch.f("fk_election_round_follows_id_election_round"), type_="foreignkey")
        for column in (
            "counted_at",
            "taking_part",
            "voters",
            "votes_cast",
            "ballots",
            "lottery_commitment",
            "lottery_seed",
            "witnesses",
            "office",
            "elects_to_body_id",
            "follows_id",
            "status",
        ):
            batch.drop_column(column)
