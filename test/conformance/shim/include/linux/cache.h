/* ppcheck conformance shim: stands in for the kernel header <linux/cache.h>; everything lives in ppshim.h. */
#include <ppshim.h>
