// Started (detached) by a test run (the chaos suite; jest's dev server): once that process is gone, however it went
// (a failure, Ctrl-C, kill -9 of jest), SIGKILLs what it still had running: the targets in <list file>, one a line (a negative
// number is a process group). Usage: node reaper.mjs <suite pid> <list file>
import { readFileSync } from 'node:fs';
import { setInterval } from 'node:timers';

const [suitePid, listFile] = process.argv.slice(2);

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

setInterval(() => {
  if (alive(Number(suitePid))) return;
  let targets = [];
  try {
    targets = readFileSync(listFile, 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    // no list: the suite cleaned up and removed it
  }
  for (const target of targets) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  process.exit(0);
}, 500);
