"""Context words around a place name in news text (used by etl.geo.gazetteer).

Place words before a name ("مدينة", "بريف", "محافظة", "the city of", "rural", "near") or after it ("countryside",
"province", "الشمالي"), directions ("شرق سوريا", "eastern Syria"), and the everyday words that are also place
names ("الثورة", "Hit") and so are places only with such context. The word lists are data: extend them here.
"""

from __future__ import annotations

import re
from functools import lru_cache

from etl.text.normalize import normalize_key

# Place names that are also everyday words or people's names: matched only after a place word ("مدينة الثورة",
# "the town of Hit"). Arabic entries are compared without their article.
_EVERYDAY_AR = """الثورة الكرامة الحرية النصر السلام
    الوحدة الفرات النهضة البعث تشرين الأمين الأندلس المهدي المنصور الرشيد القادسية اليرموك الجلاء الشهداء الصناعة
    الجامعة المطار السوق القصر الحمام العمال الشيخ الجديدة المحطة المزرعة الباب الأمن الجيش الدولة المدينة المنطقة
    الشمال الجنوب الشرق الغرب البلد القرية السد الجسر المعمل الحدود الخير العزة التحرير الأمل الحسينية المركز
    الرابعة حطين الصالحية التصحيح الرافقة الدرعية البتاني المأمون الصناعية الزهور الفردوس الميدان الحميدية الإشارة
    التبني التل الحاجب الحاضر الحراك الحصان الحضر الحمراء الحمرة الحي الدالي الدالية الدور الراعي الرياض الروضة
    الريحانة الزيارة السجن الصور الضمير العلم العمارة القاسم القبو الكسرة المزرعة الناصرة الهادر الوعرة الشجرة
    السوداء السودا الصفصافة الطواحين الحديدة الكرمة الكريمة الفاخورة الجيزة الإسكندرية الشامية الهاشمية الهندية
    الميمونة الغانية المليحة العباسي الرفاعي الحمزة السلمان سلوك بلد بركة ملح ديانا شو ايو بنان عجمي صبورة خالص كسب
    نبل حلة حول هول الحول زياره عوج جاسم الطيبة الغسانية العزيزية بصير البصير سلمان شين عنه صدد قنوات قارة نوى سبة موصول"""
_EVERYDAY_EN = """al bab tal tell tall ain ayn jisr deir dayr sheikh shaykh mazraa markaz qasr nasr
    salam wahda hurriyeh amin furat nahda baath mahdi mansour rashid yarmuk yarmouk andalus center centre ball cat
    hal hole hit has hay hero mal man mare nazi san sam seen shin sur tub tah toum wara zar ana anna hanna hannah
    diana josef salma sara rami rai alma mari nimr assad abbas husayn hussein uthman khattab darwish haddad hamza
    zuhair kinda bani khan burj sham cham dur dam mara hamam hammam kafir rafid mala malah shaba sabha sawa sada
    medina madina madinah medinah qahira qahirah riyad riyadh gharnata jaffa sadr salman qasim kasim jasim jassim
    jasem jassem rasheed saida zubair safir sina nava amara hadi hay hayy hai tishrin
    jazira jazirah island sahel barka fao faw al-assad el-assad"""


@lru_cache(maxsize=1)
def _everyday_words() -> dict[str, frozenset[str]]:
    arabic = frozenset(normalize_key(w).removeprefix("ال") for w in _EVERYDAY_AR.split())
    return {"ar": arabic, "en": frozenset(_EVERYDAY_EN.split()) | {"al assad", "el assad"}}


def is_everyday_word(key: str, lang: str) -> bool:
    """A normalised name that is also an everyday word or a person's name (Arabic: with or without ال)."""
    return (key.removeprefix("ال") if lang == "ar" else key) in _everyday_words()[lang]
TRIGGERS_AR = {  # place word before the name -> kind
    "مدينه": "city", "بلده": "town", "قريه": "village", "مزرعه": "village", "حي": "neighbourhood",
    "قري": "village", "قريتي": "village", "بلدات": "town", "بلدتي": "town", "احياء": "neighbourhood",
    "محافظه": "governorate", "منطقه": "near", "ناحيه": "subdistrict", "ريف": "countryside",
    "محيط": "near", "اطراف": "near", "قرب": "near", "ضواحي": "near", "بالقرب من": "near", "على مقربه من": "near",
    "مخيم": "camp", "قضاء": "district", "باديه": "countryside", "صحراء": "countryside",
}
TRIGGERS_EN = {
    "city of": "city", "town of": "town", "village of": "village", "province of": "governorate",
    "governorate of": "governorate", "district of": "district", "sub-district of": "subdistrict",
    "neighbourhood of": "neighbourhood", "neighborhood of": "neighbourhood", "countryside of": "countryside",
    "rural": "countryside", "outskirts of": "near", "near": "near", "around": "near", "outside": "near",
    "camp of": "camp", "desert of": "countryside",
}
AFTER_EN = {
    "city": "city", "town": "town", "village": "village", "province": "governorate", "governorate": "governorate",
    "district": "district", "sub-district": "subdistrict", "subdistrict": "subdistrict", "countryside": "countryside",
    "neighbourhood": "neighbourhood", "neighborhood": "neighbourhood", "camp": "camp", "area": "near",
    "desert": "countryside", "outskirts": "near",
}
KIND = {  # kind -> (qualifier, preferred feature types, geo_precision or None = by feature type)
    "city": ("city", ("city", "town"), 1), "town": ("town", ("town", "city", "village"), 1),
    "village": ("village", ("village", "town"), 1), "neighbourhood": ("neighbourhood", ("neighbourhood",), 1),
    "governorate": ("governorate", ("governorate",), 3),
    "district": ("district", ("district", "subdistrict", "city", "town", "village"), 2),
    "subdistrict": ("subdistrict", ("subdistrict",), 2),
    "countryside": ("countryside", ("city", "town", "village", "governorate", "district", "subdistrict"), 2),
    "near": ("near", ("city", "town", "village", "site", "subdistrict", "district"), 2),
    "camp": ("camp", ("site", "town", "village"), 1),
    "region": ("region", ("city", "town", "governorate", "district", "subdistrict", "village"), 2),
}
_DIR_AR = {"شمال": "north", "جنوب": "south", "شرق": "east", "غرب": "west", "وسط": "centre"}
_DIR_EN = {"north": "north", "south": "south", "east": "east", "west": "west", "central": "centre",
           "centre": "centre"}
def _dir_words(lang: str) -> str:
    if lang == "ar":
        one = "(?:شمال|جنوب|شرق|غرب|وسط)ي?"
        return rf"{one}(?:\s+(?:و\s*)?{one})?"
    one = r"(?:north|south|east|west|central|centre)(?:ern)?"
    return rf"{one}(?:[\s-]?(?:and\s+)?{one})?"


@lru_cache(maxsize=4)
def context_patterns(lang: str) -> tuple[re.Pattern, re.Pattern]:
    """(place words / directions just before a name, direction or place word just after it)."""
    if lang == "ar":
        trig = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(TRIGGERS_AR, key=len, reverse=True))
        before = re.compile(rf"(?:^|(?<=[\s\"'(]))(?:(?P<outer>[وف]?(?:[بل]|في\s+)?(?:{trig}))\s+)?"
                            rf"(?:[وف]?[بلك]?(?P<trig>{trig})|(?:في\s+)?(?P<dir>[وف]?[بل]?{_dir_words('ar')}))\s+$")
        after = re.compile(r"\s+(?P<dir>ال(?:شمال|جنوب|شرق|غرب)ي(?:ه)?(?:\s+ال(?:شرق|غرب)ي(?:ه)?)?)(?!\w)")
        return before, after
    trig = "|".join(re.escape(t) for t in sorted(TRIGGERS_EN, key=len, reverse=True))
    before = re.compile(rf"(?:^|(?<=[\s\"'(]))(?:(?P<dir>{_dir_words('en')})\s+(?:of\s+)?(?:the\s+)?)?"
                        rf"(?:(?P<trig>{trig})\s+(?:the\s+)?)?$", re.I)
    after_words = "|".join(sorted(AFTER_EN, key=len, reverse=True))
    after = re.compile(rf"(?:'s)?\s+(?:(?P<dir>{_dir_words('en')})\s+)?(?P<trig>{after_words})\b", re.I)
    return before, after


@lru_cache(maxsize=2)
def _place_follows_pattern(lang: str) -> re.Pattern:
    if lang == "ar":  # "سلوك بريف الرقة", "الكرامة شرق الرقة"
        return re.compile(r"\s+(?:[وف]?(?:ب|في\s+))?(?:ريف|محيط|قرب|(?:شمال|جنوب|شرق|غرب)ي?)\s")
    return re.compile(r",?\s+(?:(?:north|south|east|west)\w*\s+of|in\s+the\s+[\w\s-]{2,30}countryside|near)\s",
                      re.I)


def place_follows(text: str, end: int, lang: str) -> bool:
    """A place-like phrase right after the name ("... بريف الرقة"): an everyday word is a place here."""
    return bool(_place_follows_pattern(lang).match(text, end, end + 60))


def direction_of(words: str | None, lang: str) -> str | None:
    if not words:
        return None
    table = _DIR_AR if lang == "ar" else _DIR_EN
    found = [v for k, v in table.items() if k in words.lower()]
    order = ("north", "south", "east", "west", "centre")
    found = sorted(set(found), key=order.index)
    return "-".join(found) or None


@lru_cache(maxsize=4096)  # news repeats its place words: "في مدينة", "بريف", "قرية"
def trigger_kind(word: str, lang: str) -> str | None:
    word = " ".join(word.split()).lower()
    table = TRIGGERS_AR if lang == "ar" else TRIGGERS_EN
    if word in table:
        return table[word]
    for t, kind in sorted(table.items(), key=lambda kv: -len(kv[0])):
        if word.endswith(t):
            return kind
    return None


def kind_in_name(key: str, lang: str) -> str | None:
    """'محافظه الرقه' / 'raqqah governorate' / 'ناحيه عين عيسي': the place word is part of the name."""
    words = key.split()
    if len(words) < 2:
        return None
    if lang == "ar":
        kind = TRIGGERS_AR.get(words[0])
    else:
        kind = AFTER_EN.get(words[-1])
    return kind if kind in ("governorate", "district", "subdistrict", "city", "camp") else None


def added_article(surface: str, key: str) -> bool:
    """True when the matched token carries an ال that the name itself does not have."""
    head = surface.split()[0]
    prefix = head[: len(head) - len(key.split()[0])]
    return prefix.endswith("ال") or (prefix.endswith("ل") and prefix.rstrip("وف").startswith("لل"))


# "ناحية جلولاء", "قضاء الطارمية": an Iraqi sub-district or district is named after its town
_SETTLEMENT_WORDS = {"ar": ("قريه", "بلده", "مدينه", "حي", "مخيم", "مزرعه", "قريتي", "بلدتي", "قري", "بلدات", "ناحيه",
                            "قضاء"),
                     "en": ("village of", "town of", "city of", "neighbourhood of", "neighborhood of", "camp of")}


@lru_cache(maxsize=2)
def _settlement_before(lang: str) -> re.Pattern:
    words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in _SETTLEMENT_WORDS[lang])
    prefix = r"[وف]?[بلك]?(?:ال)?" if lang == "ar" else ""
    return re.compile(rf"(?:^|(?<=[\s\"'(])){prefix}(?:{words})\s+(?:the\s+)?$", re.IGNORECASE)


def settlement_word_before(text: str, start: int, lang: str) -> bool:
    """Is the name at `start` (normalised text) right after a settlement word ("قرية", "بلدة", "حي",
    "the village of")? A cheap first look before the full context patterns."""
    return bool(_settlement_before(lang).search(text, max(0, start - 24), start))
