// SPDX-License-Identifier: GPL-2.0-only
/*
 * vfio-check: the guest side of scripts/e2e. Drives VFIO through its
 * ioctls and sysfs bind files the way a user-space driver and root do,
 * and prints one "name=RESULT" word per step, RESULT being OK or the
 * errno name, so the init script can compare them with what it expects.
 *
 *   vfio-check open GROUP
 *	open the container and /dev/vfio/GROUP, then GET_STATUS,
 *	SET_CONTAINER, SET_IOMMU (type1) and MAP_DMA of one page; close all
 *   vfio-check hold-bind GROUP DRIVER DEVICE
 *	as open, then, with the group still in the container, write DEVICE
 *	to /sys/bus/pci/drivers/DRIVER/bind; close all
 *   vfio-check bind DRIVER DEVICE
 *	write DEVICE to /sys/bus/pci/drivers/DRIVER/bind
 *   vfio-check hold-rescan GROUP DEVICE
 *	as open, then, with the group still in the container, remove the
 *	PCI device DEVICE and rescan the bus, so that it is found again and
 *	joins the group while VFIO owns it; close all
 *   vfio-check xmit IFACE
 *	send one broadcast Ethernet frame on IFACE through a packet socket,
 *	so that the NIC reads it by DMA
 *   vfio-check cdev DEVICE
 *	the iommufd way (where the kernel headers have it): open /dev/iommu
 *	and DEVICE's VFIO cdev, BIND_IOMMUFD, IOAS_ALLOC, ATTACH_IOMMUFD_PT
 *	and IOAS_MAP of one page; close all
 *   vfio-check cdev-hold-bind DEVICE DRIVER OTHER
 *	as cdev, then, with DEVICE still bound to iommufd, write OTHER to
 *	/sys/bus/pci/drivers/DRIVER/bind; close all
 *
 * Hostile input, by root (OTHER unbound at the start and at the end):
 *   vfio-check sysfs DRIVER OTHER
 *	unknown, oversized and repeated writes to DRIVER's bind and unbind,
 *	the bus's drivers_probe and OTHER's driver_override
 *   vfio-check wrong-order GROUP DEVICE DRIVER OTHER
 *	the group's ioctls out of order (UNSET_CONTAINER, GET_DEVICE_FD for
 *	DEVICE, SET_IOMMU and MAP_DMA before SET_CONTAINER, SET_CONTAINER
 *	twice), a second process opening the group, the container closed
 *	while the group is in it (OTHER must still not bind to DRIVER)
 *   vfio-check storm GROUP DRIVER OTHER N
 *	with the group in a container, three processes write OTHER N times
 *	each to DRIVER's bind (two) and to drivers_probe (one); OTHER must
 *	never be seen bound
 *   vfio-check race GROUP DRIVER OTHER N
 *	two processes bind OTHER to DRIVER and unbind it, N times each,
 *	while this one claims the group in a loop: whenever a claim holds,
 *	OTHER must not be bound
 *
 * Faults: every allocation of one operation failed in turn, through
 * /proc/thread-self/fail-nth (the kernel needs FAULT_INJECTION, with
 * failslab and fail_page_alloc told not to spare sleeping allocations):
 *   vfio-check fault MODE GROUP A B DRIVER
 *	MODE bind-dma: B written to DRIVER's bind (a DMA API driver);
 *	bind-vfio: A written to vfio-pci's bind; claim: SET_CONTAINER,
 *	SET_IOMMU, MAP_DMA and the closes that release the group; claim-cdev
 *	(where the kernel has iommufd): A's cdev bound to iommufd, attached,
 *	mapped and closed. Round N fails the Nth allocation, until a round
 *	makes fewer than N. After each, the device must be bound exactly when
 *	the operation succeeded, and the group must be free: claimed by VFIO
 *	with A on vfio-pci and B unbound, then B bound to DRIVER and unbound.
 *	A group device that lost its /dev node to a failed allocation (the
 *	driver core makes devtmpfs nodes on a best-effort basis, relying on
 *	udev otherwise) gets one made here, as udev would, and counted.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#if __has_include(<linux/iommufd.h>)
#include <linux/iommufd.h>
#endif
#include <linux/vfio.h>
#include <dirent.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define PAGE 4096

static const char *errno_name(int err)
{
	static const struct {
		int err;
		const char *name;
	} names[] = {
		{ EAGAIN, "EAGAIN" }, { EBADF, "EBADF" }, { EBUSY, "EBUSY" },
		{ EEXIST, "EEXIST" }, { EFAULT, "EFAULT" }, { EINVAL, "EINVAL" },
		{ EIO, "EIO" }, { ENODEV, "ENODEV" }, { ENOENT, "ENOENT" },
		{ ENOMEM, "ENOMEM" }, { ENOSPC, "ENOSPC" }, { ENOTTY, "ENOTTY" },
		{ ENXIO, "ENXIO" }, { EPERM, "EPERM" },
	};
	static char other[32];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].err == err)
			return names[i].name;
	snprintf(other, sizeof(other), "E%d", err);
	return other;
}

/*
 * Set while the fault pass runs its own checks: report() prints nothing
 * and keeps the name of the last call that failed instead.
 */
static bool quiet;
static const char *quiet_failed = "";

/* Print "name=OK" or "name=ERRNO" for a call that returned @ret. */
static int report(const char *name, int ret)
{
	if (quiet && ret < 0)
		quiet_failed = name;
	if (!quiet) {
		printf(" %s=%s", name, ret < 0 ? errno_name(errno) : "OK");
		fflush(stdout);
	}
	return ret < 0 ? -1 : 0;
}

/* Write @len bytes of @value to the file @path; -1 with errno on failure. */
static int write_file(const char *path, const char *value, size_t len)
{
	int fd, ret, err;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -1;
	ret = write(fd, value, len);
	err = errno;
	close(fd);
	errno = err;
	return ret < 0 ? -1 : 0;
}

static int write_str(const char *path, const char *value)
{
	return write_file(path, value, strlen(value));
}

/* The name of the driver PCI device @dev is bound to, "" if none. */
static const char *driver_of(const char *dev)
{
	static char name[512];
	char path[256], link[512];
	const char *slash;
	ssize_t n;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver", dev);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0)
		return "";
	link[n] = 0;
	slash = strrchr(link, '/');
	snprintf(name, sizeof(name), "%s", slash ? slash + 1 : link);
	return name;
}

static int unbind_dev(const char *dev)
{
	char path[256];

	if (!*driver_of(dev))
		return 0;
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver/unbind", dev);
	return write_str(path, dev);
}

/* Set @dev's driver_override to @driver ("\n" clears it). */
static int set_override(const char *dev, const char *driver)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/driver_override", dev);
	return write_str(path, driver);
}

/* Bind @dev to @driver and to nothing else, whatever it was bound to. */
static int bind_to(const char *driver, const char *dev)
{
	char path[256];

	if (!strcmp(driver_of(dev), driver))
		return 0;
	if (unbind_dev(dev) || set_override(dev, driver))
		return -1;
	snprintf(path, sizeof(path), "/sys/bus/pci/drivers/%s/bind", driver);
	return write_str(path, dev);
}

static int sysfs_bind(const char *driver, const char *device)
{
	char path[256];
	int fd, ret;

	snprintf(path, sizeof(path), "/sys/bus/pci/drivers/%s/bind", driver);
	fd = open(path, O_WRONLY);
	if (report("open_bind", fd))
		return -1;
	ret = write(fd, device, strlen(device));
	close(fd);
	return report("bind", ret);
}

/* Write @value to the sysfs file @path, reported as @name. */
static int sysfs_write(const char *name, const char *path, const char *value)
{
	return report(name, write_str(path, value));
}

static int pci_remove_rescan(const char *device)
{
	char path[256];

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/remove", device);
	if (sysfs_write("remove", path, "1"))
		return -1;
	return sysfs_write("rescan", "/sys/bus/pci/rescan", "1");
}

static int xmit(const char *iface)
{
	struct sockaddr_ll addr = {
		.sll_family = AF_PACKET,
		.sll_protocol = htons(ETH_P_802_EX1),
		.sll_halen = ETH_ALEN,
		.sll_addr = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
	};
	char payload[64] = "vfio-check";
	struct ifreq ifr = { 0 };
	int fd, ret;

	fd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_802_EX1));
	if (report("socket", fd))
		return -1;
	/* Not if_nametoindex(): it needs a socket family the guest lacks. */
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", iface);
	ret = ioctl(fd, SIOCGIFINDEX, &ifr);
	if (!report("ifindex", ret)) {
		addr.sll_ifindex = ifr.ifr_ifindex;
		ret = sendto(fd, payload, sizeof(payload), 0,
			     (struct sockaddr *)&addr, sizeof(addr));
		ret = report("xmit", ret);
	}
	close(fd);
	return ret;
}

/* One page of user memory to map for DMA, faulted in already. */
static void *dma_page(void)
{
	static void *page;

	if (!page) {
		page = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (page == MAP_FAILED) {
			perror("mmap");
			exit(2);
		}
		memset(page, 0, PAGE);
	}
	return page;
}

struct vfio {
	int container;
	int group;
};

/* Open the container and @group and get the group's status. */
static int vfio_open_fds(struct vfio *v, const char *group)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	char path[64];

	v->group = -1;
	v->container = open("/dev/vfio/vfio", O_RDWR);
	if (report("open_container", v->container))
		return -1;
	snprintf(path, sizeof(path), "/dev/vfio/%s", group);
	v->group = open(path, O_RDWR);
	if (report("open_group", v->group))
		return -1;
	if (report("get_status", ioctl(v->group, VFIO_GROUP_GET_STATUS,
					&status)))
		return -1;
	if (!quiet)
		printf(" viable=%d", !!(status.flags & VFIO_GROUP_FLAGS_VIABLE));
	return 0;
}

static int vfio_map_page(int container, const char *name)
{
	struct vfio_iommu_type1_dma_map map = { .argsz = sizeof(map) };

	map.vaddr = (unsigned long)dma_page();
	map.iova = 0x100000;
	map.size = PAGE;
	map.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE;
	return report(name, ioctl(container, VFIO_IOMMU_MAP_DMA, &map));
}

/* Claim the opened group for the container and map a page for DMA. */
static int vfio_use(struct vfio *v)
{
	if (report("set_container", ioctl(v->group, VFIO_GROUP_SET_CONTAINER,
					   &v->container)))
		return -1;
	if (report("set_iommu", ioctl(v->container, VFIO_SET_IOMMU,
				       VFIO_TYPE1_IOMMU)))
		return -1;
	return vfio_map_page(v->container, "map_dma");
}

/* Set up @group as a user-space driver does; stop at the first failure. */
static int vfio_open(struct vfio *v, const char *group)
{
	dma_page();
	if (vfio_open_fds(v, group))
		return -1;
	return vfio_use(v);
}

static void vfio_close(struct vfio *v)
{
	if (v->group >= 0)
		close(v->group);
	if (v->container >= 0)
		close(v->container);
	v->group = v->container = -1;
}

#if defined(VFIO_DEVICE_BIND_IOMMUFD) && defined(IOMMU_IOAS_MAP)
struct cdev {
	int iommufd;
	int device;
};

/* Open DEVICE's cdev (the vfioN under its vfio-dev directory). */
static int open_cdev(const char *device)
{
	char path[512];
	struct dirent *e;
	DIR *dir;
	int fd = -1;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/vfio-dev", device);
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((e = readdir(dir))) {
		if (strncmp(e->d_name, "vfio", 4))
			continue;
		snprintf(path, sizeof(path), "/dev/vfio/devices/%s", e->d_name);
		fd = open(path, O_RDWR);
		break;
	}
	closedir(dir);
	return fd;
}

/* Give DEVICE to iommufd as a user-space driver does; stop at a failure. */
/* Open /dev/iommu and @device's cdev. */
static int cdev_open_fds(struct cdev *c, const char *device)
{
	c->device = -1;
	c->iommufd = open("/dev/iommu", O_RDWR);
	if (report("open_iommufd", c->iommufd))
		return -1;
	c->device = open_cdev(device);
	return report("open_cdev", c->device);
}

/* Bind the opened cdev to iommufd, attach it to a new IOAS, map a page. */
static int cdev_use(struct cdev *c)
{
	struct vfio_device_bind_iommufd bind = { .argsz = sizeof(bind) };
	struct vfio_device_attach_iommufd_pt attach = { .argsz = sizeof(attach) };
	struct iommu_ioas_alloc alloc = { .size = sizeof(alloc) };
	struct iommu_ioas_map map = { .size = sizeof(map) };

	bind.iommufd = c->iommufd;
	if (report("bind_iommufd", ioctl(c->device, VFIO_DEVICE_BIND_IOMMUFD, &bind)))
		return -1;
	if (report("ioas_alloc", ioctl(c->iommufd, IOMMU_IOAS_ALLOC, &alloc)))
		return -1;
	attach.pt_id = alloc.out_ioas_id;
	if (report("attach", ioctl(c->device, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &attach)))
		return -1;

	map.flags = IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_READABLE |
		    IOMMU_IOAS_MAP_WRITEABLE;
	map.ioas_id = alloc.out_ioas_id;
	map.user_va = (unsigned long)dma_page();
	map.length = PAGE;
	map.iova = 0x100000;
	return report("ioas_map", ioctl(c->iommufd, IOMMU_IOAS_MAP, &map));
}

/* Give DEVICE to iommufd as a user-space driver does; stop at a failure. */
static int cdev_open(struct cdev *c, const char *device)
{
	dma_page();
	if (cdev_open_fds(c, device))
		return -1;
	return cdev_use(c);
}

static void cdev_close(struct cdev *c)
{
	if (c->device >= 0)
		close(c->device);
	if (c->iommufd >= 0)
		close(c->iommufd);
	c->device = c->iommufd = -1;
}
#endif

/* Hostile input: what root may write, and what it must get back. */

#define NO_DEVICE "0000:ff:1f.7"

/* The path of @file in PCI device @dev's sysfs directory. */
static const char *dev_file(const char *dev, const char *file)
{
	static char path[256];

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/%s", dev, file);
	return path;
}

/* @dev's driver_override, without its newline. */
static const char *override_of(const char *dev)
{
	static char value[256];
	ssize_t n = -1;
	int fd;

	fd = open(dev_file(dev, "driver_override"), O_RDONLY);
	if (fd >= 0) {
		n = read(fd, value, sizeof(value) - 1);
		close(fd);
	}
	value[n > 0 ? n : 0] = 0;
	value[strcspn(value, "\n")] = 0;
	return value;
}

static int sysfs_hostile(const char *driver, const char *dev)
{
	const char *probe = "/sys/bus/pci/drivers_probe";
	char bind[256], unbind[256], before[256];
	static char big[PAGE];

	snprintf(bind, sizeof(bind), "/sys/bus/pci/drivers/%s/bind", driver);
	snprintf(unbind, sizeof(unbind), "/sys/bus/pci/drivers/%s/unbind", driver);
	memset(big, 'x', sizeof(big));

	report("bind_unknown", write_str(bind, NO_DEVICE));
	report("bind_oversized", write_file(bind, big, sizeof(big)));
	report("unbind_unbound", write_str(unbind, dev));
	report("probe_unknown", write_str(probe, NO_DEVICE));
	if (set_override(dev, driver))
		return report("override", -1);
	snprintf(before, sizeof(before), "%s", override_of(dev));
	report("override_oversized",
	       write_file(dev_file(dev, "driver_override"), big, sizeof(big)));
	printf(" override_kept=%d", !strcmp(before, override_of(dev)));
	report("bind", write_str(bind, dev));
	report("bind_again", write_str(bind, dev));
	report("probe_bound", write_str(probe, dev));
	printf(" driver=%s", driver_of(dev));
	report("unbind", write_str(unbind, dev));
	report("unbind_again", write_str(unbind, dev));
	set_override(dev, "\n");
	printf(" end_driver=%s", driver_of(dev));
	return 0;
}

/* The group's ioctls out of order; see the header. */
static int wrong_order(const char *group, const char *device,
		       const char *driver, const char *other)
{
	char bind[256];
	struct vfio v;
	pid_t pid;
	int status;

	snprintf(bind, sizeof(bind), "/sys/bus/pci/drivers/%s/bind", driver);
	if (set_override(other, driver) || vfio_open_fds(&v, group))
		return -1;
	report("unset_first", ioctl(v.group, VFIO_GROUP_UNSET_CONTAINER));
	report("device_fd_first", ioctl(v.group, VFIO_GROUP_GET_DEVICE_FD, device));
	report("set_iommu_first", ioctl(v.container, VFIO_SET_IOMMU,
					VFIO_TYPE1_IOMMU));
	vfio_map_page(v.container, "map_first");
	report("set_container", ioctl(v.group, VFIO_GROUP_SET_CONTAINER,
				      &v.container));
	report("set_container_again", ioctl(v.group, VFIO_GROUP_SET_CONTAINER,
					    &v.container));
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		char path[64];

		snprintf(path, sizeof(path), "/dev/vfio/%s", group);
		_exit(open(path, O_RDWR) < 0 ? errno : 0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return report("fork", -1);
	errno = WEXITSTATUS(status);
	report("second_process_open", errno ? -1 : 0);
	report("set_iommu", ioctl(v.container, VFIO_SET_IOMMU, VFIO_TYPE1_IOMMU));
	vfio_map_page(v.container, "map_dma");
	report("close_container", close(v.container));
	v.container = -1;
	report("bind_while_held", write_str(bind, other));
	report("unset", ioctl(v.group, VFIO_GROUP_UNSET_CONTAINER));
	report("bind_after_unset", write_str(bind, other));
	printf(" driver=%s", driver_of(other));
	unbind_dev(other);
	set_override(other, "\n");
	vfio_close(&v);
	return 0;
}

/* Fork a process that runs @fn(@arg) and exits with what it returns. */
static pid_t spawn(int (*fn)(const char *const *arg), const char *const *arg)
{
	pid_t pid;

	fflush(stdout);
	pid = fork();
	if (pid == 0)
		_exit(fn(arg));
	return pid;
}

/*
 * arg: path, value, count. Exits with the errno every write failed with,
 * or 255 if one succeeded or two failed differently.
 */
static int write_loop_refused(const char *const *arg)
{
	int i, n = atoi(arg[2]), err = 0;

	for (i = 0; i < n; i++) {
		if (!write_str(arg[0], arg[1]) || (err && errno != err))
			return 255;
		err = errno;
	}
	return err;
}

/* arg: path, value, count. Exits with the errno of a failed write, or 0. */
static int write_loop(const char *const *arg)
{
	int i, n = atoi(arg[2]);

	for (i = 0; i < n; i++)
		if (write_str(arg[0], arg[1]))
			return errno;
	return 0;
}

/* arg: driver, device, count: binds and unbinds, whatever they return. */
static int bind_unbind_loop(const char *const *arg)
{
	char bind[256], unbind[256];
	int i, n = atoi(arg[2]);

	snprintf(bind, sizeof(bind), "/sys/bus/pci/drivers/%s/bind", arg[0]);
	snprintf(unbind, sizeof(unbind), "/sys/bus/pci/drivers/%s/unbind", arg[0]);
	for (i = 0; i < n; i++) {
		write_str(bind, arg[1]);
		write_str(unbind, arg[1]);
	}
	return 0;
}

/* Print how each of the @n children in @pids exited: " name=ERRNO|OK". */
static void report_children(const pid_t *pids, const char *const *names,
			    const int *status, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (pids[i] < 0 || !WIFEXITED(status[i]))
			printf(" %s=DIED", names[i]);
		else if (WEXITSTATUS(status[i]) == 255)
			printf(" %s=SUCCEEDED", names[i]);
		else
			printf(" %s=%s", names[i], WEXITSTATUS(status[i]) ?
			       errno_name(WEXITSTATUS(status[i])) : "OK");
	}
}

/*
 * Call @poll(@arg) until the @n children in @pids have exited; their
 * wait statuses go to @status. Returns the sum of what @poll returned.
 */
static int poll_children(const pid_t *pids, int *status, int n,
			 int (*poll)(const void *arg), const void *arg)
{
	int i, left = 0, sum = 0;
	pid_t pid;
	int st;

	for (i = 0; i < n; i++)
		left += pids[i] > 0;
	while (left) {
		pid = waitpid(-1, &st, WNOHANG);
		if (pid < 0)
			break;
		if (pid == 0) {
			sum += poll(arg);
			continue;
		}
		for (i = 0; i < n; i++)
			if (pids[i] == pid)
				status[i] = st;
		left--;
	}
	return sum;
}

struct watch {
	const char *device;
	const char *driver;
	const char *group;
	int claims;
	int refused;
};

/* 1 if the watched device is bound to the driver it must not get. */
static int bound_to_driver(const void *arg)
{
	const struct watch *w = arg;

	return !strcmp(driver_of(w->device), w->driver);
}

static int storm(const char *group, const char *driver, const char *other,
		 const char *count)
{
	static const char *const names[] = { "bind1", "bind2", "drivers_probe" };
	const char *const probe_arg[] = { "/sys/bus/pci/drivers_probe", other, count };
	struct watch w = { .device = other, .driver = driver };
	char bind[256];
	const char *const bind_arg[] = { bind, other, count };
	int status[3] = { 0 }, seen;
	pid_t pids[3];
	struct vfio v;

	snprintf(bind, sizeof(bind), "/sys/bus/pci/drivers/%s/bind", driver);
	if (unbind_dev(other) || set_override(other, driver) ||
	    vfio_open(&v, group)) {
		vfio_close(&v);
		return -1;
	}
	pids[0] = spawn(write_loop_refused, bind_arg);
	pids[1] = spawn(write_loop_refused, bind_arg);
	pids[2] = spawn(write_loop, probe_arg);
	seen = poll_children(pids, status, 3, bound_to_driver, &w);
	report_children(pids, names, status, 3);
	printf(" seen_bound=%d", seen);
	vfio_close(&v);
	set_override(other, "\n");
	return seen ? -1 : 0;
}

/* Claim the group once; 1 if the watched device was bound meanwhile. */
static int claim_and_check(const void *arg)
{
	struct watch *w = (struct watch *)arg;
	int violations = 0, i;
	struct vfio v;

	quiet = true;
	if (vfio_open(&v, w->group)) {
		w->refused++;
	} else {
		w->claims++;
		for (i = 0; i < 3; i++)
			violations |= bound_to_driver(w);
	}
	vfio_close(&v);
	quiet = false;
	return violations;
}

static int race(const char *group, const char *driver, const char *other,
		const char *count)
{
	static const char *const names[] = { "binder1", "binder2" };
	const char *const arg[] = { driver, other, count };
	struct watch w = { .device = other, .driver = driver, .group = group };
	int status[2] = { 0 }, violations;
	pid_t pids[2];

	if (unbind_dev(other) || set_override(other, driver))
		return report("setup", -1);
	pids[0] = spawn(bind_unbind_loop, arg);
	pids[1] = spawn(bind_unbind_loop, arg);
	violations = poll_children(pids, status, 2, claim_and_check, &w);
	report_children(pids, names, status, 2);
	printf(" claims=%d refused=%d violations=%d", w.claims, w.refused,
	       violations);
	unbind_dev(other);
	set_override(other, "\n");
	return violations ? -1 : 0;
}

/*
 * Faults. fail-nth (Documentation/fault-injection): armed with N, it
 * fails the Nth allocation this thread makes from then on; read back, it
 * is 0 once that allocation has been failed.
 */
#define FAULT_ROUNDS_MAX 5000

static int fail_nth = -1;

static void fail_nth_arm(unsigned int n)
{
	char buf[16];
	int len = snprintf(buf, sizeof(buf), "%u", n);

	if (pwrite(fail_nth, buf, len, 0) != len) {
		perror("fail-nth");
		exit(2);
	}
}

/* Disarm fail-nth; true if the armed allocation was failed. */
static bool fail_nth_disarm(void)
{
	char buf[16] = "";
	bool fired;

	fired = pread(fail_nth, buf, sizeof(buf) - 1, 0) > 0 && buf[0] == '0';
	if (pwrite(fail_nth, "0", 1, 0) != 1) {
		perror("fail-nth");
		exit(2);
	}
	return fired;
}

struct fault_ctx {
	const char *group;
	const char *a;		/* on vfio-pci */
	const char *b;		/* unbound, or on the DMA API driver */
	const char *driver;	/* the DMA API driver */
	int bind_fd;
	int nodes_remade;	/* group nodes devtmpfs failed to make */
	struct vfio v;
#if defined(VFIO_DEVICE_BIND_IOMMUFD) && defined(IOMMU_IOAS_MAP)
	struct cdev c;
#endif
};

/* One operation under the fault pass; op() runs armed and prints nothing. */
struct fault_mode {
	const char *name;
	int (*prepare)(struct fault_ctx *f);
	int (*op)(struct fault_ctx *f);
	bool (*consistent)(struct fault_ctx *f, int ret);
};

static int open_bind(struct fault_ctx *f, const char *driver, const char *dev)
{
	char path[256];

	if (unbind_dev(dev) || set_override(dev, driver))
		return -1;
	snprintf(path, sizeof(path), "/sys/bus/pci/drivers/%s/bind", driver);
	f->bind_fd = open(path, O_WRONLY);
	return f->bind_fd < 0 ? -1 : 0;
}

/* Write @dev to the opened bind file and close it, keeping write's errno. */
static int write_bind(struct fault_ctx *f, const char *dev)
{
	int ret, err;

	ret = write(f->bind_fd, dev, strlen(dev)) < 0 ? -1 : 0;
	err = errno;
	close(f->bind_fd);
	errno = err;
	return ret;
}

static int prepare_bind_dma(struct fault_ctx *f)
{
	return open_bind(f, f->driver, f->b);
}

static int op_bind_dma(struct fault_ctx *f)
{
	return write_bind(f, f->b);
}

static bool bind_dma_consistent(struct fault_ctx *f, int ret)
{
	return !strcmp(driver_of(f->b), ret ? "" : f->driver);
}

static int prepare_bind_vfio(struct fault_ctx *f)
{
	return open_bind(f, "vfio-pci", f->a);
}

static int op_bind_vfio(struct fault_ctx *f)
{
	return write_bind(f, f->a);
}

static bool bind_vfio_consistent(struct fault_ctx *f, int ret)
{
	return !strcmp(driver_of(f->a), ret ? "" : "vfio-pci");
}

/* A on vfio-pci and B unbound, as a claim of the group needs them. */
static int claimable(struct fault_ctx *f)
{
	dma_page();
	return bind_to("vfio-pci", f->a) || unbind_dev(f->b) ? -1 : 0;
}

static int prepare_claim(struct fault_ctx *f)
{
	return claimable(f) ?: vfio_open_fds(&f->v, f->group);
}

static int op_claim(struct fault_ctx *f)
{
	int ret, err;

	ret = vfio_use(&f->v);
	err = errno;
	vfio_close(&f->v);
	errno = err;
	return ret;
}

/* What a failed claim leaves is checked by group_not_free(). */
static bool always(struct fault_ctx *f, int ret)
{
	(void)f;
	(void)ret;
	return true;
}

#if defined(VFIO_DEVICE_BIND_IOMMUFD) && defined(IOMMU_IOAS_MAP)
static int prepare_claim_cdev(struct fault_ctx *f)
{
	return claimable(f) ?: cdev_open_fds(&f->c, f->a);
}

static int op_claim_cdev(struct fault_ctx *f)
{
	int ret, err;

	ret = cdev_use(&f->c);
	err = errno;
	cdev_close(&f->c);
	errno = err;
	return ret;
}
#endif

static const struct fault_mode fault_modes[] = {
	{ "bind-dma", prepare_bind_dma, op_bind_dma, bind_dma_consistent },
	{ "bind-vfio", prepare_bind_vfio, op_bind_vfio, bind_vfio_consistent },
	{ "claim", prepare_claim, op_claim, always },
#if defined(VFIO_DEVICE_BIND_IOMMUFD) && defined(IOMMU_IOAS_MAP)
	{ "claim-cdev", prepare_claim_cdev, op_claim_cdev, always },
#endif
};

/*
 * Make /dev/vfio/GROUP from the group's sysfs "dev" if devtmpfs has none:
 * 1 if made, 0 if there was one, -1 on failure.
 */
static int remake_group_node(const char *group)
{
	char path[64], devpath[64], buf[32] = "";
	unsigned int major, minor;
	int fd, n;

	snprintf(path, sizeof(path), "/dev/vfio/%s", group);
	if (!access(path, F_OK))
		return 0;
	snprintf(devpath, sizeof(devpath), "/sys/class/vfio/%s/dev", group);
	fd = open(devpath, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0 || sscanf(buf, "%u:%u", &major, &minor) != 2)
		return -1;
	return mknod(path, S_IFCHR | 0600, makedev(major, minor)) ? -1 : 1;
}

/*
 * Nothing leaked a claim or a DMA API use of the group: VFIO can claim it
 * with A on vfio-pci and B unbound, and B can then bind to the DMA API
 * driver. Returns NULL, or the step that failed with errno set.
 */
static const char *group_not_free(struct fault_ctx *f)
{
	struct vfio v;
	int ret, err;

	if (bind_to("vfio-pci", f->a))
		return "bind_a";
	if (unbind_dev(f->b))
		return "unbind_b";
	ret = remake_group_node(f->group);
	if (ret < 0)
		return "remake_node";
	f->nodes_remade += ret;
	ret = vfio_open(&v, f->group);
	err = errno;
	vfio_close(&v);
	errno = err;
	if (ret)
		return quiet_failed;
	if (bind_to(f->driver, f->b))
		return "bind_b";
	return unbind_dev(f->b) ? "unbind_b" : NULL;
}

/* Add the name of @err to the comma-separated list @list. */
static void add_errno(char *list, size_t size, int err)
{
	const char *name = errno_name(err);
	char *p;

	for (p = strstr(list, name); p; p = strstr(p + 1, name))
		if ((p == list || p[-1] == ',') && (!p[strlen(name)] || p[strlen(name)] == ','))
			return;
	snprintf(list + strlen(list), size - strlen(list), "%s%s",
		 *list ? "," : "", name);
}

static int fault_pass(const struct fault_mode *m, struct fault_ctx *f)
{
	int n, rounds = 0, ret = 0, err = 0, faults = 0, failed = 0, absorbed = 0;
	int inconsistent = 0, leaked = 0;
	char errnos[128] = "", first_leak[64] = "";
	const char *step;
	bool fired = true;

	fail_nth = open("/proc/thread-self/fail-nth", O_RDWR);
	if (report("open_fail_nth", fail_nth))
		return -1;
	quiet = true;
	for (n = 1; fired && n <= FAULT_ROUNDS_MAX; n++) {
		if (m->prepare(f)) {
			quiet = false;
			return report("prepare", -1);
		}
		rounds++;
		fail_nth_arm(n);
		ret = m->op(f);
		err = errno;
		fired = fail_nth_disarm();
		inconsistent += !m->consistent(f, ret);
		step = group_not_free(f);
		if (step && !leaked++)
			snprintf(first_leak, sizeof(first_leak), " first_leak=%d:%s:%s",
				 n, step, errno_name(errno));
		if (!fired)
			break;
		faults++;
		if (ret) {
			failed++;
			add_errno(errnos, sizeof(errnos), err);
		} else {
			absorbed++;
		}
	}
	quiet = false;
	printf(" rounds=%d faults=%d failed=%d absorbed=%d errnos=%s nodes_remade=%d inconsistent=%d leaked=%d last=%s%s",
	       rounds, faults, failed, absorbed, *errnos ? errnos : "-",
	       f->nodes_remade, inconsistent, leaked,
	       fired ? "LIMIT" : ret ? errno_name(err) : "OK", first_leak);
	close(fail_nth);
	return fired || ret || inconsistent || leaked ? -1 : 0;
}

/* Enable (1) or disable (0) PCI device @dev through sysfs, unbound. */
static int set_enabled(const char *dev, const char *on)
{
	char path[256];

	if (unbind_dev(dev))
		return -1;
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/enable", dev);
	return write_str(path, on);
}

/*
 * A and B stay enabled through sysfs while the pass runs: a driver's
 * pci_enable_device() then only counts, and no bind evaluates the PCI
 * interrupt routing in ACPI, whose failure paths are not the ones under
 * test and, failed, corrupt ACPICA's state in both base kernels.
 */
static int fault(const char *mode, const char *group, const char *a,
		 const char *b, const char *driver)
{
	struct fault_ctx f = { .group = group, .a = a, .b = b, .driver = driver };
	const struct fault_mode *m = NULL;
	size_t i;
	int ret;

	for (i = 0; i < sizeof(fault_modes) / sizeof(fault_modes[0]); i++)
		if (!strcmp(fault_modes[i].name, mode))
			m = &fault_modes[i];
	if (!m) {
		printf(" mode=UNKNOWN");
		return -1;
	}
	if (report("enable", set_enabled(a, "1") || set_enabled(b, "1") ? -1 : 0))
		return -1;
	ret = fault_pass(m, &f);
	if (set_enabled(a, "0") || set_enabled(b, "0"))
		ret = report("disable", -1);
	return ret;
}

static int usage(void)
{
	fprintf(stderr, "usage: vfio-check open GROUP\n"
			"       vfio-check hold-bind GROUP DRIVER DEVICE\n"
			"       vfio-check bind DRIVER DEVICE\n"
			"       vfio-check hold-rescan GROUP DEVICE\n"
			"       vfio-check xmit IFACE\n"
			"       vfio-check cdev DEVICE\n"
			"       vfio-check cdev-hold-bind DEVICE DRIVER OTHER\n"
			"       vfio-check sysfs DRIVER OTHER\n"
			"       vfio-check wrong-order GROUP DEVICE DRIVER OTHER\n"
			"       vfio-check storm GROUP DRIVER OTHER N\n"
			"       vfio-check race GROUP DRIVER OTHER N\n"
			"       vfio-check fault MODE GROUP A B DRIVER\n");
	return 2;
}

int main(int argc, char **argv)
{
#if defined(VFIO_DEVICE_BIND_IOMMUFD) && defined(IOMMU_IOAS_MAP)
	struct cdev c;
#endif
	struct vfio v;
	int ret;

	if (argc == 3 && !strcmp(argv[1], "open")) {
		printf("vfio-check open %s:", argv[2]);
		ret = vfio_open(&v, argv[2]);
		vfio_close(&v);
	} else if (argc == 5 && !strcmp(argv[1], "hold-bind")) {
		printf("vfio-check hold-bind %s %s %s:", argv[2], argv[3],
		       argv[4]);
		ret = vfio_open(&v, argv[2]);
		if (!ret)
			ret = sysfs_bind(argv[3], argv[4]);
		vfio_close(&v);
	} else if (argc == 4 && !strcmp(argv[1], "hold-rescan")) {
		printf("vfio-check hold-rescan %s %s:", argv[2], argv[3]);
		ret = vfio_open(&v, argv[2]);
		if (!ret)
			ret = pci_remove_rescan(argv[3]);
		vfio_close(&v);
	} else if (argc == 4 && !strcmp(argv[1], "sysfs")) {
		printf("vfio-check sysfs %s %s:", argv[2], argv[3]);
		ret = sysfs_hostile(argv[2], argv[3]);
	} else if (argc == 6 && !strcmp(argv[1], "wrong-order")) {
		printf("vfio-check wrong-order %s %s %s %s:", argv[2], argv[3],
		       argv[4], argv[5]);
		ret = wrong_order(argv[2], argv[3], argv[4], argv[5]);
	} else if (argc == 6 && !strcmp(argv[1], "storm")) {
		printf("vfio-check storm %s %s %s %s:", argv[2], argv[3],
		       argv[4], argv[5]);
		ret = storm(argv[2], argv[3], argv[4], argv[5]);
	} else if (argc == 6 && !strcmp(argv[1], "race")) {
		printf("vfio-check race %s %s %s %s:", argv[2], argv[3],
		       argv[4], argv[5]);
		ret = race(argv[2], argv[3], argv[4], argv[5]);
	} else if (argc == 7 && !strcmp(argv[1], "fault")) {
		printf("vfio-check fault %s %s %s %s %s:", argv[2], argv[3],
		       argv[4], argv[5], argv[6]);
		ret = fault(argv[2], argv[3], argv[4], argv[5], argv[6]);
	} else if (argc == 3 && !strcmp(argv[1], "xmit")) {
		printf("vfio-check xmit %s:", argv[2]);
		ret = xmit(argv[2]);
	} else if (argc == 4 && !strcmp(argv[1], "bind")) {
		printf("vfio-check bind %s %s:", argv[2], argv[3]);
		ret = sysfs_bind(argv[2], argv[3]);
#if defined(VFIO_DEVICE_BIND_IOMMUFD) && defined(IOMMU_IOAS_MAP)
	} else if (argc == 3 && !strcmp(argv[1], "cdev")) {
		printf("vfio-check cdev %s:", argv[2]);
		ret = cdev_open(&c, argv[2]);
		cdev_close(&c);
	} else if (argc == 5 && !strcmp(argv[1], "cdev-hold-bind")) {
		printf("vfio-check cdev-hold-bind %s %s %s:", argv[2], argv[3],
		       argv[4]);
		ret = cdev_open(&c, argv[2]);
		if (!ret)
			ret = sysfs_bind(argv[3], argv[4]);
		cdev_close(&c);
#endif
	} else {
		return usage();
	}
	printf("\n");
	return ret ? 1 : 0;
}
