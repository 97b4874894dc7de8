/** One line of `ack-drift doctor`'s checklist: what was tried, how it went, and what to run when it failed. */

export type DoctorStatus = 'ok' | 'fail' | 'skip';

export interface DoctorItem {
  /** Stable id: `credentials`, `cs:DescribeClusterDetail`, `k8s:list nodes`, `webhook:<name>`, `invoke:<function>`. */
  id: string;
  status: DoctorStatus;
  /** What happened, in one sentence (an API's error code and request id when it failed). */
  detail: string;
  /** For a failed item: the command or change that fixes it. */
  fix?: string;
}

export interface DoctorResult {
  ok: boolean;
  items: DoctorItem[];
}

/** The checklist's verdict: ok when no item failed (skipped items say why they were skipped). */
export function doctorResult(items: DoctorItem[]): DoctorResult {
  return { ok: items.every((i) => i.status !== 'fail'), items };
}

const MARK: Record<DoctorStatus, string> = { ok: 'ok  ', fail: 'FAIL', skip: 'skip' };

/** The checklist as text: one line per item, each failure followed by its fix. */
export function renderDoctorText(result: DoctorResult): string {
  const lines = result.items.flatMap((i) => [`${MARK[i.status]} ${i.id}: ${i.detail}`, ...(i.fix ? [`     fix: ${i.fix}`] : [])]);
  const failed = result.items.filter((i) => i.status === 'fail').length;
  lines.push(failed === 0 ? 'doctor: every check passed' : `doctor: ${failed} of ${result.items.length} checks failed`);
  return `${lines.join('\n')}\n`;
}
