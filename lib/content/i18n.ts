/** The content script's few strings, en/ja by the browser's language (no i18n runtime: size budget). */
const STRINGS = {
  en: {
    known: (grade: string) => `Aun: lead grade ${grade}`,
    unknown: (email: string) => `Aun: ${email} is not a lead yet`,
    mqlReady: 'MQL ready',
    handoff: 'handoff pending',
    open: 'open sidebar',
    close: 'close sidebar',
    drawer: 'Aun sidebar',
  },
  ja: {
    known: (grade: string) => `Aun: リードグレード ${grade}`,
    unknown: (email: string) => `Aun: ${email} はまだリードではありません`,
    mqlReady: 'MQL 到達',
    handoff: '引き継ぎ待ち',
    open: 'サイドバーを開く',
    close: 'サイドバーを閉じる',
    drawer: 'Aun サイドバー',
  },
};

export type Lang = keyof typeof STRINGS;
export type Strings = (typeof STRINGS)['en'];

export function pickLang(language: string | undefined): Lang {
  return language?.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export function strings(lang: Lang): Strings {
  return STRINGS[lang];
}
