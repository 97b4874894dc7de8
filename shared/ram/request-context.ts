/**
 * The request context the cloud controller manager presents when it calls the VPC and ECS APIs, as far as the
 * auditor can know it offline. What it cannot know is left out, so conditions on it evaluate as indeterminate.
 */
import type { RequestContext } from './model';

export interface RouteControllerContextInput {
  /** The VPC the calls come from; `null` when they go over the internet (no acs:SourceVpc); undefined when unknown. */
  sourceVpc?: string | null;
  /** The client IP RAM sees: the node's private IP over a VPC endpoint; undefined when unknown. */
  sourceIp?: string;
  /** When the check runs: acs:CurrentTime. */
  now: Date;
  /** The SDK calls HTTPS endpoints, so acs:SecureTransport is true unless told otherwise. */
  secureTransport?: boolean;
  /** The AccessKey ID the CCM signs with (acs:AccessId), when known; explanations only ever show its first 4 characters. */
  accessKeyId?: string;
}

/** Builds the context map (acs:SourceVpc, acs:SourceIp, acs:SecureTransport, acs:CurrentTime, acs:AccessId). */
export function routeControllerContext(input: RouteControllerContextInput): RequestContext {
  const context: RequestContext = { 'acs:SecureTransport': input.secureTransport ?? true };
  if (input.sourceVpc !== undefined) context['acs:SourceVpc'] = input.sourceVpc;
  if (input.sourceIp !== undefined) context['acs:SourceIp'] = input.sourceIp;
  // An invalid Date would make toISOString throw; an unknown time is simply not in the context.
  if (!Number.isNaN(input.now.getTime())) context['acs:CurrentTime'] = input.now.toISOString();
  if (input.accessKeyId !== undefined) context['acs:AccessId'] = input.accessKeyId;
  return context;
}
