"""Render the profile manager dialog offscreen, once per dialect, with a sample profile.

    python scripts/screenshot_profiles.py [--lang zh_CN] OUTDIR

Writes OUTDIR/profiles_sqlite.png, profiles_postgresql.png and profiles_mysql.png (with
``--lang zh_CN``: the interface in Chinese, files ending in ``_zh_CN``). Uses a
temporary config dir and an in-memory keyring: the real ones are never touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Render this checkout, not whichever Migrator happens to be installed.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtCore import QCoreApplication


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--lang", choices=("en", "zh_CN"), default="en")
    args = parser.parse_args()
    out = args.outdir
    suffix = "" if args.lang == "en" else f"_{args.lang}"
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="migrator-shots-") as tmp:
        os.environ["MIGRATOR_GUI_CONFIG_DIR"] = str(Path(tmp) / "config")
        os.environ["MIGRATOR_GUI_DATA_DIR"] = str(Path(tmp) / "data")
        from migrator_gui.app import ensure_application
        from migrator_gui.core.profiles import ConnectionProfile, ProfileStore
        from migrator_gui.ui.profile_manager_dialog import ProfileManagerDialog
        from tests.keyring_backend import MemoryKeyring, use_keyring

        app = ensure_application()
        if args.lang != "en":
            from migrator_gui.ui.i18n import install_translators

            install_translators(app, args.lang)
        project = Path(tmp) / "shop"
        project.mkdir()
        samples = {
            "sqlite": ConnectionProfile(
                name="local file", dialect="sqlite", database=str(project / "shop.db")
            ),
            "postgresql": ConnectionProfile(
                name="shop (staging)",
                dialect="postgresql",
                host="db.staging.example.com",
                port=5432,
                database="shop",
                username="shop_app",
                sslmode="require",
                version_table_schema="public",
                environment="staging",
                projects=(str(project),),
            ),
            "mysql": ConnectionProfile(
                name="shop (production)",
                dialect="mysql",
                host="10.0.0.12",
                port=3306,
                database="shop",
                username="deploy",
                ssl_ca="/etc/ssl/certs/rds-ca.pem",
                options={"connect_timeout": "10"},
                environment="production",
            ),
        }
        with use_keyring(MemoryKeyring()):
            store = ProfileStore(Path(tmp) / "config" / "profiles.json")
            for profile in samples.values():
                store.save(profile, None if profile.dialect == "sqlite" else "secret")
            for dialect, profile in samples.items():
                dialog = ProfileManagerDialog(store, project, project_url="sqlite:///shop.db")
                dialog.select_profile(profile.name)
                dialog.show()
                for _ in range(10):
                    QCoreApplication.processEvents()
                target = out / f"profiles_{dialect}{suffix}.png"
                if not dialog.grab().save(str(target)):
                    print(f"could not write {target}", file=sys.stderr)
                    return 1
                print(target)
                dialog.close()
                dialog.deleteLater()
                QCoreApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
