/**
 * One error model (after kafkajs's and fastify's errors): every error we throw is a
 * SentinelError with a `code` from ERROR_CODES, which says what it means, whether another try
 * can help (`retriable`, after a backoff), and which exit code the command line ends with
 * (`exit`). A non-retriable error sends the input to the dead-letter topic (for messages) or
 * stops the command with a clear message (for setup). The catalogue is documented, code by code,
 * in docs/error-codes.md (test/core/error-codes.test.ts keeps the two in step).
 */

/** Exit codes that mean something to scripts and CI (the command line's, and the evals' and benches'). */
export const EXIT = {
  OK: 0,
  /** A bug or an unexpected failure. */
  FAILURE: 1,
  /** The command line was wrong (commander uses this too). */
  USAGE: 2,
  /** A service (Kafka, Elasticsearch) is down or could not be started. */
  SERVICE_DOWN: 3,
  /** Input was rejected (bad file, bad records); nothing was half-written. */
  BAD_INPUT: 4,
} as const;
/** What an error ends a command with: a key of EXIT other than OK. */
export type ExitCategory = Exclude<keyof typeof EXIT, 'OK'>;

interface ErrorCodeEntry {
  /** What the code means, in plain English. */
  description: string;
  /** Whether another try can help; a class may decide per error (ItemError: by the answer's status). */
  retriable: boolean;
  /** The exit code the command line ends with when the error reaches it. */
  exit: ExitCategory;
}

/**
 * Every error code, one line each. The four poison codes are also dead-letter codes
 * (DEAD_LETTER_CODES): a PoisonMessageError's code is the code its dead letter carries.
 */
export const ERROR_CODES = {
  // Messages (platform/kafka.ts decodeMessage): never retried, dead-lettered with the same code.
  empty: { description: 'a message has no value (a tombstone) or no bytes', retriable: false, exit: 'FAILURE' },
  'invalid-utf8': { description: 'a message value is not valid UTF-8', retriable: false, exit: 'FAILURE' },
  'invalid-json': { description: 'a message value is not JSON', retriable: false, exit: 'FAILURE' },
  schema: { description: "a message's JSON does not fit its topic's contract", retriable: false, exit: 'FAILURE' },
  // The pipeline.
  'item-failed': {
    description:
      'Elasticsearch answered a bulk or msearch but failed some of its items (retriable when 429, 5xx or es_rejected_execution_exception)',
    retriable: false,
    exit: 'FAILURE',
  },
  'stage-stopping': {
    description: 'a stage is stopping while it waits to retry; its batch is read again by the next owner of the partition',
    retriable: false,
    exit: 'FAILURE',
  },
  'stage-group-unknown': {
    description: 'no stage group, or one that does not exist, was given to `sentinel run --stages`',
    retriable: false,
    exit: 'FAILURE',
  },
  'stage-not-caught-up': {
    description: 'a stage did not commit through the end of its input topic in time',
    retriable: false,
    exit: 'FAILURE',
  },
  'document-invalid': {
    description: 'a document read back from Elasticsearch does not fit its shape (a bug or a foreign write)',
    retriable: false,
    exit: 'FAILURE',
  },
  'topics-not-served': {
    description: 'Kafka topics were created but the broker did not serve them in time',
    retriable: false,
    exit: 'FAILURE',
  },
  // The stack.
  'stack-tool-missing': {
    description: 'a tool the local stack needs (java, mvn) is not installed',
    retriable: false,
    exit: 'SERVICE_DOWN',
  },
  'stack-port-in-use': {
    description: 'a port Kafka or Elasticsearch needs is held by another program',
    retriable: false,
    exit: 'SERVICE_DOWN',
  },
  'stack-failed': {
    description:
      'Kafka or Elasticsearch could not be installed, started or stopped (a command failed, a process exited or was not ready in time)',
    retriable: false,
    exit: 'SERVICE_DOWN',
  },
  // Inputs and data.
  'input-invalid': {
    description: 'a JSONL input of `sentinel match` or `sentinel flags` has a line that is not JSON or does not fit',
    retriable: false,
    exit: 'BAD_INPUT',
  },
  'option-invalid': {
    description: 'a command-line option has a value the command cannot use (`sentinel match --top`)',
    retriable: false,
    exit: 'FAILURE',
  },
  'source-registry-invalid': {
    description: 'a source registry (YAML) is unreadable or has invalid entries',
    retriable: false,
    exit: 'BAD_INPUT',
  },
  'fetch-failed': {
    description:
      'a single page (`sentinel extract <url>`, a tipline link) could not be fetched: not a URL, refused by the URL guard, too many redirects, too large, an HTTP error or a network failure',
    retriable: false,
    exit: 'BAD_INPUT',
  },
  'page-too-large': {
    description: 'a crawled page is larger than the size limit; it is counted, not retried',
    retriable: false,
    exit: 'FAILURE',
  },
  'submission-refused': { description: 'a tipline submission was refused (its HTTP status says why)', retriable: false, exit: 'BAD_INPUT' },
  'taxonomy-invalid': { description: 'the topic taxonomy (YAML) is unreadable or has invalid entries', retriable: false, exit: 'FAILURE' },
  'training-data-invalid': { description: 'the written training data has a problem (a sentence twice)', retriable: false, exit: 'FAILURE' },
  'model-invalid': {
    description: 'a shipped model file is missing, unreadable or was built for other features than the code computes',
    retriable: false,
    exit: 'FAILURE',
  },
  'account-invalid': {
    description: 'a dashboard account or API token name, or a password, does not meet the rules',
    retriable: false,
    exit: 'FAILURE',
  },
  'benchmark-incomplete': {
    description: "a benchmark's own run did not process all of its input, so its figure would be wrong",
    retriable: false,
    exit: 'FAILURE',
  },
  'data-missing': {
    description: 'a labelled data set the evals, benches or training read (ViFactCheck) is not where its variable or the default says',
    retriable: false,
    exit: 'USAGE',
  },
  // Configuration and the dashboards' accounts.
  'configuration-invalid': { description: 'the configuration (SENTINEL_* variables) is invalid', retriable: false, exit: 'USAGE' },
  'user-exists': { description: 'a dashboard account with that name exists already', retriable: false, exit: 'FAILURE' },
  'last-admin': { description: 'the change would leave the dashboards without an admin', retriable: false, exit: 'FAILURE' },
  'saved-views-full': { description: 'a dashboard user keeps the most saved views allowed already', retriable: false, exit: 'FAILURE' },
} as const satisfies Record<string, ErrorCodeEntry>;
export type ErrorCode = keyof typeof ERROR_CODES;

export interface SentinelErrorOptions {
  /** Overrides the catalogue's default (ItemError decides per error). */
  retriable?: boolean;
  /** The stage (pipeline stage, command) the error happened in, when the thrower knows it. */
  stage?: string;
  cause?: unknown;
}

/**
 * The error class says what happens next (after crawlee's and kafkajs's errors): a retriable
 * error is worth another try after a backoff; a non-retriable one sends the input to the
 * dead-letter topic (for messages) or stops the command with a clear message (for setup).
 */
export class SentinelError extends Error {
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly stage?: string;
  constructor(code: ErrorCode, message: string, options: SentinelErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'SentinelError';
    this.code = code;
    this.retriable = options.retriable ?? ERROR_CODES[code].retriable;
    if (options.stage !== undefined) this.stage = options.stage;
  }
}

/** The catalogue code of `error` or of an error in its `cause` chain (a crawlee wrapper, a rethrow); null when none has one. */
export function errorCodeOf(error: unknown): ErrorCode | null {
  let e: unknown = error;
  for (let depth = 0; e instanceof Error && depth < 10; depth += 1) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && Object.hasOwn(ERROR_CODES, code)) return code as ErrorCode;
    e = e.cause;
  }
  return null;
}

/** The exit code an error ends a command or a script with: its code's category, else FAILURE. */
export function exitStatusOf(error: unknown): number {
  return error instanceof SentinelError ? EXIT[ERROR_CODES[error.code].exit] : EXIT.FAILURE;
}

/**
 * Why a message went to `dead-letter`: one code per kind of failure, so an operator can count
 * and replay by kind without reading the free-text reason. The one list; the DeadLetter
 * contract and the stages take their codes from it.
 */
export const DEAD_LETTER_CODES = {
  empty: 'the message has no value (a tombstone) or no bytes',
  'invalid-utf8': 'the value is not valid UTF-8',
  'invalid-json': 'the value is not JSON',
  schema: "the JSON does not fit the topic's contract",
  'item-rejected':
    'Elasticsearch refused a write or a search of the message for itself (a 4xx item error, such as mapper_parsing_exception)',
  'handler-failed': "the stage's handling of the message failed with an error that another try will not fix",
  'retries-exhausted':
    'an error of the message itself that is worth retrying (an Elasticsearch 429 or 5xx) lasted through every try allowed (SENTINEL_MAX_ATTEMPTS)',
} as const;
export type DeadLetterCode = keyof typeof DEAD_LETTER_CODES;
export type PoisonCode = Extract<DeadLetterCode, 'empty' | 'invalid-utf8' | 'invalid-json' | 'schema'>;

/** Input that will never become valid by retrying: no value, broken UTF-8, bad JSON, a schema failure. */
export class PoisonMessageError extends SentinelError {
  /** Both its catalogue code and the code of its dead letter. */
  declare readonly code: PoisonCode;
  constructor(code: PoisonCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, { ...options, retriable: false });
    this.name = 'PoisonMessageError';
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
    super('item-failed', message, { cause: options.cause, retriable: isRetriableItem(options.status, options.type) });
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

export type StackErrorCode = Extract<ErrorCode, `stack-${string}`>;

/** The stack cannot start: a missing tool, a port held by another program. Carries a fix. */
export class StackError extends SentinelError {
  declare readonly code: StackErrorCode;
  constructor(message: string, options: { code?: StackErrorCode; cause?: unknown } = {}) {
    super(options.code ?? 'stack-failed', message, { cause: options.cause, retriable: false });
    this.name = 'StackError';
  }
}
