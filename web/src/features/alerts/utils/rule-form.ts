import {
  zAlertRuleInput,
  type AlertChannelInput,
  type AlertChannelView,
  type AlertMetric,
  type AlertRule,
  type AlertRuleInput,
  type AlertSensitivity,
} from '@lp/contracts/alerts';
import type { Voice } from '@lp/contracts/post';

export type ChannelType = AlertChannelView['type'];

/** One channel row as typed. A saved one keeps its id: its blank address (and secret) keep what is stored. */
export type ChannelDraft = {
  /** React's key for the row: rows come and go, and a saved channel may not have an id yet. */
  key: number;
  type: ChannelType;
  id?: string;
  /** Email: addresses, comma-separated. */
  to: string;
  url: string;
  secret: string;
  /** A saved hook's host as the API shows it (`https://hooks.slack.com/…`), never its path. */
  savedUrl?: string;
  hasSecret?: boolean;
};

export type AboutUsChoice = 'any' | 'yes' | 'no';

/** What the add/edit form holds: every field as typed. */
export type RuleDraft = {
  name: string;
  metric: AlertMetric;
  topic: string;
  source: string;
  voice: '' | Voice;
  aboutUs: AboutUsChoice;
  sensitivity: AlertSensitivity;
  windowMinutes: string;
  cooldownMinutes: string;
  quietFrom: string;
  quietTo: string;
  minVolume: string;
  enabled: boolean;
  channels: ChannelDraft[];
};

/**
 * Problems, by field: `name`, `windowMinutes`, `quietHours`, `channels.0.url`… and `form` for
 * what belongs to no one field.
 */
export type FieldErrors = Record<string, string>;

let nextKey = 1;

export function newChannel(type: ChannelType = 'email'): ChannelDraft {
  return { key: nextKey++, type, to: '', url: '', secret: '' };
}

export function emptyDraft(): RuleDraft {
  return {
    name: '',
    metric: 'volume',
    topic: '',
    source: '',
    voice: '',
    aboutUs: 'any',
    sensitivity: 'medium',
    windowMinutes: '60',
    cooldownMinutes: '180',
    quietFrom: '',
    quietTo: '',
    minVolume: '10',
    enabled: true,
    channels: [],
  };
}

export function ruleToDraft(rule: AlertRule): RuleDraft {
  return {
    name: rule.name,
    metric: rule.metric,
    topic: rule.filter.topic ?? '',
    source: rule.filter.source ?? '',
    voice: rule.filter.voice ?? '',
    aboutUs: rule.filter.aboutUs === true ? 'yes' : rule.filter.aboutUs === false ? 'no' : 'any',
    sensitivity: rule.sensitivity,
    windowMinutes: String(rule.windowMinutes),
    cooldownMinutes: String(rule.cooldownMinutes),
    quietFrom: rule.quietHours?.from ?? '',
    quietTo: rule.quietHours?.to ?? '',
    minVolume: String(rule.minVolume),
    enabled: rule.enabled,
    channels: rule.channels.map((c) => ({
      ...newChannel(c.type),
      id: c.id,
      to: (c.to ?? []).join(', '),
      savedUrl: c.url,
      hasSecret: c.hasSecret,
    })),
  };
}

/** A whole number as typed (spaces and thousands commas allowed), or null. */
function whole(s: string): number | null {
  const t = s.replace(/[\s,]/g, '');
  return /^\d{1,9}$/.test(t) ? Number(t) : null;
}

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;
// A first check only: the API has the last word on what an address is.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function checkNumbers(d: RuleDraft, errors: FieldErrors) {
  const windowMinutes = whole(d.windowMinutes);
  if (windowMinutes === null) errors.windowMinutes = 'Enter the window in whole minutes, e.g. 60';
  else if (windowMinutes < 15 || windowMinutes > 360 || windowMinutes % 5 !== 0)
    errors.windowMinutes = 'The window must be 15 to 360 minutes, in steps of 5';
  const cooldownMinutes = whole(d.cooldownMinutes);
  if (cooldownMinutes === null) errors.cooldownMinutes = 'Enter the cool-down in whole minutes, e.g. 180';
  else if (cooldownMinutes > 7 * 24 * 60)
    errors.cooldownMinutes = 'The cool-down can be at most 10,080 minutes (a week)';
  const minVolume = whole(d.minVolume);
  if (minVolume === null) errors.minVolume = 'Enter the minimum number of posts, e.g. 10';
  else if (minVolume < 1 || minVolume > 100_000) errors.minVolume = 'Minimum posts must be 1 to 100,000';
  return { windowMinutes: windowMinutes ?? 60, cooldownMinutes: cooldownMinutes ?? 180, minVolume: minVolume ?? 10 };
}

function checkQuietHours(d: RuleDraft, errors: FieldErrors): { from: string; to: string } | null {
  const from = d.quietFrom.trim();
  const to = d.quietTo.trim();
  if (!from && !to) return null;
  if (!from || !to) errors.quietHours = 'Give both the start and the end of the quiet hours, or neither';
  else if (!HH_MM.test(from) || !HH_MM.test(to)) errors.quietHours = 'Write quiet hours as HH:MM, e.g. 22:00 and 07:00';
  else if (from === to) errors.quietHours = 'Quiet hours must start and end at different times';
  return { from, to };
}

function toChannel(c: ChannelDraft, i: number, errors: FieldErrors): AlertChannelInput {
  const at = `channels.${i}`;
  const id = c.id ? { id: c.id } : {};
  if (c.type === 'email') {
    const to = c.to
      .split(/[\s,;]+/)
      .map((a) => a.trim().toLowerCase())
      .filter(Boolean);
    const bad = to.filter((a) => !EMAIL.test(a));
    if (to.length === 0) errors[`${at}.to`] = 'Enter at least one email address';
    else if (bad.length > 0) errors[`${at}.to`] = `Not an email address: ${bad.join(', ')}`;
    else if (to.length > 20) errors[`${at}.to`] = 'Give at most 20 email addresses';
    return { type: 'email', ...id, to };
  }
  const url = c.url.trim();
  const secret = c.secret;
  if (!url && !c.id) errors[`${at}.url`] = 'Enter the webhook address';
  else if (url && !/^https?:\/\/\S+$/i.test(url)) errors[`${at}.url`] = 'Enter the whole address, starting https://';
  if (secret && secret.length < 16) errors[`${at}.secret`] = 'The signing secret must be at least 16 characters';
  return { type: c.type, ...id, ...(url ? { url } : {}), ...(c.type === 'webhook' && secret ? { secret } : {}) };
}

/**
 * Checks the form as the API would and builds the body. The same body serves a PATCH: every field
 * is sent, and a saved hook channel sent without an address keeps its address and secret.
 */
export function draftToInput(d: RuleDraft): { input?: AlertRuleInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const name = d.name.trim();
  if (!name) errors.name = 'Enter a name for the rule';
  else if (name.length > 120) errors.name = 'The name can be at most 120 characters';
  const numbers = checkNumbers(d, errors);
  const quietHours = checkQuietHours(d, errors);
  if (d.channels.length > 10) errors.channels = 'A rule can have at most 10 channels';
  const input: AlertRuleInput = {
    name,
    metric: d.metric,
    filter: {
      ...(d.topic ? { topic: d.topic } : {}),
      ...(d.source ? { source: d.source } : {}),
      ...(d.voice ? { voice: d.voice } : {}),
      ...(d.aboutUs === 'any' ? {} : { aboutUs: d.aboutUs === 'yes' }),
    },
    sensitivity: d.sensitivity,
    channels: d.channels.map((c, i) => toChannel(c, i, errors)),
    ...numbers,
    quietHours,
    enabled: d.enabled,
  };
  // The contract is the last word: anything the checks above let through is caught here, by field.
  if (Object.keys(errors).length === 0) {
    const parsed = zAlertRuleInput.safeParse(input);
    if (!parsed.success)
      for (const issue of parsed.error.issues) {
        const key = fieldKey(issue.path.map(String));
        errors[key] ??= withLabel(key, issue.message);
      }
  }
  return Object.keys(errors).length > 0 ? { errors } : { errors, input };
}

/** The form field a contract path names: `filter.topic` is `topic`, `channels.0.to.2` is `channels.0.to`. */
export function fieldKey(path: readonly string[]): string {
  const [head, second, third] = path;
  if (head === 'filter' && second) return second;
  if (head === 'quietHours') return 'quietHours';
  if (head === 'channels' && second !== undefined && /^\d+$/.test(second)) {
    if (third === 'to' || third === 'secret') return `channels.${second}.${third}`;
    return `channels.${second}.url`;
  }
  return head && FIELD_LABELS[head] ? head : 'form';
}

const FIELD_LABELS: Record<string, string> = {
  name: 'Name',
  metric: 'What to watch',
  topic: 'Topic',
  source: 'Source',
  voice: 'Voice',
  aboutUs: 'About us',
  sensitivity: 'Sensitivity',
  windowMinutes: 'Window',
  cooldownMinutes: 'Cool-down',
  quietHours: 'Quiet hours',
  minVolume: 'Minimum posts',
  enabled: 'Enabled',
  channels: 'Channels',
};

export function fieldLabel(key: string): string {
  const channel = /^channels\.(\d+)\.(to|url|secret)$/.exec(key);
  if (channel) {
    const what = { to: 'email addresses', url: 'address', secret: 'signing secret' }[
      channel[2] as 'to' | 'url' | 'secret'
    ];
    return `Channel ${Number(channel[1]) + 1} ${what}`;
  }
  return FIELD_LABELS[key] ?? '';
}

/** A contract's terse message ("is required") leads with the field's name; a sentence stands as it is. */
function withLabel(key: string, message: string): string {
  const label = fieldLabel(key);
  return label && /^[a-z]/.test(message) ? `${label}: ${message}` : message;
}

/**
 * The API's 400, by field. A schema failure reads `invalid body: name: is required; channels.0.url: …`;
 * its own checks read `filter.topic: no topic "x" in the taxonomy`; anything else is one message for the form.
 */
export function apiFieldErrors(message: string): FieldErrors {
  const schema = /^invalid body: (.*)$/s.exec(message);
  const parts = schema ? schema[1]!.split('; ') : [message];
  const errors: FieldErrors = {};
  for (const part of parts) {
    const m = /^([A-Za-z0-9_.]+): (.*)$/s.exec(part);
    const key = m ? fieldKey(m[1]!.split('.')) : 'form';
    const text = m && key !== 'form' ? withLabel(key, m[2]!) : part;
    errors[key] = errors[key] ? `${errors[key]}; ${text}` : text;
  }
  return errors;
}
