/**
 * Indexes nested past a bound. The spec sets no depth, but real images nest
 * one level at most; following more would let a registry send the pull round
 * an endless chain of indexes.
 */
import { PullscopeError } from '../errors';

/** How many indexes below the top one a pull follows to find its platform. */
export const MAX_NESTED_INDEXES = 4;

/** The platform's entry leads through more nested indexes than a pull follows. */
export class NestedIndexTooDeepError extends PullscopeError {
  constructor(limit: number) {
    super('NESTED_INDEX_TOO_DEEP', `The index nests indexes more than ${limit} deep; the pull stops following them there.`, {
      suggestion: 'Open one of the entries of the last index shown by its digest, or inspect the image with a tool that flattens it (crane index filter).',
      status: 502,
    });
  }
}
