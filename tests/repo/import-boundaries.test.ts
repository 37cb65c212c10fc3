import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The messages the repository's own ESLint config gives this code at this path. */
async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${root}/${filePath}` });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe("the lint rule that keeps today's import boundaries", () => {
  it('refuses a package importing a service or the web app', async () => {
    expect(await restricted('packages/db/src/x.ts', "import { a } from '@lp/api/app';\nexport const b = a;\n")).toEqual(
      [expect.stringMatching(/packages are shared code/)],
    );
    expect(
      await restricted(
        'packages/nlp/src/x.ts',
        "import { a } from '../../../services/ingest/src/app';\nexport const b = a;\n",
      ),
    ).toHaveLength(1);
    expect(
      await restricted('packages/db/src/x.ts', "import { a } from '@lp/contracts/api';\nexport const b = a;\n"),
    ).toEqual([]);
  });

  it('lets the web app import the contracts and nothing else of ours', async () => {
    expect(await restricted('web/src/x.ts', "import { a } from '@lp/db/client';\nexport const b = a;\n")).toEqual([
      expect.stringMatching(/imports only @lp\/contracts/),
    ]);
    expect(
      await restricted('web/src/x.ts', "import { a } from '@lp/contracts/sources';\nexport const b = a;\n"),
    ).toEqual([]);
  });

  it('keeps the voice rule in nlp: ingest passes profile fields to authorVoice', async () => {
    const code = (name: string) =>
      `import { ${name} } from '@lp/nlp/voice';\nexport const v = ${name}({ bio: 'nurse' });\n`;
    expect(await restricted('services/ingest/src/connectors/x/transform.ts', code('classifyVoice'))).toEqual([
      expect.stringMatching(/authorVoice/),
    ]);
    expect(await restricted('services/ingest/src/connectors/x/transform.ts', code('authorVoice'))).toEqual([]);
  });

  it('keeps poll schedules written by ingest only, and services apart', async () => {
    const code =
      "import { schedulePolls, requestScheduleUpdate } from '@lp/queue/enqueue';\nexport const b = [schedulePolls, requestScheduleUpdate];\n";
    expect(await restricted('services/api/src/x.ts', code)).toEqual([
      expect.stringMatching(/ingest owns poll schedules/),
    ]);
    expect(await restricted('services/ingest/src/x.ts', code)).toEqual([]);
    expect(
      await restricted('services/ingest/src/x.ts', "import { a } from '@lp/api/app';\nexport const b = a;\n"),
    ).toHaveLength(1);
  });
});
