import { describe, expect, it } from 'vitest';
import { PullscopeError, UnexpectedError, asPullscopeError } from '@/lib/errors';
import { HostNotAllowedError } from '@/lib/registry/errors';

// Another copy of the module, as Next gives the page and each route handler their own.
// The query makes the module loader treat it as another module; the path is a variable so the compiler does not look it up.
const COPY = '../../lib/errors.ts?copy';
const otherCopy = async () => (await import(/* @vite-ignore */ COPY)) as typeof import('@/lib/errors');

describe('PullscopeError across copies of its module', () => {
  it('is a second copy indeed: its classes are other classes', async () => {
    const errors = await otherCopy();
    expect(errors.PullscopeError).not.toBe(PullscopeError);
  });

  it("is recognized by this copy's instanceof, and asPullscopeError keeps it as it is, code and wire form", async () => {
    const errors = await otherCopy();
    class ForeignRefusal extends errors.PullscopeError {
      protected override wireData() {
        return { host: '10.0.0.1:5000' };
      }
    }
    const foreign = new ForeignRefusal('HOST_NOT_ALLOWED', 'refusing to fetch from 10.0.0.1:5000', { status: 403 });
    expect(foreign instanceof PullscopeError).toBe(true);
    const kept = asPullscopeError(foreign);
    expect(kept).toBe(foreign);
    expect(kept.status).toBe(403);
    expect(kept.toWire()).toEqual({ code: 'HOST_NOT_ALLOWED', message: 'refusing to fetch from 10.0.0.1:5000', suggestion: '', host: '10.0.0.1:5000' });
  });

  it('keeps the plain check for subclasses, and for anything not made by either copy', async () => {
    const errors = await otherCopy();
    expect(new errors.UnexpectedError('x') instanceof UnexpectedError).toBe(false);
    expect(new errors.UnexpectedError('x') instanceof HostNotAllowedError).toBe(false);
    expect(new HostNotAllowedError({ host: 'a', classification: 'private' }) instanceof UnexpectedError).toBe(false);
    expect(new Error('plain') instanceof PullscopeError).toBe(false);
    expect({ code: 'HOST_NOT_ALLOWED' } instanceof PullscopeError).toBe(false);
    expect(asPullscopeError(new Error('plain'))).toBeInstanceOf(UnexpectedError);
  });
});
