import { createContext, useContext } from 'react';
import type { LocalizedText } from '../../lib/domain';
import type { LeadsRef } from './DataTable';
import { formatters, type Formatters } from './format';
import { REVIEW_STRINGS, type Lang, type ReviewStrings } from './strings';

export interface ReviewContextValue {
  lang: Lang;
  s: ReviewStrings;
  f: Formatters;
  /** Pick the user's language from a bilingual label. */
  l: (text: LocalizedText | undefined, fallback?: string) => string;
  /** Open the drill-down list of the leads behind a number. */
  drill: (label: string, leads: LeadsRef) => void;
}

export function makeContext(lang: Lang, drill: ReviewContextValue['drill'], timeZone?: string): ReviewContextValue {
  return { lang, s: REVIEW_STRINGS[lang], f: formatters(lang, timeZone), l: (text, fallback = '') => text?.[lang] ?? fallback, drill };
}

export const ReviewContext = createContext<ReviewContextValue>(makeContext('en', () => {}));

export const useReview = () => useContext(ReviewContext);

/** The user's language: the setting, else the browser's. */
export function resolveLang(setting: 'auto' | 'ja' | 'en' | undefined): Lang {
  if (setting === 'ja' || setting === 'en') return setting;
  return typeof navigator !== 'undefined' && navigator.language?.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}
