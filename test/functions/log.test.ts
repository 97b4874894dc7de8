/** The logger: JSON lines with the request id, and every secret-bearing key redacted wherever it sits. */
import { captureLogs } from '../../shared/log/capture';
import { createLogger, invocationLogger, REDACT_PATHS, SECRET_KEYS } from '../../shared/log/logger';

describe('logger', () => {
  it('writes one JSON object per line with a level label, ISO time, service and the invocation fields', () => {
    const { logger, lines, text } = captureLogs();
    invocationLogger(logger, { requestId: '1-abc', functionName: 'ack-drift-audit' }).child({ clusterId: 'c1' }).info({ nodes: 3 }, 'collected');
    expect(text().endsWith('\n')).toBe(true);
    expect(lines()).toEqual([
      { level: 'info', time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), service: 'ack-drift', requestId: '1-abc', functionName: 'ack-drift-audit', clusterId: 'c1', nodes: 3, msg: 'collected' },
    ]);
  });

  it('redacts credentials, tokens, webhook URLs and secrets, kubeconfig material and auth headers, up to four levels deep', () => {
    const { logger, text, lines } = captureLogs();
    logger.info(
      {
        credentials: { accessKeyId: 'STS.x', accessKeySecret: 'S1', securityToken: 'S2' },
        run: { clients: { accessKeySecret: 'S3', securityToken: 'S4' } },
        config: { webhooks: [{ kind: 'dingtalk', name: 'oncall', url: 'https://oapi.dingtalk.com/robot/send?access_token=S5', secret: 'SECS6' }] },
        request: { headers: { authorization: 'FC STS.x:S7', 'x-fc-security-token': 'S8', 'x-acs-security-token': 'S9' } },
        kube: { users: { user: { token: 'S10', 'client-key-data': 'S11' } }, kubeconfig: 'apiVersion: v1 S12' },
        a: { b: { c: { password: 'S13' } } },
      },
      'everything',
    );
    const out = text();
    for (let i = 1; i <= 13; i++) expect(out).not.toMatch(new RegExp(`S${i}\\b`));
    expect(lines()[0]).toMatchObject({ config: { webhooks: [{ kind: 'dingtalk', name: 'oncall', url: '[REDACTED]', secret: '[REDACTED]' }] } });
  });

  it('has a redact path for every secret key at each depth', () => {
    expect(REDACT_PATHS).toHaveLength(SECRET_KEYS.length * 4);
    expect(REDACT_PATHS).toEqual(expect.arrayContaining(['credentials', '*.*.*.accessKeySecret', '*["x-fc-security-token"]', '*.*["client-key-data"]']));
  });

  it('falls back to info for an unknown level rather than failing to start', () => {
    expect(createLogger({ level: 'verbose', destination: { write: () => undefined } }).level).toBe('info');
    expect(createLogger({ level: 'debug', destination: { write: () => undefined } }).level).toBe('debug');
  });
});
