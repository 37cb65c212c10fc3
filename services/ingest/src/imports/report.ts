import type { ImportView } from '@lp/contracts/imports';
import { MAX_IMPORT_ROW_ERRORS } from '@lp/db/queries/imports';

const pad = (n: number) => String(n).padStart(7);

/** The import's outcome for a person at a terminal: counts, then every reported row error. */
export function formatImportReport(view: ImportView): string {
  const lines = [`Import ${view.id} of ${view.fileName} (${view.format}) into source ${view.sourceId}: ${view.status}`];
  if (view.error) lines.push(`  error: ${view.error}`);
  if (view.status === 'done') {
    lines.push(
      `  rows      ${pad(view.rowsTotal)}`,
      `  stored    ${pad(view.rowsStored)}  new posts, queued for tagging`,
      `  duplicate ${pad(view.rowsDuplicate)}  already imported`,
      `  failed    ${pad(view.rowsFailed)}`,
    );
  }
  if (view.errors.length > 0) {
    const more = view.rowsFailed > view.errors.length ? ` (the first ${MAX_IMPORT_ROW_ERRORS})` : '';
    lines.push('', `Rows not imported${more}:`);
    for (const e of view.errors) lines.push(`  row ${e.row}: ${e.error}`);
  }
  return lines.join('\n') + '\n';
}
