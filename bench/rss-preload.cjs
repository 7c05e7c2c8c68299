/**
 * Preloaded into a measured process (`node --require`): at exit, writes its peak resident set size in KiB
 * (process.resourceUsage().maxRSS) and the CPU time it used in microseconds (user + system), separated by a space,
 * to the file named by FCINVOKE_BENCH_RSS_FILE.
 */
'use strict';
const { writeFileSync } = require('node:fs');

const file = process.env.FCINVOKE_BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(file, `${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}`);
  });
}
