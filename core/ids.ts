import { createHash } from 'node:crypto';

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Deterministic ids make every write idempotent: a replayed message overwrites, never duplicates. */
export function documentIdFor(canonicalUrl: string): string {
  return sha256Hex(`doc:${canonicalUrl}`).slice(0, 32);
}

export function sentenceIdFor(documentId: string, position: number): string {
  return `${documentId}:${position}`;
}
