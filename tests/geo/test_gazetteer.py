import csv
from pathlib import Path

import pytest

from etl.config import DATA_DIR
from etl.errors import InputError
from etl.geo.gazetteer import load_gazetteer
from etl.geo.gazetteer_cli import main
from etl.geo.gazetteer_build import GAZETTEER_COLUMNS, build_gazetteer_rows

KNOWLEDGE = DATA_DIR / "knowledge"
ARTICLE = DATA_DIR / "samples" / "articles" / "raqqa-coalition-2023-02-18.ar.txt"


@pytest.fixture(scope="module")
def rows():
    return build_gazetteer_rows(KNOWLEDGE / "sources", DATA_DIR / "geo")


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer(KNOWLEDGE)


def _coded(gazetteer, text, language):
    """What an analyst sees for each place: span, name, type, admin codes, coordinates, precision, qualifier."""
    return [(text[m.start:m.end], m.place.name_en, m.place.feature_type, m.place.admin1, m.place.admin1_pcode,
             m.place.admin2_pcode, m.place.admin3_pcode, round(m.place.lat, 2), round(m.place.lon, 2),
             m.geo_precision, m.qualifier, m.direction)
            for m in gazetteer.resolve(gazetteer.find(text, language))]


RAQQA_CITY = ("Ar-Raqqa", "city", "Ar-Raqqa", "SY11", "SY1101", "SY110100", 35.95, 39.01)
RAQQA_GOV = ("Ar-Raqqa", "governorate", "Ar-Raqqa", "SY11", "", "", 36.02, 38.92)
TABQA = ("Al-Tabqa", "city", "Ar-Raqqa", "SY11", "SY1103", "SY110300", 35.83, 38.54)
EIN_ISSA_TOWN = ("Ein Issa", "town", "Ar-Raqqa", "SY11", "SY1102", "SY110202", 36.38, 38.86)
SYRIA = ("Syria", "country", "", "", "", "", 34.82, 38.58)


def test_build_gives_admin_units_towns_and_iraq_with_pcodes(rows):
    assert len(rows) > 2000
    assert len({r["place_id"] for r in rows}) == len(rows)
    assert all(set(r) == set(GAZETTEER_COLUMNS) for r in rows)
    by_id = {r["place_id"]: r for r in rows}
    kinds = {}
    for r in rows:
        kinds[r["feature_type"]] = kinds.get(r["feature_type"], 0) + 1
    assert kinds["district"] == 62 and kinds["subdistrict"] == 272
    governorates = {r["country"]: 0 for r in rows}
    for r in rows:
        if r["feature_type"] == "governorate":
            governorates[r["country"]] += 1
    assert governorates == {"Syria": 14, "Iraq": 19}
    for r in rows:
        if r["country"] == "Syria" and r["feature_type"] not in ("country",):
            assert r["admin1_pcode"].startswith("SY") and r["admin1"], r["place_id"]
    city = by_id["ocha-capital:SY11"]
    assert (city["name_en"], city["name_ar"], city["feature_type"], city["admin3_pcode"]) == (
        "Ar-Raqqa", "الرقة", "city", "SY110100")
    assert {"Raqqa", "Raqqah", "Al-Raqqa", "Ar Raqqa"} <= set(city["variants_en"].split("|"))
    assert {"رقة", "الرقه"} <= set(city["variants_ar"].split("|"))
    gov = by_id["SY11"]
    assert (gov["name_en"], gov["name_ar"], gov["feature_type"], gov["population"]) == (
        "Ar-Raqqa", "الرقة", "governorate", 853000)
    assert "محافظة الرقة" in gov["variants_ar"].split("|")
    ein_issa = by_id["SY110202"]
    assert (ein_issa["name_ar"], ein_issa["admin2"], ein_issa["admin3"]) == ("عين عيسى", "Tell Abiad", "Ein Issa")
    ninewa = by_id["IQ-geonames-adm1-15"]
    assert (ninewa["name_en"], ninewa["name_ar"], ninewa["feature_type"]) == ("Ninawa", "نينوى", "governorate")
    mosul = by_id["geonames:99072"]
    assert (mosul["name_en"], mosul["name_ar"], mosul["country"], mosul["admin1"], mosul["admin1_pcode"]) == (
        "Mosul", "الموصل", "Iraq", "Ninawa", "")
    raqqa_rows = [r for r in rows if r["admin1_pcode"] == "SY11"]
    assert len(raqqa_rows) > 150
    ucdp = {r["name_en"]: r for r in raqqa_rows if r["source"].startswith("UCDP GED exact locations")}
    assert (ucdp["Mustrihah"]["name_ar"], ucdp["Mustrihah"]["admin3"]) == ("المستريحة", "Ein Issa")
    assert ucdp["Abu Asi"]["name_ar"] == ""  # UCDP names are English only unless curated


def test_build_cli_writes_a_loadable_csv_that_is_the_bundled_one(tmp_path: Path, capsys):
    out = tmp_path / "new" / "gazetteer.csv"  # a folder that does not exist yet is made
    assert main(["build", "--out", str(out)]) == 0
    assert "places to" in capsys.readouterr().out
    # the build is reproducible: the bundled files are exactly what it writes
    assert out.read_bytes() == (KNOWLEDGE / "gazetteer.csv").read_bytes()
    assert out.with_name("gazetteer_osm.csv").read_bytes() == (KNOWLEDGE / "gazetteer_osm.csv").read_bytes()
    tmp_path = out.parent
    with out.open(encoding="utf-8") as f:
        header = next(csv.reader(f))
    assert tuple(header) == GAZETTEER_COLUMNS
    rebuilt = load_gazetteer(tmp_path)
    assert rebuilt.by_pcode("SY110202").name_ar == "عين عيسى"


def test_raqqa_with_clitic_is_the_city(gazetteer):
    assert _coded(gazetteer, "اعتقلت قسد 210 عناصر بالرقة", "ar") == [
        ("بالرقة", *RAQQA_CITY, 1, None, None)]
    assert _coded(gazetteer, "فرض حظر تجوال في مدينة الرقة السورية", "ar") == [
        ("مدينة الرقة", *RAQQA_CITY, 1, "city", None)]


def test_diacritics_and_curly_quotes_keep_original_offsets(gazetteer):
    text = "في مدينةِ الرَّقَّة وريفِ الرّقة الشّماليّ، and in Raqqa’s northern countryside"
    assert [(text[m.start:m.end], m.place.feature_type, m.geo_precision, m.direction)
            for m in gazetteer.find(text)] == [
        ("مدينةِ الرَّقَّة", "city", 1, None),
        ("ريفِ الرّقة الشّماليّ", "governorate", 2, "north"),
        ("Raqqa’s northern countryside", "governorate", 2, "north"),
    ]


def test_countryside_and_governorate_and_country_regions(gazetteer):
    assert _coded(gazetteer, "هجوم لخلايا داعش في ريف الرقة الشمالي", "ar") == [
        ("ريف الرقة الشمالي", *RAQQA_GOV, 2, "countryside", "north")]
    assert _coded(gazetteer, "حظر تجوال في محافظة الرقة", "ar") == [
        ("محافظة الرقة", *RAQQA_GOV, 3, "governorate", None)]
    assert _coded(gazetteer, "عملية في الرقة شرق سوريا ثم في شمال البلاد", "ar") == [
        ("الرقة", *RAQQA_CITY, 1, None, None),
        ("شرق سوريا", *SYRIA, 3, "region", "east"),
        ("شمال البلاد", *SYRIA, 3, "region", "north"),
    ]


def test_village_near_ein_issa_and_the_area_when_the_village_is_unknown(gazetteer):
    ein_issa_area = ("ريف عين عيسى", "Ein Issa", "subdistrict", "Ar-Raqqa", "SY11", "SY1102", "SY110202", 36.42,
                     38.88, 2, "countryside", None)
    assert _coded(gazetteer, "قرية المستريحة بريف عين عيسى", "ar") == [
        ("قرية المستريحة", "Mustrihah", "village", "Ar-Raqqa", "SY11", "SY1102", "SY110202", 36.39, 38.68, 1,
         "village", None),
        ein_issa_area]
    assert _coded(gazetteer, "قرية الحمادية بريف عين عيسى", "ar") == [ein_issa_area]
    assert _coded(gazetteer, "سيطرت قسد على عين عيسى", "ar") == [("عين عيسى", *EIN_ISSA_TOWN, 1, None, None)]


def test_tabqa_in_both_languages_and_its_official_name(gazetteer):
    assert _coded(gazetteer, "سيطرت قسد على الطبقة", "ar") == [("الطبقة", *TABQA, 1, None, None)]
    assert _coded(gazetteer, "دخلت القوات مدينة الثورة", "ar") == [("مدينة الثورة", *TABQA, 1, "city", None)]
    assert _coded(gazetteer, "The SDF took Tabqa in 2017.", "en") == [("Tabqa", *TABQA, 1, None, None)]


def test_english_context_words(gazetteer):
    text = ("ISIS attacked the city of Raqqa, rural Raqqa and Raqqa's northern countryside, "
            "in Raqqa province, near Deir ez-Zor and in eastern Syria.")
    deir = ("Deir-ez-Zor", "city", "Deir-ez-Zor", "SY09", "SY0901", "SY090100", 35.33, 40.15)
    assert _coded(gazetteer, text, "en") == [
        ("city of Raqqa", *RAQQA_CITY, 1, "city", None),
        ("rural Raqqa", *RAQQA_GOV, 2, "countryside", None),
        ("Raqqa's northern countryside", *RAQQA_GOV, 2, "countryside", "north"),
        ("Raqqa province", *RAQQA_GOV, 3, "governorate", None),
        ("near Deir ez-Zor", *deir, 2, "near", None),
        ("eastern Syria", *SYRIA, 3, "region", "east"),
    ]
    idleb = ("Idleb", "governorate", "Idleb", "SY07", "", "", 35.86, 36.57)
    assert _coded(gazetteer, "Russian jets bombed southern Idlib and the Anbar desert.", "en") == [
        ("southern Idlib", *idleb, 2, "region", "south"),
        ("Anbar desert", "Anbar", "governorate", "Anbar", "", "", "", 33.94, 42.18, 2, "countryside", None),
    ]


def test_deir_ez_zor_and_iraqi_places(gazetteer):
    deir = ("Deir-ez-Zor", "city", "Deir-ez-Zor", "SY09", "SY0901", "SY090100", 35.33, 40.15)
    assert _coded(gazetteer, "انفجار في دير الزور والموصل", "ar") == [
        ("دير الزور", *deir, 1, None, None),
        ("والموصل", "Mosul", "city", "Ninawa", "", "", "", 36.34, 43.12, 1, None, None),
    ]
    assert _coded(gazetteer, "اشتباكات في محافظة نينوى", "ar") == [
        ("محافظة نينوى", "Ninawa", "governorate", "Ninawa", "", "", "", 36.34, 43.04, 3, "governorate", None)]
    assert _coded(gazetteer, "هجوم في ريف كركوك الجنوبي", "ar") == [
        ("ريف كركوك الجنوبي", "Kirkuk", "governorate", "Kirkuk", "", "", "", 35.35, 44.07, 2, "countryside", "south")]
    assert _coded(gazetteer, "Attacks in Deir ez-Zor, Mosul and Fallujah", "en") == [
        ("Deir ez-Zor", *deir, 1, None, None),
        ("Mosul", "Mosul", "city", "Ninawa", "", "", "", 36.34, 43.12, 1, None, None),
        ("Fallujah", "Al Fallujah", "city", "Anbar", "", "", "", 33.35, 43.79, 1, None, None),
    ]


def test_ambiguous_names_are_settled_by_the_articles_other_places(gazetteer):
    near_azaz = _coded(gazetteer, "قصف على بلدة صوران قرب اعزاز", "ar")
    assert near_azaz[0][:8] == ("بلدة صوران", "Suran", "town", "Aleppo", "SY02", "SY0204", "SY020405", 36.57)
    near_hama = _coded(gazetteer, "اشتباكات في صوران بريف حماة الشمالي", "ar")
    assert near_hama[0][:5] == ("صوران", "Suran", "town", "Hama", "SY05")
    assert _coded(gazetteer, "هجوم في سنجار غرب الموصل", "ar")[0][:4] == ("سنجار", "Sinjar", "town", "Ninawa")
    assert _coded(gazetteer, "هجوم في سنجار بريف إدلب", "ar")[0][:5] == ("سنجار", "Sanjar", "town", "Idleb", "SY07")
    # alone, "Safsafa" is the Tartous town; with Raqqa in the article it is the Raqqa village
    assert _coded(gazetteer, "Shelling hit Safsafa.", "en")[0][:5] == ("Safsafa", "Safsafa", "town", "Tartous", "SY10")
    assert _coded(gazetteer, "ISIS cells attacked Safsafa, east of Raqqa.", "en") == [
        ("Safsafa", "As Safsafah", "village", "Ar-Raqqa", "SY11", "SY1103", "SY110301", 35.85, 38.62, 1, None, None),
        ("east of Raqqa", *RAQQA_CITY, 2, "near", "east"),
    ]
    mentions = gazetteer.find("Shelling hit Safsafa.", "en")
    assert {c.admin1 for c in mentions[0].candidates} == {"Tartous", "Ar-Raqqa"}


def test_everyday_words_adjectives_and_person_names_are_not_places(gazetteer):
    assert gazetteer.find("اندلعت الثورة السورية عام 2011 وقام الرئيس بزيارة إلى الباب", "ar") == []
    assert gazetteer.find("Bashar al-Assad said this is the hole they dug.", "en") == []
    assert gazetteer.find("تحدث عن سلوك النظام والكرامة", "ar") == []
    assert gazetteer.find("وتحدث عنه المسؤول بصدد القرار عبر قنوات رسمية", "ar") == []
    # the same words are places with a place word before them or a place phrase after them
    assert [(t, name, kind, prec) for t, name, kind, *_, prec, _q, _d in _coded(
        gazetteer, "هاجمت الخلايا بلدة الكرامة وسلوك بريف تل أبيض", "ar")] == [
        ("بلدة الكرامة", "Karama", "town", 1), ("وسلوك", "Suluk", "town", 1),
        ("ريف تل أبيض", "Tell Abiad", "district", 2)]
    assert _coded(gazetteer, "انفجار في حي الفرات بمدينة الرقة", "ar")[0] == (
        "حي الفرات", "Furat", "neighbourhood", "Ar-Raqqa", "SY11", "SY1101", "SY110100", 35.94, 39.0, 1,
        "neighbourhood", None)


def test_example_article_places(gazetteer):
    text = ARTICLE.read_text(encoding="utf-8")
    mentions = gazetteer.resolve(gazetteer.find(text, "ar"))
    places = {m.place.place_id for m in mentions}
    assert places == {"ocha-capital:SY11", "SY"}
    first = mentions[0]
    assert text[first.start:first.end] == "الرقة" and first.place.name_en == "Ar-Raqqa"
    assert any(text[m.start:m.end] == "شرق سوريا" and m.geo_precision == 3 for m in mentions)


def test_lookup_by_pcode_and_name(gazetteer):
    assert gazetteer.by_pcode("SY11").name_en == "Ar-Raqqa"
    assert gazetteer.by_pcode("SY1103").name_ar == "الثورة"
    assert gazetteer.by_pcode("SY999999") is None
    assert [p.feature_type for p in gazetteer.lookup("الرقة")][:2] == ["city", "governorate"]
    assert gazetteer.area_of(gazetteer.lookup("Tabqa")[0]).place_id == "SY1103"


def test_missing_or_broken_gazetteer_gives_a_clear_error(tmp_path: Path):
    with pytest.raises(InputError, match="python -m etl.geo.gazetteer_cli build"):
        load_gazetteer(tmp_path)
    (tmp_path / "gazetteer.csv").write_text("place_id,name_en\nx,y\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        load_gazetteer(tmp_path)
    row = dict.fromkeys(GAZETTEER_COLUMNS, "") | {"place_id": "x", "name_en": "Bad\x1fname", "feature_type": "village",
                                                "lat": "35", "lon": "39"}
    (tmp_path / "gazetteer.csv").write_text(",".join(GAZETTEER_COLUMNS) + "\n" + ",".join(row[c] for c in GAZETTEER_COLUMNS)
                                            + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"gazetteer.csv:2: a control character"):
        load_gazetteer(tmp_path)


def test_openstreetmap_villages_fill_gaps_in_a_file_of_their_own(tmp_path: Path, gazetteer):
    # ODbL data stays separate: the build writes gazetteer_osm.csv beside gazetteer.csv, and the villages
    # it adds are matched after a place word only
    assert main(["build", "--out", str(tmp_path / "gazetteer.csv")]) == 0
    with (tmp_path / "gazetteer_osm.csv").open(encoding="utf-8") as f:
        osm = list(csv.DictReader(f))
    assert len(osm) > 500 and all(r["place_id"].startswith("osm:") for r in osm)
    assert not any(r["place_id"].startswith("osm:") for r in csv.DictReader((tmp_path / "gazetteer.csv").open(encoding="utf-8")))
    coded = _coded(gazetteer, "قصفت القوات التركية قرية الفيضات بريف الحسكة", "ar")
    assert coded[0][1:4] == ("Al Faydat", "village", "Al-Hasakeh")
    assert _coded(gazetteer, "قصفت القوات التركية الفيضات", "ar") == []
