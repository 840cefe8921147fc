"""The packaged app's entry point (PyInstaller runs this file as ``__main__``).

``migrator_gui.app.main`` checks ``--runner`` before importing Qt, so the bundle doubles as the
child runner's interpreter.
"""

import sys

from migrator_gui.app import main

if __name__ == "__main__":
    sys.exit(main())
