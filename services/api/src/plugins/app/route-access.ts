import type { Role } from '@lp/contracts/auth';

/** Who may call a route: anyone, or a signed-in user of at least this role. */
export type Access = 'public' | Role;

/**
 * The one table of who may call what, keyed `METHOD /path` exactly as the route is registered.
 * Every /api route must be here: the auth plugin refuses to start with one missing, and the
 * route-matrix test calls each as every role. HEAD follows its GET.
 *
 * viewer: the figures an executive reads; analyst: + the posts behind them; admin: + running it.
 */
export const ROUTE_ACCESS: Readonly<Record<string, Access>> = {
  'GET /api/health': 'public',

  'POST /api/v1/auth/login': 'public',
  // The organisation's sign-in (OpenID Connect): before anyone is signed in, by definition.
  'GET /api/v1/auth/options': 'public',
  'GET /api/v1/auth/oidc/start': 'public',
  'GET /api/v1/auth/oidc/callback': 'public',
  'GET /api/v1/auth/me': 'viewer',
  // Idempotent: signing out of an already-ended session still clears the cookie (204).
  'POST /api/v1/auth/logout': 'public',
  'POST /api/v1/auth/logout-everywhere': 'viewer',
  'POST /api/v1/auth/password': 'viewer',

  'GET /api/v1/overview': 'viewer',
  'GET /api/v1/trends': 'viewer',
  'GET /api/v1/topics': 'viewer',
  // Viewers get movers' text and figures; the original links are the analyst's (see movers.ts).
  'GET /api/v1/movers': 'viewer',
  'GET /api/v1/events': 'viewer',
  // The list says which sources are synthetic (the demo banner) and when each last polled.
  'GET /api/v1/sources': 'viewer',

  // The board report: the figures an executive reads, with notable posts' text but no authors or links.
  'GET /api/v1/reports/weekly': 'viewer',

  'GET /api/v1/posts': 'analyst',
  'GET /api/v1/search': 'analyst',
  // Analysts confirm or correct the model's tags; a label changes the figures everyone reads.
  'PUT /api/v1/posts/:id/label': 'analyst',
  'DELETE /api/v1/posts/:id/label': 'analyst',
  'GET /api/v1/labels/sample': 'analyst',
  'GET /api/v1/labels/review-sample': 'analyst',
  'POST /api/v1/posts/:id/review': 'analyst',
  'GET /api/v1/labels/disagreements': 'analyst',
  // The model page: versions and figures on the team's labels, no post text.
  'GET /api/v1/model': 'viewer',
  'GET /api/v1/model/retag': 'viewer',
  // Re-tagging all history changes every figure: the admin's call.
  'POST /api/v1/model/retag': 'admin',
  // Retraining is guarded by its own figures (promoted only if at least as good), and a rollback
  // undoes it in one click: both are for the analysts who label.
  'GET /api/v1/model/retrain': 'viewer',
  'POST /api/v1/model/retrain': 'analyst',
  'POST /api/v1/model/active': 'analyst',

  // What "about us" means for the organisation: set by admins.
  'GET /api/v1/watchlist': 'admin',
  'PUT /api/v1/watchlist': 'admin',
  'POST /api/v1/watchlist/preview': 'admin',

  'GET /api/v1/sources/health': 'admin',
  'GET /api/v1/sources/:id': 'admin',
  'POST /api/v1/sources': 'admin',
  'PATCH /api/v1/sources/:id': 'admin',
  'DELETE /api/v1/sources/:id': 'admin',
  'POST /api/v1/sources/:id/pause': 'admin',
  'POST /api/v1/sources/:id/resume': 'admin',
  'POST /api/v1/sources/:id/test': 'admin',
  'POST /api/v1/sources/:id/imports': 'admin',
  'GET /api/v1/sources/:id/imports': 'admin',
  'GET /api/v1/imports/:id': 'admin',
  'POST /api/v1/events': 'admin',
  'DELETE /api/v1/events/:id': 'admin',
  'POST /api/v1/events/import': 'admin',
  // Alert rules (what pages people, and where) are the admins'; what fired, and acknowledging it,
  // is the comms team's morning too.
  'GET /api/v1/alerts': 'admin',
  'POST /api/v1/alerts': 'admin',
  'PATCH /api/v1/alerts/:id': 'admin',
  'DELETE /api/v1/alerts/:id': 'admin',
  'GET /api/v1/alerts/history': 'analyst',
  'POST /api/v1/alerts/history/:id/ack': 'analyst',
  'GET /api/v1/users': 'admin',
  'POST /api/v1/users': 'admin',
  'PATCH /api/v1/users/:id': 'admin',
  'GET /api/v1/audit': 'admin',
  'POST /api/v1/reports/weekly/send': 'admin',
  'GET /api/v1/reports/settings': 'admin',
  'GET /api/v1/reports': 'admin',
  // The analyst's exports (posts carry text and links, as the post lists do); each sees only their own jobs.
  'GET /api/v1/exports/posts': 'analyst',
  'GET /api/v1/exports/topics': 'analyst',
  'GET /api/v1/exports/dictionary': 'analyst',
  'POST /api/v1/exports': 'analyst',
  'GET /api/v1/exports': 'analyst',
  'GET /api/v1/exports/:id': 'analyst',
  'GET /api/v1/exports/:id/file': 'analyst',
  // Everyone manages their own API tokens (the routes refuse a token making or revoking tokens).
  'POST /api/v1/tokens': 'viewer',
  'GET /api/v1/tokens': 'viewer',
  'DELETE /api/v1/tokens/:id': 'viewer',
  'PUT /api/v1/reports/settings': 'admin',
};

/**
 * The rule for a registered route. Outside /api: the dashboard's static shell and the API docs
 * are public (they hold no data). Inside /api: only what the table says; undefined means no rule.
 */
export function accessFor(method: string, url: string): Access | undefined {
  if (!url.startsWith('/api/') && url !== '/api') return 'public';
  const m = method === 'HEAD' ? 'GET' : method;
  return ROUTE_ACCESS[`${m} ${url}`];
}
