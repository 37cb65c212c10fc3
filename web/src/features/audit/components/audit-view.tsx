import { useId, useState, type FormEvent } from 'react';
import type { AuditEntry } from '@lp/contracts/audit';
import { Panel } from '../../../components/ui/panel';
import { formatPostTime } from '../../../lib/dates';
import { EmptyState, ErrorState, LoadingState } from '../../../components/ui/query-states';
import { useAudit, type GetAuditParams } from '../api/get-audit';

const FAMILIES: Array<{ value: string; label: string }> = [
  { value: '', label: 'Everything' },
  { value: 'auth', label: 'Sign-ins and sign-outs' },
  { value: 'auth.login_failed', label: 'Failed sign-ins' },
  { value: 'user', label: 'Users and roles' },
  { value: 'source', label: 'Sources' },
  { value: 'import', label: 'File imports' },
  { value: 'event', label: 'Annotations' },
];

const ACTION_LABELS: Record<string, string> = {
  'auth.login': 'Signed in',
  'post.labelled': 'Labelled a post',
  'model.retag_started': 'Started re-tagging history',
  'post.label_removed': 'Took a label back',
  'auth.login_failed': 'Failed sign-in',
  'auth.locked': 'Account locked',
  'auth.logout': 'Signed out',
  'auth.logout_everywhere': 'Signed out everywhere',
  'auth.password_changed': 'Changed own password',
  'user.created': 'Added user',
  'user.role_changed': 'Changed role',
  'user.disabled': 'Disabled user',
  'user.enabled': 'Enabled user',
  'user.password_reset': 'Set new password',
  'source.created': 'Added source',
  'source.updated': 'Edited source',
  'source.deleted': 'Deleted source',
  'source.paused': 'Paused source',
  'source.resumed': 'Resumed source',
  'source.tested': 'Tested source',
  'import.uploaded': 'Uploaded file',
  'event.created': 'Added annotation',
  'event.deleted': 'Deleted annotation',
  'event.imported': 'Imported annotations',
  'author.erased': 'Erased an author on request',
  'retention.purged': 'Purged text past the retention period',
};

/** A short reading of an entry's detail: "from viewer to analyst", "reason: wrong password". */
function describe(entry: AuditEntry): string {
  const d = entry.detail;
  if (!d) return '';
  if (entry.action === 'user.role_changed') return `from ${String(d.from)} to ${String(d.to)}`;
  return Object.entries(d)
    .filter(([, v]) => v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0))
    .map(
      ([k, v]) =>
        `${k.replace(/([A-Z])/g, ' $1').toLowerCase()}: ${Array.isArray(v) ? v.join(', ') : String(v).replace(/_/g, ' ')}`,
    )
    .join('; ');
}

/** Admins: the append-only record of who did what, when and from where, filtered and paged. */
export function AuditView() {
  const uid = useId();
  const [draft, setDraft] = useState<GetAuditParams>({});
  const [filters, setFilters] = useState<GetAuditParams>({});
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const audit = useAudit({ ...filters, cursor });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    setFilters(Object.fromEntries(Object.entries(draft).filter(([, v]) => v)) as GetAuditParams);
    setCursors([]);
  };

  return (
    <>
      <h1>Audit log</h1>
      <p className="nhsuk-body">
        Every sign-in (and failed attempt), user and role change, and change to sources, imports and annotations: who,
        when, what and from which address. Entries cannot be edited or removed.
      </p>
      <form className="filters" onSubmit={onSubmit} data-testid="audit-filters">
        <div className="field">
          <label htmlFor={`${uid}-action`}>What</label>
          <select
            id={`${uid}-action`}
            value={draft.action ?? ''}
            onChange={(e) => setDraft((d) => ({ ...d, action: e.target.value || undefined }))}
          >
            {FAMILIES.map((f) => (
              <option key={f.value} value={f.value}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${uid}-actor`}>Person or item</label>
          <input
            id={`${uid}-actor`}
            type="search"
            value={draft.actor ?? ''}
            onChange={(e) => setDraft((d) => ({ ...d, actor: e.target.value || undefined }))}
          />
        </div>
        <div className="field">
          <label htmlFor={`${uid}-from`}>From</label>
          <input
            id={`${uid}-from`}
            type="date"
            value={draft.from ?? ''}
            onChange={(e) => setDraft((d) => ({ ...d, from: e.target.value || undefined }))}
          />
        </div>
        <div className="field">
          <label htmlFor={`${uid}-to`}>Up to (not including)</label>
          <input
            id={`${uid}-to`}
            type="date"
            value={draft.to ?? ''}
            onChange={(e) => setDraft((d) => ({ ...d, to: e.target.value || undefined }))}
          />
        </div>
        <button type="submit" className="button button-small">
          Show entries
        </button>
      </form>
      <Panel title="Entries, newest first" testId="audit-panel" busy={audit.isFetching}>
        {audit.isPending ? (
          <LoadingState label="Loading the audit log" />
        ) : audit.isError ? (
          <ErrorState what="the audit log" error={audit.error} onRetry={() => audit.refetch()} />
        ) : audit.data.entries.length === 0 ? (
          <EmptyState message="No entries match." />
        ) : (
          <>
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Audit log entries">
              <table className="nhsuk-table" data-testid="audit-table">
                <caption className="nhsuk-u-visually-hidden">Audit log entries</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Who</th>
                    <th scope="col">What</th>
                    <th scope="col">On</th>
                    <th scope="col">Details</th>
                    <th scope="col">From</th>
                  </tr>
                </thead>
                <tbody>
                  {audit.data.entries.map((e) => (
                    <tr key={e.id} data-testid="audit-row" data-action={e.action}>
                      <td>{formatPostTime(e.at, true)}</td>
                      <td>{e.actor ?? 'unknown'}</td>
                      <td>{ACTION_LABELS[e.action] ?? e.action}</td>
                      <td>{e.target ?? ''}</td>
                      <td>{describe(e)}</td>
                      <td>{e.ip ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="pager">
              {cursors.length > 0 ? (
                <button type="button" className="link-button" onClick={() => setCursors([])}>
                  Back to the newest
                </button>
              ) : null}
              {audit.data.nextCursor ? (
                <button
                  type="button"
                  className="nhsuk-button nhsuk-button--secondary button-small"
                  onClick={() => setCursors((c) => [...c, audit.data.nextCursor!])}
                >
                  Older entries
                </button>
              ) : null}
            </div>
          </>
        )}
      </Panel>
    </>
  );
}
