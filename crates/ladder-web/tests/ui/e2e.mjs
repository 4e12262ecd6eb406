// End-to-end test of the analysts' workspace in Debian's headless Chromium (driven by
// playwright-core; no browser is downloaded). Run by scripts/ui-e2e, which starts
// `ladder serve` on the demo store and passes LADDER_URL, LADDER_USER, LADDER_PASSWORD.
// Flows: log in, board, scenario, follow the evidence that tipped the stage to its
// sentence, reject that event and see the stage and timeline change, add a missed event
// from a span, see the open board update live, search, the map, log out. Each page is screenshotted and checked with axe-core
// (no serious or critical violations) and must raise no Content-Security-Policy error.
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const base = process.env.LADDER_URL;
const user = process.env.LADDER_USER;
const password = process.env.LADDER_PASSWORD;
const screens = process.env.SCREENS ?? 'target/ui-screens';
mkdirSync(screens, { recursive: true });

const started = Date.now();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-dev-shm-usage'],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
const cspErrors = [];
page.on('console', (m) => {
  if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
});
const requested = [];
page.on('request', (r) => requested.push(r.url()));

async function check(name) {
  await page.screenshot({ path: `${screens}/${name}.png`, fullPage: true });
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }));
  const serious = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`), [], `${name}: accessibility`);
  assert.deepEqual(cspErrors, [], `${name}: CSP`);
  console.log(`ok ${name} (${result.violations.length} minor axe finding(s))`);
}

const stageOf = async () => (await page.textContent('#stage')).trim();

// Log in (an unauthenticated visit lands on the login form).
await page.goto(`${base}/ui/`);
assert.match(page.url(), /\/ui\/login$/);
await check('01-login');
await page.fill('#name', user);
await page.fill('#password', password);
await page.click('button[type=submit]');
await page.waitForURL(`${base}/ui/`);

// Board.
const scenarioLink = page.locator('table.board a[href^="/ui/scenario/"]').first();
assert.ok((await scenarioLink.count()) > 0, 'the board lists a scenario');
await check('02-board');

// Scenario.
await scenarioLink.click();
await page.waitForSelector('#stage');
const scenarioUrl = page.url();
const stageBefore = await stageOf();
const chartBefore = await page.innerHTML('#timeline');
await check('03-scenario');

// Follow the evidence that tipped the stage to its sentence.
const tip = page.locator('p a[href*="#ev-"]').first();
const href = await tip.getAttribute('href');
const eventId = href.split('#ev-')[1];
await tip.click();
await page.waitForURL(/\/ui\/report\//);
assert.equal(new URL(page.url()).hash, `#ev-${eventId}`);
const inView = await page.evaluate((id) => {
  const mark = document.getElementById(`ev-${id}`).nextElementSibling;
  const box = mark.getBoundingClientRect();
  return box.top >= 0 && box.top < window.innerHeight;
}, eventId);
assert.ok(inView, 'the evidence sentence is scrolled into view');
await check('04-report-at-evidence');

// Keep the board open in a second tab: it must update live (server-sent events).
const boardTab = await context.newPage();
boardTab.on('console', (m) => {
  if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) cspErrors.push(m.text());
});
await boardTab.goto(`${base}/ui/`);
const boardStage = await boardTab.textContent('td.stage');

// Reject that event: the stage and the timeline change.
const row = page.locator(`#row-${eventId}`);
await row.locator('select[name=action]').selectOption('reject');
await row.locator('button[type=submit]').click();
await page.waitForURL(new RegExp(`#row-${eventId}$`));
assert.match(await row.textContent(), /rejected/);
await check('05-report-after-reject');
await page.goto(scenarioUrl);
await page.waitForSelector('#stage');
const stageAfter = await stageOf();
assert.notEqual(stageAfter, stageBefore, 'rejecting the tipping event changes the stage');
assert.notEqual(await page.innerHTML('#timeline'), chartBefore, 'and the timeline');
await check('06-scenario-after-reject');
await boardTab.waitForFunction(
  (before) => document.querySelector('td.stage').textContent !== before,
  boardStage,
  { timeout: 15000 },
);
assert.match(await boardTab.textContent('td.stage'), new RegExp(`^${stageAfter} `), 'the live board shows the new stage');
await boardTab.screenshot({ path: `${screens}/06b-board-live-update.png`, fullPage: true });
console.log('ok the board updated live, without a reload');
await boardTab.close();
console.log(`stage ${stageBefore} -> ${stageAfter} after rejecting ${eventId}`);

// Add a missed event from a span of the report.
await page.goto(`${base}${href.split('#')[0]}`);
const text = await page.textContent('#text');
const quote = text.trim().split('. ')[0].slice(0, 60).trim();
await page.fill('#quote', quote);
await page.fill('#actor', 'PRK');
await page.selectOption('#event_type', 'MOBILIZE');
await page.fill('#recipient', 'RUS');
await page.selectOption('#modality', 'reported');
await page.click('form.add button[type=submit]');
await page.waitForURL(/#row-/);
const added = page.locator('table.events tr.added');
assert.equal(await added.count(), 1, 'the added event is listed');
assert.match(await page.textContent('ol.history'), /added PRK MOBILIZE/);
await check('07-report-after-add');

// Search.
await page.goto(`${base}/ui/search`);
await page.fill('#q', 'Kursk');
await page.click('form.search button[type=submit]');
await page.waitForURL(/q=Kursk/);
assert.ok((await page.locator('ol.hits li').count()) > 0, 'search finds reports');
await check('08-search');

// Map of event locations (outlines embedded, nothing fetched).
await page.click('nav a[href="/ui/map"]');
await page.waitForURL(/\/ui\/map/);
assert.ok((await page.locator('svg path.country').count()) > 150, 'country outlines');
assert.ok((await page.locator('svg circle.place').count()) > 0, 'event places');
await check('09-map');

// Log out.
await page.click('form.logout button');
await page.waitForURL(/\/ui\/login$/);
await page.goto(`${base}/ui/`);
assert.match(page.url(), /\/ui\/login$/, 'the session is over');

const outside = requested.filter((u) => !u.startsWith(base));
assert.deepEqual(outside, [], 'nothing is fetched from outside');
await browser.close();
console.log(`ui-e2e: all flows passed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
