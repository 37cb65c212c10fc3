import { ROLE_LABELS } from '@lp/contracts/auth';
import { errorMessage } from '../../../lib/api-client';
import { useSessionUser } from '../../../lib/session';
import { useSignOut } from '../api/sign-out';

/** Who is signed in, as what, and the way out; in the header on every page. */
export function AccountMenu({ accountHref, onAccount }: { accountHref: string; onAccount: () => void }) {
  const user = useSessionUser();
  const signOut = useSignOut();
  return (
    <div className="account-menu" data-testid="account-menu">
      <span className="account-who">
        <span className="nhsuk-u-visually-hidden">Signed in as </span>
        <a
          href={accountHref}
          className="account-email"
          data-testid="signed-in-as"
          onClick={(e) => {
            if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey) return;
            e.preventDefault();
            onAccount();
          }}
        >
          {user.email}
        </a>{' '}
        <span className="nhsuk-tag nhsuk-tag--white account-role" data-testid="signed-in-role">
          {ROLE_LABELS[user.role]}
        </span>
      </span>
      <button
        type="button"
        className="account-sign-out"
        onClick={() => signOut.mutate(false)}
        disabled={signOut.isPending}
        data-testid="sign-out"
      >
        Sign out
      </button>
      {signOut.isError ? (
        <p className="account-error" role="alert">
          Not signed out: {errorMessage(signOut.error)}
        </p>
      ) : null}
    </div>
  );
}
