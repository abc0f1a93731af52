#!/usr/bin/env python3
"""Write the fixture that holds the server's NER tagger to this one.

crates/matn-text/tests/data/ner-parity.tsv: texts and the names this Python
tagger finds in each with the shipped weights. The Rust test
`extract::names::model::tests::the_tagger_agrees_with_the_python_one` tags the
same texts and must find the same names: the features and decoding of
tools/ner/features.md, implemented twice, agree. Run it after retraining:

  python3 tools/ner/parity.py

Texts: every 20th ParsTwiNER sentence (MIT, credited in data/NOTICE) and the
paragraphs of the seed article.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from features import TAGS, Document, Gazetteer, load_lexicon, spans_from_tags  # noqa: E402
from model import Perceptron  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
HEADER = """# text<TAB>the names tools/ner/tag.py finds in it with data/ner/perceptron.tsv.gz,
# as start-end-TYPE in code points, space-separated. Written by
# tools/ner/parity.py (run it after retraining). Texts: every 20th ParsTwiNER
# sentence (MIT, see data/NOTICE) and the paragraphs of the seed article.
"""


def texts(parstwiner, seed, every):
    with open(parstwiner, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i % every == 0:
                yield json.loads(line)["text"]
    with open(seed, encoding="utf-8") as f:
        yield from (p for p in f.read().split("\n") if p.strip())


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--parstwiner", default=os.path.join(ROOT, "..", "shared", "train", "ner-parstwiner.jsonl"))
    ap.add_argument("--seed", default=os.path.join(ROOT, "seeds", "news-shamkhani-lavrentiev.txt"))
    ap.add_argument("--every", type=int, default=20)
    ap.add_argument("--out", default=os.path.join(ROOT, "crates", "matn-text", "tests", "data", "ner-parity.tsv"))
    args = ap.parse_args()

    model = Perceptron.load(os.path.join(ROOT, "data", "ner", "perceptron.tsv.gz"))
    gazetteer = Gazetteer(os.path.join(ROOT, "data", "gazetteers")) if "gaz" in model.groups else None
    lex_path = os.path.join(ROOT, "data", "lexicon.tsv.gz")
    lexicon = load_lexicon(lex_path) if ("lex" in model.groups or "oov" in model.groups) else None
    with open(args.out, "w", encoding="utf-8") as out:
        out.write(HEADER)
        for text in texts(args.parstwiner, args.seed, args.every):
            if "\t" in text or "\n" in text:
                continue
            doc = Document(text, model.groups, gazetteer, lexicon)
            tags = [TAGS[i] for i in model.tag(doc)]
            names = ["%d-%d-%s" % (doc.spans[a][0], doc.spans[b - 1][1], t)
                     for a, b, t in spans_from_tags(tags)]
            out.write(text + "\t" + " ".join(names) + "\n")


if __name__ == "__main__":
    main()
