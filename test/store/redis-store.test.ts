import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/** The compiled command line (`npm test` builds it first). */
const CLI = path.resolve(__dirname, '../../dist/src/cli/main.js');

describe('redis', () => {
  it('is not loaded with the command line and the service, only when a store is used', () => {
    const loaded = execFileSync(process.execPath, ['-e', `require(${JSON.stringify(CLI)}); process.stdout.write(String(Object.keys(require.cache).filter((file) => file.includes('@redis')).length))`, 'help']);
    expect(loaded.toString()).toBe('0');
  });
});
