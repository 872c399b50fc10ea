// SPDX-License-Identifier: MIT
/*
 * Copyright 2026 The Duet authors
 *
 * accel-guard: an LD_PRELOAD library that records every attempt of a
 * process to open something under /dev/accel or /sys/class/accel, and
 * says which library made it. Used to show that the graphics stack
 * (Mesa's EGL/GBM/Vulkan, libdrm) never touches a card's accel node.
 *
 * Intercepted: open, open64, openat, openat64, the fortified __open_2,
 * __open64_2, __openat_2, __openat64_2, creat, creat64, fopen, fopen64,
 * freopen, freopen64, opendir, scandir, scandir64, scandirat,
 * scandirat64. glibc's own callers (fopen, opendir, ...) reach the kernel
 * through internal, non-interposable entry points, which is why the
 * library-level functions are hooked as well as the syscall wrappers.
 *
 * A path counts as an accel access when, made absolute (relative to the
 * cwd or to the dirfd) and cleaned of "." and "..", or after resolving
 * symlinks, it is /dev/accel, /sys/class/accel or below, or lies in an
 * accel class directory of a sysfs device (".../accel/accelN"), or names
 * a character device of the accel major (261) anywhere.
 *
 * Environment:
 *   ACCEL_GUARD_LOG=FILE  append the report to FILE at exit
 *   ACCEL_GUARD_QUIET=1   do not also print the report to stderr
 *   ACCEL_GUARD_DENY=1    fail accel opens with EACCES (still recorded)
 *
 * Report (one block per process, each line written with one write()):
 *   accel-guard: pid 42 exe /usr/bin/foo: 1 accel access(es), 57 intercepted call(s)
 *   accel-guard: pid 42 open("/dev/accel/accel0") = 3 by /usr/lib/x86_64-linux-gnu/libduet.so.0 (duet_dev_open_path)
 *
 * Robustness: the real functions are looked up with dlsym(RTLD_NEXT) on
 * first use (hooks can run before our constructor); a thread-local flag
 * sends calls made while a hook is already running (from dlsym, dladdr,
 * realpath...) straight to the real function; records go into a fixed
 * array through an atomic index, so no locks and no malloc in the hooks;
 * a forked child starts with an empty record.
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
#include <sys/sysmacros.h>
#include <unistd.h>

#define ACCEL_MAJOR 261
#define MAX_RECORDS 256

struct record {
	int ready;			/* set last, with release ordering */
	int result;			/* fd, or 0/1 for pointer results */
	int err;			/* errno on failure */
	const char *func;
	char path[PATH_MAX];
	char caller[192];
};

static struct record records[MAX_RECORDS];
static unsigned int n_records;		/* atomic; may exceed MAX_RECORDS */
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

static int is_accel(const char *abs)
{
	char real[PATH_MAX];
	struct stat st;

	if (under(abs, "/dev/accel") || under(abs, "/sys/class/accel") ||
	    sysfs_accel_dir(abs))
		return 1;
	if (realpath(abs, real) &&
	    (under(real, "/dev/accel") || under(real, "/sys/class/accel") ||
	     sysfs_accel_dir(real)))
		return 1;
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

static void record(const char *func, const char *abs, void *ret_addr,
		   int result, int err)
{
	unsigned int i = __atomic_fetch_add(&n_records, 1, __ATOMIC_RELAXED);
	struct record *r;
	Dl_info info;

	if (i >= MAX_RECORDS)
		return;
	r = &records[i];
	r->func = func;
	r->result = result;
	r->err = err;
	snprintf(r->path, sizeof(r->path), "%s", abs);
	if (dladdr(ret_addr, &info) && info.dli_fname)
		snprintf(r->caller, sizeof(r->caller), "%s (%s)",
			 info.dli_fname[0] ? info.dli_fname : "main program",
			 info.dli_sname ? info.dli_sname : "?");
	else
		snprintf(r->caller, sizeof(r->caller), "%p", ret_addr);
	__atomic_store_n(&r->ready, 1, __ATOMIC_RELEASE);
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
			       -1, EACCES);				\
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
			       ret_, ret_ < 0 ? err_ : 0);		\
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
			       -1, EACCES);				\
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
			       ret_ == failed ? err_ : 0);		\
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

/* ------------------------------------------------------------- report */

/* One line, one write(): blocks of concurrent processes do not mix lines. */
static void emit(int fd, const char *line)
{
	size_t len = strlen(line), done = 0;
	ssize_t n;

	while (done < len) {
		n = write(fd, line + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		done += n;
	}
}

static void report_to(int fd)
{
	unsigned int n = __atomic_load_n(&n_records, __ATOMIC_ACQUIRE), i;
	char line[PATH_MAX + 512], exe[PATH_MAX];
	ssize_t len;

	len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	exe[len < 0 ? 0 : len] = '\0';
	snprintf(line, sizeof(line),
		 "accel-guard: pid %d exe %s: %u accel access(es), %lu intercepted call(s)\n",
		 (int)getpid(), exe, n,
		 __atomic_load_n(&n_calls, __ATOMIC_RELAXED));
	emit(fd, line);
	for (i = 0; i < n && i < MAX_RECORDS; i++) {
		const struct record *r = &records[i];

		if (!__atomic_load_n(&r->ready, __ATOMIC_ACQUIRE))
			continue;
		if (r->result < 0)
			snprintf(line, sizeof(line),
				 "accel-guard: pid %d %s(\"%s\") failed (%s) by %s\n",
				 (int)getpid(), r->func, r->path,
				 strerror(r->err), r->caller);
		else
			snprintf(line, sizeof(line),
				 "accel-guard: pid %d %s(\"%s\") = %d by %s\n",
				 (int)getpid(), r->func, r->path, r->result,
				 r->caller);
		emit(fd, line);
	}
	if (n > MAX_RECORDS) {
		snprintf(line, sizeof(line),
			 "accel-guard: pid %d %u more not recorded\n",
			 (int)getpid(), n - MAX_RECORDS);
		emit(fd, line);
	}
}

static void after_fork_child(void)
{
	unsigned int i;

	for (i = 0; i < MAX_RECORDS; i++)
		records[i].ready = 0;
	n_records = 0;
	n_calls = 0;
}

/*
 * Our copy of stderr: programs such as coreutils close fd 2 in an atexit
 * handler, which runs before our destructor.
 */
static int report_fd = -1;

__attribute__((constructor)) static void guard_init(void)
{
	pthread_atfork(NULL, NULL, after_fork_child);
	report_fd = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 100);
}

__attribute__((destructor)) static void guard_report(void)
{
	const char *log = getenv("ACCEL_GUARD_LOG");
	const char *quiet = getenv("ACCEL_GUARD_QUIET");
	int fd;

	in_hook++;
	if (log && log[0] && GET_REAL(open)) {
		fd = real_open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
			       0644);
		if (fd >= 0) {
			report_to(fd);
			close(fd);
		}
	}
	if ((!quiet || quiet[0] != '1') && report_fd >= 0)
		report_to(report_fd);
	in_hook--;
}
