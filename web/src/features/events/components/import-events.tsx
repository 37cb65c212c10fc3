import { useId, useRef, useState, type ChangeEvent } from 'react';
import { errorMessage } from '../../../lib/api-client';
import { useImportEvents } from '../api/import-events';

/** The API refuses more; saying so here spares an upload that cannot succeed. */
const MAX_BYTES = 1024 * 1024;
/** The first few bad rows are enough to fix a file; the rest would bury the form. */
const SHOWN_ERRORS = 10;

/** Imports annotations from a `date,title,kind,url` CSV; bad rows are listed, good ones stored. */
export function ImportEvents() {
  const uid = useId();
  const input = useRef<HTMLInputElement>(null);
  const upload = useImportEvents();
  const [tooBig, setTooBig] = useState(false);

  const onChange = (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    if (!file) return;
    setTooBig(file.size > MAX_BYTES);
    upload.reset();
    if (file.size <= MAX_BYTES) upload.mutate(file);
    // Lets the same file be chosen again after fixing it.
    if (input.current) input.current.value = '';
  };

  const result = upload.data;
  return (
    <div className="event-import">
      <div className="field">
        <label htmlFor={`${uid}-file`}>Import events CSV</label>
        <span className="field-hint" id={`${uid}-hint`}>
          Columns <code>date,title,kind,url</code>; kind is strike, pay, report, incident, policy or other. At most 1
          MB.
        </span>
        <input
          ref={input}
          id={`${uid}-file`}
          type="file"
          accept=".csv,text/csv"
          aria-describedby={`${uid}-hint`}
          data-testid="events-import-input"
          disabled={upload.isPending}
          onChange={onChange}
        />
      </div>
      <div aria-live="polite">
        {upload.isPending ? <p>Importing…</p> : null}
        {tooBig ? (
          <p className="field-error" role="alert">
            The file is larger than 1 MB; split it and import the parts.
          </p>
        ) : null}
        {upload.isError ? (
          <p className="field-error" role="alert">
            {errorMessage(upload.error)}
          </p>
        ) : null}
        {result ? (
          <div data-testid="events-import-result">
            <p>
              Imported {result.inserted} {result.inserted === 1 ? 'event' : 'events'}
              {result.duplicates > 0 ? `; ${result.duplicates} already there` : ''}
              {result.errors.length > 0
                ? `; ${result.errors.length} ${result.errors.length === 1 ? 'row' : 'rows'} not imported:`
                : '.'}
            </p>
            {result.errors.length > 0 ? (
              <ul className="event-import-errors">
                {result.errors.slice(0, SHOWN_ERRORS).map((err) => (
                  <li key={err.row}>
                    Row {err.row}: {err.error}
                  </li>
                ))}
                {result.errors.length > SHOWN_ERRORS ? <li>and {result.errors.length - SHOWN_ERRORS} more</li> : null}
              </ul>
            ) : null}
          </div>
        ) : null}
      </div>
    </div>
  );
}
