#!/usr/bin/env python3
"""Train matn's part-of-speech tagger (UD UPOS) on the UD Persian dev portion.

An averaged perceptron, greedy left to right, over features of matn's own
analysis (tokens, lemmas, verb groups, entities, the lexicon's flags); the
features and the weight file are specified in tools/pos/features.md. Python 3
stdlib only, deterministic.

  python3 tools/pos/train.py --matn target/release/matn            # writes data/pos/perceptron.tsv.gz
  python3 tools/pos/train.py --matn target/release/matn --cv 10    # 10-fold cross-validation only

Training data: ../shared/eval/dev/lemma.jsonl (UD Persian PerDT and Seraji, dev
portion, CC BY-SA 4.0): 68 documents with a gold UPOS per token. matn analyzes
each document's text; a gold token whose span matn's tokenizer gives as one
token trains with that token's features. Cross-validation folds are whole
documents (document i in fold i mod K), and its accuracy counts every gold
token: one matn does not give as a token counts as wrong.
"""
import argparse
import gzip
import json
import os
import random
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# The texts of the names model's parity fixture serve this one too.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "ner"))
from parity import texts as parity_texts  # noqa: E402
VERSION = "pos-features-v1"
TAGS = ("NOUN VERB AUX ADJ ADV ADP PRON DET NUM CCONJ SCONJ PART PROPN PUNCT INTJ SYM X").split()
TAG_INDEX = {t: i for i, t in enumerate(TAGS)}
BOS, EOS = "<s>", "</s>"
SCALE = 1000
LEX_LETTERS = "VNACSFT"
FOLD = {"ي": "ی", "ى": "ی", "ك": "ک", "\u200c": ""}


def key(form):
    """The token as the features compare it (features.md); unlike the names
    model's key, marks and ة stay."""
    out = []
    for c in form:
        if c in FOLD:
            out.append(FOLD[c])
        elif c.isdigit() and ("0" <= c <= "9" or "\u06f0" <= c <= "\u06f9" or "\u0660" <= c <= "\u0669"):
            out.append("0")
        elif "A" <= c <= "Z":
            out.append(c.lower())
        else:
            out.append(c)
    return "".join(out)


def load_lexicon(path):
    """Word (exact spelling) -> its flag letters of LEX_LETTERS, in that order."""
    flags = {}
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            cols = line.rstrip("\n").split("\t")
            letters = cols[2] if len(cols) > 2 else ""
            flags[cols[0]] = "".join(c for c in LEX_LETTERS if c in letters)
    return flags


def analyze(matn, docs):
    """matn's analysis of each document's text, in code points."""
    lines = "".join(json.dumps({"id": d["id"], "text": d["text"]}, ensure_ascii=False) + "\n" for d in docs)
    out = subprocess.run([matn, "analyze", "--jsonl", "--offset-encoding", "code-point"],
                         input=lines, capture_output=True, text=True, check=True).stdout
    return {r["id"]: r for r in map(json.loads, out.splitlines())}


def span(obj):
    s = obj.get("span", {})
    return s.get("start", 0), s.get("end", 0)


def token_info(analysis, lexicon):
    """Per matn token: (span, sentence index, dict of the fields features read)."""
    tokens = analysis.get("tokens", [])
    groups = {}
    for i, t in enumerate(tokens):
        g = t.get("verbGroup", 0)
        if g:
            groups.setdefault(g, []).append(i)
    covering = {}
    for e in analysis.get("entities", []):
        kind = e["type"].replace("ENTITY_TYPE_", "")
        for m in e.get("mentions", []):
            covering.setdefault(span(m), kind)
    info = []
    for i, t in enumerate(tokens):
        g = t.get("verbGroup", 0)
        members = groups.get(g, [])
        group = "none" if not g else ("first" if members[0] == i else "last" if members[-1] == i else "inner")
        start, end = span(t)
        entity = "none"
        for (a, b), kind in covering.items():
            if a <= start and end <= b:
                entity = kind
                break
        form = t.get("normalized", t.get("text", ""))
        info.append({
            "span": (start, end),
            "sentence": t.get("sentenceIndex", 0),
            "key": key(form),
            "kind": t.get("kind", "").replace("TOKEN_KIND_", "").lower(),
            # A word's lemma; other tokens (numbers, punctuation...) stand for themselves.
            "lemma": key(t.get("lemma", "")) if t.get("kind") == "TOKEN_KIND_WORD" else key(form),
            "stop": "1" if t.get("stopword") else "0",
            "group": group,
            "entity": entity,
            "lex": lexicon.get(form, "none") or "",
        })
    return info


def static_features(sent):
    """Per token of one sentence (a list of token_info dicts), its features."""
    def at(j, field):
        if j < 0:
            return BOS
        if j >= len(sent):
            return EOS
        return sent[j][field]
    out = []
    for i, t in enumerate(sent):
        k = t["key"]
        f = ["bias", "w=" + k, "w-1=" + at(i - 1, "key"), "w+1=" + at(i + 1, "key"),
             "w-2=" + at(i - 2, "key"), "w+2=" + at(i + 2, "key")]
        for m in (1, 2, 3, 4):
            f += ["pre%d=%s" % (m, k[:m]), "suf%d=%s" % (m, k[-m:])]
        f += ["w-1,w=%s,%s" % (at(i - 1, "key"), k), "lemma-1=" + at(i - 1, "lemma"), "lemma+1=" + at(i + 1, "lemma")]
        f += ["kind=" + t["kind"], "lemma=" + t["lemma"], "stop=" + t["stop"], "group=" + t["group"],
              "entity=" + t["entity"], "lex=" + t["lex"],
              "lex-1=" + at(i - 1, "lex"), "lex+1=" + at(i + 1, "lex"),
              "kind-1=" + at(i - 1, "kind"), "kind+1=" + at(i + 1, "kind")]
        out.append(f)
    return out


def examples(docs, analyses, lexicon):
    """Per document: its sentences as (features, gold tag ids or None) lists, and its gold token count."""
    out = []
    for d in docs:
        info = token_info(analyses[d["id"]], lexicon)
        gold = {(t["start"], t["end"]): TAG_INDEX.get(t["upos"], TAG_INDEX["X"]) for t in d["tokens"]}
        sentences = {}
        for t in info:
            sentences.setdefault(t["sentence"], []).append(t)
        sents = []
        for s in sorted(sentences):
            toks = sentences[s]
            sents.append((static_features(toks), [gold.get(t["span"]) for t in toks]))
        out.append((sents, len(d["tokens"])))
    return out


class Perceptron:
    def __init__(self):
        self.weights = {}
        self.totals = {}
        self.stamps = {}
        self.time = 0

    def scores(self, feats):
        s = [0.0] * len(TAGS)
        for f in feats:
            w = self.weights.get(f)
            if w:
                for t, v in w.items():
                    s[t] += v
        return s

    def tag(self, feats_list, gold=None):
        prev2, prev = BOS, BOS
        out = []
        for i, feats in enumerate(feats_list):
            feats = feats + ["t-1=" + prev, "t-2,t-1=%s,%s" % (prev2, prev)]
            s = self.scores(feats)
            best = max(range(len(TAGS)), key=lambda t: (s[t], -t))
            if gold is not None and gold[i] is not None:
                self.time += 1
                if best != gold[i]:
                    for f in feats:
                        self.update(f, gold[i], 1.0)
                        self.update(f, best, -1.0)
            out.append(best)
            prev2, prev = prev, TAGS[best]
        return out

    def update(self, f, t, v):
        w = self.weights.setdefault(f, {})
        k = (f, t)
        self.totals[k] = self.totals.get(k, 0.0) + (self.time - self.stamps.get(k, 0)) * w.get(t, 0.0)
        self.stamps[k] = self.time
        w[t] = w.get(t, 0.0) + v

    def average(self):
        for f, w in self.weights.items():
            for t in list(w):
                k = (f, t)
                total = self.totals.get(k, 0.0) + (self.time - self.stamps.get(k, 0)) * w[t]
                w[t] = total / max(self.time, 1)

    def save(self, path):
        with gzip.open(path, "wt", encoding="utf-8", compresslevel=9) as f:
            f.write("# features: %s\n# tags: %s\n" % (VERSION, " ".join(TAGS)))
            for feat in sorted(self.weights):
                if "\t" in feat or "\n" in feat or "\r" in feat:
                    continue
                for t in sorted(self.weights[feat]):
                    w = round(self.weights[feat][t] * SCALE)
                    if w:
                        f.write("%s\t%s\t%d\n" % (feat, TAGS[t], w))


def load(path):
    """A weight file as a Perceptron (integer weights, as the server reads them)."""
    model = Perceptron()
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            if line.startswith("#"):
                continue
            feat, tag, w = line.rstrip("\n").split("\t")
            model.weights.setdefault(feat, {})[TAG_INDEX[tag]] = int(w)
    return model


def write_parity(matn, model_path, texts, lexicon, out_path):
    """The fixture the server's tagger is tested against: each text and the
    tags this tagger gives matn's tokens of it, space-separated."""
    model = load(model_path)
    docs = [{"id": str(i), "text": t} for i, t in enumerate(texts) if "\t" not in t and "\n" not in t]
    analyses = analyze(matn, docs)
    with open(out_path, "w", encoding="utf-8") as out:
        out.write("# text<TAB>the part of speech tools/pos/train.py's tagger gives each of matn's\n"
                  "# tokens, with data/pos/perceptron.tsv.gz. Written by\n"
                  "# python3 tools/pos/train.py --matn target/release/matn --parity\n"
                  "# (run it after retraining). Texts: every 20th ParsTwiNER sentence (MIT, see\n"
                  "# data/NOTICE) and the paragraphs of the seed article.\n")
        for d in docs:
            info = token_info(analyses[d["id"]], lexicon)
            sentences = {}
            for t in info:
                sentences.setdefault(t["sentence"], []).append(t)
            tags = []
            for s in sorted(sentences):
                tags += [TAGS[t] for t in model.tag(static_features(sentences[s]))]
            out.write(d["text"] + "\t" + " ".join(tags) + "\n")


def train(docs, epochs, seed):
    model = Perceptron()
    sents = [s for d, _ in docs for s in d]
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(sents)
        for feats, gold in sents:
            model.tag(feats, gold)
    model.average()
    return model


def cross_validate(docs, folds, epochs, seed):
    right = total = 0
    per_tag = {t: [0, 0] for t in TAGS}
    confusions = {}
    for k in range(folds):
        model = train([d for i, d in enumerate(docs) if i % folds != k], epochs, seed)
        for i, (sents, n_gold) in enumerate(docs):
            if i % folds != k:
                continue
            total += n_gold
            for feats, gold in sents:
                for p, g in zip(model.tag(feats), gold):
                    if g is None:
                        continue
                    per_tag[TAGS[g]][1] += 1
                    if p == g:
                        right += 1
                        per_tag[TAGS[g]][0] += 1
                    else:
                        pair = (TAGS[g], TAGS[p])
                        confusions[pair] = confusions.get(pair, 0) + 1
        print("fold %d: accuracy so far %.4f" % (k + 1, right / total), file=sys.stderr)
    aligned = sum(n for _, n in per_tag.values())
    print("UPOS accuracy over all %d gold tokens: %.4f (over the %d matn also gives as tokens: %.4f)"
          % (total, right / total, aligned, right / aligned))
    for t in TAGS:
        r, n = per_tag[t]
        if n:
            print("  %-6s %.4f  (%d)" % (t, r / n, n))
    print("most frequent confusions (gold -> tagged):")
    for (g, p), n in sorted(confusions.items(), key=lambda x: -x[1])[:15]:
        print("  %-6s -> %-6s %d" % (g, p, n))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--matn", required=True, help="the matn binary whose analysis the features read")
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "eval", "dev", "lemma.jsonl"))
    ap.add_argument("--lexicon", default=os.path.join(ROOT, "data", "lexicon.tsv.gz"))
    ap.add_argument("--out", default=os.path.join(ROOT, "data", "pos", "perceptron.tsv.gz"))
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cv", type=int, default=0, help="K-fold cross-validation over documents instead of writing a model")
    ap.add_argument("--parity", action="store_true",
                    help="write the Rust tagger's test fixture with the weight file at --out instead of training")
    args = ap.parse_args()

    lexicon = load_lexicon(args.lexicon)
    if args.parity:
        texts = list(parity_texts(os.path.join(ROOT, "..", "shared", "train", "ner-parstwiner.jsonl"),
                                  os.path.join(ROOT, "seeds", "news-shamkhani-lavrentiev.txt"), 20))
        write_parity(args.matn, args.out, texts, lexicon,
                     os.path.join(ROOT, "crates", "matn-text", "tests", "data", "pos-parity.tsv"))
        return
    with open(args.data, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    data = examples(docs, analyze(args.matn, docs), lexicon)
    if args.cv:
        cross_validate(data, args.cv, args.epochs, args.seed)
        return
    model = train(data, args.epochs, args.seed)
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    model.save(args.out)
    print("wrote %s: %d features" % (args.out, len(model.weights)), file=sys.stderr)


if __name__ == "__main__":
    main()
