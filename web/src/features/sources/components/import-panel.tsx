import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import type { ColumnMapping, ImportFormat } from '@lp/contracts/imports';
import type { Voice } from '@lp/contracts/post';
import type { SourceDetail } from '@lp/contracts/sources';
import { Panel } from '../../../components/ui/panel';
import { errorMessage } from '../../../lib/api-client';
import { useSource } from '../api/get-source';
import { useUpdateSource } from '../api/update-source';
import { useUploadImport } from '../api/upload-import';
import { initialMapping, MAPPING_CHOICES, previewFile, type FilePreview } from '../utils/file-preview';
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
  const update = useUpdateSource();
  const [preview, setPreview] = useState<FilePreview | null>(null);
  const [mapping, setMapping] = useState<Partial<ColumnMapping>>({});
  const [voice, setVoice] = useState<Voice | ''>('');
  const editable = source.data?.managedBy === 'dashboard';
  const saved = source.data ? ((source.data.config.mapping as Partial<ColumnMapping> | undefined) ?? null) : null;

  // The saved choices are where a new upload starts.
  useEffect(() => {
    if (!source.data) return;
    setMapping(initialMapping(null, (source.data.config.mapping as Partial<ColumnMapping> | undefined) ?? null));
    const v = source.data.config.voice;
    setVoice(v === 'staff' || v === 'public' || v === 'org' ? v : '');
  }, [source.data]);

  // A chosen CSV or JSONL file is previewed here, and its columns offered by name.
  useEffect(() => {
    let live = true;
    if (!file || !format) {
      setPreview(null);
      return;
    }
    void previewFile(file, format).then((p) => {
      if (!live) return;
      setPreview(p);
      if (p) setMapping(initialMapping(p.headers, saved));
    });
    return () => {
      live = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- re-read only when the file or its format changes
  }, [file, format]);

  // Opened from a row's button: keyboard users land on the first thing to do.
  useEffect(() => fileInput.current?.focus(), []);

  const onFileChange = (chosen: File | null) => {
    setFile(chosen);
    setFormat(chosen ? defaultFormat(chosen.name, source.data?.config.format) : null);
    setProblem(null);
    upload.reset();
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const found =
      uploadProblem(file, format) ??
      (editable && (!mapping.text || !mapping.time) ? 'Choose the columns that hold the text and the time.' : null);
    setProblem(found);
    if (found || !file || !format) return;
    if (editable && source.data) {
      // The choices are saved with the source, so every later upload starts from them.
      const cleaned = Object.fromEntries(Object.entries(mapping).filter(([, v]) => v)) as ColumnMapping;
      const { voice: _old, ...rest } = source.data.config;
      const config = { ...rest, mapping: cleaned, ...(voice ? { voice } : {}) };
      if (JSON.stringify(config) !== JSON.stringify(source.data.config)) {
        try {
          await update.mutateAsync({ id: sourceId, input: { every: source.data.every, config } });
          await source.refetch();
        } catch (err) {
          setProblem(`The column choices could not be saved: ${errorMessage(err)}`);
          return;
        }
      }
    }
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
      <form
        className="source-form"
        onSubmit={(e) => void onSubmit(e)}
        noValidate
        aria-describedby={errorText ? errorId : undefined}
      >
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
        {editable ? (
          <ColumnChoices
            uid={uid}
            preview={preview}
            format={format}
            mapping={mapping}
            onMapping={setMapping}
            voice={voice}
            onVoice={setVoice}
          />
        ) : (
          <MappingNote source={source.data} loading={source.isPending} error={source.error} />
        )}
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

const VOICES: Array<{ value: Voice | ''; label: string }> = [
  { value: '', label: 'Judge each author from the role or bio column (the public when there is none)' },
  { value: 'staff', label: 'These are all staff (a staff survey, say)' },
  { value: 'public', label: 'These are all the public (patients and visitors)' },
  { value: 'org', label: 'These are all the organisation’s own posts' },
];

/** Which column is which, from the file's own header, and whose voice the rows are. */
function ColumnChoices({
  uid,
  preview,
  format,
  mapping,
  onMapping,
  voice,
  onVoice,
}: {
  uid: string;
  preview: FilePreview | null;
  format: ImportFormat | null;
  mapping: Partial<ColumnMapping>;
  onMapping: (m: Partial<ColumnMapping>) => void;
  voice: Voice | '';
  onVoice: (v: Voice | '') => void;
}) {
  const headers = preview?.headers ?? null;
  return (
    <div className="import-mapping" data-testid="import-mapping">
      {preview ? (
        <div className="table-scroll" tabIndex={0} role="region" aria-label="Preview of the first rows">
          <table className="data-table" data-testid="import-preview">
            <caption>The first {preview.rows.length} rows of the file</caption>
            <thead>
              <tr>
                {preview.headers.map((h) => (
                  <th scope="col" key={h}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((r, i) => (
                <tr key={i}>
                  {preview.headers.map((h) => (
                    <td key={h}>{(r[h] ?? '').slice(0, 80)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : format === 'xlsx' ? (
        <p className="muted">Excel files are not previewed here: type the column names as they are in the first row.</p>
      ) : (
        <p className="muted">Choose a file to see its first rows and pick its columns.</p>
      )}
      <div className="mapping-grid">
        {MAPPING_CHOICES.map((c) => {
          const id = `${uid}-map-${c.field}`;
          const value = mapping[c.field] ?? '';
          const set = (v: string) => onMapping({ ...mapping, [c.field]: v || undefined });
          return (
            <div className="field" key={c.field}>
              <label htmlFor={id}>
                {c.label} <span className="label-hint">({c.help})</span>
              </label>
              {headers ? (
                <select id={id} value={value} onChange={(e) => set(e.target.value)}>
                  <option value="">{c.field === 'text' || c.field === 'time' ? 'Choose a column' : 'None'}</option>
                  {headers.map((h) => (
                    <option key={h} value={h}>
                      {h}
                    </option>
                  ))}
                </select>
              ) : (
                <input id={id} value={value} onChange={(e) => set(e.target.value)} autoComplete="off" />
              )}
            </div>
          );
        })}
      </div>
      <fieldset className="voice-choice">
        <legend>Whose voice are these rows?</legend>
        {VOICES.map((v) => (
          <div className="radio" key={v.value || 'judge'}>
            <input
              type="radio"
              id={`${uid}-voice-${v.value || 'judge'}`}
              name={`${uid}-voice`}
              checked={voice === v.value}
              onChange={() => onVoice(v.value)}
            />
            <label htmlFor={`${uid}-voice-${v.value || 'judge'}`}>{v.label}</label>
          </div>
        ))}
      </fieldset>
      <p className="muted">These choices are saved with the source for its next uploads.</p>
    </div>
  );
}
