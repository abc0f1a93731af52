"""Tokenization, key normalization, gazetteer/lexicon lookup and feature templates
shared by tools/ner/train.py and tools/ner/tag.py.

tools/ner/features.md is the specification of everything in this module; a change
here that alters any feature string must bump VERSION and be reflected there.
Python 3 stdlib only.
"""
import gzip
import os

VERSION = "ner-features-v2"   # v2: `# decoding:` header, groups bigram..nshape
COMPATIBLE = ("ner-features-v1", "ner-features-v2")

TAGS = ("O", "B-PERSON", "I-PERSON", "B-LOCATION", "I-LOCATION",
        "B-ORGANIZATION", "I-ORGANIZATION")
TYPES = ("PERSON", "LOCATION", "ORGANIZATION")

# Characters split off as one-character tokens (each occurrence is its own token).
PUNCT = frozenset('.،,؛:!؟?«»()"\'-/')

# Feature groups that can be switched on or off; "base" (bias, w, w-1, w+1,
# previous tags) is always on.
GROUPS = ("ctx2", "affix", "shape", "title", "tagword", "gaz", "lex",
          "bigram", "naffix", "oov", "gazctx", "nshape")

BOS = "<s>"
EOS = "</s>"


def _key_table():
    table = {ord("ي"): "ی", ord("ى"): "ی", ord("ك"): "ک", ord("ة"): "ه"}
    for cp in (0x200C, 0x200D, 0x0640, 0x0670, *range(0x064B, 0x0653)):
        table[cp] = None
    for base in (0x06F0, 0x0660):          # Persian and Arabic-Indic digits
        for d in range(10):
            table[base + d] = "0"
    for d in "0123456789":
        table[ord(d)] = "0"
    for c in range(ord("A"), ord("Z") + 1):
        table[c] = chr(c + 32)
    return table


_KEY_TABLE = _key_table()


def key(token):
    """Normalized lookup key of a token (see features.md, 'Key normalization')."""
    return token.translate(_KEY_TABLE)


def tokenize(text):
    """Split text into tokens, returned as (start, end) code-point offsets.

    Tokens are the maximal runs between single spaces; inside each, every
    character of PUNCT becomes its own token and the runs between them are tokens.
    """
    spans = []
    pos = 0
    for word in text.split(" "):
        run = None
        for k, ch in enumerate(word):
            if ch in PUNCT:
                if run is not None:
                    spans.append((run, pos + k))
                    run = None
                spans.append((pos + k, pos + k + 1))
            elif run is None:
                run = pos + k
        if run is not None:
            spans.append((run, pos + len(word)))
        pos += len(word) + 1
    return spans


# Titles and roles that often precede a person's (or an office's) name, as the
# server reads them: data/lists/titles.txt, one a line ("#" lines are notes).
# Compared by key, so ZWNJ and Arabic letter variants do not matter.
TITLES_FILE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "data", "lists", "titles.txt")


def read_list(path):
    """The entries of a data/lists/ file: one a line, blank and "#" lines skipped."""
    with open(path, encoding="utf-8") as f:
        return [line.strip() for line in f if line.strip() and not line.startswith("#")]


TITLES = frozenset(key(w) for w in read_list(TITLES_FILE))


def shape(k):
    """Character-class shape of a key: distinct classes in the order d f l p o."""
    classes = set()
    for ch in k:
        cp = ord(ch)
        if ch == "0":
            classes.add("d")
        elif "a" <= ch <= "z":
            classes.add("l")
        elif 0x0600 <= cp <= 0x06FF or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF:
            classes.add("f")
        elif ch in PUNCT:
            classes.add("p")
        else:
            classes.add("o")
    return "".join(c for c in "dflpo" if c in classes)


class Gazetteer:
    """Name lists per entity type, matched longest-first over token keys.

    Files are data/gazetteers/{persons,locations,organizations}.tsv with lines
    `name<TAB>subtype<TAB>source`; a name is tokenized and keyed like text.
    """

    FILES = {"PERSON": "persons.tsv", "LOCATION": "locations.tsv",
             "ORGANIZATION": "organizations.tsv"}

    def __init__(self, directory):
        self.entries = {}      # type -> set of key tuples
        self.max_len = {}      # type -> first key -> longest entry length
        for etype, name in self.FILES.items():
            entries, max_len = set(), {}
            path = os.path.join(directory, name)
            if os.path.exists(path):
                with open(path, encoding="utf-8") as f:
                    for line in f:
                        if not line.strip() or line.startswith("#"):
                            continue
                        name_text = line.rstrip("\n").split("\t")[0]
                        keys = tuple(key(name_text[s:e]) for s, e in tokenize(name_text))
                        if keys:
                            entries.add(keys)
                            max_len[keys[0]] = max(max_len.get(keys[0], 0), len(keys))
            self.entries[etype] = entries
            self.max_len[etype] = max_len

    @classmethod
    def available(cls, directory):
        """True if at least one gazetteer file exists in directory."""
        return any(os.path.exists(os.path.join(directory, n)) for n in cls.FILES.values())

    def size(self):
        return sum(len(v) for v in self.entries.values())

    def labels(self, keys):
        """Per token, the list of `TYPE-B` / `TYPE-I` labels of gazetteer matches.

        Each type is matched separately, left to right, taking at each position the
        longest entry that matches there and continuing after it.
        """
        out = [[] for _ in keys]
        for etype in TYPES:
            entries, max_len = self.entries[etype], self.max_len[etype]
            i = 0
            while i < len(keys):
                longest = min(max_len.get(keys[i], 0), len(keys) - i)
                n = next((n for n in range(longest, 0, -1)
                          if tuple(keys[i:i + n]) in entries), 0)
                if n:
                    out[i].append(etype + "-B")
                    for j in range(i + 1, i + n):
                        out[j].append(etype + "-I")
                    i += n
                else:
                    i += 1
        return out


def load_lexicon(path):
    """Spelling without ZWNJ -> Zipf frequency bucket (int(zipf), highest over the
    lexicon words that, with ZWNJ removed, are that spelling) from lexicon.tsv.gz."""
    buckets = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            word, freq = line.split("\t")[:2]
            k = word.replace("\u200c", "")
            b = int(freq) // 100
            if b > buckets.get(k, -1):
                buckets[k] = b
    return buckets


def static_features(keys, groups, gaz_labels=None, lexicon=None):
    """Per token, the list of features that do not depend on predicted tags."""
    padded = [BOS, BOS] + keys + [EOS, EOS]
    out = []
    for i, k in enumerate(keys):
        p = i + 2
        f = ["bias", "w=" + k, "w-1=" + padded[p - 1], "w+1=" + padded[p + 1]]
        if "ctx2" in groups:
            f += ["w-2=" + padded[p - 2], "w+2=" + padded[p + 2]]
        if "affix" in groups:
            for m in (1, 2, 3):
                f += ["pre%d=%s" % (m, k[:m]), "suf%d=%s" % (m, k[-m:])]
        if "shape" in groups:
            f += ["shape=" + shape(k), "len=%d" % min(len(k), 8)]
        if "title" in groups:
            if i >= 1 and keys[i - 1] in TITLES:
                f.append("title-1")
            if i >= 2 and keys[i - 2] in TITLES:
                f.append("title-2")
        if "gaz" in groups and gaz_labels is not None:
            f += ["gaz=" + g for g in gaz_labels[i]]
        if "lex" in groups and lexicon is not None:
            f.append("zipf=%s" % lexicon.get(k, "none"))
        if "bigram" in groups:
            f += ["w-1,w=%s,%s" % (padded[p - 1], k), "w,w+1=%s,%s" % (k, padded[p + 1])]
        if "naffix" in groups:
            f += ["suf3-1=" + padded[p - 1][-3:], "pre3-1=" + padded[p - 1][:3],
                  "suf3+1=" + padded[p + 1][-3:], "pre3+1=" + padded[p + 1][:3]]
        if "oov" in groups and lexicon is not None:
            if k not in lexicon:
                f.append("oov")
        if "gazctx" in groups and gaz_labels is not None:
            if i >= 1:
                f += ["gaz-1=" + g for g in gaz_labels[i - 1]]
            if i + 1 < len(keys):
                f += ["gaz+1=" + g for g in gaz_labels[i + 1]]
        if "nshape" in groups:
            f += ["shape-1=" + (shape(keys[i - 1]) if i >= 1 else BOS),
                  "shape+1=" + (shape(keys[i + 1]) if i + 1 < len(keys) else EOS)]
        out.append(f)
    return out


def tag_features(prev, prev2, k, groups, second_order=True):
    """Features built from the two previously predicted tags and the current key.

    second_order=False (first-order Viterbi decoding) leaves out `t-2,t-1`.
    """
    f = ["t-1=" + prev]
    if second_order:
        f.append("t-2,t-1=%s,%s" % (prev2, prev))
    if "tagword" in groups:
        f.append("t-1,w=%s,%s" % (prev, k))
    return f


def allowed(prev, tag):
    """BIO constraint used in decoding: I-X may only follow B-X or I-X."""
    return not tag.startswith("I-") or prev in ("B-" + tag[2:], "I-" + tag[2:])


def spans_from_tags(tags):
    """(first token, last token + 1, type) entities from a BIO tag sequence.

    B-X starts an entity; I-X continues the open entity if it has type X, and
    otherwise starts a new one; O closes any open entity.
    """
    ents = []
    for i, t in enumerate(tags):
        if t == "O":
            continue
        etype = t[2:]
        if t.startswith("I-") and ents and ents[-1][1] == i and ents[-1][2] == etype:
            ents[-1][1] = i + 1
        else:
            ents.append([i, i + 1, etype])
    return [tuple(e) for e in ents]


class Document:
    """A text with its tokens, their keys and static features."""

    def __init__(self, text, groups, gazetteer=None, lexicon=None):
        self.text = text
        self.spans = tokenize(text)
        self.keys = [key(text[s:e]) for s, e in self.spans]
        gaz = gazetteer.labels(self.keys) if gazetteer is not None else None
        self.features = static_features(self.keys, groups, gaz, lexicon)
