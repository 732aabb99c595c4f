import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { connect } from 'node:net';

/** Whether `redis-server` is on PATH; the scale tests fail with this hint when it is not. */
export function requireRedisServer(): void {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error('redis-server is not on PATH: the scale tests start their own on 127.0.0.1:6390 (apt-get install -y redis-server; .ci/run does)');
  }
}

function pong(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(200, () => socket.destroy());
    socket.on('error', () => resolve(false));
    socket.on('close', () => resolve(false));
    socket.on('connect', () => socket.write('PING\r\n'));
    socket.on('data', (data) => {
      resolve(data.toString().startsWith('+PONG'));
      socket.destroy();
    });
  });
}

/** A `redis-server` child process of the test, on loopback. */
export interface RedisChild {
  url: string;
  /** SIGKILLs the server and waits for it to exit: an outage, not a shutdown. */
  kill: () => Promise<void>;
}

/**
 * Starts `redis-server --port <port>` with `args` as a child process and waits until it
 * answers PING. With `--appendonly yes --appendfsync always --dir <tmp>` its data survives a kill.
 */
export async function startRedis(port: number, args: string[]): Promise<RedisChild> {
  const child: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--daemonize', 'no', ...args], { stdio: 'ignore' });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(await pong(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`redis-server on port ${port} did not start (is the port taken?)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url: `redis://127.0.0.1:${port}/0`,
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}
