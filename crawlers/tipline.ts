/**
 * The tipline: what a user sends in (a suspicious text, a link, or a screenshot of a post or a
 * message) becomes a SourceDocument of kind `submission` for `documents.raw`, and flows through
 * the pipeline like any post. Images are read by Tesseract with its Vietnamese model (Debian
 * packages tesseract-ocr and tesseract-ocr-vie, installed by scripts/ensure-deps.mjs); the image
 * itself is kept under its content hash, the OCR text and confidence go with the document.
 * Claims, not people: a submission records the role that sent it, never the name.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeIssues, SourceDocument } from '../core/contracts.js';
import { SentinelError } from '../core/errors.js';
import { documentIdFor, sha256Hex } from '../core/ids.js';
import { detectLanguage, normalizeText } from '../classifiers/text/normalize.js';
import { postTitle } from './extract-article.js';
import { MAX_POST_CHARS } from './import-posts.js';

export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];
/** Largest image accepted: a phone screenshot is well under it. */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024;
const OCR_TIMEOUT_MS = 60_000;

/** A submission refused: `status` is the HTTP status that says why (400, 413, 415, 422, 503). */
export class SubmissionError extends SentinelError {
  readonly status: number;
  constructor(status: number, message: string, options: { cause?: unknown } = {}) {
    super('submission-refused', message, options);
    this.name = 'SubmissionError';
    this.status = status;
  }
}

/** The image type its first bytes say, whatever the client declared (null: none we read). */
export function sniffImageType(bytes: Uint8Array): ImageType | null {
  const starts = (...b: number[]): boolean => b.every((v, i) => bytes[i] === v);
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45 && bytes[10] === 0x42 && bytes[11] === 0x50)
    return 'image/webp';
  return null;
}

export interface OcrResult {
  text: string;
  /** Mean word confidence, 0–1, as Tesseract reports it. */
  confidence: number;
  words: number;
}

/**
 * Reads the text of an image with Tesseract (`tesseract stdin stdout -l vie tsv`): one line of
 * text per paragraph Tesseract finds, and the mean confidence of its words. A file Tesseract cannot
 * decode is a 422; Tesseract missing is a 503 that says how to install it.
 */
export async function ocrImage(bytes: Uint8Array, options: { language?: string; timeoutMs?: number } = {}): Promise<OcrResult> {
  const { language = 'vie', timeoutMs = OCR_TIMEOUT_MS } = options;
  const { code, stdout, stderr } = await run('tesseract', ['stdin', 'stdout', '-l', language, '--psm', '3', 'tsv'], bytes, timeoutMs);
  if (code === 'missing')
    throw new SubmissionError(
      503,
      'image reading is not installed here: Tesseract with its Vietnamese model (Debian: apt-get install tesseract-ocr tesseract-ocr-vie)',
    );
  if (code === 'timeout') throw new SubmissionError(422, `the image took over ${timeoutMs / 1000} s to read`);
  if (code !== 0) {
    if (/Failed loading language|Error opening data file/u.test(stderr))
      throw new SubmissionError(503, `Tesseract has no '${language}' model (Debian: apt-get install tesseract-ocr-vie)`);
    throw new SubmissionError(422, 'the image could not be decoded (a damaged or truncated file?)');
  }
  const lines = new Map<string, string[]>();
  let sum = 0;
  let words = 0;
  for (const row of stdout.split('\n').slice(1)) {
    const cells = row.split('\t');
    if (cells.length < 12 || cells[0] !== '5') continue;
    const word = (cells[11] ?? '').trim();
    const conf = Number(cells[10]);
    if (word === '' || !(conf >= 0)) continue;
    // One paragraph per block and paragraph: a message wrapped over lines is one text again.
    const lineKey = cells.slice(1, 4).join('.');
    (lines.get(lineKey) ?? lines.set(lineKey, []).get(lineKey))?.push(word);
    sum += conf;
    words += 1;
  }
  const text = normalizeText([...lines.values()].map((w) => w.join(' ')).join('\n'));
  return { text, confidence: words === 0 ? 0 : sum / words / 100, words };
}

function run(
  command: string,
  args: string[],
  input: Uint8Array,
  timeoutMs: number,
): Promise<{ code: number | 'missing' | 'timeout'; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let settled = false;
    const done = (code: number | 'missing' | 'timeout'): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      done('timeout');
    }, timeoutMs);
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (error: NodeJS.ErrnoException) => done(error.code === 'ENOENT' ? 'missing' : 1));
    child.on('close', (code) => done(code ?? 1));
    // Tesseract may stop reading early on a bad file: a broken pipe is its answer, not ours.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/** What was sent: exactly one of a text, a link (fetched by the caller), or an image. */
export type Submission =
  | { via: 'text'; text: string }
  | { via: 'link'; url: string; title: string; text: string; publishedAt: string | null }
  | { via: 'image'; bytes: Uint8Array; declaredType?: string };

export interface SubmissionContext {
  /** The sender's role (never the name). */
  by: string;
  /** Where images are kept, by content hash. */
  imageDir: string;
  now?: Date;
  ocr?: (bytes: Uint8Array) => Promise<OcrResult>;
}

export interface PreparedSubmission {
  document: SourceDocument;
  /** The stored image, when this submission put it there (removed again if publishing fails). */
  storedImage?: string;
}

/**
 * The document of one submission. Checks first (type by magic bytes, size), then OCR, then the
 * image is stored under its hash: a refused submission leaves nothing behind.
 */
export async function prepareSubmission(submission: Submission, context: SubmissionContext): Promise<PreparedSubmission> {
  const now = context.now ?? new Date();
  if (submission.via === 'image') {
    const { bytes } = submission;
    if (bytes.length > MAX_IMAGE_BYTES)
      throw new SubmissionError(413, `the image is ${bytes.length} bytes, over the ${MAX_IMAGE_BYTES}-byte limit`);
    const type = sniffImageType(bytes);
    if (!type)
      throw new SubmissionError(
        415,
        `not a PNG, JPEG or WebP image${submission.declaredType ? ` (sent as ${submission.declaredType})` : ''}`,
      );
    const ocr = await (context.ocr ?? ocrImage)(bytes);
    if (ocr.text.trim() === '') throw new SubmissionError(422, 'no text could be read in the image');
    const hash = createHash('sha256').update(bytes).digest('hex');
    const stored = await storeImage(context.imageDir, hash, type, bytes);
    const document = documentOf(`image/${hash}`, ocr.text, null, context.by, now, {
      via: 'image',
      image: { sha256: hash, type, bytes: bytes.length },
      ocrConfidence: Number(ocr.confidence.toFixed(3)),
    });
    return stored ? { document, storedImage: stored } : { document };
  }
  if (submission.via === 'link') {
    return {
      document: documentOf(
        `link/${sha256Hex(submission.url)}`,
        submission.text,
        submission.publishedAt,
        context.by,
        now,
        { via: 'link', link: submission.url },
        submission.title,
      ),
    };
  }
  return {
    document: documentOf(`text/${sha256Hex(normalizeText(submission.text))}`, submission.text, null, context.by, now, { via: 'text' }),
  };
}

function documentOf(
  key: string,
  raw: string,
  publishedAt: string | null,
  by: string,
  now: Date,
  submission: Omit<NonNullable<SourceDocument['submission']>, 'by'>,
  title?: string,
): SourceDocument {
  const text = normalizeText(raw);
  if (text === '') throw new SubmissionError(400, 'the submission has no text');
  if (text.length > MAX_POST_CHARS)
    throw new SubmissionError(413, `the text has ${text.length} characters, over the ${MAX_POST_CHARS} limit`);
  // Submissions have no public address of their own: a stable URN-like URL names them by content.
  const url = `https://tipline.sentinel.invalid/${key}`;
  const parsed = SourceDocument.safeParse({
    id: documentIdFor(url),
    url,
    canonicalUrl: url,
    sourceId: 'tipline',
    sourceKind: 'submission',
    outlet: 'Tipline',
    title: title && title.trim() !== '' ? normalizeText(title) : postTitle(text),
    text,
    publishedAt,
    fetchedAt: now.toISOString(),
    language: detectLanguage(text),
    contentHash: sha256Hex(text),
    submission: { ...submission, by },
  });
  if (!parsed.success) throw new SubmissionError(400, describeIssues(parsed.error));
  return parsed.data;
}

/** Writes the image as <hash>.<ext> (temp file, then rename); returns its path when this call created it. */
async function storeImage(dir: string, hash: string, type: ImageType, bytes: Uint8Array): Promise<string | undefined> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${hash}.${type.slice('image/'.length)}`);
  const exists = await stat(path).then(
    () => true,
    () => false,
  );
  if (exists) return undefined;
  const temp = `${path}.${process.pid}.${Date.now()}.part`;
  try {
    await writeFile(temp, bytes);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return path;
}
