const UNITS: Record<string, number> = {
  ms: 1,
  millisecond: 1,
  s: 1_000,
  sec: 1_000,
  second: 1_000,
  m: 60_000,
  min: 60_000,
  minute: 60_000,
  h: 3_600_000,
  hr: 3_600_000,
  hour: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
};

/**
 * An interval in milliseconds: a number is milliseconds already; text is a number and a unit, as the seed writes
 * it (`'1hour'`), with or without a space, singular or plural: `'500ms'`, `'10s'`, `'15 min'`, `'2 hours'`, `'1day'`.
 */
export function parseInterval(interval: string | number): number {
  if (typeof interval === 'number') {
    if (!Number.isFinite(interval) || interval <= 0) {
      throw new TypeError(`interval must be a positive number of milliseconds, got ${interval}`);
    }
    return interval;
  }
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-z]+)\s*$/i.exec(interval);
  const name = match?.[2]?.toLowerCase() ?? '';
  // 'ms' and 's' are units of their own; otherwise a trailing s is a plural ('hours', 'mins')
  const unit = UNITS[name] ?? (name.endsWith('s') ? UNITS[name.slice(0, -1)] : undefined);
  if (!match || unit === undefined) {
    throw new TypeError(`interval must be like '500ms', '10s', '15min', '1hour' or '1day', got '${interval}'`);
  }
  const ms = Math.round(Number(match[1]) * unit);
  if (ms <= 0) {
    throw new TypeError(`interval must be positive, got '${interval}'`);
  }
  return ms;
}
