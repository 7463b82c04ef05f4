import { z } from 'zod';

// The page's Content-Security-Policy forbids eval. zod would probe for it on its first parse,
// which the browser reports as a violation; without the probe it runs the same checks.
z.config({ jitless: true });
