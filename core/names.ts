/**
 * Kafka topic and Elasticsearch index names. A namespace prefix lets tests (and parallel
 * deployments) run side by side on one broker and one cluster without touching each other.
 */
export interface TopicNames {
  documentsRaw: string;
  statementsRaw: string;
  claims: string;
  flags: string;
  deadLetter: string;
}

export const TOPIC_BASE_NAMES: TopicNames = {
  documentsRaw: 'documents.raw',
  statementsRaw: 'statements.raw',
  claims: 'claims',
  flags: 'flags',
  deadLetter: 'dead-letter',
};

export function topicNames(namespace = ''): TopicNames {
  return {
    documentsRaw: namespace + TOPIC_BASE_NAMES.documentsRaw,
    statementsRaw: namespace + TOPIC_BASE_NAMES.statementsRaw,
    claims: namespace + TOPIC_BASE_NAMES.claims,
    flags: namespace + TOPIC_BASE_NAMES.flags,
    deadLetter: namespace + TOPIC_BASE_NAMES.deadLetter,
  };
}

/** Read aliases; each points at a versioned concrete index (`<alias>-v1`) so a rebuild can swap it. */
export interface IndexNames {
  documents: string;
  sentences: string;
  claims: string;
  statements: string;
  flags: string;
  /** Append-only review actions (dashboards): who did what to which flag, and when. */
  reviews: string;
  /** Dashboard accounts (name, role, scrypt hash). */
  users: string;
}

export function indexNames(namespace = ''): IndexNames {
  const prefix = namespace.toLowerCase();
  return {
    documents: `${prefix}sentinel-documents`,
    sentences: `${prefix}sentinel-sentences`,
    claims: `${prefix}sentinel-claims`,
    statements: `${prefix}sentinel-statements`,
    flags: `${prefix}sentinel-flags`,
    reviews: `${prefix}sentinel-reviews`,
    users: `${prefix}sentinel-users`,
  };
}
