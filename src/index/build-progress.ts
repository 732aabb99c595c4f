import { SingleBar } from 'cli-progress';
import type { BuildProgress } from './ensure-index';

/** Where a command writes: the process's streams, or buffers in tests. */
export interface CommandIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Whether stdout is a terminal (colours instead of brackets). */
  stdoutIsTTY: boolean;
}

/** The process's own streams. */
export function processIo(): CommandIo {
  return { stdout: process.stdout, stderr: process.stderr, stdoutIsTTY: process.stdout.isTTY === true };
}

const STAGE_NAMES: Record<BuildProgress['stage'], string> = { read: 'reading files', analyze: 'analysing', write: 'writing index' };

/**
 * Shows index build progress on stderr: a `cli-progress` bar per stage on a terminal, one line
 * per stage (and per 10%) otherwise, so logs stay readable.
 */
export function buildProgress(io: CommandIo): { update: (progress: BuildProgress) => void; stop: () => void } {
  const tty = io.stderr.isTTY === true;
  let stage: BuildProgress['stage'] | null = null;
  let bar: SingleBar | null = null;
  let lastTenth = -1;
  const stop = (): void => {
    bar?.stop();
    bar = null;
  };
  return {
    update(progress) {
      if (progress.stage !== stage) {
        stop();
        stage = progress.stage;
        lastTenth = -1;
        if (tty) {
          bar = new SingleBar({ stream: io.stderr as NodeJS.WriteStream, format: `${STAGE_NAMES[stage].padEnd(14)} [{bar}] {percentage}% | {value}/{total} | {eta_formatted} left`, hideCursor: true });
          bar.start(progress.total, progress.done);
        }
      }
      if (bar) {
        bar.setTotal(progress.total);
        bar.update(progress.done);
        return;
      }
      const tenth = progress.total === 0 ? 10 : Math.floor((10 * progress.done) / progress.total);
      if (tenth !== lastTenth) {
        lastTenth = tenth;
        io.stderr.write(`${STAGE_NAMES[progress.stage]}: ${progress.done}/${progress.total}\n`);
      }
    },
    stop,
  };
}
