// Cleanup for the processes the test tools start, when the run ends in any way but a SIGKILL.

/**
 * Calls `cleanup` when this process exits or is told to stop (SIGTERM, SIGHUP), whatever else
 * handles those; returns a function that undoes this.
 */
export function atExit(cleanup) {
  // Never throws: other cleanups (and the signal's default action) must still run.
  const kill = () => {
    try {
      cleanup();
    } catch (error) {
      console.error(error);
    }
  };
  const onSignal = (signal) => {
    kill();
    // Nothing else handles the signal: end the process, as it would have ended without us.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  process.once('exit', kill);
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  return () => {
    process.off('exit', kill);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
  };
}
