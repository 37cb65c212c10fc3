import { useId, useState, type FormEvent } from 'react';
import { ROLES, ROLE_LABELS, roleAtLeast, type Role } from '@lp/contracts/auth';
import type { TokenCreated } from '@lp/contracts/tokens';
import { Panel } from '../../../components/ui/panel';
import { ErrorState, LoadingState } from '../../../components/ui/query-states';
import { errorMessage } from '../../../lib/api-client';
import { formatPostTime } from '../../../lib/dates';
import { useSessionUser } from '../../../lib/session';
import { useCreateToken, useRevokeToken, useTokens } from '../api/tokens';

const STATE_TAG = { active: 'green', expired: 'grey', revoked: 'grey' } as const;
const STATE_LABEL = { active: 'Active', expired: 'Expired', revoked: 'Revoked' } as const;

/** Your own API tokens: for a script, R or Power BI to read the API as you (or as less than you). */
export function TokensPanel() {
  const tokens = useTokens();
  const revoke = useRevokeToken();
  return (
    <Panel
      title="API tokens"
      testId="tokens-panel"
      description={
        <>
          For a script, R or Power BI to use the API as you: send it as <code>Authorization: Bearer …</code>. A token
          can have a lower role than yours, ends on its expiry date, and stops at once when revoked.
        </>
      }
    >
      <CreateToken />
      {revoke.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(revoke.error)}
        </p>
      ) : null}
      {tokens.isPending ? (
        <LoadingState label="Loading your tokens" />
      ) : tokens.isError ? (
        <ErrorState what="your tokens" error={tokens.error} onRetry={() => tokens.refetch()} />
      ) : tokens.data.tokens.length === 0 ? (
        <p>You have no API tokens.</p>
      ) : (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="API tokens">
          <table className="nhsuk-table" data-testid="tokens-table">
            <caption className="nhsuk-u-visually-hidden">Your API tokens</caption>
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Role</th>
                <th scope="col">State</th>
                <th scope="col">Expires</th>
                <th scope="col">Last used</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.tokens.map((t) => (
                <tr key={t.id} data-testid="token-row">
                  <th scope="row">
                    {t.name}
                    <div className="nhsuk-body-s">
                      <code>{t.prefix}…</code>
                    </div>
                  </th>
                  <td>{ROLE_LABELS[t.role]}</td>
                  <td>
                    <strong className={`nhsuk-tag nhsuk-tag--${STATE_TAG[t.state]}`}>{STATE_LABEL[t.state]}</strong>
                  </td>
                  <td>{formatPostTime(t.expiresAt)}</td>
                  <td>{t.lastUsedAt ? formatPostTime(t.lastUsedAt) : 'Never'}</td>
                  <td>
                    {t.state === 'active' ? (
                      <button
                        type="button"
                        className="link-button"
                        disabled={revoke.isPending}
                        onClick={() => revoke.mutate(t.id)}
                      >
                        Revoke<span className="nhsuk-u-visually-hidden"> {t.name}</span>
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}

function CreateToken() {
  const uid = useId();
  const user = useSessionUser();
  const create = useCreateToken();
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>(user.role);
  const [days, setDays] = useState(90);
  const [created, setCreated] = useState<TokenCreated | null>(null);
  const [copied, setCopied] = useState(false);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setCreated(null);
    setCopied(false);
    create.mutate(
      { name, role, expiresInDays: days },
      {
        onSuccess: (t) => {
          setCreated(t);
          setName('');
        },
      },
    );
  };
  return (
    <>
      <form onSubmit={onSubmit} data-testid="create-token">
        <div className="form-row">
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor={`${uid}-name`}>
              Token name
            </label>
            <div className="nhsuk-hint" id={`${uid}-name-hint`}>
              What uses it, e.g. “Power BI staff mood report”.
            </div>
            <input
              id={`${uid}-name`}
              className="nhsuk-input"
              aria-describedby={`${uid}-name-hint`}
              required
              maxLength={100}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor={`${uid}-role`}>
              Acts as
            </label>
            <select
              id={`${uid}-role`}
              className="nhsuk-select"
              value={role}
              onChange={(e) => setRole(ROLES.find((r) => r === e.target.value) ?? user.role)}
            >
              {ROLES.filter((r) => roleAtLeast(user.role, r)).map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          </div>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor={`${uid}-days`}>
              Expires after (days)
            </label>
            <input
              id={`${uid}-days`}
              className="nhsuk-input nhsuk-input--width-4"
              type="number"
              min={1}
              max={365}
              required
              value={days}
              onChange={(e) => setDays(Number(e.target.value))}
            />
          </div>
        </div>
        {create.isError ? (
          <p className="field-error" role="alert">
            {errorMessage(create.error)}
          </p>
        ) : null}
        <button type="submit" className="button button-small" disabled={create.isPending}>
          Create token
        </button>
      </form>
      {created ? (
        <div className="nhsuk-inset-text token-created" role="status" data-testid="token-created">
          <p>
            <strong>Copy “{created.name}” now: it will not be shown again.</strong> It acts as{' '}
            {ROLE_LABELS[created.role].toLowerCase()} until {formatPostTime(created.expiresAt)}.
          </p>
          <code className="token-value" data-testid="token-value">
            {created.token}
          </code>{' '}
          <button
            type="button"
            className="link-button"
            onClick={() => void navigator.clipboard?.writeText(created.token).then(() => setCopied(true))}
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
      ) : null}
    </>
  );
}
