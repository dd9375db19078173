import type { ReactNode } from 'react';
import { useReview } from './context';
import { fill } from './strings';

/**
 * A chart as an image with a text summary for screen readers; the table beside it carries the
 * same numbers (and the drill-down), so nothing is only in the picture.
 */
export function ChartFigure({ title, summary, children }: { title: string; summary: string; children: ReactNode }) {
  const { s } = useReview();
  return (
    <figure className="chart">
      <div role="img" aria-label={fill(s.chartSummary, { title, summary })}>
        {children}
      </div>
    </figure>
  );
}

/** Colours that stay apart for the common colour-vision deficiencies (Okabe–Ito). */
export const COLORS = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#F0E442', '#000000'];
export const CHART_WIDTH = 520;
export const CHART_HEIGHT = 240;
