import { useSearchTerm } from '../utils/search-param';
import { SearchForm } from './search-form';
import { SearchResults } from './search-results';

type Props = {
  from: string;
  to: string;
  topic: string | null;
  topicNames: ReadonlyMap<string, string>;
  onTopicSelect: (topicId: string) => void;
};

/** The search box and, once a search is made, its results; the search is kept in the URL as `q`. */
export function PostSearch(props: Props) {
  const [q, setQ] = useSearchTerm();
  return (
    <div className="search">
      <SearchForm value={q} onSearch={setQ} />
      {q ? <SearchResults q={q} {...props} /> : null}
    </div>
  );
}
