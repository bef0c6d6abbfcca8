import { launchBrowser } from '../test/support/browser';
const [url] = process.argv.slice(2);
const browser = await launchBrowser();
const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
await page.goto(url);
await page.waitForTimeout(4000);
console.log(await page.evaluate(() => {
  const out: string[] = [];
  for (const el of Array.from(document.querySelectorAll('body *'))) {
    const r = el.getBoundingClientRect();
    if (r.right > 391 && r.width > 0) out.push(`${el.textContent?.slice(0,50)} | ${el.parentElement?.className.slice(0,50)} | ${el.tagName}.${(el.getAttribute('class') ?? '').slice(0, 60)} [${el.getAttribute('data-testid') ?? ''}] right=${Math.round(r.right)} w=${Math.round(r.width)}`);
  }
  return out.slice(0, 30).join('\n') + `\nscrollWidth=${document.scrollingElement!.scrollWidth}`;
}));
await browser.close();
