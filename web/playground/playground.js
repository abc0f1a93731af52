'use strict';
// The playground: sends the text to POST /v1/documents:analyze (JSON over
// HTTP, same origin) and shows the answer. Offsets are asked for in UTF-16,
// the unit of JavaScript strings, so spans index the strings directly. Every
// piece of the answer is put in the page as text, never as HTML.

const ANALYZE_PATH = '/v1/documents:analyze';

const $ = (id) => document.getElementById(id);

/** An element with `className` and text `text` (either may be omitted). */
function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

/** Proto3 JSON leaves out zeros: a span's missing start or end is 0. */
function bounds(span) {
  return span ? [span.start || 0, span.end || 0] : null;
}

/** `ENTITY_TYPE_PERSON` → `person`. */
function enumName(value, prefix) {
  return String(value || '').replace(prefix, '').toLowerCase();
}

/** The request the controls describe. */
function buildRequest() {
  const features = {};
  for (const box of document.querySelectorAll('#features input[type=checkbox]')) {
    if (box.checked) features[box.value] = true;
  }
  return {
    document: { content: $('text').value },
    features,
    normalization: { preset: $('preset').value, digits: $('digits').value },
    offsetEncoding: 'OFFSET_ENCODING_UTF16',
  };
}

async function analyze() {
  const button = $('analyze');
  const headers = { 'content-type': 'application/json' };
  const token = $('token').value.trim();
  if (token) headers.authorization = `Bearer ${token}`;
  button.disabled = true;
  setStatus('…', '');
  const started = performance.now();
  try {
    const response = await fetch(ANALYZE_PATH, {
      method: 'POST',
      headers,
      body: JSON.stringify(buildRequest()),
    });
    const answer = await response.json();
    if (!response.ok) {
      showError(response.status, answer);
      return;
    }
    const ms = Math.round(performance.now() - started);
    setStatus(`${ms} ms · ${response.headers.get('x-request-id') || ''}`, 'ok');
    render(answer);
  } catch (e) {
    setStatus(`the server did not answer: ${e.message}`, 'error');
  } finally {
    button.disabled = false;
  }
}

function setStatus(text, kind) {
  const status = $('status');
  status.textContent = text;
  status.className = kind;
}

/** A JSON google.rpc.Status: its message and field violations. */
function showError(httpStatus, status) {
  const lines = [`${httpStatus}: ${status.message || 'error'}`];
  for (const detail of status.details || []) {
    for (const v of detail.fieldViolations || []) lines.push(`${v.field}: ${v.description}`);
  }
  setStatus(lines.join('\n'), 'error');
  if (httpStatus === 401) $('token').focus();
}

function render(answer) {
  $('results').hidden = false;
  renderSummary(answer);
  renderNormalized(answer);
  renderEntities(answer);
  renderQuotes(answer);
  renderAttributions(answer);
  renderKeywords(answer);
  renderSentences(answer);
  $('raw').textContent = JSON.stringify(answer, null, 2);
}

function renderSummary(answer) {
  const stats = answer.stats || {};
  const language = answer.language || {};
  const parts = [
    `language ${language.code || '?'}`,
    `${stats.sentences || 0} sentences`,
    `${stats.words || 0} words`,
    `${stats.edits || (answer.edits || []).length} edits`,
  ];
  for (const skipped of answer.skippedLayers || []) {
    parts.push(`skipped ${enumName(skipped.layer, 'LAYER_')}: ${skipped.reason || ''}`);
  }
  $('summary').textContent = parts.join(' · ');
}

/**
 * `text` with the `marks` ({start, end, className, tip}) wrapped in <mark>;
 * a mark that overlaps an earlier one is left out, an empty one (a deletion)
 * becomes an empty marker.
 */
function highlight(text, marks) {
  const out = document.createDocumentFragment();
  const sorted = [...marks].sort((a, b) => a.start - b.start || b.end - a.end);
  let at = 0;
  for (const m of sorted) {
    if (m.start < at || m.end > text.length) continue;
    out.append(text.slice(at, m.start));
    const mark = el('mark', m.className, text.slice(m.start, m.end));
    mark.title = m.tip;
    mark.dataset.start = m.start;
    mark.dataset.end = m.end;
    out.append(mark);
    at = m.end;
  }
  out.append(text.slice(at));
  return out;
}

/** `s` with invisible and space characters named, for a tooltip. */
function visible(s) {
  const names = { '\u200c': '⟨ZWNJ⟩', '\u200d': '⟨ZWJ⟩', '\n': '↵', '\t': '⇥', ' ': '␣', '\u00a0': '⟨NBSP⟩' };
  return Array.from(s || '', (c) => {
    if (names[c]) return names[c];
    return /[\p{Cf}\p{Cc}\p{Zs}]/u.test(c) ? `⟨U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0')}⟩` : c;
  }).join('');
}

/** What an edit did: its rule, what was written and what replaced it. */
function editTip(edit) {
  return `${edit.rule}: «${visible(edit.original)}» → «${visible(edit.replacement)}»`;
}

const WORD_CHAR = /[\p{L}\p{M}\p{N}\u200c]/u;

/**
 * The marks for `edits` on the normalized `text`: an edit inside or beside a
 * word marks the whole word (an inserted ZWNJ alone would be invisible), one
 * in whitespace marks its place; edits in one word share a mark.
 */
function editMarks(text, edits) {
  const marks = [];
  const sorted = [...edits].sort((a, b) => (bounds(a.normalizedSpan) || [0])[0] - (bounds(b.normalizedSpan) || [0])[0]);
  for (const edit of sorted) {
    let [start, end] = bounds(edit.normalizedSpan) || [0, 0];
    const touchesWord = WORD_CHAR.test(text[start - 1] || '') || WORD_CHAR.test(text[end] || '')
      || /[^\s]/u.test(text.slice(start, end));
    if (touchesWord) {
      while (start > 0 && WORD_CHAR.test(text[start - 1])) start -= 1;
      while (end < text.length && WORD_CHAR.test(text[end])) end += 1;
    } else {
      end = start;
    }
    const last = marks[marks.length - 1];
    if (last && start < last.end) {
      last.end = Math.max(last.end, end);
      last.tip += `\n${editTip(edit)}`;
      continue;
    }
    marks.push({ start, end, className: start === end ? 'edit deletion' : 'edit', tip: editTip(edit) });
  }
  return marks;
}

function renderNormalized(answer) {
  const text = answer.normalizedText || '';
  $('normalized').replaceChildren(highlight(text, editMarks(text, answer.edits || [])));
}

/** An entity's resolved value as text. */
function valueText(value) {
  if (!value) return '';
  let text = '';
  if (value.date !== undefined) text = value.date;
  else if (value.time !== undefined) text = value.time;
  else if (value.number !== undefined) text = String(value.number);
  else if (value.money !== undefined) {
    const money = value.money;
    text = [money.amount || 0, money.currencyCode, money.note].filter(Boolean).join(' ');
  } else if (value.text !== undefined) text = value.text;
  return value.relative ? `${text} (relative)` : text;
}

function renderEntities(answer) {
  const entities = answer.entities || [];
  const text = answer.normalizedText || '';
  const marks = [];
  const rows = [];
  const types = new Set();
  for (const entity of entities) {
    const type = enumName(entity.type, 'ENTITY_TYPE_');
    types.add(type);
    const value = valueText(entity.value);
    for (const mention of entity.mentions || []) {
      const [start, end] = bounds(mention.normalizedSpan) || [0, 0];
      marks.push({ start, end, className: `entity ent-${type}`, tip: value ? `${type}: ${value}` : type });
    }
    const row = el('tr', `ent-row ent-${type}`);
    row.dataset.type = type;
    row.append(
      el('td', `type ent-${type}`, type),
      el('td', 'entity-text', entity.text),
      el('td', 'value', value),
      el('td', 'num', (entity.confidence || 0).toFixed(2)),
      el('td', 'num', (entity.mentions || []).length),
    );
    rows.push(row);
  }
  $('entity-text').replaceChildren(highlight(text, marks));
  $('entities').tBodies[0].replaceChildren(...rows);
  $('entity-legend').replaceChildren(...[...types].map((t) => el('span', `entity ent-${t}`, t)));
}

function renderQuotes(answer) {
  const items = (answer.quotes || []).map((quote) => {
    const li = el('li', 'quote');
    li.append(
      el('span', 'speaker', quote.speaker || '—'),
      el('span', 'verb', quote.reportingVerb || ''),
      el('q', quote.direct ? 'direct' : 'indirect', quote.text),
    );
    return li;
  });
  $('quotes').replaceChildren(...items);
}

function renderAttributions(answer) {
  const items = (answer.attributions || []).map((a) => {
    const li = el('li', 'attribution');
    li.append(el('span', 'source', a.source), el('span', 'verb', a.cue || ''));
    return li;
  });
  $('attributions').replaceChildren(...items);
}

function renderKeywords(answer) {
  const items = (answer.keywords || []).map((k) => {
    const li = el('li', 'keyword', k.phrase);
    li.title = `score ${(k.score || 0).toFixed(3)}`;
    return li;
  });
  $('keywords').replaceChildren(...items);
}

function renderSentences(answer) {
  const tokens = answer.tokens || [];
  const items = (answer.sentences || []).map((sentence) => {
    const li = el('li', 'sentence');
    li.append(el('p', 'sentence-text', sentence.text));
    const first = sentence.firstToken || 0;
    const chips = el('div', 'tokens');
    for (const token of tokens.slice(first, first + (sentence.tokenCount || 0))) {
      chips.append(tokenChip(token));
    }
    li.append(chips);
    return li;
  });
  // Tokens asked for without sentences: one list of them all.
  if (items.length === 0 && tokens.length > 0) {
    const li = el('li', 'sentence');
    const chips = el('div', 'tokens');
    chips.append(...tokens.map(tokenChip));
    li.append(chips);
    items.push(li);
  }
  $('sentences').replaceChildren(...items);
}

function tokenChip(token) {
  const kind = enumName(token.kind, 'TOKEN_KIND_');
  const chip = el('span', `token kind-${kind}${token.stopword ? ' stopword' : ''}`);
  chip.append(el('span', 'word', token.normalized || token.text));
  if (token.lemma) chip.append(el('span', 'lemma', token.lemma));
  chip.title = [kind, token.stopword ? 'stopword' : '', token.verbGroup ? `verb group ${token.verbGroup}` : '']
    .filter(Boolean)
    .join(' · ');
  return chip;
}

function loadSample() {
  $('text').value = $('sample-text').content.textContent.trim();
}

document.addEventListener('DOMContentLoaded', () => {
  $('analyze').addEventListener('click', analyze);
  $('sample').addEventListener('click', loadSample);
  $('text').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) analyze();
  });
});
