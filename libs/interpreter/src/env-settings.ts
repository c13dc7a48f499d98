/** Readers of one setting from the environment, shared by the apps' config modules: unset or empty gives the default. */
type Env = Record<string, string | undefined>;

/** An integer within [min, max]; anything else stops the start, naming the variable and what it must be. */
export function integerSetting(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  mustBe = `an integer from ${min} to ${max}`,
): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`${name} must be ${mustBe}, got "${raw}"`);
  return value;
}

/** One of a fixed set of words. */
export function oneOfSetting<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!allowed.includes(raw as T)) throw new Error(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}
