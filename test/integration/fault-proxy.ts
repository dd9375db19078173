import net from 'node:net';

/**
 * A TCP proxy in front of the server that cuts the network in the middle of one HTTP exchange:
 * it forwards part of the request (or of the response) and then destroys both sockets, as a
 * dropped Wi-Fi or a dying load balancer would. Everything else is forwarded byte for byte.
 * It reads just enough HTTP/1.1 (request line, Content-Length) to find where each request starts.
 */

export interface CutRule {
  /** Request path prefix, e.g. `/api/sync/push`. */
  path: string;
  /** Cut while the request is being sent, or while its response is coming back. */
  phase: 'request' | 'response';
}

export interface Cut extends CutRule {
  /** Bytes of the message (head and body) let through before the cut, and the message's full length. */
  forwarded: number;
  length: number;
  headLength: number;
}

const HEAD_END = Buffer.from('\r\n\r\n');

interface Head {
  headLength: number;
  bodyLength: number;
  requestTarget: string;
}

function parseHead(buffer: Buffer): Head | null {
  const end = buffer.indexOf(HEAD_END);
  if (end < 0) return null;
  const text = buffer.subarray(0, end).toString('latin1');
  const [first = ''] = text.split('\r\n');
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(text)?.[1];
  return { headLength: end + HEAD_END.length, bodyLength: length ? Number(length) : 0, requestTarget: first.split(' ')[1] ?? '' };
}

/** Where to cut a message: halfway through its body, or halfway through its head when it has none. */
function cutPoint(head: Head): number {
  return head.bodyLength > 0 ? head.headLength + Math.floor(head.bodyLength / 2) : Math.floor(head.headLength / 2);
}

export class FaultProxy {
  readonly cuts: Cut[] = [];
  private rules: CutRule[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly url: string,
  ) {}

  static async start(target: string): Promise<FaultProxy> {
    const { hostname, port } = new URL(target);
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const proxy = new FaultProxy(server, `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`);
    server.on('connection', (client) => proxy.connect(client, hostname, Number(port)));
    return proxy;
  }

  /** Cut the next exchange that matches; each armed rule fires once. */
  cutNext(rule: CutRule): void {
    this.rules.push(rule);
  }

  get armed(): number {
    return this.rules.length;
  }

  private take(path: string, phase: CutRule['phase']): CutRule | undefined {
    const i = this.rules.findIndex((r) => r.phase === phase && path.startsWith(r.path));
    return i < 0 ? undefined : this.rules.splice(i, 1)[0];
  }

  private connect(client: net.Socket, host: string, port: number): void {
    const upstream = net.connect(port, host);
    for (const s of [client, upstream]) {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
      s.on('error', () => undefined);
    }
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());

    // Client → server: track request boundaries so each request's head can be read.
    let pending = Buffer.alloc(0); // bytes of the current request's head not yet parsed
    let remaining = 0; // body bytes of the current request still to forward
    let requestCut: { rule: CutRule; head: Head; sent: number } | null = null;
    let responseRule: { rule: CutRule } | null = null;
    client.on('data', (chunk: Buffer) => {
      let data = chunk;
      while (data.length > 0) {
        if (requestCut) {
          const room = cutPoint(requestCut.head) - requestCut.sent;
          upstream.write(data.subarray(0, room));
          requestCut.sent += Math.min(room, data.length);
          if (requestCut.sent >= cutPoint(requestCut.head)) {
            this.cuts.push({ ...requestCut.rule, forwarded: requestCut.sent, length: requestCut.head.headLength + requestCut.head.bodyLength, headLength: requestCut.head.headLength });
            return cut();
          }
          return;
        }
        if (remaining > 0) {
          const n = Math.min(remaining, data.length);
          upstream.write(data.subarray(0, n));
          remaining -= n;
          data = data.subarray(n);
          continue;
        }
        pending = Buffer.concat([pending, data]);
        data = Buffer.alloc(0);
        const head = parseHead(pending);
        if (!head) return; // wait for the rest of the head
        const path = head.requestTarget;
        const whole = pending;
        pending = Buffer.alloc(0);
        const rule = this.take(path, 'request');
        if (rule) {
          requestCut = { rule, head, sent: 0 };
          data = whole;
          continue;
        }
        const response = this.take(path, 'response');
        if (response) responseRule = { rule: response };
        const headAndBody = Math.min(whole.length, head.headLength + head.bodyLength);
        upstream.write(whole.subarray(0, headAndBody));
        remaining = head.headLength + head.bodyLength - headAndBody;
        data = whole.subarray(headAndBody);
      }
    });

    // Server → client: forwarded as is, except the response to a request armed for a response cut.
    let response: { rule: CutRule; buffer: Buffer } | null = null;
    upstream.on('data', (chunk: Buffer) => {
      if (!response && responseRule) {
        response = { rule: responseRule.rule, buffer: Buffer.alloc(0) };
        responseRule = null;
      }
      if (!response) return void client.write(chunk);
      response.buffer = Buffer.concat([response.buffer, chunk]);
      const head = parseHead(response.buffer);
      if (!head) return; // hold the head back until it is complete
      // Without Content-Length (chunked), cut halfway through what has arrived of the body.
      const known = head.bodyLength > 0 ? head : { ...head, bodyLength: response.buffer.length - head.headLength };
      const at = cutPoint(known);
      if (response.buffer.length < at) return;
      client.write(response.buffer.subarray(0, at));
      this.cuts.push({ ...response.rule, forwarded: at, length: known.headLength + known.bodyLength, headLength: known.headLength });
      // Let the bytes leave before the reset.
      setTimeout(cut, 20);
      upstream.removeAllListeners('data');
    });
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
