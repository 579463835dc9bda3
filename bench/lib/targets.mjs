// The team's targets, each judged per store from one run's results. A target whose scenario did not run is "not
// measured"; one that is not met says so — none is left out.
import { fmt, mib, pct } from './util.mjs';

const MIB = 2 ** 20;

/** [label, store → minimum share of the bare baseline's req/s] for the rows judged against the baseline. */
const AGAINST_BARE = [
  ['envelope', 'Envelope (`GET /ping` of the app) ≥ 80 % of bare', { database: 0.8, redis: 0.8 }],
  ['seats', 'Free-seat list ≥ 40 % of bare', { database: 0.4, redis: 0.4 }],
  ['poll10000', 'Poll at 10,000 waiting ≥ {min} of bare', { database: 0.25, redis: 0.5 }],
  ['issue', 'Token issue ≥ {min} of bare', { database: 0.1, redis: 0.3 }],
];
const POLL_FLAT = { store: 'redis', min: 0.9 };
const CONTENTION_P99_MS = 100;
const JOURNEY_BOOKINGS_PER_SECOND = 300;
const RSS_LIMIT = 200 * MIB;

const unmeasured = (target, store) => ({ target, store, measured: 'not measured', met: null });

function againstBare(byKey, store, baselineRps) {
  return AGAINST_BARE.filter(([, , mins]) => mins[store] !== undefined).map(([scenario, label, mins]) => {
    const target = label.replace('{min}', pct(mins[store]));
    const r = byKey[`${store}:${scenario}`];
    if (!r || !baselineRps) return unmeasured(target, store);
    const ratio = r.rps / baselineRps;
    return { target, store, measured: pct(ratio), met: ratio >= mins[store] };
  });
}

function pollFlat(byKey, store) {
  if (store !== POLL_FLAT.store) return [];
  const target = `Poll at 100,000 waiting ≥ ${pct(POLL_FLAT.min)} of poll at 1,000`;
  const [deep, short] = [byKey[`${store}:poll100000`], byKey[`${store}:poll1000`]];
  if (!deep || !short) return [unmeasured(target, store)];
  const ratio = deep.rps / short.rps;
  return [{ target, store, measured: pct(ratio), met: ratio >= POLL_FLAT.min }];
}

function contention(pass) {
  const target = `Contention p99 ≤ ${CONTENTION_P99_MS} ms, exactly 50 × 201, 0 × 5xx`;
  const r = pass.contention;
  if (!r) return unmeasured(target, pass.store);
  const c = r.checks;
  return {
    target,
    store: pass.store,
    measured: `p99 ${fmt(r.p99)} ms; ${c.wins} × 201; ${c.serverErrors} × 5xx`,
    met: r.p99 <= CONTENTION_P99_MS && c.ok,
  };
}

function journeys(pass) {
  const target = `Journeys ≥ ${JOURNEY_BOOKINGS_PER_SECOND} completed bookings/s, 0 failures, DB counts equal`;
  const r = pass.journeys;
  if (!r) return unmeasured(target, pass.store);
  const c = r.checks;
  return {
    target,
    store: pass.store,
    measured: `${fmt(r.bookingsPerSecond)}/s; ${c.failed} failures; DB counts ${c.ok ? 'equal' : 'NOT equal'}`,
    met: r.bookingsPerSecond >= JOURNEY_BOOKINGS_PER_SECOND && c.ok,
  };
}

function rss(pass) {
  const target = `RSS at 100,000 waiting ≤ ${mib(RSS_LIMIT)}`;
  const at = pass.rss.atLine;
  if (!at?.bytes) return unmeasured(target, pass.store);
  return { target, store: pass.store, measured: mib(at.bytes), met: at.bytes <= RSS_LIMIT };
}

/** Every target for every store that ran: [{target, store, measured, met: true | false | null}]. */
export function judgeTargets(byKey, passes, baselineRps) {
  return passes.flatMap((pass) => [
    ...againstBare(byKey, pass.store, baselineRps),
    ...pollFlat(byKey, pass.store),
    contention(pass),
    journeys(pass),
    rss(pass),
  ]);
}

export const verdict = (met) => (met === null ? '**not measured**' : met ? 'met' : '**not met**');
