import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseLine } from './classify-line';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
// 943 476 5919 passes the Modulus 11 check; it must never reach stdout.
const NHS_NUMBER = '943 476 5919';

function classify(stdin: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'packages/nlp/src/cli/classify.ts'], { cwd: REPO_ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

describe('classify CLI', () => {
  it('writes one JSON line per input line, in order, with error records for bad lines', async () => {
    const input = [
      JSON.stringify({
        id: 'a',
        text: `Short-staffed again on the ward. NHS no ${NHS_NUMBER}. Exhausted #SafeStaffing`,
      }),
      '{"id": "b", "text": ', // line 2: truncated JSON
      '', // line 3: blank, skipped
      JSON.stringify({ id: 'c' }), // line 4: no text
      JSON.stringify({ id: 'd', text: '   ' }), // line 5: empty text
      JSON.stringify({ id: 'e', text: 42 }), // line 6: wrong type
      JSON.stringify({ id: 7, text: 'Waited 14 hours in A&E', question: null, lang: 'en-GB' }),
      '"just a string"', // line 8
      JSON.stringify({ id: 'f', text: 'Diolch yn fawr iawn i bawb yn yr ysbyty am y gofal' }), // no trailing newline
    ].join('\n');
    const { code, stdout, stderr } = await classify(input);

    expect(code, stderr).toBe(0);
    expect(stdout.endsWith('\n')).toBe(true);
    const records = stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.map((r) => r.id ?? `line ${String(r.line)}`)).toEqual([
      'a',
      'line 2',
      'line 4',
      'line 5',
      'line 6',
      7,
      'line 8',
      'f',
    ]);
    for (const r of records.filter((r) => 'line' in r)) expect(typeof r.error).toBe('string');

    const [a] = records;
    expect(a).toMatchObject({ lang: 'en', sentiment: { label: 'negative' } });
    expect(a?.redacted).toContain('[NHS number]');
    expect(Object.keys((a?.sentiment ?? {}) as object).sort()).toEqual(['confidence', 'label', 'score']);
    expect((a?.topics as Array<{ id: string }>).map((t) => t.id)).toContain('staffing');
    expect(records[5]).toMatchObject({ lang: 'en', topics: [{ id: 'waiting-times' }] });
    expect(records[7]).toMatchObject({ lang: 'cy', sentiment: null });
    expect(stdout).not.toContain(NHS_NUMBER);
    expect(stdout.replace(/\D/g, '')).not.toContain('9434765919');
  });

  it('exits 0 with no output for empty input', async () => {
    const { code, stdout } = await classify('');
    expect(code).toBe(0);
    expect(stdout).toBe('');
  });
});

describe('parseLine', () => {
  it('names the field that is wrong and never echoes the text', () => {
    expect(parseLine('{"id":1,"text":"ok"}')).toEqual({ input: { id: 1, text: 'ok' } });
    expect(parseLine('{"id":1}')).toEqual({ error: 'text: required' });
    expect(parseLine('{"text":"secret 07700 900123"}')).toEqual({ error: 'id: required' });
    expect(parseLine('{"id":true,"text":"x"}')).toMatchObject({ error: expect.stringMatching(/^id: /) });
    expect(parseLine('{"id":1,"text":"x","question":3}')).toMatchObject({
      error: expect.stringMatching(/^question: /),
    });
    expect(parseLine('nope')).toEqual({ error: 'not valid JSON' });
    expect(parseLine('null')).toEqual({ error: 'expected a JSON object' });
  });
});
