// SPDX-License-Identifier: GPL-2.0
/*
 * css-loop - /init for an s390x QEMU guest that stresses the css bus.
 *
 * Repeatedly unbinds and rebinds io_subchannel from the subchannel that
 * carries a virtio-ccw device while the host hot-unplugs and re-plugs that
 * device.  Stops when the host writes "done" on the console, waits for the
 * device to come back bound, counts kernel log splats, prints "@@" summary
 * lines for the host script and powers off.
 *
 * Usage (kernel command line): rdinit=/init -- [busid [mode]]
 *   busid  ccw device to stress (default 0.0.0100)
 *   mode   offline: leave the ccw device offline during the loop and wait
 *                   (bounded) for virtio_ccw to be bound to it before the
 *                   next unbind; online it once at the end (default).
 *                   Needs virtio_ccw.no_auto=<busid>.  This keeps the ccw
 *                   online path, which has races of its own with removal,
 *                   out of the css unbind vs. hotplug race under test.
 *          online: wait (bounded) for virtio_ccw's auto-online to finish
 *                  before the next unbind
 *          fast:   unbind again right away, racing the async auto-online
 *          manual: set the device online ourselves, synchronously; needs
 *                  virtio_ccw.no_auto=<busid> so no async auto-online runs
 *          idle:   no unbind/bind at all (hotplug only); prints
 *                  "@@ gone N SCH" each time the device's subchannel is
 *                  unregistered, for a host that waits for it before
 *                  replugging
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define CSS_DEVS	"/sys/bus/css/devices"
#define IOSCH_DRV	"/sys/bus/css/drivers/io_subchannel"
#define CCW_DRV		"virtio_ccw"
#define MAX_CYCLES	100000	/* safety net only, the host says "done" */
#define LOOP_SECS	300	/* give up waiting for "done" after this */
#define SETTLE_SECS	30	/* time allowed for the device to come back */
#define RESCAN_SECS	8	/* after cio_settle, before asking for a rescan */
#define CIO_SETTLE_SECS	120	/* bound on the kernel's own settle */
#define POLL_MS		5	/* stdin poll between cycles */
#define ONLINE_MS	1000	/* max wait for online in "online" mode */
#define MAX_ERRNO	160
#define MAX_SPLAT_SHOW	8
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct counts {
	unsigned long ok;
	unsigned long err;
	unsigned long by_errno[MAX_ERRNO];
};

static struct {
	unsigned long cycles;
	unsigned long absent;	/* no subchannel carried the busid */
	unsigned long gone;	/* idle mode: the subchannel went away */
	unsigned long online_ok, online_timeout;
	struct counts set_online;	/* manual mode writes to "online" */
	unsigned int final_rebinds;	/* settle() found the sch unbound */
	unsigned int final_rescans;	/* settle() had to ask css to rescan */
	int cio_settle;		/* 0 or -errno of the write to cio_settle */
	double cio_settle_s;	/* time the kernel took to settle */
	double online_s;	/* time spent waiting for online */
	struct counts unbind;
	struct counts bind;
} st;

static const char *busid = "0.0.0100";
enum mode {
	MODE_OFFLINE, MODE_ONLINE, MODE_FAST, MODE_MANUAL, MODE_IDLE, NR_MODES
};
static const char *const mode_name[NR_MODES] = {
	"offline", "online", "fast", "manual", "idle",
};
static enum mode mode;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* Copy a short sysfs name; names here never exceed a few dozen bytes. */
static void copy_name(char *dst, size_t len, const char *src)
{
	size_t n = strnlen(src, len - 1);

	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* snprintf() that fails loudly instead of truncating a path. */
static int __attribute__((format(printf, 3, 4)))
pathf(char *buf, size_t len, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, len, fmt, ap);
	va_end(ap);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

/* Read a one-line sysfs attribute without its newline; 0 or -errno. */
static int read_str(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	if (n < 0)
		n = -errno;
	close(fd);
	if (n < 0)
		return n;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

/* Store into a sysfs attribute; 0 or -errno of the write (or open). */
static int write_str(const char *path, const char *s)
{
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	if (n < 0)
		n = -errno;
	close(fd);
	return n < 0 ? n : 0;
}

/* Name of the driver bound to device directory @dir, or "" if none. */
static const char *driver_of(const char *dir, char *buf, size_t len)
{
	char path[PATH_MAX], link[PATH_MAX];
	const char *base;
	ssize_t n;

	n = -1;
	if (!pathf(path, sizeof(path), "%s/driver", dir))
		n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		n = 0;
	link[n] = '\0';
	base = strrchr(link, '/');
	copy_name(buf, len, base ? base + 1 : link);
	return buf;
}

static bool sch_bound(const char *sch)
{
	char dir[PATH_MAX], drv[64];

	if (pathf(dir, sizeof(dir), CSS_DEVS "/%s", sch))
		return false;
	return !strcmp(driver_of(dir, drv, sizeof(drv)), "io_subchannel");
}

/*
 * The subchannel number may change across unplug/replug, so look it up by
 * the device number it reports (dev_busid works even while unbound).
 * Prefer a bound subchannel if a stale one reports the same busid.
 */
static int find_sch(char *sch, size_t len)
{
	char path[PATH_MAX], val[32];
	struct dirent *de;
	bool found = false;
	DIR *d;

	d = opendir(CSS_DEVS);
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (pathf(path, sizeof(path), CSS_DEVS "/%s/dev_busid",
			  de->d_name) ||
		    read_str(path, val, sizeof(val)) || strcmp(val, busid))
			continue;
		if (found && !sch_bound(de->d_name))
			continue;
		copy_name(sch, len, de->d_name);
		found = true;
		if (sch_bound(sch))
			break;
	}
	closedir(d);
	return found ? 0 : -ENOENT;
}

static void account(struct counts *c, int ret)
{
	if (!ret) {
		c->ok++;
		return;
	}
	c->err++;
	if (-ret < MAX_ERRNO)
		c->by_errno[-ret]++;
}

static void one_cycle(void)
{
	char sch[64];

	st.cycles++;
	if (find_sch(sch, sizeof(sch))) {
		st.absent++;
		return;
	}
	if (sch_bound(sch))
		account(&st.unbind, write_str(IOSCH_DRV "/unbind", sch));
	/* Leave a window in which hotplug events find no driver. */
	sleep_ms(1 + rand() % 4);
	account(&st.bind, write_str(IOSCH_DRV "/bind", sch));
}

/* True once the host has written a line containing "done" on stdin. */
static bool host_done(int timeout_ms)
{
	static char line[256];
	static size_t len;
	static bool eof, done;
	struct pollfd pfd = { .fd = 0, .events = POLLIN };
	ssize_t n;

	if (done)
		return true;
	if (eof) {
		sleep_ms(timeout_ms);
		return false;
	}
	if (poll(&pfd, 1, timeout_ms) <= 0)
		return false;
	n = read(0, line + len, sizeof(line) - 1 - len);
	if (n <= 0) {
		eof = true;
		return false;
	}
	len += n;
	line[len] = '\0';
	if (strstr(line, "done")) {
		done = true;
		return true;
	}
	/* Keep only the unfinished tail so "done" split across reads counts. */
	if (len > sizeof(line) / 2) {
		memmove(line, line + len - 8, 8);
		len = 8;
	}
	return false;
}

/* Path of the ccw device (plus @attr) below its current subchannel. */
static int ccw_path(char *path, size_t len, const char *attr)
{
	char sch[64];
	int ret;

	ret = find_sch(sch, sizeof(sch));
	if (ret)
		return ret;
	return pathf(path, len, CSS_DEVS "/%s/%s%s", sch, busid, attr);
}

/* True if the ccw device under a subchannel reports online. */
static bool ccw_online(void)
{
	char path[PATH_MAX], val[8];

	return !ccw_path(path, sizeof(path), "/online") &&
	       !read_str(path, val, sizeof(val)) && !strcmp(val, "1");
}

/* True once virtio_ccw is bound to the ccw device. */
static bool ccw_probed(void)
{
	char path[PATH_MAX], drv[64];

	return !ccw_path(path, sizeof(path), "") &&
	       !strcmp(driver_of(path, drv, sizeof(drv)), CCW_DRV);
}

/* Account one wait for the device, begun at @start, that @ok ended. */
static void count_wait(double start, bool ok)
{
	st.online_s += now() - start;
	if (ok)
		st.online_ok++;
	else
		st.online_timeout++;
}

/*
 * Manual mode: online the device ourselves once virtio_ccw has it.  The
 * store fails with EAGAIN while the ccw device is still being recognised,
 * so retry that until @max_ms.
 */
static bool set_online(int max_ms)
{
	double start = now(), end = start + max_ms / 1000.0;
	char path[PATH_MAX];
	int ret = -ETIMEDOUT;

	do {
		if (host_done(POLL_MS))
			return true;
		if (!ccw_probed() || ccw_path(path, sizeof(path), "/online"))
			continue;
		ret = write_str(path, "1");
		if (ret != -EAGAIN)
			break;
	} while (now() < end);
	account(&st.set_online, ret);
	count_wait(start, !ret);
	return false;
}

/*
 * Wait up to @max_ms for @ready (online mode: the device online; offline
 * mode: virtio_ccw bound to it), watching stdin. Returns true once the
 * host said "done".
 */
static bool wait_for(bool (*ready)(void), int max_ms)
{
	double start = now(), end = start + max_ms / 1000.0;
	bool ok = false;

	do {
		if (host_done(POLL_MS))
			return true;
	} while (!(ok = ready()) && now() < end);
	count_wait(start, ok);
	return false;
}

/*
 * Idle mode: tell the host when the subchannel that carried the device
 * has been unregistered (not merely lost its device number).
 */
static void watch_gone(void)
{
	static char seen[64];
	char path[PATH_MAX];

	if (!seen[0]) {
		if (find_sch(seen, sizeof(seen)))
			seen[0] = '\0';
		return;
	}
	if (pathf(path, sizeof(path), CSS_DEVS "/%s", seen) ||
	    !access(path, F_OK))
		return;
	printf("@@ gone %lu %s\n", ++st.gone, seen);
	seen[0] = '\0';
}

static bool after_cycle(void)
{
	switch (mode) {
	case MODE_OFFLINE:
		return wait_for(ccw_probed, ONLINE_MS);
	case MODE_ONLINE:
		return wait_for(ccw_online, ONLINE_MS);
	case MODE_MANUAL:
		return set_online(ONLINE_MS);
	case MODE_IDLE:
		watch_gone();
		return host_done(100);
	default:
		return host_done(POLL_MS);
	}
}

/* Check device, ccw driver, online state and virtio child driver. */
static const char *final_state(char *vdrv, size_t len)
{
	char sch[64], dir[PATH_MAX], path[PATH_MAX], val[64];
	struct dirent *de;
	DIR *d;

	vdrv[0] = '\0';
	if (find_sch(sch, sizeof(sch)))
		return "absent";
	if (!sch_bound(sch))
		return "unbound";
	if (pathf(dir, sizeof(dir), CSS_DEVS "/%s/%s", sch, busid) ||
	    strcmp(driver_of(dir, val, sizeof(val)), CCW_DRV))
		return "no_ccw_driver";
	if (pathf(path, sizeof(path), "%s/online", dir) ||
	    read_str(path, val, sizeof(val)) || strcmp(val, "1"))
		return "offline";
	d = opendir(dir);
	if (!d)
		return "no_ccw_dev";
	while ((de = readdir(d))) {
		if (strncmp(de->d_name, "virtio", 6))
			continue;
		if (!pathf(path, sizeof(path), "%s/%s", dir, de->d_name))
			driver_of(path, vdrv, len);
		break;
	}
	closedir(d);
	return vdrv[0] ? "bound" : "no_virtio_driver";
}

/* On failure, show what the css bus looks like for the log reader. */
static void dump_css(void)
{
	static const char *const attrs[] = { "online", "availability",
					     "cutype", "devtype" };
	char dir[PATH_MAX], path[PATH_MAX], val[64], drv[64];
	struct dirent *de;
	ssize_t n;
	size_t i;
	DIR *d;

	d = opendir(CSS_DEVS);
	if (!d)
		return;
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.' ||
		    pathf(dir, sizeof(dir), CSS_DEVS "/%s", de->d_name))
			continue;
		copy_name(val, sizeof(val), "?");
		if (!pathf(path, sizeof(path), "%s/dev_busid", dir))
			read_str(path, val, sizeof(val));
		printf("@@ dump sch=%s dev_busid=%s driver=%s", de->d_name,
		       val, driver_of(dir, drv, sizeof(drv)));
		for (i = 0; i < ARRAY_SIZE(attrs); i++) {
			copy_name(val, sizeof(val), "-");
			if (!pathf(path, sizeof(path), "%s/%s/%s", dir, busid,
				   attrs[i]))
				read_str(path, val, sizeof(val));
			printf(" %s=%s", attrs[i], val);
		}
		if (!pathf(path, sizeof(path), "%s/%s", dir, busid))
			printf(" ccw_driver=%s", driver_of(path, drv, sizeof(drv)));
		printf("\n");
	}
	closedir(d);
	/* A ccw device can outlive its subchannel: show where it hangs. */
	if (pathf(path, sizeof(path), "/sys/bus/ccw/devices/%s", busid))
		return;
	n = readlink(path, dir, sizeof(dir) - 1);
	dir[n < 0 ? 0 : n] = '\0';
	printf("@@ dump ccw %s -> %s driver=%s\n", busid, n < 0 ? "-" : dir,
	       driver_of(path, drv, sizeof(drv)));
}

/* Print the last @max lines of an s390dbf view (needs CONFIG_DEBUG_FS). */
static void dump_dbf(const char *name, int max)
{
	char path[PATH_MAX], *buf, *p;
	size_t len = 0, cap = 1 << 20;
	ssize_t n;
	int fd, lines = 0;

	if (pathf(path, sizeof(path), "/sys/kernel/debug/s390dbf/%s/sprintf",
		  name))
		return;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	buf = fd < 0 ? NULL : malloc(cap + 1);
	if (!buf) {
		if (fd >= 0)
			close(fd);
		return;
	}
	while (len < cap && (n = read(fd, buf + len, cap - len)) > 0)
		len += n;
	close(fd);
	buf[len] = '\0';
	/* Walk back @max newlines from the end. */
	for (p = buf + len; p > buf && lines <= max; p--)
		if (p[-1] == '\n')
			lines++;
	for (p = strtok(p, "\n"); p; p = strtok(NULL, "\n"))
		printf("@@ dbf %s: %s\n", name, p);
	free(buf);
}

/*
 * Wait until css has evaluated every subchannel and recognized every
 * ccw device (what udev settle asks for on s390). Under TCG with lockdep
 * one slow-path pass over all subchannel ids takes seconds, so a fixed
 * wait would take a slow kernel for one that lost the device.
 */
static void cio_settle(void)
{
	double start = now();

	alarm(CIO_SETTLE_SECS);	/* the write fails with EINTR when it rings */
	st.cio_settle = write_str("/proc/cio_settle", "1");
	alarm(0);
	st.cio_settle_s = now() - start;
}

/*
 * Wait for the replugged device to be bound.  Rebind a subchannel left
 * unbound; if the device is still missing after RESCAN_SECS, a hotplug
 * event was lost (events for a subchannel without driver are dropped), so
 * ask css to rescan, once.  Both are counted: the host decides whether a
 * recovered run passes.
 */
static const char *settle(char *vdrv, size_t len)
{
	double start = now(), last_bind = 0;
	char sch[64], path[PATH_MAX];
	const char *state;

	cio_settle();
	start = now();
	for (;;) {
		state = final_state(vdrv, len);
		if (!strcmp(state, "bound") || now() > start + SETTLE_SECS)
			return state;
		if (!strcmp(state, "unbound") && now() - last_bind > 2 &&
		    !find_sch(sch, sizeof(sch))) {
			write_str(IOSCH_DRV "/bind", sch);
			last_bind = now();
			st.final_rebinds++;
		}
		/* Without auto-online nobody else onlines a replugged device. */
		if ((mode == MODE_MANUAL || mode == MODE_OFFLINE) &&
		    !strcmp(state, "offline") &&
		    !ccw_path(path, sizeof(path), "/online"))
			account(&st.set_online, write_str(path, "1"));
		if ((!strcmp(state, "absent") ||
		     !strcmp(state, "no_ccw_driver")) &&
		    !st.final_rescans && now() > start + RESCAN_SECS) {
			printf("@@ settle: state=%s after %ds, rescanning css\n",
			       state, RESCAN_SECS);
			dump_css();
			write_str("/sys/devices/css0/rescan", "1");
			st.final_rescans++;
		}
		sleep_ms(200);
	}
}

static const char *const splat_pat[] = {
	"WARNING:", "BUG:", "Oops", "possible circular locking",
	"possible recursive locking", "INFO: task ", "blocked for more than",
	"Call Trace", "DEBUG_LOCKS_WARN_ON", "inconsistent lock state",
	"lockdep is turned off", "turning off the locking correctness",
	"suspicious RCU usage", "bad unlock balance", "held lock freed",
	"lock held when returning", "Kernel panic", "INFO: possible",
};

static bool is_splat(const char *line)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(splat_pat); i++)
		if (strstr(line, splat_pat[i]))
			return true;
	return false;
}

/* Count splat lines in the kernel log and show the first few. */
static int count_splats(void)
{
	int size, n, splats = 0;
	char *buf, *line, *save;

	size = klogctl(10, NULL, 0);	/* SYSLOG_ACTION_SIZE_BUFFER */
	if (size <= 0)
		return -1;
	buf = malloc(size + 1);
	if (!buf)
		return -1;
	n = klogctl(3, buf, size);	/* SYSLOG_ACTION_READ_ALL */
	if (n < 0) {
		free(buf);
		return -1;
	}
	buf[n] = '\0';
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!is_splat(line))
			continue;
		if (splats++ < MAX_SPLAT_SHOW)
			printf("@@ splat: %s\n", line);
	}
	free(buf);
	return splats;
}

/* lockdep's debug_locks drops to 0 once it has reported anything. */
static int debug_locks(void)
{
	char buf[4096], *p;
	int fd, n, val = -1;

	fd = open("/proc/lockdep_stats", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strstr(buf, "debug_locks:");
	if (p)
		sscanf(p, "debug_locks: %d", &val);
	return val;
}

static void print_errnos(const char *name, const struct counts *c)
{
	int e;

	printf(" %s_errno=", name);
	if (!c->err)
		printf("-");
	for (e = 0; e < MAX_ERRNO; e++)
		if (c->by_errno[e])
			printf("%s:%lu,", strerrorname_np(e), c->by_errno[e]);
}

static void summary(double loop_s, bool done, const char *state,
		    const char *vdrv)
{
	int splats = count_splats();

	printf("@@ cycles=%lu unbinds=%lu unbind_errors=%lu binds=%lu bind_errors=%lu absent=%lu gone=%lu",
	       st.cycles, st.unbind.ok, st.unbind.err, st.bind.ok,
	       st.bind.err, st.absent, st.gone);
	print_errnos("unbind", &st.unbind);
	print_errnos("bind", &st.bind);
	if (mode == MODE_MANUAL || mode == MODE_OFFLINE) {
		printf(" set_online=%lu set_online_errors=%lu",
		       st.set_online.ok, st.set_online.err);
		print_errnos("set_online", &st.set_online);
	}
	printf(" online_ok=%lu online_timeout=%lu online_avg_ms=%.0f",
	       st.online_ok, st.online_timeout,
	       st.online_ok + st.online_timeout ?
	       1000 * st.online_s / (st.online_ok + st.online_timeout) : 0.0);
	printf("\n@@ loop_s=%.1f host_done=%d cio_settle=%s cio_settle_s=%.1f final=%s vdrv=%s final_rebinds=%u final_rescans=%u splats=%d debug_locks=%d\n",
	       loop_s, done, st.cio_settle ? strerrorname_np(-st.cio_settle) : "ok",
	       st.cio_settle_s, state, vdrv[0] ? vdrv : "-", st.final_rebinds,
	       st.final_rescans, splats,
	       debug_locks());
	printf("@@ end\n");
}

static void on_alarm(int sig)
{
	(void)sig;
}

static void setup(void)
{
	/* No SA_RESTART: the alarm interrupts a write that waits. */
	struct sigaction sa = { .sa_handler = on_alarm };

	sigaction(SIGALRM, &sa, NULL);
	mkdir("/proc", 0755);
	mkdir("/sys", 0755);
	mkdir("/dev", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	/* For the s390dbf cio logs shown when a run goes wrong. */
	mount("debugfs", "/sys/kernel/debug", "debugfs", 0, NULL);
	setvbuf(stdout, NULL, _IOLBF, 0);
	srand(time(NULL) ^ getpid());
}

static void power_off(void)
{
	fflush(stdout);
	tcdrain(1);		/* let the SCLP console print the summary */
	sleep(1);
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}

int main(int argc, char **argv)
{
	char sch[64] = "none", uptime[64] = "?", vdrv[64];
	const char *state;
	double start, end;
	bool done = false;

	if (argc > 1)
		busid = argv[1];
	for (mode = 0; argc > 2 && mode < NR_MODES; mode++)
		if (!strcmp(argv[2], mode_name[mode]))
			break;
	if (mode == NR_MODES)
		mode = MODE_OFFLINE;
	setup();
	/* Start once the boot's device recognition is done. */
	cio_settle();
	find_sch(sch, sizeof(sch));
	read_str("/proc/uptime", uptime, sizeof(uptime));
	printf("@@ ready busid=%s sch=%s mode=%s uptime=%s\n", busid, sch,
	       mode_name[mode], uptime);

	start = now();
	end = start + LOOP_SECS;
	while (st.cycles < MAX_CYCLES && now() < end) {
		if (mode == MODE_IDLE)
			st.cycles++;
		else
			one_cycle();
		if (st.cycles % 100 == 0)
			printf("@@ progress cycles=%lu\n", st.cycles);
		done = after_cycle();
		if (done)
			break;
	}
	start = now() - start;

	state = settle(vdrv, sizeof(vdrv));
	if (strcmp(state, "bound") || st.final_rescans || st.final_rebinds ||
	    debug_locks() == 0) {
		dump_css();
		dump_dbf("cio_msg", 60);
	}
	summary(start, done, state, vdrv);
	power_off();
	return 0;
}
