import { useId, useState, type FormEvent } from 'react';
import { PASSWORD_MIN, ROLE_LABELS } from '@lp/contracts/auth';
import { Panel } from '../../../components/ui/panel';
import { errorMessage } from '../../../lib/api-client';
import { formatPostTime } from '../../../lib/dates';
import { useSessionUser } from '../../../lib/session';
import { useChangePassword } from '../api/change-password';
import { useMe } from '../api/get-me';
import { useSignOut } from '../api/sign-out';
import { TokensPanel } from '../../tokens/components/tokens-panel';

const ROLE_MEANS = {
  viewer: 'the overview, trends, topics and the posts that moved the numbers (without links to the originals)',
  analyst: 'everything a viewer sees, plus the posts behind every figure, search and links to the originals',
  admin: 'everything an analyst sees, plus sources, imports, annotations, users and the audit log',
} as const;

/** The signed-in person's own account: what their role allows, their password, their sessions. */
export function AccountView() {
  const uid = useId();
  const user = useSessionUser();
  const me = useMe();
  const change = useChangePassword();
  const signOut = useSignOut();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [done, setDone] = useState(false);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    change.mutate(
      { currentPassword: current, newPassword: next },
      {
        onSuccess: () => {
          setCurrent('');
          setNext('');
          setDone(true);
        },
      },
    );
  };
  const session = me.data?.session;

  return (
    <>
      <h1>Your account</h1>
      <div className="dashboard-grid">
        <Panel title="Who you are signed in as" testId="account-panel">
          <dl className="nhsuk-summary-list">
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Email</dt>
              <dd className="nhsuk-summary-list__value">{user.email}</dd>
            </div>
            <div className="nhsuk-summary-list__row">
              <dt className="nhsuk-summary-list__key">Role</dt>
              <dd className="nhsuk-summary-list__value">
                {ROLE_LABELS[user.role]}: {ROLE_MEANS[user.role]}
              </dd>
            </div>
            {session ? (
              <div className="nhsuk-summary-list__row">
                <dt className="nhsuk-summary-list__key">This session</dt>
                <dd className="nhsuk-summary-list__value">
                  Ends after {session.idleMinutes} minutes without use, and at {formatPostTime(session.expiresAt)} at
                  the latest.
                </dd>
              </div>
            ) : null}
          </dl>
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary"
            onClick={() => signOut.mutate(true)}
            data-testid="sign-out-everywhere"
          >
            Sign out everywhere
          </button>
          <p className="nhsuk-body-s">Ends your sessions on every browser and device, this one included.</p>
          {signOut.isError ? (
            <p className="field-error" role="alert">
              Not signed out: {errorMessage(signOut.error)}
            </p>
          ) : null}
        </Panel>
        <Panel title="Change your password">
          <form onSubmit={onSubmit} data-testid="change-password">
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor={`${uid}-current`}>
                Current password
              </label>
              <input
                className="nhsuk-input"
                id={`${uid}-current`}
                type="password"
                autoComplete="current-password"
                value={current}
                onChange={(e) => setCurrent(e.target.value)}
                required
              />
            </div>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor={`${uid}-new`}>
                New password
              </label>
              <div className="nhsuk-hint" id={`${uid}-new-hint`}>
                At least {PASSWORD_MIN} characters. A few unrelated words make a strong one.
              </div>
              <input
                className="nhsuk-input"
                id={`${uid}-new`}
                type="password"
                autoComplete="new-password"
                aria-describedby={`${uid}-new-hint`}
                minLength={PASSWORD_MIN}
                value={next}
                onChange={(e) => setNext(e.target.value)}
                required
              />
            </div>
            {change.isError ? (
              <p className="field-error" role="alert">
                {errorMessage(change.error)}
              </p>
            ) : null}
            {done ? (
              <p className="form-success" role="status">
                Password changed. Your other sessions have been signed out.
              </p>
            ) : null}
            <button className="nhsuk-button" type="submit" disabled={change.isPending}>
              Change password
            </button>
          </form>
        </Panel>
      </div>
      <TokensPanel />
    </>
  );
}
