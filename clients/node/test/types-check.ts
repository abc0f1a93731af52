// Compiled by `tsc --noEmit --strict` against the installed package in .ci/run:
// the declarations must describe what matn.js returns.
import { analyze, analyzeStream, connect, normalize } from 'matn-client';
import type { AnalyzeResponse, Entity, StreamResult, Token } from 'matn-client';

async function main(): Promise<void> {
  const client = connect('127.0.0.1:50051', { token: 'secret' });
  const resp: AnalyzeResponse = await analyze(client, 'علی رفت.', {
    features: { tokens: true, entities: true },
    lemmaStyle: 'LEMMA_STYLE_LEMMA',
  });
  const tokens: Token[] = resp.tokens;
  const first: string | undefined = tokens[0]?.lemma;
  const entities: Entity[] = resp.entities;
  const normalized: string = (await normalize(client, 'كتاب', { includeEdits: true })).normalizedText;
  for await (const r of analyzeStream(client, ['علی', ['b', 'حسن']], { inOrder: true })) {
    const result: StreamResult = r;
    if (result.error) console.log(result.error.violations.map((v) => v.field));
    else console.log(result.response.tokens.length);
  }
  console.log(first, entities.length, normalized);
  client.close();
}

void main;
