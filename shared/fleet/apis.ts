/** The cloud APIs fleet mode calls, as RAM actions: infra/dispatch-ram-policy.json grants exactly these (a test checks). */
export const LIST_CLUSTERS_API = 'cs:DescribeClustersV1';
export const INVOKE_API = 'fc:InvokeFunction';
