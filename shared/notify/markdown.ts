/** The alert as robot markdown (DingTalk and WeCom share the dialect): blocks separated by blank lines. */
import { markdownCode, safeLink } from './escape';
import { escapeMarkdown as e } from '../util/markdown-escape';
import { moreMarker, type Digest } from './summary';

/** Renders the digest with the first `keep` lines of its "more" list. */
export function renderMarkdown(d: Digest, keep: number): string {
  const blocks: string[] = [`### ${e(d.title)}`, `**${e(d.headline)}**`];
  if (d.cause) {
    const n = d.cause.explains;
    blocks.push(
      [`**Root cause** (explains ${n} finding${n === 1 ? '' : 's'})`, ...d.cause.chain.map((l, i) => `${i + 1}. ${i ? '← ' : ''}${markdownCode(l.code, e)} ${e(l.resource)}: ${e(l.message)}`)].join(
        '\n',
      ),
    );
    if (d.cause.fixes.length) {
      const steps = d.cause.fixes.map((f) => `- ${f.after ? `then (${e(f.after)}): ` : ''}${e(f.description)}${f.command ? `\n  ${markdownCode(f.command, e)}` : ''}`);
      blocks.push(['**Fix**', ...steps].join('\n'));
    }
  }
  blocks.push(`**Counts**: ${e(d.counts)}`);
  if (d.gaps.length) blocks.push(`**Not verified**: ${d.gaps.map(e).join('; ')}`);
  const link = safeLink(d.reportUrl);
  if (d.more.length) {
    const shown = d.more.slice(0, keep).map((l) => `- ${l.label} ${markdownCode(l.code, e)} ${e(l.resource)}: ${e(l.message)}`);
    if (keep < d.more.length) shown.push(`- ${e(moreMarker(d.more.length - keep, link !== undefined))}`);
    blocks.push(['**Also**', ...shown].join('\n'));
  }
  if (link) blocks.push(`[Open the report page](${link})`);
  blocks.push(`> delivery ${markdownCode(d.delivery.id, e)} · run ${e(d.delivery.runId)} · ${e(d.delivery.generatedAt)}`);
  return blocks.join('\n\n');
}
