#!/usr/bin/env python3
"""Train matn's Persian NER tagger (PERSON, LOCATION, ORGANIZATION) on ParsTwiNER.

A greedy left-to-right averaged perceptron over BIO tags; features and decoding
are specified in tools/ner/features.md. Python 3 stdlib only, deterministic
(fixed shuffling seed).

  python3 tools/ner/train.py                        # writes data/ner/perceptron.tsv.gz
  python3 tools/ner/train.py --cv 3                 # 3-fold cross-validation only
  python3 tools/ner/train.py --groups ctx2,affix --out /tmp/variant.tsv
  python3 tools/ner/train.py --augment 0 --map ''   # ParsTwiNER as is, POG -> O

Training data: ParsTwiNER with POG (political groups) mapped to ORGANIZATION and
NAT/EVE as O, plus one entity-substitution copy of each sentence that has an
ORGANIZATION or LOCATION: those entities replaced by names drawn from
data/gazetteers/{organizations,locations}.tsv (seeded, see augment()).

Feature group `gaz` is used only if data/gazetteers/*.tsv exist, `lex` only if
data/lexicon.tsv.gz exists.
"""
import argparse
import json
import os
import random
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from features import GROUPS, TAGS, TYPES, Document, Gazetteer, load_lexicon, spans_from_tags  # noqa: E402
from model import Perceptron  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TAG_INDEX = {t: i for i, t in enumerate(TAGS)}
DECODING = "beam4"


def gold_tags(doc, entities):
    """BIO tag ids of doc's tokens; a token is inside an entity if its span is.

    Entity types other than PERSON, LOCATION, ORGANIZATION are tagged O.
    """
    tags = [0] * len(doc.spans)
    for e in entities:
        if e["type"] not in TYPES:
            continue
        inside = [i for i, (s, t) in enumerate(doc.spans) if s >= e["start"] and t <= e["end"]]
        for n, i in enumerate(inside):
            tags[i] = TAG_INDEX[("B-" if n == 0 else "I-") + e["type"]]
    return tags


def load_names(directory, filename):
    """Gazetteer names grouped by class (first listed subtype); `-ambiguous` entries left out."""
    by_class = {}
    path = os.path.join(directory, filename)
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.rstrip("\n").split("\t")
            name, subtype = cols[0].strip(), (cols[1] if len(cols) > 1 else "")
            if not name or "ambiguous" in subtype:
                continue
            name = " ".join(name.split())
            by_class.setdefault(subtype.split(",")[0] or "-", []).append(name)
    return {c: sorted(set(v)) for c, v in sorted(by_class.items())}


AUG_FILES = {"ORGANIZATION": "organizations.tsv", "LOCATION": "locations.tsv"}


def augment(records, directory, copies, types, seed):
    """Entity-substitution copies of the training records.

    For each record with at least one entity of a type in `types`, `copies` new
    records in which every such entity is replaced by a gazetteer name of the same
    type (class of the name drawn uniformly, then the name), other entities kept
    with shifted offsets. Deterministic for a given seed.
    """
    pools = {t: load_names(directory, AUG_FILES[t]) for t in types if t in AUG_FILES}
    pools = {t: [names for _, names in sorted(p.items())] for t, p in pools.items() if p}
    if "PERSON" in types:
        # persons.tsv is first names and surnames (some compounds written with a
        # space instead of ZWNJ): use one-word entries only, and build "first
        # surname" for a multi-word PERSON, one name of either kind for one word.
        firsts, lasts = set(), set()
        path = os.path.join(directory, "persons.tsv")
        with open(path, encoding="utf-8") as f:
            for line in f:
                cols = line.rstrip("\n").split("\t")
                if line.startswith("#") or len(cols) < 2 or " " in cols[0].strip() or not cols[0].strip():
                    continue
                if "first-name" in cols[1]:
                    firsts.add(cols[0].strip())
                if "surname" in cols[1]:
                    lasts.add(cols[0].strip())
        if firsts and lasts:
            pools["PERSON"] = (sorted(firsts), sorted(lasts))
    rng = random.Random(seed)
    out = []
    for rec in records:
        ents = sorted(rec["entities"], key=lambda e: e["start"])
        if not any(e["type"] in pools for e in ents):
            continue
        for c in range(copies):
            text, new_ents, pos = [], [], 0
            shift = 0
            for e in ents:
                if e["start"] < pos:          # overlapping entity: drop it
                    continue
                text.append(rec["text"][pos:e["start"]])
                start = e["start"] + shift
                if e["type"] == "PERSON" and "PERSON" in pools:
                    firsts, lasts = pools["PERSON"]
                    if " " in rec["text"][e["start"]:e["end"]].strip():
                        name = rng.choice(firsts) + " " + rng.choice(lasts)
                    else:
                        name = rng.choice(rng.choice(pools["PERSON"]))
                elif e["type"] in pools:
                    names = rng.choice(pools[e["type"]])
                    name = rng.choice(names)
                else:
                    name = rec["text"][e["start"]:e["end"]]
                text.append(name)
                shift += len(name) - (e["end"] - e["start"])
                new_ents.append({"start": start, "end": start + len(name), "type": e["type"]})
                pos = e["end"]
            text.append(rec["text"][pos:])
            out.append({"id": "%s-aug%d" % (rec["id"], c + 1), "text": "".join(text),
                        "entities": new_ents})
    return out


def train(examples, groups, epochs, seed, snapshot=None):
    """Averaged perceptron trained for `epochs` passes in seeded random order."""
    model = Perceptron(groups, DECODING)
    order = list(range(len(examples)))
    rng = random.Random(seed)
    for epoch in range(epochs):
        rng.shuffle(order)
        errors = tokens = 0
        for i in order:
            doc, gold = examples[i]
            pred = model.tag(doc, gold)
            errors += sum(p != g for p, g in zip(pred, gold))
            tokens += len(gold)
        print("epoch %d: token error rate %.4f" % (epoch + 1, errors / tokens), file=sys.stderr)
        if snapshot is not None and epoch + 1 < epochs:
            snapshot(epoch + 1, model)
    model.average()
    return model


def entity_set(doc, tag_ids):
    return {(doc.spans[a][0], doc.spans[b - 1][1], t)
            for a, b, t in spans_from_tags([TAGS[i] for i in tag_ids])}


def cross_validate(examples, groups, epochs, seed, folds, origin=None):
    """K-fold CV (fold = index mod K); exact-match entity P/R/F1 per type.

    origin[i] is the index of the original sentence example i was made from (an
    augmented copy); copies train only in their original's training folds and are
    never tested.
    """
    if origin is None:
        origin = list(range(len(examples)))
    counts = {t: [0, 0, 0] for t in TYPES + ("overall",)}    # tp, system, gold
    for k in range(folds):
        train_part = [ex for i, ex in enumerate(examples) if origin[i] % folds != k]
        model = train(train_part, groups, epochs, seed)
        for i, (doc, gold) in enumerate(examples):
            if origin[i] % folds != k or origin[i] != i:
                continue
            sys_set = entity_set(doc, model.tag(doc))
            gold_set = entity_set(doc, gold)
            for name, sel in [(t, t) for t in TYPES] + [("overall", None)]:
                s = {e for e in sys_set if sel in (None, e[2])}
                g = {e for e in gold_set if sel in (None, e[2])}
                c = counts[name]
                c[0] += len(s & g)
                c[1] += len(s)
                c[2] += len(g)
    for name, (tp, ns, ng) in counts.items():
        p = tp / ns if ns else 0.0
        r = tp / ng if ng else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        print("%-13s P %.4f  R %.4f  F1 %.4f  (tp %d sys %d gold %d)" % (name, p, r, f, tp, ns, ng))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--train", default=os.path.join(ROOT, "..", "shared", "train", "ner-parstwiner.jsonl"))
    ap.add_argument("--out", default=os.path.join(ROOT, "data", "ner", "perceptron.tsv.gz"),
                    help="weight file; gzip-compressed if it ends in .gz")
    ap.add_argument("--groups", default="ctx2,affix,shape,title,tagword,gaz,lex",
                    help="comma-separated feature groups out of: " + ",".join(GROUPS))
    ap.add_argument("--gazetteers", default=os.path.join(ROOT, "data", "gazetteers"))
    ap.add_argument("--lexicon", default=os.path.join(ROOT, "data", "lexicon.tsv.gz"))
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--min-weight", type=int, default=1,
                    help="drop weights with |round(w * 1000)| below this")
    ap.add_argument("--augment", type=int, default=1,
                    help="entity-substitution copies per sentence (gazetteer names, see augment()); 0: none")
    ap.add_argument("--augment-types", default="ORGANIZATION,LOCATION",
                    help="types substituted; PERSON (names from persons.tsv) is possible but lowered PER F1")
    ap.add_argument("--map", default="POG=ORGANIZATION",
                    help="ParsTwiNER types mapped to one of ours, comma-separated X=Y; "
                         "unmapped extra types (NAT, EVE) are O; '' maps POG to O as well")
    ap.add_argument("--decoding", default="beam4", help="greedy, viterbi or beamK (e.g. beam4); the shipped model: beam4")
    ap.add_argument("--save-epochs", default="", help="also write averaged snapshots after these epochs (.eN.tsv)")
    ap.add_argument("--cv", type=int, default=0, help="run K-fold cross-validation instead of writing a model")
    args = ap.parse_args()

    global DECODING
    DECODING = args.decoding
    groups = [g for g in args.groups.split(",") if g]
    unknown = set(groups) - set(GROUPS)
    if unknown:
        ap.error("unknown feature groups: %s" % ",".join(sorted(unknown)))
    gazetteer = lexicon = None
    if "gaz" in groups:
        if Gazetteer.available(args.gazetteers):
            gazetteer = Gazetteer(args.gazetteers)
        else:
            print("no gazetteers in %s: group gaz dropped" % args.gazetteers, file=sys.stderr)
            groups.remove("gaz")
    for g in ("lex", "oov"):
        if g in groups:
            if os.path.exists(args.lexicon):
                lexicon = lexicon or load_lexicon(args.lexicon)
            else:
                print("no lexicon at %s: group %s dropped" % (args.lexicon, g), file=sys.stderr)
                groups.remove(g)
    groups = tuple(groups)

    start = time.time()
    mapping = dict(m.split("=", 1) for m in args.map.split(",") if m)
    records = []
    with open(args.train, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                rec = json.loads(line)
                for e in rec["entities"]:
                    e["type"] = mapping.get(e["type"], e["type"])
                records.append(rec)
    n_orig = len(records)
    origin = list(range(n_orig))
    if args.augment:
        index = {rec["id"]: i for i, rec in enumerate(records)}
        extra = augment(records, args.gazetteers, args.augment,
                        [t for t in args.augment_types.split(",") if t], args.seed)
        records += extra
        origin += [index[rec["id"].rsplit("-aug", 1)[0]] for rec in extra]
    examples = []
    for rec in records:
        doc = Document(rec["text"], groups, gazetteer, lexicon)
        examples.append((doc, gold_tags(doc, rec["entities"])))
    print("%d sentences, %d tokens, groups %s" % (len(examples), sum(len(g) for _, g in examples),
                                                 ",".join(groups)), file=sys.stderr)
    if args.cv:
        cross_validate(examples, groups, args.epochs, args.seed, args.cv, origin)
        print("cross-validation time %.0f s" % (time.time() - start), file=sys.stderr)
        return

    save_epochs = {int(e) for e in args.save_epochs.split(",") if e}

    def snapshot(epoch, m):
        if epoch in save_epochs:
            p = args.out.replace(".tsv", ".e%d.tsv" % epoch)
            n = m.averaged_copy().save(p, args.min_weight, header + ["snapshot after epoch %d" % epoch])
            print("wrote %s: %d weights" % (p, n), file=sys.stderr)

    header = []
    header[:] = ["trained on: ParsTwiNER (overfit-ir/persian-twitter-ner, MIT, (c) 2020 overfit.ir), "
              "%d sentences; epochs %d, seed %d" % (n_orig, args.epochs, args.seed),
              "type mapping: %s; other extra types O" % (args.map or "none"),
              "augmentation: %s" % ("%d entity-substitution copies (%s from data/gazetteers), %d sentences"
                                    % (args.augment, args.augment_types, len(examples) - n_orig)
                                    if args.augment else "none"),
              "gazetteers: %s" % ("%d entries from data/gazetteers" % gazetteer.size() if gazetteer else "none"),
              "lexicon: %s" % ("data/lexicon.tsv.gz" if lexicon else "none"),
              "min weight: %d" % args.min_weight]
    model = train(examples, groups, args.epochs, args.seed, snapshot)
    os.makedirs(os.path.dirname(os.path.abspath(args.out)), exist_ok=True)
    n = model.save(args.out, args.min_weight, header)
    print("wrote %s: %d weights, %d bytes, training time %.0f s"
          % (args.out, n, os.path.getsize(args.out), time.time() - start), file=sys.stderr)


if __name__ == "__main__":
    main()
