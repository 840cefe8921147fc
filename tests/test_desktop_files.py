"""The freedesktop files in packaging/linux/ and the icon sizes they point at."""

from __future__ import annotations

import configparser
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

import migrator_gui

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
DESKTOP = LINUX / "migrator-gui.desktop"
METAINFO = LINUX / "io.github.migrator_gui.Migrator.metainfo.xml"
ICONS = Path(migrator_gui.__file__).parent / "resources" / "icons"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256)


def _desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return parser["Desktop Entry"]


def test_desktop_file_has_the_required_keys() -> None:
    entry = _desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Migrator"
    assert entry["GenericName"] == "Database Migration Tool"
    assert entry["Comment"]
    assert entry["Exec"] == "migrator-gui %F"
    assert entry["Terminal"] == "false"
    assert entry["Categories"].split(";")[:2] == ["Development", "Database"]
    assert entry["Categories"].endswith(";") and entry["Keywords"].endswith(";")
    assert {"alembic", "migration", "database", "sqlalchemy"} <= set(entry["Keywords"].split(";"))
    # The window manager matches windows to the entry by the app's desktop file name (app.py).
    assert entry["StartupWMClass"] == "migrator-gui"
    assert DESKTOP.stem == "migrator-gui"


def test_desktop_file_icon_is_the_shipped_icon() -> None:
    icon = _desktop_entry()["Icon"]
    assert icon == "migrator-gui"
    assert (ICONS / f"{icon}.svg").is_file()
    for size in SIZES:
        assert (ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{icon}.png").is_file()


def test_desktop_file_validates() -> None:
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate is not installed (Debian/Ubuntu: desktop-file-utils)")
    done = subprocess.run(
        [validator, str(DESKTOP)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0 and not done.stdout.strip(), done.stdout + done.stderr


def test_metainfo_names_the_app_and_its_desktop_file() -> None:
    root = ET.parse(METAINFO).getroot()
    assert root.tag == "component" and root.get("type") == "desktop-application"
    assert root.findtext("id") == METAINFO.name.removesuffix(".metainfo.xml")
    assert root.findtext("metadata_license") == "CC0-1.0"
    assert root.findtext("project_license")
    assert root.findtext("name") == "Migrator"
    summary = root.findtext("summary") or ""
    assert summary and not summary.endswith(".")
    assert len(root.findall("description/p")) >= 2
    launchable = root.find("launchable")
    assert launchable is not None and launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP.name
    assert root.find("content_rating") is not None
    images = [img.text or "" for img in root.findall("screenshots/screenshot/image")]
    assert images
    for image in images:
        # Placeholders relative to the repository until the project has a public home.
        assert (ROOT / image).is_file(), image
    releases = root.findall("releases/release")
    assert releases and releases[0].get("version") == migrator_gui.__version__


def test_metainfo_validates() -> None:
    validator = shutil.which("appstreamcli")
    if validator is None:
        pytest.skip("appstreamcli is not installed (Debian/Ubuntu: appstream)")
    done = subprocess.run(
        [validator, "validate", "--no-net", str(METAINFO)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    issues = re.findall(r"^([EW]): \S+?:\d+: (\S+) (.*)$", done.stdout, re.MULTILINE)
    # The only accepted error: screenshot URLs are placeholders relative to the repository.
    unexpected = [
        issue
        for issue in issues
        if not (issue[1] == "web-url-expected" and issue[2].startswith("docs/screenshots/"))
    ]
    assert not unexpected, done.stdout


@pytest.mark.parametrize("size", SIZES)
def test_hicolor_png_has_its_size(size: int) -> None:
    image = QImage(str(ICONS / "hicolor" / f"{size}x{size}" / "apps" / "migrator-gui.png"))
    assert not image.isNull()
    assert (image.width(), image.height()) == (size, size)
    assert image.hasAlphaChannel()
