/** How people are told which statement: by its Sid when it has one, else by its 1-based position. */

/** `statement "DenyVpc"` or `statement 3` (the third in the Statement array). */
export function statementName(index0: number, sid?: string): string {
  return sid ? `statement "${sid}"` : `statement ${index0 + 1}`;
}

/** `statement 3 of policy k8sMasterRolePolicy (v3)`. */
export function statementOfPolicy(index0: number, sid: string | undefined, policy: string, version: string): string {
  return `${statementName(index0, sid)} of policy ${policy} (${version})`;
}
