import { randomBytes } from 'node:crypto';
import type { HttpResponse } from './http-client.js';
import type { TestApp } from './test-app.js';

/** What GET and PATCH /admin/queue answer. */
export interface QueueOverview {
  waiting: number;
  active: number;
  maxActive: number;
  paused: boolean;
  admittedLastMinute: number;
}

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
}

/** A fresh ADMIN_API_KEY (43 characters) per test file, so that finding it in a log means it leaked. */
export function newAdminKey(): string {
  return randomBytes(32).toString('base64url');
}

const keyHeader = (key: string | undefined): Record<string, string> =>
  key === undefined ? {} : { 'x-admin-key': key };

/** The operator routes over HTTP; `key` undefined sends no X-Admin-Key at all. */
export class QueueAdmin {
  constructor(
    private readonly t: TestApp,
    private readonly key: string | undefined,
  ) {}

  overview(headers: Record<string, string> = {}): Promise<HttpResponse<QueueOverview & ErrorBody>> {
    return this.t.http.get('/admin/queue', { headers: { ...keyHeader(this.key), ...headers } });
  }

  /** `raw` sends the body as is (malformed JSON). */
  change(body: unknown, options: { raw?: string; headers?: Record<string, string> } = {}) {
    return this.t.http.request<QueueOverview & ErrorBody>('PATCH', '/admin/queue', body, {
      headers: { ...keyHeader(this.key), ...options.headers },
      raw: options.raw,
    });
  }

  kick(userId: string, headers: Record<string, string> = {}) {
    return this.t.http.delete<{ userId: string; status: string } & ErrorBody>(
      `/admin/queue/tokens/${encodeURIComponent(userId)}`,
      { headers: { ...keyHeader(this.key), ...headers } },
    );
  }

  /** The overview, failing the test unless the route answers 200. */
  async read(): Promise<QueueOverview> {
    const res = await this.overview();
    if (res.status !== 200) throw new Error(`GET /admin/queue answered ${res.status} ${res.text}`);
    return res.body;
  }
}
