// Imported first by run.mjs (and run on its own by `npm run bench` before the build): the bench and the processes
// it starts run on this node, and the project needs Node 22 or newer (.nvmrc pins the one it is tested on).
const MIN_MAJOR = 22;

const major = Number(process.versions.node.split('.')[0]);
if (major < MIN_MAJOR) {
  console.error(
    `The bench needs Node ${MIN_MAJOR} or newer (.nvmrc), this is ${process.version}. ` +
      'Put the project\'s Node first on PATH and run it again: export PATH="$(.ci/lts-node):$PATH"',
  );
  process.exit(1);
}
