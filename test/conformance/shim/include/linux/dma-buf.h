/* ppcheck conformance shim for <linux/dma-buf.h> and the scatterlist it hands out: what
 * net/core/devmem.c's net_devmem_bind_dmabuf() and __net_devmem_dmabuf_binding_free() call.
 * A dma-buf here is `fd` pages of device memory at one DMA address (one scatterlist entry);
 * every call is recorded as an event, and a put or detach that does not match is a warning. */
#ifndef PPSHIM_DMA_BUF_H
#define PPSHIM_DMA_BUF_H
#include <ppshim.h>
struct scatterlist { dma_addr_t dma_address; unsigned int dma_length; };
struct sg_table { struct scatterlist *sgl; unsigned int nents; };
struct dma_buf { int refs; unsigned int npages; };
struct dma_buf_attachment { struct dma_buf *dmabuf; int mapped; struct sg_table sgt; struct scatterlist sg; };
#define sg_dma_address(sg) ((sg)->dma_address)
#define sg_dma_len(sg) ((sg)->dma_length)
#define for_each_sgtable_dma_sg(sgt, sg, i) \
	for ((i) = 0, (sg) = (sgt)->sgl; (i) < (sgt)->nents; (i)++, (sg)++)
struct dma_buf *dma_buf_get(int fd);
void dma_buf_put(struct dma_buf *dmabuf);
struct dma_buf_attachment *dma_buf_attach(struct dma_buf *dmabuf, struct device *dev);
void dma_buf_detach(struct dma_buf *dmabuf, struct dma_buf_attachment *attach);
struct sg_table *dma_buf_map_attachment_unlocked(struct dma_buf_attachment *attach,
						 enum dma_data_direction dir);
void dma_buf_unmap_attachment_unlocked(struct dma_buf_attachment *attach, struct sg_table *sgt,
				       enum dma_data_direction dir);
#endif
