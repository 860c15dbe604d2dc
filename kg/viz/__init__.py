"""The interactive view: one offline HTML file with legend, search, filters and a provenance panel.

page.py writes it (``write_html``; ``write_view`` for ``kg viz``) from the data of data.py
(``view_data``): which entities are shown (focus.py), where they start (layouts.py: a
seeded Graphviz ``sfdp`` layout, else a radial one), their attribute rows (attributes.py),
and their evidence, read from the graph, the store or the build's records (evidence.py)
and cut short for the provenance panel (provenance.py). Above ``Settings.viz_max_nodes``
only the best-connected entities are kept.
"""
from .attributes import format_area, format_attribute, format_cny
from .data import RELATIONS, TYPES, node_size, view_data
from .evidence import graph_evidence, records_evidence
from .focus import find_entities
from .layouts import layout, radial_layout, start_layout
from .page import corpus_title, json_for_script, render, write_html, write_view
from .provenance import MAX_EVIDENCE

__all__ = [
    "MAX_EVIDENCE", "RELATIONS", "TYPES", "corpus_title", "find_entities", "format_area", "format_attribute",
    "format_cny", "graph_evidence", "json_for_script", "layout", "node_size", "radial_layout",
    "records_evidence", "render", "start_layout", "view_data", "write_html", "write_view",
]
