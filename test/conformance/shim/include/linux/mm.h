/* ppcheck conformance shim: stands in for the kernel header <linux/mm.h>; everything lives in ppshim.h. */
#include <ppshim.h>
