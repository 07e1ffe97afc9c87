/* ppcheck conformance shim: stands in for the kernel header <linux/kernel.h>; everything lives in ppshim.h. */
#include <ppshim.h>
