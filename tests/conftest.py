"""Test-wide setup: Qt runs offscreen, nothing touches the user's real config, and the database
fixtures are shared by every test tree."""

from __future__ import annotations

import os
import tempfile

# Before any Qt import: tests never need a screen, and QSettings/platformdirs write to a
# throw-away home, not the developer's.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
_HOME = tempfile.mkdtemp(prefix="migrator-tests-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_HOME, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_HOME, "data")
os.environ["XDG_CACHE_HOME"] = os.path.join(_HOME, "cache")

pytest_plugins = ["tests.db_fixtures"]
