/* ppcheck conformance shim for <net/netdev_rx_queue.h> (6.12): the fields page_pool_init() and
 * net/core/devmem.c read (dev, the memory provider params), __netif_get_rx_queue() and
 * get_netdev_rx_queue_index() as the kernel has them; netdev_rx_queue_restart() is the
 * harness's (shim.c: the driver's queue restart is the trace's own steps). */
#ifndef PPSHIM_NETDEV_RX_QUEUE_H
#define PPSHIM_NETDEV_RX_QUEUE_H
#include <ppshim.h>
#include <net/page_pool/types.h>
struct netdev_rx_queue {
	struct net_device *dev;
	struct napi_struct *napi;
	struct pp_memory_provider_params mp_params;
};
static inline struct netdev_rx_queue *__netif_get_rx_queue(struct net_device *dev, unsigned int rxq)
{
	return dev->_rx + rxq;
}
static inline unsigned int get_netdev_rx_queue_index(struct netdev_rx_queue *queue)
{
	struct net_device *dev = queue->dev;
	int index = queue - dev->_rx;

	BUG_ON(index >= dev->num_rx_queues);
	return index;
}
int netdev_rx_queue_restart(struct net_device *dev, unsigned int rxq);
#endif
