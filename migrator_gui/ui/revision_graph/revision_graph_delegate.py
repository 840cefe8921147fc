"""Paints the revision graph: lanes, curves and nodes in the graph column, badges before the
message. Each row is painted from its own :class:`LayoutRow`, so only visible rows cost anything.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import (
    QLineF,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from migrator_gui.core.layout import LayoutRow
from migrator_gui.ui.revision_graph.revision_graph_model import (
    RevisionGraphModel,
    RevisionState,
    RowKind,
)

_Index = QModelIndex | QPersistentModelIndex

_CACHED_CELLS = 300
"""Painted graph cells kept: about ten screens (each up to ~37 KB: 420 x 22 px x 4 bytes)."""
_TEXT_ALIGN = int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft)
LANE_WIDTH = 14
GRAPH_MARGIN = 8
NODE_RADIUS = 4.5
MAX_GRAPH_WIDTH = 420

LANE_COLOURS = (
    "#3b82f6",  # blue
    "#f59e0b",  # amber
    "#10b981",  # emerald
    "#a855f7",  # purple
    "#ec4899",  # pink
    "#14b8a6",  # teal
    "#84cc16",  # lime
    "#f97316",  # orange
    "#6366f1",  # indigo
    "#06b6d4",  # cyan
)
"""Mid-tone colours: readable on a white and on a near-black background."""

BADGE_COLOURS = {
    "db": "#1565c0",
    "head": "#6a1b9a",
    "base": "#546e7a",
    "unknown": "#d32f2f",
}
UNKNOWN_COLOUR = "#d32f2f"
PENDING_TEXT_COLOUR = "#ef6c00"
APPLIED_TEXT_COLOUR = "#2e7d32"


def graph_width(lanes: int) -> int:
    return min(MAX_GRAPH_WIDTH, GRAPH_MARGIN * 2 + max(lanes, 1) * LANE_WIDTH)


def lane_x(rect_left: float, lane: int) -> float:
    return rect_left + GRAPH_MARGIN + lane * LANE_WIDTH


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Base).lightnessF() < 0.5


class RevisionGraphDelegate(QStyledItemDelegate):
    """Draws the graph column and the badges; other columns are drawn as usual."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cells: OrderedDict[tuple[object, ...], QPixmap] = OrderedDict()
        """Painted graph cells, most recently used last: scrolling back and forth and repaints
        (selection, hover) cost one drawPixmap per row."""
        self._pens: dict[tuple[int, str], QPen] = {}
        self._mono = QFont()
        self._mono_for = ""

    def clear_cache(self) -> None:
        """Forget painted cells (the model's rows or lanes changed)."""
        self._cells.clear()

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        # One fast path for every cell: the background from the style, then our own drawing.
        # initStyleOption + CE_ItemViewItem would ask the model for a dozen roles per cell and
        # cost three times as much, which a 20k-row scroll feels.
        model = index.model()
        if not isinstance(model, RevisionGraphModel):
            super().paint(painter, option, index)
            return
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        row = model.row(index.row())
        if row is None:
            return
        column = index.column()
        if column == RevisionGraphModel.GRAPH:
            painter.drawPixmap(option.rect.topLeft(),
                               self._graph_cell(painter, option, model, index.row()))
            return
        text = model.data(index) or ""
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        colour = palette.color(QPalette.ColorRole.HighlightedText if selected
                               else QPalette.ColorRole.Text)
        if not selected:
            colour = _text_colour(row.state, palette, column) or colour
        rect = QRectF(option.rect).adjusted(4, 0, -4, 0)
        painter.save()
        painter.setClipRect(option.rect)
        if column == RevisionGraphModel.MESSAGE:
            rect.setLeft(self._paint_badges(painter, option, model.data(
                index, RevisionGraphModel.BadgesRole) or [], rect))
            if row.state == RevisionState.COLLAPSED:
                font = QFont(option.font)
                font.setItalic(True)
                painter.setFont(font)
        elif column == RevisionGraphModel.REVISION:
            painter.setFont(self._monospace(option.font))
        painter.setPen(colour)
        fm = painter.fontMetrics()
        mode = (Qt.TextElideMode.ElideMiddle if column == RevisionGraphModel.FILE
                else Qt.TextElideMode.ElideRight)
        painter.drawText(rect, _TEXT_ALIGN, fm.elidedText(text, mode, int(rect.width())))
        painter.restore()

    def _monospace(self, base: QFont) -> QFont:
        key = base.key()
        if self._mono_for != key:
            mono = QFont(base)
            mono.setFamily("monospace")
            mono.setStyleHint(QFont.StyleHint.Monospace)
            self._mono, self._mono_for = mono, key
        return self._mono

    def _paint_badges(self, painter: QPainter, option: QStyleOptionViewItem,
                      badges: list[tuple[str, str]], rect: QRectF) -> float:
        """Draw the badges at the left of ``rect``; returns where the text starts."""
        x = rect.left()
        if not badges:
            return x
        fm = QFontMetrics(option.font)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for label, kind in badges:
            w = fm.horizontalAdvance(label) + 10
            pill = QRectF(x, rect.center().y() - fm.height() / 2 + 1, w, fm.height() - 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(BADGE_COLOURS.get(kind, "#546e7a")))
            painter.drawRoundedRect(pill, 4, 4)
            painter.setPen(QColor("white"))
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)
            x += w + 4
        return x + 2

    # -- the graph column -------------------------------------------------------------------
    def _graph_cell(self, painter: QPainter, opt: QStyleOptionViewItem,
                    model: RevisionGraphModel, row: int) -> QPixmap:
        ratio = painter.device().devicePixelRatioF()
        size = opt.rect.size()
        key = (row, size.width(), size.height(), ratio,
               opt.palette.color(QPalette.ColorRole.Base).rgba())
        cells = self._cells
        pixmap = cells.get(key)
        if pixmap is not None:
            cells.move_to_end(key)
            return pixmap
        pixmap = QPixmap(max(1, int(size.width() * ratio)), max(1, int(size.height() * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(Qt.GlobalColor.transparent)
        cell = QPainter(pixmap)
        cell.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._paint_graph(cell, QRectF(0, 0, size.width(), size.height()), opt.palette, model,
                          row)
        cell.end()
        cells[key] = pixmap
        if len(cells) > _CACHED_CELLS:
            cells.popitem(last=False)
        return pixmap

    def _paint_graph(self, painter: QPainter, rect: QRectF, palette: QPalette,
                     model: RevisionGraphModel, row: int) -> None:
        found = model.row(row)
        if found is not None and found.kind == RowKind.UNKNOWN:
            self._draw_cross(painter, QPointF(lane_x(rect.left(), 0), rect.center().y()))
            return
        layout_row = model.layout_row(row)
        if layout_row is None:
            return
        h = rect.height()
        cy = rect.center().y()
        left = rect.left()
        painter.setBrush(Qt.BrushStyle.NoBrush)
        # Lines that pass straight through are most of the work: one drawLines per pen.
        straight: dict[tuple[int, str], list[QLineF]] = {}
        for segs, y1, y2 in ((layout_row.up, cy - h, cy), (layout_row.down, cy, cy + h)):
            for seg in segs:
                x1 = lane_x(left, seg.from_lane)
                if seg.from_lane == seg.to_lane:
                    straight.setdefault((seg.colour % len(LANE_COLOURS), seg.kind), []).append(
                        QLineF(x1, y1, x1, y2))
                    continue
                x2 = lane_x(left, seg.to_lane)
                painter.setPen(self._pen(seg.colour, seg.kind))
                path = QPainterPath(QPointF(x1, y1))
                mid = (y1 + y2) / 2
                path.cubicTo(QPointF(x1, mid), QPointF(x2, mid), QPointF(x2, y2))
                painter.drawPath(path)
        for (colour, kind), lines in straight.items():
            painter.setPen(self._pen(colour, kind))
            painter.drawLines(lines)
        found = model.row(row)
        state = found.state if found is not None else ""
        self._draw_node(painter, palette, QPointF(lane_x(left, layout_row.lane), cy),
                        layout_row, state, bool(found and found.current))

    def _pen(self, colour: int, kind: str) -> QPen:
        key = (colour % len(LANE_COLOURS), kind)
        pen = self._pens.get(key)
        if pen is None:
            pen = QPen(QColor(LANE_COLOURS[key[0]]), 1.6 if kind == "parent" else 1.3)
            if kind == "dependency":
                pen.setDashPattern([3.0, 3.0])
            pen.setCapStyle(Qt.PenCapStyle.FlatCap)
            self._pens[key] = pen
        return pen

    def _draw_node(self, painter: QPainter, palette: QPalette, centre: QPointF, row: LayoutRow,
                   state: str, current: bool) -> None:
        colour = QColor(LANE_COLOURS[row.colour % len(LANE_COLOURS)])
        r = NODE_RADIUS
        if current:
            painter.setPen(QPen(QColor(BADGE_COLOURS["db"]), 2.0))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawEllipse(centre, r + 3.0, r + 3.0)
        if state == RevisionState.BROKEN:
            self._draw_cross(painter, centre)
            return
        if state == RevisionState.COLLAPSED:
            painter.setPen(QPen(colour, 1.6))
            painter.setBrush(QBrush(colour))
            for dy in (-5.0, 0.0, 5.0):
                painter.drawEllipse(QPointF(centre.x(), centre.y() + dy), 1.8, 1.8)
            return
        if state == RevisionState.APPLIED:
            painter.setPen(QPen(colour.darker(130) if not is_dark(palette) else colour.lighter(130),
                                1.2))
            painter.setBrush(QBrush(colour))
        elif state == RevisionState.PENDING:
            painter.setPen(QPen(colour, 2.0))
            painter.setBrush(QBrush(palette.color(QPalette.ColorRole.Base)))
        else:  # no database state: neither filled nor hollow, a small dot
            painter.setPen(QPen(colour, 1.5))
            painter.setBrush(QBrush(palette.color(QPalette.ColorRole.Base)))
            r -= 1.0
        painter.drawEllipse(centre, r, r)

    def _draw_cross(self, painter: QPainter, centre: QPointF) -> None:
        painter.setPen(QPen(QColor(UNKNOWN_COLOUR), 2.2))
        d = NODE_RADIUS
        painter.drawLine(QPointF(centre.x() - d, centre.y() - d),
                         QPointF(centre.x() + d, centre.y() + d))
        painter.drawLine(QPointF(centre.x() - d, centre.y() + d),
                         QPointF(centre.x() + d, centre.y() - d))

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        size = super().sizeHint(option, index)
        if index.column() == RevisionGraphModel.GRAPH:
            model = index.model()
            lanes = model.max_lanes if isinstance(model, RevisionGraphModel) else 1
            size.setWidth(graph_width(lanes))
        return size


def _text_colour(state: object, palette: QPalette, column: int) -> QColor | None:
    if state in (RevisionState.UNKNOWN, RevisionState.BROKEN):
        return QColor(UNKNOWN_COLOUR)
    if state == RevisionState.COLLAPSED:
        return palette.color(QPalette.ColorRole.PlaceholderText)
    if state == RevisionState.PENDING and column == RevisionGraphModel.REVISION:
        return QColor(PENDING_TEXT_COLOUR if not is_dark(palette) else "#ffb74d")
    return None
