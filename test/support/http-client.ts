import { Agent, request } from 'undici';

export interface HttpResponse<T = Record<string, unknown>> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
  text: string;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  /** A raw body sent as is (for malformed JSON or oversized bodies). */
  raw?: string;
}

// Enough sockets that a race of a few hundred requests really runs in parallel.
const agent = new Agent({ connections: 256, pipelining: 0 });

/** A small HTTP client over real sockets, so races run through the whole server. */
export class HttpClient {
  constructor(readonly baseUrl: string) {}

  get<T = Record<string, unknown>>(path: string, options: RequestOptions = {}) {
    return this.request<T>('GET', path, undefined, options);
  }

  post<T = Record<string, unknown>>(path: string, body?: unknown, options: RequestOptions = {}) {
    return this.request<T>('POST', path, body, options);
  }

  delete<T = Record<string, unknown>>(path: string, options: RequestOptions = {}) {
    return this.request<T>('DELETE', path, undefined, options);
  }

  async request<T>(method: string, path: string, body: unknown, options: RequestOptions): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    if (options.token !== undefined) headers['x-queue-token'] = options.token;
    let payload: string | undefined = options.raw;
    if (payload === undefined && body !== undefined) payload = JSON.stringify(body);
    if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
    const response = await request(`${this.baseUrl}${path}`, {
      method: method as 'GET',
      headers,
      body: payload,
      dispatcher: agent,
    });
    const text = await response.body.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (Swagger UI, /metrics): keep the text
    }
    return { status: response.statusCode, headers: response.headers, body: parsed as T, text };
  }
}
