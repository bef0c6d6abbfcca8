import { describe, expect, it } from 'vitest';
import { linkCleaningNote } from '@/components/inspector/cleaning-note';

const IMAGE = 'docker.io/library/ubuntu:24.04';

describe('linkCleaningNote', () => {
  it('says what cleaning the link removed, in our words', () => {
    expect(linkCleaningNote('docker run --rm ubuntu:24.04 bash', IMAGE, undefined)).toBe(
      "The link's image was more than a reference. Removed 'docker run' and its flags. Ignored the container's command after the image.",
    );
  });

  it("says the link's own platform was kept over the command's", () => {
    expect(linkCleaningNote('docker pull --platform linux/arm64 ubuntu:24.04', IMAGE, 'linux/amd64')).toBe(
      "The link's image was more than a reference. Removed 'docker pull'. Kept the link's platform linux/amd64 over linux/arm64 from the command's flags.",
    );
    expect(linkCleaningNote('docker pull --platform linux/arm64 ubuntu:24.04', IMAGE, 'linux/arm64')).toContain("Using platform linux/arm64 from the command's flags");
  });

  it.each([
    ['text of its own', 'Your session expired. Enter your password under Private repository.'],
    ['a value that cleans to another image', 'docker pull alpine'],
    ['a value that needed no cleaning', 'ubuntu:24.04'],
    ['a value that does not parse', 'docker pull Ubuntu'],
  ])('says nothing for %s', (_, original) => {
    expect(linkCleaningNote(original, IMAGE, undefined)).toBeUndefined();
  });
});
