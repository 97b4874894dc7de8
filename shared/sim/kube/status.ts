/** `Status` failure bodies, shaped like the ones kube-apiserver writes (`metav1.Status`). */

export interface StatusDetails {
  name?: string;
  /** Omitted for the core group, as Go's `omitempty` does. */
  group?: string;
  /** The resource (`nodes`), not the kind: apimachinery fills it from the GroupResource. */
  kind?: string;
  causes?: Array<{ reason: string; message: string }>;
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Failure';
  message: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** The message of a 410 on an expired `continue` token (apiserver storage, no inconsistent token offered). */
export const EXPIRED_CONTINUE_MESSAGE = 'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.';

/** The message kube-aggregator writes when an APIService's backend cannot be reached. */
export const SERVICE_UNAVAILABLE_MESSAGE = 'the server is currently unable to handle the request';

const REASONS: Record<number, [reason: string, message: string]> = {
  400: ['BadRequest', 'the server rejected our request for an unknown reason'],
  401: ['Unauthorized', 'Unauthorized'],
  403: ['Forbidden', 'forbidden'],
  404: ['NotFound', 'the server could not find the requested resource'],
  405: ['MethodNotAllowed', 'the server does not allow this method on the requested resource'],
  409: ['Conflict', 'the server reported a conflict'],
  // Every 410 the simulator produces is about an expired list or watch position.
  410: ['Expired', EXPIRED_CONTINUE_MESSAGE],
  422: ['Invalid', 'the server rejected our request due to an error in our request'],
  429: ['TooManyRequests', 'Too many requests, please try again later.'],
  500: ['InternalError', 'Internal error occurred: the server has an internal error'],
  503: ['ServiceUnavailable', SERVICE_UNAVAILABLE_MESSAGE],
  504: ['Timeout', 'Timeout: request did not complete within requested timeout - context deadline exceeded'],
};

/** The apimachinery reason for an HTTP status (`429` → `TooManyRequests`); undefined (omitted) when it has none. */
export function reasonFor(code: number): string | undefined {
  return REASONS[code]?.[0];
}

/** A failure `Status`; reason and message default to what the API server says for that code. */
export function failure(code: number, message?: string, reason?: string, details?: StatusDetails): Status {
  const r = reason ?? reasonFor(code);
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: message ?? REASONS[code]?.[1] ?? `the server responded with the status code ${code}`,
    ...(r ? { reason: r } : {}),
    ...(details ? { details } : {}),
    code,
  };
}

/** The body of every authentication failure (the API server never says why). */
export function unauthorized(): Status {
  return failure(401, 'Unauthorized', 'Unauthorized');
}

/** 400 BadRequest with a message. */
export function badRequest(message: string): Status {
  return failure(400, message, 'BadRequest');
}

/** 404 for an unknown path or resource type. */
export function unknownResource(): Status {
  return failure(404, undefined, 'NotFound', {});
}

/** `group` qualifies a resource in messages the way `schema.GroupResource.String()` does: `apiservices.apiregistration.k8s.io`. */
export function qualifiedResource(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

/** 404 for a named object that does not exist: `nodes "x" not found`. */
export function objectNotFound(resource: string, group: string, name: string): Status {
  return failure(404, `${qualifiedResource(resource, group)} "${name}" not found`, 'NotFound', {
    name,
    ...(group ? { group } : {}),
    kind: resource,
  });
}
