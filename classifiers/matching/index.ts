/**
 * Matching, the public entry: index official statements as passages, retrieve and re-rank them
 * for a claim, and give each its stance with the conflicting spans. The score-claims stage, the
 * dashboards, the CLI, the evals and the benchmarks all call it through here.
 */
export {
  ensureStatementsIndex,
  indexStatements,
  passageDocs,
  searchForms,
  syllableShingles,
  type IndexStatementsResult,
  type PassageDoc,
} from './statements-index.js';
export {
  matchClaims,
  matchClaimsDetailed,
  passageCache,
  type ClaimInput,
  type DetailedMatch,
  type MatchOptions,
  type RetrievalMode,
} from './matcher.js';
export {
  inClaimOffsets,
  matchForClaims,
  matchInputOf,
  MATCHES_PER_CLAIM,
  STAGE_MATCHING,
  statementMatcher,
  type ClaimMatcher,
} from './claim-matching.js';
export { InputError, readClaimsFile, readStatementsFile, toOfficialStatement } from './inputs.js';
