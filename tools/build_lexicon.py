#!/usr/bin/env python3
"""Regenerate matn's Persian lexicon (data/lexicon.tsv, data/verbs.tsv) from
permissively licensed public sources. Python 3 stdlib only.

    python3 tools/build_lexicon.py [--shared ../shared] [--cache tools/.cache]

Sources (see data/NOTICE for their licenses):
  - Lilak lexicon (../shared/data/lilak/lexicon), Apache-2.0: words with correct
    ZWNJ spellings and part of speech, including 50k inflected verb forms.
  - Hazm 0.12.1 (PyPI wheel), MIT: data/words.dat (word, frequency, tags),
    data/verbs.dat (past#present stems).
  - Shekar 1.7.0 (PyPI wheel), MIT: vocab.csv (word, count), compound_words.csv
    ('#' marks a boundary written without ZWNJ), verbs.csv (present, past).
  - wordfreq 3.1.1 (PyPI wheel), data CC BY-SA 4.0: small_fa.msgpack.gz, word
    frequencies from several corpora, glued and ZWNJ spellings both present.

Output:
  data/lexicon.tsv.gz  word <TAB> zipf*100 <TAB> flags    (sorted by word, gzip)
                     zipf: log10 of frequency per billion words, the highest among
                     the sources that count the word (each covers different text); 100 (zipf 1.0) for a word a
                     source lists without a count. flags: V verb form, N noun,
                     A adjective, C compound, S in Hazm's or Shekar's stopword
                     list, T stopword for token flags (S, less the words Lilak
                     knows only as nouns or adjectives: خطر, کامل), L listed by Lilak (a
                     spelling checked by hand), F function word (Lilak adposition,
                     conjunction, determiner).
  data/verbs.tsv     past <TAB> present
  data/plurals.tsv   plural <TAB> singular: Lilak's plural nouns with the singular
                     found by suffix (ان, ات, ها...) or Arabic broken-plural pattern
                     (افراد → فرد, مسائل → مسئله), kept where the singular is a listed
                     noun or adjective
Because wordfreq's counts are CC BY-SA 4.0, data/lexicon.tsv.gz is shared under
CC BY-SA 4.0 (see data/NOTICE); the code that reads it is not.

Downloads happen here, with pip, never at matn's build or run time.
"""
import argparse
import csv
import gzip
import io
import math
import os
import re
import struct
import subprocess
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

PACKAGES = [
    ("hazm", "hazm==0.12.1", ["--python-version", "3.12", "--only-binary=:all:"]),
    ("shekar", "shekar==1.7.0", ["--python-version", "3.12", "--only-binary=:all:"]),
    ("wordfreq", "wordfreq==3.1.1", []),
]

ZWNJ = "\u200c"
LETTER_MAP = str.maketrans({"\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9", "\u06c1": "\u0647",
                            "\u06be": "\u0647", "\u06d5": "\u0647", "\u200d": None, "\u0640": None})
# Harakat go; hamza above (U+0654) stays. Keys carry no tanwin either: matn strips
# marks before it looks a word up.
MARKS = re.compile("[\u064b-\u0653\u0655-\u065f\u0670]")
PERSIAN_WORD = re.compile("^[\u0621-\u064a\u0654\u067e\u0686\u0698\u06a9\u06af\u06c0\u06cc\u200c]+$")


def clean(word):
    """Letters unified as matn's normalizer does; None if not a Persian word."""
    w = word.strip().translate(LETTER_MAP)
    w = MARKS.sub("", w)
    w = re.sub(ZWNJ + "+", ZWNJ, w).strip(ZWNJ)
    if not w or not PERSIAN_WORD.match(w):
        return None
    return w


def download(cache):
    os.makedirs(cache, exist_ok=True)
    wheels = {}
    for name, spec, extra in PACKAGES:
        found = [f for f in os.listdir(cache) if f.startswith(name + "-") and f.endswith(".whl")]
        if not found:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", cache, spec] + extra,
                           check=True)
            found = [f for f in os.listdir(cache) if f.startswith(name + "-") and f.endswith(".whl")]
        wheels[name] = zipfile.ZipFile(os.path.join(cache, found[0]))
    return wheels


def read_text(whl, suffix):
    name = next(n for n in whl.namelist() if n.endswith(suffix))
    return whl.read(name).decode("utf-8")


def msgpack(data):
    """Decode the msgpack subset wordfreq uses (arrays, maps, strings, ints)."""
    pos = 0

    def take(n):
        nonlocal pos
        b = data[pos:pos + n]
        pos += n
        return b

    def value():
        t = take(1)[0]
        if t <= 0x7F:
            return t
        if 0x80 <= t <= 0x8F:
            return {value(): value() for _ in range(t & 0x0F)}
        if 0x90 <= t <= 0x9F:
            return [value() for _ in range(t & 0x0F)]
        if 0xA0 <= t <= 0xBF:
            return take(t & 0x1F).decode("utf-8")
        if t == 0xC0:
            return None
        if t in (0xD9, 0xDA, 0xDB):
            n = {0xD9: 1, 0xDA: 2, 0xDB: 4}[t]
            return take(int.from_bytes(take(n), "big")).decode("utf-8")
        if t in (0xDC, 0xDD):
            n = 2 if t == 0xDC else 4
            return [value() for _ in range(int.from_bytes(take(n), "big"))]
        if t in (0xDE, 0xDF):
            n = 2 if t == 0xDE else 4
            return {value(): value() for _ in range(int.from_bytes(take(n), "big"))}
        if t in (0xCC, 0xCD, 0xCE, 0xCF):
            n = {0xCC: 1, 0xCD: 2, 0xCE: 4, 0xCF: 8}[t]
            return int.from_bytes(take(n), "big")
        if t >= 0xE0:
            return t - 0x100
        raise ValueError(f"msgpack type {t:#x} not supported")

    return value()


def zipf_table(counts):
    total = sum(counts.values()) or 1
    return {w: math.log10(c / total) + 9 for w, c in counts.items() if c > 0}


SOUND_PLURALS = [("ها", ""), ("ان", ""), ("یان", ""), ("گان", "ه"), ("ات", ""), ("ات", "ه"),
                 ("یات", ""), ("جات", ""), ("ین", "")]


def broken_plural_candidates(w):
    """Singulars that Arabic broken-plural patterns could give for `w`."""
    n = len(w)
    if n == 6 and w[0] == "ا" and w[2] == "ا" and w[4] == "ی":   # افاعیل: احادیث → حدیث
        return [w[1] + w[3] + "ی" + w[5], w[1] + "ا" + w[3] + w[5]]
    c = []
    if n == 5 and w[0] == "ا" and w[3] == "ا":          # افعال: افراد → فرد
        c += [w[1] + w[2] + w[4], w[1] + w[2] + w[4] + "ه"]
    if n == 4 and w[0] == "آ" and w[2] == "ا":          # آثار → اثر
        c += ["ا" + w[1] + w[3]]
    if n == 4 and w[0] == "ا" and w[3] in "اء":         # اعضا → عضو
        c += [w[1] + w[2] + "و", w[1] + w[2] + "ی", w[1] + w[2] + "ء"]
    if n == 5 and w[0] == "ا" and w[4] == "ء":          # اشیاء → شیء
        c += [w[1] + w[2] + "ء", w[1] + "ی" + "ء"]
    if n == 4 and w[2] == "و":                          # فعول: امور → امر, حقوق → حق
        c += [w[0] + w[1] + w[3], w[0] + w[1]]
    if n == 5 and w[2] == "ا":                          # مفاعل, فواعل, فعائل
        a, b, _, d, e = w
        c += [a + b + d + e, a + b + d + e + "ه", a + b + d + e + "ت", a + "ا" + d + e + "ه",
              a + "ا" + d + e, a + b + "ی" + e + "ه", a + b + "ی" + e, a + b + "ئ" + e + "ه", a + b + "ئ" + e]
        if d in "یئ":
            c += [a + b + e + "ه", a + b + e + "ت", a + b + "ا" + e + "ت", a + b + "ا" + e + "ه"]
    if n == 4 and w[0] == "م" and w[2] == "ا":          # مواد → ماده
        c += ["ما" + w[3] + "ه", "م" + w[1] + w[3] + "ه", "م" + w[1] + w[3]]
    if n == 6 and w[2] == "ا" and w[4] == "ی":          # فعالیل, فواعیل: قوانین → قانون
        a, b, _, d, _, f = w
        c += [a + b + d + "ا" + f, a + "ا" + d + "و" + f, a + b + d + "و" + f, a + b + d + "ی" + f]
    if n == 3:                                          # فعل ← فعلة: ملل → ملت
        c += [w + "ت", w + "ه"]
    return c


def singular(w, is_lexeme, zipf):
    """The singular of the plural noun `w`: a sound plural's base if it is a listed
    noun or adjective, else the most frequent listed broken-plural candidate."""
    for suffix, add in SOUND_PLURALS:
        if w.endswith(suffix) and len(w) - len(suffix) >= 2:
            s = w[: -len(suffix)] + add
            if suffix == "ات" and not add:
                # ات replaces a final ه or ت where the singular had one
                # (قطعات → قطعه, صفات → صفت; the more frequent of the two),
                # and follows the bare word otherwise (اقدامات → اقدام). A
                # bare word more frequent by a Zipf unit wins (جریانات → جریان).
                bases = [b for b in (s + "ه", s + "ت") if is_lexeme(b)]
                lost = max(bases, key=zipf, default=None)
                if lost and not (is_lexeme(s) and zipf(s) > zipf(lost) + 1.0):
                    s = lost
            if is_lexeme(s):
                return s
    best = None
    for s in broken_plural_candidates(w):
        if s != w and is_lexeme(s) and (best is None or zipf(s) > zipf(best)):
            best = s
    return best


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", default=os.path.join(ROOT, "..", "shared"))
    ap.add_argument("--cache", default=os.path.join(HERE, ".cache"))
    a = ap.parse_args()
    wheels = download(a.cache)

    zipfs = {}      # word -> list of zipf values from sources with counts
    listed = set()  # words some source lists (with or without a count)
    flags = {}
    plurals = set()

    def flag(w, f):
        flags.setdefault(w, set()).add(f)

    # Lilak: spellings and POS, no counts.
    lilak_pos = {}
    pos_flag = {"verb": "V", "noun_singular": "N", "noun_plural": "N", "adjective": "A",
                "adjective_comparative": "A", "adjective_superlative": "A"}
    with open(os.path.join(a.shared, "data", "lilak", "lexicon"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "," not in line:
                continue
            word, pos = line.split(",")[:2]
            w = clean(word)
            if w:
                listed.add(w)
                flag(w, "L")
                lilak_pos.setdefault(w, set()).add(pos)
                if pos in pos_flag:
                    flag(w, pos_flag[pos])
                if pos in ("adposition", "conjunction", "determiner"):
                    flag(w, "F")
                if pos == "noun_plural":
                    plurals.add(w)

    # Hazm words with counts and tags.
    counts = {}
    for line in read_text(wheels["hazm"], "hazm/data/words.dat").splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        w = clean(parts[0])
        if not w:
            continue
        listed.add(w)
        counts[w] = counts.get(w, 0) + int(parts[1] or 0)
        tags = parts[2] if len(parts) > 2 else ""
        if "V" in tags.split(","):
            flag(w, "V")
        if "N" in tags.split(","):
            flag(w, "N")
        if "AJ" in tags.split(","):
            flag(w, "A")
    for w, z in zipf_table(counts).items():
        zipfs.setdefault(w, []).append(z)

    # Shekar vocabulary counts and compounds.
    counts = {}
    for row in csv.reader(io.StringIO(read_text(wheels["shekar"], "data/files/vocab.csv"))):
        if len(row) >= 2 and row[1].isdigit():
            w = clean(row[0])
            if w:
                listed.add(w)
                counts[w] = counts.get(w, 0) + int(row[1])
    for w, z in zipf_table(counts).items():
        zipfs.setdefault(w, []).append(z)
    for line in read_text(wheels["shekar"], "data/files/compound_words.csv").splitlines():
        w = clean(line.replace("#", ""))
        if w:
            listed.add(w)
            flag(w, "C")

    # wordfreq: buckets of words by centibel frequency.
    data = msgpack(gzip.decompress(wheels["wordfreq"].read("wordfreq/data/small_fa.msgpack.gz")))
    header, buckets = data[0], data[1:]
    assert header.get("format") == "cB", header
    wf = {}
    for i, bucket in enumerate(buckets):
        for word in bucket:
            w = clean(word)
            if w:
                z = -i / 100 + 9  # frequency 10^(-i/100) → zipf
                wf[w] = max(wf.get(w, -1), z)
    for w, z in wf.items():
        listed.add(w)
        zipfs.setdefault(w, []).append(z)

    # Stopwords (Hazm, Shekar) are flagged for the tokenizer.
    stop = set()
    for line in read_text(wheels["hazm"], "hazm/data/stopwords.dat").splitlines():
        w = clean(line)
        if w:
            stop.add(w)
    for line in read_text(wheels["shekar"], "data/files/stopwords.csv").splitlines():
        w = clean(line.split(",")[0])
        if w:
            stop.add(w)
    content = {"noun_singular", "noun_plural", "adjective"}
    for w in stop:
        listed.add(w)
        flag(w, "S")
        pos = lilak_pos.get(w, set())
        if not (pos and pos <= content):
            flag(w, "T")

    # Verb stems.
    verbs = set()
    for line in read_text(wheels["hazm"], "hazm/data/verbs.dat").splitlines():
        if "#" in line:
            past, present = (clean(x) or "" for x in line.split("#", 1))
            if past or present:
                verbs.add((past, present))
    for row in csv.reader(io.StringIO(read_text(wheels["shekar"], "data/files/verbs.csv"))):
        if len(row) >= 2:
            present, past = clean(row[0]) or "", clean(row[1]) or ""
            if past or present:
                verbs.add((past, present))

    os.makedirs(os.path.join(ROOT, "data"), exist_ok=True)

    def best_zipf(w):
        zs = zipfs.get(w)
        return max(zs) if zs else 0.0

    def is_lexeme(w):
        return bool(flags.get(w, set()) & {"N", "A"})

    singulars = {}
    for w in sorted(plurals):
        s = singular(w, is_lexeme, best_zipf)
        if s:
            singulars[w] = s
    with open(os.path.join(ROOT, "data", "plurals.tsv"), "w", encoding="utf-8", newline="\n") as f:
        for w, s in sorted(singulars.items()):
            f.write(f"{w}\t{s}\n")

    lines = []
    for w in sorted(listed):
        zs = zipfs.get(w)
        z = max(zs) if zs else 1.0
        lines.append(f"{w}\t{max(0, round(z * 100))}\t{''.join(sorted(flags.get(w, ())))}\n")
    # gzip with a fixed timestamp: the same sources give the same bytes.
    with open(os.path.join(ROOT, "data", "lexicon.tsv.gz"), "wb") as raw:
        with gzip.GzipFile(filename="lexicon.tsv", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as f:
            f.write("".join(lines).encode("utf-8"))
    with open(os.path.join(ROOT, "data", "verbs.tsv"), "w", encoding="utf-8", newline="\n") as f:
        for past, present in sorted(verbs):
            f.write(f"{past}\t{present}\n")
    print(f"lexicon: {len(listed)} words ({sum(ZWNJ in w for w in listed)} with ZWNJ), "
          f"{len(zipfs)} with counts; verbs: {len(verbs)}", file=sys.stderr)


if __name__ == "__main__":
    main()
