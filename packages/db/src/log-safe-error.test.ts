import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { safeErrorForLog, stripValues } from './log-safe-error';

describe('errors in logs', () => {
  it('keeps the SQL and the Postgres code, never the parameters or the failing row', () => {
    const cause = Object.assign(new Error('null value in column "title" violates not-null constraint'), {
      code: '23502',
      detail: 'Failing row contains (7, nurse@example.nhs.uk, 07700 900123).',
    });
    const err = new DrizzleQueryError(
      'insert into events (title) values ($1)',
      ['nurse@example.nhs.uk', '07700 900123'],
      cause,
    );
    const logged = JSON.stringify(safeErrorForLog(err));
    expect(logged).toMatch(/insert into events/);
    expect(logged).toMatch(/23502/);
    expect(logged).not.toMatch(/nurse@example|07700/);
    const dup = Object.assign(new Error('duplicate key value violates unique constraint "users_email_uq"'), {
      code: '23505',
      detail: 'Key (email)=(someone@trust.nhs.uk) already exists.',
    });
    expect(JSON.stringify(safeErrorForLog(dup))).not.toMatch(/someone@trust/);
  });

  it('drops values Postgres quotes in its own messages', () => {
    const bad = Object.assign(new Error('invalid input syntax for type uuid: "nurse@example.nhs.uk"'), {
      code: '22P02',
    });
    const logged = JSON.stringify(safeErrorForLog(bad));
    expect(logged).toMatch(/invalid input syntax for type uuid: \[not logged\]/);
    expect(logged).not.toMatch(/nurse@example/);
    expect(stripValues('invalid input value for enum event_kind: "Ward ""7"" party"')).toBe(
      'invalid input value for enum event_kind: [not logged]',
    );
  });
});
