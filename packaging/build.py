"""Build the one-folder app: ``python packaging/build.py [--dist DIR] [--work DIR]``.

Produces ``<dist>/migrator-gui/migrator-gui`` (default ``dist/`` at the repository root) from
``packaging/migrator-gui.spec`` with PyInstaller (``pip install -e '.[package]'``), then prints
the bundle's size and the build time. Exit code 0 on success.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "migrator-gui.spec"
NAME = "migrator-gui"


def folder_size(path: Path) -> int:
    """Bytes in the files under ``path`` (symbolic links not followed)."""
    total = 0
    for dirpath, _dirs, files in os.walk(path):
        for name in files:
            file = Path(dirpath) / name
            if not file.is_symlink():
                total += file.stat().st_size
    return total


def build(dist: Path, work: Path, *, quiet: bool = False) -> Path:
    """Run PyInstaller on the spec; returns the bundle's executable."""
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit(
            "PyInstaller is not installed: pip install -e '.[package]' "
            "(or pip install 'pyinstaller>=6')"
        ) from None
    command = [
        sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean",
        "--distpath", str(dist), "--workpath", str(work),
        "--log-level", "WARN" if quiet else "INFO",
        str(SPEC),
    ]
    subprocess.run(command, cwd=ROOT, check=True)
    executable = dist / NAME / (NAME + (".exe" if sys.platform == "win32" else ""))
    if not executable.is_file():
        raise SystemExit(f"PyInstaller finished but {executable} is missing")
    return executable


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist",
                        help="where the bundle folder goes (default: dist/)")
    parser.add_argument("--work", type=Path, default=None,
                        help="PyInstaller's work folder (default: build/pyinstaller beside --dist)")
    parser.add_argument("--quiet", action="store_true", help="only PyInstaller's warnings")
    args = parser.parse_args(argv)
    dist = args.dist.resolve()
    work = (args.work or dist.parent / "build" / "pyinstaller").resolve()
    started = time.monotonic()
    executable = build(dist, work, quiet=args.quiet)
    elapsed = time.monotonic() - started
    size = folder_size(executable.parent)
    print(f"built {executable}")
    print(f"bundle size: {size / 1e6:.1f} MB ({size} bytes)")
    print(f"build time: {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
