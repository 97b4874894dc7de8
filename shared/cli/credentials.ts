/**
 * Credentials for a real-account audit, found the way Alibaba Cloud's own tools find them (the default chain of
 * @alicloud/credentials): environment variables, RRSA/OIDC, the `aliyun` CLI's profiles (~/.aliyun/config.json,
 * `--profile`), the shared credentials file (~/.alibabacloud/credentials), the ECS instance RAM role, a credentials URI.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import {
  CLIProfileCredentialsProvider,
  ECSRAMRoleCredentialsProvider,
  OIDCRoleArnCredentialsProvider,
  ProfileCredentialsProvider,
  URICredentialsProvider,
  type CredentialsProvider,
} from '@alicloud/credentials';
import type { CloudCredentials } from '../collect/cloud-clients';
import { InputError } from '../util/errors';
import { graphemePrefix } from '../util/truncate';

export interface FoundCredentials {
  credentials: CloudCredentials;
  /** Where they came from, for messages: `environment variables`, `aliyun CLI profile "dev"`. */
  source: string;
  /** The region the aliyun CLI profile names, used when neither --region nor ALIBABA_CLOUD_REGION_ID is given. */
  region?: string;
}

interface CliConfig {
  current?: string;
  profiles?: { name?: string; region_id?: string }[];
}

function cliConfigPath(): string {
  return join(homedir(), '.aliyun', 'config.json');
}

function readCliConfig(): CliConfig | undefined {
  const path = cliConfigPath();
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as CliConfig;
  } catch {
    throw new InputError(`${path}: not valid JSON (the aliyun CLI writes it; run \`aliyun configure\`)`);
  }
}

async function fromProvider(provider: CredentialsProvider, source: string): Promise<FoundCredentials> {
  try {
    const c = await provider.getCredentials();
    return { credentials: { accessKeyId: c.accessKeyId, accessKeySecret: c.accessKeySecret, securityToken: c.securityToken || undefined }, source };
  } catch (err) {
    // The library's messages can quote a config file's content: keep the first line only, and no secrets in it.
    const first = graphemePrefix((err instanceof Error ? err.message : String(err)).split('\n')[0].replace(/(secret|token)\S*\s*[:=]\s*\S+/gi, '$1 <redacted>'), 300);
    throw new InputError(`credentials from ${source} could not be used: ${first}`);
  }
}

/**
 * The first source of the chain that is configured, in the chain's order; `profile` (`--profile`) picks an aliyun CLI
 * profile and skips the others. The ECS instance RAM role is tried only when ALIBABA_CLOUD_ECS_METADATA names the role:
 * the library would otherwise probe the metadata service (100.100.100.200) from every laptop, costing a timeout.
 */
export async function findCredentials(env: NodeJS.ProcessEnv, profile?: string): Promise<FoundCredentials> {
  const cliProfile = profile ?? env.ALIBABA_CLOUD_PROFILE;
  if (profile === undefined && env.ALIBABA_CLOUD_ACCESS_KEY_ID && env.ALIBABA_CLOUD_ACCESS_KEY_SECRET) {
    const credentials = { accessKeyId: env.ALIBABA_CLOUD_ACCESS_KEY_ID, accessKeySecret: env.ALIBABA_CLOUD_ACCESS_KEY_SECRET, securityToken: env.ALIBABA_CLOUD_SECURITY_TOKEN || undefined };
    return { credentials, source: 'environment variables ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET' };
  }
  if (profile === undefined && env.ALIBABA_CLOUD_ROLE_ARN && env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN && env.ALIBABA_CLOUD_OIDC_TOKEN_FILE) {
    const oidc = OIDCRoleArnCredentialsProvider.builder()
      .withRoleArn(env.ALIBABA_CLOUD_ROLE_ARN)
      .withOIDCProviderArn(env.ALIBABA_CLOUD_OIDC_PROVIDER_ARN)
      .withOIDCTokenFilePath(env.ALIBABA_CLOUD_OIDC_TOKEN_FILE)
      .withRoleSessionName(env.ALIBABA_CLOUD_ROLE_SESSION_NAME || 'ack-drift')
      .build();
    return fromProvider(oidc, `RRSA/OIDC (role ${env.ALIBABA_CLOUD_ROLE_ARN})`);
  }
  const config = readCliConfig();
  if (profile !== undefined || (config?.profiles?.length && env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED?.toLowerCase() !== 'true')) {
    const name = cliProfile ?? config?.current ?? 'default';
    const entry = config?.profiles?.find((p) => p.name === name);
    if (!entry) {
      const known = config?.profiles?.map((p) => JSON.stringify(p.name)).join(', ');
      throw new InputError(`--profile ${name}: no such profile in ${cliConfigPath()}${known ? ` (it has ${known})` : ` (the file is missing or empty; run \`aliyun configure --profile ${name}\`)`}`);
    }
    const found = await fromProvider(CLIProfileCredentialsProvider.builder().withProfileName(name).build(), `aliyun CLI profile ${JSON.stringify(name)} (${cliConfigPath()})`);
    return { ...found, region: entry.region_id || undefined };
  }
  const sharedFile = env.ALIBABA_CLOUD_CREDENTIALS_FILE ?? join(homedir(), '.alibabacloud', 'credentials');
  if (existsSync(sharedFile)) return fromProvider(ProfileCredentialsProvider.builder().build(), `the credentials file ${sharedFile}`);
  if (env.ALIBABA_CLOUD_ECS_METADATA && env.ALIBABA_CLOUD_ECS_METADATA_DISABLED?.toLowerCase() !== 'true') {
    return fromProvider(ECSRAMRoleCredentialsProvider.builder().withRoleName(env.ALIBABA_CLOUD_ECS_METADATA).build(), `the ECS instance RAM role ${env.ALIBABA_CLOUD_ECS_METADATA}`);
  }
  if (env.ALIBABA_CLOUD_CREDENTIALS_URI)
    return fromProvider(URICredentialsProvider.builder().withCredentialsURI(env.ALIBABA_CLOUD_CREDENTIALS_URI).build(), `the credentials URI ${env.ALIBABA_CLOUD_CREDENTIALS_URI}`);
  throw new InputError(
    'no credentials: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN for STS), ' +
      "or configure the aliyun CLI (`aliyun configure`; pick a profile with --profile NAME), or on ECS set ALIBABA_CLOUD_ECS_METADATA to the instance's RAM role, " +
      'or for RRSA set ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE',
  );
}
