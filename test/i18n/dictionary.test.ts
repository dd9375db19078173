import { describe, expect, it } from 'vitest';
import { dictionary } from '../../lib/i18n/dictionary';
import { localized, makeT, resolveLocale, translate } from '../../lib/i18n';

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the UI dictionary', () => {
  it('has exactly the same keys in English and Japanese', () => {
    expect(Object.keys(dictionary.ja).sort()).toEqual(Object.keys(dictionary.en).sort());
  });

  it('has no empty strings', () => {
    for (const lang of ['en', 'ja'] as const) {
      for (const [key, value] of Object.entries(dictionary[lang])) {
        expect(value.trim(), `${lang}.${key}`).not.toBe('');
      }
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const key of Object.keys(dictionary.en) as (keyof typeof dictionary.en)[]) {
      expect(placeholders(dictionary.ja[key]), key).toEqual(placeholders(dictionary.en[key]));
    }
  });

  it('Japanese strings are Japanese (apart from a few proper nouns and the language name)', () => {
    const latinOnly = Object.entries(dictionary.ja).filter(([, v]) => !/[\u3040-\u30ff\u3400-\u9fff]/.test(v)).map(([k]) => k);
    expect(latinOnly.sort()).toEqual(['options.language.en', 'sla.target'].sort());
  });
});

describe('translate', () => {
  it('fills placeholders as text and leaves unknown ones', () => {
    expect(translate('en', 'undo.button', { s: 9 })).toBe('Undo (9 s)');
    expect(translate('ja', 'undo.button', { s: 9 })).toBe('元に戻す（9秒）');
    expect(translate('en', 'tag.done', { name: '<b>x</b>' })).toBe('Tagged <b>x</b> as a lead.');
    expect(translate('en', 'undo.button')).toBe('Undo ({s} s)');
    expect(makeT('ja').locale).toBe('ja');
  });

  it('picks the language: the setting, else the browser locale', () => {
    expect(resolveLocale('ja', 'en-US')).toBe('ja');
    expect(resolveLocale('en', 'ja-JP')).toBe('en');
    expect(resolveLocale('auto', 'ja-JP')).toBe('ja');
    expect(resolveLocale('auto', 'ja')).toBe('ja');
    expect(resolveLocale('auto', 'en-GB')).toBe('en');
    expect(resolveLocale(undefined, 'fr-FR')).toBe('en');
  });

  it('reads bilingual domain labels', () => {
    expect(localized({ ja: '受注', en: 'Won' }, 'ja')).toBe('受注');
    expect(localized({ ja: '受注', en: 'Won' }, 'en')).toBe('Won');
  });
});
