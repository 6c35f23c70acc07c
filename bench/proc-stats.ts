/**
 * A process's resident memory and CPU time, read from Linux's /proc: what the benchmark reports
 * for the proxy under test without asking the process anything.
 */
import { readFileSync } from 'node:fs';

/** Resident set size in MB (10^6 bytes) from VmRSS, which Linux gives in KiB. */
export function rssMB(pid: number): number {
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  if (!match?.[1]) throw new Error(`no VmRSS for pid ${pid}`);
  return (Number(match[1]) * 1024) / 1e6;
}

const CLOCK_TICKS_PER_SECOND = 100;

/** User plus system CPU time in milliseconds (fields 14 and 15 of /proc/PID/stat). */
export function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

export interface RssSampler {
  /** Highest RSS seen so far, in MB. */
  peak(): number;
  stop(): number;
}

/** Samples a process's RSS every `intervalMs` until stopped; `stop` returns the peak. */
export function sampleRss(pid: number, intervalMs = 50): RssSampler {
  let peak = rssMB(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMB(pid));
  }, intervalMs);
  return {
    peak: () => peak,
    stop: () => {
      clearInterval(timer);
      peak = Math.max(peak, rssMB(pid));
      return peak;
    },
  };
}
