/** Responses for the FC 3.0 HTTP trigger: `{statusCode, headers, isBase64Encoded, body}`. */
import { renderReport, type Format } from '../report/render';
import type { Report } from '../report/schema';

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  isBase64Encoded: false;
  body: string;
}

const CONTENT_TYPES: Record<Format, string> = {
  html: 'text/html; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  json: 'application/json; charset=utf-8',
  sarif: 'application/sarif+json; charset=utf-8',
};

// A report names infrastructure: no caching anywhere on the way, and no content sniffing of the page.
const COMMON = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/** The report rendered in `format` (one of the renderer's FORMATS, which the event and configuration schemas allow). */
export function reportResponse(report: Report, format: Format): HttpResponse {
  return {
    statusCode: 200,
    headers: { ...COMMON, 'content-type': CONTENT_TYPES[format], 'x-ack-drift-run-id': report.runId },
    isBase64Encoded: false,
    body: renderReport(report, format, { colour: false }),
  };
}

/** A JSON error: `{status, error, requestId}`. */
export function errorResponse(statusCode: number, message: string, requestId: string): HttpResponse {
  return { statusCode, headers: { ...COMMON, 'content-type': CONTENT_TYPES.json }, isBase64Encoded: false, body: JSON.stringify({ status: statusCode, error: message, requestId }) };
}
