// SPDX-License-Identifier: GPL-2.0
/*
 * The fake IOMMU of the DMA ownership benchmark for 7.x kernels, and the
 * KUnit suite that runs dma_owner_bench_core.c (scripts/bench; never
 * part of a series): every benchmark device gets an identity default
 * domain, a blocked domain for owners, and paging domains that attach
 * in no time, so that the figures are the core's own cost.
 */
#include <kunit/test.h>

#include <linux/iommu.h>
#include <linux/slab.h>

#include "dma_owner_bench.h"

static struct iommu_device bench_iommu;

static int bench_attach_dev(struct iommu_domain *domain, struct device *dev,
			    struct iommu_domain *old)
{
	bench_attach_calls++;
	return 0;
}

static void bench_domain_free(struct iommu_domain *domain)
{
	kfree(domain);
}

static const struct iommu_domain_ops bench_static_ops = {
	.attach_dev = bench_attach_dev,
};

static const struct iommu_domain_ops bench_paging_ops = {
	.attach_dev = bench_attach_dev,
	.free = bench_domain_free,
};

static struct iommu_domain bench_identity = {
	.type = IOMMU_DOMAIN_IDENTITY,
	.ops = &bench_static_ops,
};

static struct iommu_domain bench_blocked = {
	.type = IOMMU_DOMAIN_BLOCKED,
	.ops = &bench_static_ops,
};

static struct iommu_domain *bench_domain_alloc_paging(struct device *dev)
{
	struct iommu_domain *domain = kzalloc(sizeof(*domain), GFP_KERNEL);

	if (!domain)
		return ERR_PTR(-ENOMEM);
	domain->ops = &bench_paging_ops;
	domain->pgsize_bitmap = SZ_4K;
	domain->geometry.aperture_end = U32_MAX;
	domain->geometry.force_aperture = true;
	return domain;
}

struct iommu_domain *bench_owner_domain_alloc(struct device *dev)
{
	return iommu_paging_domain_alloc(dev);
}

static struct iommu_device *bench_probe_device(struct device *dev)
{
	return bench_device_wanted(dev) ? &bench_iommu : ERR_PTR(-ENODEV);
}

static int bench_def_domain_type(struct device *dev)
{
	return IOMMU_DOMAIN_IDENTITY;
}

static const struct iommu_ops bench_ops = {
	.probe_device = bench_probe_device,
	.device_group = bench_device_group,
	.def_domain_type = bench_def_domain_type,
	.domain_alloc_paging = bench_domain_alloc_paging,
	.identity_domain = &bench_identity,
	.blocked_domain = &bench_blocked,
	.owner = THIS_MODULE,
};

static int bench_suite_init(struct kunit_suite *suite)
{
	int ret;

	bench_set_managed();
	ret = iommu_device_sysfs_add(&bench_iommu, NULL, NULL, "dma-owner-bench");
	if (ret)
		return ret;
	ret = iommu_device_register(&bench_iommu, &bench_ops, NULL);
	if (ret)
		iommu_device_sysfs_remove(&bench_iommu);
	return ret;
}

static void bench_suite_exit(struct kunit_suite *suite)
{
	iommu_device_unregister(&bench_iommu);
	iommu_device_sysfs_remove(&bench_iommu);
}

static struct kunit_case bench_cases[] = {
	KUNIT_CASE_SLOW(bench_bind),
	KUNIT_CASE_SLOW(bench_claim),
	{}
};

static struct kunit_suite bench_suite = {
	.name = "dma_owner_bench",
	.suite_init = bench_suite_init,
	.suite_exit = bench_suite_exit,
	.test_cases = bench_cases,
};

kunit_test_suite(bench_suite);

MODULE_DESCRIPTION("Probe-path cost of DMA ownership");
MODULE_LICENSE("GPL");
