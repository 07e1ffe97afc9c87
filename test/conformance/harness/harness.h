/* SPDX-License-Identifier: GPL-2.0 */
/* State shared between the shims (shim.c) and the trace driver (driver.c). */
#ifndef HP_HARNESS_H
#define HP_HARNESS_H
#include <ppshim.h>

#define HP_MAX_POOLS 8
#define HP_MAX_EVENTS 256

/* Page allocator policy, set by the trace line `fn=mm ...`. */
struct hp_mm_policy {
	int avail;       /* pages the allocator can still hand out; -1 = until the table is empty */
	int nid;         /* node of new pages; -1 = the requested node (numa_mem_id() for NUMA_NO_NODE) */
	int pfmemalloc;  /* new pages carry the pfmemalloc bit */
	int dma_fail;    /* dma_map_page_attrs() returns DMA_MAPPING_ERROR */
	int xa_fail;     /* xa_alloc() returns -ENOMEM */
	u64 dma_base;    /* bus address of page 0's mapping (0: HP_DMA_BASE); page i at base + i * 1 MiB */
};
extern struct hp_mm_policy hp_mm;

struct hp_pool_slot {
	struct page_pool *pool;   /* NULL until page_pool_create */
	int freed;                /* kfree()d by __page_pool_destroy */
	int listed;               /* page_pool_list .. page_pool_unlist */
	int detached;             /* page_pool_detached was called */
	struct napi_struct napi;
	struct device dev;
};
extern struct hp_pool_slot hp_pool_slots[HP_MAX_POOLS];
int hp_pool_index(const struct page_pool *pool); /* -1 if not a harness pool */
extern int hp_creating_slot; /* slot page_pool_list() registers the new pool in */

extern char *hp_events[HP_MAX_EVENTS];
extern int hp_nevents;
void hp_reset_events(void);

/* DMA bookkeeping: number of live mappings per page (index into hp_pages). */
extern int hp_dma_mapped[HP_MAX_PAGES];
extern u64 hp_dma_addr[HP_MAX_PAGES]; /* bus address of the page's last mapping */
int hp_dma_page_of(dma_addr_t addr); /* -1 if the address was never handed out */

/* devmem (net/core/devmem.c, compiled as it is): the harness's one dma-buf binding, set by the
 * driver's devmem_bind step; hp_binding_freed once __net_devmem_dmabuf_binding_free() kfree()d it */
extern void *hp_binding;
extern int hp_binding_freed;
#endif
