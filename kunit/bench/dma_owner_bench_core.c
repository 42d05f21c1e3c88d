// SPDX-License-Identifier: GPL-2.0
/*
 * The measurements of the DMA ownership benchmark, the same source in
 * every kernel (see dma_owner_bench.h). Each line printed is one figure:
 *
 *   dma_owner_bench: bind N G DRIVER NS    bind + unbind of DRIVER to N
 *                                          devices in groups of G, per
 *                                          device
 *   dma_owner_bench: OP K NS               OP (claim: claim + release;
 *                                          attach: attach + detach of an
 *                                          owner's domain) on one group
 *                                          of K devices, per operation
 *
 *   dma_owner_bench: calls KIND... C OPS   the same OPS operations (binds
 *                                          or group operations) made C
 *                                          calls of the IOMMU driver's
 *                                          attach_dev(): a count, not a
 *                                          time
 *
 * Each figure is the fastest of BENCH_CHUNKS equal runs, so that a run
 * the host interrupted does not count. A tree without BENCH_HAVE_CLAIM
 * (5.10.262) prints no claim figures and attaches without a claim.
 */
#include <linux/iommu.h>
#include <linux/ktime.h>
#include <linux/platform_device.h>
#include <linux/slab.h>

#include "dma_owner_bench.h"
#include "dma_owner_bench_flag.h"

#define BENCH_CHUNKS	5

unsigned long bench_attach_calls;

static struct iommu_group **bench_groups;	/* by device id / group size */
static unsigned int bench_group_size;

bool bench_device_wanted(struct device *dev)
{
	return bench_groups && dev_is_platform(dev) &&
	       !strcmp(to_platform_device(dev)->name, BENCH_DEV_NAME);
}

/* Devices join groups in id order; a group lives while it has devices. */
struct iommu_group *bench_device_group(struct device *dev)
{
	struct iommu_group **group;

	group = &bench_groups[to_platform_device(dev)->id / bench_group_size];
	if (*group)
		return iommu_group_ref_get(*group);
	*group = iommu_group_alloc();
	return *group;
}

static int bench_probe(struct platform_device *pdev)
{
	return 0;
}

static const struct platform_device_id bench_ids[] = {
	{ BENCH_DEV_NAME },
	{}
};

static struct platform_driver bench_dma_api_driver = {
	.probe = bench_probe,
	.id_table = bench_ids,
	.driver.name = "dma-owner-bench-dma-api",
};

static struct platform_driver bench_managed_driver = {
	.probe = bench_probe,
	.id_table = bench_ids,
	.driver.name = "dma-owner-bench-managed",
};

void bench_set_managed(void)
{
	BENCH_SET_MANAGED(&bench_managed_driver);
}

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
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, bench_groups);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, devs->pdevs);
	while (devs->n < n) {
		pdev = platform_device_register_simple(BENCH_DEV_NAME, devs->n, NULL, 0);
		if (IS_ERR(pdev)) {
			bench_devices_del(devs);
			KUNIT_ASSERT_TRUE_MSG(test, false, "device: %ld", PTR_ERR(pdev));
		}
		devs->pdevs[devs->n++] = pdev;
	}
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, devs->pdevs[0]->dev.iommu_group);
}

/* One operation measured: what it works on, and how it is done. */
struct bench_op {
	struct kunit *test;
	struct platform_driver *drv;		/* bind */
	struct iommu_group *group;		/* claim, attach */
	struct iommu_domain *domain;		/* attach */
	void (*run)(struct bench_op *op);
};

/* Bind the driver to every device, then unbind it. */
static void bench_run_bind(struct bench_op *op)
{
	KUNIT_ASSERT_EQ(op->test, platform_driver_register(op->drv), 0);
	platform_driver_unregister(op->drv);
}

/* An owner's attach and detach of its domain. */
static void bench_run_attach(struct bench_op *op)
{
	KUNIT_ASSERT_EQ(op->test, iommu_attach_group(op->domain, op->group), 0);
	iommu_detach_group(op->domain, op->group);
}

#ifdef BENCH_HAVE_CLAIM
static void bench_run_claim(struct bench_op *op)
{
	KUNIT_ASSERT_EQ(op->test, iommu_group_claim_dma_owner(op->group, op->test), 0);
	iommu_group_release_dma_owner(op->group);
}
#endif

/*
 * Print the figure of @op run @reps times per chunk, each run counting
 * @per (devices bound, or one group operation): ns per count, fastest
 * chunk; then its attach_dev() calls. @what names the figure.
 */
static void bench_figure(struct bench_op *op, unsigned int reps, unsigned int per,
			 const char *what)
{
	u64 start, best = U64_MAX;
	unsigned int c, i;

	bench_attach_calls = 0;
	for (c = 0; c < BENCH_CHUNKS; c++) {
		start = ktime_get_ns();
		for (i = 0; i < reps; i++)
			op->run(op);
		best = min(best, div_u64(ktime_get_ns() - start, reps * per));
	}
	pr_info("dma_owner_bench: %s %llu\n", what, best);
	pr_info("dma_owner_bench: calls %s %lu %u\n", what, bench_attach_calls,
		BENCH_CHUNKS * reps * per);
}

void bench_bind(struct kunit *test)
{
	static const unsigned int counts[] = { 1, 100, 1000, 10000 };
	static const unsigned int group_sizes[] = { 1, 64 };
	struct bench_op op = { .test = test, .run = bench_run_bind };
	struct bench_devices devs;
	unsigned int g, c, reps;
	char what[48];

	for (g = 0; g < ARRAY_SIZE(group_sizes); g++) {
		for (c = 0; c < ARRAY_SIZE(counts); c++) {
			bench_devices_add(test, &devs, counts[c], group_sizes[g]);
			/* Some 100,000 binds per figure, whatever the count. */
			reps = max(1U, 100000 / BENCH_CHUNKS / counts[c]);
			op.drv = &bench_dma_api_driver;
			snprintf(what, sizeof(what), "bind %u %u dma-api", counts[c], group_sizes[g]);
			bench_figure(&op, reps, counts[c], what);
			op.drv = &bench_managed_driver;
			snprintf(what, sizeof(what), "bind %u %u managed", counts[c], group_sizes[g]);
			bench_figure(&op, reps, counts[c], what);
			bench_devices_del(&devs);
		}
	}
}

void bench_claim(struct kunit *test)
{
	static const unsigned int sizes[] = { 1, 64, 1024 };
	struct bench_op op = { .test = test };
	struct bench_devices devs;
	unsigned int s, reps;
	char what[32];

	for (s = 0; s < ARRAY_SIZE(sizes); s++) {
		bench_devices_add(test, &devs, sizes[s], sizes[s]);
		op.group = devs.pdevs[0]->dev.iommu_group;
		reps = max(1U, (1U << 20) / BENCH_CHUNKS / sizes[s]);
		op.domain = bench_owner_domain_alloc(&devs.pdevs[0]->dev);
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op.domain);
#ifdef BENCH_HAVE_CLAIM
		op.run = bench_run_claim;
		snprintf(what, sizeof(what), "claim %u", sizes[s]);
		bench_figure(&op, reps, 1, what);
		KUNIT_ASSERT_EQ(test, iommu_group_claim_dma_owner(op.group, test), 0);
#endif
		op.run = bench_run_attach;
		snprintf(what, sizeof(what), "attach %u", sizes[s]);
		bench_figure(&op, reps, 1, what);
#ifdef BENCH_HAVE_CLAIM
		iommu_group_release_dma_owner(op.group);
#endif
		iommu_domain_free(op.domain);
		bench_devices_del(&devs);
	}
}
