/**
 * A private `redis-server` for the crash test, so that Redis can really be killed and restarted
 * without touching the machine's shared server. It runs as a child process on a free port with AOF
 * persistence into its own directory (`--appendonly yes --appendfsync always`, no RDB snapshots): every
 * acknowledged write is on disk before the reply, as on a production Redis with AOF, so queued jobs
 * survive a crash (SIGKILL) and restart.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';
import net from 'node:net';

/** A running private Redis. */
export interface PrivateRedis {
  readonly url: string;
  readonly port: number;
  /** SIGKILLs the server (a crash), waits `downMs`, starts it again on the same port and AOF. */
  crashAndRestart(downMs: number): Promise<{ readonly downMs: number; readonly loadMs: number }>;
  /** Kills the server for good. */
  stop(): Promise<void>;
}

/** True when `redis-server` can be started. */
export function redisServerOnPath(): boolean {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Resolves with a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** One PING; resolves true on PONG (false while refused or loading the AOF). */
function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.on('error', () => done(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (d) => {
      answer += d.toString();
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
  });
}

async function waitReady(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ping(port))) {
    if (Date.now() > deadline)
      throw new Error(`private redis-server on ${port} not ready in ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function kill9(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

/** Starts a private redis-server persisting into `dir` (which must exist). */
export async function startPrivateRedis(dir: string): Promise<PrivateRedis> {
  const port = await freePort();
  const args = [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--save',
    '',
    '--appendonly',
    'yes',
    '--appendfsync',
    'always',
    '--dir',
    dir,
    '--logfile',
    'redis.log',
  ];
  let child: ChildProcess = spawn('redis-server', args, { stdio: 'ignore' });
  // Never leave the server behind, whatever happens to this process.
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  await waitReady(port, 10_000);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    async crashAndRestart(downMs) {
      const began = Date.now();
      await kill9(child);
      await new Promise((r) => setTimeout(r, downMs));
      child = spawn('redis-server', args, { stdio: 'ignore' });
      const started = Date.now();
      await waitReady(port, 30_000);
      return { downMs: Date.now() - began, loadMs: Date.now() - started };
    },
    async stop() {
      process.removeListener('exit', onExit);
      await kill9(child);
    },
  };
}
