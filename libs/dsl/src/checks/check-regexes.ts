import { isSafePattern } from 'redos-detector';
import { formatCount, shortened } from '../expressions/evaluate';

/*
 * JSONata regular expression literals (`/(a+)+$/`) run as JavaScript RegExps inside the workflow, where a match that
 * backtracks catastrophically on a long input blocks the workflow task past Temporal's deadlock timeout, and the run
 * is wedged. They can only come from expression text (JSONata has no regex constructor, and `$eval` is refused), so
 * each is checked when the flow is published, with redos-detector: it counts the ways the same text can match the
 * pattern (an unanchored pattern as if it began with `[^]*?`, since a search tries every start), and refuses more
 * than MAX_SCORE. It is conservative: a pattern it cannot prove safe within its steps is refused too.
 *
 * Deterministic: redos-detector is given no timeout, only steps, so a flow gets the same answer on every publish and
 * every machine (the verdicts kept for reuse are charged as if made afresh). Fast enough: ordinary patterns take a
 * few milliseconds; one pattern may take REGEX_CHECK_STEPS steps, all the patterns of a flow FLOW_REGEX_CHECK_STEPS
 * (plus the one that goes over), and a step costs ~0.15 ms on a busy core, so a publish spends at most ~4 s on
 * them however many it holds.
 */

/** redos-detector's score above which a pattern is refused (its default): ways the same text can match. */
export const REGEX_MAX_SCORE = 200;
/** redos-detector steps one pattern may take; a pattern that needs more is refused as too complex to check. */
export const REGEX_CHECK_STEPS = 2000;
/** redos-detector steps the patterns of one flow may take together (each charged the steps it was allowed). */
export const FLOW_REGEX_CHECK_STEPS = 20_000;

/**
 * The step limits a check tries in turn, stopping at the first that decides (a pattern found safe, or over the
 * score, with fewer steps is so with more): ordinary patterns are decided within the first, and charged only it.
 */
const TRIES = [125, 250, 500, 1000, REGEX_CHECK_STEPS];

interface Verdict {
  /** Why the pattern may backtrack catastrophically; undefined when it is safe. */
  reason?: string;
  /** The steps it was charged: the sum of the limits tried. */
  steps: number;
}

/** Verdicts by flags and source, kept for reuse (a pure function of both); beyond this many, the oldest is dropped. */
const MAX_VERDICTS = 1000;
const verdicts = new Map<string, Verdict>();

function verdictOf(regex: RegExp): Verdict {
  const key = `${regex.flags}/${regex.source}`;
  let verdict = verdicts.get(key);
  if (!verdict) {
    verdict = analyse(regex);
    if (verdicts.size >= MAX_VERDICTS) verdicts.delete(verdicts.keys().next().value!);
    verdicts.set(key, verdict);
  }
  return verdict;
}

function analyse(regex: RegExp): Verdict {
  const unchecked = uncheckableConstruct(regex);
  if (unchecked) return { reason: unchecked, steps: 0 };
  let steps = 0;
  for (const maxSteps of TRIES) {
    steps += maxSteps;
    let result;
    try {
      result = isSafePattern(regex.source, {
        maxSteps,
        maxScore: REGEX_MAX_SCORE,
        timeout: Infinity,
        caseInsensitive: regex.ignoreCase,
        multiLine: regex.multiline,
        dotAll: regex.dotAll,
        unicode: regex.unicode,
      });
    } catch (err) {
      return { reason: unanalysable(regex, err), steps };
    }
    if (result.safe) return { steps };
    if (result.error === 'hitMaxScore')
      return { reason: `the same text can match it in more than ${REGEX_MAX_SCORE} ways`, steps };
  }
  return { reason: `it is too complex to check within ${formatCount(REGEX_CHECK_STEPS)} steps`, steps };
}

/**
 * What redos-detector cannot judge: it takes lookarounds and backreferences as safe, although `(?<=a+)b` or
 * `(?=(a+))\\1b` run in quadratic time on a long input. Backreferences and lookbehinds are refused outright. A
 * lookahead is accepted only in a pattern anchored at its start (`^…` without the `m` flag, so it is tried at one
 * position) and when its own body passes the check, as in `^(?=.*\\d)(?=.*[a-z]).{8,}$`. Escapes and character classes
 * are skipped, so `\\(?=` or `[(?=]` are plain characters.
 */
export function uncheckableConstruct(regex: RegExp): string | undefined {
  const { source } = regex;
  const anchored = source.startsWith('^') && !regex.multiline;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && /[1-9]/.test(next)) return `the backreference \\${next} cannot be proven safe`;
      if (!inClass && next === 'k' && source[i + 2] === '<') return 'a named backreference cannot be proven safe';
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
    } else if (c === '[') {
      inClass = true;
    } else if (source.startsWith('(?<=', i) || source.startsWith('(?<!', i)) {
      return `a lookbehind (${source.slice(i, i + 4)}…) cannot be proven safe`;
    } else if (source.startsWith('(?=', i) || source.startsWith('(?!', i)) {
      if (!anchored) return `a lookahead (${source.slice(i, i + 3)}…) is only accepted in a pattern anchored with ^`;
      const body = groupBody(source, i + 3);
      const inner = analyse(new RegExp(`^(?:${body})`, regex.flags.replace('g', '')));
      if (inner.reason)
        return `its lookahead (${source.slice(i, i + 3)}${shortened(body, 40)}) may backtrack: ${inner.reason}`;
    }
  }
  return undefined;
}

/** The text of a group from `from` (just after its opening) to its closing parenthesis. */
function groupBody(source: string, from: number): string {
  let depth = 0;
  let inClass = false;
  for (let i = from; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return source.slice(from, i);
      depth--;
    }
  }
  return source.slice(from);
}

function unanalysable(regex: RegExp, err: unknown): string {
  // redos-detector's parser knows no named groups; JSONata's $match lists groups by number anyway.
  if (/\(\?<(?![=!])/.test(regex.source)) return 'named groups cannot be checked; use plain groups, (...)';
  const detail = String((err as Error)?.message ?? err).split('\n')[0];
  return `it cannot be checked: ${detail}`;
}

/** `/(a+)+$/i` as written (JSONata adds the `g` flag itself). */
export function regexLiteral(regex: RegExp): string {
  return `/${shortened(regex.source)}/${regex.flags.replace('g', '')}`;
}

/**
 * Checks the regular expressions of one flow, each distinct pattern once, within the flow's steps. `check` gives the
 * issue's message for a pattern that is refused, or undefined when it is safe.
 */
export class RegexChecks {
  private stepsLeft = FLOW_REGEX_CHECK_STEPS;
  private readonly seen = new Map<string, string | undefined>();

  check(regex: RegExp): string | undefined {
    const key = `${regex.flags}/${regex.source}`;
    if (this.seen.has(key)) return this.seen.get(key);
    const message = this.decide(regex);
    this.seen.set(key, message);
    return message;
  }

  private decide(regex: RegExp): string | undefined {
    const verdict = this.stepsLeft > 0 ? verdictOf(regex) : undefined;
    if (!verdict || verdict.steps > this.stepsLeft) {
      // Once over, no further pattern is checked: the time a publish takes stays bounded.
      this.stepsLeft = 0;
      return (
        `regular expression ${regexLiteral(regex)} was not checked for catastrophic backtracking: the flow's ` +
        `regular expressions need more than the ${formatCount(FLOW_REGEX_CHECK_STEPS)} steps a publish may spend on them`
      );
    }
    this.stepsLeft -= verdict.steps;
    if (verdict.reason === undefined) return undefined;
    return `regular expression ${regexLiteral(regex)} may backtrack catastrophically (${verdict.reason})`;
  }
}
