"""Paints the revision graph: lanes, curves and nodes in the graph column, badges before the
message. Each row is painted from its own :class:`LayoutRow`, so only visible rows cost anything.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetrics, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from migrator_gui.core.layout import LayoutRow, Segment
from migrator_gui.ui.revision_graph.revision_graph_model import (
    RevisionGraphModel,
    RevisionState,
    RowKind,
)

_Index = QModelIndex | QPersistentModelIndex

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

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        column = index.column()
        if column not in (RevisionGraphModel.GRAPH, RevisionGraphModel.MESSAGE):
            self._paint_text(painter, option, index)
            return
        model = index.model()
        if not isinstance(model, RevisionGraphModel):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        if column == RevisionGraphModel.GRAPH:
            opt.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setClipRect(opt.rect)
            self._paint_graph(painter, opt, model, index.row())
            painter.restore()
        else:
            self._paint_message(painter, opt, style, model, index)

    def _paint_text(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        state = index.data(RevisionGraphModel.StateRole)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        if not selected:
            colour = _text_colour(state, opt.palette, index.column())
            if colour is not None:
                opt.palette.setColor(QPalette.ColorRole.Text, colour)
        if index.column() == RevisionGraphModel.REVISION:
            opt.font.setFamily("monospace")
            opt.font.setStyleHint(opt.font.StyleHint.Monospace)
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)

    # -- the graph column -------------------------------------------------------------------
    def _paint_graph(self, painter: QPainter, opt: QStyleOptionViewItem,
                     model: RevisionGraphModel, row: int) -> None:
        rect = QRectF(opt.rect)
        kind = model.data(model.index(row, 0), RevisionGraphModel.KindRole)
        if kind == RowKind.UNKNOWN:
            self._draw_cross(painter, QPointF(lane_x(rect.left(), 0), rect.center().y()))
            return
        layout_row = model.layout_row(row)
        if layout_row is None:
            return
        h = rect.height()
        cy = rect.center().y()
        for seg in layout_row.up:
            self._draw_segment(painter, rect.left(), seg, cy - h, cy, model)
        for seg in layout_row.down:
            self._draw_segment(painter, rect.left(), seg, cy, cy + h, model)
        state = model.data(model.index(row, 0), RevisionGraphModel.StateRole)
        current = model.row(row)
        self._draw_node(painter, opt.palette, QPointF(lane_x(rect.left(), layout_row.lane), cy),
                        layout_row, str(state), bool(current and current.current))

    def _draw_segment(self, painter: QPainter, left: float, seg: Segment, y1: float, y2: float,
                      model: RevisionGraphModel) -> None:
        x1 = lane_x(left, seg.from_lane)
        x2 = lane_x(left, seg.to_lane)
        colour = QColor(LANE_COLOURS[seg.colour % len(LANE_COLOURS)])
        pen = QPen(colour, 1.6 if seg.kind == "parent" else 1.3)
        if seg.kind == "dependency":
            pen.setStyle(Qt.PenStyle.DashLine)
            pen.setDashPattern([3.0, 3.0])
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if x1 == x2:
            painter.drawLine(QPointF(x1, y1), QPointF(x2, y2))
            return
        path = QPainterPath(QPointF(x1, y1))
        mid = (y1 + y2) / 2
        path.cubicTo(QPointF(x1, mid), QPointF(x2, mid), QPointF(x2, y2))
        painter.drawPath(path)

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

    # -- the message column: badges, then the text -------------------------------------------
    def _paint_message(self, painter: QPainter, opt: QStyleOptionViewItem, style: QStyle,
                       model: RevisionGraphModel, index: _Index) -> None:
        badges = index.data(RevisionGraphModel.BadgesRole) or []
        text = opt.text
        opt.text = ""
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = QRectF(opt.rect).adjusted(3, 0, -3, 0)
        fm = QFontMetrics(opt.font)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setClipRect(opt.rect)
        x = rect.left()
        small = QFontMetrics(opt.font)
        for label, kind in badges:
            w = small.horizontalAdvance(label) + 10
            pill = QRectF(x, rect.center().y() - fm.height() / 2 + 1, w, fm.height() - 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(BADGE_COLOURS.get(kind, "#546e7a")))
            painter.drawRoundedRect(pill, 4, 4)
            painter.setPen(QColor("white"))
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, label)
            x += w + 4
        state = index.data(RevisionGraphModel.StateRole)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = (QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        colour = opt.palette.color(role)
        if not selected:
            colour = _text_colour(state, opt.palette, index.column()) or colour
        if state == RevisionState.COLLAPSED:
            font = opt.font
            font.setItalic(True)
            painter.setFont(font)
        painter.setPen(colour)
        text_rect = QRectF(x + 2, rect.top(), max(0.0, rect.right() - x - 2), rect.height())
        elided = fm.elidedText(text, Qt.TextElideMode.ElideRight, int(text_rect.width()))
        painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                         elided)
        painter.restore()

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
