/**
 * Health probes of the broker and the search engine, used by the stack's start, status and wait.
 */
import { Kafka, logLevel } from 'kafkajs';

/**
 * Probe limits. A broker on loopback answers ApiVersions/Metadata in milliseconds, so these only
 * matter when something accepts the connection but never speaks Kafka (another program on the
 * port, or a broker still booting): the probe then gives up quickly and `waitFor` polls again,
 * instead of each probe sitting out kafkajs's 30 s default request timeout.
 */
const PROBE_CONNECTION_TIMEOUT_MS = 1000;
const PROBE_REQUEST_TIMEOUT_MS = 2000;
/** Backstop for the whole probe (connect + ApiVersions + Metadata + describeCluster). */
const PROBE_DEADLINE_MS = PROBE_CONNECTION_TIMEOUT_MS + 3 * PROBE_REQUEST_TIMEOUT_MS;

export async function kafkaReady(brokers: string[]): Promise<{ brokers: number } | undefined> {
  const kafka = new Kafka({
    clientId: 'sentinel-stack-probe',
    brokers,
    logLevel: logLevel.NOTHING,
    retry: { retries: 0 },
    connectionTimeout: PROBE_CONNECTION_TIMEOUT_MS,
    requestTimeout: PROBE_REQUEST_TIMEOUT_MS,
    enforceRequestTimeout: true,
  });
  const admin = kafka.admin();
  const probe = (async () => {
    await admin.connect();
    const cluster = await admin.describeCluster();
    return cluster.brokers.length > 0 ? { brokers: cluster.brokers.length } : undefined;
  })();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), PROBE_DEADLINE_MS);
  });
  try {
    return await Promise.race([probe, deadline]);
  } catch {
    return undefined;
  } finally {
    clearTimeout(timer);
    // A probe abandoned at the deadline still settles later; nobody is waiting for it then.
    probe.catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
  }
}

interface NodesInfo {
  nodes: Record<string, { version: string }>;
}

/** Readiness by cluster health: this distribution answers no `GET /`. */
export async function elasticsearchReady(url: string): Promise<{ version: string; status: string } | undefined> {
  const health = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=1s`, { signal: AbortSignal.timeout(3000) });
  if (!health.ok) return undefined;
  const { status } = (await health.json()) as { status: string };
  const nodes = await fetch(`${url}/_nodes/_local?filter_path=nodes.*.version`, { signal: AbortSignal.timeout(3000) });
  const info = (await nodes.json()) as NodesInfo;
  const version = Object.values(info.nodes)[0]?.version;
  return version ? { version, status } : undefined;
}
