"""``python -m migrator_gui``."""

import sys

from migrator_gui.app import main

sys.exit(main())
