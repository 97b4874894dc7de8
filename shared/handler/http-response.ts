/** Responses for the FC 3.0 HTTP trigger: `{statusCode, headers, isBase64Encoded, body}`. */
import { FORMATS, renderReport, type Format } from '../report/render';
import type { Report } from '../report/schema';

export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  isBase64Encoded: false;
  body: string;
}

const CONTENT_TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  markdown: 'text/markdown; charset=utf-8',
  text: 'text/plain; charset=utf-8',
  json: 'application/json; charset=utf-8',
  sarif: 'application/sarif+json; charset=utf-8',
};

// A report names infrastructure: no caching anywhere on the way, and no content sniffing of the page.
const COMMON = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

/** The report in `format` when this build renders it (FORMATS says which renderers this build has), else JSON. */
export function reportResponse(report: Report, format: string): HttpResponse {
  const available = format !== 'json' && (FORMATS as readonly string[]).includes(format);
  const body = available ? renderReport(report, format as Format, { colour: false }) : JSON.stringify(report);
  return {
    statusCode: 200,
    headers: { ...COMMON, 'content-type': CONTENT_TYPES[available ? format : 'json'] ?? CONTENT_TYPES.json, 'x-ack-drift-run-id': report.runId },
    isBase64Encoded: false,
    body,
  };
}

/** A JSON error: `{error, requestId}`. */
export function errorResponse(statusCode: number, message: string, requestId: string): HttpResponse {
  return { statusCode, headers: { ...COMMON, 'content-type': CONTENT_TYPES.json }, isBase64Encoded: false, body: JSON.stringify({ error: message, requestId }) };
}
