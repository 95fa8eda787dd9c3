/** Exit codes that mean something to scripts and CI. */
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
