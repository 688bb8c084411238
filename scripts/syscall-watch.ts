/**
 * Watches another process's main thread from outside (Linux, `/proc/<pid>/syscall`; needs the same
 * user or root) and records the system calls it stayed blocked in: what a stalled event loop was
 * waiting for (an fsync of the SQLite WAL, a write, a futex of a GC safepoint…), which the stalled
 * process cannot observe itself. Polls every few ms; spans shorter than `minMs` are ignored.
 */
import fs from 'node:fs';

/** x86-64 numbers of the calls worth naming (others are shown by number). */
const NAMES: Record<number, string> = {
  0: 'read',
  1: 'write',
  3: 'close',
  17: 'pread64',
  18: 'pwrite64',
  19: 'readv',
  20: 'writev',
  74: 'fsync',
  75: 'fdatasync',
  76: 'truncate',
  77: 'ftruncate',
  82: 'rename',
  87: 'unlink',
  202: 'futex',
  257: 'openat',
  262: 'newfstatat',
  285: 'fallocate',
};
/** Waiting for events is the idle loop, not a stall. */
const IDLE = new Set([7, 23, 232, 270, 271, 281, 441]);

/** One blocking system call. */
export interface BlockedCall {
  readonly at: number;
  readonly ms: number;
  readonly call: string;
  /** The file of the call's first argument, when it is a file descriptor. */
  readonly file: string | null;
}

/** Starts watching `pid`; null when its /proc/<pid>/syscall cannot be read. */
export function startSyscallWatch(pid: number, minMs = 50, everyMs = 4) {
  const path = `/proc/${pid}/syscall`;
  try {
    fs.readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  let spans: BlockedCall[] = [];
  let current: { key: string; start: number; call: string; file: string | null } | null = null;
  const close = (now: number) => {
    if (current && now - current.start >= minMs)
      spans.push({ at: current.start, ms: now - current.start, call: current.call, file: current.file });
    current = null;
  };
  const timer = setInterval(() => {
    const now = Date.now();
    let fields: string[];
    try {
      fields = fs.readFileSync(path, 'utf8').trim().split(' ');
    } catch {
      return clearInterval(timer);
    }
    const nr = Number(fields[0]);
    if (fields[0] === 'running' || !Number.isFinite(nr) || IDLE.has(nr)) return close(now);
    const fd = Number.parseInt(fields[1] ?? '', 16);
    const key = `${nr}:${fd}`;
    if (current?.key === key) return;
    close(now);
    let file: string | null = null;
    try {
      file = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      file = null;
    }
    current = { key, start: now, call: NAMES[nr] ?? `syscall ${nr}`, file };
  }, everyMs);
  timer.unref();
  return {
    /** The blocking calls since the last take, longest first. */
    take(): BlockedCall[] {
      const out = spans.sort((a, b) => b.ms - a.ms);
      spans = [];
      return out;
    },
    stop: () => clearInterval(timer),
  };
}
