/*
 * hardware.c - the built-in accelerator and node catalog.
 *
 * Every figure carries its source. Where a datasheet gives only a node's
 * maximum input, the host maximum is that figure minus the GPUs' TDP, so the
 * node at full load lands exactly on the published maximum. Host idle is
 * taken as 25% of host maximum: published SPECpower_ssj2008 results for
 * recent two-socket servers show active idle at roughly 20-30% of full-load
 * power (spec.org/power_ssj2008/results). That ratio is for CPU servers; it is
 * the least certain figure here and is stated as such in the README.
 *
 * The catalog is const data: shared read-only by every run and thread.
 */
#include "hardware.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

static const struct accel_spec accels[] = {
	{
		.name = "h100_sxm",
		.tdp_w = 700.0,
		.idle_w = 70.0,
		.bf16_tflops = 989.0,
		.memory_gb = 80.0,
		.source = "NVIDIA H100 Tensor Core GPU datasheet (SXM5: 700 W max TDP, "
			  "989 TFLOP/s dense BF16, 80 GB HBM3); idle 70 W: Hopper SXM boards "
			  "read 60-80 W idle in published measurements (A100 SXM 60-66 W, "
			  "H200 SXM ~80 W)",
	},
	{
		.name = "a100_sxm_80gb",
		.tdp_w = 400.0,
		.idle_w = 62.0,
		.bf16_tflops = 312.0,
		.memory_gb = 80.0,
		.source = "NVIDIA A100 Tensor Core GPU datasheet (SXM4 80 GB: 400 W TDP, "
			  "312 TFLOP/s dense BF16); idle 62 W: middle of the 60-66 W measured "
			  "on idle A100 SXM GPUs in a production cluster",
	},
};

static const struct node_preset nodes[] = {
	{
		.name = "hgx_h100",
		.gpus_per_node = 8,
		.accel = "h100_sxm",
		.host_idle_w = 1150.0,
		.host_max_w = 4600.0,
		.source = "NVIDIA DGX H100 datasheet: 10.2 kW max input, 8x H100 SXM; "
			  "host max = 10.2 kW - 8 x 700 W; host idle = 25% of host max "
			  "(SPECpower active-idle ratio). Measured peak in LLM training: "
			  "8.4 kW (Latif et al., IEEE Access 13, 2025, arXiv:2412.08602)",
	},
	{
		.name = "dgx_a100",
		.gpus_per_node = 8,
		.accel = "a100_sxm_80gb",
		.host_idle_w = 825.0,
		.host_max_w = 3300.0,
		.source = "NVIDIA DGX A100 datasheet: 6.5 kW max input, 8x A100 SXM 80 GB; "
			  "host max = 6.5 kW - 8 x 400 W; host idle = 25% of host max",
	},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

const struct accel_spec *hardware_accel_find(const char *name)
{
	for (size_t i = 0; i < COUNT(accels); i++)
		if (strcmp(accels[i].name, name) == 0)
			return &accels[i];
	return NULL;
}

const struct node_preset *hardware_node_find(const char *name)
{
	for (size_t i = 0; i < COUNT(nodes); i++)
		if (strcmp(nodes[i].name, name) == 0)
			return &nodes[i];
	return NULL;
}

size_t hardware_accel_count(void)
{
	return COUNT(accels);
}

const struct accel_spec *hardware_accel_at(size_t i)
{
	return i < COUNT(accels) ? &accels[i] : NULL;
}

size_t hardware_node_count(void)
{
	return COUNT(nodes);
}

const struct node_preset *hardware_node_at(size_t i)
{
	return i < COUNT(nodes) ? &nodes[i] : NULL;
}

void hardware_node_from_preset(const struct node_preset *p, struct node_spec *out)
{
	const struct accel_spec *a = hardware_accel_find(p->accel);
	assert(a); /* catalog consistency, checked by tests/test_hardware.c */
	memset(out, 0, sizeof *out);
	snprintf(out->name, sizeof out->name, "%s", p->name);
	out->gpus_per_node = p->gpus_per_node;
	out->accel = *a;
	out->host_idle_w = p->host_idle_w;
	out->host_max_w = p->host_max_w;
	out->source = p->source;
}

double hardware_node_max_w(const struct node_spec *n)
{
	return n->gpus_per_node * n->accel.tdp_w + n->host_max_w;
}

double hardware_node_idle_w(const struct node_spec *n)
{
	return n->gpus_per_node * n->accel.idle_w + n->host_idle_w;
}
