"""Write the hostile corpus (issue 9) into a folder and list the runs to try on it; nothing large is
committed, everything is generated at test time in a few seconds.

    python tests/hostile/corpus.py OUT_DIR      # prints the manifest: [{"id", "argv"}, ...] as JSON

Dataset files are made for each importer (ucdp, acled, csv) with its own header, so the hostile part
reaches the reader; article files go to `marsad etl articles`. Each case is a `marsad` command line without --db.
"""

from __future__ import annotations

import gzip
import json
import os
import random
import sys
from pathlib import Path

HEADERS = {
    "acled": "event_id_cnty,event_date,sub_event_type,actor1,latitude,longitude,location,fatalities,notes,timestamp",
    "ucdp": "id,type_of_violence,side_a,side_b,date_start,latitude,longitude,best,where_coordinates,source_headline",
    "csv": "event_id,event_date,sub_event_type,actor1,latitude,longitude,location,fatalities,notes,timestamp",
}
ROWS = {
    "acled": "SYR{id},{date},Armed clash,Islamic State (Syria),{lat},{lon},الرقة,{fat},{notes},{ts}",
    "ucdp": "{id},1,Government of Syria,IS,{date},{lat},{lon},{fat},الرقة,{notes}",
    "csv": "m{id},{date},Armed clash,Islamic State (Syria),{lat},{lon},الرقة,{fat},{notes},{ts}",
}
NOTES = "اشتباكات في ريف الرقة"
ARTICLE = "قتل ثلاثة مدنيين في الرقة أمس في هجوم لتنظيم داعش، وأصيب آخرون بجروح.\n"
KINDS = tuple(HEADERS)


def _row(kind: str, i: int, **values: str) -> str:
    fields = {"id": str(i), "date": "2024-05-05", "lat": "35.95", "lon": "39.01", "fat": "1", "notes": NOTES,
              "ts": "1717171717" if kind == "acled" else "2024-06-01 10:00:00", **values}
    return ROWS[kind].format(**fields) + "\n"


def _rows(kind: str, n: int, start: int = 1) -> str:
    return "".join(_row(kind, i) for i in range(start, start + n))


def dataset_files(kind: str) -> dict[str, bytes | None]:
    """name -> content of the hostile files for one importer (None: a pipe, a device link, a folder)."""
    rng = random.Random(9)
    head = HEADERS[kind] + "\n"
    odd_values = [("fat", "99999999999999999999"), ("fat", "1e400"), ("fat", "2147483648"), ("ts", "1e30"),
                  ("ts", "-99999999999"), ("fat", "-3"), ("date", "9999-12-31"), ("date", "0001-01-01"),
                  ("date", "-5000-01-01"), ("date", "2024-02-30"), ("lat", "inf"), ("lat", "1e400"), ("lon", "NaN"),
                  ("lon", "")]
    payloads = ["=cmd|' /C calc'!A0", "+SUM(1)", "@x", "\t=1+1", "\uff1d1+1", '"<script>alert(1)</script>"',
                "\u202eأبيض", "\x07\x1b[31m", "'; DROP TABLE events; --", "$(rm -rf /)",
                '"![x](http://evil.example/q.png)"', '"{{7*7}}"']
    return {
        "empty.csv": b"",
        "header_only.csv": head.encode(),
        "header_no_newline.csv": HEADERS[kind].encode(),
        "random_bytes.csv": bytes(rng.getrandbits(8) for _ in range(200_000)),
        "png.csv": b"\x89PNG\r\n\x1a\n" + bytes(1000),
        "utf16.csv": (head + _rows(kind, 20)).encode("utf-16"),
        "nul_after_head.csv": (head + _rows(kind, 3000)).encode() + b"\x00\x00\x00" + _rows(kind, 3, 9000).encode(),
        "header_100k_columns.csv": (",".join(f"c{i}" for i in range(100_000)) + "\n1,2\n").encode(),
        "row_100k_fields.csv": (head + _rows(kind, 5) + ",".join("1" * 100_000) + "\n" + _rows(kind, 5, 100)).encode(),
        "mixed_encoding.csv": (head + _rows(kind, 1200)).encode() + _rows(kind, 5, 5000).encode("cp1256"),
        "cp1256_with_utf8_tail.csv": (head + _rows(kind, 300)).encode("cp1256") + _rows(kind, 2, 7000).encode(),
        "field_5mb.csv": (head + _rows(kind, 5) + _row(kind, 77, notes="x" * (5 << 20)) + _rows(kind, 5, 100)).encode(),
        "line_3mb_no_newline.csv": (head + "a" * (3 << 20)).encode(),
        "unclosed_quote.csv": (head + _rows(kind, 3) + _row(kind, 50, notes='"never closed') + _rows(kind, 3, 60)).encode(),
        "lone_cr.csv": (head + _rows(kind, 20)).replace("\n", "\r").encode(),
        "crlf_bom_semicolons.csv": ("\ufeff" + (head + _rows(kind, 20)).replace(",", ";").replace("\n", "\r\n")).encode(),
        "odd_values.csv": (head + _rows(kind, 2) + "".join(
            _row(kind, 10 + n, **{field: value}) for n, (field, value) in enumerate(odd_values))).encode(),
        "injection_and_controls.csv": (head + "".join(
            _row(kind, 10 + n, notes=payload) for n, payload in enumerate(payloads))).encode(),
        "duplicate_ids_and_blank_header.csv": (HEADERS[kind] + ",,," + HEADERS[kind].split(",")[0] + "\n"
                                               + _rows(kind, 3).replace("\n", ",,,x\n") * 2).encode(),
        "only_delimiters.csv": (",,,,,,\n" * 100).encode(),
        "two_mb_of_newlines.csv": (head + "\n" * (2 << 20) + _rows(kind, 2)).encode(),
        "bomb.csv.gz": gzip.compress(head.encode() + b"\n" * (150 << 20), compresslevel=9),
        "truncated.csv.gz": gzip.compress((head + _rows(kind, 500)).encode())[:-40],
        "not_gzip.csv.gz": (head + _rows(kind, 3)).encode(),
        "deep.jsonl": ("[" * 100_000 + "]" * 100_000 + "\n" + json.dumps(
            {"event_id": "m1", "event_date": "2024-01-02", "sub_event_type": "Armed clash"}) + "\n").encode(),
        "deep_array.json": ("[" * 100_000 + "]" * 100_000).encode(),
        "pipe.csv": None,
        "dev_zero.csv": None,
        "folder.csv": None,
    }


def article_files() -> dict[str, bytes | None]:
    nested_html = "<html><body>" + "<div>" * 20_000 + ARTICLE + "</div>" * 20_000 + "</body></html>"
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i else "&lol;" * 10}">'
                        for i in range(10))
              + ']><rss version="2.0"><channel><title>&lol9;</title><item><title>t</title>'
              "<description>&lol9;</description></item></channel></rss>")
    return {
        "empty.txt": b"",
        "binary.txt": bytes(range(256)) * 100,
        "mixed_encoding.txt": (ARTICLE * 1200).encode() + (ARTICLE * 5).encode("cp1256"),
        "huge_3mb.txt": (ARTICLE * 45_000).encode(),
        "overflow_date.txt": ("---\npublished: 9999-12-31\n---\nISIS gunmen killed three civilians in Raqqa "
                              "yesterday. They will attack again tomorrow.\n").encode(),
        "front_matter_junk.txt": ("---\n" + "x: y\n" * 5000 + "---\n" + ARTICLE).encode(),
        "nested.html": nested_html.encode(),
        "huge_9mb.html": ("<html><body><p>" + "a" * (9 << 20) + "</p></body></html>").encode(),
        "script_only.html": b"<html><script>" + b"x" * 100_000 + b"</script></html>",
        "laughs.rss": laughs.encode(),
        "broken.rss": b"<rss><channel><item><title>x</ti",
        "entries.atom": ('<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>' + "".join(
            f"<entry><title>e{i}</title><content>{ARTICLE}</content></entry>" for i in range(50))
            + "</feed>").encode(),
        "deep.jsonl": ("[" * 100_000 + "]" * 100_000 + "\n" + json.dumps({"text": ARTICLE}, ensure_ascii=False)
                       + "\n\xff\xfe not utf8\n{\"text\": 5}\n").encode("utf-8", errors="surrogateescape"),
        "pipe.txt": None,
        "dev_zero.txt": None,
    }


def _special(path: Path) -> None:
    name = path.name
    if name.startswith("pipe"):
        os.mkfifo(path)
    elif name.startswith("dev_zero"):
        path.symlink_to("/dev/zero")
    elif name.startswith("folder"):
        path.mkdir()
        (path / "inner.csv").write_text(HEADERS["acled"] + "\n" + _rows("acled", 1), encoding="utf-8")


def _write(folder: Path, files: dict[str, bytes | None]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, content in files.items():
        path = folder / name
        if content is None:
            _special(path)
        else:
            path.write_bytes(content)
        paths.append(path)
    return paths


def write_corpus(out: Path) -> list[dict]:
    """Write every file under out/<importer> and out/articles; return the manifest of runs."""
    cases = []
    for kind in KINDS:
        for path in _write(out / kind, dataset_files(kind)):
            cases.append({"id": f"{kind}:{path.name}", "argv": ["etl", "import", kind, str(path)]})
    for path in _write(out / "articles", article_files()):
        cases.append({"id": f"articles:{path.name}", "argv": ["etl", "articles", str(path)]})
    cases.append({"id": "articles:folder", "argv": ["etl", "articles", str(out / "articles")]})
    return cases


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    print(json.dumps(write_corpus(Path(sys.argv[1])), ensure_ascii=False))
