/* ppcheck conformance shim for <linux/genalloc.h> (lib/genalloc.c): the part
 * net/core/devmem.c uses. A chunk is a bitmap of (1 << min_alloc_order)-byte units;
 * gen_pool_alloc_owner() is gen_pool_first_fit (genalloc's default algorithm): the lowest
 * free address of the first chunk that has one. At most HP_GENPOOL_CHUNKS chunks of at most
 * HP_GENPOOL_UNITS units each. */
#ifndef PPSHIM_GENALLOC_H
#define PPSHIM_GENALLOC_H
#include <ppshim.h>
#define HP_GENPOOL_CHUNKS 4
#define HP_GENPOOL_UNITS 64
struct gen_pool_chunk {
	unsigned long start_addr;
	unsigned long end_addr; /* inclusive, as lib/genalloc.c keeps it */
	void *owner;
	unsigned char used[HP_GENPOOL_UNITS];
};
struct gen_pool {
	int min_alloc_order;
	int nchunks;
	struct gen_pool_chunk chunks[HP_GENPOOL_CHUNKS];
};
typedef void (*genpool_chunk_fn)(struct gen_pool *pool, struct gen_pool_chunk *chunk, void *data);
struct gen_pool *gen_pool_create(int min_alloc_order, int nid);
int gen_pool_add_owner(struct gen_pool *pool, unsigned long addr, phys_addr_t phys, size_t size,
		       int nid, void *owner);
unsigned long gen_pool_alloc_owner(struct gen_pool *pool, size_t size, void **owner);
void gen_pool_free(struct gen_pool *pool, unsigned long addr, size_t size);
bool gen_pool_has_addr(struct gen_pool *pool, unsigned long start, size_t size);
void gen_pool_for_each_chunk(struct gen_pool *pool, genpool_chunk_fn func, void *data);
size_t gen_pool_size(struct gen_pool *pool);
size_t gen_pool_avail(struct gen_pool *pool);
void gen_pool_destroy(struct gen_pool *pool);
#endif
