/** Picks the renderer for a format. */
import type { Report } from './schema';
import { renderText } from './text';

export const FORMATS = ['text', 'json'] as const;
export type Format = (typeof FORMATS)[number];

/** Renders a report in the given format. */
export function renderReport(report: Report, format: Format, options: { colour: boolean }): string {
  return format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : renderText(report, options);
}
