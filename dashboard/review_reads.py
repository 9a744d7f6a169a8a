"""What the Review page reads, through the review module (etl.review): the queue worst first and one event's
detail. Shared by every session of a dashboard process (st.cache_data) and keyed on the event snapshot's version
and the review store's generation (etl.store.review.ReviewStore.generation), so a decision written by anyone,
or a new snapshot, is seen on the next page run while unchanged reads are computed once for everybody."""

from __future__ import annotations

import threading
from functools import lru_cache
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.store_connection import reader, store_version

_READER_USER = "marsad-dashboard"  # the identity of the shared reads (they change nothing)
_QUEUE_LOCK = threading.Lock()  # Reviewer.queue keeps its total on the object: one read at a time


@lru_cache(maxsize=8)
def reviewer(db_path: str, review_db: str, user: str, role: str = "admin"):
    """The review module's reader and writer for this store, review store, user and role (etl.review.Reviewer)."""
    from etl.config import get_settings
    from etl.review import Reviewer

    return Reviewer(get_settings(db=db_path, review_db=review_db or None), user=user, db=Path(db_path), reader=reader,
                    role=role)


def review_state(db_path: str, review_db: str) -> tuple:
    """What the reads depend on: the snapshot file's version and the review store's generation."""
    return store_version(db_path), reviewer(db_path, review_db, _READER_USER, "viewer").store.generation()


def _queue_now(db_path: str, review_db: str, status: str | None, limit: int | None,
               event_ids: tuple[str, ...] | None) -> tuple[pd.DataFrame, int]:
    rev = reviewer(db_path, review_db, _READER_USER, "viewer")
    with _QUEUE_LOCK:
        rows = rev.queue(status, limit=limit, event_ids=None if event_ids is None else list(event_ids))
        return pd.DataFrame(rows), rev.total


def _detail_now(db_path: str, review_db: str, event_id: str) -> dict:
    from etl.review_queue import event_detail

    with _QUEUE_LOCK:
        return event_detail(reviewer(db_path, review_db, _READER_USER, "viewer"), event_id)


@st.cache_data(max_entries=64, show_spinner=False)
def _queue_cached(db_path: str, review_db: str, state: tuple, status: str | None, limit: int | None,
                  event_ids: tuple[str, ...] | None) -> tuple[pd.DataFrame, int]:
    return _queue_now(db_path, review_db, status, limit, event_ids)


@st.cache_data(max_entries=256, show_spinner=False)
def _detail_cached(db_path: str, review_db: str, state: tuple, event_id: str) -> dict:
    return _detail_now(db_path, review_db, event_id)


def review_queue(db_path: str, review_db: str, status: str | None, limit: int | None = None,
                 event_ids: list[str] | None = None) -> tuple[pd.DataFrame, int]:
    """(the first `limit` events with this review status, worst first; how many there are), as of now."""
    ids, review_db = None if event_ids is None else tuple(event_ids), review_db or ""
    return _queue_cached(db_path, review_db, review_state(db_path, review_db), status, limit, ids)


def review_detail(db_path: str, review_db: str, event_id: str) -> dict:
    """One event as reviewed now, with its sources, article, history and possible duplicates ({} if unknown)."""
    review_db = review_db or ""
    return _detail_cached(db_path, review_db, review_state(db_path, review_db), event_id)
