/**
 * Bytes → text for pages whose charset label cannot be trusted. Older Vietnamese sites still
 * serve Windows-1258 (tones as combining marks) or TCVN pages behind a `charset=utf-8` header.
 * Order: BOM, then strict UTF-8, then a legacy label (header, then <meta>), then Windows-1258. The result is NFC, so decomposed tones become the usual precomposed letters.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import iconv from 'iconv-lite';

export interface DecodedPage {
  text: string;
  /** The encoding actually used. */
  encoding: string;
  /** The label the server or the page gave, when it was not the one that worked. */
  mislabelled: string | null;
}

const META_CHARSET = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)|<\?xml[^>]+encoding\s*=\s*["']([\w-]+)/i;

function normalizeLabel(label: string): string {
  const l = label.trim().toLowerCase();
  return l === 'utf8' ? 'utf-8' : l;
}

/** Stateless between calls (no `stream` option), so one decoder serves every page. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return UTF8.decode(bytes);
  } catch {
    return null;
  }
}

function decodeAs(bytes: Buffer, label: string): string | null {
  if (label === 'utf-8') return strictUtf8(bytes);
  if (!iconv.encodingExists(label)) return null;
  return iconv.decode(bytes, label);
}

/** The charset parameter of a Content-Type header value, if any. */
export function charsetOf(contentType: string | undefined): string | null {
  const match = /charset\s*=\s*"?([\w-]+)/i.exec(contentType ?? '');
  return match?.[1] ? normalizeLabel(match[1]) : null;
}

export function decodeHtml(bytes: Buffer, headerCharset: string | null): DecodedPage {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return {
      text: bytes.subarray(3).toString('utf8').normalize('NFC'),
      encoding: 'utf-8',
      mislabelled: headerCharset && headerCharset !== 'utf-8' ? headerCharset : null,
    };
  }
  // The <meta> is ASCII in every encoding we meet, so a latin1 view of the head finds it.
  const metaMatch = META_CHARSET.exec(bytes.subarray(0, 4096).toString('latin1'));
  const metaLabel = metaMatch?.[1] ?? metaMatch?.[2];
  const metaCharset = metaLabel ? normalizeLabel(metaLabel) : null;
  const labels = [headerCharset, metaCharset].filter((l): l is string => l !== null);
  // Valid UTF-8 with multi-byte sequences is UTF-8 whatever the label says: legacy text is
  // practically never valid UTF-8 by chance, while a default "iso-8859-1" header is common.
  const utf8 = strictUtf8(bytes);
  if (utf8 !== null) {
    // Every non-ASCII character takes more UTF-8 bytes than UTF-16 units: equal lengths mean pure ASCII.
    const ascii = utf8.length === bytes.length;
    const wrong = labels.find((l) => l !== 'utf-8');
    return { text: utf8.normalize('NFC'), encoding: 'utf-8', mislabelled: !ascii && wrong ? wrong : null };
  }
  for (const label of labels) {
    if (label === 'utf-8') continue;
    const text = decodeAs(bytes, label);
    if (text !== null)
      return {
        text: text.normalize('NFC'),
        encoding: label,
        mislabelled: headerCharset !== null && headerCharset !== label ? headerCharset : null,
      };
  }
  return { text: iconv.decode(bytes, 'windows-1258').normalize('NFC'), encoding: 'windows-1258', mislabelled: labels[0] ?? null };
}

/** The encodings a file of exported posts is read in. */
export type FileEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1258';

/** How much of a file's head tells its encoding. */
const SNIFF_BYTES = 1 << 20;

/**
 * A file's encoding from its head: a byte-order mark; else UTF-8 when the head is UTF-8, or
 * mostly is (a few damaged bytes in a UTF-8 export are that, and their rows are refused by the
 * reader); else Windows-1258, which is what Excel's "CSV" writes on a Vietnamese Windows (its
 * bytes rarely form a UTF-8 sequence by chance).
 */
export function sniffEncoding(head: Uint8Array): FileEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  // Read as UTF-8, a byte that cannot be one becomes U+FFFD; a character cut at the head's end waits (stream).
  const text = new TextDecoder('utf-8').decode(head, { stream: true });
  const invalid = text.split('\uFFFD').length - 1;
  const valid = text.match(/[^\p{ASCII}\uFFFD]/gu)?.length ?? 0;
  return invalid === 0 || valid > invalid * 4 ? 'utf-8' : 'windows-1258';
}

/**
 * A file as a stream of text in the encoding its head shows, without its byte-order mark. Bytes
 * past the head that are not valid in that encoding read as U+FFFD, for the reader to refuse. An
 * error of the file (a folder, a vanished file) ends the stream with that error.
 */
export async function openTextFile(file: string): Promise<{ encoding: FileEncoding; text: NodeJS.ReadableStream }> {
  const handle = await open(file);
  let head: Buffer;
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(SNIFF_BYTES), 0, SNIFF_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  const encoding = sniffEncoding(head);
  const text = pipeline(createReadStream(file), iconv.decodeStream(encoding), () => undefined);
  return { encoding, text };
}
