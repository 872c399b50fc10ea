// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * accel-guard: an LD_PRELOAD library that records every attempt of a
 * process to open something under /dev/accel or /sys/class/accel, and
 * says which process and which library made it. Used to show that the
 * graphics stack (Mesa's EGL/GBM/Vulkan, libdrm) never touches a card's
 * accel node.
 *
 * Intercepted: open, open64, openat, openat64, the fortified __open_2,
 * __open64_2, __openat_2, __openat64_2, creat, creat64, fopen, fopen64,
 * freopen, freopen64, opendir, scandir, scandir64, scandirat,
 * scandirat64. glibc's own callers (fopen, opendir, ...) reach the kernel
 * through internal, non-interposable entry points, which is why the
 * library-level functions are hooked as well as the syscall wrappers.
 * Not seen: raw syscall(2)/inline syscalls, io_uring, statically linked
 * programs, processes started without LD_PRELOAD (the mesa suite runs
 * strace alongside for these).
 *
 * A path counts as an accel access when, made absolute (relative to the
 * cwd or to the dirfd) and cleaned of "." and "..", or after resolving
 * symlinks (of the path, or of its directory if the path does not
 * exist), it is /dev/accel, /sys/class/accel, /dev/char/261:N,
 * /sys/dev/char/261:N or below, or lies in an accel class directory of a
 * sysfs device (".../accel/accelN"), or names a character device of the
 * accel major (261) anywhere.
 *
 * Every record is written when it happens, as one write(2) of one line
 * to the log (opened with O_APPEND for that record and closed again), so
 * nothing is lost when a process ends with _exit(), abort() or a crash,
 * or is killed; lines of concurrent processes never mix.
 *
 * Environment:
 *   ACCEL_GUARD_LOG=FILE  append the records to FILE (made absolute at
 *                         the first record: give an absolute path)
 *   ACCEL_GUARD_QUIET=1   do not also print them to stderr
 *   ACCEL_GUARD_DENY=1    fail accel opens with EACCES (still recorded)
 *
 * Log lines (fields are key=value, values escaped: bytes <= ' ', >= 0x7f
 * and '\\' as \ooo, so no value contains a space):
 *   accel-guard: start pid=42 ppid=1 exe=/usr/bin/foo comm=foo how=exec
 *   accel-guard: start pid=43 ppid=42 exe=/usr/bin/foo comm=foo how=fork
 *   accel-guard: access pid=43 tid=43 ppid=42 exe=/usr/bin/foo comm=foo
 *       call=open path=/dev/accel/accel0 ret=3 err=0 denied=0
 *       by=/usr/lib/x86_64-linux-gnu/libduet.so.0 sym=duet_dev_open_path
 *       (one line)
 *   accel-guard: exit pid=42 accesses=1 calls=57
 * "start" is written by every process the guard is loaded in (at load,
 * how=exec; in a fork()ed child, how=fork; children of vfork/clone that
 * do not exec are not announced), "exit" only on a normal exit (exit(3),
 * return from main). ret is the fd (or 0 for FILE/DIR/count results),
 * -1 with err=ENAME on failure. pid, ppid, exe and comm are read when
 * the record is written.
 *
 * Robustness: the real functions are looked up with dlsym(RTLD_NEXT) on
 * first use (hooks can run before our constructor); a thread-local flag
 * sends calls made while a hook is already running (from dlsym, dladdr,
 * realpath...) straight to the real function; the log is opened through
 * the raw openat syscall; no locks and no malloc in the hooks.
 */
#undef _FILE_OFFSET_BITS	/* we define open and open64 both */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#define ACCEL_MAJOR 261

static unsigned long n_records;		/* atomic: accel accesses */
static unsigned long n_calls;		/* atomic: every intercepted call */
static __thread int in_hook __attribute__((tls_model("initial-exec")));

/* --------------------------------------------------------- real symbols */

#define REAL(name) real_##name
#define DECLARE_REAL(ret, name, ...) static ret (*real_##name)(__VA_ARGS__)

DECLARE_REAL(int, open, const char *, int, ...);
DECLARE_REAL(int, open64, const char *, int, ...);
DECLARE_REAL(int, openat, int, const char *, int, ...);
DECLARE_REAL(int, openat64, int, const char *, int, ...);
DECLARE_REAL(int, __open_2, const char *, int);
DECLARE_REAL(int, __open64_2, const char *, int);
DECLARE_REAL(int, __openat_2, int, const char *, int);
DECLARE_REAL(int, __openat64_2, int, const char *, int);
DECLARE_REAL(int, creat, const char *, mode_t);
DECLARE_REAL(int, creat64, const char *, mode_t);
DECLARE_REAL(FILE *, fopen, const char *, const char *);
DECLARE_REAL(FILE *, fopen64, const char *, const char *);
DECLARE_REAL(FILE *, freopen, const char *, const char *, FILE *);
DECLARE_REAL(FILE *, freopen64, const char *, const char *, FILE *);
DECLARE_REAL(DIR *, opendir, const char *);
typedef int (*filter_fn)(const struct dirent *);
typedef int (*compar_fn)(const struct dirent **, const struct dirent **);
typedef int (*filter64_fn)(const struct dirent64 *);
typedef int (*compar64_fn)(const struct dirent64 **,
			   const struct dirent64 **);
DECLARE_REAL(int, scandir, const char *, struct dirent ***, filter_fn,
	     compar_fn);
DECLARE_REAL(int, scandir64, const char *, struct dirent64 ***, filter64_fn,
	     compar64_fn);
DECLARE_REAL(int, scandirat, int, const char *, struct dirent ***, filter_fn,
	     compar_fn);
DECLARE_REAL(int, scandirat64, int, const char *, struct dirent64 ***,
	     filter64_fn, compar64_fn);

/*
 * Look @name up once; racing threads store the same value. Returns NULL
 * (and the hook fails with ENOSYS) only if the symbol does not exist.
 */
static void *resolve(void **slot, const char *name)
{
	void *p = __atomic_load_n(slot, __ATOMIC_ACQUIRE);

	if (!p) {
		in_hook++;
		p = dlsym(RTLD_NEXT, name);
		in_hook--;
		__atomic_store_n(slot, p, __ATOMIC_RELEASE);
	}
	return p;
}

#define GET_REAL(name) \
	((__typeof__(real_##name))resolve((void **)&real_##name, #name))

/* ---------------------------------------------------------- path logic */

/* Clean an absolute path in place: drop "//", "/./", resolve "/..". */
static void clean_path(char *p)
{
	char *out = p, *in = p;

	while (*in) {
		while (*in == '/')
			in++;
		if (!*in)
			break;
		if (in[0] == '.' && (in[1] == '/' || !in[1])) {
			in++;
			continue;
		}
		if (in[0] == '.' && in[1] == '.' && (in[2] == '/' || !in[2])) {
			in += 2;
			while (out > p && *--out != '/')
				;
			continue;
		}
		*out++ = '/';
		while (*in && *in != '/')
			*out++ = *in++;
	}
	if (out == p)
		*out++ = '/';
	*out = '\0';
}

/* Absolute form of @path relative to @dirfd (AT_FDCWD: the cwd). */
static int absolute(int dirfd, const char *path, char *out, size_t size)
{
	char base[PATH_MAX];
	ssize_t n;

	if (path[0] == '/') {
		if ((size_t)snprintf(out, size, "%s", path) >= size)
			return -1;
	} else {
		if (dirfd == AT_FDCWD) {
			if (!getcwd(base, sizeof(base)))
				return -1;
		} else {
			char link[64];

			snprintf(link, sizeof(link), "/proc/self/fd/%d", dirfd);
			n = readlink(link, base, sizeof(base) - 1);
			if (n < 0)
				return -1;
			base[n] = '\0';
		}
		if ((size_t)snprintf(out, size, "%s/%s", base, path) >= size)
			return -1;
	}
	clean_path(out);
	return 0;
}

static int under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return !strncmp(path, dir, n) && (path[n] == '/' || !path[n]);
}

/* A sysfs path inside an accel class directory: ".../accel/accel<N>". */
static int sysfs_accel_dir(const char *path)
{
	const char *p = path;

	if (!under(path, "/sys"))
		return 0;
	while ((p = strstr(p, "/accel/accel"))) {
		p += strlen("/accel/accel");
		if (*p >= '0' && *p <= '9')
			return 1;
	}
	return 0;
}

/* "<dir>/261:<N>" or below: the accel major's /dev/char or /sys/dev/char link. */
static int char_link_accel(const char *path, const char *dir)
{
	size_t n = strlen(dir);
	const char *p = path + n;

	if (strncmp(path, dir, n) || strncmp(p, "/261:", 5))
		return 0;
	p += 5;
	if (*p < '0' || *p > '9')
		return 0;
	while (*p >= '0' && *p <= '9')
		p++;
	return *p == '/' || !*p;
}

/* The lexical rules; the strace parser (tests/accel-audit.awk) has the same. */
static int accel_name(const char *p)
{
	return under(p, "/dev/accel") || under(p, "/sys/class/accel") ||
	       char_link_accel(p, "/dev/char") ||
	       char_link_accel(p, "/sys/dev/char") || sysfs_accel_dir(p);
}

static int is_accel(const char *abs)
{
	char real[PATH_MAX], dir[PATH_MAX];
	struct stat st;
	char *slash;

	if (accel_name(abs))
		return 1;
	if (realpath(abs, real)) {
		if (accel_name(real))
			return 1;
	} else if ((size_t)snprintf(dir, sizeof(dir), "%s", abs) < sizeof(dir) &&
		   (slash = strrchr(dir, '/')) && slash != dir) {
		/* Not there (a failed open): resolve its directory. */
		*slash = '\0';
		if (realpath(dir, real) &&
		    strlen(real) + strlen(slash + 1) + 2 <= sizeof(real)) {
			strcat(real, "/");
			strcat(real, slash + 1);
			if (accel_name(real))
				return 1;
		}
	}
	return !stat(abs, &st) && S_ISCHR(st.st_mode) &&
	       major(st.st_rdev) == ACCEL_MAJOR;
}

/* ------------------------------------------------------------ recording */

/*
 * Called before the real function: is this an accel path? Fills @abs.
 * Must be called with in_hook raised.
 */
static int check(int dirfd, const char *path, char *abs, size_t size)
{
	__atomic_fetch_add(&n_calls, 1, __ATOMIC_RELAXED);
	if (!path || absolute(dirfd, path, abs, size))
		return 0;
	return is_accel(abs);
}

/* ACCEL_GUARD_LOG, made absolute once; "" if unset. */
static char log_path[PATH_MAX];
static int log_state;			/* atomic: 0 unknown, 1 set up */
/* Our copy of stderr (programs close fd 2 in atexit handlers), or -1. */
static int report_fd = -1;

static const char *log_file(void)
{
	if (!__atomic_load_n(&log_state, __ATOMIC_ACQUIRE)) {
		const char *log = getenv("ACCEL_GUARD_LOG");
		char tmp[PATH_MAX];

		tmp[0] = '\0';
		if (log && log[0] && absolute(AT_FDCWD, log, tmp, sizeof(tmp)))
			tmp[0] = '\0';
		memcpy(log_path, tmp, sizeof(log_path));
		__atomic_store_n(&log_state, 1, __ATOMIC_RELEASE);
	}
	return log_path;
}

static int quiet(void)
{
	const char *q = getenv("ACCEL_GUARD_QUIET");

	return q && q[0] == '1';
}

static void write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = write(fd, buf, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		buf += n;
		len -= n;
	}
}

/*
 * Write one line to the log, as one write(2) on a descriptor opened with
 * O_APPEND just for it, and to stderr unless quiet. errno is preserved.
 */
static void emit(const char *line)
{
	const char *log = log_file();
	size_t len = strlen(line);
	int err = errno, fd;

	if (log[0]) {
		fd = syscall(SYS_openat, AT_FDCWD, log,
			     O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
		if (fd >= 0) {
			write_all(fd, line, len);
			close(fd);
		}
	}
	if (!quiet() && report_fd >= 0)
		write_all(report_fd, line, len);
	errno = err;
}

/* Escape @src into @dst: no spaces, no control bytes, no backslashes. */
static void esc(char *dst, size_t size, const char *src)
{
	size_t o = 0;
	const unsigned char *s = (const unsigned char *)src;

	for (; *s && o + 5 < size; s++) {
		if (*s <= ' ' || *s >= 0x7f || *s == '\\')
			o += snprintf(dst + o, size - o, "\\%03o", *s);
		else
			dst[o++] = *s;
	}
	dst[o] = '\0';
}

/* exe= and comm= of the calling process, escaped. */
static void self_ids(char *exe, size_t exe_size, char *comm, size_t comm_size)
{
	char buf[PATH_MAX];
	ssize_t n;
	int fd;

	n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	buf[n < 0 ? 0 : n] = '\0';
	esc(exe, exe_size, n > 0 ? buf : "?");
	n = -1;
	fd = syscall(SYS_openat, AT_FDCWD, "/proc/self/comm",
		     O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, buf, 63);
		close(fd);
	}
	if (n > 0 && buf[n - 1] == '\n')
		n--;
	buf[n < 0 ? 0 : n] = '\0';
	esc(comm, comm_size, n > 0 ? buf : "?");
}

static void announce(const char *how)
{
	char line[2048], exe[1024], comm[128];

	self_ids(exe, sizeof(exe), comm, sizeof(comm));
	snprintf(line, sizeof(line),
		 "accel-guard: start pid=%d ppid=%d exe=%s comm=%s how=%s\n",
		 (int)getpid(), (int)getppid(), exe, comm, how);
	emit(line);
}

/* One accel access: written now, so _exit(), abort() or SIGKILL lose nothing. */
static void record(const char *func, const char *abs, void *ret_addr,
		   int result, int err, int denied)
{
	char line[4096], path[1536], exe[1024], comm[128];
	char by[1024], sym[256], ename[32];
	const char *en;
	Dl_info info;

	__atomic_fetch_add(&n_records, 1, __ATOMIC_RELAXED);
	self_ids(exe, sizeof(exe), comm, sizeof(comm));
	esc(path, sizeof(path), abs);
	if (dladdr(ret_addr, &info) && info.dli_fname) {
		/* The main program's name is argv[0] or "": give its exe. */
		if (info.dli_fname[0] == '/')
			esc(by, sizeof(by), info.dli_fname);
		else
			snprintf(by, sizeof(by), "%s", exe);
		esc(sym, sizeof(sym), info.dli_sname ? info.dli_sname : "?");
	} else {
		snprintf(by, sizeof(by), "%p", ret_addr);
		snprintf(sym, sizeof(sym), "?");
	}
	en = result < 0 ? strerrorname_np(err) : NULL;
	if (result >= 0)
		snprintf(ename, sizeof(ename), "0");
	else if (en)
		snprintf(ename, sizeof(ename), "%s", en);
	else
		snprintf(ename, sizeof(ename), "%d", err);
	snprintf(line, sizeof(line),
		 "accel-guard: access pid=%d tid=%d ppid=%d exe=%s comm=%s call=%s path=%s ret=%d err=%s denied=%d by=%s sym=%s\n",
		 (int)getpid(), (int)gettid(), (int)getppid(), exe, comm, func,
		 path, result < 0 ? -1 : result, ename, denied, by, sym);
	emit(line);
}

static int deny(void)
{
	const char *d = getenv("ACCEL_GUARD_DENY");

	return d && d[0] == '1';
}

/* ----------------------------------------------------------- the hooks */

static int has_mode(int flags)
{
	return (flags & O_CREAT) || (flags & O_TMPFILE) == O_TMPFILE;
}

/*
 * The body of every fd-returning hook. @call performs the real call.
 */
#define FD_HOOK(fname, dirfd, path, call)				\
	do {								\
		char abs_[PATH_MAX];					\
		int ret_, err_, acc_;					\
		if (in_hook)						\
			return call;					\
		in_hook++;						\
		acc_ = check(dirfd, path, abs_, sizeof(abs_));		\
		if (acc_ && deny()) {					\
			record(fname, abs_, __builtin_return_address(0),\
			       -1, EACCES, 1);				\
			in_hook--;					\
			errno = EACCES;					\
			return -1;					\
		}							\
		in_hook--;						\
		ret_ = call;						\
		err_ = errno;						\
		if (acc_) {						\
			in_hook++;					\
			record(fname, abs_, __builtin_return_address(0),\
			       ret_, ret_ < 0 ? err_ : 0, 0);		\
			in_hook--;					\
		}							\
		errno = err_;						\
		return ret_;						\
	} while (0)

/* The same for hooks returning a pointer (FILE *, DIR *) or a count. */
#define PTR_HOOK(type, fname, dirfd, path, call, failed)		\
	do {								\
		char abs_[PATH_MAX];					\
		type ret_;						\
		int err_, acc_;						\
		if (in_hook)						\
			return call;					\
		in_hook++;						\
		acc_ = check(dirfd, path, abs_, sizeof(abs_));		\
		if (acc_ && deny()) {					\
			record(fname, abs_, __builtin_return_address(0),\
			       -1, EACCES, 1);				\
			in_hook--;					\
			errno = EACCES;					\
			return failed;					\
		}							\
		in_hook--;						\
		ret_ = call;						\
		err_ = errno;						\
		if (acc_) {						\
			in_hook++;					\
			record(fname, abs_, __builtin_return_address(0),\
			       ret_ == failed ? -1 : 0,			\
			       ret_ == failed ? err_ : 0, 0);		\
			in_hook--;					\
		}							\
		errno = err_;						\
		return ret_;						\
	} while (0)

#define NEED(name, fail)						\
	do {								\
		if (!GET_REAL(name)) {					\
			errno = ENOSYS;					\
			return fail;					\
		}							\
	} while (0)

#define MODE_ARG(flags, mode)						\
	do {								\
		if (has_mode(flags)) {					\
			va_list ap_;					\
			va_start(ap_, flags);				\
			mode = va_arg(ap_, mode_t);			\
			va_end(ap_);					\
		}							\
	} while (0)

int open(const char *path, int flags, ...)
{
	mode_t mode = 0;

	MODE_ARG(flags, mode);
	NEED(open, -1);
	FD_HOOK("open", AT_FDCWD, path, real_open(path, flags, mode));
}

int open64(const char *path, int flags, ...)
{
	mode_t mode = 0;

	MODE_ARG(flags, mode);
	NEED(open64, -1);
	FD_HOOK("open64", AT_FDCWD, path, real_open64(path, flags, mode));
}

int openat(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;

	MODE_ARG(flags, mode);
	NEED(openat, -1);
	FD_HOOK("openat", dirfd, path, real_openat(dirfd, path, flags, mode));
}

int openat64(int dirfd, const char *path, int flags, ...)
{
	mode_t mode = 0;

	MODE_ARG(flags, mode);
	NEED(openat64, -1);
	FD_HOOK("openat64", dirfd, path,
		real_openat64(dirfd, path, flags, mode));
}

int __open_2(const char *path, int flags);
int __open_2(const char *path, int flags)
{
	NEED(__open_2, -1);
	FD_HOOK("__open_2", AT_FDCWD, path, real___open_2(path, flags));
}

int __open64_2(const char *path, int flags);
int __open64_2(const char *path, int flags)
{
	NEED(__open64_2, -1);
	FD_HOOK("__open64_2", AT_FDCWD, path, real___open64_2(path, flags));
}

int __openat_2(int dirfd, const char *path, int flags);
int __openat_2(int dirfd, const char *path, int flags)
{
	NEED(__openat_2, -1);
	FD_HOOK("__openat_2", dirfd, path,
		real___openat_2(dirfd, path, flags));
}

int __openat64_2(int dirfd, const char *path, int flags);
int __openat64_2(int dirfd, const char *path, int flags)
{
	NEED(__openat64_2, -1);
	FD_HOOK("__openat64_2", dirfd, path,
		real___openat64_2(dirfd, path, flags));
}

int creat(const char *path, mode_t mode)
{
	NEED(creat, -1);
	FD_HOOK("creat", AT_FDCWD, path, real_creat(path, mode));
}

int creat64(const char *path, mode_t mode)
{
	NEED(creat64, -1);
	FD_HOOK("creat64", AT_FDCWD, path, real_creat64(path, mode));
}

FILE *fopen(const char *path, const char *mode)
{
	NEED(fopen, NULL);
	PTR_HOOK(FILE *, "fopen", AT_FDCWD, path, real_fopen(path, mode),
		 NULL);
}

FILE *fopen64(const char *path, const char *mode)
{
	NEED(fopen64, NULL);
	PTR_HOOK(FILE *, "fopen64", AT_FDCWD, path, real_fopen64(path, mode),
		 NULL);
}

FILE *freopen(const char *path, const char *mode, FILE *f)
{
	NEED(freopen, NULL);
	PTR_HOOK(FILE *, "freopen", AT_FDCWD, path,
		 real_freopen(path, mode, f), NULL);
}

FILE *freopen64(const char *path, const char *mode, FILE *f)
{
	NEED(freopen64, NULL);
	PTR_HOOK(FILE *, "freopen64", AT_FDCWD, path,
		 real_freopen64(path, mode, f), NULL);
}

DIR *opendir(const char *path)
{
	NEED(opendir, NULL);
	PTR_HOOK(DIR *, "opendir", AT_FDCWD, path, real_opendir(path), NULL);
}

int scandir(const char *path, struct dirent ***list, filter_fn filter,
	    compar_fn compar)
{
	NEED(scandir, -1);
	PTR_HOOK(int, "scandir", AT_FDCWD, path,
		 real_scandir(path, list, filter, compar), -1);
}

int scandir64(const char *path, struct dirent64 ***list, filter64_fn filter,
	      compar64_fn compar)
{
	NEED(scandir64, -1);
	PTR_HOOK(int, "scandir64", AT_FDCWD, path,
		 real_scandir64(path, list, filter, compar), -1);
}

int scandirat(int dirfd, const char *path, struct dirent ***list,
	      filter_fn filter, compar_fn compar)
{
	NEED(scandirat, -1);
	PTR_HOOK(int, "scandirat", dirfd, path,
		 real_scandirat(dirfd, path, list, filter, compar), -1);
}

int scandirat64(int dirfd, const char *path, struct dirent64 ***list,
		filter64_fn filter, compar64_fn compar)
{
	NEED(scandirat64, -1);
	PTR_HOOK(int, "scandirat64", dirfd, path,
		 real_scandirat64(dirfd, path, list, filter, compar), -1);
}

/* ----------------------------------------------------- process events */

static void after_fork_child(void)
{
	n_records = 0;
	n_calls = 0;
	in_hook++;
	announce("fork");
	in_hook--;
}

__attribute__((constructor)) static void guard_init(void)
{
	in_hook++;
	pthread_atfork(NULL, NULL, after_fork_child);
	report_fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 100);
	announce("exec");
	in_hook--;
}

/* Only on a normal exit: the records are already out; this is a summary. */
__attribute__((destructor)) static void guard_exit(void)
{
	char line[256];

	in_hook++;
	snprintf(line, sizeof(line),
		 "accel-guard: exit pid=%d accesses=%lu calls=%lu\n",
		 (int)getpid(), __atomic_load_n(&n_records, __ATOMIC_RELAXED),
		 __atomic_load_n(&n_calls, __ATOMIC_RELAXED));
	emit(line);
	in_hook--;
}
