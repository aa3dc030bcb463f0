import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks a delivery's Standard Webhooks 1.0 signature, as the platform signs it: `webhook-signature` holds one or
 * more space-separated `v1,<base64 HMAC-SHA256 of "id.timestamp.body">` (two during a secret rotation), keyed
 * with the bytes of the secret after `whsec_`. A timestamp further than `toleranceSeconds` from now is refused
 * (a replayed old delivery). `body` must be the raw body as received, not re-serialized JSON.
 */
export function verifyWebhook(
  secret: string,
  headers: Record<string, string | string[] | undefined>,
  body: string,
  toleranceSeconds = 300,
): boolean {
  const one = (name: string): string | undefined => {
    const value = headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const id = one('webhook-id');
  const timestamp = one('webhook-timestamp');
  const signatures = one('webhook-signature');
  if (!id || !timestamp || !signatures || !/^\d+$/.test(timestamp)) {
    return false;
  }
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds) {
    return false;
  }
  const key = Buffer.from(secret.startsWith('whsec_') ? secret.slice(6) : secret, 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest();
  return signatures.split(' ').some((signature) => {
    const [version, value] = signature.split(',', 2);
    if (version !== 'v1' || !value) {
      return false;
    }
    const given = Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
