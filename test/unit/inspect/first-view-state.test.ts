import { describe, expect, it } from 'vitest';
import { isPending, overlayFirstView, withPendingChecks } from '@/lib/inspect/first-view-state';
import type { DigestCheck } from '@/lib/inspect/digest-check';
import type { InspectionState } from '@/lib/inspect/inspect-image';
import type { IndexView } from '@/lib/oci/index-view';
import { parseReference } from '@/lib/reference';

const check = (computed: string): DigestCheck => ({ subject: 'index', computed, bytes: 10, claims: [], mismatches: [], ok: true });
const nestedIndex = (computed: string) => ({ view: { digest: computed } as unknown as IndexView, raw: '{}', check: check(computed) });

const server: InspectionState = {
  reference: parseReference('127.0.0.1:5000/app:v1'),
  nested: [nestedIndex('sha256:aa')],
};

describe('the first view of an image reached through a nested index', () => {
  it('keeps the nested index, its check left to the tab', () => {
    const shown = withPendingChecks(server);
    expect(shown.nested).toHaveLength(1);
    expect(shown.nested![0].view).toEqual({ digest: 'sha256:aa' });
    expect(isPending(shown.nested![0].check)).toBe(true);
  });

  it("shows the first view's nested index until the tab has its own", () => {
    const first = withPendingChecks(server);
    expect(overlayFirstView(first, { reference: server.reference }).nested).toBe(first.nested);
    const tab: InspectionState = { reference: server.reference, nested: [nestedIndex('sha256:aa')] };
    expect(overlayFirstView(first, tab).nested).toBe(tab.nested);
  });
});
