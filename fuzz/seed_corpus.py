#!/usr/bin/env python3
"""Writes the fuzzers' inputs: fuzz/persian.dict from fuzz/pieces.txt, and a
seed corpus for each structured target (fuzz/corpus/request, .../stream_text)
from real sentences: the seed article's lines and, when ../shared/eval/dev is
beside the repository, the text of its records. Each seed is 8 option bytes
(tests/requests/mod.rs says what they mean), drawn at random, then a sentence.

    python3 fuzz/seed_corpus.py [--per-target N] [--seed S]
"""
import argparse
import hashlib
import json
import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval" / "dev"
OPTION_BYTES = 8


def pieces():
    """The pieces of fuzz/pieces.txt, escapes resolved."""
    out = []
    for line in (ROOT / "fuzz" / "pieces.txt").read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        line = re.sub(r"\\u\{([0-9A-Fa-f]+)\}", lambda m: chr(int(m.group(1), 16)), line)
        out.append(line.replace("\\n", "\n").replace("\\t", "\t").replace("\\s", " "))
    return out


def dict_entry(piece):
    """A libFuzzer dictionary line: printable ASCII as is, other bytes \\xNN."""
    body = "".join(
        chr(b) if 0x20 <= b < 0x7F and chr(b) not in '"\\' else f"\\x{b:02X}"
        for b in piece.encode("utf-8")
    )
    return f'"{body}"'


def sentences():
    """Real sentences: the seed article's lines, then the dev sets' texts."""
    seed = ROOT / "seeds" / "news-shamkhani-lavrentiev.txt"
    out = [l.strip() for l in seed.read_text(encoding="utf-8").splitlines() if l.strip()]
    for name in ["ner-arman", "ner-peyma", "zwnj", "tokens"]:
        path = EVAL / f"{name}.jsonl"
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            for key in ["text", "stripped", "spaced"]:
                if isinstance(record.get(key), str) and len(record[key]) < 2000:
                    out.append(record[key])
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--per-target", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    dict_path = ROOT / "fuzz" / "persian.dict"
    dict_path.write_text("".join(dict_entry(p) + "\n" for p in pieces()), encoding="ascii")
    texts = sentences()
    for target in ["request", "stream_text"]:
        folder = ROOT / "fuzz" / "corpus" / target
        folder.mkdir(parents=True, exist_ok=True)
        for text in rng.sample(texts, min(args.per_target, len(texts))):
            data = bytes(rng.randrange(256) for _ in range(OPTION_BYTES)) + text.encode("utf-8")
            (folder / hashlib.sha1(data).hexdigest()).write_bytes(data)
    print(f"{dict_path.relative_to(ROOT)}: {len(pieces())} pieces; "
          f"{min(args.per_target, len(texts))} seeds per target from {len(texts)} sentences")


if __name__ == "__main__":
    main()
