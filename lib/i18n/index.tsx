/**
 * The UI's two languages. `dictionary.ts` holds every string in English and Japanese with the
 * same keys (test/i18n checks it); components get `t` from `useT()`.
 * Placeholders are `{name}`; values are inserted as plain text (React escapes them).
 */
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import type { LocalizedText } from '../domain/common';
import { dictionary, type MessageKey } from './dictionary';

export type Locale = 'en' | 'ja';
export type { MessageKey };
export type Params = Record<string, string | number>;
export interface Translator {
  (key: MessageKey, params?: Params): string;
  locale: Locale;
}

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const template = dictionary[locale][key] ?? dictionary.en[key] ?? key;
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function makeT(locale: Locale): Translator {
  const t = ((key: MessageKey, params?: Params) => translate(locale, key, params)) as Translator;
  t.locale = locale;
  return t;
}

/** The language to show: the saved setting, else the browser's (Japanese for any ja-*, English otherwise). */
export function resolveLocale(setting: 'auto' | 'ja' | 'en' | null | undefined, browserLanguage?: string): Locale {
  if (setting === 'ja' || setting === 'en') return setting;
  const lang = browserLanguage ?? (typeof navigator !== 'undefined' ? navigator.language : 'en');
  return lang.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

/** A bilingual label from the domain (stage names, reasons, checklist items) in the UI's language. */
export function localized(text: LocalizedText | undefined, locale: Locale): string {
  if (!text) return '';
  return text[locale] || text.en || text.ja;
}

/** BCP 47 tag for Intl formatters. */
export function intlLocale(locale: Locale): string {
  return locale === 'ja' ? 'ja-JP' : 'en-US';
}

const I18nContext = createContext<Translator>(makeT(resolveLocale('auto')));

export function I18nProvider({ locale, children }: { locale: Locale; children: ReactNode }) {
  const t = useMemo(() => makeT(locale), [locale]);
  return <I18nContext.Provider value={t}>{children}</I18nContext.Provider>;
}

export function useT(): Translator {
  return useContext(I18nContext);
}
