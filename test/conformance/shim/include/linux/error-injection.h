/* ppcheck conformance shim: stands in for the kernel header <linux/error-injection.h>; everything lives in ppshim.h. */
#include <ppshim.h>
