#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
#
# chart.py BENCH.json OUT.png [BASELINE.json]: bar chart of duet-bench's
# ratios.
#
# One horizontal bar per row that has a ratio, on a log2 axis from 1/16 to
# 16 with a line at 1.0; the target is a black tick, the bar green when the
# target is met and red when not. With a baseline (an earlier run's JSON,
# `make bench BASELINE=...`), each row's baseline ratio is a thin grey bar
# under it and printed beside the new one. Written with nothing but the standard
# library (zlib + struct PNG writer, built-in 5x7 font): matplotlib is not
# part of the host set-up.
import json
import math
import os
import struct
import sys
import zlib

# 5x7 glyphs, one string of 5 '#'/'.' per row; lower case is drawn as upper.
FONT_SRC = {
    ' ': ".....|.....|.....|.....|.....|.....|.....",
    'A': ".###.|#...#|#...#|#####|#...#|#...#|#...#",
    'B': "####.|#...#|#...#|####.|#...#|#...#|####.",
    'C': ".###.|#...#|#....|#....|#....|#...#|.###.",
    'D': "####.|#...#|#...#|#...#|#...#|#...#|####.",
    'E': "#####|#....|#....|####.|#....|#....|#####",
    'F': "#####|#....|#....|####.|#....|#....|#....",
    'G': ".###.|#...#|#....|#.###|#...#|#...#|.####",
    'H': "#...#|#...#|#...#|#####|#...#|#...#|#...#",
    'I': ".###.|..#..|..#..|..#..|..#..|..#..|.###.",
    'J': "..###|...#.|...#.|...#.|...#.|#..#.|.##..",
    'K': "#...#|#..#.|#.#..|##...|#.#..|#..#.|#...#",
    'L': "#....|#....|#....|#....|#....|#....|#####",
    'M': "#...#|##.##|#.#.#|#.#.#|#...#|#...#|#...#",
    'N': "#...#|#...#|##..#|#.#.#|#..##|#...#|#...#",
    'O': ".###.|#...#|#...#|#...#|#...#|#...#|.###.",
    'P': "####.|#...#|#...#|####.|#....|#....|#....",
    'Q': ".###.|#...#|#...#|#...#|#.#.#|#..#.|.##.#",
    'R': "####.|#...#|#...#|####.|#.#..|#..#.|#...#",
    'S': ".####|#....|#....|.###.|....#|....#|####.",
    'T': "#####|..#..|..#..|..#..|..#..|..#..|..#..",
    'U': "#...#|#...#|#...#|#...#|#...#|#...#|.###.",
    'V': "#...#|#...#|#...#|#...#|#...#|.#.#.|..#..",
    'W': "#...#|#...#|#...#|#.#.#|#.#.#|#.#.#|.#.#.",
    'X': "#...#|#...#|.#.#.|..#..|.#.#.|#...#|#...#",
    'Y': "#...#|#...#|.#.#.|..#..|..#..|..#..|..#..",
    'Z': "#####|....#|...#.|..#..|.#...|#....|#####",
    '0': ".###.|#...#|#..##|#.#.#|##..#|#...#|.###.",
    '1': "..#..|.##..|..#..|..#..|..#..|..#..|.###.",
    '2': ".###.|#...#|....#|...#.|..#..|.#...|#####",
    '3': "#####|...#.|..#..|...#.|....#|#...#|.###.",
    '4': "...#.|..##.|.#.#.|#..#.|#####|...#.|...#.",
    '5': "#####|#....|####.|....#|....#|#...#|.###.",
    '6': "..##.|.#...|#....|####.|#...#|#...#|.###.",
    '7': "#####|....#|...#.|..#..|.#...|.#...|.#...",
    '8': ".###.|#...#|#...#|.###.|#...#|#...#|.###.",
    '9': ".###.|#...#|#...#|.####|....#|...#.|.##..",
    '.': ".....|.....|.....|.....|.....|.##..|.##..",
    ',': ".....|.....|.....|.....|.##..|..#..|.#...",
    ':': ".....|.##..|.##..|.....|.##..|.##..|.....",
    '-': ".....|.....|.....|#####|.....|.....|.....",
    '+': ".....|..#..|..#..|#####|..#..|..#..|.....",
    '=': ".....|.....|#####|.....|#####|.....|.....",
    '/': ".....|....#|...#.|..#..|.#...|#....|.....",
    '<': "...#.|..#..|.#...|#....|.#...|..#..|...#.",
    '>': ".#...|..#..|...#.|....#|...#.|..#..|.#...",
    '%': "##...|##..#|...#.|..#..|.#...|#..##|...##",
    '(': "...#.|..#..|.#...|.#...|.#...|..#..|...#.",
    ')': ".#...|..#..|...#.|...#.|...#.|..#..|.#...",
    '*': ".....|..#..|#.#.#|.###.|#.#.#|..#..|.....",
    '_': ".....|.....|.....|.....|.....|.....|#####",
    '?': ".###.|#...#|....#|...#.|..#..|.....|..#..",
}
FONT = {c: [row for row in g.split('|')] for c, g in FONT_SRC.items()}
SCALE = 2                     # font pixel size
CW, CH = 6 * SCALE, 8 * SCALE  # character cell

WHITE = (255, 255, 255)
BLACK = (0, 0, 0)
GREY = (160, 160, 160)
LIGHT = (225, 225, 225)
GREEN = (60, 160, 80)
RED = (210, 70, 60)
BLUE = (90, 120, 200)


class Canvas:
    def __init__(self, w, h):
        self.w, self.h = w, h
        self.px = bytearray(WHITE * (w * h))

    def rect(self, x0, y0, x1, y1, color):
        x0, x1 = max(0, int(x0)), min(self.w, int(x1))
        y0, y1 = max(0, int(y0)), min(self.h, int(y1))
        if x1 <= x0:
            return
        row = bytes(color) * (x1 - x0)
        for y in range(y0, y1):
            i = 3 * (y * self.w + x0)
            self.px[i:i + len(row)] = row

    def text(self, x, y, s, color=BLACK):
        for ch in s:
            glyph = FONT.get(ch.upper(), FONT['?'])
            for r, bits in enumerate(glyph):
                for c, b in enumerate(bits):
                    if b == '#':
                        self.rect(x + c * SCALE, y + r * SCALE,
                                  x + (c + 1) * SCALE, y + (r + 1) * SCALE,
                                  color)
            x += CW

    def png(self):
        raw = b''.join(b'\0' + bytes(self.px[3 * y * self.w:3 * (y + 1) * self.w])
                       for y in range(self.h))

        def chunk(kind, data):
            c = kind + data
            return (struct.pack('>I', len(data)) + c +
                    struct.pack('>I', zlib.crc32(c) & 0xffffffff))
        return (b'\x89PNG\r\n\x1a\n' +
                chunk(b'IHDR', struct.pack('>IIBBBBB', self.w, self.h, 8, 2, 0, 0, 0)) +
                chunk(b'IDAT', zlib.compress(raw, 9)) +
                chunk(b'IEND', b''))


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit('usage: chart.py BENCH.json OUT.png [BASELINE.json]')
    with open(sys.argv[1]) as f:
        data = json.load(f)
    rows = [r for r in data['rows'] if r.get('ratio') is not None]
    base = {}
    if len(sys.argv) == 4:
        with open(sys.argv[3]) as f:
            base = {(r['bench'], r['metric']): r['ratio']
                    for r in json.load(f)['rows'] if r.get('ratio') is not None}

    label_chars = 52
    lx = 10
    ax0 = lx + label_chars * CW + 10     # left of the axis
    aw = 560                              # axis width
    rh = CH + 10                          # row height
    top = 20 + 2 * CH + 20
    h = top + rh * len(rows) + 3 * CH + 10
    w = ax0 + aw + (20 if base else 10) * CW
    cv = Canvas(w, h)

    lo, hi = -4.0, 4.0                    # log2 range

    def xpos(ratio):
        v = math.log2(min(max(ratio, 2 ** lo), 2 ** hi))
        return ax0 + (v - lo) / (hi - lo) * aw

    cv.text(lx, 10, 'duet-bench (%s, kernel %s): Duet / reference, log scale'
            % (data.get('mode', '?'), data.get('kernel', '?')))
    cv.text(lx, 10 + CH + 4, 'green: target met, red: missed, black tick: target' +
            (', grey: baseline %s' % os.path.basename(sys.argv[3]) if base else ''))
    for e in range(int(lo), int(hi) + 1):
        x = xpos(2 ** e)
        cv.rect(x, top - 4, x + 1, top + rh * len(rows), GREY if e else BLACK)
        lab = ('%gx' % 2 ** e) if e >= 0 else ('1/%dx' % 2 ** -e)
        cv.text(x - len(lab) * CW / 2, top + rh * len(rows) + 6, lab, GREY)
    for i, r in enumerate(rows):
        y = top + i * rh
        if i % 2:
            cv.rect(lx, y, ax0 - 4, y + rh, LIGHT)
        label = '%s: %s' % (r['bench'], r['metric'])
        if len(label) > label_chars:
            label = label[:label_chars - 1] + '*'
        cv.text(lx, y + 5, label)
        met = r.get('met')
        color = GREEN if met else RED if met is False else BLUE
        x1 = xpos(1.0)
        x = xpos(r['ratio'])
        cv.rect(min(x, x1), y + 3, max(x, x1) + 1, y + rh - 3, color)
        t = r.get('target') or {}
        for key in ('lo', 'hi'):
            if t.get(key) is not None and t.get('kind') != 'none':
                tx = xpos(t[key])
                cv.rect(tx - 1, y + 1, tx + 2, y + rh - 1, BLACK)
        old = base.get((r['bench'], r['metric']))
        if old is not None:
            xo = xpos(old)
            cv.rect(min(xo, x1), y + rh - 5, max(xo, x1) + 1, y + rh - 1, GREY)
        cv.text(ax0 + aw + 10, y + 5, '%.2fx' % r['ratio'] +
                ('' if old is None else ' (%.2fx)' % old))
    with open(sys.argv[2], 'wb') as f:
        f.write(cv.png())


if __name__ == '__main__':
    main()
