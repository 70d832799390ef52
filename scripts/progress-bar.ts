/**
 * @module scripts/progress-bar
 * A one-line text progress bar for command-line tools: redrawn in place on a
 * terminal, a line per quarter otherwise (logs, CI), so it never floods.
 */
import type { WriteStream } from 'node:tty';

const WIDTH = 30;

export const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes < 10 * 2 ** 20 ? 2 : 1)} MiB`;

export function progressBar(label: string, total: number, out: NodeJS.WriteStream | WriteStream = process.stderr) {
  let lastQuarter = -1;
  const line = (done: number) => {
    const ratio = total > 0 ? Math.min(1, done / total) : 1;
    const filled = Math.round(ratio * WIDTH);
    return `${label} [${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${mib(done)} / ${mib(total)}`;
  };
  return {
    update(done: number) {
      if (out.isTTY) {
        out.write(`\r${line(done)}`);
        return;
      }
      const quarter = total > 0 ? Math.floor((Math.min(done, total) / total) * 4) : 4;
      if (quarter !== lastQuarter) {
        lastQuarter = quarter;
        out.write(`${line(done)}\n`);
      }
    },
    done() {
      if (out.isTTY) out.write('\n');
    },
  };
}
