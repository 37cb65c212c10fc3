import { describe, expect, it } from 'vitest';
import { parseConfig, toCreateInput, toUpdateInput, type SourceFormValues } from './source-form';

const form = (over: Partial<SourceFormValues> = {}): SourceFormValues => ({
  id: 'trust-news',
  type: 'rss',
  every: '15m',
  config: '{"url": "https://example.org/feed"}',
  secrets: {},
  ...over,
});

describe('source form', () => {
  it('builds the create body', () => {
    expect(toCreateInput(form()).input).toEqual({
      id: 'trust-news',
      type: 'rss',
      every: '15m',
      enabled: true,
      config: { url: 'https://example.org/feed' },
    });
  });

  it('explains bad JSON, a non-object and a credential typed into the config', () => {
    expect(parseConfig('{"url": ')).toMatchObject({ ok: false, error: expect.stringMatching(/not valid JSON/) });
    expect(parseConfig('[1]')).toMatchObject({ ok: false, error: expect.stringMatching(/JSON object/) });
    expect(parseConfig('  ')).toEqual({ ok: true, value: {} });
    const leaked = toCreateInput(form({ type: 'x', config: '{"bearerToken": "t"}', secrets: { bearerToken: 't' } }));
    expect(leaked.errors.config).toMatch(/credential/);
  });

  it('checks the id, the interval and the required credentials', () => {
    const { errors, input } = toCreateInput(form({ id: 'Trust News', every: 'often', type: 'x', config: '' }));
    expect(input).toBeUndefined();
    expect(Object.keys(errors).sort()).toEqual(['every', 'id', 'secrets']);
    expect(toCreateInput(form({ type: 'x', config: '', secrets: { bearerToken: 'b' } })).input?.secrets).toEqual({
      bearerToken: 'b',
    });
  });

  it('leaves blank credentials out of an edit so the stored ones are kept', () => {
    expect(toUpdateInput(form({ type: 'x', config: '{}', secrets: { bearerToken: '' } })).input).toEqual({
      every: '15m',
      config: {},
    });
  });
});
