/**
 * JSON Lines read one line at a time (files of any size), each value with its line number, or
 * why the line is not JSON; blank lines are skipped. The caller validates the values.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export type JsonLine = { line: number; value: unknown } | { line: number; error: string };

/** `source`: a file read as UTF-8, or a stream of text already decoded. */
export async function* readJsonLines(
  source: string | NodeJS.ReadableStream,
  options: { stripBom?: boolean } = {},
): AsyncGenerator<JsonLine> {
  const input = typeof source === 'string' ? createReadStream(source, { encoding: 'utf8' }) : source;
  const lines = createInterface({ input, crlfDelay: Infinity });
  let n = 0;
  for await (const raw of lines) {
    n += 1;
    const text = n === 1 && options.stripBom ? raw.replace(/^\uFEFF/u, '') : raw;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      yield { line: n, error: 'not valid JSON' };
      continue;
    }
    yield { line: n, value };
  }
}
