"""`marsad etl rebuild`: a fresh store from the bundled data, swapped in atomically."""

from __future__ import annotations

import os
from pathlib import Path

from etl.config import Settings
from etl.review import review_url
from etl.errors import InputError
from etl.article_pipeline import load_articles
from etl.pipeline import Progress, RunReport, import_dataset


def bundled_inputs(samples_dir: Path) -> tuple[list[Path], Path | None]:
    """The bundled UCDP dataset file(s) and the example-articles folder."""
    ucdp = sorted(samples_dir.glob("ucdp_*.csv*"))
    if not ucdp:
        raise InputError(f"no bundled UCDP file (ucdp_*.csv*) in {samples_dir}")
    articles = samples_dir / "articles"
    return ucdp, articles if articles.is_dir() else None


def rebuild(settings: Settings, progress: Progress | None = None) -> list[RunReport]:
    """Load the bundled data into a new store file, then replace the live store with it in one step.

    The live store stays readable (and unchanged) until the very end; a failure leaves it as it was.
    The analysts' review decisions (etl.review) are applied to the new store as each run ends.
    """
    db = Path(settings.db)
    settings = Settings({**settings.values, "review_db": review_url(settings)})  # the decisions of the live store
    staging = db.with_name(f"{db.name}.rebuild-{os.getpid()}")
    staging.unlink(missing_ok=True)
    ucdp_files, articles_dir = bundled_inputs(Path(settings.samples_dir))
    try:
        reports = [import_dataset("ucdp", path, db=staging, settings=settings, progress=progress)
                   for path in ucdp_files]
        if articles_dir is not None:
            reports.append(load_articles([articles_dir], db=staging, settings=settings))
        os.replace(staging, db)
    finally:
        staging.unlink(missing_ok=True)
        for leftover in staging.parent.glob(f"{staging.name}.*"):
            leftover.unlink(missing_ok=True)
    return reports
