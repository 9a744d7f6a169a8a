"""Knowledge CSVs as a spreadsheet saves them (with a BOM) load; a missing column is named."""

from __future__ import annotations

import pytest

from etl.errors import InputError
from etl.knowledge_csv import read_knowledge_rows


def test_a_spreadsheet_bom_does_not_hide_the_first_column(tmp_path):
    path = tmp_path / "triggers.csv"
    path.write_bytes("sub_event_type,language,pattern\r\nArrests,ar,اعتقال\r\n".encode("utf-8-sig"))
    assert read_knowledge_rows(path, ("sub_event_type", "pattern")) == [
        (2, {"sub_event_type": "Arrests", "language": "ar", "pattern": "اعتقال"})]


def test_missing_columns_are_named(tmp_path):
    path = tmp_path / "actors.csv"
    path.write_text("actor,inter\nIslamic State,Rebel group\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"missing column\(s\) aliases_ar, aliases_en"):
        read_knowledge_rows(path, ("actor", "inter", "aliases_ar", "aliases_en"))
