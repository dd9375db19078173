import { ReviewFilters } from '../../lib/metrics/filters';

export type ReviewView = 'dashboard' | 'definition';

export interface HashState {
  view: ReviewView;
  filters: ReviewFilters;
}

const KEYS = ['period', 'from', 'to', 'channel', 'campaign', 'vendor', 'rep', 'stage'] as const;

/** Read the view and filters from a URL hash; an invalid value is dropped, not fatal. */
export function parseHash(hash: string): HashState {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const raw: Record<string, string> = {};
  for (const key of KEYS) {
    const value = params.get(key);
    if (value === null || value === '') continue;
    if (ReviewFilters.shape[key].safeParse(value).success) raw[key] = value;
  }
  const filters = ReviewFilters.safeParse(raw);
  return { view: params.get('view') === 'definition' ? 'definition' : 'dashboard', filters: filters.success ? filters.data : { period: 'month' } };
}

/** The hash for a view and filters, so a link reproduces it. */
export function toHash(state: HashState): string {
  const params = new URLSearchParams();
  if (state.view !== 'dashboard') params.set('view', state.view);
  for (const key of KEYS) {
    const value = state.filters[key];
    if (value !== undefined && value !== '') params.set(key, value);
  }
  if (state.filters.period !== 'custom') {
    params.delete('from');
    params.delete('to');
  }
  return `#${params.toString()}`;
}
