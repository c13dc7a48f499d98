/**
 * How sure a latency ratio is: each sample pairs one run of each side, taken one right after the other, so the
 * machine's drift (its speed here changes by 10-20 % within minutes) cancels in the pair's ratio. The interval is that
 * of the mean log ratio (normal approximation), given back as ratios.
 */
export function pairedRatioInterval(ours: number[], theirs: number[]): { low: number; high: number } {
  const logs = ours.map((value, i) => Math.log(value / theirs[i]));
  const mean = logs.reduce((sum, value) => sum + value, 0) / logs.length;
  const variance = logs.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (logs.length - 1);
  const halfWidth = 1.96 * Math.sqrt(variance / logs.length);
  return { low: Math.exp(mean - halfWidth), high: Math.exp(mean + halfWidth) };
}
