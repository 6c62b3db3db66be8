/*
 * hardware.c - the built-in accelerator, node and rack-device catalog.
 *
 * Every figure carries its source. Where a datasheet gives only a node's
 * maximum input, the host maximum is that figure minus the GPUs' TDP, so the
 * node at full load lands exactly on the published maximum. Host idle is
 * taken as 25% of host maximum: published SPECpower_ssj2008 results for
 * recent two-socket servers show active idle at roughly 20-30% of full-load
 * power (spec.org/power_ssj2008/results). That ratio is for CPU servers; it is
 * the least certain figure here and is stated as such in the README.
 *
 * Idle power of boards without a published measurement is 10% of TDP, the
 * ratio measured on H100 SXM (70 of 700 W); those entries say so (GB200,
 * L40S, MI300X's bare idle: none found, docs/power.md lists the search).
 * B200's idle is a reported nvidia-smi reading of an air-cooled B200 at
 * rest, 137 W (github.com/ROCm/legacy-rocm-build/issues/5219, Aug. 2025,
 * set beside an MI355X's 238 W, which AMD confirmed as expected): a single
 * reading, not a study, but a measurement where there was none.
 *
 * Loaded idle: a GPU that holds a CUDA context (a model loaded, a job
 * between kernels) sits in a higher DVFS state than a bare idle one: +26
 * to +50 W on HBM boards (H100, A100) and +66 W on GDDR6 (L40S), whatever
 * the memory in use (Vadari, "The Model Parking Tax", arXiv:2605.23918,
 * 2026: 18 days of telemetry on 14 H100s and controlled runs on H100,
 * A100 and L40S). The HBM entries take the middle, +38 W (H200, B200 and
 * GB200 by their HBM, unmeasured); L40S +66 W. MI300X holding memory at 0%
 * activity read 191 W (rocm-smi, 95% of its VRAM in use:
 * github.com/ROCm/legacy-rocm-build/issues/5231, Aug. 2025; its clock at
 * 2.1 GHz), far above its bare-idle guess plus 38 W: the board holds a high
 * clock with work resident, so its loaded idle is that one reading.
 *
 * Default curves: GPU power is linear in utilization between the measured
 * end points (idle, TDP); relative throughput under a power cap follows the
 * DVFS cube law, speed = (dynamic power fraction)^(1/3): dynamic CMOS power
 * is C V^2 f and voltage scales with frequency in the DVFS range, so power
 * goes as f^3 and speed as its cube root (Hennessy & Patterson, Computer
 * Architecture, 6th ed., sec. 1.5). For an H100 at full load it gives a 5.6%
 * loss at a 600 W cap and 24% at 350 W (50% of TDP).
 *
 * The catalog is const data: shared read-only by every run and thread.
 */
#include "hardware.h"

#include <assert.h>
#include <stdio.h>
#include <string.h>

#define LINEAR { .model = CURVE_LINEAR, .exponent = 1.0 }
#define CUBE_LAW { .model = CURVE_POWER_LAW, .exponent = 1.0 / 3.0 }

static const struct accel_spec accels[] = {
	{
		.name = "h100_sxm",
		.tdp_w = 700.0,
		.idle_w = 70.0,
		.loaded_idle_w = 108.0,
		.bf16_tflops = 989.0,
		.memory_gb = 80.0,
		.power_curve = LINEAR,
		.throughput_curve = CUBE_LAW,
		.source = "NVIDIA H100 Tensor Core GPU datasheet (SXM5: 700 W max TDP, "
			  "989 TFLOP/s dense BF16, 80 GB HBM3); idle 70 W: Hopper SXM boards "
			  "read 60-80 W idle in published measurements (A100 SXM 60-66 W, "
			  "H200 SXM ~80 W)",
		/* the purchase price's midpoint; street prices moved between $25k and
		 * $40k with the form factor and the month */
		.price_usd = 27500.0,
		.price_source = "Raymond James estimate of $25,000-30,000 per H100 sold to "
				"customers (reported by Barron's, Aug. 2023); the midpoint",
	},
	{
		.name = "h200_sxm",
		.tdp_w = 700.0,
		.idle_w = 80.0,
		.loaded_idle_w = 118.0,
		.bf16_tflops = 989.0,
		.memory_gb = 141.0,
		.power_curve = LINEAR,
		.throughput_curve = CUBE_LAW,
		.source = "NVIDIA H200 Tensor Core GPU datasheet (SXM: up to 700 W TDP, "
			  "989 TFLOP/s dense BF16, 141 GB HBM3e); idle ~80 W as measured on "
			  "H200 SXM boards",
	},
	{
		.name = "b200",
		.tdp_w = 1000.0,
		.idle_w = 137.0,
		.loaded_idle_w = 175.0,
		.bf16_tflops = 2250.0,
		.memory_gb = 180.0,
		.power_curve = LINEAR,
		.throughput_curve = CUBE_LAW,
		.source = "NVIDIA DGX B200 datasheet (8x B200, ~1,000 W each; 72 PFLOP/s FP8 "
			  "training with sparsity = 2.25 PFLOP/s dense BF16 per GPU; 1,440 GB "
			  "HBM3e = 180 GB per GPU); idle 137 W: nvidia-smi on an air-cooled "
			  "B200 at rest (github.com/ROCm/legacy-rocm-build/issues/5219, 2025); "
			  "loaded idle + 38 W (HBM boards, Vadari 2026)",
		.price_usd = 35000.0,
		.price_source = "$30,000-40,000 per Blackwell GPU (Jensen Huang to CNBC, Mar. "
				"2024, as reported Oct. 2024); the midpoint",
	},
	{
		.name = "gb200",
		.tdp_w = 1200.0,
		.idle_w = 120.0,
		.loaded_idle_w = 158.0,
		.bf16_tflops = 2500.0,
		.memory_gb = 186.0,
		.power_curve = LINEAR,
		.throughput_curve = CUBE_LAW,
		.source = "NVIDIA GB200 NVL72 specifications (72 Blackwell GPUs at up to 1,200 W "
			  "in the GB200 superchip; 180 PFLOP/s dense BF16 = 2.5 per GPU; 13.4 TB "
			  "HBM3e = 186 GB per GPU); idle 10% of TDP (H100 ratio): no published "
			  "GB200 idle measurement found",
		.price_usd = 32500.0,
		.price_source = "HSBC estimate of $60,000-70,000 per GB200 superchip (one Grace "
				"CPU, two Blackwell GPUs; reported May 2024): half the midpoint",
	},
	{
		.name = "a100_sxm_80gb",
		.tdp_w = 400.0,
		.idle_w = 62.0,
		.loaded_idle_w = 100.0,
		.bf16_tflops = 312.0,
		.memory_gb = 80.0,
		.power_curve = LINEAR,
		.throughput_curve = CUBE_LAW,
		.source = "NVIDIA A100 Tensor Core GPU datasheet (SXM4 80 GB: 400 W TDP, "
			  "312 TFLOP/s dense BF16); idle 62 W: middle of the 60-66 W measured "
			  "on idle A100 SXM GPUs in a production cluster",
	},
	{
		.name = "l40s",
		.tdp_w = 350.0,
		.idle_w = 35.0,
		.loaded_idle_w = 101.0,
		.bf16_tflops = 362.0,
		.memory_gb = 48.0,
		.power_curve = LINEAR,
		.throughput_curve = CUBE_LAW,
		.source = "NVIDIA L40S datasheet (350 W max board power, 362 TFLOP/s dense BF16 "
			  "(733 with sparsity), 48 GB GDDR6); idle 10% of TDP: no published L40S "
			  "bare-idle figure found; the ratio of the nearest measured board, an A40 "
			  "(GDDR6, 300 W) idling at about 30 W "
			  "(github.com/NVIDIA/open-gpu-kernel-modules/issues/874, 2025), as of "
			  "H100 SXM (70 of 700 W); loaded idle + 66 W (Vadari 2026)",
	},
	{
		.name = "mi300x",
		.tdp_w = 750.0,
		.idle_w = 75.0,
		.loaded_idle_w = 191.0,
		.bf16_tflops = 1307.0,
		.memory_gb = 192.0,
		.power_curve = LINEAR,
		.throughput_curve = CUBE_LAW,
		.source = "AMD Instinct MI300X data sheet (750 W peak board power, 1,307 TFLOP/s "
			  "dense BF16, 192 GB HBM3); idle 10% of TDP (H100 ratio): no published "
			  "bare-idle figure found; loaded idle 191 W: rocm-smi at 0% activity "
			  "with 95% of VRAM in use "
			  "(github.com/ROCm/legacy-rocm-build/issues/5231, 2025)",
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
		.host_price_usd = 50000.0,
		.price_source = "SemiAnalysis (AI Server Cost Analysis, May 2023): a DGX H100 "
				"sells for ~$270,000; less 8 GPUs at the catalog's $27,500",
	},
	{
		.name = "hgx_h200",
		.gpus_per_node = 8,
		.accel = "h200_sxm",
		.host_idle_w = 1150.0,
		.host_max_w = 4600.0,
		.source = "NVIDIA DGX H200 datasheet: 10.2 kW max input, 8x H200 SXM; "
			  "host as hgx_h100 (same chassis)",
	},
	{
		.name = "dgx_b200",
		.gpus_per_node = 8,
		.accel = "b200",
		.host_idle_w = 1575.0,
		.host_max_w = 6300.0,
		.source = "NVIDIA DGX B200 datasheet: ~14.3 kW max input, 8x B200; "
			  "host max = 14.3 kW - 8 x 1,000 W; host idle = 25% of host max",
	},
	{
		.name = "gb200_nvl72",
		.gpus_per_node = 72,
		.accel = "gb200",
		.host_idle_w = 11400.0,
		.host_max_w = 45600.0,
		.source = "NVIDIA GB200 NVL72: one rack-scale NVLink domain of 72 GPUs and 36 "
			  "Grace CPUs, ~120-132 kW per rack (NVIDIA and OEM rack specifications); "
			  "host (Grace CPUs, NVLink switch trays, NICs, fans, power shelves) max "
			  "= 132 kW - 72 x 1,200 W; idle 25% of that. Use nodes_per_rack 1",
		.host_price_usd = 660000.0,
		.price_source = "HSBC (May 2024): ~$3 million per GB200 NVL72 rack; less 36 "
				"GB200 superchips at $65,000 (the catalog's 72 GPUs at $32,500): the "
				"NVLink switch trays, chassis, power shelves and manifolds",
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

static const struct device_spec devices[] = {
	{
		.name = "cpu_server",
		.kind = DEVICE_SERVER,
		.idle_w = 250.0,
		.max_w = 1000.0,
		.utilization = 0.3,
		.source = "two-socket server: 2 x 360 W CPUs (AMD EPYC 9654 data sheet TDP), "
			  "24 DDR5 RDIMMs at ~10 W, board, NICs and fans ~80 W: ~1 kW max; idle "
			  "25% of max (SPECpower ratio); utilization 0.3: typical enterprise "
			  "server load (Barroso, Hoelzle & Ranganathan, The Datacenter as a "
			  "Computer, 3rd ed., sec. 5: servers mostly at 10-50%)",
	},
	{
		.name = "storage_server",
		.kind = DEVICE_SERVER,
		.idle_w = 400.0,
		.max_w = 1100.0,
		.utilization = 0.5,
		.source = "2U all-flash storage server: 24 NVMe U.2 SSDs at 5 W idle / 25 W "
			  "max (enterprise NVMe data sheets), one 360 W CPU, memory, NICs, "
			  "fans; utilization 0.5",
	},
	{
		.name = "ib_switch_ndr",
		.kind = DEVICE_NETWORK,
		.idle_w = 747.0,
		.max_w = 1720.0,
		.utilization = 1.0,
		.source = "NVIDIA Quantum-2 QM9700 64-port NDR InfiniBand switch: 747 W typical "
			  "with passive cables, 1,720 W maximum with active optics (user manual); "
			  "switches draw near their maximum whatever the traffic, so "
			  "utilization 1 (all ports lit with optics)",
	},
	{
		.name = "eth_switch_400g",
		.kind = DEVICE_NETWORK,
		.idle_w = 600.0,
		.max_w = 1500.0,
		.utilization = 1.0,
		.source = "32-port 400GbE 1U leaf switch (e.g. NVIDIA Spectrum-3 SN4700 / "
			  "Arista 7060X4 class): ~600 W without optics, ~1.5 kW with 32 400G "
			  "optics at ~25 W each (vendor data sheets); utilization 1",
	},
};

const char *const hardware_device_kind_names[] = { "server", "network", NULL };
const char *const hardware_curve_model_names[] = { "linear", "power_law", "table", NULL };

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

const struct device_spec *hardware_device_find(const char *name)
{
	for (size_t i = 0; i < COUNT(devices); i++)
		if (strcmp(devices[i].name, name) == 0)
			return &devices[i];
	return NULL;
}

size_t hardware_device_count(void)
{
	return COUNT(devices);
}

const struct device_spec *hardware_device_at(size_t i)
{
	return i < COUNT(devices) ? &devices[i] : NULL;
}

const char *hardware_device_kind_name(enum device_kind k)
{
	return hardware_device_kind_names[k];
}

double hardware_device_w(const struct device_spec *d)
{
	return d->idle_w + (d->max_w - d->idle_w) * d->utilization;
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
	/* Fans take 10-15% of a server's input under air (Neudorfer, "How to
	 * Optimize the Energy Efficiency of Your Server", eWeek, 2009); the low
	 * end, for large GPU chassis with large fans. */
	out->fan_share = HARDWARE_FAN_SHARE_DEFAULT;
	out->gpu_cap_w = 0;
	out->source = p->source;
	out->host_price_usd = p->host_price_usd;
	out->price_source = p->price_source;
}

double hardware_node_max_w(const struct node_spec *n)
{
	return n->gpus_per_node * n->accel.tdp_w + n->host_max_w;
}

double hardware_node_idle_w(const struct node_spec *n)
{
	return n->gpus_per_node * n->accel.idle_w + n->host_idle_w;
}
