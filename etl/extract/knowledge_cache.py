"""The extractor's knowledge (actors, gazetteer, trigger words), built once into a cache file next to the
knowledge files: `<knowledge_dir>/.cache/knowledge-<key>.pickle`.

The key hashes every knowledge CSV's name, size and modification time and the code that builds the
structures, so an analyst's edit (or a new version of Marsad) rebuilds it on the next run. A cache that
cannot be written (a read-only folder) or read (a partial or stale file) is skipped: the knowledge is
then built from the CSVs, as without a cache. The file is written by Marsad itself, atomically.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from etl import __version__

CACHE_DIR = ".cache"
_BUILDERS = ("etl/actors.py", "etl/geo/gazetteer.py", "etl/geo/packed_rows.py", "etl/extract/triggers.py", "etl/extract/mentions.py",
             "etl/text/normalize.py", "etl/extract/knowledge_cache.py")
_ROOT = Path(__file__).resolve().parents[2]


def cache_key(knowledge_dir: Path) -> str:
    parts = [__version__]
    for path in sorted(Path(knowledge_dir).glob("*.csv")) + [_ROOT / b for b in _BUILDERS]:
        try:
            st = path.stat()
        except OSError:
            continue
        parts.append(f"{path.name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]


def cached_knowledge(knowledge_dir: Path | str, build):
    """`build(knowledge_dir)` through the cache (see module docstring)."""
    folder = Path(knowledge_dir)
    path = folder / CACHE_DIR / f"knowledge-{cache_key(folder)}.pickle"
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        pass
    knowledge = build(folder)
    try:
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        with tmp.open("wb") as f:
            pickle.dump(knowledge, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
        for old in path.parent.glob("knowledge-*.pickle"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    return knowledge
