#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
#
# compare.py BEFORE.json AFTER.json: what a change did to duet-bench's rows.
#
# Rows are matched by bench and metric. Each line shows the value before
# and after, the change of the value in per cent, and the ratio to the
# reference before and after (the ratio is what counts on an emulator whose
# absolute speed moves between runs); a target's verdict after the change
# is shown as met/MISSED. Rows only in one file are listed as new or gone.
# Exit status 0, or 2 for files that are not duet-bench JSON.
import json
import math
import sys


def fail(msg):
    print('compare.py: ' + msg, file=sys.stderr)
    sys.exit(2)


def load(path):
    try:
        with open(path) as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        fail('%s: %s' % (path, e))
    if not isinstance(data, dict) or data.get('tool') != 'duet-bench' or \
            not isinstance(data.get('rows'), list):
        fail('%s: not a duet-bench JSON file' % path)
    return data


def key(row):
    return (row['bench'], row['metric'])


def num(v, fmt='%.4g'):
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return '-'
    return fmt % v


def change(before, after):
    if before in (None, 0) or after is None:
        return '-'
    return '%+.1f%%' % (100.0 * (after - before) / abs(before))


def verdict(row):
    met = row.get('met')
    return '' if met is None else 'met' if met else 'MISSED'


def compare(before, after):
    """The comparison as a list of lines."""
    old = {key(r): r for r in before['rows']}
    new = {key(r): r for r in after['rows']}
    head = ('row', 'unit', 'before', 'after', 'change', 'ratio before',
            'ratio after', 'target')
    table = []
    for r in after['rows']:
        o = old.get(key(r))
        name = '%s: %s' % key(r)
        if o is None:
            table.append((name, r['unit'], 'new', num(r['value']), '-', '-',
                          num(r.get('ratio'), '%.2fx'), verdict(r)))
            continue
        table.append((name, r['unit'], num(o['value']), num(r['value']),
                      change(o['value'], r['value']),
                      num(o.get('ratio'), '%.2fx'),
                      num(r.get('ratio'), '%.2fx'), verdict(r)))
    for r in before['rows']:
        if key(r) not in new:
            table.append(('%s: %s' % key(r), r['unit'], num(r['value']),
                          'gone', '-', num(r.get('ratio'), '%.2fx'), '-', ''))
    widths = [max(len(str(c[i])) for c in [head] + table)
              for i in range(len(head))]
    lines = ['before: %s (%s, kernel %s)' % (sys.argv[1], before.get('mode'),
                                             before.get('kernel')),
             'after:  %s (%s, kernel %s)' % (sys.argv[2], after.get('mode'),
                                             after.get('kernel'))]
    for c in [head] + table:
        lines.append('  '.join(str(v).ljust(w) if i == 0 else str(v).rjust(w)
                               for i, (v, w) in enumerate(zip(c, widths))).rstrip())
    return lines


def main():
    if len(sys.argv) != 3:
        fail('usage: compare.py BEFORE.json AFTER.json')
    print('\n'.join(compare(load(sys.argv[1]), load(sys.argv[2]))))


if __name__ == '__main__':
    main()
