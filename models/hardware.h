/*
 * hardware.h - accelerators and node types, and the built-in catalog of them.
 *
 * Units: watts, TFLOP/s, GB. A node's host (CPUs, memory, NICs, NVSwitch,
 * fans, PSU losses) is one term between an idle and a maximum draw.
 */
#ifndef DCSIM_HARDWARE_H
#define DCSIM_HARDWARE_H

#include <stddef.h>

#define HW_NAME_MAX 48

struct accel_spec {
	char name[HW_NAME_MAX];
	double tdp_w;        /* board power limit at full load */
	double idle_w;       /* powered, no kernel running */
	double bf16_tflops;  /* dense BF16 tensor throughput */
	double memory_gb;
	const char *source;  /* citation for the figures; NULL for user-defined */
};

/* A node as a run uses it: its accelerator resolved into a full copy. */
struct node_spec {
	char name[HW_NAME_MAX];
	int gpus_per_node;
	struct accel_spec accel;
	double host_idle_w;
	double host_max_w;
	const char *source;
};

/* A catalog entry: the accelerator is named, not copied. */
struct node_preset {
	const char *name;
	int gpus_per_node;
	const char *accel;
	double host_idle_w;
	double host_max_w;
	const char *source;
};

const struct accel_spec *hardware_accel_find(const char *name);
const struct node_preset *hardware_node_find(const char *name);
/* Fill *out from a preset, its accelerator looked up in the catalog. */
void hardware_node_from_preset(const struct node_preset *p, struct node_spec *out);
size_t hardware_accel_count(void);
const struct accel_spec *hardware_accel_at(size_t i);
size_t hardware_node_count(void);
const struct node_preset *hardware_node_at(size_t i);

/* Maximum input power of a node: every GPU at TDP and the host at max. */
double hardware_node_max_w(const struct node_spec *n);
/* Power of a node with no job: every GPU and the host idle. */
double hardware_node_idle_w(const struct node_spec *n);

#endif
