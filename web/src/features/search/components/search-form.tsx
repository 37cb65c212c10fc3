import { useState, type FormEvent } from 'react';
import { SEARCH_MAX_LENGTH } from '@lp/contracts/search';

type Props = {
  /** The search in the URL (empty when none). */
  value: string;
  onSearch: (q: string) => void;
};

/** The search box. Typing changes nothing until the search is submitted, so each search is one history entry. */
export function SearchForm({ value, onSearch }: Props) {
  const [draft, setDraft] = useState(value);
  // Back, Forward or "Clear search" change the URL: show its search rather than a stale draft.
  const [shown, setShown] = useState(value);
  if (shown !== value) {
    setShown(value);
    setDraft(value);
  }

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    onSearch(draft.trim());
  };

  return (
    <form role="search" className="search-form" aria-label="Search posts" onSubmit={submit}>
      <div className="field search-field">
        <label htmlFor="search-input">Search posts</label>
        <p id="search-hint" className="field-hint">
          Finds other forms of a word (nurse, nurses). Use &quot;quotes&quot; for a phrase, OR for either word, and
          -word to leave a word out.
        </p>
        <div className="search-row">
          <input
            id="search-input"
            data-testid="search-input"
            type="search"
            value={draft}
            maxLength={SEARCH_MAX_LENGTH}
            aria-describedby="search-hint"
            onChange={(event) => setDraft(event.target.value)}
          />
          <button type="submit" className="button">
            Search
          </button>
          {value ? (
            <button type="button" className="link-button" onClick={() => onSearch('')}>
              Clear search
            </button>
          ) : null}
        </div>
      </div>
    </form>
  );
}
