import { useId, useState, type FormEvent } from 'react';
import type { PostView } from '@lp/contracts/api';
import { SENTIMENT_LABELS } from '../../../lib/format';
import { useLabelPost } from '../api/labels';

type LabelClass = 'negative' | 'neutral' | 'positive';
const CLASSES: LabelClass[] = ['negative', 'neutral', 'positive'];

type Props = {
  post: PostView;
  /** Every topic of the taxonomy, id → name, to choose from. */
  topics: ReadonlyMap<string, string>;
};

/**
 * An analyst confirms or corrects a post's sentiment and topics. The label is the truth for the
 * post: the figures use it at once, and re-tagging never replaces it.
 */
export function LabelControl({ post, topics }: Props) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const current = post.sentiment.label === 'unscored' ? null : post.sentiment.label;
  const [sentiment, setSentiment] = useState<LabelClass | null>(current);
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(post.topics.map((t) => t.id)));
  const save = useLabelPost(post.id);
  const [said, setSaid] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!sentiment) return;
    save.mutate(
      { sentiment, topics: [...chosen] },
      {
        onSuccess: () => {
          setOpen(false);
          setSaid('Label saved: the figures now use it.');
        },
      },
    );
  };
  const confirm = () => {
    if (!current) return;
    save.mutate(
      { sentiment: current, topics: post.topics.map((t) => t.id) },
      { onSuccess: () => setSaid('Confirmed: the figures use these tags as a label.') },
    );
  };
  const takeBack = () =>
    save.mutate(null, { onSuccess: () => setSaid("Label taken back: the model's tags are used again.") });
  const reopen = () => {
    setSentiment(current);
    setChosen(new Set(post.topics.map((t) => t.id)));
    setOpen(true);
    setSaid(null);
  };

  const modelSaid = post.label
    ? `${SENTIMENT_LABELS[post.label.model.sentiment]}${
        post.label.model.topics.length
          ? `; ${post.label.model.topics.map((t) => topics.get(t) ?? t).join(', ')}`
          : '; no topic'
      }`
    : null;

  return (
    <div className="label-control" data-testid="label-control">
      {post.label ? (
        <p className="label-status" data-testid="label-status">
          <span className="badge badge-label">Labelled</span> by your team; the model said {modelSaid}.
        </p>
      ) : null}
      <div className="label-actions">
        {current ? (
          <button
            type="button"
            className="button button-small"
            onClick={confirm}
            disabled={save.isPending}
            data-testid="label-confirm"
          >
            {post.label ? 'Label is right' : 'Tags are right'}
          </button>
        ) : null}
        <button
          type="button"
          className="button button-small"
          aria-expanded={open}
          aria-controls={`${id}-form`}
          onClick={() => (open ? setOpen(false) : reopen())}
          data-testid="label-correct"
        >
          {post.label ? 'Change label' : 'Correct tags'}
        </button>
        {post.label ? (
          <button
            type="button"
            className="button button-small"
            onClick={takeBack}
            disabled={save.isPending}
            data-testid="label-remove"
          >
            Take label back
          </button>
        ) : null}
      </div>
      {open ? (
        <form id={`${id}-form`} className="label-form" onSubmit={submit} data-testid="label-form">
          <fieldset>
            <legend>Sentiment</legend>
            <div className="label-options">
              {CLASSES.map((c) => (
                <label key={c} className="label-option">
                  <input
                    type="radio"
                    name={`${id}-sentiment`}
                    value={c}
                    checked={sentiment === c}
                    onChange={() => setSentiment(c)}
                  />{' '}
                  {SENTIMENT_LABELS[c]}
                </label>
              ))}
            </div>
          </fieldset>
          <fieldset>
            <legend>Topics (all that apply; none is fine)</legend>
            <div className="label-options">
              {[...topics].map(([topicId, name]) => (
                <label key={topicId} className="label-option">
                  <input
                    type="checkbox"
                    value={topicId}
                    checked={chosen.has(topicId)}
                    onChange={(e) => {
                      const next = new Set(chosen);
                      if (e.target.checked) next.add(topicId);
                      else next.delete(topicId);
                      setChosen(next);
                    }}
                  />{' '}
                  {name}
                </label>
              ))}
            </div>
          </fieldset>
          <div className="label-actions">
            <button
              type="submit"
              className="button button-small"
              disabled={!sentiment || save.isPending}
              data-testid="label-save"
            >
              Save label
            </button>
            <button type="button" className="button button-small" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : null}
      {save.isError ? (
        <p className="field-error" role="alert">
          The label was not saved: {save.error.message}
        </p>
      ) : said ? (
        <p className="label-said" role="status">
          {said}
        </p>
      ) : null}
    </div>
  );
}
