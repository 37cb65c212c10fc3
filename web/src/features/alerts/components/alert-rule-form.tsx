import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { useQuery } from '@tanstack/react-query';
import {
  ALERT_SENSITIVITIES,
  METRIC_WORDS,
  SENSITIVITY_WORDS,
  type AlertRule,
  type AlertSensitivity,
} from '@lp/contracts/alerts';
import { ApiError, errorMessage } from '../../../lib/api-client';
import { lastDays } from '../../../lib/dates';
import { useSources } from '../../sources/api/get-sources';
import { getTopicsQueryOptions } from '../../topics/api/get-topics';
import { useCreateAlertRule } from '../api/create-alert-rule';
import { useUpdateAlertRule } from '../api/update-alert-rule';
import {
  apiFieldErrors,
  draftToInput,
  emptyDraft,
  ruleToDraft,
  type AboutUsChoice,
  type FieldErrors,
  type RuleDraft,
} from '../utils/rule-form';
import { AlertChannelFields } from './alert-channel-fields';
import { describedBy, ErrorSummary, FormGroup, Radios } from './form-parts';

const SENSITIVITY_LABELS: Record<AlertSensitivity, string> = { low: 'Low', medium: 'Medium', high: 'High' };
// The contract's words lead with the level's name, which the radio's label already gives.
const sensitivityHint = (s: AlertSensitivity) => {
  const rest = SENSITIVITY_WORDS[s].replace(/^[^:]+:\s*/, '');
  return rest.charAt(0).toUpperCase() + rest.slice(1);
};

const VOICES: Array<{ value: RuleDraft['voice']; label: string }> = [
  { value: '', label: 'Any' },
  { value: 'staff', label: 'Staff' },
  { value: 'org', label: 'Organisation' },
  { value: 'public', label: 'Public' },
];

const ABOUT_US: Array<{ value: AboutUsChoice; label: string }> = [
  { value: 'any', label: 'Any' },
  { value: 'yes', label: 'Only posts about us' },
  { value: 'no', label: 'Only other posts' },
];

type Props = {
  /** The rule being edited; absent when adding one. */
  editing?: AlertRule;
  onDone: (rule: AlertRule) => void;
  onCancel?: () => void;
};

/** Add or edit an alert rule. Problems (ours or the API's) are listed above the form and beside each field. */
export function AlertRuleForm({ editing, onDone, onCancel }: Props) {
  const uid = useId();
  const [draft, setDraft] = useState<RuleDraft>(() => (editing ? ruleToDraft(editing) : emptyDraft()));
  const [errors, setErrors] = useState<FieldErrors>({});
  // Bumped on each refused save, so the summary takes focus again even when the problems are the same.
  const [refusals, setRefusals] = useState(0);
  const summary = useRef<HTMLDivElement>(null);
  const create = useCreateAlertRule();
  const update = useUpdateAlertRule();
  const pending = create.isPending || update.isPending;
  // Every taxonomy topic is listed whatever the range; a week keeps the query cheap and shared.
  const [range] = useState(() => lastDays(7));
  const topics = useQuery(getTopicsQueryOptions(range));
  const sources = useSources();

  useEffect(() => {
    if (refusals > 0) summary.current?.focus();
  }, [refusals]);

  const set = (patch: Partial<RuleDraft>) => setDraft((d) => ({ ...d, ...patch }));
  const idOf = (key: string) => `${uid}-${key.replace(/\./g, '-')}`;
  const fieldId = (key: string) => (key === 'form' ? null : idOf(key === 'quietHours' ? 'quietFrom' : key));
  const refuse = (found: FieldErrors) => {
    setErrors(found);
    setRefusals((n) => n + 1);
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const { input, errors: found } = draftToInput(draft);
    if (!input) return refuse(found);
    setErrors({});
    const onError = (error: Error) =>
      refuse(
        error instanceof ApiError && error.isClientError
          ? apiFieldErrors(error.message)
          : { form: errorMessage(error) },
      );
    if (editing) update.mutate({ id: editing.id, patch: input }, { onSuccess: onDone, onError });
    else
      create.mutate(input, {
        onSuccess: (rule) => {
          setDraft(emptyDraft());
          onDone(rule);
        },
        onError,
      });
  };

  const topicOptions = [...(topics.data?.topics ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const sourceOptions = [...(sources.data?.sources ?? [])].sort((a, b) => a.id.localeCompare(b.id));
  const text = (key: 'name' | 'windowMinutes' | 'cooldownMinutes' | 'minVolume', hint: boolean, width?: string) => ({
    id: idOf(key),
    className: `nhsuk-input${width ? ` ${width}` : ''}${errors[key] ? ' nhsuk-input--error' : ''}`,
    value: draft[key],
    onChange: (e: { target: { value: string } }) => set({ [key]: e.target.value }),
    ...describedBy(idOf(key), hint, errors[key]),
  });
  const number = { type: 'text', inputMode: 'numeric' as const, autoComplete: 'off', spellCheck: false };

  return (
    <form className="alert-rule-form" onSubmit={onSubmit} noValidate data-testid="alert-rule-form">
      <ErrorSummary errors={errors} fieldId={fieldId} ref={summary} />
      <FormGroup id={idOf('name')} label="Name" error={errors.name}>
        <input {...text('name', false)} type="text" autoComplete="off" autoFocus={Boolean(editing)} />
      </FormGroup>
      <Radios
        id={idOf('metric')}
        legend="What to watch"
        error={errors.metric}
        value={draft.metric}
        onChange={(metric) => set({ metric })}
        options={[
          { value: 'volume', label: METRIC_WORDS.volume },
          {
            value: 'negative_share',
            label: METRIC_WORDS.negative_share,
            hint: 'Of the posts with a sentiment score',
          },
        ]}
      />
      <div className="nhsuk-form-group">
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Which posts</legend>
          <div className="alert-filters">
            <FormGroup id={idOf('topic')} label="Topic" error={errors.topic}>
              <select
                id={idOf('topic')}
                className="nhsuk-select"
                value={draft.topic}
                onChange={(e) => set({ topic: e.target.value })}
                {...describedBy(idOf('topic'), false, errors.topic)}
              >
                <option value="">Any topic</option>
                {draft.topic && !topicOptions.some((t) => t.id === draft.topic) ? (
                  <option value={draft.topic}>{draft.topic}</option>
                ) : null}
                {topicOptions.map((t) => (
                  <option key={t.id} value={t.id}>
                    {t.name}
                  </option>
                ))}
              </select>
            </FormGroup>
            <FormGroup id={idOf('source')} label="Source" error={errors.source}>
              <select
                id={idOf('source')}
                className="nhsuk-select"
                value={draft.source}
                onChange={(e) => set({ source: e.target.value })}
                {...describedBy(idOf('source'), false, errors.source)}
              >
                <option value="">Any source</option>
                {draft.source && !sourceOptions.some((s) => s.id === draft.source) ? (
                  <option value={draft.source}>{draft.source}</option>
                ) : null}
                {sourceOptions.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.id} ({s.type})
                  </option>
                ))}
              </select>
            </FormGroup>
            <FormGroup id={idOf('voice')} label="Voice" error={errors.voice}>
              <select
                id={idOf('voice')}
                className="nhsuk-select"
                value={draft.voice}
                onChange={(e) => set({ voice: VOICES.find((v) => v.value === e.target.value)?.value ?? '' })}
                {...describedBy(idOf('voice'), false, errors.voice)}
              >
                {VOICES.map((v) => (
                  <option key={v.value} value={v.value}>
                    {v.label}
                  </option>
                ))}
              </select>
            </FormGroup>
            <FormGroup id={idOf('aboutUs')} label="About us" error={errors.aboutUs}>
              <select
                id={idOf('aboutUs')}
                className="nhsuk-select"
                value={draft.aboutUs}
                onChange={(e) => set({ aboutUs: ABOUT_US.find((a) => a.value === e.target.value)?.value ?? 'any' })}
                {...describedBy(idOf('aboutUs'), false, errors.aboutUs)}
              >
                {ABOUT_US.map((a) => (
                  <option key={a.value} value={a.value}>
                    {a.label}
                  </option>
                ))}
              </select>
            </FormGroup>
          </div>
        </fieldset>
      </div>
      <Radios
        id={idOf('sensitivity')}
        legend="Sensitivity"
        hint="How far above the usual level a window must be before the rule fires."
        error={errors.sensitivity}
        value={draft.sensitivity}
        onChange={(sensitivity) => set({ sensitivity })}
        options={ALERT_SENSITIVITIES.map((s) => ({ value: s, label: SENSITIVITY_LABELS[s], hint: sensitivityHint(s) }))}
      />
      <div className="alert-numbers">
        <FormGroup
          id={idOf('windowMinutes')}
          label="Window minutes"
          hint="How many minutes of posts each check reads: 15 to 360, in steps of 5."
          error={errors.windowMinutes}
        >
          <input {...text('windowMinutes', true, 'nhsuk-input--width-4')} {...number} />
        </FormGroup>
        <FormGroup
          id={idOf('cooldownMinutes')}
          label="Cool-down minutes"
          hint="After an alert, the rule stays quiet this long."
          error={errors.cooldownMinutes}
        >
          <input {...text('cooldownMinutes', true, 'nhsuk-input--width-5')} {...number} />
        </FormGroup>
        <FormGroup
          id={idOf('minVolume')}
          label="Minimum posts"
          hint="Fewest posts in the window (scored posts, for the negative share) before the rule may fire."
          error={errors.minVolume}
        >
          <input {...text('minVolume', true, 'nhsuk-input--width-5')} {...number} />
        </FormGroup>
      </div>
      <div className={`nhsuk-form-group${errors.quietHours ? ' nhsuk-form-group--error' : ''}`}>
        <fieldset
          className="nhsuk-fieldset"
          aria-describedby={`${idOf('quiet')}-hint${errors.quietHours ? ` ${idOf('quiet')}-error` : ''}`}
        >
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Quiet hours (optional)</legend>
          <div className="nhsuk-hint" id={`${idOf('quiet')}-hint`}>
            Alerts in these hours (UK time) are held and sent as one digest when they end. Write times as HH:MM, e.g.
            22:00 to 07:00.
          </div>
          {errors.quietHours ? (
            <span className="nhsuk-error-message" id={`${idOf('quiet')}-error`}>
              <span className="nhsuk-u-visually-hidden">Error:</span> {errors.quietHours}
            </span>
          ) : null}
          <div className="alert-quiet-times">
            {(['quietFrom', 'quietTo'] as const).map((key) => (
              <div className="nhsuk-form-group" key={key}>
                <label className="nhsuk-label" htmlFor={idOf(key)}>
                  {key === 'quietFrom' ? 'From' : 'To'}
                </label>
                <input
                  id={idOf(key)}
                  className={`nhsuk-input nhsuk-input--width-4${errors.quietHours ? ' nhsuk-input--error' : ''}`}
                  type="text"
                  inputMode="numeric"
                  autoComplete="off"
                  placeholder="HH:MM"
                  value={draft[key]}
                  onChange={(e) => set({ [key]: e.target.value })}
                  aria-invalid={errors.quietHours ? true : undefined}
                />
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <AlertChannelFields
        channels={draft.channels}
        onChange={(channels) => set({ channels })}
        errors={errors}
        idOf={idOf}
      />
      <div className="nhsuk-form-group alert-checkbox">
        <input
          id={idOf('enabled')}
          type="checkbox"
          checked={draft.enabled}
          onChange={(e) => set({ enabled: e.target.checked })}
        />
        <label className="nhsuk-label" htmlFor={idOf('enabled')}>
          Enabled: check this rule and send its alerts
        </label>
      </div>
      <div className="form-actions">
        <button type="submit" className="nhsuk-button" disabled={pending} data-testid="alert-rule-save">
          {pending ? 'Saving…' : editing ? 'Save changes' : 'Add rule'}
        </button>
        {onCancel ? (
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={onCancel}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}
