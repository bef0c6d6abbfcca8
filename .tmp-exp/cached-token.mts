import fs from 'node:fs';
import { launchBrowser } from '../test/support/browser';
const state = JSON.parse(fs.readFileSync('.test-bed/state.json', 'utf8'));
const host = state.token.host;
const browser = await launchBrowser();
for (const visit of [1, 2]) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:3990/?image=${host}/test/layers:v1`);
  await page.waitForSelector('[data-testid="check-config"][data-ok="true"]', { timeout: 60000 });
  await page.waitForTimeout(1500);
  const rows = await page.locator('[data-testid="trace-row"]').allInnerTexts();
  console.log(`--- visit ${visit}: ${rows.length} rows`);
  for (const r of rows.slice(0, 6)) console.log(r.replace(/\n+/g, ' | ').slice(0, 300));
  const token = await page.locator('text=token').first().innerText().catch(() => '');
  await page.getByTestId("pull-trace").screenshot({ path: `.tmp-exp/cached-${visit}.png` });
  await context.close();
}
await browser.close();
