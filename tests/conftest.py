"""Test-wide setup: Qt runs offscreen, and the database fixtures are shared by every test tree."""

from __future__ import annotations

import os

# Before any Qt import: tests never need a screen.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("MIGRATOR_GUI_NO_KEYRING_PROMPT", "1")

pytest_plugins = ["tests.db_fixtures"]
