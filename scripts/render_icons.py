"""Render the application icon's PNG sizes from its SVG.

    python scripts/render_icons.py

reads ``migrator_gui/resources/icons/migrator-gui.svg`` and writes
``migrator_gui/resources/icons/hicolor/<n>x<n>/apps/migrator-gui.png`` for every size in
``SIZES`` (the freedesktop hicolor layout, so the folder can be copied under
``/usr/share/icons/hicolor`` or ``~/.local/share/icons/hicolor`` as it is). Run it again whenever
the SVG changes and commit the PNGs. Needs no screen: Qt runs on the offscreen platform.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ICONS = Path(__file__).resolve().parent.parent / "migrator_gui" / "resources" / "icons"
NAME = "migrator-gui"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256)


def render(svg: Path, size: int) -> QImage:
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def main() -> int:
    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    svg = ICONS / f"{NAME}.svg"
    for size in SIZES:
        target = ICONS / "hicolor" / f"{size}x{size}" / "apps" / f"{NAME}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not render(svg, size).save(str(target)):
            raise SystemExit(f"could not write {target}")
        print(target.relative_to(ICONS.parent.parent.parent))
    return 0


if __name__ == "__main__":
    sys.exit(main())
