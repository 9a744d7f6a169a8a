"""`python -m etl.geo.gazetteer_cli build`: rebuild data/knowledge/gazetteer.csv (and the OpenStreetMap places of
gazetteer_osm.csv, a file of its own) from the bundled sources."""

from __future__ import annotations

import sys
from pathlib import Path

from etl.geo.gazetteer import GAZETTEER_FILE
from etl.geo.gazetteer_build import build_gazetteer_rows, build_osm_rows, write_gazetteer
from etl.geo.gazetteer_osm import OSM_FILE


def main(argv: list[str] | None = None) -> int:
    """`python -m etl.geo.gazetteer_cli build [--sources DIR] [--geo DIR] [--out FILE]`"""
    import argparse

    from etl.config import get_settings

    settings = get_settings()
    parser = argparse.ArgumentParser(prog="python -m etl.geo.gazetteer_cli")
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="rebuild gazetteer.csv from the bundled sources")
    build.add_argument("--sources", type=Path, default=Path(settings.knowledge_dir) / "sources")
    build.add_argument("--geo", type=Path, default=Path(settings.geo_dir))
    build.add_argument("--out", type=Path, default=Path(settings.knowledge_dir) / GAZETTEER_FILE)
    args = parser.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    rows = build_gazetteer_rows(args.sources, args.geo)
    write_gazetteer(rows, args.out)
    osm = build_osm_rows(args.sources, rows)
    write_gazetteer(osm, args.out.with_name(OSM_FILE))
    print(f"wrote {len(rows)} places to {args.out} and {len(osm)} to {args.out.with_name(OSM_FILE)} (ODbL)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
