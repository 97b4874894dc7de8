/** OSS error answers as the service writes them: an XML `<Error>` with Code, Message, RequestId, HostId and extra fields. */
import { CloudError } from './errors';

/** An OSS error: status, code, message and the extra elements the real body carries (`Key`, `StringToSign`, …). */
export class OssError extends CloudError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly extra: Record<string, string> = {},
  ) {
    super(status, code, message);
  }
}

/** Escapes text for an XML element. */
export function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The XML error body. */
export function ossErrorBody(err: CloudError, requestId: string, hostId: string): string {
  const extra =
    err instanceof OssError
      ? Object.entries(err.extra)
          .map(([k, v]) => `  <${k}>${xmlText(v)}</${k}>\n`)
          .join('')
      : '';
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n' +
    `  <Code>${xmlText(err.code)}</Code>\n  <Message>${xmlText(err.message)}</Message>\n  <RequestId>${requestId}</RequestId>\n  <HostId>${xmlText(hostId)}</HostId>\n` +
    extra +
    '</Error>\n'
  );
}

/** 403 AccessDenied with the service's message. */
export function accessDenied(message: string, extra?: Record<string, string>): OssError {
  return new OssError(403, 'AccessDenied', message, extra);
}

/** 400 InvalidArgument naming the argument. */
export function invalidArgument(message: string, name: string, value: string): OssError {
  return new OssError(400, 'InvalidArgument', message, { ArgumentName: name, ArgumentValue: value });
}
