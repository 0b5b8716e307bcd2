# CPU timeline of a bench (benchmarks.md, "import, session 15"): every 0.25 s, CPU in % of one core of ROOTPID's
# descendants by stage (by command line), and the whole box's. A stage's column: the utime + stime ticks (1/100 s) its
# processes (all their threads) used since the last read, divided by the nominal 0.25 s, not the time between reads,
# which the /proc walk on a busy box stretches to 0.26-0.29 s: the stage columns read ~4-16 % high and can add up to
# more than the box's. box_busy: /proc/stat's busy share of all jiffies x cores (every process on the box, the other
# helpers' too; it holds the stage columns, it is not one more); box_other: box_busy less this bench's processes.
#   python3 bench/scripts/cpu-timeline-sampler.py ROOTPID OUT.csv  (then: python3 bench/scripts/cpu-timeline.py OUT.csv 1.3)
import os, sys, time
root, out = int(sys.argv[1]), sys.argv[2]
HZ = os.sysconf('SC_CLK_TCK')
def procs():
    res = {}
    for d in os.listdir('/proc'):
        if not d.isdigit(): continue
        try:
            st = open(f'/proc/{d}/stat').read()
            rest = st[st.rindex(')') + 2:].split()
            ppid = int(rest[1]); cpu = int(rest[11]) + int(rest[12])
            cmd = open(f'/proc/{d}/cmdline').read().replace('\0', ' ')
            res[int(d)] = (ppid, cpu, cmd)
        except Exception: pass
    return res
def stage(cmd):
    for k, n in (('main.js import', 'client'), ('collector', 'collector'), ('preprocessor', 'preprocessor'),
                 ('aggregator', 'aggregator'), ('pipeline.bench', 'bench')):
        if k in cmd: return n
    if 'kafka' in cmd.lower() or 'broker' in cmd.lower(): return 'broker'
    return 'other'
def box():
    f = open('/proc/stat').readline().split()[1:]
    v = list(map(int, f)); return sum(v) - v[3] - v[4], sum(v)
names = ['client', 'collector', 'preprocessor', 'aggregator', 'broker', 'bench', 'other']
f = open(out, 'w'); f.write('t,' + ','.join(names) + ',box_busy,box_other\n')
prev = {}; pb = box(); t0 = time.time()
while os.path.exists(f'/proc/{root}'):
    time.sleep(0.25)
    ps = procs(); kids = {root}; changed = True
    while changed:
        changed = False
        for p, (pp, _, _) in ps.items():
            if pp in kids and p not in kids: kids.add(p); changed = True
    acc = dict.fromkeys(names, 0.0); mine = 0
    for p in kids:
        if p not in ps: continue
        pp, cpu, cmd = ps[p]
        d = cpu - prev.get(p, cpu if p in prev else 0) if p in prev else 0
        prev[p] = cpu
        acc[stage(cmd)] += d; mine += d
    b = box(); busy = b[0] - pb[0]; tot = b[1] - pb[1]; pb = b
    ncpu = os.cpu_count(); dt = 0.25
    row = [f'{time.time() - t0:.2f}'] + [f'{100 * acc[n] / HZ / dt:.0f}' for n in names]
    boxbusy = 100 * ncpu * busy / tot if tot else 0
    row += [f'{boxbusy:.0f}', f'{boxbusy - 100 * mine / HZ / dt:.0f}']
    f.write(','.join(row) + '\n'); f.flush()
