/*
 * it_component.h - the parts IT power is reported in: the rack (or facility)
 * total, GPU boards, host (CPUs, memory, NICs, PSU losses, CPU and storage
 * servers) without fans, fans, and network switches. Shared by the facility
 * model and the outputs so the columns follow one order.
 */
#ifndef DCSIM_IT_COMPONENT_H
#define DCSIM_IT_COMPONENT_H

enum it_component {
	IT_TOTAL,
	IT_GPU,
	IT_HOST,
	IT_FANS,
	IT_NETWORK,
	IT_N_COMPONENTS,
};

/* "total", "gpu", "host", "fans", "network". */
const char *it_component_name(enum it_component c);

#endif
