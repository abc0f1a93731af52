#!/usr/bin/env node
'use strict';
// Example matn.v1 client for Node.js: analyzes a document (the seed article by
// default), prints its entities, then shows the field violations of a bad
// request.
//
//   node example.js [ADDR] [FILE]
//
// ADDR defaults to $MATN_ADDR, then 127.0.0.1:50051; $MATN_TOKEN is sent as a
// bearer token when set. Exits 0 when every check passes, 1 when one fails, 2
// when the server cannot be reached.

const fs = require('node:fs');
const path = require('node:path');
const matn = require('./matn');

const SEED = path.resolve(__dirname, '..', '..', 'seeds', 'news-shamkhani-lavrentiev.txt');

/** The resolved value of an entity, as ` → value`, or ''. */
function describeValue(value) {
  if (!value || !value.kind) return '';
  const v = value[value.kind];
  if (value.kind === 'money') return ` → ${v.amount} ${v.currencyCode}`;
  return ` → ${v}${value.relative ? ' (relative)' : ''}`;
}

async function main() {
  const addr = process.argv[2] || process.env.MATN_ADDR || matn.DEFAULT_ADDR;
  const file = process.argv[3] || SEED;
  const text = fs.readFileSync(file, 'utf8');
  const client = matn.connect(addr, { token: process.env.MATN_TOKEN });
  try {
    await matn.waitForReady(client, 10);
  } catch (err) {
    console.error(`error: cannot connect to ${addr}: ${err.message}`);
    return 2;
  }
  try {
    const resp = await matn.analyze(client, text);
    console.log(`sentences: ${resp.sentences.length}, tokens: ${resp.tokens.length}`);
    console.log(`entities: ${resp.entities.length}`);
    for (const e of resp.entities) {
      const value = describeValue(e.value);
      const times = e.mentions.length > 1 ? ` (${e.mentions.length} mentions)` : '';
      console.log(`  ${e.type.replace('ENTITY_TYPE_', '').padEnd(13)} ${e.text}${times}${value}`);
      for (const m of e.mentions) {
        // Spans are UTF-16 units: they slice the JavaScript string directly.
        const original = text.slice(m.span.start, m.span.end);
        if (original !== m.text) {
          throw new Error(
            `mention span [${m.span.start},${m.span.end}) gives ${JSON.stringify(original)}, not ${JSON.stringify(m.text)}`,
          );
        }
      }
    }
    if (resp.entities.length === 0) throw new Error('no entities found');

    try {
      await matn.analyze(client, '');
      throw new Error('an empty document was accepted');
    } catch (err) {
      if (err.code !== matn.grpc.status.INVALID_ARGUMENT) throw err;
      console.log(`empty document → INVALID_ARGUMENT: ${err.details}`);
      const violations = matn.badRequestViolations(err);
      for (const v of violations) console.log(`  field violation: ${v.field}: ${v.description}`);
      if (violations.length === 0) throw new Error('no google.rpc.BadRequest field violations');
    }
  } catch (err) {
    console.error(`FAILED: ${err.message}`);
    return 1;
  } finally {
    client.close();
  }
  console.log('all checks passed');
  return 0;
}

main().then((code) => process.exit(code));
