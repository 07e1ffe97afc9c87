/* ppcheck conformance shim: stands in for the kernel header <linux/device.h>; everything lives in ppshim.h. */
#include <ppshim.h>
