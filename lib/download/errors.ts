/**
 * Errors of a streamed download: the user cancelled it in the browser's
 * download bar, the browser never started it, or the page stopped feeding it
 * (its source failed, or the user pressed Cancel on the page).
 */
import { PullscopeError } from '../errors';

/** The browser cancelled the download (its download bar): the source was stopped, nothing is complete. */
export class DownloadCancelledError extends PullscopeError {
  constructor() {
    super('DOWNLOAD_CANCELLED', 'the download was cancelled in the browser', {
      suggestion: 'Start it again when you want the file.',
      status: 499,
    });
  }
}

/** The browser did not ask for the download's bytes: the service worker never answered its URL. */
export class DownloadNotStartedError extends PullscopeError {
  constructor(cause?: unknown) {
    super('DOWNLOAD_NOT_STARTED', 'the browser did not start the download', {
      suggestion: 'Reload the page and try again; if it keeps failing, the browser may block service workers for this site.',
      status: 500,
      cause,
    });
  }
}

/** The page stopped feeding a download; the service worker fails the response with it, so the browser marks the file failed. */
export class DownloadSourceError extends PullscopeError {
  constructor(message: string) {
    super('DOWNLOAD_SOURCE_FAILED', `the download stopped: ${message}`, {
      suggestion: 'The page says why; nothing was saved as complete.',
      status: 500,
    });
  }
}
