// SPDX-License-Identifier: GPL-2.0
/*
 * The probe-path cost of DMA ownership, built the same into the base
 * kernel and the patched one by scripts/bench (never part of a series).
 * A fake IOMMU puts platform devices in groups of a chosen size; each
 * line printed is one measurement:
 *
 *   dma_owner_bench: bind N G DRIVER NS    bind + unbind of DRIVER to N
 *                                          devices in groups of G, per
 *                                          device
 *   dma_owner_bench: OP K NS               OP (claim: claim + release;
 *                                          attach: attach + detach of an
 *                                          owner's domain) on one group
 *                                          of K devices, per operation
 *
 * BENCH_SET_MANAGED(pdrv) comes from dma_owner_bench_flag.h, which the
 * script writes for the tree: the flag is a member of struct
 * platform_driver in 7.2.8 and of struct device_driver with the series.
 */
#include <kunit/test.h>

#include <linux/iommu.h>
#include <linux/ktime.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

#include "dma_owner_bench_flag.h"

#define BENCH_DEV_NAME	"dma-owner-bench"

static struct iommu_device bench_iommu;
static struct iommu_group **bench_groups;	/* by device id / group size */
static unsigned int bench_group_size;

static int bench_attach_dev(struct iommu_domain *domain, struct device *dev,
			    struct iommu_domain *old)
{
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

static struct iommu_device *bench_probe_device(struct device *dev)
{
	if (!bench_groups || !dev_is_platform(dev) ||
	    strcmp(to_platform_device(dev)->name, BENCH_DEV_NAME))
		return ERR_PTR(-ENODEV);
	return &bench_iommu;
}

/* Devices join groups in id order; a group lives while it has devices. */
static struct iommu_group *bench_device_group(struct device *dev)
{
	struct iommu_group **group;

	group = &bench_groups[to_platform_device(dev)->id / bench_group_size];
	if (*group)
		return iommu_group_ref_get(*group);
	*group = iommu_group_alloc();
	return *group;
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

static int bench_probe(struct platform_device *pdev)
{
	return 0;
}

static const struct platform_device_id bench_ids[] = {
	{ BENCH_DEV_NAME },
	{}
};

static struct platform_driver dma_api_driver = {
	.probe = bench_probe,
	.id_table = bench_ids,
	.driver.name = "dma-owner-bench-dma-api",
};

static struct platform_driver managed_driver = {
	.probe = bench_probe,
	.id_table = bench_ids,
	.driver.name = "dma-owner-bench-managed",
};

struct bench_devices {
	struct platform_device **pdevs;
	unsigned int n;
};

static void bench_devices_del(struct bench_devices *devs)
{
	while (devs->n)
		platform_device_unregister(devs->pdevs[--devs->n]);
	kfree(devs->pdevs);
	kfree(bench_groups);
	bench_groups = NULL;
}

/* @n devices, in groups of @group_size, behind the fake IOMMU. */
static void bench_devices_add(struct kunit *test, struct bench_devices *devs,
			      unsigned int n, unsigned int group_size)
{
	struct platform_device *pdev;

	bench_group_size = group_size;
	bench_groups = kcalloc(n / group_size + 1, sizeof(*bench_groups), GFP_KERNEL);
	devs->pdevs = kcalloc(n, sizeof(*devs->pdevs), GFP_KERNEL);
	devs->n = 0;
	KUNIT_ASSERT_NOT_NULL(test, bench_groups);
	KUNIT_ASSERT_NOT_NULL(test, devs->pdevs);
	while (devs->n < n) {
		pdev = platform_device_register_simple(BENCH_DEV_NAME, devs->n, NULL, 0);
		if (IS_ERR(pdev)) {
			bench_devices_del(devs);
			KUNIT_FAIL_AND_ABORT(test, "device %u: %ld", devs->n, PTR_ERR(pdev));
		}
		devs->pdevs[devs->n++] = pdev;
	}
	KUNIT_ASSERT_NOT_NULL(test, devs->pdevs[0]->dev.iommu_group);
}

/* Bind @drv to every device, then unbind it; ns per device and round. */
static u64 bench_bind_unbind(struct kunit *test, struct platform_driver *drv,
			     struct bench_devices *devs, unsigned int reps)
{
	u64 start = ktime_get_ns();
	unsigned int i;

	for (i = 0; i < reps; i++) {
		KUNIT_ASSERT_EQ(test, platform_driver_register(drv), 0);
		platform_driver_unregister(drv);
	}
	KUNIT_EXPECT_NOT_NULL(test, devs->pdevs[devs->n - 1]->dev.iommu_group);
	return div_u64(ktime_get_ns() - start, reps * devs->n);
}

static void bench_bind(struct kunit *test)
{
	static const unsigned int counts[] = { 1, 100, 1000, 10000 };
	static const unsigned int group_sizes[] = { 1, 64 };
	struct bench_devices devs;
	unsigned int g, c, reps;

	for (g = 0; g < ARRAY_SIZE(group_sizes); g++) {
		for (c = 0; c < ARRAY_SIZE(counts); c++) {
			bench_devices_add(test, &devs, counts[c], group_sizes[g]);
			/* Some 100,000 binds per figure, whatever the count. */
			reps = max(1U, 100000 / counts[c]);
			pr_info("dma_owner_bench: bind %u %u dma-api %llu\n",
				counts[c], group_sizes[g],
				bench_bind_unbind(test, &dma_api_driver, &devs, reps));
			pr_info("dma_owner_bench: bind %u %u managed %llu\n",
				counts[c], group_sizes[g],
				bench_bind_unbind(test, &managed_driver, &devs, reps));
			bench_devices_del(&devs);
		}
	}
}

/* Claim and release, and an owner's attach and detach, on one group. */
static void bench_claim(struct kunit *test)
{
	static const unsigned int sizes[] = { 1, 64, 1024 };
	struct iommu_domain *domain;
	struct iommu_group *group;
	struct bench_devices devs;
	unsigned int s, i, reps;
	u64 start;

	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		bench_devices_add(test, &devs, sizes[s], sizes[s]);
		group = devs.pdevs[0]->dev.iommu_group;
		reps = max(1U, (1U << 20) / sizes[s]);

		start = ktime_get_ns();
		for (i = 0; i < reps; i++) {
			KUNIT_ASSERT_EQ(test, iommu_group_claim_dma_owner(group, test), 0);
			iommu_group_release_dma_owner(group);
		}
		pr_info("dma_owner_bench: claim %u %llu\n", sizes[s],
			div_u64(ktime_get_ns() - start, reps));

		domain = iommu_paging_domain_alloc(&devs.pdevs[0]->dev);
		KUNIT_ASSERT_FALSE(test, IS_ERR(domain));
		KUNIT_ASSERT_EQ(test, iommu_group_claim_dma_owner(group, test), 0);
		start = ktime_get_ns();
		for (i = 0; i < reps; i++) {
			KUNIT_ASSERT_EQ(test, iommu_attach_group(domain, group), 0);
			iommu_detach_group(domain, group);
		}
		pr_info("dma_owner_bench: attach %u %llu\n", sizes[s],
			div_u64(ktime_get_ns() - start, reps));
		iommu_group_release_dma_owner(group);
		iommu_domain_free(domain);
		bench_devices_del(&devs);
	}
}

static int bench_suite_init(struct kunit_suite *suite)
{
	int ret;

	BENCH_SET_MANAGED(&managed_driver);
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
