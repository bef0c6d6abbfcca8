import { describe, expect, it } from 'vitest';
import { linkCleaningNote } from '@/components/inspector/cleaning-note';

describe('linkCleaningNote', () => {
  it('says the link held more than a reference, in fixed words, whatever form the image has in the address', () => {
    const note = "The link's image was a command line or a web address: only its image reference is kept.";
    expect(linkCleaningNote('docker run --rm alpine sh', 'alpine', undefined)).toBe(note);
    expect(linkCleaningNote('docker pull library/alpine:latest', 'alpine', undefined)).toBe(note);
    expect(linkCleaningNote('docker pull alpine', 'docker.io/library/alpine:latest', undefined)).toBe(note);
  });

  it("says which platform is shown: the command's, or the link's own", () => {
    expect(linkCleaningNote('docker pull --platform linux/arm64 ubuntu:24.04', 'ubuntu:24.04', 'linux/arm64')).toContain('the platform is the one its command asked for');
    expect(linkCleaningNote('docker pull --platform linux/arm64 ubuntu:24.04', 'ubuntu:24.04', 'linux/amd64')).toContain("the link's own platform is kept over its command's");
  });

  it('warns of a flag it does not know without repeating the flag', () => {
    const note = linkCleaningNote('docker run --CALL-555-0100-NOW x evil.example/pay:v1', 'x', undefined);
    expect(note).toContain('a flag in the command is not one Pullscope knows');
    expect(note).not.toContain('555');
    expect(note).not.toContain('evil');
  });

  it.each([
    ['a web page address', 'https://hub.docker.com/_/alpine', 'alpine'],
    ["a skopeo copy, whose source is taken", 'skopeo copy docker://alpine oci:/tmp/x', 'alpine'],
  ])('warns of no unknown flag for %s', (_, original, image) => {
    expect(linkCleaningNote(original, image, undefined)).toBe("The link's image was a command line or a web address: only its image reference is kept.");
  });

  it.each([
    ['text of its own', 'Your session expired. Enter your password under Private repository.'],
    ['a value that cleans to another image', 'docker pull alpine'],
    ['a value that needed no cleaning', 'ubuntu:24.04'],
    ['a value that does not parse', 'docker pull Ubuntu'],
  ])('says nothing for %s', (_, original) => {
    expect(linkCleaningNote(original, 'ubuntu:24.04', undefined)).toBeUndefined();
  });
});
