// SPDX-License-Identifier: GPL-2.0
/*
 * The fake IOMMU of the DMA ownership benchmark for 5.10 kernels, and
 * the KUnit suite that runs dma_owner_bench_core.c (scripts/bench; never
 * part of a series): 5.10's iommu_ops, set on the platform bus with
 * bus_set_iommu(); every benchmark device gets an identity default
 * domain, and domains attach in no time, so that the figures are the
 * core's own cost.
 */
#include <kunit/test.h>

#include <linux/iommu.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

#include "dma_owner_bench.h"

static struct iommu_device bench_iommu;

static struct iommu_domain *bench_domain_alloc(unsigned int type)
{
	if (type != IOMMU_DOMAIN_IDENTITY && type != IOMMU_DOMAIN_UNMANAGED &&
	    type != IOMMU_DOMAIN_BLOCKED)
		return NULL;
	return kzalloc(sizeof(struct iommu_domain), GFP_KERNEL);
}

static void bench_domain_free(struct iommu_domain *domain)
{
	kfree(domain);
}

static int bench_attach_dev(struct iommu_domain *domain, struct device *dev)
{
	bench_attach_calls++;
	return 0;
}

static void bench_detach_dev(struct iommu_domain *domain, struct device *dev)
{
}

struct iommu_domain *bench_owner_domain_alloc(struct device *dev)
{
	return iommu_domain_alloc(dev->bus);
}

static struct iommu_device *bench_probe_device(struct device *dev)
{
	return bench_device_wanted(dev) ? &bench_iommu : ERR_PTR(-ENODEV);
}

static void bench_release_device(struct device *dev)
{
}

static int bench_def_domain_type(struct device *dev)
{
	return IOMMU_DOMAIN_IDENTITY;
}

static const struct iommu_ops bench_ops = {
	.domain_alloc = bench_domain_alloc,
	.domain_free = bench_domain_free,
	.attach_dev = bench_attach_dev,
	.detach_dev = bench_detach_dev,
	.probe_device = bench_probe_device,
	.release_device = bench_release_device,
	.device_group = bench_device_group,
	.def_domain_type = bench_def_domain_type,
	.pgsize_bitmap = SZ_4K,
	.owner = THIS_MODULE,
};

/*
 * 5.10's KUnit has no suite init, and a bus's IOMMU cannot be unset:
 * register the fake IOMMU at the first test, for the whole boot.
 */
static int bench_init(struct kunit *test)
{
	static int registered;
	int ret;

	if (registered)
		return registered < 0 ? registered : 0;
	bench_set_managed();
	ret = iommu_device_sysfs_add(&bench_iommu, NULL, NULL, "dma-owner-bench");
	if (!ret) {
		iommu_device_set_ops(&bench_iommu, &bench_ops);
		ret = iommu_device_register(&bench_iommu);
	}
	if (!ret)
		ret = bus_set_iommu(&platform_bus_type, &bench_ops);
	registered = ret ? ret : 1;
	return ret;
}

static struct kunit_case bench_cases[] = {
	KUNIT_CASE(bench_bind),
	KUNIT_CASE(bench_claim),
	{}
};

static struct kunit_suite bench_suite = {
	.name = "dma_owner_bench",
	.init = bench_init,
	.test_cases = bench_cases,
};

kunit_test_suites(&bench_suite);

MODULE_DESCRIPTION("Probe-path cost of DMA ownership");
MODULE_LICENSE("GPL");
