import type { Translator } from '../../lib/i18n';
import { formatDuration } from '../../lib/ui/format';

/** "3 h left" / "残り 3時間", "2 h overdue" / "2時間 超過"; null when there is no due time. */
export function dueText(dueInMs: number | null, t: Translator): { text: string; overdue: boolean } | null {
  if (dueInMs === null) return null;
  const time = formatDuration(dueInMs, t.locale);
  return dueInMs < 0 ? { text: t('popup.overdueBy', { time }), overdue: true } : { text: t('popup.timeLeft', { time }), overdue: false };
}

/** The fit letter of a cached grade such as "A2", for the chip's colour. */
export function fitOf(grade: string | null): string | null {
  const letter = grade?.charAt(0);
  return letter && /^[ABCD]$/.test(letter) ? letter : null;
}
