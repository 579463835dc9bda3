// The report's markdown tables: every scenario, the CPU per request per process, memory, and the targets.
import { verdict } from './targets.mjs';
import { fmt, mib, pct } from './util.mjs';

const isOk = (status) => status === '2xx' || (Number(status) >= 200 && Number(status) < 300);

function nonOk(r) {
  const parts = Object.entries(r.statuses)
    .filter(([status]) => !isOk(status))
    .map(([status, n]) => `${status}: ${fmt(n)}`);
  if (r.errors) parts.push(`socket errors: ${fmt(r.errors)}`);
  return parts.length ? parts.join(', ') : '—';
}

/** One row per scenario: requests, req/s, p50, p99, non-2xx by status, req/s ÷ the bare baseline's. */
export function scenarioTable(rows, baselineRps) {
  const lines = [
    '| Scenario | Requests | req/s | p50 ms | p99 ms | Non-2xx by status | vs baseline |',
    '| --- | ---: | ---: | ---: | ---: | --- | ---: |',
  ];
  for (const { name, r } of rows) {
    const ratio = baselineRps ? pct(r.rps / baselineRps) : 'n/a';
    lines.push(
      `| ${name} | ${fmt(r.requests)} | ${fmt(r.rps)} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${nonOk(r)} | ${ratio} |`,
    );
  }
  return lines.join('\n');
}

/** CPU milliseconds per request of each party during each measured burst (bench/lib/cpu.mjs). */
export function cpuTable(rows) {
  const ms = (v) => (v === null || v === undefined ? 'n/a' : fmt(v, 2));
  const lines = [
    '| Scenario | app (process under test) | database | Redis | load generator | other processes | machine busy |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { name, r } of rows) {
    const c = r.cpu ?? {};
    const busy = c.machineBusy === null || c.machineBusy === undefined ? 'n/a' : pct(c.machineBusy);
    lines.push(
      `| ${name} | ${ms(c.app)} | ${ms(c.db)} | ${ms(c.redis)} | ${ms(c.client)} | ${ms(c.others)} | ${busy} |`,
    );
  }
  return lines.join('\n');
}

/** VmRSS of the bare baseline and of each pass's app at start and with the longest line. */
export function memoryTable(bareRss, passes) {
  const size = (bytes) => (bytes ? mib(bytes) : 'n/a');
  const lines = ['| Process | at start | with the line at its longest |', '| --- | ---: | ---: |'];
  lines.push(`| Bare baseline | ${size(bareRss)} | — |`);
  for (const pass of passes) {
    const at = pass.rss.atLine;
    const long = at ? `${size(at.bytes)} (${fmt(at.waiting)} waiting)` : 'n/a';
    lines.push(`| App, QUEUE_STORE=${pass.store} | ${size(pass.rss.start)} | ${long} |`);
  }
  return lines.join('\n');
}

export function targetTable(targets) {
  const lines = ['| Target | Store | Measured | Verdict |', '| --- | --- | ---: | --- |'];
  for (const t of targets) lines.push(`| ${t.target} | ${t.store} | ${t.measured} | ${verdict(t.met)} |`);
  return lines.join('\n');
}
