/** Picks the renderer for a format. */
import { renderHtml } from './html';
import { renderMarkdown } from './markdown';
import { renderSarif } from './sarif';
import type { Report } from './schema';
import { renderText } from './text';

export const FORMATS = ['text', 'json', 'markdown', 'html', 'sarif'] as const;
export type Format = (typeof FORMATS)[number];

/** Renders a report in the given format; `colour` and `width` (a terminal's) apply to text only. */
export function renderReport(report: Report, format: Format, options: { colour: boolean; width?: number }): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`;
    case 'markdown':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report);
    case 'sarif':
      return renderSarif(report);
    case 'text':
      return renderText(report, options);
  }
}
