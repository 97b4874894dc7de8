/** What to run when a doctor item fails: the policy to attach, the RBAC to apply. Text only; nothing is executed. */

/** A denied cloud read: the auditor's read-only policy is in infra/ram-policy.json. */
export function ramReadFix(action: string): string {
  return (
    `allow ${action} for this identity: create the auditor policy from infra/ram-policy.json ` +
    `(aliyun ram CreatePolicy --PolicyName ack-drift-auditor --PolicyDocument "$(cat infra/ram-policy.json)") and attach it ` +
    `(aliyun ram AttachPolicyToRole --PolicyType Custom --PolicyName ack-drift-auditor --RoleName ack-drift-auditor, ` +
    `or AttachPolicyToUser --UserName <user> for an AccessKey user)`
  );
}

/** A Kubernetes read forbidden by RBAC. */
export function rbacFix(what: string): string {
  return `allow ${what}: kubectl apply -f infra/rbac.yaml, and bind the ack-drift-auditor roles to the identity the kubeconfig authenticates as (infra/rbac.yaml says how)`;
}

/** The dispatcher may not invoke the audit function. */
export function invokeFix(functionArn: string): string {
  return (
    `allow fc:InvokeFunction on ${functionArn} for the dispatcher (infra/dispatch-ram-policy.json; aliyun ram AttachPolicyToRole --PolicyType Custom --PolicyName ` +
    `ack-drift-dispatcher --RoleName ack-drift-dispatcher)`
  );
}

/** Credentials that did not authenticate at all. */
export const CREDENTIALS_FIX = 'set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET (and ALIBABA_CLOUD_SECURITY_TOKEN for STS keys) to a valid key of the auditor identity';
