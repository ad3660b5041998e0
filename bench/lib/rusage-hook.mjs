// Preloaded into a spawned cdn-check (node --import) by the benchmarks: on exit, writes the process's own
// resource usage (peak RSS, CPU) to $CDN_CHECK_RUSAGE_OUT, so figures come from the kernel, not from polling.
import { writeFileSync } from 'node:fs';

const out = process.env.CDN_CHECK_RUSAGE_OUT;
if (out) process.on('exit', () => writeFileSync(out, JSON.stringify(process.resourceUsage())));
