# SPDX-License-Identifier: MIT
#
# accel-audit.awk: turns either auditor's raw log into one common form, so
# that the mesa suite can compare them. POSIX awk (Debian's mawk).
#
#   awk -v src=guard  -f accel-audit.awk GUARD_LOG
#   awk -v src=strace -f accel-audit.awk STRACE_PREFIX.*   (strace -ff files)
#
# Output, one record a line, fields without spaces:
#   proc PID PPID EXE END        a process the auditor saw (strace: one it
#                                followed, with its own -ff file; END: exit,
#                                exited:N, killed:SIGNAME, or -)
#   acc PID RESULT PATH VIA EXE  an open or attempted open of an accel path
#                                by process PID (RESULT: ok or an errno
#                                name; VIA: the call and, for the guard,
#                                the library and symbol that made it)
#   look PID SYSCALL TEXT        strace only: another file syscall naming
#                                an accel path (stat, access, readlink...;
#                                includes accel-guard's own realpath/stat
#                                of a path being opened); not counted
#
# The accel path rules are the guard's (accel_name() in accel_guard.c):
# /dev/accel, /sys/class/accel, /dev/char/261:N, /sys/dev/char/261:N or
# below, a sysfs ".../accel/accelN" directory; and for strace a
# successful open whose fd -yy decodes as a char device of major 261 or
# whose real path (the -yy decoration) matches the rules.

function under(p, d) {
	return substr(p, 1, length(d)) == d &&
	       (length(p) == length(d) || substr(p, length(d) + 1, 1) == "/")
}

function accel_name(p) {
	if (under(p, "/dev/accel") || under(p, "/sys/class/accel"))
		return 1
	if (p ~ /^\/dev\/char\/261:[0-9]+(\/|$)/ ||
	    p ~ /^\/sys\/dev\/char\/261:[0-9]+(\/|$)/)
		return 1
	return p ~ /^\/sys\// && p ~ /\/accel\/accel[0-9]/
}

# Clean an absolute path: "//", "/./", "/x/..".
function clean(p,   n, a, i, out, k, st) {
	n = split(p, a, "/")
	k = 0
	for (i = 1; i <= n; i++) {
		if (a[i] == "" || a[i] == ".")
			continue
		if (a[i] == "..") {
			if (k > 0)
				k--
			continue
		}
		st[++k] = a[i]
	}
	out = ""
	for (i = 1; i <= k; i++)
		out = out "/" st[i]
	return out == "" ? "/" : out
}

# The first quoted string of s (strace escapes kept), or "".
function first_string(s,   i, c, out, n) {
	i = index(s, "\"")
	if (!i)
		return ""
	out = ""
	n = length(s)
	for (i++; i <= n; i++) {
		c = substr(s, i, 1)
		if (c == "\\") {
			out = out c substr(s, i + 1, 1)
			i++
			continue
		}
		if (c == "\"")
			break
		out = out c
	}
	return out
}

# ------------------------------------------------------------- accel-guard

function field(line, key,   i, n, a) {
	n = split(line, a, " ")
	for (i = 1; i <= n; i++)
		if (index(a[i], key "=") == 1)
			return substr(a[i], length(key) + 2)
	return ""
}

src == "guard" && /^accel-guard: start / {
	p = field($0, "pid")
	if (!(p in g_seen)) {
		g_order[++g_n] = p
		g_seen[p] = 1
	}
	g_ppid[p] = field($0, "ppid")
	g_exe[p] = field($0, "exe")
	next
}

src == "guard" && /^accel-guard: exit / {
	g_end[field($0, "pid")] = "exit"
	next
}

src == "guard" && /^accel-guard: access / {
	r = field($0, "ret") + 0 >= 0 ? "ok" : field($0, "err")
	via = field($0, "call") "@" field($0, "by") "(" field($0, "sym") ")"
	if (field($0, "denied") == "1")
		via = via "[denied]"
	g_acc[++g_na] = "acc " field($0, "pid") " " r " " field($0, "path") \
		" " via " " field($0, "exe")
	next
}

# ------------------------------------------------------------------ strace

function tid_of(name,   n, a) {
	n = split(name, a, ".")
	return a[n]
}

# Thread group (process) of thread t.
function tg(t,   k) {
	for (k = 0; (t in s_parent) && s_thread[t] && k < 100000; k++)
		t = s_parent[t]
	return t
}

src == "strace" && FNR == 1 {
	t = tid_of(FILENAME)
	s_followed[t] = 1
	if (!(t in s_known)) {
		s_known[t] = 1
		s_tids[++s_nt] = t
	}
}

# Process and thread creation (in the creator's file).
src == "strace" && /^(clone|clone3|fork|vfork)\(/ && / = [0-9]+$/ {
	c = $NF
	s_parent[c] = tid_of(FILENAME)
	s_thread[c] = index($0, "CLONE_THREAD") > 0
	if (!(c in s_known)) {
		s_known[c] = 1
		s_tids[++s_nt] = c
	}
	next
}

src == "strace" && /^execve\(/ && / = 0$/ {
	s_exe[tid_of(FILENAME)] = first_string($0)
	next
}

src == "strace" && /^\+\+\+ exited with [0-9]+ \+\+\+/ {
	s_end[tid_of(FILENAME)] = "exited:" $4
	next
}

src == "strace" && /^\+\+\+ killed by SIG[A-Z0-9]+/ {
	s_end[tid_of(FILENAME)] = "killed:" $4
	next
}

src == "strace" && /^(open|openat|openat2|creat|open_by_handle_at)\(/ {
	name = substr($0, 1, index($0, "(") - 1)
	rest = substr($0, length(name) + 2)
	dir = ""
	path = ""
	if (name == "openat" || name == "openat2") {
		i = index(rest, ", \"")
		dirtok = substr(rest, 1, i - 1)
		if (match(dirtok, /<.*>$/))
			dir = substr(dirtok, RSTART + 1, RLENGTH - 2)
		path = first_string(substr(rest, i + 2))
	} else if (name != "open_by_handle_at") {
		path = first_string(rest)
	}
	if (path != "" && substr(path, 1, 1) != "/")
		path = dir "/" path
	if (path != "")
		path = clean(path)
	res = ""
	deco = ""
	major = -1
	if (match($0, / = -1 E[A-Z0-9]+/)) {
		res = substr($0, RSTART + 6, RLENGTH - 6)
	} else if (match($0, / = [0-9]+(<.*>)?$/)) {
		res = "ok"
		deco = substr($0, RSTART + 3)
		sub(/^[0-9]+/, "", deco)
		if (deco != "") {
			deco = substr(deco, 2, length(deco) - 2)
			if (match(deco, /<char [0-9]+:[0-9]+>$/)) {
				major = substr(deco, RSTART + 6) + 0
				deco = substr(deco, 1, RSTART - 1)
			}
		}
	} else {
		next
	}
	if (accel_name(path) ||
	    (res == "ok" && (accel_name(deco) || major == 261))) {
		shown = path
		if (deco != "" && deco != path)
			shown = shown "->" deco
		if (shown == "")
			shown = "?"
		s_acc[++s_na] = tid_of(FILENAME) " " res " " shown " " name
	}
	next
}

src == "strace" && /\/dev\/accel|\/sys\/class\/accel|\/accel\/accel[0-9]|\/dev\/char\/261:|\/sys\/dev\/char\/261:|<char 261:/ {
	name = substr($0, 1, index($0, "(") - 1)
	text = substr($0, 1, 200)
	gsub(/[ \t]/, "_", text)
	s_look[++s_nl] = tid_of(FILENAME) " " name " " text
	next
}

function s_exe_of(p,   k) {
	for (k = 0; !(p in s_exe) && (p in s_parent) && k < 100000; k++)
		p = tg(s_parent[p])
	return (p in s_exe) ? s_exe[p] : "?"
}

END {
	if (src == "guard") {
		for (i = 1; i <= g_n; i++) {
			p = g_order[i]
			print "proc", p, g_ppid[p], g_exe[p], \
				(p in g_end) ? g_end[p] : "-"
		}
		for (i = 1; i <= g_na; i++)
			print g_acc[i]
	} else if (src == "strace") {
		for (i = 1; i <= s_nt; i++) {
			t = s_tids[i]
			# Created but not followed (no file): not seen.
			if (tg(t) != t || !(t in s_followed))
				continue
			pp = (t in s_parent) ? tg(s_parent[t]) : "-"
			print "proc", t, pp, s_exe_of(t), \
				(t in s_end) ? s_end[t] : "-"
		}
		for (i = 1; i <= s_na; i++) {
			split(s_acc[i], a, " ")
			p = tg(a[1])
			print "acc", p, a[2], a[3], a[4], s_exe_of(p)
		}
		for (i = 1; i <= s_nl; i++) {
			split(s_look[i], a, " ")
			print "look", tg(a[1]), a[2], a[3]
		}
	}
}
