/* ppcheck conformance shim: stands in for the kernel header <linux/dma-mapping.h>; everything lives in ppshim.h. */
#include <ppshim.h>
