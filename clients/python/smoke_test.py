#!/usr/bin/env python3
"""End-to-end smoke test of a running matn server, for CI.

    python smoke_test.py [ADDR] [FILE]

ADDR defaults to $MATN_ADDR, then 127.0.0.1:50051; FILE to the seed document.
Runs every RPC of matn.v1.TextAnalysisService once and checks the contract that
a client relies on: spans in all three offset encodings slice the original text
to the reported text, normalized spans slice `normalized_text`, errors carry
google.rpc.BadRequest details. Prints one PASS/FAIL/SKIP line per check and a
closing "N passed, N failed, N skipped" line; exits 1 if any check failed, 2 if
the server can't be reached. A check whose RPC answers UNIMPLEMENTED is skipped,
unless MATN_SMOKE_STRICT=1 makes it a failure.
"""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path

import grpc

import matn_client as mc
from example import CheckFailed, analyze_document, empty_document_is_rejected, parse_args, read_text
from matn_client import pb

TIMEOUT = 60.0


def expect(cond: bool, msg: str) -> None:
    if not cond:
        raise CheckFailed(msg)


def first_mismatches(pairs, limit=5) -> str:
    return "\n  ".join(pairs[:limit])


def slicer(text: str, encoding: int):
    """Returns f(start, end) -> the substring of `text` at a span in `encoding`."""
    if encoding == pb.OFFSET_ENCODING_CODE_POINT:
        n = len(text)
        return n, lambda s, e: text[s:e]
    if encoding == pb.OFFSET_ENCODING_UTF16:
        units = text.encode("utf-16-le")
        return len(units) // 2, lambda s, e: units[2 * s : 2 * e].decode("utf-16-le", "replace")
    data = text.encode("utf-8")  # UTF8 and UNSPECIFIED
    return len(data), lambda s, e: data[s:e].decode("utf-8", "replace")


def check_spans(text: str, resp: pb.AnalyzeResponse, encoding: int, label: str) -> None:
    """Original spans of tokens and entity mentions slice to their `text`, and
    every other span lies inside the text."""
    size, cut = slicer(text, encoding)
    bad = []

    def inside(span, what):
        if not (0 <= span.start <= span.end <= size):
            bad.append(f"{what}: span [{span.start},{span.end}) outside [0,{size}]")
            return False
        return True

    for i, t in enumerate(resp.tokens):
        if inside(t.span, f"token {i}") and cut(t.span.start, t.span.end) != t.text:
            bad.append(f"token {i}: {cut(t.span.start, t.span.end)!r} != {t.text!r}")
    for i, s in enumerate(resp.sentences):
        inside(s.span, f"sentence {i}")
    for i, ent in enumerate(resp.entities):
        for j, m in enumerate(ent.mentions):
            if (
                inside(m.span, f"entity {i} mention {j}")
                and cut(m.span.start, m.span.end) != m.text
            ):
                bad.append(
                    f"entity {i} mention {j}: {cut(m.span.start, m.span.end)!r} != {m.text!r}"
                )
    for i, k in enumerate(resp.keywords):
        for j, sp in enumerate(k.spans):
            inside(sp, f"keyword {i} span {j}")
    for i, q in enumerate(resp.quotes):
        inside(q.span, f"quote {i}")
        inside(q.speaker_span, f"quote {i} speaker")
    for i, a in enumerate(resp.attributions):
        inside(a.span, f"attribution {i}")
        inside(a.source_span, f"attribution {i} source")
    for i, ed in enumerate(resp.edits):
        if inside(ed.span, f"edit {i}") and cut(ed.span.start, ed.span.end) != ed.original:
            bad.append(
                f"edit {i} ({ed.rule}): {cut(ed.span.start, ed.span.end)!r} != {ed.original!r}"
            )
    expect(not bad, f"{label}: {len(bad)} bad spans:\n  " + first_mismatches(bad))


def check_normalized_spans(resp: pb.AnalyzeResponse) -> None:
    """Code-point normalized spans slice `normalized_text` to the normalized forms."""
    norm = resp.normalized_text
    bad = []
    for i, t in enumerate(resp.tokens):
        ns = t.normalized_span
        if norm[ns.start : ns.end] != t.normalized:
            bad.append(f"token {i}: {norm[ns.start : ns.end]!r} != {t.normalized!r}")
    for i, s in enumerate(resp.sentences):
        ns = s.normalized_span
        if norm[ns.start : ns.end] != s.text:
            bad.append(f"sentence {i}: normalized span != sentence.text")
    for i, ed in enumerate(resp.edits):
        ns = ed.normalized_span
        if norm[ns.start : ns.end] != ed.replacement:
            bad.append(f"edit {i} ({ed.rule}): {norm[ns.start : ns.end]!r} != {ed.replacement!r}")
    expect(not bad, f"{len(bad)} bad normalized spans:\n  " + first_mismatches(bad))


class Smoke:
    def __init__(self, stub, text: str):
        self.stub = stub
        self.text = text
        self.unary = None  # the code-point Analyze response of `text`

    # Each test_* method is one check.

    def test_example_analyze(self):
        self.unary = analyze_document(self.stub, self.text)

    def test_example_empty_document(self):
        empty_document_is_rejected(self.stub)

    def test_spans_in_every_encoding(self):
        for enc in (
            pb.OFFSET_ENCODING_CODE_POINT,
            pb.OFFSET_ENCODING_UTF16,
            pb.OFFSET_ENCODING_UTF8,
        ):
            resp = mc.analyze(self.stub, self.text, offset_encoding=enc, timeout=TIMEOUT)
            check_spans(self.text, resp, enc, pb.OffsetEncoding.Name(enc))

    def test_unspecified_encoding_is_utf8(self):
        a = mc.analyze(self.stub, self.text, pb.OFFSET_ENCODING_UNSPECIFIED, timeout=TIMEOUT)
        b = mc.analyze(self.stub, self.text, pb.OFFSET_ENCODING_UTF8, timeout=TIMEOUT)
        expect(
            [(t.span.start, t.span.end) for t in a.tokens]
            == [(t.span.start, t.span.end) for t in b.tokens],
            "UNSPECIFIED token spans differ from UTF8",
        )

    def test_normalized_spans(self):
        resp = self.unary or mc.analyze(self.stub, self.text, timeout=TIMEOUT)
        check_normalized_spans(resp)

    def test_stats(self):
        resp = self.unary or mc.analyze(self.stub, self.text, timeout=TIMEOUT)
        st = resp.stats
        expect(st.bytes == len(self.text.encode("utf-8")), f"stats.bytes {st.bytes}")
        expect(st.code_points == len(self.text), f"stats.code_points {st.code_points}")
        expect(st.sentences == len(resp.sentences), "stats.sentences != len(sentences)")
        expect(st.tokens == len(resp.tokens), "stats.tokens != len(tokens)")

    def test_normalize_matches_analyze(self):
        n = mc.normalize(self.stub, self.text, include_edits=True, timeout=TIMEOUT)
        a = self.unary or mc.analyze(self.stub, self.text, timeout=TIMEOUT)
        expect(
            n.normalized_text == a.normalized_text,
            "Normalize.normalized_text != Analyze.normalized_text",
        )
        bad = []
        for i, ed in enumerate(n.edits):
            if self.text[ed.span.start : ed.span.end] != ed.original:
                bad.append(f"edit {i} ({ed.rule}): original span mismatch")
            if (
                n.normalized_text[ed.normalized_span.start : ed.normalized_span.end]
                != ed.replacement
            ):
                bad.append(f"edit {i} ({ed.rule}): normalized span mismatch")
        expect(not bad, "Normalize edits:\n  " + first_mismatches(bad))
        print(f"    normalize: {len(n.edits)} edits, language {n.language.code}")

    def test_get_capabilities(self):
        caps = self.stub.GetCapabilities(pb.GetCapabilitiesRequest(), timeout=TIMEOUT)
        expect(caps.server_version != "", "empty server_version")
        expect(len(caps.normalization_steps) > 0, "no normalization_steps")
        expect(caps.limits.max_document_bytes > 0, "limits.max_document_bytes is 0")
        expect(caps.limits.max_streams > 0, "limits.max_streams is 0")
        expect(
            caps.limits.stream_idle_timeout_ms == 60000,
            f"stream_idle_timeout_ms {caps.limits.stream_idle_timeout_ms}, not the default 60000",
        )
        print(
            f"    server {caps.server_version}: {len(caps.normalization_steps)} steps, "
            f"{len(caps.entity_types)} entity types, "
            f"max_document_bytes {caps.limits.max_document_bytes}"
        )

    def test_analyze_stream(self):
        docs = {"seed": self.text, "empty": "", "short": "سلام دنیا. این یک آزمایش است."}

        def requests():
            for doc_id, content in docs.items():
                yield pb.AnalyzeStreamRequest(
                    id=doc_id,
                    request=pb.AnalyzeRequest(
                        document=pb.Document(content=content),
                        offset_encoding=pb.OFFSET_ENCODING_CODE_POINT,
                    ),
                )

        got, summaries = {}, []
        for r in self.stub.AnalyzeStream(requests(), timeout=TIMEOUT):
            if r.WhichOneof("result") == "summary":
                summaries.append(r.summary)
                continue
            expect(not summaries, f"id {r.id!r} answered after the summary")
            expect(r.id not in got, f"id {r.id!r} answered twice")
            got[r.id] = r
        expect(set(got) == set(docs), f"answered ids {sorted(got)} != {sorted(docs)}")
        expect(len(summaries) == 1, f"{len(summaries)} summaries, expected one at the end")
        s = summaries[0]
        expect(
            (s.documents, s.succeeded, s.failed) == (3, 2, 1),
            f"summary documents/succeeded/failed {s.documents}/{s.succeeded}/{s.failed} != 3/2/1",
        )
        expect(
            s.content_bytes == sum(len(t.encode()) for t in docs.values()),
            f"summary content_bytes {s.content_bytes}",
        )
        for doc_id in ("seed", "short"):
            r = got[doc_id]
            expect(
                r.WhichOneof("result") == "response",
                f"{doc_id}: expected a response, got {r.WhichOneof('result')}: {r.error.message}",
            )
            check_spans(docs[doc_id], r.response, pb.OFFSET_ENCODING_CODE_POINT, doc_id)
        bad = got["empty"]
        expect(bad.WhichOneof("result") == "error", "empty document: expected an error")
        expect(
            bad.error.code == grpc.StatusCode.INVALID_ARGUMENT.value[0],
            f"empty document: error code {bad.error.code}, expected 3 (INVALID_ARGUMENT)",
        )
        expect(mc.bad_request_violations(bad.error), "empty document: no BadRequest details")

    def test_stream_text(self):
        text = self.text
        # Chunks of 37 code points: they cut words and sentences anywhere.
        chunks = [text[i : i + 37] for i in range(0, len(text), 37)]

        def requests():
            yield pb.StreamTextRequest(
                config=pb.StreamTextConfig(offset_encoding=pb.OFFSET_ENCODING_CODE_POINT)
            )
            for c in chunks:
                yield pb.StreamTextRequest(text=c)

        indexes, tokens = [], []
        for r in self.stub.StreamText(requests(), timeout=TIMEOUT):
            indexes.append(r.sentence_index)
            check_spans(
                text,
                r.analysis,
                pb.OFFSET_ENCODING_CODE_POINT,
                f"StreamText sentence {r.sentence_index}",
            )
            tokens.extend((t.span.start, t.span.end, t.text) for t in r.analysis.tokens)
        expect(indexes, "StreamText returned nothing")
        expect(indexes == list(range(len(indexes))), f"sentence_index not 0,1,2...: {indexes[:20]}")
        unary = self.unary or mc.analyze(self.stub, text, timeout=TIMEOUT)
        want = [(t.span.start, t.span.end, t.text) for t in unary.tokens]
        expect(
            tokens == want,
            f"StreamText tokens ({len(tokens)}) differ from Analyze tokens ({len(want)})",
        )
        print(f"    stream: {len(chunks)} chunks -> {len(indexes)} sentences, {len(tokens)} tokens")


def main(argv=None) -> int:
    args = parse_args(argv)
    try:
        stub = mc.connect(args.addr, ready_timeout=args.connect_timeout)
    except grpc.FutureTimeoutError:
        print(f"error: cannot connect to {args.addr}", file=sys.stderr)
        return 2
    text = read_text(Path(args.file))
    smoke = Smoke(stub, text)
    strict = os.environ.get("MATN_SMOKE_STRICT", "") not in ("", "0")
    passed = failed = skipped = 0
    for name in [n for n in vars(Smoke) if n.startswith("test_")]:
        print(f"--- {name}")
        try:
            getattr(smoke, name)()
        except CheckFailed as err:
            failed += 1
            print(f"FAIL {name}: {err}")
        except grpc.RpcError as err:
            if err.code() == grpc.StatusCode.UNIMPLEMENTED and not strict:
                skipped += 1
                print(f"SKIP {name}: UNIMPLEMENTED: {err.details()}")
            else:
                failed += 1
                print(f"FAIL {name}: RPC error {err.code().name}: {err.details()}")
        except Exception:  # a bug in the test or an unexpected response shape
            failed += 1
            print(f"FAIL {name}:\n{traceback.format_exc()}")
        else:
            passed += 1
            print(f"PASS {name}")
    stub.channel.close()
    print(f"smoke: {passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
