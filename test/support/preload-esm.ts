// Jest's ESM loader refuses a require() of an ES module that the same import graph is still loading (Node does not:
// it evaluates a CommonJS dependency after the ES modules before it). nestjs-cls is CommonJS and requires
// @nestjs/common and @nestjs/core; importing those first, each in a graph of its own, makes its require()s plain.
await import('@nestjs/common');
await import('@nestjs/core');
await import('@nestjs-cls/transactional');

export {};
