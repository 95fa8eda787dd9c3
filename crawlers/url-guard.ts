/**
 * URL rules every request passes before it is sent: canonical form, the source's allowed
 * hosts and paths, and no loopback / private / link-local address unless the registry
 * explicitly allows it (the local fixture and demo registries). This is what keeps the
 * crawler from becoming an SSRF tool, redirects included.
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';

/** Query parameters that only track the reader; dropping them makes one article one URL. */
const TRACKING_PARAMS =
  /^(utm_.*|fbclid|gclid|dclid|msclkid|zarsrc|zalo_source|_ga|ref|refer|source|from|cmpid|itm_.*|mc_[a-z]+|igshid|gidzl)$/i;

/** The canonical form: no fragment, no tracking parameters, the remaining parameters sorted. */
export function canonicalizeUrl(raw: string, base?: string): string {
  const url = new URL(raw, base);
  url.hash = '';
  url.hostname = url.hostname.toLowerCase();
  // No query at all (not even a bare "?"): nothing to drop or sort.
  if (!url.href.includes('?')) return url.href;
  const kept = [...url.searchParams.entries()].filter(([key]) => !TRACKING_PARAMS.test(key)).sort(([a], [b]) => a.localeCompare(b));
  url.search = '';
  for (const [key, value] of kept) url.searchParams.append(key, value);
  return url.toString();
}

function ipv4Private(ip: string): boolean {
  const parts = ip.split('.').map(Number);
  const [a = 0, b = 0] = parts;
  return (
    a === 0 ||
    a === 10 ||
    a === 127 ||
    (a === 100 && b >= 64 && b <= 127) ||
    (a === 169 && b === 254) ||
    (a === 172 && b >= 16 && b <= 31) ||
    (a === 192 && b === 168) ||
    (a === 198 && (b === 18 || b === 19)) ||
    a >= 224
  );
}

/** Loopback, private, link-local, CGNAT, multicast, unspecified (IPv4 and IPv6, mapped forms too). */
export function isPrivateAddress(ip: string): boolean {
  const bare = ip.replace(/^\[|\]$/g, '').toLowerCase();
  const kind = isIP(bare);
  if (kind === 4) return ipv4Private(bare);
  if (kind === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
    if (mapped?.[1]) return ipv4Private(mapped[1]);
    return bare === '::' || bare === '::1' || /^f[cd]/.test(bare) || /^fe[89ab]/.test(bare) || bare.startsWith('ff');
  }
  return false;
}

export interface UrlGuardOptions {
  allowedHosts: string[];
  /** URL path prefixes a source is limited to (none: the whole host). */
  includePaths?: string[];
  allowPrivateNetwork?: boolean;
}

export type UrlVerdict = { ok: true } | { ok: false; reason: string };

/** Decides whether one URL may be requested for one source. */
export class UrlGuard {
  readonly #hosts: Set<string>;
  readonly #paths: string[];
  readonly #allowPrivate: boolean;

  constructor(options: UrlGuardOptions) {
    this.#hosts = new Set(options.allowedHosts.map((h) => h.toLowerCase()));
    this.#paths = options.includePaths ?? [];
    this.#allowPrivate = options.allowPrivateNetwork ?? false;
  }

  get allowsPrivateNetwork(): boolean {
    return this.#allowPrivate;
  }

  check(raw: string): UrlVerdict {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return { ok: false, reason: 'not a URL' };
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return { ok: false, reason: `scheme ${url.protocol} not crawled` };
    if (url.username || url.password) return { ok: false, reason: 'credentials in URL' };
    const host = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
    if (!this.#hosts.has(host)) return { ok: false, reason: `host ${host} is not one of the source's allowed hosts` };
    if (!this.#allowPrivate && (isPrivateAddress(host) || host === 'localhost' || host.endsWith('.localhost')))
      return { ok: false, reason: `private address ${host}` };
    if (this.#paths.length > 0 && !this.#paths.some((p) => url.pathname.startsWith(p)))
      return { ok: false, reason: `path ${url.pathname} outside the source's sections` };
    return { ok: true };
  }

  /**
   * A `dns.lookup` replacement for the HTTP client: a name that resolves to a private address
   * is refused at connect time, so DNS rebinding cannot reach the internal network either.
   */
  lookup(): typeof dnsLookup {
    const allowPrivate = this.#allowPrivate;
    const guarded = (hostname: string, options: unknown, callback: unknown): void => {
      const cb = (typeof options === 'function' ? options : callback) as (
        err: NodeJS.ErrnoException | null,
        address: string | LookupAddress[],
        family?: number,
      ) => void;
      const opts = (typeof options === 'object' && options !== null ? options : {}) as { all?: boolean };
      dnsLookup(hostname, { all: true }, (err, addresses) => {
        if (err) return cb(err, []);
        const bad = addresses.find((a) => !allowPrivate && isPrivateAddress(a.address));
        if (bad) {
          const error: NodeJS.ErrnoException = new Error(`refused: ${hostname} resolves to private address ${bad.address}`);
          error.code = 'ERR_PRIVATE_ADDRESS';
          return cb(error, []);
        }
        if (opts.all) return cb(null, addresses);
        const first = addresses[0];
        return first ? cb(null, first.address, first.family) : cb(new Error(`no address for ${hostname}`), []);
      });
    };
    return guarded as unknown as typeof dnsLookup;
  }
}
