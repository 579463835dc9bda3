// Summarises a V8 .cpuprofile (from `BENCH_PROFILE=1 node bench/run.mjs`, one per process: the bare baseline and
// each app): self time by package and the hottest functions.
// Usage: node bench/profile-summary.mjs bench/out/CPU.*.cpuprofile [top=25] [scenario]
// With a scenario key (bare:start, bare:end, or <store>:<scenario> such as database:envelope, redis:poll10000,
// database:issue, redis:contention, database:journey), only the samples taken during that measured burst count
// (windows from bench/out/windows.json).
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

const [file, topArg, scenario] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/profile-summary.mjs <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));

let window = null;
if (scenario) {
  const windows = JSON.parse(readFileSync(join(dirname(file), 'windows.json'), 'utf8'));
  window = windows.find((w) => w.key === scenario);
  if (!window) {
    console.error(`no window "${scenario}" in windows.json: ${windows.map((w) => w.key).join(', ')}`);
    process.exit(2);
  }
}

// Self time per node from the samples and their time deltas (µs); sample i is taken at startTime + Σ deltas.
const selfUs = new Map();
let at = profile.startTime;
for (let i = 0; i < profile.samples.length; i++) {
  at += profile.timeDeltas[i] ?? 0;
  if (window && (at < window.startUs || at > window.endUs)) continue;
  const id = profile.samples[i];
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
}
const total = [...selfUs.values()].reduce((a, b) => a + b, 0);

function packageOf(url, name) {
  if (!url) return name.startsWith('(') ? name : '(native)';
  if (url.startsWith('node:')) return 'node (core)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const dist = url.indexOf('/dist/');
  if (dist >= 0)
    return `app: ${url
      .slice(dist + 6)
      .split('/')
      .slice(0, 2)
      .join('/')}`;
  return url;
}

const byPackage = new Map();
const byFunction = new Map();
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  if (!us) continue;
  const { functionName, url, lineNumber } = node.callFrame;
  const name = functionName || '(anonymous)';
  const pkg = packageOf(url, name);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + us);
  const key = `${name} ${url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/dist\//, 'dist/')}:${lineNumber + 1}` : ''}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
}

const pct = (us) => `${((us / total) * 100).toFixed(1).padStart(5)} %`;
const ms = (us) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
console.log(
  `${file}${scenario ? ` [${scenario}]` : ''}: ${(total / 1e6).toFixed(1)} s sampled\n\nSelf time by package:`,
);
for (const [pkg, us] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${pct(us)} ${ms(us)}  ${pkg}`);
}
console.log('\nHottest functions (self time):');
for (const [fn, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
  console.log(`${pct(us)} ${ms(us)}  ${fn}`);
}
