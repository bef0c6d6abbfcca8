/**
 * Global setup of the integration and e2e projects: fail at once, with the
 * way to fix it, when the test bed is not running, rather than in every test.
 * `npm test` (scripts/test.sh) starts the bed before vitest and stops it after.
 */
import { loadTestBed } from '../support/test-bed';

export default function setup(): void {
  loadTestBed();
}
