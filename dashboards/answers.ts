/**
 * "Newly answered": an official statement that answers a claim a reviewer reviewed or was assigned,
 * matched to it after that, is shown to that reviewer until they open the claim.
 *
 * A claim's answers live on its flag: when a statement is indexed, index-statements re-sends the
 * claims it may answer and score-claims overwrites their flags with the new matches (and a denial
 * as a reason). A flag keeps no history of when each match appeared, so what a reviewer already
 * knew is recorded beside the accounts (store.ts `followClaim`): the answering statements the flag
 * had when they acted on the claim, were assigned it or last opened it. Newly answered is what the
 * flag has now beyond that.
 */
import { z } from 'zod';
import { Stance, type Flag } from '../core/contracts.js';
import { FlagDoc, readBack } from '../core/indices.js';
import type { IndexNames } from '../core/names.js';
import { type Client } from '../platform/index.js';
import { stanceOn, type FlagAnswers } from './statements.js';
import { followedClaims, type ReviewEntry } from './store.js';

/** The statements that answer the flag's claim: a match with a stance (supports or contradicts), or a denial named by a reason. */
export function answeringStatements(flag: FlagAnswers): string[] {
  const ids = new Set([
    ...flag.matches.map((m) => m.statementId),
    ...(flag.reasons ?? []).flatMap((r) => (r.statementId ? [r.statementId] : [])),
  ]);
  return [...ids].filter((id) => stanceOn(flag, id) !== 'nei').sort();
}

/** Whether `user` reviewed the claim (any action of theirs but assigning someone) or was assigned it. */
export function involves(history: readonly ReviewEntry[], user: string): boolean {
  return history.some((e) => (e.action === 'assign' ? e.assignee === user : e.by === user));
}

/** A followed claim with answers its reviewer has not seen. */
export interface NewlyAnswered {
  flag: Flag;
  /** The answering statements new to the reviewer. */
  statements: string[];
  /** When the reviewer last knew the claim's answers. */
  since: string;
}

/** The claims `user` follows that have answers new to them, the most recently (re)scored first. */
export async function newlyAnswered(es: Client, names: IndexNames, user: string): Promise<NewlyAnswered[]> {
  const followed = await followedClaims(es, names, user);
  if (followed.length === 0) return [];
  const response = await es.mget({ index: names.flags, ids: followed.map((f) => f.flagId) });
  const flags = new Map<string, Flag>();
  for (const doc of response.docs) if ('found' in doc && doc.found) flags.set(doc._id, readBack(FlagDoc, doc));
  return followed
    .flatMap((f) => {
      const flag = flags.get(f.flagId);
      if (!flag) return [];
      const known = new Set(f.statements);
      const fresh = answeringStatements(flag).filter((id) => !known.has(id));
      return fresh.length > 0 ? [{ flag, statements: fresh, since: f.updatedAt }] : [];
    })
    .sort((a, b) => b.flag.createdAt.localeCompare(a.flag.createdAt) || a.flag.id.localeCompare(b.flag.id));
}

/** The only fields of a flag that say which statements answer it. */
const ANSWER_FIELDS = ['matches.statementId', 'matches.stance', 'reasons.statementId'];
const AnswerFields = z.object({
  matches: z.array(z.object({ statementId: z.string(), stance: Stance })).default([]),
  reasons: z.array(z.object({ statementId: z.string().optional() })).optional(),
});

/**
 * How many claims `user` follows have answers new to them: the count the navigation bar shows on
 * every page. The same rule as `newlyAnswered`, read lean: of each followed flag only the
 * statement ids and stances (no claim text, evidence or spans), nothing sorted. Which answers are
 * new depends on what each reviewer knew of each claim, which Elasticsearch cannot compare inside
 * one query (the matches are not nested, and the stack's node has no scripting), so the followed
 * claims are still read, one search and one mget.
 */
export async function countNewlyAnswered(es: Client, names: IndexNames, user: string): Promise<number> {
  const followed = await followedClaims(es, names, user);
  if (followed.length === 0) return 0;
  const response = await es.mget({ index: names.flags, ids: followed.map((f) => f.flagId), _source_includes: ANSWER_FIELDS });
  const answers = new Map<string, string[]>();
  for (const doc of response.docs) if ('found' in doc && doc.found) answers.set(doc._id, answeringStatements(readBack(AnswerFields, doc)));
  return followed.filter((f) => {
    const known = new Set(f.statements);
    return (answers.get(f.flagId) ?? []).some((id) => !known.has(id));
  }).length;
}
