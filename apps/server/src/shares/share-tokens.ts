import { createHash, randomBytes } from 'node:crypto';
import { SHARE_LIMITS } from '@pulse/api-contract/schemas';

/** A new link token: 256 random bits as base64url (43 characters). Shown once; only its hash is kept. */
export const newShareToken = (): string => randomBytes(SHARE_LIMITS.tokenBytes).toString('base64url');

/** sha256 hex: tokens are random, so a fast hash suffices and a view finds its link by equality. */
export const hashShareToken = (token: string): string => createHash('sha256').update(token).digest('hex');
