/** Reports carrying hostile strings everywhere a cluster or an API answer can put text, for the escaping tests. */
import type { Report } from '../../shared/report/schema';
import { goldenReport } from './golden-files';

export const SCRIPT = '<script>alert(1)</script>';
export const ATTRIBUTE = '"onload=alert(2) x="';
export const IMAGE = '"><img src=x onerror=alert(3)>';

/** The seed report with markup, quotes, pipes, backticks and newlines in names, messages, evidence and commands. */
export function hostileReport(): Report {
  const report = goldenReport('seed-incident');
  report.cluster.name = `shop ${SCRIPT}`;
  report.summary.headline = `Namespace ${IMAGE} is stuck ${SCRIPT}`;
  report.findings.forEach((f, i) => {
    f.message = `${SCRIPT} ${ATTRIBUTE} | pipe \`tick\` *bold* [link](https://evil.example/${i})\nsecond line`;
    f.resource = { ...f.resource, name: `${IMAGE}${i}` };
    f.evidence = { ...f.evidence, note: `</pre></code></details>${SCRIPT}`, link: 'javascript:alert(5)' };
    f.remediation = f.remediation.map((r) => ({ ...r, description: `${r.description} ${ATTRIBUTE}`, command: r.command && `${r.command} </code></pre>${SCRIPT} \`\`\`` }));
  });
  for (const step of (report.fixPlan?.steps ?? []) as { title: string; description: string; command?: string }[]) {
    step.title = `${step.title} ${SCRIPT}`;
    step.description = `${step.description} ${ATTRIBUTE} [link](https://evil.example/step)`;
    if (step.command) step.command = `${step.command} </code></pre>${SCRIPT} \`\`\``;
  }
  // The RAM evidence tables print statements cell by cell: every part of one may be hostile.
  const ram = report.findings.find((f) => f.code === 'RAM_EXPLICIT_DENY')!;
  const denied = (ram.evidence.deniedBy as Record<string, unknown>[])[0];
  denied.policy = `policy ${SCRIPT}`;
  denied.statement = { Effect: IMAGE, Action: [SCRIPT], NotResource: ATTRIBUTE, Condition: { [`StringEquals${IMAGE}`]: { [SCRIPT]: [ATTRIBUTE, 1] } } };
  report.coverage[0].reason = `<iframe src="https://evil.example/"></iframe>`;
  report.stats.apiCalls = { ...report.stats.apiCalls, [`k8s:${SCRIPT}`]: 1 };
  return report;
}
