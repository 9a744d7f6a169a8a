"""Colours and fonts shared by the charts (Plotly) and the map (Leaflet): one colour per ACLED event type.

Pure constants and lookups; no plotting library is imported here.
"""

from __future__ import annotations

# Fixed palette keyed by the ACLED event type (etl.schema.TAXONOMY keys), reused by charts and maps so a
# type has the same colour everywhere (and in every language: keys are the stored English names).
EVENT_TYPE_COLOURS: dict[str, str] = {
    "Battles": "#d62728",
    "Explosions/Remote violence": "#ff7f0e",
    "Violence against civilians": "#9467bd",
    "Protests": "#2ca02c",
    "Riots": "#8c564b",
    "Strategic developments": "#1f77b4",
}
UNKNOWN_TYPE_COLOUR = "#7f7f7f"

# Qualitative colours for series that are not event types (actors), assigned in order.
SERIES_COLOURS: tuple[str, ...] = (
    "#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e",
    "#e6ab02", "#a6761d", "#666666", "#17becf", "#bcbd22",
)

FONT_RTL = "Noto Naskh Arabic, Noto Sans Arabic, DejaVu Sans"
FONT_LTR = "DejaVu Sans, Noto Sans Arabic, Noto Naskh Arabic, sans-serif"


def event_type_colour(event_type: object) -> str:
    """The fixed colour of an ACLED event type (grey for anything else, including missing)."""
    return EVENT_TYPE_COLOURS.get(str(event_type), UNKNOWN_TYPE_COLOUR) if event_type else UNKNOWN_TYPE_COLOUR


def ordered_event_types(types) -> list[str]:
    """Event types in taxonomy order first, then any others alphabetically (stable stacking and legends)."""
    present = {str(t) for t in types if t is not None and str(t) != "nan"}
    known = [t for t in EVENT_TYPE_COLOURS if t in present]
    return known + sorted(present - set(known))
