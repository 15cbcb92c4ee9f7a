#!/usr/bin/env python3
"""Optimizer Lab experiment as a PyTorch script.

Objective: f(x, y) = (1 - x) ^ 2 + 100 * (y - x ^ 2) ^ 2 (Rosenbrock)  (in mathjs syntax)
Start: (-1.5, 2); 300 updates per optimizer; float64.
Rules: PyTorch's own optimizers, with the hyperparameters Optimizer Lab shows under the pytorch convention.
Schedule: learning rate × 0.5 every 100 updates.
The gradient comes from torch.autograd, not from Optimizer Lab.
Prints {"runs": [{"optimizer": ..., "path": [[...], ...]}]} as JSON: the parameters after 0, 1, 2, ... updates.
"""
import json
import math

import torch

torch.set_default_dtype(torch.float64)

START = [-1.5, 2.0]
STEPS = 300


def f(x, y):
    return (1 - x) ** 2 + 100 * (y - x ** 2) ** 2


def loss_at(params, step):
    """The objective at the parameter vector (the same at every step)."""
    return f(*params)


def point(values):
    """A JSON-safe point: non-finite coordinates (a diverged run) become null."""
    return [v if math.isfinite(v) else None for v in values]


def run(name, make_optimizer, make_scheduler):
    params = torch.tensor(START, requires_grad=True)
    optimizer = make_optimizer([params])
    scheduler = make_scheduler(optimizer)
    path = [point(params.tolist())]
    for step in range(STEPS):
        optimizer.zero_grad()
        loss = loss_at(params, step)
        loss.backward()
        optimizer.step()
        scheduler.step()
        path.append(point(params.tolist()))
        if None in path[-1]:
            break  # diverged
    return {"optimizer": name, "path": path}


runs = [
    run("sgd", lambda params, lr=0.001: torch.optim.SGD(params, lr=lr, weight_decay=0.0), lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=100, gamma=0.5)),
    run("adam", lambda params, lr=0.04: torch.optim.Adam(params, lr=lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.0, amsgrad=False), lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=100, gamma=0.5)),
]
print(json.dumps({"runs": runs}))
