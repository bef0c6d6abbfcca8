// A config with tens of thousands of labels and variables: the panel renders
// the first few hundred of each and offers the rest, so the page stays
// quick; a small config is shown whole, as before.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ROWS_SHOWN } from '@/components/inspector/capped-rows';
import { ConfigPanel } from '@/components/inspector/config-panel';
import type { DigestCheck } from '@/lib/inspect/digest-check';
import { toConfigView } from '@/lib/oci/config-view';
import { parseImageConfig } from '@/lib/oci/parse';

const check: DigestCheck = { subject: 'config', computed: `sha256:${'c'.repeat(64)}`, bytes: 1, claims: [], mismatches: [], ok: true };

function panel(labels: number, env: number): string {
  const raw = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: {
      Env: Array.from({ length: env }, (_, i) => `VAR_${i}=value ${i}`),
      Labels: Object.fromEntries(Array.from({ length: labels }, (_, i) => [`org.example.label-${i}`, `value ${i}`])),
    },
    rootfs: { type: 'layers', diff_ids: [] },
  });
  const view = toConfigView(parseImageConfig(new TextEncoder().encode(raw)), []);
  return renderToStaticMarkup(createElement(ConfigPanel, { config: { view, raw, check, chainIds: [] } }));
}

const count = (html: string, testId: string) => html.split(`data-testid="${testId}"`).length - 1;

describe('the config panel with very many labels and variables', () => {
  const html = panel(40_000, 40_000);

  it(`renders the first ${ROWS_SHOWN} rows of each, not all 40,000`, () => {
    expect(count(html, 'label-row'), 'label rows').toBe(ROWS_SHOWN);
    expect(count(html, 'env-row'), 'env rows').toBe(ROWS_SHOWN);
    expect(html).toContain('org.example.label-0');
    expect(html).not.toContain(`org.example.label-${ROWS_SHOWN}<`);
  });

  it('says how many are not shown and offers more, all, and a filter by name', () => {
    const rest = (40_000 - ROWS_SHOWN).toLocaleString('en-US');
    expect(html).toContain(`${rest} more labels not shown.`);
    expect(html).toContain(`${rest} more variables not shown.`);
    expect(html).toContain('Show 500 more');
    expect(html).toContain('Show all 40,000');
    expect(count(html, 'labels-table-filter')).toBe(1);
    expect(count(html, 'env-table-filter')).toBe(1);
  });

  it('shows a small config whole, with no controls', () => {
    const small = panel(3, 2);
    expect(count(small, 'label-row')).toBe(3);
    expect(count(small, 'env-row')).toBe(2);
    expect(small).not.toContain('not shown');
    expect(small).not.toContain('labels-table-filter');
  });
});
