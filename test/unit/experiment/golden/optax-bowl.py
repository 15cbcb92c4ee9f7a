#!/usr/bin/env python3
"""Optimizer Lab experiment as an optax (JAX) script.

Objective: f(x, y) = x ^ 2 + 4 * y ^ 2 + sin(x * y)  (in mathjs syntax)
Start: (1, -0.5); 120 updates per optimizer; float64.
Rules: optax's own optimizers, with the hyperparameters Optimizer Lab shows under the optax convention.
Schedule: cosine decay over 100 updates to 0.1 of the learning rate.
The gradient comes from jax.value_and_grad, not from Optimizer Lab.
Prints {"runs": [{"optimizer": ..., "path": [[...], ...]}]} as JSON: the parameters after 0, 1, 2, ... updates.
"""
import json
import math

import jax
import jax.numpy as jnp
import optax

jax.config.update("jax_enable_x64", True)

START = [1.0, -0.5]
STEPS = 120


def f(x, y):
    return x ** 2 + 4 * y ** 2 + jnp.sin(x * y)


def loss_at(params, step):
    """The objective at the parameter vector (the same at every step)."""
    return f(*params)


def point(values):
    """A JSON-safe point: non-finite coordinates (a diverged run) become null."""
    return [v if math.isfinite(v) else None for v in values]


def run(name, optimizer):
    params = jnp.array(START, dtype=jnp.float64)
    state = optimizer.init(params)
    value_and_grad = jax.value_and_grad(loss_at)
    path = [point(params.tolist())]
    for step in range(STEPS):
        loss, grad = value_and_grad(params, step)
        updates, state = optimizer.update(grad, state, params)
        params = optax.apply_updates(params, updates)
        path.append(point(params.tolist()))
        if None in path[-1]:
            break  # diverged
    return {"optimizer": name, "path": path}


runs = [
    run("lion", optax.lion(learning_rate=optax.cosine_decay_schedule(0.01, decay_steps=100, alpha=0.1), b1=0.9, b2=0.99, weight_decay=0.0)),
    run("rmsprop", optax.rmsprop(learning_rate=optax.cosine_decay_schedule(0.02, decay_steps=100, alpha=0.1), decay=0.9, eps=1e-8, initial_scale=0.0, eps_in_sqrt=True, centered=False, momentum=0.9)),
]
print(json.dumps({"runs": runs}))
