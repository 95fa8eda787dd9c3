/**
 * One page fetched the way the crawler fetches it, for commands that read a single URL
 * (`sentinel extract`): every hop passes the URL guard (http(s) only, no credentials, no private
 * address unless allowed, names resolved through the guard so DNS rebinding cannot reach the
 * internal network), at most 5 redirects, and a size limit enforced while reading.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { SentinelError } from '../core/errors.js';
import { UrlGuard } from './url-guard.js';

export interface FetchedPage {
  url: string;
  bytes: Buffer;
  contentType: string | undefined;
}

/** The page could not be fetched (code fetch-failed); the message says why. */
export class FetchError extends SentinelError {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super('fetch-failed', message, options);
    this.name = 'FetchError';
  }
}

export interface FetchPageOptions {
  allowPrivateNetwork?: boolean;
  maxBytes?: number;
  timeoutMs?: number;
}

const MAX_REDIRECTS = 5;

export async function fetchPage(raw: string, options: FetchPageOptions = {}): Promise<FetchedPage> {
  const { allowPrivateNetwork = false, maxBytes = 2 * 1024 * 1024, timeoutMs = 20_000 } = options;
  let url = raw;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop += 1) {
    let host: string;
    try {
      host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    } catch {
      throw new FetchError(`not a URL: ${url}`);
    }
    const guard = new UrlGuard({ allowedHosts: [host], allowPrivateNetwork });
    const verdict = guard.check(url);
    if (!verdict.ok) throw new FetchError(`refused ${url}: ${verdict.reason}`);
    const response = await get(url, guard, timeoutMs);
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      url = new URL(response.headers.location, url).toString();
      continue;
    }
    if (status < 200 || status >= 300) {
      response.resume();
      throw new FetchError(`${url} answered HTTP ${status}`);
    }
    const declared = Number(response.headers['content-length'] ?? 0);
    if (declared > maxBytes) {
      response.destroy();
      throw new FetchError(`${url} is ${declared} bytes, over the ${maxBytes}-byte limit`);
    }
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of response as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        response.destroy();
        throw new FetchError(`${url} is over the ${maxBytes}-byte limit`);
      }
      chunks.push(chunk);
    }
    return { url, bytes: Buffer.concat(chunks), contentType: response.headers['content-type'] };
  }
  throw new FetchError(`${raw}: more than ${MAX_REDIRECTS} redirects`);
}

function get(url: string, guard: UrlGuard, timeoutMs: number): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = (url.startsWith('https:') ? httpsRequest : httpRequest)(
      url,
      {
        method: 'GET',
        headers: { 'user-agent': 'SentinelBot/0.1 (+extract)', accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' },
        ...(guard.allowsPrivateNetwork ? {} : { lookup: guard.lookup() }),
        timeout: timeoutMs,
      },
      resolve,
    );
    request.on('timeout', () => request.destroy(new FetchError(`${url}: no answer in ${timeoutMs} ms`)));
    request.on('error', (error) => reject(error instanceof FetchError ? error : new FetchError(`${url}: ${error.message}`)));
    request.end();
  });
}
