import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { PostView } from '@lp/contracts/api';
import { PostItem } from '../../../components/posts/post-item';
import { ErrorState, LoadingState } from '../../../components/ui/query-states';
import { lastDays } from '../../../lib/dates';
import { SENTIMENT_LABELS } from '../../../lib/format';
import { useTopics } from '../../topics/api/get-topics';
import { useLabelPost, useLabelSample, useReviewSample } from '../api/labels';
import { DisagreementsList, ReviewMode } from './review-mode';

type LabelClass = 'negative' | 'neutral' | 'positive';
const KEYS: Record<string, LabelClass> = { n: 'negative', u: 'neutral', p: 'positive' };
const SHORTCUT: Record<LabelClass, string> = { negative: 'N', neutral: 'U', positive: 'P' };
/** Topic shortcuts: 1–9, then 0. */
const TOPIC_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'];

/**
 * "Label a sample": one post at a time, the most useful first (the API picks: least-labelled
 * voice × topic group, least sure post), labelled from the keyboard, with a running count.
 */
type Mode = 'label' | 'review' | 'disagreements';

export function LabelSampleView() {
  const [mode, setMode] = useState<Mode>('label');
  const range = useMemo(() => lastDays(7), []);
  const topics = useTopics(range);
  const topicList = useMemo(() => (topics.data?.topics ?? []).map((t) => [t.id, t.name] as const), [topics.data]);
  const reviewStats = useReviewSample([]).data?.stats;
  return (
    <section className="panel label-sample" aria-labelledby="label-sample-title" data-testid="label-sample">
      <h1 id="label-sample-title">Label a sample</h1>
      <div className="view-toggle" role="group" aria-label="What to do">
        {(
          [
            ['label', 'Label new posts'],
            ['review', `Review colleagues’ labels${reviewStats ? ` (${reviewStats.toReview})` : ''}`],
            ['disagreements', `Disagreements${reviewStats ? ` (${reviewStats.disagreements})` : ''}`],
          ] as const
        ).map(([m, label]) => (
          <button
            key={m}
            type="button"
            className="toggle"
            aria-pressed={mode === m}
            onClick={() => setMode(m)}
            data-testid={`label-mode-${m}`}
          >
            {label}
          </button>
        ))}
      </div>
      {mode === 'label' ? (
        <LabelNew topicList={topicList} />
      ) : mode === 'review' ? (
        <ReviewMode topics={topicList} />
      ) : (
        <DisagreementsList topics={new Map(topicList)} />
      )}
    </section>
  );
}

function LabelNew({ topicList }: { topicList: ReadonlyArray<readonly [string, string]> }) {
  const [skip, setSkip] = useState<string[]>([]);
  const sample = useLabelSample(skip);
  // This session's count is the server's: your labels now less your labels when the view opened
  // (a label saved just as the next post arrives is still counted).
  const startMine = useRef<number | null>(null);
  const topicNames = useMemo(() => new Map(topicList), [topicList]);
  const topicName = useCallback((id: string) => topicNames.get(id) ?? id, [topicNames]);
  const post = sample.data?.post ?? null;
  const stats = sample.data?.stats;
  if (stats && startMine.current === null) startMine.current = stats.myLabels;
  const session = stats ? stats.myLabels - (startMine.current ?? stats.myLabels) : 0;

  return (
    <>
      <p>
        Your labels are the truth for those posts: the figures use them at once, and they measure how far the model can
        be trusted on your own conversation. The most useful posts come first: from the voice and topic your team has
        labelled least, the one the model was least sure of.
      </p>
      <p className="label-count" role="status" data-testid="label-count">
        {session} labelled in this session
        {stats
          ? ` · ${stats.myLabels.toLocaleString('en-GB')} by you in all · ${stats.teamLabels.toLocaleString('en-GB')} by your team · ${stats.unlabelled.toLocaleString('en-GB')} posts not labelled yet`
          : ''}
      </p>
      {sample.isError ? (
        <ErrorState
          what="the next post to label"
          error={sample.error}
          onRetry={() => void sample.refetch()}
          retrying={sample.isFetching}
        />
      ) : sample.isPending ? (
        <LoadingState label="Finding the next post to label…" />
      ) : post ? (
        <SampleForm
          key={post.id}
          post={post}
          why={sample.data?.why ?? null}
          topics={topicList}
          topicName={topicName}
          onDone={(saved) => {
            if (!saved) setSkip((s) => [...s, post.id].slice(-500));
          }}
        />
      ) : (
        <p data-testid="label-sample-empty">
          Nothing left to label: every scored post with text is labelled{skip.length ? ' or skipped' : ''}.
        </p>
      )}
    </>
  );
}

type FormProps = {
  post: PostView;
  why: string | null;
  topics: ReadonlyArray<readonly [string, string]>;
  topicName: (id: string) => string;
  onDone: (saved: boolean) => void;
};

function SampleForm({ post, why, topics, topicName, onDone }: FormProps) {
  const save = useLabelPost(post.id);
  return (
    <KeyboardLabelForm
      display={
        <ul className="post-list">
          <PostItem
            post={post}
            topicName={topicName}
            selectedTopic={null}
            onTopicSelect={() => undefined}
            testId="sample-post"
          />
        </ul>
      }
      why={why}
      topics={topics}
      initialTopics={post.topics.map((t) => t.id)}
      saving={save.isPending}
      error={save.isError ? save.error.message : null}
      onSave={(input) => save.mutate(input, { onSuccess: () => onDone(true) })}
      onSkip={() => onDone(false)}
    />
  );
}

type KeyboardFormProps = {
  /** The post as the analyst should see it (with its tags to label; text only to review blind). */
  display: ReactNode;
  why: string | null;
  topics: ReadonlyArray<readonly [string, string]>;
  initialTopics: readonly string[];
  saving: boolean;
  error: string | null;
  onSave: (input: { sentiment: LabelClass; topics: string[] }) => void;
  onSkip: () => void;
};

/** One post's sentiment and topics from the keyboard: N/U/P, 1–9 and 0, Enter saves, S skips. */
export function KeyboardLabelForm({
  display,
  why,
  topics,
  initialTopics,
  saving,
  error,
  onSave,
  onSkip,
}: KeyboardFormProps) {
  const [sentiment, setSentiment] = useState<LabelClass | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(initialTopics));
  const onDone = useCallback((saved: boolean) => (saved ? undefined : onSkip()), [onSkip]);
  // Each new post takes the focus, so the keys apply at once (also after a click on a mode
  // button, where Enter would otherwise press that button) and a screen reader reads the new post.
  const region = useRef<HTMLDivElement>(null);
  useEffect(() => region.current?.focus({ preventScroll: true }), []);

  const toggle = useCallback((id: string) => {
    setChosen((cur) => {
      const next = new Set(cur);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }, []);
  const submit = useCallback(() => {
    if (!sentiment || saving) return;
    onSave({ sentiment, topics: [...chosen] });
  }, [sentiment, chosen, saving, onSave]);

  // Shortcuts anywhere on the page, unless the focus is in a text field.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement | null;
      if (
        target &&
        (target.tagName === 'TEXTAREA' || (target.tagName === 'INPUT' && (target as HTMLInputElement).type === 'text'))
      )
        return;
      const key = e.key.toLowerCase();
      if (KEYS[key]) {
        setSentiment(KEYS[key]!);
        e.preventDefault();
      } else if (TOPIC_KEYS.includes(key)) {
        const topic = topics[TOPIC_KEYS.indexOf(key)];
        if (topic) {
          toggle(topic[0]);
          e.preventDefault();
        }
      } else if (key === 's') {
        onDone(false);
        e.preventDefault();
      } else if (key === 'enter' && !(target instanceof HTMLButtonElement)) {
        submit();
        e.preventDefault();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [topics, toggle, submit, onDone]);

  return (
    <div className="label-sample-post" ref={region} tabIndex={-1} aria-label="The post to label and its form">
      {why ? (
        <p className="label-why" data-testid="label-why">
          {why}
        </p>
      ) : null}
      {display}
      <form
        className="label-form"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        data-testid="sample-form"
      >
        <fieldset>
          <legend>What does the post say? (keys N, U, P)</legend>
          <div className="label-options">
            {(['negative', 'neutral', 'positive'] as const).map((c) => (
              <label key={c} className="label-option">
                <input
                  type="radio"
                  name="sample-sentiment"
                  value={c}
                  checked={sentiment === c}
                  onChange={() => setSentiment(c)}
                />{' '}
                {SENTIMENT_LABELS[c]} <kbd>{SHORTCUT[c]}</kbd>
              </label>
            ))}
          </div>
        </fieldset>
        <fieldset>
          <legend>Which topics is it about? (keys 1–9, 0; none is fine)</legend>
          <div className="label-options">
            {topics.map(([id, name], i) => (
              <label key={id} className="label-option">
                <input type="checkbox" value={id} checked={chosen.has(id)} onChange={() => toggle(id)} /> {name}{' '}
                {TOPIC_KEYS[i] ? <kbd>{TOPIC_KEYS[i]}</kbd> : null}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="label-actions">
          <button type="submit" className="button" disabled={!sentiment || saving} data-testid="sample-save">
            Save and next <kbd>Enter</kbd>
          </button>
          <button type="button" className="button button-small" onClick={() => onDone(false)} data-testid="sample-skip">
            Skip <kbd>S</kbd>
          </button>
        </div>
        {error ? (
          <p className="field-error" role="alert">
            Not saved: {error}
          </p>
        ) : null}
        {!sentiment ? (
          <p className="field-hint">Choose a sentiment to save: the model&rsquo;s guess is not preselected.</p>
        ) : null}
      </form>
    </div>
  );
}
