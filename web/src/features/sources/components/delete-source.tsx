import { useId, useState } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { useDeleteSource } from '../api/delete-source';

/** Deleting a source: the admin chooses whether its posts stay in the figures or go with it. */
export function DeleteSource({ id, onDeleted }: { id: string; onDeleted: () => void }) {
  const uid = useId();
  const [posts, setPosts] = useState<'keep' | 'remove'>('keep');
  const remove = useDeleteSource();
  return (
    <details className="delete-source" data-testid="delete-source">
      <summary>Delete this source</summary>
      <fieldset>
        <legend>What happens to the posts it collected?</legend>
        <div className="radio">
          <input
            type="radio"
            id={`${uid}-keep`}
            name={`${uid}-posts`}
            checked={posts === 'keep'}
            onChange={() => setPosts('keep')}
          />
          <label htmlFor={`${uid}-keep`}>Keep them: they stay in every figure, under “{id}”</label>
        </div>
        <div className="radio">
          <input
            type="radio"
            id={`${uid}-remove`}
            name={`${uid}-posts`}
            checked={posts === 'remove'}
            onChange={() => setPosts('remove')}
          />
          <label htmlFor={`${uid}-remove`}>
            Remove them: posts, tags, labels and raw items are deleted, and every figure is corrected
          </label>
        </div>
      </fieldset>
      <p>The source stops at once and leaves every list; its id cannot be used again.</p>
      {remove.isError ? (
        <p className="field-error" role="alert">
          Not deleted: {errorMessage(remove.error)}
        </p>
      ) : null}
      <button
        type="button"
        className="button button-warning"
        disabled={remove.isPending}
        onClick={() => remove.mutate({ id, posts }, { onSuccess: onDeleted })}
        data-testid="delete-source-confirm"
      >
        {remove.isPending
          ? 'Deleting…'
          : posts === 'keep'
            ? `Delete ${id}, keep its posts`
            : `Delete ${id} and its posts`}
      </button>
    </details>
  );
}
