/* ppcheck conformance shim: stands in for the kernel header <mp_dmabuf_devmem.h>; everything lives in ppshim.h. */
#include <ppshim.h>
