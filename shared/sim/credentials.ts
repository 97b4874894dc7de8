/** The credentials a scenario's simulators accept, with deterministic defaults when the scenario names none. */
import type { Scenario } from '../scenario/schema';

export interface SimCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** Set when the auditor uses STS credentials; the simulators then require it on every request. */
  securityToken?: string;
  /** The bearer token the Kubernetes simulator accepts. */
  kubernetesToken: string;
}

/** The auditor's credentials for a scenario. */
export function simCredentials(scenario: Scenario): SimCredentials {
  const a = scenario.auditor ?? {};
  return {
    accessKeyId: a.accessKeyId ?? 'LTAI5tSimAuditor0000001',
    accessKeySecret: a.accessKeySecret ?? 'sim-secret-for-local-simulators-only',
    securityToken: a.securityToken,
    kubernetesToken: a.kubernetes?.token ?? 'sim-bearer-token-for-local-simulators-only',
  };
}
