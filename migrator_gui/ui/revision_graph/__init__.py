"""The revision graph: model (rows, lanes, state), painting delegate, and the view with its
navigation."""

from migrator_gui.ui.revision_graph.revision_graph_model import (
    RevisionGraphModel,
    RevisionState,
    RowKind,
)
from migrator_gui.ui.revision_graph.revision_graph_view import (
    RevisionGraphPanel,
    RevisionGraphView,
)

__all__ = [
    "RevisionGraphModel",
    "RevisionGraphPanel",
    "RevisionGraphView",
    "RevisionState",
    "RowKind",
]
