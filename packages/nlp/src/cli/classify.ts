/**
 * `npm run --silent classify < in.jsonl > out.jsonl`
 *
 * One JSON object a line in ({ id, text, question?, lang? }), one a line out, in input order:
 * { id, lang, sentiment, topics, redacted } or { line, error } for a line that cannot be tagged.
 * stdout carries JSON lines only; anything else (dependency banners, warnings) goes to stderr.
 * Exit 0 even with bad lines; 1 only when reading, writing or loading the model fails.
 */
import { createInterface } from 'node:readline';

// Before any dependency loads: libraries that log on import (natural pulls in dotenv, whose
// tips go to console.log) must not corrupt the JSON stream. Results use process.stdout.write.
const toStderr = (...args: unknown[]) => console.error(...args);
console.log = toStderr;
console.info = toStderr;
console.debug = toStderr;

// Big enough to amortise the per-batch write, small enough that memory stays flat on any input.
const BATCH_LINES = 256;

async function main(): Promise<void> {
  // Dynamic imports: they must run after the console redirect above (static ones are hoisted).
  const { loadTagger } = await import('../default-tagger');
  const { parseLine, formatResult } = await import('./classify-line');
  const tagger = await loadTagger();

  const failed = new Promise<never>((_, reject) => {
    process.stdout.on('error', reject);
    process.stdin.on('error', reject);
  });
  const write = async (chunk: string) => {
    if (!process.stdout.write(chunk)) {
      await Promise.race([new Promise((resolve) => process.stdout.once('drain', resolve)), failed]);
    }
  };

  type Slot = { line: number; error: string } | { index: number };
  let slots: Slot[] = [];
  let inputs: Parameters<typeof tagger.tagBatch>[0] = [];
  const flush = async () => {
    if (slots.length === 0) return;
    const results = tagger.tagBatch(inputs);
    let out = '';
    for (const slot of slots) {
      const record = 'error' in slot ? slot : formatResult(results[slot.index]!);
      out += `${JSON.stringify(record)}\n`;
    }
    slots = [];
    inputs = [];
    await write(out);
  };

  // crlfDelay: a "\r\n" split across chunks is still one line break. A last line without "\n"
  // is still emitted by readline.
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  let lineNo = 0;
  const reading = (async () => {
    for await (const raw of lines) {
      lineNo++;
      if (raw.trim() === '') continue;
      const parsed = parseLine(raw);
      if ('error' in parsed) slots.push({ line: lineNo, error: parsed.error });
      else slots.push({ index: inputs.push(parsed.input) - 1 });
      if (slots.length >= BATCH_LINES) await flush();
    }
    await flush();
  })();
  await Promise.race([reading, failed]);
}

main().then(
  () => {
    process.exitCode = 0;
  },
  (err: unknown) => {
    // EPIPE and friends: the reader went away or the disk filled; say so on stderr only.
    process.stderr.write(`classify: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
