import { describe, expect, it } from 'vitest';
import { InspectionStoppedError } from '@/lib/inspect/inspection-stopped';

describe('InspectionStoppedError', () => {
  it.each([
    {
      name: 'a registry that had not answered may be slow, or named wrong',
      answered: false,
      suggestion:
        'registry.test:5000 had not answered yet: it may be slow, or waiting on its token server. If it never answers, check its host name and port: it must be reachable from the Pullscope server. Press Inspect to try again.',
    },
    {
      name: 'a registry that had answered is named right, and was slow',
      answered: true,
      suggestion:
        'registry.test:5000 answered earlier in this inspection, so its host name and port are right: it, its token server or its storage was slow to send the rest. Press Inspect to try again.',
    },
  ])('$name', ({ answered, suggestion }) => {
    const err = new InspectionStoppedError('registry.test:5000', 12, answered);
    expect(err.message).toBe("Stopped after 12 s, before registry.test:5000 had sent the image's documents.");
    expect(err.suggestion, `got ${err.suggestion}, want ${suggestion}`).toBe(suggestion);
  });
});
