import { describe, expect, it } from 'vitest';
import { generateIngestKey, hashIngestKey, hashPassword, ingestKeyPrefix, verifyPassword } from './credentials.ts';
import { DEMO_PASSWORD } from './demo.ts';

describe('passwords', () => {
  it('hash with argon2id and verify only the right password', async () => {
    const hash = await hashPassword(DEMO_PASSWORD);
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, DEMO_PASSWORD)).toBe(true);
    expect(await verifyPassword(hash, 'pulse-demo ')).toBe(false);
    expect(await verifyPassword(hash, 'Pulse-demo')).toBe(false);
    expect(await verifyPassword(hash, '')).toBe(false);
  });

  it('salt every hash', async () => {
    expect(await hashPassword(DEMO_PASSWORD)).not.toBe(await hashPassword(DEMO_PASSWORD));
  });

  it('reject a stored value that is not a hash instead of throwing', async () => {
    expect(await verifyPassword('not-a-hash', DEMO_PASSWORD)).toBe(false);
    expect(await verifyPassword(DEMO_PASSWORD, DEMO_PASSWORD)).toBe(false);
  });
});

describe('ingest keys', () => {
  it('hash with sha256 hex', () => {
    // FIPS 180-2 test vector
    expect(hashIngestKey('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('show the first 12 characters as prefix', () => {
    expect(ingestKeyPrefix('pk_demo_globex')).toBe('pk_demo_glob');
    expect(ingestKeyPrefix('pk_demo_acme')).toBe('pk_demo_acme');
  });

  it('generate distinct keys with a recognisable prefix', () => {
    const a = generateIngestKey();
    expect(a).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
    expect(generateIngestKey()).not.toBe(a);
  });
});
