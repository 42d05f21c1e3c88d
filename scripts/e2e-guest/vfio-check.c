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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
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

/* Print "name=OK" or "name=ERRNO" for a call that returned @ret. */
static int report(const char *name, int ret)
{
	printf(" %s=%s", name, ret < 0 ? errno_name(errno) : "OK");
	fflush(stdout);
	return ret < 0 ? -1 : 0;
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
	int fd, ret;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return report(name, fd);
	ret = write(fd, value, strlen(value));
	close(fd);
	return report(name, ret);
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

struct vfio {
	int container;
	int group;
};

/* Set up @group as a user-space driver does; stop at the first failure. */
static int vfio_open(struct vfio *v, const char *group)
{
	struct vfio_group_status status = { .argsz = sizeof(status) };
	struct vfio_iommu_type1_dma_map map = { .argsz = sizeof(map) };
	char path[64];
	void *buf;

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
	printf(" viable=%d", !!(status.flags & VFIO_GROUP_FLAGS_VIABLE));
	if (report("set_container", ioctl(v->group, VFIO_GROUP_SET_CONTAINER,
					   &v->container)))
		return -1;
	if (report("set_iommu", ioctl(v->container, VFIO_SET_IOMMU,
				       VFIO_TYPE1_IOMMU)))
		return -1;

	buf = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return report("mmap", -1);
	map.vaddr = (unsigned long)buf;
	map.iova = 0x100000;
	map.size = PAGE;
	map.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE;
	return report("map_dma", ioctl(v->container, VFIO_IOMMU_MAP_DMA, &map));
}

static void vfio_close(struct vfio *v)
{
	if (v->group >= 0)
		close(v->group);
	if (v->container >= 0)
		close(v->container);
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
static int cdev_open(struct cdev *c, const char *device)
{
	struct vfio_device_bind_iommufd bind = { .argsz = sizeof(bind) };
	struct vfio_device_attach_iommufd_pt attach = { .argsz = sizeof(attach) };
	struct iommu_ioas_alloc alloc = { .size = sizeof(alloc) };
	struct iommu_ioas_map map = { .size = sizeof(map) };
	void *buf;

	c->device = -1;
	c->iommufd = open("/dev/iommu", O_RDWR);
	if (report("open_iommufd", c->iommufd))
		return -1;
	c->device = open_cdev(device);
	if (report("open_cdev", c->device))
		return -1;
	bind.iommufd = c->iommufd;
	if (report("bind_iommufd", ioctl(c->device, VFIO_DEVICE_BIND_IOMMUFD, &bind)))
		return -1;
	if (report("ioas_alloc", ioctl(c->iommufd, IOMMU_IOAS_ALLOC, &alloc)))
		return -1;
	attach.pt_id = alloc.out_ioas_id;
	if (report("attach", ioctl(c->device, VFIO_DEVICE_ATTACH_IOMMUFD_PT, &attach)))
		return -1;

	buf = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (buf == MAP_FAILED)
		return report("mmap", -1);
	map.flags = IOMMU_IOAS_MAP_FIXED_IOVA | IOMMU_IOAS_MAP_READABLE |
		    IOMMU_IOAS_MAP_WRITEABLE;
	map.ioas_id = alloc.out_ioas_id;
	map.user_va = (unsigned long)buf;
	map.length = PAGE;
	map.iova = 0x100000;
	return report("ioas_map", ioctl(c->iommufd, IOMMU_IOAS_MAP, &map));
}

static void cdev_close(struct cdev *c)
{
	if (c->device >= 0)
		close(c->device);
	if (c->iommufd >= 0)
		close(c->iommufd);
}
#endif

static int usage(void)
{
	fprintf(stderr, "usage: vfio-check open GROUP\n"
			"       vfio-check hold-bind GROUP DRIVER DEVICE\n"
			"       vfio-check bind DRIVER DEVICE\n"
			"       vfio-check hold-rescan GROUP DEVICE\n"
			"       vfio-check xmit IFACE\n"
			"       vfio-check cdev DEVICE\n"
			"       vfio-check cdev-hold-bind DEVICE DRIVER OTHER\n");
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
