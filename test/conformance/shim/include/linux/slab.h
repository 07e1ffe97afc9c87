/* ppcheck conformance shim: stands in for the kernel header <linux/slab.h>; everything lives in ppshim.h. */
#include <ppshim.h>
