"""A small, deterministic event store for dashboard tests (built from etl/store/sql/001_init.sql).

`build_fixture_store(path)` writes a DuckDB file with a few hundred synthetic but realistic events
(2016-2019, Ar-Raqqa / Aleppo / Deir-ez-Zor, real OCHA P-codes and centres from data/geo), a few
articles (one of them carrying script-injection text), their event_sources, runs and quarantine rows.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

import duckdb

from etl.config import PROJECT_ROOT
from etl.schema import DISORDER_OF_EVENT_TYPE, EVENT_COLUMNS, EVENT_TYPE_OF
from etl.store.snapshot import migrate

GOVERNORATES = ("SY11", "SY02", "SY09")  # Ar-Raqqa, Aleppo, Deir-ez-Zor
ACTORS = (
    "Islamic State",
    "Syrian Democratic Forces",
    "Government of Syria",
    "Syrian insurgents",
    "Hayat Tahrir al-Sham",
    "Civilians",
    "Military Forces of Turkey",
)
SUB_TYPES = (
    "Armed clash",
    "Armed clash",
    "Air/drone strike",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Suicide bomb",
    "Attack",
    "Abduction/forced disappearance",
    "Arrests",
    "Change to group/activity",
    "Disrupted weapons use",
)
XSS_TITLE = "Attack report <script>alert(1)</script>"
XSS_TEXT = (
    "Islamic State fighters attacked a checkpoint in Ar-Raqqa on Monday. "
    "<script>alert(1)</script> Residents said <img src=x onerror=alert(1)> two guards were killed."
)
ARABIC_TEXT = (
    "أعلن التحالف الدولي أن قوات سوريا الديمقراطية اعتقلت 210 من عناصر داعش في الرقة. "
    "وفرضت قسد حظر تجوال في مدينة الرقة."
)


def _places() -> list[dict]:
    geo = json.loads((PROJECT_ROOT / "data/geo/syr_adm3_simplified.geojson").read_text(encoding="utf-8"))
    out = [f["properties"] for f in geo["features"] if f["properties"]["adm1_pcode"] in GOVERNORATES]
    return sorted(out, key=lambda p: p["adm3_pcode"])


def _event(rng: random.Random, i: int, place: dict, day: dt.date) -> dict:
    sub = rng.choice(SUB_TYPES)
    etype = EVENT_TYPE_OF[sub]
    a1 = rng.choice(ACTORS[:5])
    a2 = rng.choice([a for a in ACTORS if a != a1] + [None])
    fatalities = rng.choice([None, 0, 0, 1, 2, 3, 5, 12]) if sub != "Arrests" else 0
    arrests = rng.randint(1, 40) if sub == "Arrests" else None
    return {
        "event_id": f"ucdp:{900000 + i}",
        "event_date": day,
        "time_precision": 1,
        "disorder_type": DISORDER_OF_EVENT_TYPE[etype],
        "event_type": etype,
        "sub_event_type": sub,
        "actor1": a1,
        "actor2": a2,
        "country": "Syria",
        "admin1": place["adm1_name"],
        "admin2": place["adm2_name"],
        "admin3": place["adm3_name"],
        "admin1_pcode": place["adm1_pcode"],
        "admin2_pcode": place["adm2_pcode"],
        "admin3_pcode": place["adm3_pcode"],
        "location": place["adm3_name"],
        "location_ar": place["adm3_name1"],
        "latitude": round(place["center_lat"] + rng.uniform(-0.05, 0.05), 5),
        "longitude": round(place["center_lon"] + rng.uniform(-0.05, 0.05), 5),
        "geo_precision": 1,
        "fatalities": fatalities,
        "injuries": None,
        "arrests": arrests,
        "source": rng.choice(["SOHR", "Reuters", "SANA"]),
        "source_url": "https://ucdp.uu.se/downloads/",
        "notes": f"{sub} in {place['adm3_name']}",
        "language": "en",
        "origin": "ucdp",
        "confidence": 1.0,
        "timestamp": dt.datetime(2024, 1, 1, 12, 0),
        "run_id": 1,
    }


def _article_events(start_id: int) -> tuple[list[dict], list[dict], list[dict]]:
    raqqa = {
        "adm1_name": "Ar-Raqqa", "adm2_name": "Ar-Raqqa", "adm3_name": "Ar-Raqqa", "adm1_pcode": "SY11",
        "adm2_pcode": "SY1101", "adm3_pcode": "SY110100", "adm3_name1": "الرقة",
        "center_lat": 35.9528, "center_lon": 39.0079,
    }
    articles = [
        {"article_id": "art-xss", "url": "https://example.org/news/1", "title": XSS_TITLE,
         "published": dt.date(2019, 11, 4), "source": "Example News", "language": "en", "text": XSS_TEXT},
        {"article_id": "art-ar", "url": "https://example.org/news/2", "title": "قسد تعتقل 210 من عناصر داعش في الرقة",
         "published": dt.date(2019, 11, 20), "source": "العربية", "language": "ar", "text": ARABIC_TEXT},
        {"article_id": "art-plain", "url": None, "title": "Curfew in Raqqa", "published": dt.date(2019, 10, 1),
         "source": "Example Wire", "language": "en", "text": "A curfew was imposed in Raqqa city."},
    ]
    rng = random.Random(1)
    events, sources = [], []
    specs = [
        ("art-xss", dt.date(2019, 11, 4), "Attack", "Islamic State", "Civilians", 2, None, 0, 67),
        ("art-ar", dt.date(2019, 11, 20), "Arrests", "Syrian Democratic Forces", "Islamic State", 0, 210, 0, 79),
        ("art-ar", dt.date(2019, 11, 18), "Change to group/activity", "Syrian Democratic Forces", None, None, None,
         80, len(ARABIC_TEXT)),
    ]
    for n, (art, day, sub, a1, a2, fat, arr, s, e) in enumerate(specs):
        ev = _event(rng, start_id + n, raqqa, day)
        text = next(a["text"] for a in articles if a["article_id"] == art)
        ev.update(event_id=f"art:{art}:{n}", sub_event_type=sub, event_type=EVENT_TYPE_OF[sub],
                  disorder_type=DISORDER_OF_EVENT_TYPE[EVENT_TYPE_OF[sub]], actor1=a1, actor2=a2,
                  fatalities=fat, arrests=arr, origin="article", article_id=art, evidence=text[s:e],
                  evidence_start=s, evidence_end=e, confidence=0.8, source_url=f"https://example.org/{art}",
                  language="ar" if art == "art-ar" else "en", run_id=2, notes=f"{sub} in Ar-Raqqa",
                  article_ref=art, date_estimated=(sub == "Change to group/activity"))
        events.append(ev)
        sources.append({"event_id": ev["event_id"], "source": ev["source"], "source_url": ev["source_url"],
                        "article_id": art, "evidence": text[s:e], "evidence_start": s, "evidence_end": e})
    # a second report merged into the Arabic arrests event
    sources.append({"event_id": "art:art-ar:1", "source": "Enab Baladi", "source_url": "https://example.org/other",
                    "article_id": "art-other", "evidence": "SDF detained 210 IS members", "evidence_start": 0,
                    "evidence_end": 27})
    return events, sources, articles


def build_fixture_store(path: Path, n_events: int = 300, seed: int = 7) -> Path:
    """Write the fixture store at `path` (replacing it) and return the path."""
    path = Path(path)
    path.unlink(missing_ok=True)
    rng = random.Random(seed)
    places = _places()
    start = dt.date(2016, 1, 1)
    span = (dt.date(2019, 11, 30) - start).days
    by_gov = {g: [p for p in places if p["adm1_pcode"] == g] for g in GOVERNORATES}
    events = []
    for i in range(n_events):
        gov = rng.choices(GOVERNORATES, weights=(5, 3, 2))[0]
        day = start + dt.timedelta(days=rng.randint(0, span))
        events.append(_event(rng, i, rng.choice(by_gov[gov]), day))
    art_events, sources, articles = _article_events(n_events)
    events += art_events
    con = duckdb.connect(str(path))
    try:
        migrate(con)  # the store's schema as every migration leaves it
        cols = list(EVENT_COLUMNS) + ["run_id"]
        con.executemany(
            f"INSERT INTO events ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            [[ev.get(c) for c in cols] for ev in events],
        )
        con.executemany(
            "INSERT INTO event_sources VALUES (?, ?, ?, ?, ?, ?, ?)",
            [[s["event_id"], s["source"], s["source_url"], s["article_id"], s["evidence"], s["evidence_start"],
              s["evidence_end"]] for s in sources],
        )
        for a in articles:
            n = sum(1 for e in art_events if e["article_id"] == a["article_id"])
            con.execute(
                "INSERT INTO articles (article_id, url, title, published, source, language, text, n_events, run_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 2)",
                [a["article_id"], a["url"], a["title"], a["published"], a["source"], a["language"], a["text"], n],
            )
        con.execute(
            "INSERT INTO runs (run_id, command, input_path, started_at, finished_at, status, rows_read,"
            " rows_inserted, rows_quarantined, software_version, message) VALUES"
            " (1, 'etl load-dataset', 'data/samples/ucdp.csv.gz', '2024-01-01 12:00', '2024-01-01 12:01', 'ok',"
            " ?, ?, 2, '0.1.0', NULL),"
            " (2, 'etl load-articles', 'data/samples/articles', '2024-01-01 12:02', '2024-01-01 12:03', 'ok',"
            " 3, 3, 0, '0.1.0', NULL)",
            [n_events + 2, n_events],
        )
        con.execute(
            "INSERT INTO quarantine VALUES"
            " (1, 'data/samples/ucdp.csv.gz', 17, 'x,y,<b>bad</b>', 'event_date ''2016-13-01'' is not a valid date'),"
            " (1, 'data/samples/ucdp.csv.gz', 42, 'z', 'sub_event_type ''Picnic'' is not an ACLED sub-event type')"
        )
        con.execute("INSERT INTO actor_aliases VALUES ('Islamic State', 'ISIS', 'en'), ('Islamic State', 'داعش', 'ar')")
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


APP = str(PROJECT_ROOT / "dashboard" / "streamlit_app.py")


def open_page(page: str, lang: str = "en", **params):
    """Run the dashboard in Streamlit's AppTest with these URL parameters and switch to `page`; no exception."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"lang": lang, **params})
    at.run()
    if page != "overview":
        at.switch_page(f"app_pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at
