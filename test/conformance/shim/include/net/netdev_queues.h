/* ppcheck conformance shim: stands in for the kernel header <net/netdev_queues.h>; devmem.c needs nothing from it. */
#include <ppshim.h>
