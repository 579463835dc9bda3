// The bench's bare baseline: the smallest Nest + Fastify app — one controller, GET /ping → {pong:true}, logger off, no
// guard, pipe, filter, logging or metrics — so that the app's own GET /ping row shows what its envelope costs.
// Plain ESM without a build step: Nest's decorators are functions, applied here by hand. Started by bench/run.mjs with
// the bench's own node, resolving @nestjs/* from the project's node_modules. PORT comes from the environment.
import 'reflect-metadata';
import { Controller, Get, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';

class PingController {
  ping() {
    return { pong: true };
  }
}
Controller('ping')(PingController);
Get()(PingController.prototype, 'ping', Object.getOwnPropertyDescriptor(PingController.prototype, 'ping'));

class BareModule {}
Module({ controllers: [PingController] })(BareModule);

const app = await NestFactory.create(BareModule, new FastifyAdapter(), { logger: false });
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
