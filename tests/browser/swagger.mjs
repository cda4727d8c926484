// Swagger UI in a real browser: authorize with an API key, then "Try it out" -> "Execute" on GET /v2/me and
// POST /v2/webhooks, and check the responses Swagger UI renders. Saves a screenshot.
//
//   node tests/browser/swagger.mjs <base_url> <api_key> <screenshot.png>
//
// Run by tests/browser.rs against a server it starts. Chromium is Debian's (/usr/bin/chromium, or CALENDS_CHROMIUM),
// driven by playwright-core (no downloaded browser). Exits non-zero with a message on any failure, after saving
// <screenshot>-failure.png when the page got that far.

import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium } from 'playwright-core';

const [baseUrl, apiKey, screenshot] = process.argv.slice(2);
if (!baseUrl || !apiKey || !screenshot) {
  console.error('usage: node swagger.mjs <base_url> <api_key> <screenshot.png>');
  process.exit(2);
}
const executablePath = process.env.CALENDS_CHROMIUM || '/usr/bin/chromium';
const origin = new URL(baseUrl).origin;
const STEP_TIMEOUT = 30_000;

// Cal.com's seed example for "Create a webhook" (public-looking target: the server refuses private ones).
const WEBHOOK_BODY = {
  payloadTemplate:
    '{"content":"A new event has been scheduled","type":"{{type}}","name":"{{title}}","organizer":"{{organizer.name}}","booker":"{{attendees.0.name}}"}',
  active: true,
  subscriberUrl: 'https://example.com/webhooks/cal',
  triggers: [
    'BOOKING_CREATED',
    'BOOKING_RESCHEDULED',
    'BOOKING_CANCELLED',
    'BOOKING_CONFIRMED',
    'BOOKING_REJECTED',
    'BOOKING_COMPLETED',
    'BOOKING_NO_SHOW',
    'BOOKING_REOPENED',
  ],
  secret: 'whsec_c2VjcmV0LWZvci1leGFtcGxl',
};

function check(condition, message) {
  if (!condition) throw new Error(message);
}

function log(message) {
  console.log(`[swagger-ui] ${message}`);
}

// Expands an operation, presses "Try it out", optionally fills the body, presses "Execute", and returns the rendered
// live response: { status, body (parsed JSON), curl }.
async function tryItOut(page, opblockId, body) {
  const op = page.locator(`#${opblockId}`);
  await op.waitFor();
  const summary = op.locator('.opblock-summary-control');
  if ((await summary.getAttribute('aria-expanded')) !== 'true') await summary.click();
  await op.locator('button.try-out__btn').click();
  if (body !== undefined) {
    const editor = op.locator('textarea.body-param__text');
    await editor.waitFor();
    await editor.fill(JSON.stringify(body, null, 2));
  }
  await op.locator('button.execute').click();

  const live = op.locator('.live-responses-table tbody tr.response').first();
  await live.waitFor();
  const status = (await live.locator('.response-col_status').innerText()).trim();
  // The body is pretty-printed JSON inside the "Response body" code block.
  const bodyBlock = live.locator('.response-col_description h5:text-is("Response body") + div');
  await bodyBlock.waitFor();
  const text = await bodyBlock.locator('code, pre').first().textContent();
  let parsed;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`${opblockId}: the rendered response body is not JSON: ${text}`);
  }
  const curl = (await op.locator('.curl-command').textContent()) ?? '';
  await op.scrollIntoViewIfNeeded();
  return { status, body: parsed, curl };
}

const browser = await chromium.launch({
  executablePath,
  headless: true,
  timeout: STEP_TIMEOUT,
  // playwright-core gives each launch a fresh temporary --user-data-dir. The network is closed: nothing that phones
  // home at start may run.
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-dev-shm-usage',
  ],
});

let page;
let failed = false;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(STEP_TIMEOUT);
  page = await context.newPage();
  page.on('pageerror', (e) => console.error(`[swagger-ui] page error: ${e.message}`));
  // Only the server under test: the validator badge and anything else off-origin is refused, never waited for.
  await page.route('**/*', (route) =>
    new URL(route.request().url()).origin === origin ? route.continue() : route.abort('blockedbyclient'),
  );

  log(`opening ${baseUrl}/docs/ in ${executablePath}`);
  await page.goto(`${baseUrl}/docs/`, { waitUntil: 'domcontentloaded' });
  await page.locator('#operations-Me-me_get').waitFor();

  // Authorize: the bearer scheme "apiKey".
  await page.locator('.auth-wrapper button.authorize').click();
  const modal = page.locator('.dialog-ux .modal-ux');
  await modal.waitFor();
  await modal.locator('#auth-bearer-value').fill(apiKey);
  await modal.locator('.auth-btn-wrapper button.authorize').click();
  await modal.locator('.auth-btn-wrapper button', { hasText: 'Logout' }).waitFor();
  await modal.locator('button.btn-done').click();
  await modal.waitFor({ state: 'detached' });
  check(
    await page.locator('.auth-wrapper button.authorize.locked').isVisible(),
    'the Authorize button does not show the locked (authorized) state',
  );
  log('authorized');

  // Only the two tags in use stay open, and the Schemas section is closed, so the screenshot shows both operations.
  for (const tag of await page.locator('.opblock-tag-section').all()) {
    const name = await tag.locator('.opblock-tag').getAttribute('data-tag');
    if (name !== 'Me' && name !== 'Webhooks' && (await tag.locator('.opblock').count()) > 0) {
      await tag.locator('.opblock-tag').click();
      await tag.locator('.opblock').first().waitFor({ state: 'hidden' });
    }
  }
  const schemas = page.locator('section.models button.models-control');
  if ((await schemas.count()) > 0 && (await schemas.getAttribute('aria-expanded')) === 'true') {
    await schemas.click();
    await page.locator('section.models:not(.is-open)').waitFor();
  }

  const me = await tryItOut(page, 'operations-Me-me_get');
  log(`GET /v2/me -> ${me.status} ${JSON.stringify(me.body).slice(0, 160)}`);
  check(me.status === '200', `GET /v2/me: Swagger UI shows ${me.status}, expected 200`);
  check(me.curl.includes('Authorization: Bearer cal_'), 'GET /v2/me: the request carried no bearer key');
  check(me.body.status === 'success', `GET /v2/me: body status ${me.body.status}`);
  check(me.body.data?.username === 'admin', `GET /v2/me: username ${me.body.data?.username}, expected admin`);

  const created = await tryItOut(page, 'operations-Webhooks-webhooks_create', WEBHOOK_BODY);
  log(`POST /v2/webhooks -> ${created.status} ${JSON.stringify(created.body).slice(0, 160)}`);
  check(created.status === '201', `POST /v2/webhooks: Swagger UI shows ${created.status}, expected 201`);
  check(created.body.status === 'success', `POST /v2/webhooks: body status ${created.body.status}`);
  const hook = created.body.data ?? {};
  check(Number.isInteger(hook.id), `POST /v2/webhooks: no webhook id in ${JSON.stringify(hook)}`);
  check(hook.subscriberUrl === WEBHOOK_BODY.subscriberUrl, `POST /v2/webhooks: subscriberUrl ${hook.subscriberUrl}`);
  check(hook.payloadTemplate === WEBHOOK_BODY.payloadTemplate, 'POST /v2/webhooks: payloadTemplate changed');
  check(
    JSON.stringify([...(hook.triggers ?? [])].sort()) === JSON.stringify([...WEBHOOK_BODY.triggers].sort()),
    `POST /v2/webhooks: triggers ${JSON.stringify(hook.triggers)}`,
  );
  check(hook.active === true, 'POST /v2/webhooks: not active');

  mkdirSync(dirname(screenshot), { recursive: true });
  await page.evaluate(() => window.scrollTo(0, 0));
  // The documented responses (every status with its example) are thousands of pixels tall; they are left out of the
  // picture (a style applied only while taking it) so the live "Server response" of both operations stays readable.
  await page.screenshot({
    path: screenshot,
    fullPage: true,
    style: '.responses-table:not(.live-responses-table) { display: none !important; }',
  });
  log(`ok; screenshot ${screenshot}`);
} catch (e) {
  failed = true;
  console.error(`[swagger-ui] FAILED: ${e.stack || e}`);
  if (page) {
    const failure = screenshot.replace(/(\.png)?$/, '-failure.png');
    try {
      mkdirSync(dirname(failure), { recursive: true });
      await page.screenshot({ path: failure, fullPage: true, timeout: 10_000 });
      console.error(`[swagger-ui] the page at the failure: ${failure}`);
    } catch (e2) {
      console.error(`[swagger-ui] no failure screenshot: ${e2.message}`);
    }
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
