#!/usr/bin/env python3
"""Example matn.v1 client: analyzes a document and shows a validation error.

    python example.py [ADDR] [FILE]

ADDR defaults to $MATN_ADDR, then 127.0.0.1:50051 (``http://`` is accepted);
$MATN_TOKEN, when set, is sent as a bearer token.
FILE defaults to the seed document seeds/news-shamkhani-lavrentiev.txt.

It calls Analyze with OFFSET_ENCODING_CODE_POINT, prints counts, the first
non-blank line of the normalized text and the entities, and checks that every
token's and mention's span, sliced from the original Python str, equals its text. Then it sends an empty document and
prints the google.rpc.BadRequest field violations of the INVALID_ARGUMENT error.
Exits 0 when every check passes, 1 when one fails, 2 when the server can't be
reached.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import grpc

import matn_client as mc
from matn_client import pb

HERE = Path(__file__).resolve().parent
SEED = HERE.parent.parent / "seeds" / "news-shamkhani-lavrentiev.txt"


class CheckFailed(Exception):
    pass


def read_text(path: Path) -> str:
    # newline="" keeps \r\n as sent: offsets must match the exact text.
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def check_token_spans(text: str, resp: pb.AnalyzeResponse) -> None:
    """Every token's code-point span sliced from ``text`` is ``token.text``."""
    bad = []
    for i, tok in enumerate(resp.tokens):
        s, e = tok.span.start, tok.span.end
        if not (0 <= s <= e <= len(text)) or text[s:e] != tok.text:
            bad.append(f"token {i}: span [{s},{e}) -> {text[s:e]!r} != {tok.text!r}")
    if bad:
        raise CheckFailed(
            f"{len(bad)} of {len(resp.tokens)} token spans are wrong:\n  " + "\n  ".join(bad[:10])
        )


def analyze_document(stub, text: str) -> pb.AnalyzeResponse:
    resp = mc.analyze(stub, text, offset_encoding=pb.OFFSET_ENCODING_CODE_POINT)
    # The first non-blank line (the seed starts with blank lines).
    first_line = next((ln for ln in resp.normalized_text.splitlines() if ln.strip()), "")
    print(f"sentences: {len(resp.sentences)}")
    print(f"tokens:    {len(resp.tokens)}")
    print(f"language:  {resp.language.code} ({resp.language.score:.2f})")
    print(f"normalized first line: {first_line}")
    if not resp.sentences:
        raise CheckFailed("no sentences returned")
    if not resp.tokens:
        raise CheckFailed("no tokens returned")
    if not resp.normalized_text:
        raise CheckFailed("normalized_text is empty")
    check_token_spans(text, resp)
    print(f"ok: all {len(resp.tokens)} token spans slice to token.text")
    print_entities(text, resp)
    return resp


def print_entities(text: str, resp: pb.AnalyzeResponse) -> None:
    """One line per entity: type, text, mentions, resolved value."""
    print(f"entities: {len(resp.entities)}")
    for ent in resp.entities:
        kind = pb.EntityType.Name(ent.type).removeprefix("ENTITY_TYPE_")
        mentions = f" ({len(ent.mentions)} mentions)" if len(ent.mentions) > 1 else ""
        value = ""
        which = ent.value.WhichOneof("kind")
        if which == "money":
            value = f" -> {ent.value.money.amount:g} {ent.value.money.currency_code}"
        elif which:
            value = f" -> {getattr(ent.value, which)}"
        print(f"  {kind:<13} {ent.text}{mentions}{value}")
        for m in ent.mentions:
            if text[m.span.start : m.span.end] != m.text:
                raise CheckFailed(f"mention span [{m.span.start},{m.span.end}) != {m.text!r}")
    if not resp.entities:
        raise CheckFailed("no entities found")


def empty_document_is_rejected(stub) -> list:
    try:
        mc.analyze(stub, "")
    except grpc.RpcError as e:
        err = e
    else:
        raise CheckFailed("empty document was accepted; expected INVALID_ARGUMENT")
    code = err.code()
    print(f"empty document -> {code.name}: {err.details()}")
    violations = mc.bad_request_violations(err)
    for v in violations:
        print(f"  field violation: {v.field}: {v.description}")
    if code != grpc.StatusCode.INVALID_ARGUMENT:
        raise CheckFailed(f"empty document: expected INVALID_ARGUMENT, got {code.name}")
    if not violations:
        raise CheckFailed("empty document: no google.rpc.BadRequest field violations")
    return violations


def parse_args(argv=None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "addr",
        nargs="?",
        default=os.environ.get("MATN_ADDR", mc.DEFAULT_ADDR),
        help="server address host:port (default: $MATN_ADDR or %(default)s)",
    )
    p.add_argument("file", nargs="?", default=str(SEED), help="UTF-8 text file to analyze")
    p.add_argument("--connect-timeout", type=float, default=10.0, metavar="SECONDS")
    return p.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        stub = mc.connect(
            args.addr,
            ready_timeout=args.connect_timeout,
            token=os.environ.get("MATN_TOKEN") or None,
        )
    except grpc.FutureTimeoutError:
        print(f"error: cannot connect to {args.addr}", file=sys.stderr)
        return 2
    try:
        analyze_document(stub, read_text(Path(args.file)))
        empty_document_is_rejected(stub)
    except (CheckFailed, grpc.RpcError) as err:
        print(f"FAILED: {err}", file=sys.stderr)
        return 1
    finally:
        stub.channel.close()
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
