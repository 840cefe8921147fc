"""merge reporting into main

Revision ID: be789e7b80a9
Revises: b7d0d7ffbdac, ac63663f3669
Create Date: 2026-02-04 17:40:12.498825

"""
from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision: str = 'be789e7b80a9'
down_revision: Union[str, Sequence[str], None] = ('b7d0d7ffbdac', 'ac63663f3669')
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    pass


def downgrade() -> None:
    """Downgrade schema."""
    pass
