/** Event decoding, the audit job a trigger asks for, and run ids that stay stable for a redelivered event. */
import { auditJobOf } from '../../functions/audit/job';
import { readFunctionConfig } from '../../shared/config/read-env';
import { decodeEvent } from '../../shared/handler/events';
import { canonicalJson, dispatchRunId, fleetRunId, invokeRunId, timerRunId } from '../../shared/handler/run-id';
import { httpEvent, invokeEvent, timerEvent } from './support';

const config = readFunctionConfig({ FC_REGION: 'cn-hangzhou' });

describe('decodeEvent', () => {
  it('decodes a timer Buffer and parses its payload string', () => {
    expect(decodeEvent(timerEvent({ clusterId: 'c1' }))).toEqual({ kind: 'timer', triggerName: 'hourly', triggerTime: '2026-11-26T08:00:00Z', payload: { clusterId: 'c1' } });
    expect(decodeEvent(timerEvent(''))).toMatchObject({ kind: 'timer', payload: {} });
  });

  it('decodes a direct invocation, an empty one (`s invoke` without -e), and the HTTP event v1', () => {
    expect(decodeEvent(invokeEvent({ clusterId: 'c1', dryRun: true }))).toEqual({ kind: 'invoke', body: { clusterId: 'c1', dryRun: true } });
    expect(decodeEvent(Buffer.alloc(0))).toEqual({ kind: 'invoke', body: {} });
    expect(decodeEvent(httpEvent({ format: 'html' }, 'req-1'))).toMatchObject({ kind: 'http', http: { rawPath: '/report', queryParameters: { format: 'html' }, requestContext: { requestId: 'req-1' } } });
  });

  it('rejects malformed events with the field at fault', () => {
    expect(() => decodeEvent(Buffer.from('not json'))).toThrow('event: not JSON');
    expect(() => decodeEvent(Buffer.from('[1]'))).toThrow('event: expected a JSON object, got an array');
    expect(() => decodeEvent(timerEvent('some-custom-payload'))).toThrow('timer payload: not JSON');
    expect(() => decodeEvent(Buffer.from('{"triggerName":"t"}'))).toThrow('timer event.triggerTime: required');
    expect(() => decodeEvent({ version: 'v1', rawPath: '/', requestContext: { requestId: 'r' } })).toThrow('HTTP event.requestContext.http: required');
  });
});

describe('auditJobOf', () => {
  it('asks for a timer audit that alerts, with a run id from the trigger', () => {
    expect(auditJobOf(decodeEvent(timerEvent({ clusterId: 'c1', region: 'cn-beijing' })), config)).toEqual({
      clusterId: 'c1',
      region: 'cn-beijing',
      runId: timerRunId('hourly', '2026-11-26T08:00:00Z', 'c1'),
      dryRun: false,
      notify: true,
    });
  });

  it('asks for an HTTP run that does not alert unless notify=true', () => {
    const onlyOne = readFunctionConfig({ FC_REGION: 'cn-hangzhou', ACK_DRIFT_CLUSTER_IDS: 'c1', ACK_DRIFT_REPORT_FORMAT: 'html' });
    expect(auditJobOf(decodeEvent(httpEvent({}, 'req-9')), onlyOne)).toEqual({ clusterId: 'c1', region: 'cn-hangzhou', runId: 'req-9', dryRun: true, notify: false, httpFormat: 'html' });
    expect(auditJobOf(decodeEvent(httpEvent({ notify: 'true', format: 'json' }, 'req-9')), onlyOne)).toMatchObject({ notify: true, httpFormat: 'json' });
  });

  it('needs a region when several are configured, and refuses clusters outside the allow-list', () => {
    const two = readFunctionConfig({ ACK_DRIFT_REGIONS: 'cn-hangzhou,cn-shanghai', ACK_DRIFT_CLUSTER_IDS: 'c1,c2' });
    expect(() => auditJobOf(decodeEvent(invokeEvent({ clusterId: 'c1' })), two)).toThrow('region: required (ACK_DRIFT_REGIONS lists 2 regions)');
    expect(() => auditJobOf(decodeEvent(invokeEvent({ clusterId: 'c9', region: 'cn-hangzhou' })), two)).toThrow('clusterId: c9 is not in ACK_DRIFT_CLUSTER_IDS');
    expect(() => auditJobOf(decodeEvent(invokeEvent({ region: 'cn-hangzhou' })), two)).toThrow(/^clusterId: required/);
  });

  it('names bad fields of the request', () => {
    expect(() => auditJobOf(decodeEvent(invokeEvent({ clusterId: 'c1', dryRun: 'yes' })), config)).toThrow('event.dryRun: must be boolean');
    expect(() => auditJobOf(decodeEvent(invokeEvent({ clusterId: '../../etc' })), config)).toThrow('event.clusterId: has characters or a form it may not have');
    expect(() => auditJobOf(decodeEvent(timerEvent({ cluster: 'c1' })), config)).toThrow('timer payload.cluster: unknown key');
  });
});

describe('run ids', () => {
  it('are the same for the same trigger and differ for another time, cluster or body', () => {
    const t = timerRunId('hourly', '2026-11-26T08:00:00Z', 'c1');
    expect(t).toMatch(/^run-[0-9a-f]{20}$/);
    expect(timerRunId('hourly', '2026-11-26T08:00:00Z', 'c1')).toBe(t);
    expect(new Set([t, timerRunId('hourly', '2026-11-26T09:00:00Z', 'c1'), timerRunId('hourly', '2026-11-26T08:00:00Z', 'c2'), invokeRunId({ clusterId: 'c1' }, 'c1')]).size).toBe(4);
    expect(invokeRunId({ a: 1, b: [1, { d: 2, c: 3 }] }, 'c1')).toBe(invokeRunId({ b: [1, { c: 3, d: 2 }], a: 1 }, 'c1'));
  });

  it('give each cluster of a dispatch run its own stable id', () => {
    const run = dispatchRunId({ kind: 'timer', triggerName: 'fleet', triggerTime: '2026-11-26T08:00:00Z' });
    expect(fleetRunId(run, 'cn-hangzhou', 'c1')).toBe(fleetRunId(run, 'cn-hangzhou', 'c1'));
    expect(fleetRunId(run, 'cn-hangzhou', 'c1')).not.toBe(fleetRunId(run, 'cn-hangzhou', 'c2'));
    expect(dispatchRunId({ kind: 'invoke', body: {} })).not.toBe(run);
  });

  it('canonical JSON sorts keys and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: undefined, c: 'x' } })).toBe('{"a":{"c":"x"},"b":1}');
  });
});
