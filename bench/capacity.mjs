// The capacity model of docs/scaling.md: what N waiting users polling at the pace the API advises, plus bookings per
// second, cost the app instances, the line's Redis shard, the rate-limit keys and MySQL (QUEUE_STORE=redis).
//   node bench/capacity.mjs --waiting=1000000 --bookings=100 [--name=value …]
// Costs per request come from the last `npm run bench` (the costs block bench/lib/counters.mjs writes into
// docs/benchmarks.md; --report=<file> for another); any of them can be overridden by name (printed with the inputs).
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
function fail(message) {
  console.error(message);
  process.exit(2);
}
const args = Object.fromEntries(
  process.argv.slice(2).map((arg) => {
    const m = /^--([\w-]+)=(.*)$/.exec(arg);
    if (!m) fail(`Expected --name=value, got ${arg}`);
    return [m[1].replace(/-(\w)/g, (_, c) => c.toUpperCase()), m[2]];
  }),
);

/** Reads the costs block of a bench report and derives the model's per-request costs (µs) from QUEUE_STORE=redis. */
function measuredCosts(path) {
  const text = readFileSync(path, 'utf8');
  const block = /<!-- bench:costs (\{.*?\}) -->/s.exec(text);
  if (!block) fail(`${path} has no costs block: run \`npm run bench\` (a full run writes it)`);
  const { run, stores } = JSON.parse(block[1]);
  const { poll, pollShortLine: short, pollRefresh, issue, journey: j, tick, background: bg } = stores.redis;
  const perBooking = (v) => v * j.requestsPerBooking;
  // A journey's booking is its issue, its polls (at the front of a short line), its admission, and then its ACTIVE
  // requests (hold, charge, pay): the last part is the journey's cost less the others, measured on their own.
  const rest = (of, admission = 0) =>
    Math.max(0, perBooking(of(j)) - of(issue) - j.pollsPerBooking * of(short) - admission);
  const admitLineUs = tick.perToken.redis.us;
  return {
    run,
    pollAppUs: poll.cpuUs.app,
    pollLineUs: poll.cpuUs.redisLine,
    refreshAppUs: pollRefresh.cpuUs.app,
    refreshLineUs: pollRefresh.cpuUs.redisLine,
    limiterUs: poll.cpuUs.redisLimiter,
    issueAppUs: issue.cpuUs.app,
    issueLineUs: issue.cpuUs.redisLine,
    bookingAppUs: rest((c) => c.cpuUs.app),
    bookingLineUs: rest((c) => c.cpuUs.redisLine, admitLineUs),
    admitLineUs,
    activeRequestsPerBooking: Math.round(j.requestsPerBooking - 1 - j.pollsPerBooking),
    feedUs: bg.redis.feedUs / bg.redis.feed,
    emptyTickUs: bg.redis.scriptsUs / bg.redis.scripts,
    idleAppMsPerS: bg.cpuMsPerSecond.app,
    bookingStatements: perBooking(j.mysql.statements),
    bookingCommits: perBooking(j.mysql.commits),
    bookingRowsChanged: perBooking(j.mysql.rowsChanged),
    bookingLockWaits: perBooking(j.mysql.lockWaits),
    bookingDbUs: perBooking(j.cpuUs.db),
    lineBytesPerToken: stores.redis.lineBytesPerToken,
  };
}

const num = (name, fallback) => (args[name] === undefined ? fallback : Number(args[name]));
const costs = measuredCosts(resolve(ROOT, args.report ?? 'docs/benchmarks.md'));
for (const key of Object.keys(costs)) if (key !== 'run') costs[key] = num(key, costs[key]);
const INPUTS = ['waiting', 'bookings', 'admitted', 'issues', 'idleSeconds', 'intervalMs', 'coresPerInstance'];
const unknown = Object.keys(args).filter((k) => !(k in costs) && ![...INPUTS, 'utilisation', 'report'].includes(k));
if (unknown.length) fail(`Unknown inputs: ${unknown.join(', ')}`);
const input = {
  waiting: num('waiting', 1_000_000),
  bookings: num('bookings', 100),
  idleSeconds: num('idleSeconds', 300),
  intervalMs: num('intervalMs', 1000),
  coresPerInstance: num('coresPerInstance', 2),
  utilisation: num('utilisation', 0.6),
};
input.admitted = num('admitted', input.bookings);
input.issues = num('issues', input.admitted);
const bad = Object.entries({ ...input, ...costs, run: 0 }).filter(([, v]) => !(v >= 0) || v === Infinity);
if (bad.length || input.admitted <= 0) fail(`Inputs must be numbers ≥ 0, admitted > 0: ${bad.map(([k]) => k)}`);
/** The revocation feed's reads per instance and second (REVOCATION_FEED_INTERVAL_MS = 20). */
const FEED_READS_PER_SECOND = 50;
const MAX_POLL_AFTER_SECONDS = 30;
const c = costs;
const ceiling = Math.max(1, Math.min(MAX_POLL_AFTER_SECONDS, Math.floor(input.idleSeconds / 3)));
/** A poll this long after the token's last refresh refreshes it again (idle-refresh.ts: idle ÷ 10, 1–30 s). */
const refreshAfter = Math.min(30, Math.max(1, input.idleSeconds / 10));
/** The polls of `clients` polling every k s, those that refresh, and their cost on the line's core and the app. */
function paced(clients, k) {
  const polls = clients / k;
  const refreshes = polls / Math.ceil(refreshAfter / k);
  const line = (polls - refreshes) * c.pollLineUs + refreshes * c.refreshLineUs;
  return { polls, refreshes, line, app: (polls - refreshes) * c.pollAppUs + refreshes * c.refreshAppUs };
}
const add = (a, b) => Object.fromEntries(Object.keys(a).map((key) => [key, a[key] + b[key]]));

/**
 * The polls of a line of `waiting` admitted at `rate` per second, each client polling after pollAfterSeconds =
 * clamp(ceil(estimate / 10), 1, ceiling) with estimate = ceil(position / rate): positions up to 10·k·rate poll every
 * k seconds, the rest every `ceiling` seconds. Returns the totals, the front (faster than `ceiling`) and its totals.
 */
function pollsOf(waiting, rate) {
  let front = paced(0, 1);
  let counted = 0;
  for (let k = 1; k < ceiling && counted < waiting; k++) {
    const upTo = Math.min(waiting, Math.floor(10 * k * rate));
    front = add(front, paced(upTo - counted, k));
    counted = upTo;
  }
  return { all: add(front, paced(waiting - counted, ceiling)), frontCount: counted, front };
}

const { all, frontCount, front } = pollsOf(input.waiting, input.admitted);
const activeRequests = input.bookings * c.activeRequestsPerBooking;

// App instances: per-request CPU, plus each instance's idle cost (feed reads and ticks), until the count settles.
const appBusyUs = all.app + input.issues * c.issueAppUs + input.bookings * c.bookingAppUs;
let instances = 1;
const appCores = (k) => (appBusyUs + k * c.idleAppMsPerS * 1000) / 1e6;
while (appCores(instances) > instances * input.coresPerInstance * input.utilisation) instances++;

// The line's shard: every script of the line runs on its one core; the limiter's keys spread over every shard.
const line = {
  polls: all.line,
  issues: input.issues * c.issueLineUs,
  admissions: input.admitted * c.admitLineUs,
  bookings: input.bookings * c.bookingLineUs,
  instances: instances * (FEED_READS_PER_SECOND * c.feedUs + (1000 / input.intervalMs) * c.emptyTickUs),
};
const lineUs = Object.values(line).reduce((a, b) => a + b, 0);
const limiterUs = (all.polls + input.issues + activeRequests) * c.limiterUs;
const budgetUs = 1e6 * input.utilisation;
// Masters: the line's master shares its core with a part of the limits; when the line alone is over the target, its slot
// gets a master of its own and the limits the others.
const shards =
  lineUs < budgetUs
    ? `**${Math.max(1, Math.ceil(limiterUs / (budgetUs - lineUs)))}**`
    : `**${1 + Math.ceil(limiterUs / budgetUs)}**: the line's slot alone on one (over the target), the limits on the rest`;

/** Waiting users whose polls, with everything else the line's core does, fill `share` of that core. */
function waitingAt(share) {
  const room = 1e6 * share - (lineUs - line.polls) - front.line;
  if (room <= 0) return null;
  const deep = room / paced(1, ceiling).line;
  return { polls: front.polls + deep / ceiling, waiting: frontCount + deep };
}

const fmt = (n, digits = 0) =>
  n === null || !Number.isFinite(n)
    ? 'n/a'
    : n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (us) => `${fmt((us / 1e6) * 100, 1)} % of a core`;
const rows = [
  [
    'Waiting users; admitted/s; bookings/s; issues/s',
    `${fmt(input.waiting)}; ${fmt(input.admitted)}; ${fmt(input.bookings)}; ${fmt(input.issues)}`,
  ],
  ['pollAfterSeconds ceiling (min(30, idle ÷ 3))', `${ceiling} s (QUEUE_WAITING_IDLE_SECONDS=${input.idleSeconds})`],
  [
    'Polls/s, of which refresh the idle time',
    `${fmt(all.polls)}, ${fmt(all.refreshes)} (${fmt(frontCount)} at the front poll faster than every ${ceiling} s: ` +
      `${fmt(front.polls)}/s)`,
  ],
  ['Requests/s (polls + issues + ACTIVE requests)', fmt(all.polls + input.issues + activeRequests)],
  [
    `App CPU; instances of ${input.coresPerInstance} cores at ≤ ${fmt(input.utilisation * 100)} %`,
    `${fmt(appCores(instances), 2)} cores; **${instances}**`,
  ],
  ["Line's Redis core: polls", pct(line.polls)],
  ["Line's Redis core: issues + admissions + bookings", pct(line.issues + line.admissions + line.bookings)],
  ["Line's Redis core: instances' feed reads and ticks", pct(line.instances)],
  ["Line's Redis core: **total**", `**${pct(lineUs)}**`],
  ['Rate-limit keys (spread over every shard)', pct(limiterUs)],
  ['Redis masters at the target utilisation', shards],
  ["Ceiling: polls/s at 100 % of the line's core", fmt(waitingAt(1)?.polls ?? null)],
  [
    `… waiting users at that (front at their pace, the rest every ${ceiling} s)`,
    `**${fmt(waitingAt(1)?.waiting ?? null)}**`,
  ],
  [
    `… waiting users at ${fmt(input.utilisation * 100)} % of the core`,
    fmt(waitingAt(input.utilisation)?.waiting ?? null),
  ],
  [
    'MySQL statements/s; commits/s; rows changed/s; row-lock waits/s (bookings)',
    [c.bookingStatements, c.bookingCommits, c.bookingRowsChanged, c.bookingLockWaits]
      .map((perBooking, i) => fmt(input.bookings * perBooking, i === 3 ? 1 : 0))
      .join('; '),
  ],
  ["Redis memory of the line's keys", `${fmt((input.waiting * c.lineBytesPerToken) / 2 ** 30, 2)} GiB`],
  ['MySQL server CPU (bookings)', `${fmt((input.bookings * c.bookingDbUs) / 1e6, 2)} cores`],
];

const inputs = Object.entries(c)
  .filter(([key]) => key !== 'run')
  .map(([key, v]) => `${key}=${fmt(v, v < 10 ? 2 : 0)}`)
  .join(', ');
console.log(`Costs from the bench run of ${c.run} (override any by --name=value): ${inputs}\n`);
console.log('| Quantity | Value |\n| --- | --- |');
for (const [name, value] of rows) console.log(`| ${name} | ${value} |`);
