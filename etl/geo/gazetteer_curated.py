"""Curated gazetteer data the sources lack: corrected names, the spellings news uses, Arabic names of key
UCDP locations, Iraqi governorates. Edit here (not only in gazetteer.csv) so a rebuild keeps the change:
`python -m etl.geo.gazetteer_cli build`.

Keys are normalised Arabic names (etl.text.normalize.normalize_key: ة->ه, أ->ا, ى->ي) or UCDP English names.
"""

from __future__ import annotations

# Curated corrections and the spellings news actually uses (source: GeoNames/Wikipedia usage); keyed by the
# normalised Arabic name of a city/town row. (name_en, name_ar) override first, then extra variants.
NAME_OVERRIDES = {
    "الثوره": ("Al-Tabqa", "الطبقة"),
    "د مشق": ("Damascus", "دمشق"),
    "عرب بينار": ("Ayn al-Arab (Kobani)", "عين العرب"),
    "الهول": ("Al-Hol", "الهول"),
}
EXTRA_VARIANTS = {
    "الطبقه": ("الثورة|طبقة", "Tabqa|Al-Tabqa|Tabaqa|Al-Tabqah|Al-Thawrah|Ath-Thawrah|Thawrah"),
    "الرقه": ("الرقة|رقة", "Raqqa|Raqqah|Ar-Raqqa|Ar-Raqqah|Al-Raqqa|Al-Raqqah|Rakka|Raqa|Al-Raqa|Ar-Raqa"),
    "عين العرب": ("كوباني|عين العرب", "Kobani|Kobane|Ayn al-Arab|Ain al-Arab|Ain al Arab"),
    "القامشلي": ("قامشلو|القامشلي", "Qamishli|Al-Qamishli|Qamishlo|Quamishli|Kamishli"),
    "راس العين": ("سري كانيه|رأس العين", "Ras al-Ain|Ras al-Ayn|Ras al Ain|Serekaniye|Ras Al Ain"),
    "تل ابيض": ("تل أبيض|تل ابيض|كري سبي", "Tal Abyad|Tell Abyad|Tell Abiad|Tal Abiad|Gire Spi"),
    "عين عيسي": ("عين عيسى", "Ain Issa|Ayn Issa|Ein Issa|Ayn Isa|Ain Issa town"),
    "دير الزور": ("دير الزور|ديرالزور",
                  "Deir ez-Zor|Deir ez-Zour|Deir al-Zor|Deir al-Zour|Deir Ezzor|Deir el-Zour|Dayr az-Zawr|Deir-ez-Zor|Deir Ezour|Deir Ezzour|Deir Azzour|Deir Al-Zour"),
    "دمشق": ("دمشق", "Damascus|Dimashq"),
    "حلب": ("حلب", "Aleppo|Halab"),
    "حمص": ("حمص", "Homs|Hims"),
    "حماه": ("حماة", "Hama|Hamah"),
    "ادلب": ("إدلب|ادلب", "Idlib|Idleb"),
    "درعا": ("درعا", "Daraa|Dar'a|Deraa"),
    "الحسكه": ("الحسكة", "Hasakah|Hasaka|Al-Hasakah|Al-Hasakeh|Hasakeh"),
    "البوكمال": ("البوكمال|أبو كمال", "Albu Kamal|Abu Kamal|Al-Bukamal|Bukamal|Boukamal|Al-Bu Kamal"),
    "الميادين": ("الميادين", "Mayadin|Al-Mayadin|Al-Mayadeen|Mayadeen"),
    "الهول": ("الهول", "Al-Hol|al-Hawl|Hol|Hole"),
    "شداده": ("الشدادي|الشدادة", "Shaddadi|Al-Shaddadi|Shadadi|Ash Shaddadah"),
    "اعزاز": ("أعزاز|اعزاز", "Azaz|A'zaz|Aazaz"),
    "مخمور": ("مخمور", "Makhmour|Makhmur|Mukhmur"),
    "عفرين": ("عفرين", "Efrin|Afreen|Afrin"),
    "الباب": ("الباب", "Al-Bab|al-Bab"),
    "منبج": ("منبج", "Manbij|Menbij"),
    "تدمر": ("تدمر", "Palmyra|Tadmur|Tadmor"),
    "هجين": ("هجين", "Hajin"),
    "الموصل": ("الموصل", "Mosul|Al-Mawsil"),
    "الرمادي": ("الرمادي", "Ramadi|Al-Ramadi"),
}
# UCDP exact locations carry English names only; Arabic names (and news spellings) of the ones that matter most
# in the Raqqa / Deir ez-Zor reporting, keyed by the UCDP name.
UCDP_CURATED = {
    "Mustrihah": ("المستريحة", "Mustariha|Al-Mustariha"), "Tall as Samn": ("تل السمن", "Tal al-Samn|Tell al-Samn"),
    "Ghanim al Ali": ("غانم العلي", "Ghanem al-Ali"), "Sharkrak": ("شركراك", "Shirkrak"),
    "Jazrah": ("الجزرة", "Al-Jazra"), "Ratlah": ("رطلة", "Ratla"), "Hunaydah": ("الهنيدة", "Al-Hunayda"),
    "Kasrat Shaykh Jumah": ("كسرة شيخ جمعة", "Kasrat Sheikh Juma"), "Kudayran": ("كديران", ""),
    "Al Adnaniyah": ("العدنانية", ""), "Al Asadiyah": ("الأسدية", ""), "Hawi al Hawa": ("حاوي الهوى", ""),
    "Ayn al Arus": ("عين العروس", "Ain al-Arous"), "Tal Othman": ("تل عثمان", ""),
    "Zawr Shammar": ("زور شمر", ""), "Khatuniyah": ("الخاتونية", ""), "Mushayrifah": ("المشيرفة", ""),
    "Hammam al-Turkman": ("حمام التركمان", "Hammam al-Turkmen"), "Qalat Jabar": ("قلعة جعبر", "Qal'at Ja'bar"),
    "Euphrates Dam": ("سد الفرات|سد الطبقة", "Tabqa Dam"), "Ein Issa military base": ("اللواء 93", "Brigade 93"),
    "17th Reserve Division": ("الفرقة 17", "Division 17"),
    "Baghuz Fawqani": ("الباغوز|الباغوز فوقاني|باغوز", "Baghuz|Baghouz|Al-Baghuz|Al-Baghouz"),
    "Shuhayl": ("الشحيل", "Al-Shuhayl|Shuhail|Al-Shuhail"), "Al Rukban camp": ("مخيم الركبان|الركبان", "Rukban|Rukban camp|Al-Rukban"),
    "At Tanf": ("التنف", "Al-Tanf|Tanf"),
    "Al Omar oil fields": ("حقل العمر|حقل العمر النفطي|حقول العمر|حقول العمر النفطية", "Omar oil field|al-Omar oil field"),
    "Tayyani": ("الطيانة|طيانة", "Al-Tayana|Tayana|al-Tayyana"),
    "Sabhah": ("الصبحة|صبحة", "Al-Subha|Subha|Al-Sabha|Sabha"),
    "Kubar": ("الكبر|كبار", "Al-Kibar|Kibar|al-Kubar"),
    "Tanak oil field": ("حقل التنك|حقل تنك|حقل التنك النفطي", "al-Tanak oil field|Tanak field"),
}
IRAQ_GOVERNORATES = {  # GeoNames admin1 code -> (GeoNames English name, Arabic, other spellings)
    "01": ("Anbar", "الأنبار", "Al Anbar|Al-Anbar"), "02": ("Basra", "البصرة", "Basrah|Al Basrah"),
    "03": ("Al Muthanna", "المثنى", "Muthanna|Al-Muthanna"), "04": ("Al Qadisiyah", "القادسية", "Qadissiya"),
    "05": ("As Sulaymaniyah", "السليمانية", "Sulaymaniyah|Sulaimaniya"), "06": ("Babil", "بابل", "Babylon"),
    "07": ("Baghdad", "بغداد", ""), "08": ("Dahuk", "دهوك", "Duhok|Dohuk"), "09": ("Dhi Qar", "ذي قار", "Thi-Qar|Thi Qar"),
    "10": ("Diyala", "ديالى", ""), "11": ("Arbil", "أربيل", "Erbil|Irbil"), "12": ("Karbala", "كربلاء", "Kerbala"),
    "13": ("Kirkuk", "كركوك", ""), "14": ("Maysan", "ميسان", "Missan"),
    "15": ("Ninawa", "نينوى", "Ninewa|Nineveh"), "16": ("Wasit", "واسط", "Wassit"),
    "17": ("An Najaf", "النجف", "Najaf"), "18": ("Salah ad Din", "صلاح الدين", "Salah al-Din|Salahuddin|Saladin"),
    "19": ("Halabja", "حلبجة", ""),
}
