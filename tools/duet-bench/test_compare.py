#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
#
# test_compare.py: TAP tests of compare.py and chart.py's baseline, on
# made-up duet-bench JSON (no VM): a row that doubled, a new and a gone
# row, a target verdict, refused input, and a chart that draws the
# baseline.
import collections
import json
import os
import struct
import subprocess
import sys
import tempfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
n = 0
failed = 0


def check(name, cond, detail=''):
    global n, failed
    n += 1
    print('%s %d - bench-compare/%s' % ('ok' if cond else 'not ok', n, name))
    if not cond:
        failed += 1
        for line in str(detail).splitlines():
            print('# ' + line)


def row(bench, metric, value, ratio, met=None):
    return {'bench': bench, 'metric': metric, 'unit': 'us', 'value': value,
            'reference': 'floor', 'ref': value / ratio, 'ratio': ratio,
            'target': {'kind': 'max', 'lo': 1.3, 'hi': None}, 'met': met}


def bench(rows):
    return {'tool': 'duet-bench', 'mode': 'smoke', 'kernel': 'test',
            'seconds': 1.0, 'rows': rows}


def run(*args):
    p = subprocess.run([sys.executable] + list(args), capture_output=True,
                       text=True)
    return p.returncode, p.stdout + p.stderr


def png_pixels(path):
    """Width, height and the pixel count per RGB colour of an 8-bit RGB PNG."""
    data = open(path, 'rb').read()
    pos, idat, w, h = 8, b'', 0, 0
    while pos < len(data):
        ln, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + ln]
        if kind == b'IHDR':
            w, h = struct.unpack('>II', body[:8])
        elif kind == b'IDAT':
            idat += body
        pos += 12 + ln
    raw = zlib.decompress(idat)
    colours = collections.Counter()
    stride = 1 + 3 * w
    for y in range(h):
        line = raw[y * stride + 1:(y + 1) * stride]
        colours.update(bytes(line[i:i + 3]) for i in range(0, len(line), 3))
    return w, h, colours


def main():
    d = tempfile.mkdtemp()
    old, new, bad = (os.path.join(d, f) for f in ('old.json', 'new.json', 'bad.json'))
    json.dump(bench([row('submit', 'render median', 100.0, 2.0, False),
                     row('submit', 'dropped', 5.0, 1.0)]), open(old, 'w'))
    json.dump(bench([row('submit', 'render median', 200.0, 4.0, False),
                     row('submit', 'added', 7.0, 1.1, True)]), open(new, 'w'))
    json.dump({'rows': []}, open(bad, 'w'))
    compare = os.path.join(HERE, 'compare.py')
    chart = os.path.join(HERE, 'chart.py')

    rc, out = run(compare, old, new)
    check('exit-status', rc == 0, out)
    lines = {ln.split('  ')[0]: ln.split() for ln in out.splitlines()}
    med = lines.get('submit: render median', [])
    check('matched-row', med[-6:] == ['100', '200', '+100.0%', '2.00x',
                                       '4.00x', 'MISSED'], out)
    check('new-row', 'new' in lines.get('submit: added', []) and
          lines.get('submit: added', [])[-1] == 'met', out)
    check('gone-row', 'gone' in lines.get('submit: dropped', []), out)
    rc, out = run(compare, bad, new)
    check('refuses-other-json', rc == 2 and 'not a duet-bench' in out, out)
    rc, out = run(compare, os.path.join(d, 'missing.json'), new)
    check('refuses-missing-file', rc == 2, out)

    plain, both = os.path.join(d, 'plain.png'), os.path.join(d, 'both.png')
    rc1, out1 = run(chart, new, plain)
    rc2, out2 = run(chart, new, both, old)
    check('chart-draws', rc1 == 0 and rc2 == 0, out1 + out2)
    if rc1 == 0 and rc2 == 0:
        w1, _, c1 = png_pixels(plain)
        w2, _, c2 = png_pixels(both)
        grey = bytes((160, 160, 160))
        # The axis lines are grey too: the baseline bars add grey pixels
        # (and the wider image its ratios beside the rows).
        check('chart-shows-baseline', w2 > w1 and c2[grey] > c1[grey] + 50,
              (w1, w2, c1[grey], c2[grey]))
    print('1..%d' % n)
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
