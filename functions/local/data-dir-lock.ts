/**
 * One process at a time per data folder: dynalite's LevelDB store cannot be opened twice (the
 * second process crashes on its first request) and fauxqs keeps its state in memory, writing it
 * through to SQLite, so two processes would silently diverge. A lock file holding the owner's
 * pid; a lock whose process is gone is taken over.
 */
import { mkdir, open, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

const LOCK_FILE = 'switchyard.lock';
/** Lock files this process holds: a lock naming our own pid is stale unless it is one of them. */
const held = new Set<string>();

export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
}

export interface DataDirLock {
  release(): Promise<void>;
}

export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      held.add(path);
      return {
        release: async () => {
          if (!held.delete(path)) return;
          await rm(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
      const inUse = owner === process.pid ? held.has(path) : owner > 0 && isAlive(owner);
      if (inUse) {
        throw new DataDirLockedError(
          `${dataDir} is in use by another Switchyard process (pid ${owner}). Stop it, or run this one with SWITCHYARD_IN_MEMORY=1 or another SWITCHYARD_DATA_DIR.`,
        );
      }
      await rm(path, { force: true });
    }
  }
  throw new DataDirLockedError(`could not lock ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
