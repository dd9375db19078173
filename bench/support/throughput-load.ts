/**
 * Child process of the server-throughput suite: reads LoadJobs (a JSON array) on stdin, drives them
 * one after another with autocannon and writes their LoadResults (a JSON array) on stdout. A process of its own so the load
 * generator gets its own event loop instead of stealing the server's.
 *
 * Each autocannon connection is one client: `setupClient` gives it its own token, client id and
 * mutation counter, so every push carries the next mutation id of a distinct client (a repeated id
 * would be answered `duplicate` without any work). Connections send one request at a time
 * (no pipelining), as the extension does.
 */
import autocannon, { type Client, type Request } from 'autocannon';
import { clientIdFor, mutationFor, pullPathFor, type LoadJob, type LoadResult, type PullJob, type PushJob } from './throughput-workload';

interface Tally {
  statuses: LoadResult['statuses'];
  appliedByName: Record<string, number>;
  changes: number;
}

function pushRequests(job: PushJob, connection: number, tally: Tally): Request[] {
  const clientId = clientIdFor(job.runTag, connection);
  let sequence = 0;
  const sent = new Map<number, string>();
  return [
    {
      method: 'POST',
      path: '/api/sync/push',
      headers: { authorization: `Bearer ${job.tokens[connection]!}`, 'content-type': 'application/json' },
      setupRequest: (request) => {
        sequence += 1;
        const mutation = mutationFor(job, connection, sequence, new Date().toISOString());
        sent.set(sequence, mutation.name);
        return { ...request, body: JSON.stringify({ clientId, mutations: [{ id: sequence, ...mutation }] }) };
      },
      onResponse: (status, body) => {
        if (status !== 200) return;
        const response = JSON.parse(body) as { results: { id: number; status: keyof Tally['statuses'] }[] };
        for (const result of response.results) {
          tally.statuses[result.status] += 1;
          const name = sent.get(result.id) ?? 'unknown';
          sent.delete(result.id);
          if (result.status === 'applied') tally.appliedByName[name] = (tally.appliedByName[name] ?? 0) + 1;
        }
      },
    },
  ];
}

function pullRequests(job: PullJob, connection: number, tally: Tally): Request[] {
  let sequence = 0;
  return [
    {
      method: 'GET',
      headers: { authorization: `Bearer ${job.tokens[connection]!}` },
      setupRequest: (request) => {
        sequence += 1;
        return { ...request, path: pullPathFor(job, connection, sequence) };
      },
      onResponse: (status, body) => {
        if (status === 200) tally.changes += (JSON.parse(body) as { changes: unknown[] }).changes.length;
      },
    },
  ];
}

async function run(job: LoadJob): Promise<LoadResult> {
  const tally: Tally = { statuses: { applied: 0, duplicate: 0, rejected: 0 }, appliedByName: {}, changes: 0 };
  let next = 0;
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.duration,
    timeout: 30,
    setupClient: (client: Client) => {
      const connection = next++ % job.connections;
      client.setRequests(job.kind === 'push' ? pushRequests(job, connection, tally) : pullRequests(job, connection, tally));
    },
  });
  const ok = result['2xx'];
  return {
    seconds: result.duration,
    ok,
    requestsPerSecond: ok / result.duration,
    latency: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    ...tally,
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const jobs = JSON.parse(await readStdin()) as LoadJob[];
const results: LoadResult[] = [];
for (const job of jobs) results.push(await run(job));
process.stdout.write(`${JSON.stringify(results)}\n`);
