'use strict';
// The playground in headless Chromium against a running matn: loads the page,
// analyzes a text, and checks that what the page shows is what the JSON API
// answers for the same request (entities with their values, every edit with
// its rule on hover, sentences, tokens, quotes); then that a bad request
// shows its field violation. Saves a screenshot of the analyzed page.
//
// Usage: node browser-test.js ADDR TEXT_FILE SCREENSHOT_PNG
// Needs playwright-core (found through NODE_PATH) and Chromium at
// $CHROMIUM (default /usr/bin/chromium).

const assert = require('node:assert/strict');
const fs = require('node:fs');
const { chromium } = require('playwright-core');

const [addr, textFile, screenshot] = process.argv.slice(2);
if (!addr || !textFile || !screenshot) {
  console.error('usage: node browser-test.js ADDR TEXT_FILE SCREENSHOT_PNG');
  process.exit(2);
}
const base = `http://${addr}`;

// Flags for a machine without a display or outside network: no sandbox as
// root, no GPU, none of Chromium's own background connections.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

async function main() {
  const text = fs.readFileSync(textFile, 'utf8');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems = [];
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
    });

    const loaded = await page.goto(`${base}/`);
    assert.equal(loaded.status(), 200);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');

    await page.fill('#text', text);
    await page.click('#analyze');
    await page.waitForSelector('#status.ok, #status.error');
    assert.equal(await page.getAttribute('#status', 'class'), 'ok', await page.textContent('#status'));

    // The page's request, sent to the JSON API directly.
    const request = await page.evaluate(() => buildRequest());
    const response = await fetch(`${base}/v1/documents:analyze`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(request),
    });
    assert.equal(response.status, 200);
    const answer = await response.json();

    await checkEntities(page, answer);
    await checkEdits(page, answer);
    await checkStructure(page, answer);
    await page.screenshot({ path: screenshot, fullPage: true });

    assert.deepEqual(problems, []);
    await checkBadRequest(page);
    console.log(
      `playground ok: ${answer.entities.length} entities, ${answer.edits.length} edits, ` +
        `${answer.sentences.length} sentences shown; screenshot ${screenshot}`,
    );
  } finally {
    await browser.close();
  }
}

/** Every entity is a row with its type, text and resolved value, in order. */
async function checkEntities(page, answer) {
  assert.ok(answer.entities.length > 0, 'the text should have entities');
  const rows = await page.$$eval('#entities tbody tr', (trs) =>
    trs.map((tr) => [tr.dataset.type, tr.querySelector('.entity-text').textContent, tr.querySelector('.value').textContent]),
  );
  const expected = await page.evaluate(
    (entities) => entities.map((e) => [enumName(e.type, 'ENTITY_TYPE_'), e.text, valueText(e.value)]),
    answer.entities,
  );
  assert.deepEqual(rows, expected);
  assert.ok(rows.some(([type]) => type === 'person'), 'a person should be shown');
  assert.ok(rows.some(([, , value]) => value !== ''), 'a resolved value should be shown');
  const marked = await page.$$eval('#entity-text mark.entity', (marks) => marks.length);
  assert.ok(marked > 0, 'entities should be marked in the text');
}

/**
 * The normalized text is shown whole, and every edit lies in a mark whose
 * tooltip names its rule; hovering the first one shows that tooltip.
 */
async function checkEdits(page, answer) {
  assert.equal(await page.textContent('#normalized'), answer.normalizedText);
  assert.ok(answer.edits.length > 0, 'the text should need edits');
  const marks = await page.$$eval('#normalized mark.edit', (ms) =>
    ms.map((m) => ({ start: Number(m.dataset.start), end: Number(m.dataset.end), title: m.title })),
  );
  for (const edit of answer.edits) {
    const start = (edit.normalizedSpan && edit.normalizedSpan.start) || 0;
    const end = (edit.normalizedSpan && edit.normalizedSpan.end) || 0;
    const shown = marks.some((m) => m.title.split('\n').some((line) => line.startsWith(`${edit.rule}: «`))
      && ((m.start <= start && end <= m.end) || m.start === start));
    assert.ok(shown, `edit ${edit.rule} at ${start}..${end} should be marked`);
  }
  const word = await page.$('#normalized mark.edit:not(.deletion)');
  await word.hover();
  assert.match(await word.getAttribute('title'), /^[a-z_]+\.[a-z_.]+: «.*» → «.*»/);
}

/** Sentences with their tokens and lemmas, quotes with speakers, keywords. */
async function checkStructure(page, answer) {
  assert.equal(await page.$$eval('#sentences > li', (l) => l.length), answer.sentences.length);
  const tokens = await page.$$eval('#sentences .token', (ts) => ts.length);
  const inSentences = answer.sentences.reduce((n, s) => n + (s.tokenCount || 0), 0);
  assert.equal(tokens, inSentences);
  const lemmas = await page.$$eval('#sentences .token .lemma', (ls) => ls.length);
  assert.equal(lemmas, answer.tokens.filter((t) => t.lemma).length);
  const speakers = await page.$$eval('#quotes .speaker', (s) => s.map((x) => x.textContent));
  assert.deepEqual(speakers, (answer.quotes || []).map((q) => q.speaker || '—'));
  const keywords = await page.$$eval('#keywords li', (k) => k.map((x) => x.textContent));
  assert.deepEqual(keywords, (answer.keywords || []).map((k) => k.phrase));
}

/** An empty text: the status line shows the field violation. */
async function checkBadRequest(page) {
  await page.fill('#text', '');
  await page.click('#analyze');
  await page.waitForSelector('#status.error');
  const status = await page.textContent('#status');
  assert.match(status, /^400: /);
  assert.match(status, /document\.content: must not be empty/);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
