import { describe, expect, it } from 'vitest';
import type { AlertRule } from '@lp/contracts/alerts';
import { apiFieldErrors, draftToInput, emptyDraft, newChannel, ruleToDraft, type RuleDraft } from './rule-form';

const draft = (over: Partial<RuleDraft> = {}): RuleDraft => ({ ...emptyDraft(), name: 'About us spikes', ...over });

const saved: AlertRule = {
  id: 'r1',
  name: 'Staff negativity',
  filter: { voice: 'staff' },
  metric: 'negative_share',
  sensitivity: 'low',
  sensitivityWords: 'Low: …',
  channels: [
    { id: 'abc123', type: 'slack', url: 'https://hooks.slack.com/…' },
    { id: 'def456', type: 'email', to: ['comms@trust.test'] },
  ],
  windowMinutes: 120,
  cooldownMinutes: 0,
  quietHours: { from: '22:00', to: '07:00' },
  minVolume: 25,
  enabled: false,
  builtIn: false,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
  status: { state: 'off', message: 'Off', lastEvaluatedAt: null, lastFiredAt: null, baselineWeeks: null },
};

describe('alert rule form', () => {
  it('builds the body with the defaults and the filter in the contract’s shape', () => {
    const slack = { ...newChannel('slack'), url: 'http://127.0.0.1:9/hook' };
    const { input, errors } = draftToInput(
      draft({ aboutUs: 'yes', sensitivity: 'high', voice: 'staff', channels: [slack] }),
    );
    expect(errors).toEqual({});
    expect(input).toEqual({
      name: 'About us spikes',
      metric: 'volume',
      filter: { voice: 'staff', aboutUs: true },
      sensitivity: 'high',
      channels: [{ type: 'slack', url: 'http://127.0.0.1:9/hook' }],
      windowMinutes: 60,
      cooldownMinutes: 180,
      minVolume: 10,
      quietHours: null,
      enabled: true,
    });
  });

  it('keeps a saved hook by its id when its address is left blank, and splits email addresses', () => {
    const d = ruleToDraft(saved);
    expect(d).toMatchObject({ voice: 'staff', aboutUs: 'any', quietFrom: '22:00', windowMinutes: '120' });
    d.channels[1]!.to = 'comms@trust.test, Duty@Trust.test;';
    const { input } = draftToInput(d);
    expect(input?.channels).toEqual([
      { type: 'slack', id: 'abc123' },
      { type: 'email', id: 'def456', to: ['comms@trust.test', 'duty@trust.test'] },
    ]);
    expect(input).toMatchObject({ cooldownMinutes: 0, quietHours: { from: '22:00', to: '07:00' }, enabled: false });
  });

  it('says what is wrong, by field', () => {
    const hook = { ...newChannel('webhook'), url: '', secret: 'short' };
    const { input, errors } = draftToInput(
      draft({ name: ' ', windowMinutes: '7', quietFrom: '22:00', minVolume: 'ten', channels: [hook] }),
    );
    expect(input).toBeUndefined();
    expect(errors).toEqual({
      name: 'Enter a name for the rule',
      windowMinutes: 'The window must be 15 to 360 minutes, in steps of 5',
      minVolume: 'Enter the minimum number of posts, e.g. 10',
      quietHours: 'Give both the start and the end of the quiet hours, or neither',
      'channels.0.url': 'Enter the webhook address',
      'channels.0.secret': 'The signing secret must be at least 16 characters',
    });
  });

  it('reads the API’s schema errors by field, and any other refusal for the whole form', () => {
    expect(apiFieldErrors('invalid body: channels.0.url: must be an https:// address; filter.topic: too long')).toEqual(
      {
        'channels.0.url': 'Channel 1 address: must be an https:// address',
        topic: 'Topic: too long',
      },
    );
    expect(apiFieldErrors('filter.topic: no topic "x" in the taxonomy')).toEqual({
      topic: 'Topic: no topic "x" in the taxonomy',
    });
    expect(apiFieldErrors('webhook addresses must use https')).toEqual({ form: 'webhook addresses must use https' });
  });
});
