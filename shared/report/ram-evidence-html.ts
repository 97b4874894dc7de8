/**
 * A RAM finding's evidence as tables a person reads: the requests the route controller needs and the statements that
 * decide them (effect, actions, resources, conditions, the policy and its version), instead of a page of JSON.
 */
import { escapeHtml as h } from './escape';

type Row = Record<string, unknown>;

/** One column of a table: its header and the cell's HTML for a row. */
interface Column<T> {
  label: string;
  cell: (row: T) => string;
}

/** A statement with the policy that holds it, as the table lists it. */
interface StatementRow {
  policy: string;
  version: string;
  name: string;
  statement: Row;
}

const isRow = (v: unknown): v is Row => typeof v === 'object' && v !== null && !Array.isArray(v);
const rows = (v: unknown): Row[] => (Array.isArray(v) ? v.filter(isRow) : []);
const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : JSON.stringify(v));

/**
 * The tables for a RAM evaluation's evidence (RAM_EXPLICIT_DENY, RAM_IMPLICIT_DENY, RAM_CONDITIONAL_ALLOW), or
 * undefined when the evidence holds no requests or statements to tabulate.
 */
export function ramEvidenceHtml(evidence: Row): string | undefined {
  const requests = rows(evidence.deniedActions).length ? rows(evidence.deniedActions) : rows(evidence.actions).filter((a) => typeof a.action === 'string');
  const statements = [...rows(evidence.deniedBy), ...requests.flatMap((r) => rows(r.matched))].map(statementRow).filter((s): s is StatementRow => s !== undefined);
  const unique = [...new Map(statements.map((s) => [`${s.policy}\u0000${s.version}\u0000${s.name}`, s])).values()];
  if (!requests.length && !unique.length) return undefined;
  const parts: string[] = [];
  const identity = isRow(evidence.identity) ? evidence.identity : undefined;
  if (identity) {
    const ccm = evidence.ccmVersion ? ` · CCM ${h(text(evidence.ccmVersion))}` : '';
    parts.push(`<p class="ev-line">Identity <b>${h(text(identity.kind))} ${h(text(identity.name))}</b>${ccm}${identity.how ? `<br><span class="sub">${h(text(identity.how))}</span>` : ''}</p>`);
  }
  if (requests.length) {
    parts.push(
      `<h5>Requests the route controller makes (${requests.length})</h5>`,
      table(requests, [
        { label: 'Action', cell: (r) => `<code class="act">${h(text(r.action))}</code>` },
        { label: 'Resource', cell: (r) => `<code>${h(text(r.resource))}</code>` },
        { label: 'Needed for', cell: (r) => h(text(r.why)) },
        { label: 'Decision', cell: (r) => `<span class="sub">${lines(r.reasons)}</span>` },
      ]),
    );
  }
  if (unique.length) parts.push(`<h5>Deciding statements (${unique.length})</h5>`, statementTable(unique));
  for (const d of rows(evidence.deniedBy)) {
    const corrected = isRow(d.shouldBe) ? rows(d.shouldBe.Statement) : [];
    if (!corrected.length) continue;
    const policy = text(d.policy);
    parts.push(
      `<h5>${h(policy)} as it should be: the corrected version (${corrected.length} statement${corrected.length === 1 ? '' : 's'})</h5>`,
      statementTable(corrected.map((statement, i) => ({ policy, version: 'new default', name: statementName(statement, i), statement }))),
    );
  }
  return `<div class="ram-evidence" data-testid="ram-evidence">${parts.join('')}</div>`;
}

function statementRow(ref: Row): StatementRow | undefined {
  if (!isRow(ref.statement)) return undefined;
  const index = Number(ref.statementIndex);
  const name = typeof ref.statementName === 'string' ? ref.statementName.split(' of policy ')[0] : Number.isInteger(index) ? `statement ${index + 1}` : '';
  return { policy: text(ref.policy), version: text(ref.version), name, statement: ref.statement };
}

function statementName(statement: Row, i: number): string {
  return typeof statement.Sid === 'string' ? statement.Sid : `statement ${i + 1}`;
}

function statementTable(statements: StatementRow[]): string {
  return table(statements, [
    { label: 'Policy', cell: (s) => `${h(s.policy)} <span class="sub">${h(s.version)}</span>` },
    { label: 'Statement', cell: (s) => h(s.name) },
    { label: 'Effect', cell: (s) => effect(s.statement.Effect) },
    { label: 'Action', cell: (s) => negatable(s.statement, 'Action', 'act') },
    { label: 'Resource', cell: (s) => negatable(s.statement, 'Resource', '') },
    { label: 'Condition', cell: (s) => conditions(s.statement.Condition) },
  ]);
}

function table<T>(items: T[], columns: Column<T>[]): string {
  const head = columns.map((c) => `<th>${c.label}</th>`).join('');
  const body = items.map((item) => `<tr>${columns.map((c) => `<td data-label="${c.label}"><div>${c.cell(item)}</div></td>`).join('')}</tr>`).join('');
  return `<div class="table-box"><table class="stack"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function effect(value: unknown): string {
  const word = text(value);
  return `<span class="effect ${word === 'Deny' ? 'deny' : word === 'Allow' ? 'allow' : ''}">${h(word)}</span>`;
}

// Action/NotAction and Resource/NotResource: the Not form matches everything except what it lists, so it says so.
function negatable(statement: Row, key: 'Action' | 'Resource', kind: string): string {
  const not = statement[`Not${key}`];
  if (not !== undefined) return `<span class="sub">all except</span><br>${codes(not, kind)}`;
  return codes(statement[key], kind);
}

function codes(value: unknown, kind: string): string {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((v) => `<code${kind ? ` class="${kind}"` : ''}>${h(text(v))}</code>`).join('<br>');
}

// A Condition block is {Operator: {key: value | values}}; each key becomes one line "Operator key: values".
function conditions(value: unknown): string {
  if (!isRow(value)) return value === undefined ? '<span class="sub">none</span>' : h(text(value));
  const out = Object.entries(value).flatMap(([operator, keys]) =>
    isRow(keys)
      ? Object.entries(keys).map(([key, v]) => `<code>${h(operator)}</code> ${h(key)}: ${(Array.isArray(v) ? v : [v]).map((x) => h(text(x))).join(', ')}`)
      : [`<code>${h(operator)}</code> ${h(text(keys))}`],
  );
  return out.join('<br>');
}

function lines(value: unknown): string {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map((v) => h(text(v))).join('<br>');
}
