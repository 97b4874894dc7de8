/** Event decoding, the audit job a trigger asks for, and run ids that stay stable for a redelivered event. */
import { auditJobOf } from '../../functions/audit/job';
import { readFunctionConfig } from '../../shared/config/read-env';
import { decodeEvent } from '../../shared/handler/events';
import { dispatchRunId, fleetRunId, invokeRunId, timerRunId } from '../../shared/handler/run-id';
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
    expect(decodeEvent(httpEvent({ format: 'html' }, 'req-1'))).toMatchObject({
      kind: 'http',
      http: { rawPath: '/report', queryParameters: { format: 'html' }, requestContext: { requestId: 'req-1' } },
    });
  });

  it('rejects malformed events with the field at fault', () => {
    expect(() => decodeEvent(Buffer.from('not json'))).toThrow('event: not JSON');
    expect(() => decodeEvent(Buffer.from('[1]'))).toThrow('event: expected a JSON object, got an array');
    expect(() => decodeEvent(Buffer.from('null'))).toThrow('event: expected a JSON object, got null');
    expect(() => decodeEvent(timerEvent('null'))).toThrow('timer payload: expected a JSON object, got null');
    expect(() => decodeEvent(timerEvent('some-custom-payload'))).toThrow('timer payload: not JSON');
    expect(() => decodeEvent(Buffer.from('{"triggerName":"t"}'))).toThrow('timer event.triggerTime: required');
    expect(() => decodeEvent({ version: 'v1', rawPath: '/', requestContext: { requestId: 'r' } })).toThrow('HTTP event.requestContext.http: required');
  });
});

describe('auditJobOf', () => {
  it('asks for a timer audit that alerts, with a run id from the trigger', () => {
    expect(auditJobOf(decodeEvent(timerEvent({ clusterId: 'c1', region: 'cn-beijing' })), config, 'req-1')).toEqual({
      clusterId: 'c1',
      region: 'cn-beijing',
      runId: timerRunId('hourly', '2026-11-26T08:00:00Z', 'c1'),
      dryRun: false,
      notify: true,
    });
  });

  it('asks for an HTTP run that does not alert unless notify=true', () => {
    const onlyOne = readFunctionConfig({ FC_REGION: 'cn-hangzhou', ACK_DRIFT_CLUSTER_IDS: 'c1', ACK_DRIFT_REPORT_FORMAT: 'html' });
    expect(auditJobOf(decodeEvent(httpEvent({}, 'req-9')), onlyOne, 'req-1')).toEqual({ clusterId: 'c1', region: 'cn-hangzhou', runId: 'req-9', dryRun: true, notify: false, httpFormat: 'html' });
    expect(auditJobOf(decodeEvent(httpEvent({ notify: 'true', format: 'json' }, 'req-9')), onlyOne, 'req-1')).toMatchObject({ notify: true, httpFormat: 'json' });
  });

  it('needs a region when several are configured, and refuses clusters outside the allow-list', () => {
    const two = readFunctionConfig({ ACK_DRIFT_REGIONS: 'cn-hangzhou,cn-shanghai', ACK_DRIFT_CLUSTER_IDS: 'c1,c2' });
    expect(() => auditJobOf(decodeEvent(invokeEvent({ clusterId: 'c1' })), two, 'req-1')).toThrow('region: required (ACK_DRIFT_REGIONS lists 2 regions)');
    expect(() => auditJobOf(decodeEvent(invokeEvent({ clusterId: 'c9', region: 'cn-hangzhou' })), two, 'req-1')).toThrow('clusterId: c9 is not in ACK_DRIFT_CLUSTER_IDS');
    expect(() => auditJobOf(decodeEvent(invokeEvent({ region: 'cn-hangzhou' })), two, 'req-1')).toThrow(/^clusterId: required/);
  });

  it('names bad fields of the request', () => {
    expect(() => auditJobOf(decodeEvent(invokeEvent({ clusterId: 'c1', dryRun: 'yes' })), config, 'req-1')).toThrow('event.dryRun: must be boolean');
    expect(() => auditJobOf(decodeEvent(invokeEvent({ clusterId: '../../etc' })), config, 'req-1')).toThrow('event.clusterId: has characters or a form it may not have');
    expect(() => auditJobOf(decodeEvent(timerEvent({ cluster: 'c1' })), config, 'req-1')).toThrow('timer payload.cluster: unknown key');
  });
});

describe('run ids', () => {
  it('are the same for the same trigger and differ for another time or cluster', () => {
    const t = timerRunId('hourly', '2026-11-26T08:00:00Z', 'c1');
    expect(t).toMatch(/^run-[0-9a-f]{20}$/);
    expect(timerRunId('hourly', '2026-11-26T08:00:00Z', 'c1')).toBe(t);
    expect(new Set([t, timerRunId('hourly', '2026-11-26T09:00:00Z', 'c1'), timerRunId('hourly', '2026-11-26T08:00:00Z', 'c2'), invokeRunId('req-1', 'c1')]).size).toBe(4);
  });

  it("take a direct invocation's request id, not its body: two manual runs with the same body are two runs", () => {
    const body = invokeEvent({ clusterId: 'c1' });
    const first = auditJobOf(decodeEvent(body), config, '1-6745a1b2-aaaa');
    const second = auditJobOf(decodeEvent(body), config, '1-6745a1b2-bbbb');
    expect(first.runId).toBe(invokeRunId('1-6745a1b2-aaaa', 'c1'));
    expect(second.runId).not.toBe(first.runId);
    // A timer keeps its trigger's id whatever the request, so a redelivered firing is the same run.
    expect(auditJobOf(decodeEvent(timerEvent({ clusterId: 'c1' })), config, 'req-x').runId).toBe(auditJobOf(decodeEvent(timerEvent({ clusterId: 'c1' })), config, 'req-y').runId);
  });

  it('give each cluster of a dispatch run its own stable id', () => {
    const run = dispatchRunId({ kind: 'timer', triggerName: 'fleet', triggerTime: '2026-11-26T08:00:00Z' });
    expect(fleetRunId(run, 'cn-hangzhou', 'c1')).toBe(fleetRunId(run, 'cn-hangzhou', 'c1'));
    expect(fleetRunId(run, 'cn-hangzhou', 'c1')).not.toBe(fleetRunId(run, 'cn-hangzhou', 'c2'));
    expect(dispatchRunId({ kind: 'invoke', requestId: 'req-1' })).not.toBe(run);
    expect(dispatchRunId({ kind: 'invoke', requestId: 'req-1' })).not.toBe(dispatchRunId({ kind: 'invoke', requestId: 'req-2' }));
  });
});
