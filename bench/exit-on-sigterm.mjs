// Preloaded only when the benchmark profiles the app (BENCH_PROFILE=1): `node --cpu-prof` writes its profile
// on a normal exit, while Nest's shutdown hook re-raises SIGTERM and the process would die without writing it.
process.once('SIGTERM', () => process.exit(0));
