/**
 * The error class says what happens next (after crawlee's and kafkajs's errors): a retriable
 * error is worth another try after a backoff; a non-retriable one sends the input to the
 * dead-letter topic (for messages) or stops the command with a clear message (for setup).
 */
export class SentinelError extends Error {
  readonly retriable: boolean;
  constructor(message: string, options: { retriable?: boolean; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'SentinelError';
    this.retriable = options.retriable ?? true;
  }
}

/** Input that will never become valid by retrying: bad JSON, a schema failure, an oversized page. */
export class PoisonMessageError extends SentinelError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, retriable: false });
    this.name = 'PoisonMessageError';
  }
}

/** The stack cannot start: a missing tool, a port held by another program. Carries a fix. */
export class StackError extends SentinelError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, retriable: false });
    this.name = 'StackError';
  }
}
