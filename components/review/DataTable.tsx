import { useId } from 'react';
import type { ReviewDrill } from '../../lib/background/review';
import { csvFileName, downloadCsv, toCsv, type CsvValue } from './csv';
import { useReview } from './context';
import { fill } from './strings';

export interface Cell {
  text: string;
  /** What the CSV gets (a raw number rather than '12.5%'); defaults to text. */
  csv?: CsvValue;
  /** The leads behind the number: the cell becomes a button that lists them. */
  leads?: LeadsRef;
  numeric?: boolean;
}

/** The leads behind a number: how many, and how to ask the background for them. */
export interface LeadsRef {
  size: number;
  request: { ids: string[] } | { drill: ReviewDrill };
}

export interface TableData {
  /** Also the CSV file name. */
  id: string;
  title: string;
  columns: string[];
  rows: Cell[][];
  /**
   * Show at most this many rows (the first ones): a list that grows with the workspace, such as
   * every SLA breach, would otherwise put thousands of rows on the page. The CSV has every row.
   */
  shownRows?: number;
}

export const txt = (text: string, csv?: CsvValue): Cell => ({ text, ...(csv !== undefined ? { csv } : {}) });
export const numCell = (text: string, csv: CsvValue, leads?: LeadsRef): Cell => ({ text, csv, numeric: true, ...(leads ? { leads } : {}) });

export function tableCsv(table: TableData): string {
  return toCsv([table.columns, ...table.rows.map((row) => row.map((c) => (c.csv !== undefined ? c.csv : c.text)))]);
}

/** A table with clickable numbers (drill-down) and its own CSV export. */
export function DataTable({ table, compact = false }: { table: TableData; compact?: boolean }) {
  const { s, f, drill } = useReview();
  const captionId = useId();
  const rows = table.shownRows !== undefined ? table.rows.slice(0, table.shownRows) : table.rows;
  return (
    <div className={`table-block${compact ? ' compact' : ''}`}>
      <table aria-labelledby={captionId} data-table={table.id}>
        <caption id={captionId}>{table.title}</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.length === 0 ? (
            <tr>
              <td colSpan={table.columns.length}>{s.noData}</td>
            </tr>
          ) : (
            rows.map((row, i) => (
              <tr key={i}>
                {row.map((cell, j) =>
                  j === 0 ? (
                    <th key={j} scope="row">
                      {cell.text}
                    </th>
                  ) : (
                    <td key={j} className={cell.numeric ? 'num' : undefined}>
                      {cell.leads && cell.leads.size > 0 ? (
                        <button
                          type="button"
                          className="drill"
                          aria-label={fill(s.showLeads, { n: cell.leads.size, label: `${row[0]?.text ?? ''} · ${table.columns[j] ?? ''}` })}
                          onClick={() => drill(`${table.title}: ${row[0]?.text ?? ''} · ${table.columns[j] ?? ''}`, cell.leads!)}
                        >
                          {cell.text}
                        </button>
                      ) : (
                        cell.text
                      )}
                    </td>
                  ),
                )}
              </tr>
            ))
          )}
        </tbody>
        {rows.length < table.rows.length ? (
          <tfoot>
            <tr>
              <td colSpan={table.columns.length} className="note">
                {fill(s.rowsShown, { shown: f.count(rows.length), total: f.count(table.rows.length) })}
              </td>
            </tr>
          </tfoot>
        ) : null}
      </table>
      <button type="button" className="export no-print" onClick={() => downloadCsv(csvFileName(table.id), tableCsv(table))}>
        {s.exportCsv}: {table.title}
      </button>
    </div>
  );
}
