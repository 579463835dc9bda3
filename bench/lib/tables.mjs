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
  for (const { lineMemory: m } of passes.filter((p) => p.lineMemory)) {
    const tokens = `${fmt(m.waiting)} waiting, ${fmt(m.active)} active: ${fmt(m.bytes / (m.waiting + m.active))} B a token`;
    lines.push(`| Redis: the line's keys (\`MEMORY USAGE\`) | — | ${size(m.bytes)} (${tokens}) |`);
  }
  return lines.join('\n');
}

export function targetTable(targets) {
  const lines = ['| Target | Store | Measured | Verdict |', '| --- | --- | ---: | --- |'];
  for (const t of targets) lines.push(`| ${t.target} | ${t.store} | ${t.measured} | ${verdict(t.met)} |`);
  return lines.join('\n');
}

/** A count per request: more digits for small ones. */
const count = (v) => (v === null || v === undefined ? 'n/a' : fmt(v, v < 10 ? 2 : v < 100 ? 1 : 0));

/** A counted figure, in italics when over half of it was background (counters.mjs NOISY). */
const counted = (c, group, key, v) => (c.noisy?.[group]?.includes(key) ? `_${count(v)}_` : count(v));

/** The rows counted by bench/lib/counters.mjs, and the journeys once more per booking. */
function countedRows(rows) {
  return rows
    .filter(({ r }) => r.counters)
    .flatMap(({ key, name, r }) => {
      const bookings = r.checks?.completed;
      if (!key.endsWith(':journey') || !bookings) return [{ name, c: r.counters }];
      const k = r.counters.requests / bookings;
      const perBooking = {
        ...r.counters,
        mysql: scaled(r.counters.mysql, k),
        redis: scaled(r.counters.redis, k),
        cpuUs: scaled(r.counters.cpuUs, k),
      };
      return [
        { name, c: r.counters },
        { name: `${name}: **per booking** (${fmt(k, 1)} requests)`, c: perBooking },
      ];
    });
}

const scaled = (obj, k) => Object.fromEntries(Object.entries(obj).map(([key, v]) => [key, v === null ? null : v * k]));

/** MySQL statements, rows and row locks per request (counters.mjs), and the database server's CPU. */
export function mysqlCountTable(rows) {
  const lines = [
    '| Scenario | statements | SELECT | INSERT | UPDATE | DELETE | COMMIT | rows read | rows changed | row-lock waits | lock wait ms | database CPU µs | noise |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { name, c } of countedRows(rows)) {
    const keys = ['statements', 'select', 'insert', 'update', 'delete', 'commits', 'rowsRead', 'rowsChanged'];
    const cells = [...keys, 'lockWaits', 'lockMs'].map((key) => counted(c, 'mysql', key, c.mysql[key]));
    cells.push(counted(c, 'cpu', 'db', c.cpuUs.db));
    lines.push(`| ${name} | ${cells.join(' | ')} | ${pct(c.noise.mysql)} |`);
  }
  return lines.join('\n');
}

/** Redis commands per request (counters.mjs) and the Redis server's CPU, split between the line and the limiter. */
export function redisCountTable(rows) {
  const lines = [
    '| Scenario | commands | scripts | of which rate limit | feed reads | in-script commands | in-command µs | Redis CPU µs | line / rate limit µs | noise |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { name, c } of countedRows(rows).filter(({ name }) => name.includes('QUEUE_STORE=redis'))) {
    const keys = ['commands', 'scripts', 'limiter', 'feed', 'inScript', 'us'];
    const cells = keys.map((key) => counted(c, 'redis', key, c.redis[key]));
    cells.push(counted(c, 'cpu', 'redis', c.cpuUs.redis));
    const split = `${count(c.cpuUs.redisLine)} / ${count(c.cpuUs.redisLimiter)}`;
    lines.push(`| ${name} | ${cells.join(' | ')} | ${split} | ${pct(c.noise.redis)} |`);
  }
  return lines.join('\n');
}

/** The idle app per second (the probes before each burst), per store. */
export function backgroundTable(passes) {
  const lines = [
    '| Store | probes | MySQL statements/s | rows read/s | database CPU ms/s | Redis commands/s | feed reads/s | scripts/s | Redis in-command µs/s | Redis CPU ms/s | app CPU ms/s |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { store, background: b } of passes.filter((p) => p.background)) {
    const cells = [b.mysql.statements, b.mysql.rowsRead, b.cpuMsPerSecond.db, b.redis.commands, b.redis.feed];
    const more = [b.redis.scripts, b.redis.us, b.cpuMsPerSecond.redis, b.cpuMsPerSecond.app];
    lines.push(`| ${store} | ${b.probes} | ${[...cells, ...more].map(count).join(' | ')} |`);
  }
  return lines.join('\n');
}

/**
 * One admission tick that admitted a full batch, per store (bench/scenarios/admission.mjs): totals for the tick, in
 * the store it touches (a tick of one store sends nothing to the other's server).
 */
export function admissionTable(passes) {
  const lines = [
    '| Store | admitted | seen after ms | MySQL statements | rows read | rows changed | row-lock waits | Redis in-script commands | Redis in-command µs | noise |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const { store, admission: a } of passes.filter((p) => p.admission)) {
    const c = a.counters;
    const total = (group, key) => counted(c, group, key, c[group][key] * a.admitted);
    const sql = store === 'database';
    const mysqlCells = ['statements', 'rowsRead', 'rowsChanged', 'lockWaits'].map((key) => total('mysql', key));
    const redisCells = ['inScript', 'us'].map((key) => total('redis', key));
    const cells = sql ? [...mysqlCells, '—', '—'] : ['—', '—', '—', '—', ...redisCells];
    lines.push(
      `| ${store} | ${fmt(a.admitted)} | ${fmt(a.ms)} | ${cells.join(' | ')} | ${pct(sql ? c.noise.mysql : c.noise.redis)} |`,
    );
  }
  return lines.join('\n');
}
