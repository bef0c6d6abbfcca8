/**
 * CPU time of a process's threads from /proc (Linux): its main thread (the
 * one whose id is the process's) and all the others together. The proxy's
 * relay runs on the main thread, so the split shows what it costs per byte,
 * whatever the machine's load did to the wall-clock figure.
 */
import fs from 'node:fs';

/** Seconds of user + system CPU, the main thread's and the other threads' together. */
export interface ThreadCpu {
  main: number;
  others: number;
}

/** The CPU `pid`'s threads used so far; zeros when the process is gone. */
export function threadCpu(pid: number): ThreadCpu {
  const ticksPerSecond = 100; // USER_HZ, 100 on every Linux architecture Node runs on
  const cpu: ThreadCpu = { main: 0, others: 0 };
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return cpu;
  }
  for (const tid of tasks) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    } catch {
      continue; // the thread ended meanwhile
    }
    // Fields after the command name, which may hold spaces, in parentheses: utime and stime are the 12th and 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const seconds = (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
    if (Number(tid) === pid) cpu.main += seconds;
    else cpu.others += seconds;
  }
  return cpu;
}
