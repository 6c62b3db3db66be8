/*
 * hardware.h - accelerators, node types and rack devices, and the built-in
 * catalog of them.
 *
 * Units: watts, TFLOP/s, GB. A node's host (CPUs, memory, NICs, NVSwitch,
 * fans, PSU losses) is one term between an idle and a maximum draw; the
 * share of the node's power its fans take is a separate figure so cooling
 * can scale it (air: fans fully on; direct-to-chip: reduced; immersion: none).
 */
#ifndef DCSIM_HARDWARE_H
#define DCSIM_HARDWARE_H

#include <stddef.h>

#define HW_NAME_MAX 48
#define CURVE_MAX_POINTS 16

/*
 * A monotone map of [0, 1] onto [0, 1]: GPU dynamic power versus
 * utilization, or relative throughput versus dynamic power. Dynamic means
 * above idle: fraction 0 is the idle draw, 1 is TDP.
 */
enum curve_model {
	CURVE_LINEAR,    /* y = x */
	CURVE_POWER_LAW, /* y = x^exponent */
	CURVE_TABLE,     /* piecewise linear through (x[i], y[i]) */
};

struct curve_spec {
	enum curve_model model;
	double exponent;
	size_t n;
	double x[CURVE_MAX_POINTS];
	double y[CURVE_MAX_POINTS];
};

struct accel_spec {
	char name[HW_NAME_MAX];
	double tdp_w;        /* board power limit at full load */
	double idle_w;       /* powered, no kernel running */
	double bf16_tflops;  /* dense BF16 tensor throughput */
	double memory_gb;
	struct curve_spec power_curve;      /* utilization -> dynamic power fraction */
	struct curve_spec throughput_curve; /* dynamic power fraction -> relative speed */
	const char *source;  /* citation for the figures; NULL for user-defined */
	double price_usd;    /* purchase price of one, 0 = none in the catalog */
	const char *price_source;
};

/* A node as a run uses it: its accelerator resolved into a full copy. */
struct node_spec {
	char name[HW_NAME_MAX];
	int gpus_per_node;
	struct accel_spec accel;
	double host_idle_w;
	double host_max_w;
	double fan_share;  /* share of the air-cooled node's input drawn by its fans */
	double gpu_cap_w;  /* per-GPU power cap of this node type; 0 = none */
	const char *source;
	double host_price_usd; /* the node without its GPUs, 0 = none in the catalog */
	const char *price_source;
};

/* A catalog entry: the accelerator is named, not copied. */
struct node_preset {
	const char *name;
	int gpus_per_node;
	const char *accel;
	double host_idle_w;
	double host_max_w;
	const char *source;
	double host_price_usd; /* the node without its GPUs, 0 = no catalog price */
	const char *price_source;
};

/* Equipment in a rack that runs no jobs: CPU and storage servers (host and
 * fans), network switches. It draws idle + (max - idle) x its utilization,
 * constant over the run. */
enum device_kind {
	DEVICE_SERVER,
	DEVICE_NETWORK,
};

struct device_spec {
	char name[HW_NAME_MAX];
	enum device_kind kind;
	double idle_w;
	double max_w;
	double utilization; /* typical load; sets the constant draw */
	const char *source;
};

const struct accel_spec *hardware_accel_find(const char *name);
const struct node_preset *hardware_node_find(const char *name);
const struct device_spec *hardware_device_find(const char *name);
/* Fill *out from a preset, its accelerator looked up in the catalog. */
void hardware_node_from_preset(const struct node_preset *p, struct node_spec *out);
size_t hardware_accel_count(void);
const struct accel_spec *hardware_accel_at(size_t i);
size_t hardware_node_count(void);
const struct node_preset *hardware_node_at(size_t i);
size_t hardware_device_count(void);
const struct device_spec *hardware_device_at(size_t i);
const char *hardware_device_kind_name(enum device_kind k);
extern const char *const hardware_device_kind_names[];
extern const char *const hardware_curve_model_names[];

/* Default share of a server's input power drawn by its fans under air. */
#define HARDWARE_FAN_SHARE_DEFAULT 0.10

/* Maximum input power of a node: every GPU at TDP and the host at max. */
double hardware_node_max_w(const struct node_spec *n);
/* Power of a node with no job: every GPU and the host idle. */
double hardware_node_idle_w(const struct node_spec *n);
/* The constant draw of a device at its utilization. */
double hardware_device_w(const struct device_spec *d);

#endif
