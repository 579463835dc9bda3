/**
 * A real Redis Cluster for tests: six redis-server processes (3 masters, 3 replicas, made by
 * `redis-cli --cluster create --cluster-replicas 1`) on spare loopback ports, each in a temp dir of its own with
 * its nodes.conf and an AOF, cluster-node-timeout 1 s so a failover takes seconds.
 *
 *   const cluster = await RedisCluster.start();     // resolves once every node says cluster_state:ok
 *   cluster.seeds                                    // ['127.0.0.1:p1', …] every node, for REDIS_CLUSTER_NODES
 *   await cluster.nodes()                            // CLUSTER NODES, parsed: id, port, role, masterId, slots, failing
 *   const slot = await cluster.slotOf('{user:1}:token')   // CLUSTER KEYSLOT
 *   const port = await cluster.masterOf('{user:1}:token') // or masterOf(slot): the port of the master serving it
 *   await cluster.waitForReplicas(port)              // its replicas hold all it acknowledged
 *   await cluster.killMaster(port)                   // SIGKILL
 *   const next = await cluster.waitForFailover(slot) // a replica serves the slot and every live node is ok again
 *   await cluster.stop()                             // kills every process and removes the dirs (afterAll)
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { isPortFree, RedisServer, redisCommand } from './redis-server.js';
import { waitUntil } from './wait-until.js';

export interface ClusterNode {
  id: string;
  port: number;
  role: 'master' | 'replica';
  /** The master a replica follows. */
  masterId: string | null;
  /** Flagged fail or fail? by the node that answered. */
  failing: boolean;
  /** Inclusive slot ranges this node serves. */
  slots: [number, number][];
}

export interface RedisClusterOptions {
  /** cluster-node-timeout: how long a node may be unreachable before it counts as failing. */
  nodeTimeoutMs?: number;
  /** Deadline of start() (creation and convergence) and of waitForFailover(). */
  timeoutMs?: number;
}

const HOST = '127.0.0.1';
const NODES = 6;
const SLOTS = 16384;
const BUS_OFFSET = 10_000;
// Below the kernel's ephemeral range (32768+), with the bus port (port + 10000) too: no client socket takes them.
const LOWEST_PORT = 10_000;
const HIGHEST_PORT = 32_767 - BUS_OFFSET;
const run = promisify(execFile);

/** A port whose cluster bus port (+10000) is free too. */
async function clusterPort(): Promise<number> {
  for (;;) {
    const port = LOWEST_PORT + Math.floor(Math.random() * (HIGHEST_PORT - LOWEST_PORT + 1));
    if ((await isPortFree(port)) && (await isPortFree(port + BUS_OFFSET))) return port;
  }
}

function infoField(info: unknown, field: string): string | undefined {
  return new RegExp(`^${field}:(.*)$`, 'm').exec(String(info))?.[1]?.trim();
}

function parseNodes(text: string): ClusterNode[] {
  return text
    .trim()
    .split('\n')
    .map((line) => {
      const [id, address, flags, master, , , , , ...slots] = line.trim().split(' ');
      const flagList = flags.split(',');
      return {
        id,
        port: Number(/:(\d+)@/.exec(address)?.[1]),
        role: flagList.includes('master') ? 'master' : 'replica',
        masterId: master === '-' ? null : master,
        failing: flagList.includes('fail') || flagList.includes('fail?'),
        // Skips [slot->-id] / [slot-<-id]: migrations in progress.
        slots: slots
          .filter((slot) => !slot.startsWith('['))
          .map((slot) => slot.split('-').map(Number))
          .map(([from, to]) => [from, to ?? from] as [number, number]),
      };
    });
}

const serves = (node: ClusterNode, slot: number) => node.slots.some(([from, to]) => from <= slot && slot <= to);

export class RedisCluster {
  private readonly killed = new Set<number>();

  private constructor(
    private readonly servers: RedisServer[],
    private readonly timeoutMs: number,
  ) {}

  static async start(options: RedisClusterOptions = {}): Promise<RedisCluster> {
    const { nodeTimeoutMs = 1000, timeoutMs = 60_000 } = options;
    const servers: RedisServer[] = [];
    const cluster = new RedisCluster(servers, timeoutMs);
    try {
      // One at a time, so each port search sees the ports (and bus ports) of the nodes before it taken.
      for (let i = 0; i < NODES; i++) {
        const server = await RedisServer.create({
          findPort: clusterPort,
          // prettier-ignore
          args: [
            '--cluster-enabled', 'yes',
            '--cluster-config-file', 'nodes.conf',
            '--cluster-node-timeout', String(nodeTimeoutMs),
            // Replicas sync at once instead of after the default 5 s wait for more replicas to join.
            '--repl-diskless-sync-delay', '0',
          ],
        });
        servers.push(server);
        await server.start();
      }
      await run('redis-cli', ['--cluster', 'create', ...cluster.seeds, '--cluster-replicas', '1', '--cluster-yes'], {
        timeout: timeoutMs,
      });
      await cluster.untilHealthy('the new cluster to converge', async (views) => {
        for (const [port, nodes] of views) {
          const masters = nodes.filter((node) => node.role === 'master' && node.slots.length > 0).length;
          const replicas = nodes.filter((node) => node.role === 'replica' && node.masterId !== null).length;
          if (masters !== 3 || replicas !== 3)
            throw new Error(`node ${port} sees ${masters} masters, ${replicas} replicas`);
        }
        // A replica that never synced with its master would refuse to fail over.
        for (const node of [...views.values()][0].filter((candidate) => candidate.role === 'replica')) {
          const link = infoField(await redisCommand(node.port, 'INFO', 'replication'), 'master_link_status');
          if (link !== 'up') throw new Error(`replica ${node.port}: master_link_status ${link}`);
        }
      });
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  /** Every node as host:port, the killed ones included (a client is given them all). */
  get seeds(): string[] {
    return this.servers.map((server) => `${HOST}:${server.port}`);
  }

  /** The cluster as a live node sees it. */
  async nodes(): Promise<ClusterNode[]> {
    return parseNodes(String(await redisCommand(this.livePorts()[0], 'CLUSTER', 'NODES')));
  }

  async slotOf(key: string): Promise<number> {
    return Number(await redisCommand(this.livePorts()[0], 'CLUSTER', 'KEYSLOT', key));
  }

  /** The port of the master that serves a slot, or the slot of a key. */
  async masterOf(slotOrKey: number | string): Promise<number> {
    const slot = typeof slotOrKey === 'number' ? slotOrKey : await this.slotOf(slotOrKey);
    const master = (await this.nodes()).find((node) => node.role === 'master' && !node.failing && serves(node, slot));
    if (!master) throw new Error(`no live master serves slot ${slot}`);
    return master.port;
  }

  /**
   * Waits until every replica of the master on `port` has everything it acknowledged (its replication offset).
   * Replication is asynchronous: a write acknowledged by a master that dies before its replica has it is lost.
   */
  async waitForReplicas(port: number): Promise<void> {
    await waitUntil(`the replicas of ${port} to catch up`, async () => {
      const info = String(await redisCommand(port, 'INFO', 'replication'));
      const offset = Number(infoField(info, 'master_repl_offset'));
      const replicas = [...info.matchAll(/^slave\d+:.*offset=(\d+)/gm)].map((match) => Number(match[1]));
      if (replicas.length === 0) throw new Error(`master ${port} has no replica`);
      const behind = replicas.filter((replica) => replica < offset);
      if (behind.length) throw new Error(`replicas at ${behind.join(', ')} of ${offset}`);
      return true;
    });
  }

  /** SIGKILL a master; its replica takes over after cluster-node-timeout (see waitForFailover). */
  async killMaster(port: number): Promise<void> {
    const node = (await this.nodes()).find((candidate) => candidate.port === port);
    if (node?.role !== 'master') throw new Error(`${port} is not a master of this cluster`);
    this.killed.add(port);
    await this.server(port).kill();
  }

  /** Waits until a replica serves the slot as master, as every live node sees it, and all say cluster_state:ok. */
  async waitForFailover(slot: number): Promise<number> {
    let master = 0;
    await this.untilHealthy(`a replica to take over slot ${slot}`, async (views) => {
      const owners = new Set<number>();
      for (const [port, nodes] of views) {
        const owner = nodes.find((node) => node.role === 'master' && !node.failing && serves(node, slot));
        if (!owner || this.killed.has(owner.port)) throw new Error(`node ${port}: slot ${slot} not taken over yet`);
        owners.add(owner.port);
      }
      if (owners.size !== 1) throw new Error(`nodes disagree on who serves slot ${slot}: ${[...owners].join(', ')}`);
      [master] = owners;
    });
    return master;
  }

  /** Kills every node and removes their dirs; safe to call twice. */
  async stop(): Promise<void> {
    await Promise.all(this.servers.map((server) => server.cleanup()));
  }

  private livePorts(): number[] {
    const ports = this.servers.filter((server) => server.running).map((server) => server.port);
    if (ports.length === 0) throw new Error('no node of the cluster is running');
    return ports;
  }

  private server(port: number): RedisServer {
    const server = this.servers.find((candidate) => candidate.port === port);
    if (!server) throw new Error(`no node on port ${port}`);
    return server;
  }

  /**
   * Polls until every live node says cluster_state:ok with all slots served and `check`, given each live node's
   * view of the cluster (CLUSTER NODES by port), does not throw.
   */
  private async untilHealthy(what: string, check: (views: Map<number, ClusterNode[]>) => Promise<void>): Promise<void> {
    await waitUntil(
      what,
      async () => {
        const views = new Map<number, ClusterNode[]>();
        for (const port of this.livePorts()) {
          const info = await redisCommand(port, 'CLUSTER', 'INFO');
          const state = infoField(info, 'cluster_state');
          const ok = Number(infoField(info, 'cluster_slots_ok'));
          if (state !== 'ok' || ok !== SLOTS) throw new Error(`node ${port}: cluster_state ${state}, ${ok} slots ok`);
          views.set(port, parseNodes(String(await redisCommand(port, 'CLUSTER', 'NODES'))));
        }
        await check(views);
        return true;
      },
      { timeoutMs: this.timeoutMs, intervalMs: 50 },
    );
  }
}
