import type { MouseEvent } from 'react';
import { useView, viewSearch } from '../../../lib/view-state';
import { useModel } from '../api/model';

/** One line under the dashboard's title: which model made the tags on screen, and where its figures are. */
export function ModelNote() {
  const model = useModel();
  const [, setView] = useView();
  if (!model.data) return null;
  const { tagged } = model.data;
  const labels = tagged.find((t) => t.version === 'label')?.posts ?? 0;
  const models = tagged.filter((t) => t.version !== 'label');
  const follow = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    setView('model');
  };
  return (
    <p className="model-note" data-testid="model-note">
      Tags by{' '}
      {models.length === 0
        ? 'no model yet'
        : models.length === 1
          ? `model ${models[0]!.version}`
          : `${models.length} model versions (in use now: ${model.data.current.version})`}
      {labels > 0 ? `; ${labels.toLocaleString('en-GB')} posts labelled by your team` : ''}.{' '}
      <a href={`${window.location.pathname}${viewSearch('model', window.location.search)}`} onClick={follow}>
        How far to trust them
      </a>
    </p>
  );
}
