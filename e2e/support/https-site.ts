import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A web site on a real (non-loopback) https host name, served from this machine: a self-signed
 * certificate for the name, an https server on a free loopback port, and the Chromium
 * `--host-resolver-rules` entry that sends the name there. The browser sees an ordinary https
 * origin (profiles launch with ignoreHTTPSErrors, so the self-signed certificate is accepted).
 */

export interface HttpsSite {
  host: string;
  origin: string;
  /** For launchProfile({ hostRules }). */
  hostRule: string;
  close(): Promise<void>;
}

/** A throwaway self-signed certificate for `host` (openssl, as on any Debian machine). */
function selfSignedCertificate(host: string): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'aun-e2e-tls-'));
  try {
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2', '-subj', `/CN=${host}`,
        '-addext', `subjectAltName=DNS:${host}`, '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
      { stdio: 'pipe' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } catch (error) {
    throw new Error(`openssl could not make a test certificate (install it with "apt-get install -y openssl"): ${String(error)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Serve `html` for every path of https://`host`/. */
export async function startHttpsSite(host: string, html: string): Promise<HttpsSite> {
  const server = createServer(selfSignedCertificate(host), (_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    host,
    origin: `https://${host}`,
    hostRule: `MAP ${host} 127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
