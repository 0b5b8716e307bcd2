# The sampler's CSV (cpu-timeline-sampler.py) averaged over STEP seconds (1.0), from just before the client's start.
#   python3 bench/scripts/cpu-timeline.py OUT.csv [STEP]
import sys, csv
rows = list(csv.DictReader(open(sys.argv[1])))
step = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
cols = ['client', 'collector', 'preprocessor', 'aggregator', 'broker', 'bench', 'box_busy', 'box_other']
start = next(i for i, r in enumerate(rows) if int(r['client']) > 0)
start = max(0, start - 4)
print('t(s)  ' + ' '.join(f'{c[:7]:>7}' for c in cols))
buf = []; t0 = float(rows[start]['t'])
for r in rows[start:]:
    buf.append(r)
    if float(r['t']) - float(buf[0]['t']) >= step - 0.01:
        avg = [sum(float(b[c]) for b in buf) / len(buf) for c in cols]
        print(f"{float(buf[0]['t']) - t0:5.1f} " + ' '.join(f'{a:7.0f}' for a in avg)); buf = []
