/**
 * Configuration errors a real-account audit reveals: a wrong AccessKey, an unknown cluster id, a VPC or region that
 * does not exist or does not match. They are the user's input, not the cluster's state: the command stops with exit
 * 2 and names the input, instead of printing a report of unknowns.
 */
import type { ApiFailure } from '../collect/api-error';
import { failuresOf, valueOf, type Inventory } from '../collect/inventory';
import type { AuditTarget } from '../pipeline/collect';
import { InputError } from '../util/errors';

/** The endpoint host of each product, to say who refused. */
export type EndpointHosts = Record<'vpc' | 'ecs' | 'ram' | 'cs', string>;

const CREDENTIAL_PROBLEMS: Record<string, string> = {
  'InvalidAccessKeyId.NotFound': 'this AccessKey ID does not exist',
  'InvalidAccessKeyId.Inactive': 'this AccessKey is disabled',
  InvalidAccessKeyId: 'this AccessKey ID is not valid',
  SignatureDoesNotMatch: 'the AccessKey secret does not belong to this AccessKey ID',
  'InvalidSecurityToken.Expired': 'the STS security token has expired',
  'InvalidSecurityToken.Malformed': 'the STS security token is malformed',
  'InvalidSecurityToken.MismatchWithAccessKey': 'the STS security token does not belong to this AccessKey ID',
};

function said(f: ApiFailure, host: string): string {
  return `${host} answered ${f.api} with ${f.code}${f.requestId ? ` (request id ${f.requestId})` : ''}`;
}

/** The configuration error behind the collected inputs, if there is one (the message names the bad input). */
export function inputProblem(inv: Inventory, target: AuditTarget, hosts: EndpointHosts, credentialSource: string, accessKeyId: string): string | undefined {
  // The first reads decide: the cluster detail (with a cluster id) or the VPC's route tables (with a kubeconfig).
  const first = [...failuresOf(inv.cluster), ...failuresOf(inv.routeTables)];
  const hostOf = (f: ApiFailure) => hosts[f.api.split(':')[0] as keyof EndpointHosts] ?? f.api.split(':')[0];
  const cred = first.find((f) => CREDENTIAL_PROBLEMS[f.code]);
  if (cred) return `the credentials were refused: ${CREDENTIAL_PROBLEMS[cred.code]} (AccessKey ID ${accessKeyId}, from ${credentialSource}); ${said(cred, hostOf(cred))}`;
  const cluster = failuresOf(inv.cluster).find((f) => f.code === 'ErrorClusterNotFound' || (f.api === 'cs:DescribeClusterDetail' && f.httpStatus === 404));
  if (cluster) return `--cluster-id ${target.clusterId}: no such cluster in this account; ${said(cluster, hostOf(cluster))}`;
  const info = valueOf(inv.cluster);
  if (target.clusterId && info?.region && info.region !== target.region) {
    return `--region ${target.region}: cluster ${target.clusterId} is in ${info.region}, and its VPC, routes and instances are read in the cluster's region; run with --region ${info.region}`;
  }
  const region = first.find((f) => f.code === 'InvalidRegionId.NotFound' || f.code === 'InvalidRegionId');
  if (region) return `--region ${target.region}: not a region ${hostOf(region)} knows; ${said(region, hostOf(region))}`;
  const vpcId = target.vpcId ?? info?.vpcId ?? '';
  const vpcInput = `${target.vpcId ? '--vpc-id ' : "the cluster's VPC "}${vpcId}`;
  const vpc = failuresOf(inv.routeTables).find((f) => /^InvalidVpcId\.NotFound$/i.test(f.code));
  if (vpc) return `${vpcInput}: no such VPC in region ${target.region}; ${said(vpc, hostOf(vpc))}`;
  // Every VPC has its system route table: a VPC with none listed does not exist in this region (the API answers an
  // unknown VpcId with an empty list, not an error).
  const tables = valueOf(inv.routeTables);
  if (vpcId && inv.routeTables.status === 'complete' && tables?.length === 0) {
    return `${vpcInput}: no such VPC in region ${target.region} (${hosts.vpc} lists no route table for it, and every VPC has a system route table)`;
  }
  return undefined;
}

/** Throws the configuration error behind the collected inputs, if any (see inputProblem). */
export function rejectInputProblems(inv: Inventory, target: AuditTarget, hosts: EndpointHosts, credentialSource: string, accessKeyId: string): void {
  const problem = inputProblem(inv, target, hosts, credentialSource, accessKeyId);
  if (problem) throw new InputError(problem);
}
