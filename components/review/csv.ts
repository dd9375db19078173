/** UTF-8 byte order mark: Excel in Japan reads a CSV as Shift_JIS without it. */
export const BOM = '\uFEFF';

export type CsvValue = string | number | null | undefined;

/**
 * One RFC 4180 field. Text starting with = + - @ (or a tab / CR) is prefixed with ' so a
 * spreadsheet does not run it as a formula (CSV injection); numbers are written as they are.
 */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows to CSV text: BOM first, CRLF line ends. */
export function toCsv(rows: readonly (readonly CsvValue[])[]): string {
  return BOM + rows.map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/** A file name safe on every OS. */
export function csvFileName(name: string, stamp = new Date()): string {
  return `aun-${name.replace(/[^\w.-]+/g, '-')}-${stamp.toISOString().slice(0, 10)}.csv`;
}

/** Offer a CSV for download. */
export function downloadCsv(fileName: string, csv: string): void {
  const blob = new Blob([csv], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
