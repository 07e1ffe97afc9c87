/* ppcheck conformance shim: stands in for the kernel header <linux/types.h>; everything lives in ppshim.h. */
#include <ppshim.h>
