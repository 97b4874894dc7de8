/** `ack-drift simulate`: serve a scenario on 127.0.0.1 for any real client (kubectl, pop-core, fc2) until stopped. */
import { parseArgs } from 'node:util';
import { parseScenario } from '../scenario/load';
import { startSimulators } from '../sim/start';
import { UsageError } from '../util/errors';
import { readInput, type CliIo } from './io';

/** Runs `simulate`; resolves with exit code 0 after SIGINT/SIGTERM. */
export async function simulateCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { scenario: { type: 'string' }, 'kubeconfig-out': { type: 'string' } }, strict: true });
  if (!values.scenario) throw new UsageError('simulate: --scenario FILE is required');
  const scenario = parseScenario(readInput(io, values.scenario), values.scenario);
  const sims = await startSimulators(scenario);
  try {
    if (values['kubeconfig-out']) io.writeFile(values['kubeconfig-out'], sims.kube.kubeconfig());
    const c = sims.credentials;
    io.stdout(
      `${JSON.stringify({ kubernetes: sims.kube.url, cloud: sims.cloud.url, accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, ...(c.securityToken ? { securityToken: c.securityToken } : {}), region: scenario.region })}\n`,
    );
    io.stderr(`ack-drift: serving ${scenario.name ?? values.scenario}: kubernetes ${sims.kube.url}, cloud ${sims.cloud.url}${values['kubeconfig-out'] ? `, kubeconfig in ${values['kubeconfig-out']}` : ''}; Ctrl-C stops\n`);
    const signal = await io.untilSignal();
    io.stderr(`ack-drift: ${signal}: stopping the simulators\n`);
    return 0;
  } finally {
    await sims.close();
  }
}
