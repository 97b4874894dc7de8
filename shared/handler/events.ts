/**
 * The three event shapes a Function Compute 3.0 handler receives (docs/architecture.md, "Cloud APIs"): a timer
 * trigger's `{triggerTime, triggerName, payload}`, a direct invocation's own JSON, and the HTTP trigger's event v1.
 * All arrive as a Buffer; tests and local callers may hand a string or an object.
 */
import { validatorOf } from '../util/validation';
import type { HttpEvent, TimerEvent } from './event-schemas';
import { validateHttpEvent, validateTimerEvent } from './event-schemas.validators';
import { checkedAs } from './validate';
import { EventError } from '../util/errors';

export type { HttpEvent };

const timerEvent = validatorOf<TimerEvent>(validateTimerEvent);
const httpEvent = validatorOf<HttpEvent>(validateHttpEvent);

export type TriggerEvent =
  | { kind: 'timer'; triggerName: string; triggerTime: string; payload: Record<string, unknown> }
  | { kind: 'invoke'; body: Record<string, unknown> }
  | { kind: 'http'; http: HttpEvent };

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A JSON object from text; empty text is `{}` (`s invoke` with no `-e`, a timer with an empty payload). */
function jsonObject(text: string, source: string): Record<string, unknown> {
  if (text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new EventError(`${source}: not JSON (expected an object like {"clusterId":"c-…","region":"cn-hangzhou"})`);
  }
  if (!isObject(parsed)) throw new EventError(`${source}: expected a JSON object, got ${parsed === null ? 'null' : Array.isArray(parsed) ? 'an array' : typeof parsed}`);
  return parsed;
}

/** Which trigger sent `event`, with its request data decoded (the timer's payload string parsed as JSON). */
export function decodeEvent(event: unknown): TriggerEvent {
  const data = Buffer.isBuffer(event) ? jsonObject(event.toString('utf8'), 'event') : typeof event === 'string' ? jsonObject(event, 'event') : (event ?? {});
  if (!isObject(data)) throw new EventError('event: expected a JSON object');
  if ('triggerTime' in data || 'triggerName' in data) {
    const timer = checkedAs(timerEvent, data, 'timer event');
    return { kind: 'timer', triggerName: timer.triggerName, triggerTime: timer.triggerTime, payload: jsonObject(timer.payload ?? '', 'timer payload') };
  }
  if (data.version === 'v1' && 'requestContext' in data) return { kind: 'http', http: checkedAs(httpEvent, data, 'HTTP event') };
  return { kind: 'invoke', body: data };
}
