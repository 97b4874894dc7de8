/** Webhook targets in the doctor: each must resolve to an address delivery may use; `--send-test` posts one message. */
import { checkOutboundUrl, vetDestination, type OutboundPolicy, type ResolveAll } from '../notify/outbound';
import type { DeliverReport, WebhookTarget } from '../notify/types';
import { buildReport } from '../report/build';
import type { DoctorItem } from './item';

export interface WebhookProbeOptions {
  policy: OutboundPolicy;
  /** Post one test message per target (a healthy, empty report named as a test). */
  sendTest?: { deliver: DeliverReport; deadline: number };
  resolveAll?: ResolveAll;
}

function testReport(now: Date) {
  return buildReport({
    runId: `doctor-test-${now.getTime()}`,
    generatedAt: now,
    cluster: { name: 'ack-drift doctor: test message' },
    findings: [],
    rootCauses: [],
    coverage: [],
    durationMs: 0,
    apiCalls: {},
  });
}

const FIX_URL = 'fix the target in ACK_DRIFT_WEBHOOKS (an https:// URL of the robot or receiver; private or plain-http targets need ACK_DRIFT_ALLOW_PRIVATE_WEBHOOKS / ACK_DRIFT_ALLOW_HTTP_WEBHOOKS)';

/** One item per target, in the configured order. */
export async function probeWebhooks(targets: readonly WebhookTarget[], o: WebhookProbeOptions): Promise<DoctorItem[]> {
  const items: DoctorItem[] = [];
  for (const target of targets) {
    const id = `webhook:${target.name}`;
    const checked = checkOutboundUrl(target.url, o.policy);
    if ('refused' in checked) {
      items.push({ id, status: 'fail', detail: `${target.kind}: ${checked.refused}`, fix: FIX_URL });
      continue;
    }
    const vetted = await vetDestination(checked.url, o.policy, o.resolveAll);
    if (!('addresses' in vetted)) {
      const why = 'refused' in vetted ? vetted.refused : vetted.dnsFailure;
      items.push({ id, status: 'fail', detail: `${target.kind} ${checked.url.host}: ${why}`, fix: FIX_URL });
      continue;
    }
    if (!o.sendTest) {
      items.push({ id, status: 'ok', detail: `${target.kind} ${checked.url.host} resolves to an allowed address (no message sent; --send-test posts one)` });
      continue;
    }
    const [result] = await o.sendTest.deliver(testReport(new Date()), [target], {
      deliveryId: `doctor-${Date.now()}-${target.name}`,
      deadline: o.sendTest.deadline,
      allowHttp: o.policy.allowHttp,
      allowPrivateNetwork: o.policy.allowPrivateNetwork,
      attempts: 1,
    });
    items.push(
      result.ok
        ? { id, status: 'ok', detail: `${target.kind} ${checked.url.host} accepted a test message` }
        : {
            id,
            status: 'fail',
            detail: `${target.kind} ${checked.url.host} refused the test message: ${result.error ?? 'no reason given'}`,
            fix: `check the ${target.kind} robot's URL, its signing secret and any keyword or IP allow-list it enforces, in ACK_DRIFT_WEBHOOKS`,
          },
    );
  }
  return items;
}
