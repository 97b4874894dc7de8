/** One module of error classes: each is told apart by instanceof, keeps its cause, and names itself. */
import {
  ApiCallError,
  ClusterNotAllowedError,
  ConfigError,
  DeadlineError,
  EventError,
  ExecPluginError,
  InputError,
  KubeconfigError,
  RunFailedError,
  StateError,
  UsageError,
  VerificationError,
} from '../../shared/util/errors';

describe('error classes', () => {
  it('form the hierarchy the handlers and the command line branch on', () => {
    const cause = new Error('socket hang up');
    const cases: [Error, string, (new (...args: never[]) => Error)[]][] = [
      [new ConfigError(['A: bad'], { cause }), 'ConfigError', [UsageError]],
      [new EventError('clusterId: required', { cause }), 'EventError', [UsageError]],
      [new ClusterNotAllowedError('clusterId: c-x', { cause }), 'ClusterNotAllowedError', [EventError, UsageError]],
      [new InputError('--role r: no such role', { cause }), 'InputError', [UsageError]],
      [new DeadlineError({ api: 'vpc:X', code: 'DeadlineExceeded', message: 'm' }, false, undefined, { cause }), 'DeadlineError', [ApiCallError]],
      [new KubeconfigError('no context', 'KubeconfigInvalid', { cause }), 'KubeconfigError', []],
      [new ExecPluginError('ExecPluginTimeout', 'stopped', { cause }), 'ExecPluginError', []],
      [new StateError('put', 'k', 'AccessDenied', 'm', 'req-1', { cause }), 'StateError', []],
      [new RunFailedError('no region', { cause }), 'RunFailedError', []],
      [new VerificationError('not there', { cause }), 'VerificationError', []],
    ];
    for (const [err, name, parents] of cases) {
      expect(err.name).toBe(name);
      expect(err.cause).toBe(cause);
      for (const parent of parents) expect(err).toBeInstanceOf(parent);
    }
    expect(new RunFailedError('x')).not.toBeInstanceOf(UsageError);
    expect(new ConfigError(['A: bad', 'B: bad']).message).toBe('invalid configuration:\n  A: bad\n  B: bad');
    expect(new StateError('put', 'k', 'AccessDenied', 'denied', 'req-1').message).toBe('put k: AccessDenied (request id req-1): denied');
  });
});
