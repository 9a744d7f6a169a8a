"""Review: the queue of events waiting for an analyst, worst first; for the chosen event its fields, the
evidence highlighted in its article, possible duplicates, the actions (accept, edit, reject, merge,
restore) and its history as a readable diff.

Reads go through dashboard/review_reads.py (shared by every session until a decision or a new snapshot changes
them); every change goes through the review module (etl.review), which validates it and refuses a change made on
an old version. Text typed by analysts is only ever shown as
plain text or in data grids (never as HTML or Markdown); article text is escaped by dashboard.highlight.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.highlight import evidence_span, spans_html
from dashboard.layout import context
from dashboard.review_reads import review_detail, review_queue, reviewer
from etl.errors import MarsadError
from dashboard.signin import identity
from etl.review import GRADES
from etl.schema import EVENT_TYPE_OF
from etl.store.review import ConflictError, decode

STATUSES = ("pending", "accepted", "rejected", "merged")
SHOWN = 200
FIELDS = ("event_date", "time_precision", "event_type", "sub_event_type", "actor1", "actor2", "location",
          "latitude", "longitude", "fatalities", "injuries", "arrests", "grade", "n_sources", "origin", "confidence")
TEXT_INPUTS = ("location", "latitude", "longitude", "fatalities", "injuries", "arrests")
REJECT_KINDS = ("not_event", "duplicate", "out_of_scope")
FLASH = "review-flash"


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, (dt.date, dt.datetime, pd.Timestamp)):
        return str(value)[:10]
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _act(action, *args, **kwargs) -> None:
    """Run a review action in a button callback; what happened is shown on the next run."""
    try:
        action(*args, **kwargs)
        st.session_state[FLASH] = ("success", "review.saved", "")
    except ConflictError as exc:
        st.session_state[FLASH] = ("warning", "review.conflict", str(exc))
    except MarsadError as exc:
        st.session_state[FLASH] = ("error", "review.refused", str(exc))


def _flash(t) -> None:
    """What the last action did, in a place that is always drawn (so the widgets below keep their state)."""
    with st.container(key="review-messages"):
        if FLASH not in st.session_state:
            return
        kind, title, detail = st.session_state.pop(FLASH)
        with st.container(key="review-flash"):
            getattr(st, kind)(t(title))
            if detail:
                st.text(detail)  # plain text: it may quote what the analyst typed


def _edit(rev, event_id: str, version: int, current: dict) -> None:
    values = {}
    sub = st.session_state.get("review-sub_event_type")
    if sub and sub != current.get("sub_event_type"):
        values["sub_event_type"] = sub
    day = st.session_state.get("review-event_date")
    if isinstance(day, dt.date) and day.isoformat() != _text(current.get("event_date")):
        values["event_date"] = day.isoformat()
    precision = st.session_state.get("review-time_precision")
    if precision and int(precision) != int(current.get("time_precision") or 0):
        values["time_precision"] = str(precision)
    for name in ("actor1", "actor2", "grade"):
        chosen = st.session_state.get(f"review-{name}") or ""
        if chosen != _text(current.get(name)):
            values[name] = chosen
    for name in TEXT_INPUTS:
        typed = (st.session_state.get(f"review-{name}") or "").strip()
        if typed != _text(current.get(name)):
            values[name] = typed
    if not values:
        st.session_state[FLASH] = ("info", "review.nothing_changed", "")
        return
    _act(rev.edit, event_id, values, st.session_state.get("review-edit-reason"), expected_version=version)


def _reject(rev, t, event_id: str, version: int) -> None:
    kind = st.session_state.get("review-reject-kind") or REJECT_KINDS[0]
    detail = (st.session_state.get("review-reject-detail") or "").strip()
    reason = f"{t(f'review.reject_{kind}')}{': ' + detail if detail else ''}"
    _act(rev.reject, event_id, reason, expected_version=version)


def _evidence(event: dict, articles: dict, lang: str) -> None:
    article = articles.get(event.get("article_id") or "")
    if article:
        span = evidence_span(article["text"], event.get("evidence_start"), event.get("evidence_end"),
                             event.get("evidence"))
        with st.container(key="review-article", height=320):
            # HTML the dashboard builds (the text escaped by spans_html), never read as Markdown
            st.html(spans_html(article["text"], [span] if span else [], lang=article.get("language")))
    elif event.get("notes") or event.get("evidence"):
        st.text(event.get("evidence") or event.get("notes"))


def _history(t, history: list[dict]) -> None:
    st.subheader(t("review.history"), anchor=False)
    if not history:
        st.caption(t("review.no_history"))
        return
    rows = [{t("review.col_when"): r["at"].strftime("%Y-%m-%d %H:%M"), t("review.col_user"): r["user_name"],
             t("review.col_action"): t(f"review.action_{r['action']}"), t("review.col_field"): r["field"] or "",
             t("review.col_before"): _text(decode(r["before"])), t("review.col_after"): _text(decode(r["after"])),
             t("review.col_reason"): r["reason"] or ""} for r in history]
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="review-history")


def _actions(rev, t, event: dict, decision, candidates: list[dict]) -> None:
    event_id, version = event["event_id"], decision.version
    with st.container(horizontal=True, key="review-buttons"):
        st.button(t("review.accept"), key="review-accept", on_click=_act, args=(rev.accept, [event_id]),
                  kwargs={"expected_version": version}, icon=":material/check:")
        if decision.status in ("rejected", "merged"):
            st.button(t("review.restore"), key="review-restore", on_click=_act, args=(rev.restore, event_id),
                      kwargs={"expected_version": version}, icon=":material/undo:")
    _fill_form(event, version)
    with st.expander(t("review.edit"), expanded=False, icon=":material/edit:"):
        with st.form("review-edit-form"):
            subs = sorted(EVENT_TYPE_OF, key=lambda s: (EVENT_TYPE_OF[s], s))
            st.selectbox(t("review.sub_event_type"), subs, key="review-sub_event_type",
                         format_func=lambda s: f"{t.event_type(EVENT_TYPE_OF[s])} › {t.sub_event_type(s)}")
            st.date_input(t("review.event_date"), key="review-event_date", min_value=dt.date(1900, 1, 1),
                          max_value=dt.date.today())
            st.selectbox(t("review.time_precision"), (1, 2, 3, 4), key="review-time_precision",
                         format_func=lambda p: t(f"review.precision_{p}"))
            actors = _actor_names(rev)
            for name in ("actor1", "actor2"):
                options = ([""] if name == "actor2" else []) + sorted(set(actors) | {_text(event.get(name))} - {""})
                st.selectbox(t(f"review.{name}"), options, key=f"review-{name}")
            for name in TEXT_INPUTS:
                st.text_input(t(f"review.{name}"), key=f"review-{name}")
            st.selectbox(t("review.grade"), ["", *GRADES], key="review-grade",
                         format_func=lambda g: t(f"review.grade_{g or 'none'}"))
            st.text_input(t("review.reason"), key="review-edit-reason")
            st.form_submit_button(t("review.save"), on_click=_edit, args=(rev, event_id, version, event),
                                  key="review-edit-save")
    with st.expander(t("review.reject"), expanded=False, icon=":material/block:"):
        st.selectbox(t("review.reject_kind"), REJECT_KINDS, key="review-reject-kind",
                     format_func=lambda k: t(f"review.reject_{k}"))
        st.text_input(t("review.reject_detail"), key="review-reject-detail")
        st.button(t("review.reject"), key="review-reject", on_click=_reject, args=(rev, t, event_id, version))
    with st.expander(t("review.merge"), expanded=False, icon=":material/merge:"):
        st.caption(t("review.merge_help"))
        ids = [c["event_id"] for c in candidates]
        labels = {c["event_id"]: _label(t, c) for c in candidates}
        st.multiselect(t("review.merge_with"), ids, key="review-merge-with", format_func=labels.get)
        st.button(t("review.merge"), key="review-merge", on_click=lambda: _act(
            rev.merge, [event_id, *st.session_state.get("review-merge-with", [])]))


def _fill_form(event: dict, version: int) -> None:
    """Put the event's current values in the edit form when another event (or a new version) is shown."""
    if st.session_state.get("review-form-for") == (event["event_id"], version):
        return
    st.session_state["review-form-for"] = (event["event_id"], version)
    st.session_state["review-sub_event_type"] = event["sub_event_type"]
    st.session_state["review-event_date"] = pd.Timestamp(event["event_date"]).date()
    st.session_state["review-time_precision"] = max(1, min(4, int(event.get("time_precision") or 1)))
    for name in ("actor1", "actor2", *TEXT_INPUTS):
        st.session_state[f"review-{name}"] = _text(event.get(name))
    st.session_state["review-grade"] = event.get("grade") or ""
    for name in ("review-edit-reason", "review-reject-detail"):
        st.session_state[name] = ""
    st.session_state["review-merge-with"] = []


def _actor_names(rev) -> list[str]:
    from etl.actors import load_actors

    return [a.name for a in load_actors(str(rev.settings.knowledge_dir)).all()]


def _label(t, row: dict) -> str:
    """An event's label in the pickers: stable while it is reviewed (the picker matches the label it shows)."""
    return (f"{_text(row['event_date'])} · {t.sub_event_type(row['sub_event_type'])} · "
            f"{row.get('location') or ''} · {row['event_id'][-6:]}")


def render() -> None:
    ctx = context()
    t = ctx.t
    st.title(t("page.review"), anchor=False)
    who = identity()
    db, review_db = str(ctx.store.path), ctx.settings.review_db or ""
    rev = reviewer(db, review_db, who.user, who.role)
    may_edit = who.may("analyst")
    if may_edit:
        st.caption(t("review.reviewing_as", user=who.user))
    else:
        with st.container(key="review-read-only"):
            st.info(t("auth.read_only"), icon=":material/visibility:")
    _flash(t)
    status = st.segmented_control(t("review.status"), STATUSES, key="review-status", default="pending",
                                  format_func=lambda s: t(f"review.status_{s}")) or "pending"
    queue, total = review_queue(db, review_db, status, SHOWN)
    chosen = st.session_state.get("review-event")
    if queue.empty and chosen is None:
        with st.container(key="review-empty"):
            st.info(t("review.empty"))
        return
    st.caption(t("review.count", count=t.number(total), shown=t.number(min(total, SHOWN))))
    rows = queue.to_dict("records")
    if chosen is not None and chosen not in {r["event_id"] for r in rows}:  # just acted on: keep it in view
        rows = review_queue(db, review_db, None, event_ids=[chosen])[0].to_dict("records") + rows
    ids = [r["event_id"] for r in rows]
    if not ids:
        return
    if chosen not in ids:
        st.session_state["review-event"] = ids[0]
    labels = {r["event_id"]: _label(t, r) for r in rows}
    event_id = st.selectbox(t("review.event"), ids, key="review-event", format_func=labels.get)
    detail = review_detail(db, review_db, event_id)
    if not detail:
        return
    event, decision = detail["event"], detail["decision"]
    if event.get("source_changed"):
        with st.container(key="review-source-changed"):
            st.warning(t("review.source_changed"), icon=":material/sync_problem:")
    st.caption(t("review.state", status=t(f"review.status_{decision.status}"), version=decision.version))
    left, right = st.columns(2)
    with left:
        fields = pd.DataFrame({t("review.col_field"): [t(f"review.{f}") for f in FIELDS],
                               t("review.col_value"): [_text(event.get(f)) for f in FIELDS]})
        st.dataframe(fields, hide_index=True, key="review-fields")
        if may_edit:  # a viewer gets no edit controls; etl.review refuses a crafted change too
            _actions(rev, t, event, decision, detail["candidates"])
    with right:
        st.subheader(t("review.evidence"), anchor=False)
        _evidence(event, detail["articles"], ctx.lang)
        if detail["candidates"]:
            st.subheader(t("review.candidates"), anchor=False)
            st.dataframe(pd.DataFrame([{t("review.col_event"): _label(t, c), "id": c["event_id"]}
                                       for c in detail["candidates"]]), hide_index=True, key="review-candidates")
    _history(t, detail["history"])


render()
