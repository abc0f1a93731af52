#!/usr/bin/env python3
"""Tag Persian text with matn's NER perceptron (tools/ner/train.py).

Input jsonl {"id", "text"}; output jsonl {"id", "entities": [{"start", "end", "type"}]}
with half-open code-point offsets into text, as in ../shared/eval/dev/ner-*.jsonl.

  python3 tools/ner/tag.py IN.jsonl > OUT.jsonl
  python3 tools/ner/tag.py --model data/ner/perceptron.tsv.gz IN.jsonl -o OUT.jsonl
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from features import TAGS, Document, Gazetteer, load_lexicon, spans_from_tags  # noqa: E402
from model import Perceptron  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("-o", "--output", help="default: standard output")
    ap.add_argument("--model", default=os.path.join(ROOT, "data", "ner", "perceptron.tsv.gz"))
    ap.add_argument("--gazetteers", default=os.path.join(ROOT, "data", "gazetteers"))
    ap.add_argument("--lexicon", default=os.path.join(ROOT, "data", "lexicon.tsv.gz"))
    args = ap.parse_args()

    model = Perceptron.load(args.model)
    gazetteer = Gazetteer(args.gazetteers) if "gaz" in model.groups else None
    lexicon = load_lexicon(args.lexicon) if ("lex" in model.groups or "oov" in model.groups) else None
    out = open(args.output, "w", encoding="utf-8") if args.output else sys.stdout
    with open(args.input, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            rec = json.loads(line)
            doc = Document(rec["text"], model.groups, gazetteer, lexicon)
            tags = [TAGS[i] for i in model.tag(doc)]
            ents = [{"start": doc.spans[a][0], "end": doc.spans[b - 1][1], "type": t}
                    for a, b, t in spans_from_tags(tags)]
            out.write(json.dumps({"id": rec["id"], "entities": ents}, ensure_ascii=False) + "\n")
    if out is not sys.stdout:
        out.close()


if __name__ == "__main__":
    main()
