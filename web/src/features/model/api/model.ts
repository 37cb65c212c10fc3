import { useQuery } from '@tanstack/react-query';
import { zModelResponse } from '@lp/contracts/model';
import { apiGet } from '../../../lib/api-client';

export function useModel() {
  return useQuery({
    queryKey: ['model'],
    queryFn: ({ signal }) => apiGet('/api/v1/model', {}, zModelResponse, signal),
  });
}
