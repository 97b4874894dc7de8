/** `ack-drift simulate`: serve a scenario on 127.0.0.1 for any real client (kubectl, pop-core, fc2) until stopped. */
import { parseScenario } from '../scenario/load';
import { startSimulators } from '../sim/start';
import { UsageError } from '../util/errors';
import { defineCommand, stringOpt, type CommandInput } from './command-spec';
import { EXIT } from './exit-codes';
import { readInput, type CliIo } from './io';

/** Runs `simulate`; resolves with exit code 0 after SIGINT/SIGTERM. */
async function runSimulate(input: CommandInput, io: CliIo): Promise<number> {
  const file = stringOpt(input, 'scenario');
  const kubeconfigOut = stringOpt(input, 'kubeconfigOut');
  if (!file) throw new UsageError('simulate: --scenario FILE is required');
  if (kubeconfigOut !== undefined) {
    const problem = io.writeProblem(kubeconfigOut);
    if (problem) throw new UsageError(`--kubeconfig-out ${kubeconfigOut}: cannot write (${problem})`);
  }
  const scenario = parseScenario(readInput(io, file), file);
  const sims = await startSimulators(scenario);
  try {
    if (kubeconfigOut) io.writeFile(kubeconfigOut, sims.kube.kubeconfig());
    const c = sims.credentials;
    const token = c.securityToken ? { securityToken: c.securityToken } : {};
    const served = { kubernetes: sims.kube.url, cloud: sims.cloud.url, accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, ...token, region: scenario.region };
    io.stdout(`${JSON.stringify(served)}\n`);
    io.stderr(`ack-drift: serving ${scenario.name ?? file}: kubernetes ${sims.kube.url}, cloud ${sims.cloud.url}${kubeconfigOut ? `, kubeconfig in ${kubeconfigOut}` : ''}; Ctrl-C stops\n`);
    const signal = await io.untilSignal();
    io.stderr(`ack-drift: ${signal}: stopping the simulators\n`);
    return EXIT.ok;
  } finally {
    await sims.close();
  }
}

export const SIMULATE_COMMAND = defineCommand({
  name: 'simulate',
  summary: 'serve a scenario on 127.0.0.1 (OpenAPI and a Kubernetes API server) until Ctrl-C, for any real client',
  usage: '--scenario FILE [--kubeconfig-out FILE]',
  details: [
    'Prints one JSON line to stdout: {"kubernetes", "cloud", "accessKeyId", "accessKeySecret", "region"}; the',
    'kubeconfig (HTTPS, its CA, a bearer token) is written before that line is printed.',
  ].join('\n'),
  options: [
    { flags: '--scenario <FILE>', description: 'the scenario to serve (ack-drift/v1, YAML or JSON)' },
    { flags: '--kubeconfig-out <FILE>', description: 'write a kubeconfig for the simulated cluster here' },
  ],
  exitCodes: [
    [EXIT.ok, 'stopped by SIGINT or SIGTERM'],
    [EXIT.usage, 'usage error or invalid scenario (the message names the field)'],
    [EXIT.internal, 'internal error'],
  ],
  run: runSimulate,
});
