import type { ReactNode } from 'react';
import { CHANNEL_WORDS } from '../utils/alert-words';
import { newChannel, type ChannelDraft, type ChannelType, type FieldErrors } from '../utils/rule-form';
import { describedBy, FormGroup } from './form-parts';

const TYPES: ChannelType[] = ['email', 'teams', 'slack', 'webhook'];

const URL_FIELD: Record<Exclude<ChannelType, 'email'>, { label: string; hint: string }> = {
  teams: {
    label: 'Workflows webhook URL',
    hint: 'In Teams, add the Workflows template “Post to a channel when a webhook request is received” and copy its URL.',
  },
  slack: {
    label: 'Incoming webhook URL',
    hint: 'From the Slack app’s Incoming Webhooks page: https://hooks.slack.com/services/…',
  },
  webhook: {
    label: 'Webhook URL',
    hint: 'Each alert is sent to this address as a JSON POST.',
  },
};

type Props = {
  channels: ChannelDraft[];
  onChange: (channels: ChannelDraft[]) => void;
  errors: FieldErrors;
  idOf: (key: string) => string;
};

/** Where a rule's alerts go: rows of email, Teams, Slack or webhook, added and removed freely. */
export function AlertChannelFields({ channels, onChange, errors, idOf }: Props) {
  const set = (i: number, patch: Partial<ChannelDraft>) =>
    onChange(channels.map((c, j) => (j === i ? { ...c, ...patch } : c)));
  return (
    <div className="nhsuk-form-group">
      <fieldset className="nhsuk-fieldset" data-testid="alert-channels">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Channels</legend>
        <div className="nhsuk-hint">
          Where alerts go. With no channels, alerts still show in the history on this page.
        </div>
        {channels.map((c, i) => (
          <ChannelRow
            key={c.key}
            channel={c}
            n={i + 1}
            errors={errors}
            at={`channels.${i}`}
            idOf={idOf}
            onChange={(patch) => set(i, patch)}
            onRemove={() => onChange(channels.filter((_, j) => j !== i))}
          />
        ))}
        {errors.channels ? <p className="field-error">{errors.channels}</p> : null}
        <button
          type="button"
          id={idOf('channels')}
          className="nhsuk-button nhsuk-button--secondary"
          onClick={() => onChange([...channels, newChannel()])}
          disabled={channels.length >= 10}
          data-testid="alert-add-channel"
        >
          Add a channel
        </button>
      </fieldset>
    </div>
  );
}

function ChannelRow(props: {
  channel: ChannelDraft;
  n: number;
  at: string;
  errors: FieldErrors;
  idOf: (key: string) => string;
  onChange: (patch: Partial<ChannelDraft>) => void;
  onRemove: () => void;
}) {
  const { channel: c, n, at, errors, idOf, onChange } = props;
  const typeId = idOf(`${at}.type`);
  const saved = Boolean(c.id);
  let fields: ReactNode;
  if (c.type === 'email') {
    const id = idOf(`${at}.to`);
    const error = errors[`${at}.to`];
    fields = (
      <FormGroup id={id} label="Email addresses" hint="Separate addresses with commas." error={error}>
        <input
          id={id}
          className={`nhsuk-input${error ? ' nhsuk-input--error' : ''}`}
          type="text"
          inputMode="email"
          autoComplete="off"
          spellCheck={false}
          value={c.to}
          onChange={(e) => onChange({ to: e.target.value })}
          {...describedBy(id, true, error)}
        />
      </FormGroup>
    );
  } else {
    const urlId = idOf(`${at}.url`);
    const urlError = errors[`${at}.url`];
    const secretId = idOf(`${at}.secret`);
    const secretError = errors[`${at}.secret`];
    const spec = URL_FIELD[c.type];
    fields = (
      <>
        <FormGroup
          id={urlId}
          label={spec.label}
          error={urlError}
          hint={
            <>
              {spec.hint}
              {saved ? (
                <span className="alert-block" data-testid="alert-channel-saved">
                  Saved: {c.savedUrl ?? 'an address'} — address saved — leave blank to keep.
                </span>
              ) : null}
            </>
          }
        >
          <input
            id={urlId}
            className={`nhsuk-input${urlError ? ' nhsuk-input--error' : ''}`}
            type="url"
            autoComplete="off"
            spellCheck={false}
            value={c.url}
            onChange={(e) => onChange({ url: e.target.value })}
            {...describedBy(urlId, true, urlError)}
          />
        </FormGroup>
        {c.type === 'webhook' ? (
          <FormGroup
            id={secretId}
            label="Signing secret (optional)"
            error={secretError}
            hint={
              <>
                At least 16 characters. Each request then carries <code>X-LP-Signature: sha256=&lt;HMAC&gt;</code>, the
                HMAC-SHA256 of its body with this secret, so the receiver can check it came from here.
                {saved && c.hasSecret
                  ? ' A secret is saved — leave blank to keep it (a new address without a secret is sent unsigned).'
                  : ''}
              </>
            }
          >
            <input
              id={secretId}
              className={`nhsuk-input${secretError ? ' nhsuk-input--error' : ''}`}
              type="password"
              autoComplete="new-password"
              value={c.secret}
              onChange={(e) => onChange({ secret: e.target.value })}
              {...describedBy(secretId, true, secretError)}
            />
          </FormGroup>
        ) : null}
      </>
    );
  }
  return (
    <fieldset className="nhsuk-fieldset alert-channel" data-testid="alert-channel">
      <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
        Channel {n}: {CHANNEL_WORDS[c.type]}
      </legend>
      <FormGroup id={typeId} label="Type">
        <select
          id={typeId}
          className="nhsuk-select"
          value={c.type}
          // Another type is another channel: the saved one's address and secret do not carry over.
          onChange={(e) => {
            const type = TYPES.find((t) => t === e.target.value) ?? c.type;
            onChange({ type, id: undefined, savedUrl: undefined, hasSecret: undefined, url: '', secret: '', to: '' });
          }}
        >
          {TYPES.map((t) => (
            <option key={t} value={t}>
              {CHANNEL_WORDS[t]}
            </option>
          ))}
        </select>
      </FormGroup>
      {fields}
      <button type="button" className="link-button" onClick={props.onRemove}>
        Remove channel {n}
      </button>
    </fieldset>
  );
}
