'use strict';
// Runs against a live server: MATN_ADDR (default 127.0.0.1:50051).
// `npm test` from clients/node; .ci/run starts the server first.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
// MATN_CLIENT_MODULE=matn-client tests the installed package instead (.ci/run).
const matn = require(process.env.MATN_CLIENT_MODULE || '../matn');

const ADDR = process.env.MATN_ADDR || matn.DEFAULT_ADDR;
const SEED =
  process.env.MATN_SEED ||
  path.resolve(__dirname, '..', '..', '..', 'seeds', 'news-shamkhani-lavrentiev.txt');

let client;
test.before(async () => {
  client = matn.connect(ADDR);
  await matn.waitForReady(client, 10);
});
test.after(() => client.close());

test('the seed: token and mention spans slice the original JavaScript string', async () => {
  const text = fs.readFileSync(SEED, 'utf8');
  const resp = await matn.analyze(client, text);
  assert.ok(resp.tokens.length > 100, `only ${resp.tokens.length} tokens`);
  for (const t of resp.tokens) {
    assert.equal(text.slice(t.span.start, t.span.end), t.text);
  }
  assert.ok(resp.entities.length > 0);
  for (const e of resp.entities) {
    for (const m of e.mentions) assert.equal(text.slice(m.span.start, m.span.end), m.text);
  }
  // ZWNJ restored in the normalized text.
  assert.ok(resp.normalizedText.includes('می\u200cپردازند'));
});

test('normalize reports the exact text and its edits', async () => {
  const resp = await matn.normalize(client, 'كتاب علي ۱۲۳', { includeEdits: true });
  assert.equal(resp.normalizedText, 'کتاب علی ۱۲۳');
  assert.deepEqual(
    resp.edits.map((e) => [e.rule, e.span.start, e.span.end, e.original, e.replacement]),
    [
      ['letters.arabic_kaf', 0, 1, 'ك', 'ک'],
      ['letters.arabic_yeh', 7, 8, 'ي', 'ی'],
    ],
  );
});

test('an empty document is INVALID_ARGUMENT with a BadRequest field violation', async () => {
  await assert.rejects(matn.analyze(client, ''), (err) => {
    assert.equal(err.code, matn.grpc.status.INVALID_ARGUMENT);
    const violations = matn.badRequestViolations(err);
    assert.deepEqual(
      violations.map((v) => v.field),
      ['document.content'],
    );
    return true;
  });
});

test('capabilities list the limits', async () => {
  const caps = await matn.capabilities(client);
  assert.ok(caps.limits.maxDocumentBytes > 0);
  assert.ok(caps.limits.maxInFlight > 0);
  assert.ok(caps.limits.maxStreams > 0);
  // The server in CI runs with the defaults: 30 s, no per-connection limit,
  // streams idle for 60 s end, connections idle for 5 min close.
  assert.equal(caps.limits.requestTimeoutMs, 30000);
  assert.equal(caps.limits.maxInFlightPerConnection, 0);
  assert.equal(caps.limits.streamIdleTimeoutMs, 60000);
  assert.equal(caps.limits.maxConcurrentStreams, 100);
  assert.equal(caps.limits.idleConnectionTimeoutMs, 300000);
});

// The example is part of the repository, not of the package.
const inRepository = !process.env.MATN_CLIENT_MODULE;

test('the example runs against the server and prints entities', { skip: !inRepository }, () => {
  const out = execFileSync(process.execPath, [path.join(__dirname, '..', 'example.js'), ADDR], {
    encoding: 'utf8',
  });
  assert.match(out, /^entities: [1-9]/m);
  assert.match(out, /all checks passed/);
});

test('analyzeStream yields each result, and goes on after a refused document', async () => {
  const results = [];
  const docs = ['علی رفت.', '', ['last', 'حسن آمد.']];
  for await (const r of matn.analyzeStream(client, docs, { features: { tokens: true }, inOrder: true })) {
    results.push(r);
  }
  assert.deepEqual(
    results.map((r) => r.id),
    ['0', '1', 'last'],
  );
  assert.deepEqual(
    results[0].response.tokens.map((t) => t.text),
    ['علی', 'رفت', '.'],
  );
  assert.equal(results[1].response, undefined);
  assert.equal(results[1].error.code, 3); // INVALID_ARGUMENT
  assert.deepEqual(results[1].error.violations, [
    { field: 'request.document.content', description: 'must not be empty' },
  ]);
  assert.deepEqual(
    results[2].response.tokens.map((t) => t.text),
    ['حسن', 'آمد', '.'],
  );
});

test('analyzeStream answers before the input ends', async () => {
  let release;
  const firstSeen = new Promise((resolve) => {
    release = resolve;
  });
  let waited = null;
  async function* documents() {
    yield 'علی رفت.';
    // The second document is sent only once the first answer is in.
    let timer;
    const timeout = new Promise((resolve) => {
      timer = setTimeout(() => resolve(false), 10000);
    });
    waited = await Promise.race([firstSeen.then(() => true), timeout]);
    clearTimeout(timer);
    yield 'حسن آمد.';
  }
  const ids = [];
  for await (const r of matn.analyzeStream(client, documents(), { features: { tokens: true } })) {
    ids.push(r.id);
    release();
  }
  assert.equal(waited, true, 'the first answer waited for the end of the input');
  assert.deepEqual(ids, ['0', '1']);
});

test('a caller may stop reading a stream early', async () => {
  const docs = ['علی رفت.', 'حسن آمد.', 'رضا ماند.'];
  for await (const r of matn.analyzeStream(client, docs, { inOrder: true })) {
    assert.equal(r.id, '0');
    break;
  }
  // The client is still usable afterwards.
  const resp = await matn.normalize(client, 'كتاب');
  assert.equal(resp.normalizedText, 'کتاب');
});
