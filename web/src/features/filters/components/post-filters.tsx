import type { SentimentClass, VoiceFilter } from '@lp/contracts/api';
import { SENTIMENT_LABELS, SENTIMENT_ORDER, VOICE_LABELS, VOICE_ORDER } from '../../../lib/format';
import type { Filters } from '../../../lib/url-state';
import { languageName } from '../utils/filter-labels';
import { ChoiceSelect } from './choice-select';

type Props = { filters: Filters; onChange: (patch: Partial<Filters>) => void };

const VOICES: ReadonlyArray<{ value: VoiceFilter; label: string }> = VOICE_ORDER.map((value) => ({
  value,
  label: VOICE_LABELS[value],
}));

// The languages a UK trust hears most; a shared link with any other code still shows it as chosen.
const LANGUAGES = ['en', 'cy', 'gd', 'ga', 'pl', 'ur', 'pa', 'bn', 'ar', 'ro', 'und'].map((code) => ({
  value: code,
  label: code === 'und' ? 'Not identified' : languageName(code),
}));

const SENTIMENTS = SENTIMENT_ORDER.map((value) => ({ value, label: SENTIMENT_LABELS[value] }));

/** Who spoke, how, in what language and whether about us: the filters besides range and topic. */
export function PostFilters({ filters, onChange }: Props) {
  return (
    <>
      <ChoiceSelect
        id="voice"
        label="Voice"
        allLabel="All voices"
        value={filters.voice}
        options={VOICES}
        onChange={(voice) => onChange({ voice })}
      />
      <ChoiceSelect<SentimentClass>
        id="sentiment"
        label="Sentiment"
        allLabel="All sentiment"
        value={filters.sentiment}
        options={SENTIMENTS}
        onChange={(sentiment) => onChange({ sentiment })}
      />
      <ChoiceSelect
        id="lang"
        label="Language"
        allLabel="All languages"
        value={filters.lang}
        options={LANGUAGES}
        onChange={(lang) => onChange({ lang })}
      />
      <ChoiceSelect<'true' | 'false'>
        id="about-us"
        label="About us"
        allLabel="All posts"
        value={filters.aboutUs}
        options={[
          { value: 'true', label: 'Naming us (watch list)' },
          { value: 'false', label: 'Not naming us' },
        ]}
        onChange={(aboutUs) => onChange({ aboutUs })}
      />
    </>
  );
}
