import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { kafkaClusterId } from '../../stack/kafka.js';

describe('Stack > the Kafka cluster id given to the storage tool', () => {
  it('never starts with "-", which the tool would read as an option (one draw in 64 did)', () => {
    // 0xf8 opens with the six bits 111110: base64url's 62nd letter, '-'.
    const draws = [Buffer.alloc(16, 0xf8), Buffer.alloc(16, 0x41)];
    const id = kafkaClusterId(() => draws.shift() as Buffer);
    expect(Buffer.alloc(16, 0xf8).toString('base64url').startsWith('-')).toBe(true);
    expect(id).toBe(Buffer.alloc(16, 0x41).toString('base64url'));
    expect(draws).toHaveLength(0);
  });

  it('is 16 random bytes in URL-safe base64 without padding, as Kafka writes them', () => {
    const ids = Array.from({ length: 2000 }, () => kafkaClusterId(randomBytes));
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
