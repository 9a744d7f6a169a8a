"""Sidebar filter widgets bound to one `Filters`, mirrored in the URL both ways.

On a session's first run the widgets are seeded from `st.query_params` (a shared link restores the
view); after every run the URL is rewritten from the widgets. Widget keys are stable (flt_*) so
browser tests can find them.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.filter_fields import CIVILIAN_KINDS, GEO_PRECISIONS, TIME_PRECISIONS, disorder_key, inter_key
from dashboard.filters import DATE_KINDS, DATE_MAX, REVIEW_KINDS, DATE_MIN, PARAM_NAMES, PRESETS, Filters, UrlNotice, preset_range
from dashboard.i18n import Translator
from etl.schema import EVENT_TYPE_OF, INTER_TYPES

_SEEDED = "_flt_seeded"
_URL_NOTICES = "_flt_url_notices"  # (filters seeded from the URL, notices about what the URL asked for)
PENDING_DATES = "_flt_pending_dates"  # set by pages (timeline click) before a rerun
PENDING_AREAS = "_flt_pending_areas"  # {"admin1": [...], "admin2": [...]} set by the map (area click)
_KEYS = {
    "actors": "flt_actors", "event_types": "flt_types", "sub_event_types": "flt_subtypes",
    "admin1": "flt_adm1", "admin2": "flt_adm2", "origins": "flt_origins",
    "time_precision": "flt_tprec", "geo_precision": "flt_gprec", "disorder_types": "flt_disorder",
    "actor_types": "flt_inter", "assoc_actors": "flt_assoc",
}


def _query_mapping() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}


def _seed_from_url(earliest: dt.date | None, latest: dt.date | None, actors: list[str]) -> None:
    f, notices = Filters.parse_query_params(_query_mapping())
    known = set(actors)
    unknown = [a for a in f.actors if a not in known]
    if unknown:  # not in the store: dropped here (the widget only takes its options)
        notices.append(UrlNotice("unknown", PARAM_NAMES["actors"], n=len(unknown)))
    for name, key in _KEYS.items():
        st.session_state[key] = list(getattr(f, name))
    st.session_state["flt_actors"] = [a for a in f.actors if a in known]
    st.session_state["flt_minfat"] = f.min_fatalities
    st.session_state["flt_date_kind"] = f.dates
    st.session_state["flt_review"] = f.review
    st.session_state["flt_text"] = f.text
    st.session_state["flt_civ"] = f.civilians
    if f.date_from or f.date_to:
        st.session_state["flt_preset"] = "custom"
        start, end = f.date_from or earliest, f.date_to or latest
        if start and end and start > end:  # an open end beyond the store's dates: a one-day range there
            start, end = (f.date_from, f.date_from) if f.date_from else (f.date_to, f.date_to)
        st.session_state["flt_dates"] = tuple(d for d in (start, end) if d)
    else:
        st.session_state["flt_preset"] = "all"
    st.session_state[_SEEDED] = True
    st.session_state[_URL_NOTICES] = (current_filters(), tuple(notices))


def url_notices(filters: Filters) -> tuple[UrlNotice, ...]:
    """What the opening URL asked for that could not be used as it was, while the analyst still looks at the
    filters it gave (changing any filter dismisses the notices)."""
    seeded, notices = st.session_state.get(_URL_NOTICES) or (None, ())
    return notices if filters == seeded else ()


def _on_preset(latest: dt.date | None, earliest: dt.date | None) -> None:
    preset = st.session_state.get("flt_preset")
    start, end = preset_range(preset, latest)
    if preset in PRESETS:
        st.session_state["flt_dates"] = (start or earliest, end or latest) if (earliest and latest) else ()


def _on_dates() -> None:
    st.session_state["flt_preset"] = "custom"


def _on_reset() -> None:
    for key in _KEYS.values():
        st.session_state[key] = []
    st.session_state["flt_minfat"] = 0
    st.session_state["flt_date_kind"] = "all"
    st.session_state["flt_review"] = "all"
    st.session_state["flt_text"] = ""
    st.session_state["flt_civ"] = "all"
    st.session_state["flt_preset"] = "all"
    st.session_state.pop("flt_dates", None)


def _keep_valid(key: str, allowed: list[str]) -> None:
    """Drop values (e.g. from a URL) that are not among the options, so the widget never errors."""
    allowed_set = set(allowed)
    st.session_state[key] = [v for v in st.session_state.get(key, []) if v in allowed_set]


def render_filters(t: Translator, options: dict, names: dict) -> Filters:
    """Draw the filter widgets in the sidebar and return the Filters they describe."""
    earliest, latest = options.get("earliest"), options.get("latest")
    if not st.session_state.get(_SEEDED):
        _seed_from_url(earliest, latest, options.get("actors", []))
    pending = st.session_state.pop(PENDING_DATES, None)
    if pending:
        st.session_state["flt_preset"] = "custom"
        st.session_state["flt_dates"] = tuple(pending)
    areas = st.session_state.pop(PENDING_AREAS, None)
    if areas:
        st.session_state["flt_adm1"] = list(areas.get("admin1") or [])
        st.session_state["flt_adm2"] = list(areas.get("admin2") or [])
    if st.session_state.get("flt_preset") == "all" or "flt_dates" not in st.session_state:
        st.session_state["flt_dates"] = (earliest, latest) if earliest and latest else ()

    sb = st.sidebar
    sb.header(t("filters.header"), anchor=False)
    preset_options = ["custom", *PRESETS]
    sb.selectbox(t("filters.preset"), preset_options, key="flt_preset",
                 format_func=lambda p: t(f"filters.preset_{p}"), on_change=_on_preset, args=(latest, earliest))
    sb.date_input(t("filters.dates"), key="flt_dates", on_change=_on_dates, format="YYYY-MM-DD",
                  min_value=min(DATE_MIN, earliest or DATE_MIN), max_value=max(DATE_MAX, latest or DATE_MAX))
    if latest:
        sb.caption(t("filters.preset_note", date=t.date(latest)))

    actor_names = names.get("actor", {})
    _keep_valid("flt_actors", options["actors"])
    choose = t("filters.choose")
    sb.multiselect(t("filters.actors"), options["actors"], key="flt_actors", placeholder=choose,
                   help=t("filters.actors_help"), format_func=lambda a: actor_names.get(a, a))
    _keep_valid("flt_types", options["event_types"])
    sb.multiselect(t("filters.event_types"), options["event_types"], key="flt_types", placeholder=choose,
                   format_func=t.event_type)
    chosen_types = st.session_state.get("flt_types") or []
    subs = [s for s in options["sub_event_types"] if not chosen_types or EVENT_TYPE_OF.get(s) in chosen_types]
    _keep_valid("flt_subtypes", subs)
    sb.multiselect(t("filters.sub_event_types"), subs, key="flt_subtypes", placeholder=choose,
                   format_func=t.sub_event_type)

    admin = options["admin"]
    area = names.get("admin1", {})
    adm1 = sorted(admin["admin1_pcode"].dropna().unique().tolist())
    _keep_valid("flt_adm1", adm1)
    sb.multiselect(t("filters.admin1"), adm1, key="flt_adm1", placeholder=choose,
                   format_func=lambda p: area.get(p, p))
    chosen1 = st.session_state.get("flt_adm1") or adm1
    adm2 = admin[admin["admin1_pcode"].isin(chosen1)]["admin2_pcode"].dropna().unique().tolist()
    _keep_valid("flt_adm2", adm2)
    sb.multiselect(t("filters.admin2"), adm2, key="flt_adm2", placeholder=choose,
                   format_func=lambda p: area.get(p, p))
    _keep_valid("flt_origins", options["origins"])
    sb.multiselect(t("filters.origins"), options["origins"], key="flt_origins", placeholder=choose,
                   format_func=t.origin)
    sb.number_input(t("filters.min_fatalities"), min_value=0, max_value=1_000_000, step=1, key="flt_minfat")
    sb.selectbox(t("filters.date_kind"), DATE_KINDS, key="flt_date_kind", help=t("filters.date_kind_help"),
                 format_func=lambda k: t(f"filters.date_kind_{k}"))
    sb.selectbox(t("filters.review"), REVIEW_KINDS, key="flt_review", help=t("filters.review_help"),
                 format_func=lambda k: t(f"filters.review_{k}"))
    _more_filters(t, options, actor_names, choose)
    sb.text_input(t("filters.text"), key="flt_text", help=t("filters.text_help"), max_chars=200)
    sb.button(t("filters.reset"), key="flt_reset", on_click=_on_reset, icon=":material/filter_alt_off:")

    return current_filters()


def _more_filters(t: Translator, options: dict, actor_names: dict, choose: str) -> None:
    """Precision, civilian targeting, disorder type, actor type and associated actors, folded in an expander
    (open when one of them is set, e.g. by a shared link)."""
    ss = st.session_state
    keys = ("flt_tprec", "flt_gprec", "flt_disorder", "flt_inter", "flt_assoc")
    is_set = any(ss.get(k) for k in keys) or ss.get("flt_civ", "all") != "all"
    with st.sidebar.expander(t("filters.more"), expanded=is_set, icon=":material/tune:"):
        _keep_valid("flt_tprec", list(TIME_PRECISIONS))
        st.multiselect(t("filters.time_precision"), TIME_PRECISIONS, key="flt_tprec", placeholder=choose,
                       format_func=lambda p: t(f"filters.tprec_{p}"))
        _keep_valid("flt_gprec", list(GEO_PRECISIONS))
        st.multiselect(t("filters.geo_precision"), GEO_PRECISIONS, key="flt_gprec", placeholder=choose,
                       format_func=lambda p: t(f"filters.gprec_{p}"))
        st.selectbox(t("filters.civilians"), CIVILIAN_KINDS, key="flt_civ", help=t("filters.civilians_help"),
                     format_func=lambda k: t(f"filters.civilians_{k}"))
        disorder = options.get("disorder_types", [])
        _keep_valid("flt_disorder", disorder)
        st.multiselect(t("filters.disorder"), disorder, key="flt_disorder", placeholder=choose,
                       format_func=lambda d: t(f"filters.disorder_{disorder_key(d)}"))
        _keep_valid("flt_inter", list(INTER_TYPES))
        st.multiselect(t("filters.actor_types"), INTER_TYPES, key="flt_inter", placeholder=choose,
                       format_func=lambda i: t(f"filters.inter_{inter_key(i)}"))
        assoc = options.get("assoc_actors", [])
        _keep_valid("flt_assoc", assoc)
        st.multiselect(t("filters.assoc_actors"), assoc, key="flt_assoc", placeholder=choose,
                       help=t("filters.assoc_help"), format_func=lambda a: actor_names.get(a, a))


def current_filters() -> Filters:
    ss = st.session_state
    dates = tuple(ss.get("flt_dates") or ())
    date_from = date_to = None
    if ss.get("flt_preset") != "all":
        date_from = dates[0] if len(dates) >= 1 else None
        date_to = dates[1] if len(dates) >= 2 else None
    return Filters(
        date_from=date_from, date_to=date_to,
        **{name: ss.get(key, []) for name, key in _KEYS.items()},
        min_fatalities=int(ss.get("flt_minfat") or 0), dates=ss.get("flt_date_kind") or "all",
        review=ss.get("flt_review") or "all",
        text=ss.get("flt_text", ""), civilians=ss.get("flt_civ") or "all",
    )


def sync_url(filters: Filters, lang: str) -> None:
    """Write the filters (and language) into the URL, leaving page-specific params alone."""
    wanted: dict[str, object] = {**filters.to_query_params(), "lang": lang}
    for key in [*PARAM_NAMES.values(), "lang"]:
        current = st.query_params.get_all(key)
        target = wanted.get(key)
        target_list = [] if target is None else ([target] if isinstance(target, str) else list(target))
        if current != target_list:
            if target_list:
                st.query_params[key] = target_list if len(target_list) > 1 else target_list[0]
            elif key in st.query_params:
                del st.query_params[key]
