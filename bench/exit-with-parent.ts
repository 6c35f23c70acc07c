/**
 * Preloaded (`node --import ./bench/exit-with-parent.ts ...`) into every process the benchmark
 * starts, so none outlives it: if the benchmark dies without cleaning up (even by SIGKILL), its
 * children notice they were re-parented and exit within half a second.
 */
const parent = process.ppid;

setInterval(() => {
  if (process.ppid !== parent) process.exit(1);
}, 500).unref();
