import { useMutation, useQueryClient } from '@tanstack/react-query';
import { zImportView, type ImportFormat, type ImportView } from '@lp/contracts/imports';
import { apiSendFile } from '../../../lib/api-client';
import { getSourceImportsQueryOptions } from './get-source-imports';

export type UploadImportInput = { sourceId: string; file: File; format: ImportFormat };

/** Sends the file's bytes as the body; the API answers 202 with a pending import for ingest to run. */
export function uploadImport({ sourceId, file, format }: UploadImportInput): Promise<ImportView> {
  return apiSendFile(
    `/api/v1/sources/${encodeURIComponent(sourceId)}/imports`,
    { fileName: file.name, format },
    file,
    zImportView,
  );
}

export function useUploadImport() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: uploadImport,
    onSuccess: (created) => {
      const { queryKey } = getSourceImportsQueryOptions(created.sourceId);
      // Show the new import at once (the list is newest first), then let the poll take over.
      queryClient.setQueryData(queryKey, (old) =>
        old ? { imports: [created, ...old.imports.filter((i) => i.id !== created.id)] } : { imports: [created] },
      );
      return queryClient.invalidateQueries({ queryKey });
    },
  });
}
