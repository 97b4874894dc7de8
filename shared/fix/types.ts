/** The fix plan: ordered, exact steps that repair a chain, each with the API call `ack-drift fix --apply` makes. */
import type { DecisionKind } from '../ram/model';

/** One OpenAPI call with its parameters, named as in the SDK models (@alicloud/ram20150501, @alicloud/vpc20160428). */
export interface ApiCall {
  product: 'ram' | 'vpc';
  action: string;
  params: Record<string, string>;
}

/** What must still hold before a step runs; otherwise the world changed since the audit and the fix refuses. */
export type Precondition = { kind: 'policyDefault'; policy: string; versionId: string } | { kind: 'policyAttached'; role: string; policy: string; policyType: string };

/** The route a route step creates or deletes: checked and re-read around the call. */
export interface RouteChange {
  op: 'create' | 'delete';
  routeTableId: string;
  destination: string;
  nextHopId: string;
}

/** Decisions the change alters: these actions, on each of these resources, go from `before` to `after`. */
export interface DecisionChange {
  actions: string[];
  resources: string[];
  before: DecisionKind;
  after: DecisionKind;
  /** True when the actions go from allowed to not allowed or back; false for explicitDeny ↔ implicitDeny. */
  effective: boolean;
}

/** The RAM engine's re-evaluation of the corrected policy set. */
export interface RamProof {
  required: { action: string; resource: string; before: DecisionKind; after: DecisionKind }[];
  /** Every other (action, resource) whose decision changes, over `evaluated`, grouped. */
  changed: DecisionChange[];
  evaluated: { actions: number; resources: string[] };
}

export type StepPhase = 'root' | 'explained' | 'other' | 'verify';

export interface FixStep {
  /** Stable within a plan: `s1`, `s2`, … in order. */
  id: string;
  phase: StepPhase;
  /** The findings this step repairs or verifies. */
  findingIds: string[];
  title: string;
  description: string;
  /** The exact command a person runs (aliyun CLI or kubectl), no placeholders. */
  command?: string;
  /** What `--apply` sends; absent for verification and kubectl steps, which `--apply` does not run. */
  call?: ApiCall;
  preconditions?: Precondition[];
  route?: RouteChange;
  /** The CCM does this itself within its resync period once it is allowed: run it only if it has not. */
  ccmRepairs?: boolean;
  /** A one-command alternative to the steps named (not applied by `--apply`). */
  alternativeTo?: string[];
  /** Needs a person's judgement (e.g. an overlapping route that may be intentional): `--apply` skips it. */
  judgement?: boolean;
  proof?: RamProof;
}

export interface FixPlan {
  steps: FixStep[];
  /** Findings that fail and have no known fix, with why. */
  withoutFix: { findingId: string; code: string; reason: string }[];
}
