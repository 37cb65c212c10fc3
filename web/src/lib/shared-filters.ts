import { useMemo } from 'react';
import type { SentimentClass, VoiceFilter } from '@lp/contracts/api';
import { SHARED_KEYS, useFilters, type Filters } from './url-state';

/** The filters every panel's request carries, as API query parameters. */
export type SharedFilters = {
  source?: string;
  sentiment?: SentimentClass;
  lang?: string;
  voice?: VoiceFilter;
  aboutUs?: 'true' | 'false';
};

export function sharedFilters(f: Filters): SharedFilters {
  const out: SharedFilters = {};
  for (const key of SHARED_KEYS) {
    const value = f[key];
    if (value) Object.assign(out, { [key]: value });
  }
  return out;
}

/**
 * A request's own parameters with the view's shared filters filled in where the request sets
 * none (a drill-down into the negative bar keeps its own `sentiment`, but inherits the voice).
 */
export function withShared<T extends object>(params: T, shared: SharedFilters): T & SharedFilters {
  const merged: Record<string, unknown> = { ...shared };
  for (const [key, value] of Object.entries(params)) if (value !== null && value !== undefined) merged[key] = value;
  return merged as T & SharedFilters;
}

/** The shared filters of the view in the URL; every data hook merges them into its request. */
export function useSharedFilters(): SharedFilters {
  const [filters] = useFilters();
  return useMemo(() => sharedFilters(filters), [filters]);
}
