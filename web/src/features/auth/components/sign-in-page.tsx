import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { OIDC_ERRORS, type OidcErrorCode } from '@lp/contracts/auth';
import { errorMessage } from '../../../lib/api-client';
import { useSignInOptions } from '../api/get-sign-in-options';
import { useSignIn } from '../api/sign-in';

/** A refusal the organisation's sign-in sent back (`?signInError=code`), in words; the code is then taken off the address. */
function useProviderError(): string | null {
  const [code] = useState(() => new URLSearchParams(window.location.search).get('signInError'));
  useEffect(() => {
    if (code === null) return;
    const url = new URL(window.location.href);
    url.searchParams.delete('signInError');
    window.history.replaceState(window.history.state, '', url);
  }, [code]);
  if (code === null) return null;
  return OIDC_ERRORS[code as OidcErrorCode] ?? OIDC_ERRORS.failed;
}

/** Where the organisation's sign-in should bring the person back to: this view, as it was. */
const returnTo = () => {
  const url = new URL(window.location.href);
  url.searchParams.delete('signInError');
  return `${url.pathname}${url.search}`;
};

type Props = {
  /** The person had a session that ended (idle, too long, signed out elsewhere). */
  expired: boolean;
};

/**
 * Sign-in in the NHS design language: an error summary that takes focus, labelled inputs, one
 * primary button. The URL is left as it was, so signing in returns to the view the person was on.
 */
export function SignInPage({ expired }: Props) {
  const uid = useId();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [missing, setMissing] = useState<string | null>(null);
  const signIn = useSignIn();
  const options = useSignInOptions();
  const providerError = useProviderError();
  const summary = useRef<HTMLDivElement>(null);
  const error = missing ?? (signIn.isError ? errorMessage(signIn.error) : null) ?? providerError;
  const oidc = options.data?.oidc ?? null;
  const localAccounts = options.data?.localAccounts ?? true;

  useEffect(() => {
    if (error) summary.current?.focus();
  }, [error, signIn.failureCount]);

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!email.trim() || !password) {
      setMissing(!email.trim() ? 'Enter your email address' : 'Enter your password');
      return;
    }
    setMissing(null);
    signIn.mutate({ email: email.trim(), password }, { onError: () => setPassword('') });
  };

  return (
    <div className="nhsuk-grid-row sign-in" data-testid="sign-in">
      <div className="sign-in-column">
        {error ? (
          <div
            className="nhsuk-error-summary"
            role="alert"
            aria-labelledby={`${uid}-error-title`}
            tabIndex={-1}
            ref={summary}
            data-testid="sign-in-error"
          >
            <h2 className="nhsuk-error-summary__title" id={`${uid}-error-title`}>
              There is a problem
            </h2>
            <div className="nhsuk-error-summary__body">
              <ul className="nhsuk-list nhsuk-error-summary__list">
                <li>
                  <a href={`#${uid}-${missing === 'Enter your password' ? 'password' : 'email'}`}>{error}</a>
                </li>
              </ul>
            </div>
          </div>
        ) : null}
        <h1>Sign in to Listening Post</h1>
        {expired ? (
          <p className="nhsuk-body" data-testid="session-ended">
            Your session has ended. Sign in again to carry on where you were.
          </p>
        ) : oidc ? (
          <p className="nhsuk-body">Sign in with the account you use for work.</p>
        ) : (
          <p className="nhsuk-body">Use the email address and password your Listening Post administrator gave you.</p>
        )}
        {oidc ? (
          <p>
            <a
              className="nhsuk-button"
              href={`${oidc.startUrl}?returnTo=${encodeURIComponent(returnTo())}`}
              data-testid="sign-in-oidc"
            >
              Sign in with {oidc.name}
            </a>
          </p>
        ) : null}
        {oidc && localAccounts ? (
          <h2 className="nhsuk-heading-s sign-in-or">Or with a Listening Post password</h2>
        ) : null}
        {localAccounts ? (
          <form onSubmit={onSubmit} noValidate>
            <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
              <label className="nhsuk-label" htmlFor={`${uid}-email`}>
                Email address
              </label>
              <input
                className="nhsuk-input"
                id={`${uid}-email`}
                name="email"
                type="email"
                autoComplete="username"
                spellCheck={false}
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                autoFocus
              />
            </div>
            <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
              <label className="nhsuk-label" htmlFor={`${uid}-password`}>
                Password
              </label>
              <input
                className="nhsuk-input"
                id={`${uid}-password`}
                name="password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </div>
            <button className="nhsuk-button" type="submit" disabled={signIn.isPending} data-testid="sign-in-button">
              {signIn.isPending ? 'Signing in…' : 'Sign in'}
            </button>
          </form>
        ) : null}
        <p className="nhsuk-body-s sign-in-help">
          Forgotten your password, or locked out after too many tries? Ask your Listening Post administrator to set a
          new one.
        </p>
      </div>
    </div>
  );
}
