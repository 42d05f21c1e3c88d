/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The DMA ownership benchmark (scripts/bench, never part of a series):
 * dma_owner_bench_core.c measures through interfaces every kernel has;
 * NAME/dma_owner_bench.c is the fake IOMMU of one kernel's iommu_ops,
 * with the KUnit suite. dma_owner_bench_flag.h, written by the script
 * for each tree, defines BENCH_SET_MANAGED(pdrv), and BENCH_HAVE_CLAIM
 * where the tree can claim a group.
 */
#ifndef DMA_OWNER_BENCH_H
#define DMA_OWNER_BENCH_H

#include <kunit/test.h>
#include <linux/device.h>

#define BENCH_DEV_NAME	"dma-owner-bench"

/* Mark the benchmark's "managed" driver driver_managed_dma, once. */
void bench_set_managed(void);

/*
 * Counted by the fake IOMMU's attach_dev(): the device-level work of an
 * operation, a figure that does not move with the host's load.
 */
extern unsigned long bench_attach_calls;

/* For the fake IOMMU: is @dev one of the benchmark's devices, its group. */
bool bench_device_wanted(struct device *dev);
struct iommu_group *bench_device_group(struct device *dev);

/* From the fake IOMMU: a domain an owner can attach to @dev's group. */
struct iommu_domain *bench_owner_domain_alloc(struct device *dev);

/* The KUnit cases. */
void bench_bind(struct kunit *test);
void bench_claim(struct kunit *test);

#endif
