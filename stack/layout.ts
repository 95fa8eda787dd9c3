/** Where the stack keeps its downloads, data and logs: an ignored folder of the checkout. */
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../core/paths.js';

export { REPO_ROOT };
export const STACK_POM = join(REPO_ROOT, 'stack', 'pom.xml');

/** Pinned: Maven 3.8's default (2.8) ignores -DoutputDirectory for `unpack` with -Dartifact. */
export const DEPENDENCY_PLUGIN = 'org.apache.maven.plugins:maven-dependency-plugin:3.8.1';

export const KAFKA_VERSION = '4.1.1';
export const ELASTICSEARCH_VERSION = '8.19.9';
export const ELASTICSEARCH_ARTIFACT = `org.elasticsearch.distribution.integ-test-zip:elasticsearch:${ELASTICSEARCH_VERSION}:zip`;

export function stackDir(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.SENTINEL_STACK_DIR ?? join(REPO_ROOT, '.cache', 'stack'));
}
