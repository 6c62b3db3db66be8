/*
 * inference.c - the catalog of serving profiles and their evaluation.
 *
 * Decode per sequence: linear in the batch between measured points, flat
 * past the last (a replica does not batch beyond max_batch anyway) and
 * at the first below it. Prefill: one figure per replica.
 *
 * Sources (docs/inference.md has the derivations):
 *  - llama3.1-8b on one H100 SXM: InferenceBench concurrency sweep, vLLM
 *    0.21.0, fp16, chatbot-short, 2026-05-16
 *    (yobitelcomm.github.io/bench/recipes/concurrency-sweep): median time
 *    per output token 6.48 / 6.59 / 10.94 / 46.91 ms at concurrency
 *    1 / 4 / 16 / 64, i.e. 154 / 152 / 91 / 21 tokens/s per sequence.
 *  - llama3.1-8b on one A100 (40 GB; the catalog's a100_sxm_80gb has the
 *    same 108 SMs and a higher memory bandwidth, so this is a lower
 *    bound): J. Musgrave, "vLLM throughput-latency sweep on NVIDIA A100"
 *    (vLLM 0.23, BF16, 1024 in / 128 out): 75 tokens/s at one request,
 *    6.6x the throughput at eight (62 tokens/s per sequence).
 *  - llama2-70b on two H100 SXM (FP16): ~85 tokens/s at batch 1 with vLLM
 *    (alpha-one-index AI infra index, inference benchmarks); at load,
 *    NVIDIA's MLPerf Inference v4.0 offline result for 8 x H100, 21,806
 *    tokens/s, is 5,452 tokens/s per two GPUs, spread over an assumed
 *    batch of 128 sequences (42.6 tokens/s each; the batch MLPerf ran
 *    is not published: an assumption, docs/inference.md).
 *  - prefill: the compute roofline, 2 FLOP per parameter per token at
 *    half the accelerator's dense BF16 peak (989 TFLOPS H100, 312 A100,
 *    datasheets) - an efficiency assumed, not measured (docs).
 *  - KV cache: the models' configurations (Hugging Face model cards,
 *    config.json): Llama 3.1 8B 32 layers, 8 KV heads (grouped-query
 *    attention), head dim 128 (4096 / 32 heads); Llama 2 70B 80 layers,
 *    8 KV heads, head dim 128 (8192 / 64); FP16 cache, 2 bytes: 131,072
 *    and 327,680 bytes a token. With vLLM's default gpu_memory_utilization
 *    0.9 on 80-GB GPUs (H100 SXM, A100 SXM 80GB datasheets): 8B 55.9 GB
 *    left after 16.1 GB of weights, 426,483 tokens; 70B on two, 6 GB after
 *    138 GB, 18,310 tokens (FP16 70B nearly fills two 80-GB GPUs).
 */
#include "inference.h"

#include <math.h>
#include <stdlib.h>

/*
 * Model load time. Weights are read at 7 GB/s, a PCIe Gen4 x4 NVMe
 * drive's sequential read (datasheets of current data-center drives:
 * ~7 GB/s), so a 140 GB 70B model at FP16 takes 20 s of I/O; the engine
 * then starts (CUDA context, memory profiling, graph capture), which the
 * vLLM cold-start study ("Breaking the Ice: Analyzing Cold Start Latency
 * in vLLM", arXiv 2606.07362) finds CPU-bound and of the order of tens
 * of seconds: 30 s here, an assumption within that range.
 */
#define INFERENCE_LOAD_GBPS 7.0
#define INFERENCE_ENGINE_START_S 30.0

/* 2 x params FLOP per token at 50% of peak: peak x 0.5 / (2 x params). */
#define PREFILL_TPS(tflops, gpus, params_b) ((tflops) * 1e12 * 0.5 * (gpus) / (2.0 * (params_b) * 1e9))

static const struct inference_profile catalog[] = {
	{
		.name = "llama3.1-8b_h100",
		.model = "Llama-3.1-8B-Instruct",
		.accel = "h100_sxm",
		.gpus_per_replica = 1,
		.max_batch = 64,
		.prefill_tps = PREFILL_TPS(989.0, 1, 8.0),
		.weights_gb = 16.1, /* 8.03e9 parameters at 2 bytes */
		.layers = 32, .kv_heads = 8, .head_dim = 128, .kv_bytes = 2,
		.n = 4,
		.batch = { 1, 4, 16, 64 },
		.decode_tps = { 1000.0 / 6.48, 1000.0 / 6.59, 1000.0 / 10.94, 1000.0 / 46.91 },
		.source = "InferenceBench concurrency sweep, vLLM 0.21.0 fp16 on H100-80GB-HBM3 "
			  "(2026-05-16); prefill: compute roofline at 50% of 989 TFLOPS",
	},
	{
		.name = "llama2-70b_h100x2",
		.model = "Llama-2-70B",
		.accel = "h100_sxm",
		.gpus_per_replica = 2,
		.max_batch = 128,
		.prefill_tps = PREFILL_TPS(989.0, 2, 70.0),
		.weights_gb = 138.0, /* 69e9 parameters at 2 bytes */
		.layers = 80, .kv_heads = 8, .head_dim = 128, .kv_bytes = 2,
		.n = 2,
		.batch = { 1, 128 },
		.decode_tps = { 85.0, 21806.0 / 4.0 / 128.0 },
		.source = "vLLM FP16 batch 1 (AI infra index); MLPerf Inference v4.0 offline, "
			  "8x H100 21,806 tokens/s (NVIDIA), over an assumed batch of 128",
	},
	{
		.name = "llama3.1-8b_a100",
		.model = "Llama-3.1-8B-Instruct",
		.accel = "a100_sxm_80gb",
		.gpus_per_replica = 1,
		.max_batch = 8,
		.prefill_tps = PREFILL_TPS(312.0, 1, 8.0),
		.weights_gb = 16.1,
		.layers = 32, .kv_heads = 8, .head_dim = 128, .kv_bytes = 2,
		.n = 2,
		.batch = { 1, 8 },
		.decode_tps = { 75.0, 75.0 * 6.6 / 8.0 },
		.source = "J. Musgrave, vLLM throughput-latency sweep on A100 40GB (vLLM 0.23, "
			  "BF16); prefill: compute roofline at 50% of 312 TFLOPS",
	},
};

#define N_PROFILES (sizeof catalog / sizeof catalog[0])

const struct inference_profile *inference_profile_at(int i)
{
	return i >= 0 && (size_t)i < N_PROFILES ? &catalog[i] : NULL;
}

const char *inference_profile_name(int i)
{
	const struct inference_profile *p = inference_profile_at(i);
	return p ? p->name : NULL;
}

double inference_load_s(const struct inference_profile *p)
{
	return p->weights_gb / INFERENCE_LOAD_GBPS + INFERENCE_ENGINE_START_S;
}

double inference_kv_bytes_per_token(const struct inference_profile *p)
{
	return 2.0 * p->layers * p->kv_heads * p->head_dim * p->kv_bytes;
}

double inference_kv_tokens(const struct inference_profile *p, double memory_gb)
{
	double room = (p->gpus_per_replica * memory_gb * INFERENCE_GPU_MEMORY_UTILIZATION -
		       p->weights_gb) * 1e9;
	return room > 0 ? floor(room / inference_kv_bytes_per_token(p)) : 0;
}

int inference_rates_init(struct inference_rates *r, const struct inference_profile *p)
{
	r->p = p;
	r->decode = NULL;
	if (p->n < 2)
		return 0;
	r->decode = gsl_interp_alloc(gsl_interp_linear, p->n);
	if (!r->decode)
		return -1;
	gsl_interp_init(r->decode, p->batch, p->decode_tps, p->n);
	return 0;
}

void inference_rates_fini(struct inference_rates *r)
{
	if (r->decode)
		gsl_interp_free(r->decode);
	r->decode = NULL;
}

double inference_decode_tps(const struct inference_rates *r, double b)
{
	const struct inference_profile *p = r->p;
	if (!r->decode || b <= p->batch[0])
		return p->decode_tps[0];
	if (b >= p->batch[p->n - 1])
		return p->decode_tps[p->n - 1];
	/* no accelerator: one table read by any number of threads */
	return gsl_interp_eval(r->decode, p->batch, p->decode_tps, b, NULL);
}
