import { Client } from '@elastic/elasticsearch';
import type { SentinelConfig } from '../../core/config.js';

export type { Client };

export function createElasticsearchClient(config: SentinelConfig): Client {
  // Connection errors and 502/503/504 are retried by the transport; our stages retry the rest.
  return new Client({ node: config.elasticsearchUrl, maxRetries: 3, requestTimeout: 30_000 });
}
