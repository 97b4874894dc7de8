/** The doctor's round trip: dispatch (or a workstation) invokes the audit function with a ping it answers at once. */

/** The event the audit function answers without auditing. */
export const PING_EVENT = JSON.stringify({ doctor: 'ping' });

/** The audit function's answer to a ping. */
export interface Pong {
  pong: true;
  function?: string;
}

/** True for a ping event body. */
export function isPing(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { doctor?: unknown }).doctor === 'ping';
}

/** True for a doctor request (`{"doctor": true}`): the function runs its checklist instead of its job. */
export function isDoctorRequest(body: unknown): boolean {
  return typeof body === 'object' && body !== null && (body as { doctor?: unknown }).doctor === true;
}

/** Reads an invocation's answer as a pong; false for anything else. */
export function isPong(text: string): boolean {
  try {
    return (JSON.parse(text) as Partial<Pong>).pong === true;
  } catch {
    return false;
  }
}
