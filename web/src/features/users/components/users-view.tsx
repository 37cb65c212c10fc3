import { useId, useState, type FormEvent } from 'react';
import { PASSWORD_MIN, ROLES, ROLE_LABELS, type Role } from '@lp/contracts/auth';
import type { User } from '@lp/contracts/users';
import { Panel } from '../../../components/ui/panel';
import { ErrorState, LoadingState } from '../../../components/ui/query-states';
import { errorMessage } from '../../../lib/api-client';
import { formatPostTime } from '../../../lib/dates';
import { useSessionUser } from '../../../lib/session';
import { useCreateUser } from '../api/create-user';
import { useUsers } from '../api/get-users';
import { useUpdateUser } from '../api/update-user';

/** Admins: who may sign in, as what; add people, change roles, disable, set a new password. */
export function UsersView() {
  const users = useUsers();
  return (
    <>
      <h1>Users</h1>
      <p className="nhsuk-body">
        Viewers read the overview and trends; analysts also see the posts behind them; admins also run sources, users
        and the audit log. Every change here is recorded in the audit log.
      </p>
      <Panel title="Everyone who can sign in" testId="users-panel">
        {users.isPending ? (
          <LoadingState label="Loading users" />
        ) : users.isError ? (
          <ErrorState what="users" error={users.error} onRetry={() => users.refetch()} />
        ) : (
          <UsersTable users={users.data.users} />
        )}
      </Panel>
      <AddUserForm />
    </>
  );
}

function UsersTable({ users }: { users: User[] }) {
  const me = useSessionUser();
  const update = useUpdateUser();
  const [resetting, setResetting] = useState<number | null>(null);
  return (
    <>
      {update.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(update.error)}
        </p>
      ) : null}
      <div className="table-scroll" tabIndex={0} role="region" aria-label="Users">
        <table className="nhsuk-table" data-testid="users-table">
          <caption className="nhsuk-u-visually-hidden">Users, their roles and state</caption>
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Email</th>
              <th scope="col">Role</th>
              <th scope="col">State</th>
              <th scope="col">Signs in with</th>
              <th scope="col">Last signed in</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-testid="user-row" data-email={u.email}>
                <th scope="row">
                  {u.email}
                  {u.email === me.email ? <span className="nhsuk-body-s"> (you)</span> : null}
                </th>
                <td>
                  <label className="nhsuk-u-visually-hidden" htmlFor={`role-${u.id}`}>
                    Role of {u.email}
                  </label>
                  <RoleSelect
                    id={`role-${u.id}`}
                    value={u.role}
                    disabled={update.isPending}
                    onChange={(role) => update.mutate({ id: u.id, change: { role } })}
                  />
                </td>
                <td>
                  {u.disabled ? (
                    <strong className="nhsuk-tag nhsuk-tag--grey">Disabled</strong>
                  ) : u.lockedUntil ? (
                    <strong className="nhsuk-tag nhsuk-tag--orange">
                      Locked until {formatPostTime(u.lockedUntil)}
                    </strong>
                  ) : (
                    <strong className="nhsuk-tag nhsuk-tag--green">Active</strong>
                  )}
                </td>
                <td>{signInMethods(u.signIn)}</td>
                <td>{u.lastSignInAt ? formatPostTime(u.lastSignInAt) : 'Never'}</td>
                <td className="user-actions">
                  <button
                    type="button"
                    className="link-button"
                    disabled={update.isPending}
                    onClick={() => update.mutate({ id: u.id, change: { disabled: !u.disabled } })}
                  >
                    {u.disabled ? 'Enable' : 'Disable'}
                    <span className="nhsuk-u-visually-hidden"> {u.email}</span>
                  </button>{' '}
                  <button type="button" className="link-button" onClick={() => setResetting(u.id)}>
                    Set a new password<span className="nhsuk-u-visually-hidden"> for {u.email}</span>
                  </button>
                  {resetting === u.id ? <ResetPassword user={u} onDone={() => setResetting(null)} /> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function RoleSelect(props: { id: string; value: Role; disabled?: boolean; onChange: (role: Role) => void }) {
  return (
    <select
      id={props.id}
      className="nhsuk-select"
      value={props.value}
      disabled={props.disabled}
      onChange={(e) => props.onChange(ROLES.find((r) => r === e.target.value) ?? props.value)}
    >
      {ROLES.map((r) => (
        <option key={r} value={r}>
          {ROLE_LABELS[r]}
        </option>
      ))}
    </select>
  );
}

function ResetPassword({ user, onDone }: { user: User; onDone: () => void }) {
  const uid = useId();
  const update = useUpdateUser();
  const [password, setPassword] = useState('');
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ id: user.id, change: { password } }, { onSuccess: onDone });
  };
  return (
    <form onSubmit={onSubmit} className="reset-password" data-testid="reset-password">
      <label className="nhsuk-label" htmlFor={`${uid}-pw`}>
        New password for {user.email}
      </label>
      <div className="nhsuk-hint">
        Unlocks the account and signs them out everywhere. Tell them in person or by phone.
      </div>
      <input
        id={`${uid}-pw`}
        className="nhsuk-input"
        type="password"
        autoComplete="new-password"
        minLength={PASSWORD_MIN}
        required
        value={password}
        onChange={(e) => setPassword(e.target.value)}
      />
      {update.isError ? (
        <p className="field-error" role="alert">
          {errorMessage(update.error)}
        </p>
      ) : null}
      <button type="submit" className="button button-small" disabled={update.isPending}>
        Set password
      </button>{' '}
      <button type="button" className="link-button" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}

function AddUserForm() {
  const uid = useId();
  const create = useCreateUser();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [password, setPassword] = useState('');
  const [added, setAdded] = useState<string | null>(null);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setAdded(null);
    create.mutate(
      { email, role, password },
      {
        onSuccess: (u) => {
          setAdded(
            `${u.email} added as ${ROLE_LABELS[u.role].toLowerCase()}. Give them their first password in person or by phone.`,
          );
          setEmail('');
          setPassword('');
        },
      },
    );
  };
  return (
    <Panel title="Add a user" testId="add-user">
      <form onSubmit={onSubmit}>
        <div className="form-row">
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor={`${uid}-email`}>
              Email address
            </label>
            <input
              id={`${uid}-email`}
              className="nhsuk-input"
              type="email"
              autoComplete="off"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor={`${uid}-role`}>
              Role
            </label>
            <RoleSelect id={`${uid}-role`} value={role} onChange={setRole} />
          </div>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor={`${uid}-pw`}>
              First password
            </label>
            <div className="nhsuk-hint" id={`${uid}-pw-hint`}>
              At least {PASSWORD_MIN} characters; they can change it under their account.
            </div>
            <input
              id={`${uid}-pw`}
              className="nhsuk-input"
              type="password"
              autoComplete="new-password"
              aria-describedby={`${uid}-pw-hint`}
              minLength={PASSWORD_MIN}
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </div>
        </div>
        {create.isError ? (
          <p className="field-error" role="alert">
            {errorMessage(create.error)}
          </p>
        ) : null}
        {added ? (
          <p className="form-success" role="status">
            {added}
          </p>
        ) : null}
        <button type="submit" className="nhsuk-button" disabled={create.isPending}>
          Add user
        </button>
      </form>
    </Panel>
  );
}

/** "Organisation account", "Password", both, or neither yet (an organisation account not yet used). */
function signInMethods(signIn: { organisation: boolean; local: boolean }): string {
  if (signIn.organisation && signIn.local) return 'Organisation account or password';
  if (signIn.organisation) return 'Organisation account';
  if (signIn.local) return 'Password';
  return 'Not set up yet';
}
