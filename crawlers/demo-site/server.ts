/**
 * The bundled demo source: a small static site of realistic Vietnamese security news, served
 * on loopback. The demo (`npm start`) and the tests crawl it, since real sources need the internet.
 */
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEMO_SITE_ROOT = join(dirname(fileURLToPath(import.meta.url)), 'pages');

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface RunningSite {
  url: string;
  port: number;
  close: () => Promise<void>;
}

/**
 * The demo's preferred port: the same address on every run keeps the documents' canonical
 * URLs, hence their ids, the same, so a second `npm start` overwrites instead of adding.
 */
export const DEMO_SITE_PORT = 18_081;

export async function startDemoSite(options: { port?: number; root?: string } = {}): Promise<RunningSite> {
  const root = options.root ?? DEMO_SITE_ROOT;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://local').pathname);
      // normalize() resolves "..", and the prefix check keeps every read inside the site root.
      let file = normalize(join(root, path));
      if (!file.startsWith(root)) {
        res.writeHead(403).end();
        return;
      }
      try {
        if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
        const body = await readFile(file);
        res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
      } catch {
        res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<!doctype html><title>Không tìm thấy</title><h1>404</h1>');
      }
    })();
  });
  const listen = (port: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  try {
    await listen(options.port ?? 0);
  } catch (error) {
    // A preferred port that is taken is not fatal: any free port serves the same pages.
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || !options.port) throw error;
    await listen(0);
  }
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
