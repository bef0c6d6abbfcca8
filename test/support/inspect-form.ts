/**
 * What a person does on the page to inspect an image: optionally open
 * "Private repository" and type the credentials, type the reference, press
 * Inspect. Shared by the e2e tests that need to type (credentials never
 * travel in a link, so a private image is always reached this way).
 */
import type { Page } from 'playwright-core';

export async function inspectThroughForm(page: Page, reference: string, creds?: { username: string; password: string }): Promise<void> {
  if (creds) {
    await page.getByText('Private repository').click();
    await page.getByLabel('Username').fill(creds.username);
    await page.getByLabel('Password or token').fill(creds.password);
  }
  await page.getByLabel('Image reference').fill(reference);
  await page.getByRole('button', { name: 'Inspect' }).click();
}
