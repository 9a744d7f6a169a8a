"""Extraction benchmark: quality on real news (the development set in ../shared/dev, scored with its own
scorer; see benchmarks/dev_set.py) and speed (extract_events over a generated corpus of Arabic and English
news articles; `marsad extract` of one article in a fresh process).

The corpus (~300 articles of ~600 words, half Arabic, half English) is built from the project's own
knowledge: trigger words (data/knowledge/triggers.csv), actor aliases (actors.csv), gazetteer
place names, dates and numbers, mixed with filler sentences of background, quotes and statements.
Timing: time.perf_counter, one process (one core), best of 3 passes over the whole corpus; the
knowledge is loaded once before timing. Writes the `## Extraction` section of BENCHMARKS.md.

    python benchmarks/bench_extract.py [N_ARTICLES]     # default 300
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import platform
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import dev_set  # noqa: E402
import english_wire  # noqa: E402
from benchmarks_report import replace_section  # noqa: E402
from etl.extract import extract_events, load_knowledge  # noqa: E402
from etl.sources.articles import Article  # noqa: E402

KNOWLEDGE = ROOT / "data" / "knowledge"
TARGET_ARTICLES_PER_S = 100
TARGET_COLD_S = 0.5
EXAMPLE = ROOT / "data" / "samples" / "articles"
TARGETS = {"strict F1": 0.75, "strict P": 0.70, "strict R": 0.70, "loose F1": 0.85}
WORDS_PER_ARTICLE = 600

AR_EVENT = (
    "{trigger} {actor1} {number} من عناصر {actor2} في مدينة {place} {date}.",
    "وأفادت مصادر محلية بأن {actor1} {trigger} في ريف {place} {date}، ما أسفر عن مقتل {number} وإصابة آخرين.",
    "وقال مسؤول في {actor1} إن {trigger} استهدف مواقع {actor2} قرب {place} {date}.",
)
EN_EVENT = (
    "{actor1} {trigger} {number} {actor2} members in the town of {place} {date}, officials said.",
    "Local sources said a {trigger} hit positions of {actor2} near {place} {date}, killing {number} people.",
    "In {place}, {actor1} said its forces {trigger} {actor2} fighters {date}.",
)
AR_DATES = ("يوم السبت", "أمس", "الأسبوع الماضي", "في 12 آذار/مارس", "منتصف الشهر الجاري", "مساء الاثنين")
EN_DATES = ("on Saturday", "yesterday", "last week", "on 12 March", "in mid-March", "on Monday night")
AR_NUMBERS = ("خمسة", "12", "عشرات", "ثلاثة", "٢١٠", "ستة")
EN_NUMBERS = ("five", "12", "dozens of", "three", "210", "six")
AR_FILLER = (
    "وتشهد المنطقة توتراً أمنياً منذ أشهر في ظل تراجع الخدمات وارتفاع الأسعار.",
    "وأكد مسؤولون محليون ضرورة دعم جهود الاستقرار وإعادة الإعمار في المنطقة.",
    "ويعاني السكان من أوضاع معيشية صعبة بسبب انقطاع الكهرباء وشح المياه.",
    "وتحدثت تقارير عن تحركات عسكرية في المنطقة دون تأكيد رسمي.",
    "ودعا ناشطون المنظمات الدولية إلى تقديم المساعدات الإنسانية للنازحين في المخيمات.",
    "وتعد هذه المنطقة من أكثر المناطق هشاشة من الناحية الأمنية خلال السنوات الأخيرة.",
)
EN_FILLER = (
    "The area has seen rising tension for months amid worsening services and prices.",
    "Local officials stressed the need to support stability and reconstruction efforts.",
    "Residents face hard living conditions because of power cuts and water shortages.",
    "Reports spoke of military movements in the region without official confirmation.",
    "Activists called on international organisations to deliver aid to displaced people in the camps.",
    "The region has been one of the most fragile in security terms in recent years.",
)


def _knowledge_words() -> dict[str, dict[str, list[str]]]:
    words: dict[str, dict[str, list[str]]] = {"ar": {}, "en": {}}
    with (KNOWLEDGE / "triggers.csv").open(encoding="utf-8") as fh:
        words["ar"]["trigger"] = []
        words["en"]["trigger"] = []
        for row in csv.DictReader(fh):
            if "..." not in row["pattern"] and row["role_hint"] != "fallback":
                words[row["language"]]["trigger"].append(row["pattern"].replace("*", ""))
    with (KNOWLEDGE / "actors.csv").open(encoding="utf-8") as fh:
        actors = list(csv.DictReader(fh))
    words["ar"]["actor"] = [a["aliases_ar"].split("|")[0] for a in actors if a["aliases_ar"]]
    words["en"]["actor"] = [a["aliases_en"].split("|")[0] for a in actors if a["aliases_en"]]
    with (KNOWLEDGE / "gazetteer.csv").open(encoding="utf-8") as fh:
        places = [p for p in csv.DictReader(fh) if p["feature_type"] in ("city", "town")]
    words["ar"]["place"] = [p["name_ar"] for p in places if p["name_ar"]]
    words["en"]["place"] = [p["name_en"] for p in places if p["name_en"]]
    return words


def generate_corpus(n_articles: int, seed: int = 7) -> list[Article]:
    """n_articles of ~600 words, alternating Arabic and English, from the knowledge files."""
    rng = random.Random(seed)
    words = _knowledge_words()
    articles = []
    for i in range(n_articles):
        lang = "ar" if i % 2 == 0 else "en"
        w = words[lang]
        events, filler = (AR_EVENT, AR_FILLER) if lang == "ar" else (EN_EVENT, EN_FILLER)
        dates, numbers = (AR_DATES, AR_NUMBERS) if lang == "ar" else (EN_DATES, EN_NUMBERS)
        sentences: list[str] = []
        count = 0
        while count < WORDS_PER_ARTICLE:
            if rng.random() < 0.35:
                sentence = rng.choice(events).format(
                    trigger=rng.choice(w["trigger"]), actor1=rng.choice(w["actor"]),
                    actor2=rng.choice(w["actor"]), place=rng.choice(w["place"]),
                    date=rng.choice(dates), number=rng.choice(numbers))
            else:
                sentence = rng.choice(filler)
            sentences.append(sentence)
            count += len(sentence.split())
        paragraphs = [" ".join(sentences[k:k + 4]) for k in range(0, len(sentences), 4)]
        articles.append(Article(
            article_id=f"bench:{i}", url=None, title=None, published=dt.date(2024, 3, 16),
            source="bench", language=lang, text="\n\n".join(paragraphs), input_path=None))
    return articles


def _cold_extract_s() -> tuple[float, float]:
    """Seconds for `marsad extract ARTICLE` in a fresh process: (first run, knowledge cache built from
    the CSVs; best of 3 later runs, cache warm)."""
    article = next(p for p in sorted(EXAMPLE.iterdir()) if p.suffix == ".txt")
    marsad = Path(sys.executable).with_name("marsad")
    with tempfile.TemporaryDirectory() as tmp:
        knowledge = Path(tmp) / "knowledge"
        shutil.copytree(KNOWLEDGE, knowledge, ignore=shutil.ignore_patterns(".cache"))
        env = dict(os.environ, MARSAD_KNOWLEDGE_DIR=str(knowledge))
        times = []
        for _ in range(4):
            start = time.perf_counter()
            subprocess.run([str(marsad), "extract", str(article), "--format", "jsonl"], env=env, check=True,
                           stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
    return times[0], min(times[1:])


def _long_article_s(knowledge, corpus: list[Article]) -> list[tuple[int, float]]:
    """CPU seconds of extract_events on one Arabic article of 0.25, 1 and 2 MB (the corpus's Arabic text
    repeated): extraction must grow linearly with the article, not faster."""
    base = "\n\n".join(a.text for a in corpus if a.language == "ar")
    out = []
    for size in (250_000, 1_000_000, 2_000_000):
        text = (base * (size // len(base) + 1))[:size]
        article = Article(article_id=f"bench:long:{size}", url=None, title=None, published=dt.date(2024, 3, 16),
                          source="bench", language="ar", text=text, input_path=None)
        start = time.process_time()
        extract_events(article, knowledge)
        out.append((size, time.process_time() - start))
    return out


def _quality_section(knowledge) -> str:
    folder = dev_set.dev_dir()
    if folder is None:
        return "\n### Quality on real news\n\nThe development set (../shared/dev) is not on this machine: not measured.\n"
    start = time.perf_counter()
    result = dev_set.evaluate(folder, dev_set.predict(folder, knowledge, today=dt.date.today()))
    spent = time.perf_counter() - start
    s, lo = result["scores"]["strict"], result["scores"]["loose"]
    figures = {"strict F1": s["F1"], "strict P": s["P"], "strict R": s["R"], "loose F1": lo["F1"]}
    rows = "\n".join(f"| {name} | {value:.2f} | >= {TARGETS[name]:.2f} {'met' if value >= TARGETS[name] else 'NOT met'} |"
                     for name, value in figures.items())
    comp = s["comp"]
    hits, total = result["place"]
    fields = [("sub-type (strict pairs)", comp["sub_event_type"]), ("date in window (loose pairs)", lo["comp"]["date"]),
              ("actor1 (loose pairs)", lo["comp"]["actor"]), ("fatalities (strict pairs, gold stated)", comp["fatalities"]),
              ("arrests (strict pairs, gold stated)", comp["arrests"])]
    field_rows = "\n".join(f"| {name} | {value:.2f} | {n} |" if value is not None else f"| {name} | — | 0 |"
                           for name, (value, n) in fields)
    field_rows += f"\n| place (must events with a prediction of their type: one agrees on place) | {hits / total:.2f} | {total} |"
    confusion = sorted(result["confusion"].items(), key=lambda kv: (-kv[1], kv[0]))
    wrong = [(g, p, n) for (g, p), n in confusion if g != p]
    right = sum(n for (g, p), n in confusion if g == p)
    conf_rows = "\n".join(f"| {g} | {p} | {n} |" for g, p, n in wrong[:15])
    rel_rows = "\n".join(f"| {label} | {n} | {hit / n:.2f} ({hit} of {n}) |" if n else f"| {label} | 0 | — |"
                         for label, (hit, n) in result["reliability"].items())
    return f"""
### Quality on real news (development set)

{result['articles']} real Arabic news excerpts from ../shared/dev (analyst-annotated; {s['must']} events the extractor
must find), scored with the set's own `score.py` (strict = type + date window + place + actor; loose = type +
place); {result['predictions']} events predicted; extraction and scoring took {spent:.1f} s.

| measure | figure | target |
|---|---|---|
{rows}

Per-field accuracy:

| field | accuracy | pairs |
|---|---|---|
{field_rows}

Sub-type confusion (gold -> predicted, for gold events with a prediction at their place; {right} agree; the most
frequent disagreements):

| gold sub-type | predicted sub-type | events |
|---|---|---|
{conf_rows}

Reliability of `confidence` (how often an event in each band matches a gold event, strictly; targets: >= 0.85
for >= 0.8, <= 0.40 for < 0.5):

| confidence | events | match gold |
|---|---|---|
{rel_rows}
"""


def run(n_articles: int = 300) -> str:
    started = time.perf_counter()
    knowledge = load_knowledge(KNOWLEDGE)
    load_s = time.perf_counter() - started
    corpus = generate_corpus(n_articles)
    n_words = sum(len(a.text.split()) for a in corpus)
    timings, cpu, n_events = [], [], 0
    for _ in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        n_events = sum(len(extract_events(article, knowledge)) for article in corpus)
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    best = min(timings)
    rate = len(corpus) / best
    met = "met" if rate >= TARGET_ARTICLES_PER_S else "NOT met"
    first, cold = _cold_extract_s()
    long_rows = "\n".join(f"| one article of {size / 1e6:.2f} MB (CPU) | {secs:.1f} s ({secs / size * 1e6:.1f} s per MB) | "
                          f"linear in length |" for size, secs in _long_article_s(knowledge, corpus))
    cold_met = "met" if cold < TARGET_COLD_S else "NOT met"
    quality = _quality_section(knowledge) + english_wire.section(knowledge)
    body = f"""
## Extraction (`benchmarks/bench_extract.py`)

Run {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC on {platform.node()} ({os.cpu_count()} cores visible; the machine has 2 cores shared with other work), Python {platform.python_version()}; one process, best of 3 passes (`time.perf_counter`). Load average when the run started: {', '.join(f'{x:.1f}' for x in os.getloadavg())}.

Corpus: {len(corpus)} generated articles (half Arabic, half English), {n_words:,} words (~{n_words // len(corpus)} per article), built from the trigger words, actor aliases and gazetteer places in `data/knowledge/` plus filler sentences; {n_events:,} events extracted per pass.

| measure | figure | target |
|---|---|---|
| articles per second (`extract_events`) | {rate:,.0f} | >= {TARGET_ARTICLES_PER_S} {met} |
| words per second | {n_words / best:,.0f} | — |
| time for the corpus (best / worst of 3) | {best:.2f} s / {max(timings):.2f} s | — |
| CPU time per article (best pass; what the shared machine does not hide) | {min(cpu) / len(corpus) * 1000:.1f} ms | — |
| `load_knowledge` (actors, gazetteer, triggers; once per run) | {load_s:.2f} s | — |
| `marsad extract` of one article, fresh process, knowledge cache warm (best of 3) | {cold:.2f} s | < {TARGET_COLD_S} s {cold_met} |
| the same, first run (builds the knowledge cache from the CSVs) | {first:.2f} s | — |
{long_rows}
{quality}"""
    replace_section("bench_extract", body)
    return body


if __name__ == "__main__":
    print(run(int(sys.argv[1]) if len(sys.argv) > 1 else 300))
