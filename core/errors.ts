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

/**
 * Why a message went to `dead-letter`: one code per kind of failure, so an operator can count
 * and replay by kind without reading the free-text reason. The one list; the DeadLetter
 * contract and the stages take their codes from it.
 */
export const DEAD_LETTER_CODES = {
  'empty': 'the message has no value (a tombstone) or no bytes',
  'invalid-utf8': 'the value is not valid UTF-8',
  'invalid-json': 'the value is not JSON',
  'schema': "the JSON does not fit the topic's contract",
  'item-rejected': 'Elasticsearch refused a write or a search of the message for itself (a 4xx item error, such as mapper_parsing_exception)',
  'handler-failed': "the stage's handling of the message failed with an error that another try will not fix",
  'retries-exhausted': 'an error of the message itself that is worth retrying (an Elasticsearch 429 or 5xx) lasted through every try allowed (SENTINEL_MAX_ATTEMPTS)',
} as const;
export type DeadLetterCode = keyof typeof DEAD_LETTER_CODES;
export type PoisonCode = Extract<DeadLetterCode, 'empty' | 'invalid-utf8' | 'invalid-json' | 'schema'>;

/** Input that will never become valid by retrying: no value, broken UTF-8, bad JSON, a schema failure. */
export class PoisonMessageError extends SentinelError {
  readonly code: PoisonCode;
  constructor(code: PoisonCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, retriable: false });
    this.name = 'PoisonMessageError';
    this.code = code;
  }
}

/**
 * One item of a multi-item request (a write of a bulk, a search of an msearch) failed while
 * Elasticsearch answered the request. Retriable when the node was busy or a shard away (429,
 * 5xx, es_rejected_execution_exception): the same item may pass later, but it is tied to these
 * messages, so the stage retries it a bounded number of times. Otherwise the item itself is at
 * fault (mapping, parsing: 4xx) and its messages are dead-lettered at once.
 */
export function isRetriableItem(status: number, type: string): boolean {
  return status === 429 || status >= 500 || type === 'es_rejected_execution_exception';
}

export class ItemError extends SentinelError {
  readonly status: number;
  readonly type: string;
  /** What the failed items were for, in the thrower's terms (a write's origin, a claim's id); a stage names messages by `{ partition, offset }`. */
  readonly items: readonly unknown[];
  constructor(message: string, options: { status: number; type: string; items?: readonly unknown[]; cause?: unknown }) {
    super(message, { cause: options.cause, retriable: isRetriableItem(options.status, options.type) });
    this.name = 'ItemError';
    this.status = options.status;
    this.type = options.type;
    this.items = options.items ?? [];
  }

  /** The same failure, naming other items (a stage turns claim ids into the messages they came from). */
  about(items: readonly unknown[]): ItemError {
    return new ItemError(this.message, { status: this.status, type: this.type, items, cause: this.cause });
  }
}

/** The stack cannot start: a missing tool, a port held by another program. Carries a fix. */
export class StackError extends SentinelError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { ...options, retriable: false });
    this.name = 'StackError';
  }
}
