/**
 * Where users' severity overrides come from: a YAML or JSON file (`ACK_DRIFT_SEVERITY_CONFIG`, or `--severity-config`
 * on the command line) with `severities: { CODE: severity }`, and the list `ACK_DRIFT_SEVERITY_OVERRIDES`
 * (`CODE=severity,...`), which wins for a code named in both. docs/codes.md describes both.
 */
import { parse } from 'yaml';
import { checkSeverityOverrides, parseSeverityList, type SeverityOverrides } from '../findings/severity-overrides';
import { ConfigError } from '../util/errors';

export const SEVERITY_CONFIG_VARIABLE = 'ACK_DRIFT_SEVERITY_CONFIG';
export const SEVERITY_OVERRIDES_VARIABLE = 'ACK_DRIFT_SEVERITY_OVERRIDES';

/** The overrides the environment (and an explicit file path) ask for; throws ConfigError naming every bad entry. */
export function severityOverridesFrom(env: NodeJS.ProcessEnv, readFile: (path: string) => string, configPath?: string): SeverityOverrides {
  const problems: string[] = [];
  let overrides: SeverityOverrides = {};
  const path = configPath ?? (env[SEVERITY_CONFIG_VARIABLE]?.trim() || undefined);
  if (path) {
    const fromFile = fileOverrides(path, readFile, problems);
    overrides = { ...overrides, ...fromFile };
  }
  const list = env[SEVERITY_OVERRIDES_VARIABLE];
  if (list?.trim()) {
    const parsed = parseSeverityList(list, SEVERITY_OVERRIDES_VARIABLE);
    const checked = checkSeverityOverrides(parsed.pairs, SEVERITY_OVERRIDES_VARIABLE);
    problems.push(...parsed.problems, ...checked.problems);
    overrides = { ...overrides, ...checked.overrides };
  }
  if (problems.length) throw new ConfigError(problems);
  return overrides;
}

function fileOverrides(path: string, readFile: (path: string) => string, problems: string[]): SeverityOverrides {
  let doc: unknown;
  try {
    doc = parse(readFile(path));
  } catch (err) {
    problems.push(`${path}: cannot read severity overrides: ${err instanceof Error ? err.message : String(err)}`);
    return {};
  }
  const severities = (doc as { severities?: unknown } | null)?.severities;
  if (typeof severities !== 'object' || severities === null || Array.isArray(severities)) {
    problems.push(`${path}: expected a mapping "severities:" of finding code to severity`);
    return {};
  }
  const checked = checkSeverityOverrides(Object.entries(severities), path);
  problems.push(...checked.problems);
  return checked.overrides;
}
