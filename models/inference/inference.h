/*
 * inference.h - LLM serving performance profiles: what one replica of a
 * model on an accelerator does per second at a batch size.
 *
 * A profile is measured, per (model, accelerator, GPUs per replica):
 * decode tokens/s of one sequence as a function of the batch (the
 * sequences the replica holds at once, continuous batching), a table
 * interpolated linearly in the batch and flat past its ends; the prefill
 * tokens/s of the replica (compute-bound, shared among the sequences in
 * prefill); the largest batch; and the model's attention shape, which
 * with the GPUs' memory sets the KV cache's token budget. Every figure
 * cites its source here and in docs/inference.md. No run state, no I/O.
 */
#ifndef DCSIM_INFERENCE_H
#define DCSIM_INFERENCE_H

#include <stddef.h>

#include <gsl/gsl_interp.h>

#define INFERENCE_MAX_POINTS 8

struct inference_profile {
	const char *name;        /* as a scenario names it */
	const char *model;
	const char *accel;       /* the accelerator's catalog name (hardware.c) */
	int gpus_per_replica;
	int max_batch;
	double prefill_tps;      /* replica, tokens/s */
	double weights_gb;       /* the model's weights as served (load time, KV room) */
	int layers, kv_heads, head_dim; /* the model's attention (its config), for the KV cache */
	int kv_bytes;            /* bytes per cached element (2: FP16/BF16) */
	size_t n;
	double batch[INFERENCE_MAX_POINTS];      /* increasing, from 1 */
	double decode_tps[INFERENCE_MAX_POINTS]; /* per sequence, tokens/s */
	const char *source;
};

/* The catalog's i-th profile, NULL past the last. */
const struct inference_profile *inference_profile_at(int i);
/* The name of the i-th, NULL past the last (enum rows). */
const char *inference_profile_name(int i);

/* A profile's decode table, ready to evaluate. */
struct inference_rates {
	const struct inference_profile *p;
	gsl_interp *decode;
};

/* 0, or -1 out of memory; p must outlive r. */
int inference_rates_init(struct inference_rates *r, const struct inference_profile *p);
void inference_rates_fini(struct inference_rates *r);
/* Seconds for a new replica to load p and start serving: its weights
 * read at INFERENCE_LOAD_GBPS plus the engine's start-up. */
double inference_load_s(const struct inference_profile *p);

/* The share of each GPU's memory the serving engine takes for weights,
 * activations and the KV cache: vLLM's default gpu_memory_utilization. */
#define INFERENCE_GPU_MEMORY_UTILIZATION 0.9
/* KV-cache bytes per token: keys and values, 2 x layers x kv_heads x
 * head_dim x kv_bytes (over all the replica's GPUs). */
double inference_kv_bytes_per_token(const struct inference_profile *p);
/* The KV-cache tokens a replica of p holds on GPUs of memory_gb each
 * (1e9 bytes): gpus x memory_gb x INFERENCE_GPU_MEMORY_UTILIZATION less
 * the weights, over the bytes per token, rounded down; 0 when the weights
 * leave no room. */
double inference_kv_tokens(const struct inference_profile *p, double memory_gb);

/* Decode tokens/s of one sequence at batch b >= 1, uncapped. */
double inference_decode_tps(const struct inference_rates *r, double b);

#endif
