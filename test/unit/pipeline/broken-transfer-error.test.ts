import { describe, expect, it } from 'vitest';
import { BrokenTransferError } from '@/lib/pipeline/broken-transfer-error';

describe('BrokenTransferError', () => {
  const cases = [
    {
      name: 'a cut the page saw names every party it could be',
      init: { subject: 'layer 2 blob', got: 2048, want: 8192, silentMs: 40 },
      suggestion: 'The registry, Pullscope’s server or the network between closed the connection before the end of the transfer. Retry.',
    },
    {
      name: 'a close Pullscope’s server saw on the registry’s answer leaves the server out',
      init: { subject: 'the manifest', got: 100, want: 610, silentMs: 40, stalled: false },
      suggestion: 'The registry, or the network between it and Pullscope’s server, closed the connection before the end of the transfer. Retry.',
    },
    {
      name: 'a silence the proxy waited out says the registry stopped sending',
      init: { subject: 'layer 2 blob', got: 2048, want: 8192, silentMs: 30_250 },
      suggestion: 'Pullscope gives up on a transfer that sends nothing for 30 s. Retry; a registry that keeps stalling is overloaded, or its storage is.',
    },
  ];

  it.each(cases)('$name', ({ init, suggestion }) => {
    const got = new BrokenTransferError(init).suggestion;
    expect(got, `got ${got}, want ${suggestion}`).toBe(suggestion);
  });
});
