import { useSyncExternalStore } from 'react';
import { isoWeekRange, lastWholeWeek, shiftWeek, zIsoWeek } from '@lp/contracts/reports';
import { formatRange, londonDate } from '../../../lib/dates';
import { useCan } from '../../../lib/session';
import { NAVIGATE_EVENT, subscribe } from '../../../lib/url-state';
import { ReportAdmin } from './report-admin';

const getSearch = () => window.location.search;

/** The week in `?week=`, or the last whole week. */
function useWeek(): [string, (week: string) => void] {
  const search = useSyncExternalStore(subscribe, getSearch, getSearch);
  const asked = new URLSearchParams(search).get('week');
  const week = asked && zIsoWeek.safeParse(asked).success ? asked : lastWholeWeek(londonDate(new Date()));
  const setWeek = (next: string) => {
    const params = new URLSearchParams(window.location.search);
    params.set('week', next);
    window.history.pushState(null, '', `${window.location.pathname}?${params.toString()}`);
    window.dispatchEvent(new Event(NAVIGATE_EVENT));
  };
  return [week, setWeek];
}

/**
 * Keeps the frame as tall as the page inside, so the report reads as part of the dashboard (one
 * scroll, not two), also when the window is resized or a phone is turned.
 */
function fitToContent(frame: HTMLIFrameElement) {
  const doc = frame.contentDocument;
  if (!doc?.body) return;
  const fit = () => {
    frame.style.height = `${Math.ceil(doc.body.getBoundingClientRect().height) + 24}px`;
  };
  fit();
  new ResizeObserver(fit).observe(doc.body);
}

/**
 * The executive's weekly board report (viewer role): the API's printable page for one ISO week,
 * with the weeks before and after one click away.
 */
export function ReportView() {
  const [week, setWeek] = useWeek();
  const isAdmin = useCan('admin');
  const today = londonDate(new Date());
  const range = isoWeekRange(week);
  const next = shiftWeek(week, 1);
  const nextIsOver = isoWeekRange(next).to <= today;
  const src = `/api/v1/reports/weekly?week=${week}&format=html`;
  return (
    <div data-testid="report-view">
      <h1 className="dashboard-title">Weekly report</h1>
      <p>
        Week {Number(week.slice(6))} of {week.slice(0, 4)}: {formatRange(range)}. The same figures as the dashboard for
        that week, written up for a board paper.
      </p>
      <div className="report-actions">
        <button type="button" className="button button-small" onClick={() => setWeek(shiftWeek(week, -1))}>
          ← Week before
        </button>
        <button type="button" className="button button-small" disabled={!nextIsOver} onClick={() => setWeek(next)}>
          Week after →
        </button>
        <a href={src} target="_blank" rel="noopener" data-testid="report-printable">
          Open the printable page (then print or save as PDF)
        </a>
      </div>
      <iframe
        key={week}
        className="report-frame"
        title={`Weekly report, week ${week}`}
        src={src}
        data-testid="report-frame"
        onLoad={(e) => fitToContent(e.currentTarget)}
      />
      {isAdmin ? <ReportAdmin week={week} /> : null}
    </div>
  );
}
