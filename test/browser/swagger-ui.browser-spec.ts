import { type Browser, chromium, type Page } from 'playwright-core';
import { startTestApp } from '../support/test-app.js';
import { type BuiltApp, startBuiltApp } from './built-app.js';

// Debian's chromium (apt), never a downloaded one; without the background-networking flags it tries the network.
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const WAIT = { timeout: 60_000 };

/** Opens an operation, "Try it out", "Execute"; returns the live response's status and body as Swagger UI shows them. */
async function tryItOut(page: Page, operationId: string): Promise<{ status: number; body: string }> {
  const block = page.locator(`[id$="-${operationId}"]`);
  if (!(await block.locator('.opblock-body').isVisible())) await block.locator('.opblock-summary-control').click();
  const tryOut = block.locator('button.try-out__btn');
  if ((await tryOut.textContent())?.trim() === 'Try it out') await tryOut.click();
  await block.locator('button.execute').click(WAIT);
  const live = block.locator('.live-responses-table .response');
  await live.locator('.response-col_status').waitFor(WAIT);
  const status = Number((await live.locator('.response-col_status').textContent())?.trim());
  const body = (await live.locator('.response-col_description .microlight').first().textContent()) ?? '';
  // Clear, so that a later run of the same operation waits for its own response.
  await block.locator('button.btn-clear').click();
  return { status, body };
}

describe('Swagger UI in a real browser (built app, headless Chromium)', () => {
  let app: BuiltApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startBuiltApp();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });

  it('serves the OpenAPI document the tests see (the Swagger plugin gives both the same metadata)', async () => {
    const t = await startTestApp();
    try {
      const tested = (await t.http.get('/api-docs-json')).body;
      const served: unknown = await (await fetch(`${app.baseUrl}/api-docs-json`)).json();
      expect(served).toEqual(tested);
    } finally {
      await t.close();
    }
  });

  it('issues a token with "Try it out", authorizes with it, polls, and is still authorized after a reload', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/api-docs`);
    await page.locator('.opblock-tag-section').first().waitFor(WAIT);
    expect(await page.title()).toBe('Concert reservation API');
    const tags = await page.locator('h3.opblock-tag').evaluateAll((nodes) => nodes.map((node) => node.dataset.tag));
    expect(tags).toEqual(['queue', 'concerts', 'reservations', 'points', 'payments', 'operations', 'admin']);

    const issued = await tryItOut(page, 'QueueController_issue');
    expect(issued.status).toBe(201);
    const { token } = JSON.parse(issued.body) as { token: string };
    expect(token).toMatch(/^\S{20,}$/);

    await page.locator('.auth-wrapper button.authorize').click();
    const scheme = page.locator('.auth-container').filter({ hasText: 'queue-token' });
    await scheme.locator('input').fill(token);
    await scheme.locator('button.authorize').click();
    await scheme.getByRole('button', { name: 'Remove authorization' }).waitFor(WAIT);
    await scheme.locator('button.btn-done').click();

    const polled = await tryItOut(page, 'QueueController_status');
    expect(polled.status).toBe(200);
    expect(JSON.parse(polled.body)).toMatchObject({ token, status: expect.stringMatching(/^(WAITING|ACTIVE)$/) });

    await page.reload();
    await page.locator('.auth-wrapper button.authorize.locked').waitFor(WAIT);
    const again = await tryItOut(page, 'QueueController_status');
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ token });
    await context.close();
  });
});
