"""Tests of the installed matn_client package against a live server.

    MATN_ADDR=127.0.0.1:50051 python -m unittest discover -s tests

Run from outside the repository after `pip install ./clients/python`, so that
the installed package, not the source tree, is what is tested. With
MATN_TOKEN set, the server is expected to require that bearer token.
"""

import asyncio
import os
import threading
import unittest

from matn_client import AsyncClient, Client, MatnError, pb

ADDR = os.environ.get("MATN_ADDR", "127.0.0.1:50051")
TOKEN = os.environ.get("MATN_TOKEN") or None
GLUED = "کتابها را میخوانم."


class ClientTest(unittest.TestCase):
    def setUp(self):
        self.client = Client(ADDR, token=TOKEN, timeout=30)

    def tearDown(self):
        self.client.close()

    def test_normalize_restores_zwnj_with_its_edits(self):
        resp = self.client.normalize(GLUED, include_edits=True)
        self.assertEqual(resp.normalized_text, "کتاب\u200cها را می\u200cخوانم.")
        self.assertEqual([e.rule for e in resp.edits], ["zwnj.suffix", "zwnj.prefix_mi"])

    def test_analyze_with_features_by_name(self):
        resp = self.client.analyze(GLUED, features=["tokens", "lemmas"])
        got = [(t.text, t.lemma) for t in resp.tokens]
        self.assertEqual(
            got, [("کتابها", "کتاب"), ("را", "را"), ("میخوانم", "خواند#خوان"), (".", ".")]
        )
        self.assertEqual(len(resp.entities), 0, "entities were not asked for")
        for t in resp.tokens:  # code points by default: spans index the str
            self.assertEqual(GLUED[t.span.start : t.span.end], t.text)

    def test_features_accept_a_message(self):
        resp = self.client.analyze("علی رفت.", features=pb.Features(sentences=True))
        self.assertEqual(len(resp.sentences), 1)
        self.assertEqual(len(resp.tokens), 0)

    def test_unknown_feature_name_is_refused_before_the_call(self):
        with self.assertRaisesRegex(ValueError, "unknown features"):
            self.client.analyze("علی", features=["tokenz"])

    def test_refused_document_raises_with_its_field(self):
        with self.assertRaises(MatnError) as caught:
            self.client.analyze("")
        err = caught.exception
        self.assertEqual(err.code.name, "INVALID_ARGUMENT")
        self.assertEqual(
            [(v.field, v.description) for v in err.violations],
            [("document.content", "must not be empty")],
        )

    def test_capabilities(self):
        caps = self.client.capabilities()
        self.assertIn(pb.ENTITY_TYPE_PERSON, caps.entity_types)

    def test_stream_yields_each_result_and_goes_on_after_an_error(self):
        docs = ["علی رفت.", "", ("last", "حسن آمد.")]
        results = list(self.client.analyze_stream(docs, features=["tokens"], in_order=True))
        self.assertEqual([r.id for r in results], ["0", "1", "last"])
        self.assertEqual([t.text for t in results[0].response.tokens], ["علی", "رفت", "."])
        self.assertIsNone(results[1].response)
        self.assertEqual(results[1].error.code.name, "INVALID_ARGUMENT")
        self.assertEqual(
            [v.field for v in results[1].error.violations], ["request.document.content"]
        )
        self.assertEqual([t.text for t in results[2].response.tokens], ["حسن", "آمد", "."])

    def test_stream_results_come_before_the_input_ends(self):
        first_seen = threading.Event()
        waited = []

        def documents():
            yield "علی رفت."
            # The second document is sent only once the first answer is in.
            waited.append(first_seen.wait(timeout=10))
            yield "حسن آمد."

        ids = []
        for result in self.client.analyze_stream(documents(), features=["tokens"]):
            ids.append(result.id)
            first_seen.set()
        self.assertEqual(waited, [True], "the first answer waited for the end of the input")
        self.assertEqual(ids, ["0", "1"])

    def test_a_caller_may_stop_reading_a_stream_early(self):
        for result in self.client.analyze_stream(["علی رفت.", "حسن آمد."], in_order=True):
            self.assertEqual(result.id, "0")
            break
        # The channel still serves calls.
        self.assertEqual(self.client.normalize("كتاب").normalized_text, "کتاب")

    @unittest.skipUnless(TOKEN, "the server was not started with --auth-tokens")
    def test_a_call_without_the_token_is_refused(self):
        with Client(ADDR, timeout=30) as anonymous:
            with self.assertRaises(MatnError) as caught:
                anonymous.analyze("علی")
        self.assertEqual(caught.exception.code.name, "UNAUTHENTICATED")


class AsyncClientTest(unittest.IsolatedAsyncioTestCase):
    async def test_analyze_and_errors(self):
        async with AsyncClient(ADDR, token=TOKEN, timeout=30) as client:
            resp = await client.normalize(GLUED)
            self.assertEqual(resp.normalized_text, "کتاب\u200cها را می\u200cخوانم.")
            with self.assertRaises(MatnError) as caught:
                await client.analyze("")
            self.assertEqual(caught.exception.violations[0].field, "document.content")

    async def test_stream_from_an_async_iterable(self):
        async def documents():
            for text in ["علی رفت.", "حسن آمد."]:
                await asyncio.sleep(0)
                yield text

        async with AsyncClient(ADDR, token=TOKEN, timeout=30) as client:
            results = [
                r async for r in client.analyze_stream(documents(), features=["tokens"], in_order=True)
            ]
        self.assertEqual([r.id for r in results], ["0", "1"])
        self.assertEqual([t.text for t in results[1].response.tokens], ["حسن", "آمد", "."])


if __name__ == "__main__":
    unittest.main()
