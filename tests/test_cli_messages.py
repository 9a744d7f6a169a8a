"""What the command line says when it is used wrongly: usage lines a person can read, one rule for the exit
code (2 when nothing usable was read), the user's own file named in errors, `etl status` whole when piped."""

from __future__ import annotations

import gzip
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UCDP = ROOT / "tests" / "fixtures" / "datasets" / "ucdp_syria_sample.csv"


def marsad(*args: str, tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "etl.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=120, env={"MARSAD_DB": str(tmp_path / "m.duckdb"), "PATH": "/usr/bin:/bin",
                                            "COLUMNS": "80", "HOME": str(tmp_path)})


def test_extract_on_a_binary_file_named_txt_exits_2_like_import(tmp_path):
    binary = tmp_path / "report.txt"
    binary.write_bytes(b"\x00\x01PK\x03\x04" + bytes(range(256)) * 20)
    extract = marsad("extract", str(binary), tmp_path=tmp_path)
    imported = marsad("etl", "import", "csv", str(binary), tmp_path=tmp_path)
    assert (extract.returncode, imported.returncode) == (2, 2), extract.stderr
    assert "Traceback" not in extract.stderr
    assert "Error: no readable article in" in extract.stderr and "report.txt" in extract.stderr


def test_usage_lines_read_kind_path_without_braces_or_value_error(tmp_path):
    missing = marsad("etl", "import", tmp_path=tmp_path)
    bad_kind = marsad("etl", "import", "bogus", "x.csv", tmp_path=tmp_path)
    bad_format = marsad("extract", "--format", "bad", "x.txt", tmp_path=tmp_path)
    assert missing.returncode == bad_kind.returncode == bad_format.returncode == 2
    assert "etl import [OPTIONS] KIND PATH..." in missing.stderr
    assert "extract [OPTIONS] PATH..." in bad_format.stderr
    for result in (missing, bad_kind, bad_format):
        assert "{" not in result.stderr and "Value error" not in result.stderr, result.stderr
    assert "'bogus' is not one of 'ucdp', 'acled', 'csv'" in " ".join(bad_kind.stderr.split())


def test_a_ucdp_csv_gz_imported_as_acled_names_the_users_file(tmp_path):
    user_file = tmp_path / "my_download.csv.gz"
    user_file.write_bytes(gzip.compress(UCDP.read_bytes()))
    result = marsad("etl", "import", "acled", str(user_file), tmp_path=tmp_path)
    assert result.returncode == 2
    one_line = " ".join(result.stderr.split())
    assert f"Error: {user_file}: required column(s) missing" in one_line
    assert "/tmp/marsad-" not in one_line and "Traceback" not in one_line


def test_etl_status_piped_shows_whole_paths_and_dates(tmp_path):
    folder = tmp_path / "a_rather_long_folder_name_for_the_analysts_downloads" / "ucdp_ged_syria_exports"
    folder.mkdir(parents=True)
    data = folder / "ucdp_syria_sample_downloaded_2026-12-03.csv"
    shutil.copy(UCDP, data)
    assert marsad("etl", "import", "ucdp", str(data), tmp_path=tmp_path).returncode == 0
    status = marsad("etl", "status", tmp_path=tmp_path)
    assert status.returncode == 0, status.stderr
    assert str(data) in status.stdout  # on one line, not cut with "…"
    assert "…" not in status.stdout
