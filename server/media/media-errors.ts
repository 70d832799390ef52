/**
 * @module server/media/media-errors
 * Typed errors of the SFU layer. Signalling (the live WebSocket) maps them to
 * its own error answers; each carries the HTTP-like status it stands for.
 */
export class MediaError extends Error {
  override name = 'MediaError';
  readonly status: 400 | 404 | 409 | 503;
  constructor(status: 400 | 404 | 409 | 503, message: string) {
    super(message);
    this.status = status;
  }
}

export class MediaNotFoundError extends MediaError {
  override name = 'MediaNotFoundError';
  constructor(message: string) {
    super(404, message);
  }
}

export class MediaClosedError extends MediaError {
  override name = 'MediaClosedError';
  constructor(message: string) {
    super(409, message);
  }
}
