/**
 * JSONL inputs of the `match` command: statements `{"id","text","agency"?,"publishedAt"?,"url"?}`
 * and claims `{"id","text"}`; other fields are ignored. Each line is validated with a reason.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { describeIssues, type OfficialStatement } from '../../core/contracts.js';
import { SentinelError } from '../../core/errors.js';
import { sha256Hex } from '../../core/ids.js';
import { normalizeText } from '../text/normalize.js';
import type { ClaimInput } from './matcher.js';

/** A line of an input file is not JSON or does not fit (code input-invalid). */
export class InputError extends SentinelError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('input-invalid', message, options);
    this.name = 'InputError';
  }
}

const StatementLine = z.object({
  id: z.string().min(1),
  text: z.string().min(1),
  agency: z.string().min(1).optional(),
  title: z.string().optional(),
  publishedAt: z.string().datetime({ offset: true }).nullable().optional(),
  url: z.string().url().nullable().optional(),
  version: z.number().int().positive().optional(),
});
const ClaimLine = z.object({
  id: z.string().min(1),
  text: z.string().min(1),
  publishedAt: z.string().datetime({ offset: true }).nullable().optional(),
});

function parseJsonl<T>(file: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>): T[] {
  const out: T[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (line.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new InputError(`${file}:${i + 1}: not valid JSON`);
      }
      const parsed = schema.safeParse(value);
      if (!parsed.success) throw new InputError(`${file}:${i + 1}: ${describeIssues(parsed.error)}`);
      out.push(parsed.data);
    });
  return out;
}

export function toOfficialStatement(line: z.infer<typeof StatementLine>, fetchedAt = new Date().toISOString()): OfficialStatement {
  const text = normalizeText(line.text);
  return {
    id: line.id,
    agency: line.agency ?? 'unknown',
    title: line.title ?? '',
    text,
    url: line.url ?? null,
    publishedAt: line.publishedAt ?? null,
    fetchedAt,
    version: line.version ?? 1,
    contentHash: sha256Hex(text),
  };
}

export function readStatementsFile(file: string): OfficialStatement[] {
  return parseJsonl(file, StatementLine).map((l) => toOfficialStatement(l));
}

export function readClaimsFile(file: string): ClaimInput[] {
  return parseJsonl(file, ClaimLine).map((c) => ({ id: c.id, text: c.text.normalize('NFC'), publishedAt: c.publishedAt ?? null }));
}
