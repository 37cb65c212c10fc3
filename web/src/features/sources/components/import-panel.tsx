import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ImportFormat } from '@lp/contracts/imports';
import type { SourceDetail } from '@lp/contracts/sources';
import { Panel } from '../../../components/ui/panel';
import { errorMessage } from '../../../lib/api-client';
import { useSource } from '../api/get-source';
import { useUploadImport } from '../api/upload-import';
import {
  defaultFormat,
  FORMAT_LABELS,
  formatFileSize,
  IMPORT_FORMATS,
  MAX_IMPORT_BYTES,
  savedMapping,
  uploadProblem,
} from '../utils/imports';
import { ImportList } from './import-list';

type Props = { sourceId: string; onClose: () => void };

/** Upload a CSV, JSONL or Excel file into a `file` source, and follow its imports. */
export function ImportPanel({ sourceId, onClose }: Props) {
  const uid = useId();
  const source = useSource(sourceId);
  const upload = useUploadImport();
  const fileInput = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<ImportFormat | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  // Opened from a row's button: keyboard users land on the first thing to do.
  useEffect(() => fileInput.current?.focus(), []);

  const onFileChange = (chosen: File | null) => {
    setFile(chosen);
    setFormat(chosen ? defaultFormat(chosen.name, source.data?.config.format) : null);
    setProblem(null);
    upload.reset();
  };

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const found = uploadProblem(file, format);
    setProblem(found);
    if (found || !file || !format) return;
    upload.mutate(
      { sourceId, file, format },
      {
        onSuccess: () => {
          // Cleared so a second click does not send the same file again by accident.
          setFile(null);
          setFormat(null);
          if (fileInput.current) fileInput.current.value = '';
        },
      },
    );
  };

  const errorText = problem ?? (upload.isError ? errorMessage(upload.error) : null);
  const errorId = `${uid}-error`;
  const listHeadingId = `${uid}-imports`;

  return (
    <Panel
      title={`Import a file into ${sourceId}`}
      testId="import-panel"
      className="panel-wide"
      description="Rows become posts of this source and are tagged like any other. Importing the same rows again adds nothing."
      actions={
        <button type="button" className="button button-small" onClick={onClose}>
          Close
        </button>
      }
    >
      <form className="source-form" onSubmit={onSubmit} noValidate aria-describedby={errorText ? errorId : undefined}>
        <div className="form-row">
          <div className="field">
            <label htmlFor={`${uid}-file`}>
              File{' '}
              <span className="label-hint">(.csv, .jsonl or .xlsx, at most {formatFileSize(MAX_IMPORT_BYTES)})</span>
            </label>
            <input
              ref={fileInput}
              id={`${uid}-file`}
              name="file"
              type="file"
              accept=".csv,.jsonl,.xlsx"
              data-testid="import-file-input"
              aria-invalid={problem && !file ? true : undefined}
              aria-describedby={errorText ? errorId : undefined}
              onChange={(e) => onFileChange(e.target.files?.[0] ?? null)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${uid}-format`}>
              Format <span className="label-hint">(from the file name; change it if that is wrong)</span>
            </label>
            <select
              id={`${uid}-format`}
              name="format"
              value={format ?? ''}
              aria-invalid={problem && file && !format ? true : undefined}
              onChange={(e) => {
                setFormat(e.target.value ? (e.target.value as ImportFormat) : null);
                setProblem(null);
              }}
            >
              {format ? null : <option value="">Choose a format</option>}
              {IMPORT_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {FORMAT_LABELS[f]}
                </option>
              ))}
            </select>
          </div>
        </div>
        <MappingNote source={source.data} loading={source.isPending} error={source.error} />
        {errorText ? (
          <p className="field-error" id={errorId} role="alert" data-testid="import-error-message">
            {errorText}
          </p>
        ) : null}
        <div className="form-actions">
          <button type="submit" className="button" data-testid="import-submit" disabled={upload.isPending}>
            {upload.isPending ? 'Uploading…' : 'Upload'}
          </button>
        </div>
        <div role="status" aria-live="polite" className="import-progress">
          {upload.isPending ? (
            <>
              <span className="spinner" aria-hidden="true" /> Uploading {upload.variables.file.name} (
              {formatFileSize(upload.variables.file.size)})…
            </>
          ) : upload.isSuccess ? (
            <>
              Uploaded {upload.data.fileName} as import {upload.data.id}. Its progress and results appear below.
            </>
          ) : null}
        </div>
      </form>
      <h3 id={listHeadingId} className="import-list-heading">
        Imports into {sourceId}
      </h3>
      <ImportList sourceId={sourceId} headingId={listHeadingId} />
    </Panel>
  );
}

/** The saved column mapping the API will apply: shown, not edited, with where to change it. */
function MappingNote({ source, loading, error }: { source?: SourceDetail; loading: boolean; error: unknown }) {
  if (loading) return <p className="muted">Loading the saved column mapping…</p>;
  if (!source) return <p className="field-error">Could not load the saved column mapping: {errorMessage(error)}</p>;
  const mapping = savedMapping(source.config);
  const whereToChange =
    source.managedBy === 'file' ? (
      <>
        To change it, edit this source&apos;s <code>mapping</code> in the sources file (<code>SOURCES_FILE</code>) and
        restart ingest.
      </>
    ) : (
      <>
        To change it, use <strong>Edit</strong> on this source and change <code>mapping</code> in its config.
      </>
    );
  return (
    <div className="import-mapping" data-testid="import-mapping">
      {mapping ? (
        <>
          <p>Columns are read with this source&apos;s saved mapping (header names match ignoring case):</p>
          <dl>
            {mapping.map((m) => (
              <div key={m.field}>
                <dt>{m.label}</dt>
                <dd>
                  <code>{m.column}</code>
                </dd>
              </div>
            ))}
          </dl>
        </>
      ) : (
        <p className="field-error">
          This source has no valid saved column mapping (<code>text</code> and <code>time</code> columns are needed), so
          uploads will be refused.
        </p>
      )}
      <p className="muted">{whereToChange}</p>
    </div>
  );
}
