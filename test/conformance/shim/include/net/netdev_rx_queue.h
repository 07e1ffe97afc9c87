/* ppcheck conformance shim for <net/netdev_rx_queue.h>: only what page_pool_init()
 * reads for PP_FLAG_ALLOW_UNREADABLE_NETMEM (no memory provider is ever installed). */
#ifndef PPSHIM_NETDEV_RX_QUEUE_H
#define PPSHIM_NETDEV_RX_QUEUE_H
#include <ppshim.h>
#include <net/page_pool/types.h>
struct netdev_rx_queue { struct pp_memory_provider_params mp_params; };
static inline struct netdev_rx_queue *__netif_get_rx_queue(struct net_device *dev, unsigned int idx)
{
	static struct netdev_rx_queue hp_rxq;
	(void)dev; (void)idx;
	return &hp_rxq;
}
#endif
